/* Time zones: refuse a TZ value the C library would silently treat as UTC. */
#ifndef CLOCKD_TZ_H
#define CLOCKD_TZ_H

#include <stddef.h>

/* Whether tz (a TZ value: "", ":Area/City", "Area/City", a path or a POSIX
 * string like "UTC0" or "<+0530>-5:30") names a zone we can use, looking
 * for zone files under dir (NULL: $TZDIR or /usr/share/zoneinfo).
 * 0, or -1 with a reason in err. */
int	clockd_tz_check(const char *tz, const char *dir, char *err,
	    size_t errlen);

#endif
