/* Time zones: refuse a TZ value the C library would silently treat as UTC. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clockd.h"
#include "clockd_tz.h"


/* A zone file starts with the magic "TZif" (RFC 8536). */
static int
clockd_tz_file_ok(const char *path)
{
	struct stat st;
	char magic[4];
	int fd, ok;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

/* POSIX "std offset [dst [offset] [,rule]]": a name of three or more
 * letters (or <quoted>) followed by an offset that starts with a digit. */
static int
clockd_tz_posix_ok(const char *s)
{
	const char *p = s;

	if (*p == '<') {
		if ((p = strchr(p, '>')) == NULL || p - s < 4)
			return 0;
		p++;
	} else {
		while (isalpha((unsigned char)*p))
			p++;
		if (p - s < 3)
			return 0;
	}
	if (*p == '+' || *p == '-')
		p++;
	return isdigit((unsigned char)*p);
}

/* A relative name must not climb out of the zone directory. */
static int
clockd_tz_name_ok(const char *s)
{
	return *s != '\0' && strstr(s, "..") == NULL;
}

int
clockd_tz_check(const char *tz, const char *dir, char *err, size_t errlen)
{
	char path[4096];

	if (tz == NULL || *tz == '\0')
		return 0;
	if (*tz == ':')
		tz++;
	if (*tz == '/') {
		if (clockd_tz_file_ok(tz))
			return 0;
		snprintf(err, errlen, "time zone \"%s\": not a zone file", tz);
		return -1;
	}
	if (dir == NULL && (dir = getenv("TZDIR")) == NULL)
		dir = CLOCKD_TZ_DIR_DEFAULT;
	if (clockd_tz_name_ok(tz) &&
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, tz) <
	    sizeof(path) && clockd_tz_file_ok(path))
		return 0;
	if (clockd_tz_posix_ok(tz))
		return 0;
	snprintf(err, errlen, "time zone \"%s\": unknown", tz);
	return -1;
}
