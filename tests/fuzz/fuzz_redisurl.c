/* libFuzzer harness for server/redisurl.c: any bytes as a --redis URL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/redisurl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A parsed URL keeps every bound; an error is one printable line. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct redisurl u;
	char *s, err[256], show[REDISURL_LEN_MAX + 64];
	size_t i;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, data, n);
	s[n] = '\0';
	err[0] = '\0';
	if (redisurl_parse(s, &u, err, sizeof(err)) == 0) {
		if (strlen(u.host) > REDISURL_HOST_MAX ||
		    strlen(u.path) > REDISURL_PATH_MAX ||
		    (u.path[0] == '\0') == (u.host[0] == '\0') ||
		    (u.path[0] == '\0' && (u.port < 1 || u.port > 65535)) ||
		    u.db < 0 || u.db > REDISURL_DB_MAX)
			abort();
		redisurl_show(&u, show, sizeof(show));
	} else {
		if (err[0] == '\0')
			abort();
		for (i = 0; err[i] != '\0'; i++)
			if ((unsigned char)err[i] < 0x20 ||
			    (unsigned char)err[i] >= 0x7f)
				abort();
	}
	free(s);
	return 0;
}
