/* Where Redis is: parsing redis://[[user]:password@]host[:port][/db] and
 * unix:/path[?db=N] into parts, with a reason for anything wrong. */
#ifndef REDISURL_H
#define REDISURL_H

#include <stddef.h>

#define REDISURL_PORT_DEFAULT	6379
#define REDISURL_HOST_MAX	255	/* a DNS name's bytes */
#define REDISURL_PATH_MAX	107	/* sun_path less its NUL */
#define REDISURL_USER_MAX	128
#define REDISURL_PASS_MAX	512
#define REDISURL_DB_MAX		65535
#define REDISURL_LEN_MAX	2048	/* the whole URL */

struct redisurl {
	char	host[REDISURL_HOST_MAX + 1];	/* "" for a unix socket */
	int	port;
	char	path[REDISURL_PATH_MAX + 1];	/* "" for TCP */
	char	user[REDISURL_USER_MAX + 1];	/* "": none (AUTH pass) */
	char	pass[REDISURL_PASS_MAX + 1];	/* "": no AUTH */
	int	db;				/* SELECT db, 0 default */
};

/* Parse s into u. 0, or -1 with a one-line reason naming the bad part
 * (and the bound it broke) in err. Host names are not resolved here.
 * Percent escapes (%41) are decoded in user and password. */
int	redisurl_parse(const char *s, struct redisurl *u, char *err,
	    size_t errlen);
/* A printable form of u without the password ("redis://host:port/db",
 * "unix:/path"), for logs; returns buf. */
char	*redisurl_show(const struct redisurl *u, char *buf, size_t len);

#endif
