/* Parsing a Redis URL; errors never repeat the password. */
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "redisurl.h"

#define SHOW_MAX	64	/* bytes of a bad part quoted in an error */

/* A bad part, quoted in err with what is wrong; non-printable bytes
 * become '?' so an error line stays one clean line. */
static int
url_fail(char *err, size_t errlen, const char *what, const char *part,
    size_t n, const char *why)
{
	char q[SHOW_MAX + 4];
	size_t i;

	if (n > SHOW_MAX)
		n = SHOW_MAX;
	for (i = 0; i < n; i++)
		q[i] = part[i] >= 0x20 && part[i] < 0x7f ? part[i] : '?';
	q[n] = '\0';
	if (part == NULL)
		snprintf(err, errlen, "redis URL: %s: %s", what, why);
	else
		snprintf(err, errlen, "redis URL: %s \"%s\": %s", what, q, why);
	return -1;
}

static int
url_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n] with %XX escapes into out (cap bytes with the NUL); 0,
 * or -1 when too long, a bad escape, or a NUL byte would result. */
static int
url_unescape(const char *s, size_t n, char *out, size_t cap, const char **why)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (o + 1 >= cap) {
			*why = "too long";
			return -1;
		}
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			*why = "bad %-escape";
			return -1;
		}
		if ((hi = url_hex((unsigned char)s[i + 1])) == -1 ||
		    (lo = url_hex((unsigned char)s[i + 2])) == -1 ||
		    (hi == 0 && lo == 0)) {
			*why = "bad %-escape";
			return -1;
		}
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[o] = '\0';
	return 0;
}

static int
url_db(const char *s, struct redisurl *u, char *err, size_t errlen)
{
	long long v;
	const char *why;

	if (num_parse(s, 0, REDISURL_DB_MAX, &v, &why) == -1)
		return url_fail(err, errlen, "database", s, strlen(s),
		    strcmp(why, "too large") == 0 ?
		    "above the maximum of 65535" : "not a number");
	u->db = (int)v;
	return 0;
}

/* unix:/path or unix:/path?db=N */
static int
url_unix(const char *s, struct redisurl *u, char *err, size_t errlen)
{
	const char *q = strchr(s, '?');
	size_t n = q != NULL ? (size_t)(q - s) : strlen(s);

	if (n == 0 || s[0] != '/')
		return url_fail(err, errlen, "socket path", s, n,
		    "must be absolute (unix:/path)");
	if (n > REDISURL_PATH_MAX)
		return url_fail(err, errlen, "socket path", s, n,
		    "longer than 107 bytes");
	memcpy(u->path, s, n);
	u->path[n] = '\0';
	if (q == NULL)
		return 0;
	if (strncmp(q, "?db=", 4) != 0)
		return url_fail(err, errlen, "query", q, strlen(q),
		    "only ?db=N is understood");
	return url_db(q + 4, u, err, errlen);
}

/* [[user]:password@] */
static int
url_auth(const char *s, size_t n, struct redisurl *u, char *err,
    size_t errlen)
{
	const char *colon = memchr(s, ':', n), *why;

	if (colon == NULL)
		return url_fail(err, errlen, "credentials", NULL, 0,
		    "want [user]:password@ (the user part is the password's "
		    "name, not the password)");
	if (url_unescape(s, (size_t)(colon - s), u->user, sizeof(u->user),
	    &why) == -1)
		return url_fail(err, errlen, "user", s, (size_t)(colon - s),
		    why);
	colon++;
	if (url_unescape(colon, n - (size_t)(colon - s), u->pass,
	    sizeof(u->pass), &why) == -1)
		return url_fail(err, errlen, "password", NULL, 0, why);
	if (u->pass[0] == '\0')
		return url_fail(err, errlen, "password", NULL, 0, "empty");
	return 0;
}

/* host, [v6], host:port, [v6]:port */
static int
url_hostport(const char *s, size_t n, struct redisurl *u, char *err,
    size_t errlen)
{
	const char *h = s, *p = NULL, *why;
	size_t hn;
	char port[8];
	long long v;

	if (n > 0 && s[0] == '[') {
		const char *rb = memchr(s, ']', n);

		if (rb == NULL)
			return url_fail(err, errlen, "host", s, n,
			    "no closing ]");
		h = s + 1;
		hn = (size_t)(rb - h);
		if (rb + 1 < s + n) {
			if (rb[1] != ':')
				return url_fail(err, errlen, "host", s, n,
				    "junk after ]");
			p = rb + 2;
		}
	} else {
		const char *c = memchr(s, ':', n);

		hn = c != NULL ? (size_t)(c - s) : n;
		if (c != NULL)
			p = c + 1;
	}
	if (hn == 0)
		return url_fail(err, errlen, "host", NULL, 0, "empty");
	if (hn > REDISURL_HOST_MAX)
		return url_fail(err, errlen, "host", h, hn,
		    "longer than 255 bytes");
	if (memchr(h, '@', hn) != NULL || memchr(h, '%', hn) != NULL ||
	    memchr(h, ' ', hn) != NULL)
		return url_fail(err, errlen, "host", h, hn, "bad character");
	memcpy(u->host, h, hn);
	u->host[hn] = '\0';
	u->port = REDISURL_PORT_DEFAULT;
	if (p == NULL)
		return 0;
	if ((size_t)(s + n - p) >= sizeof(port) || p == s + n)
		return url_fail(err, errlen, "port", p, (size_t)(s + n - p),
		    p == s + n ? "empty" : "not a port (1-65535)");
	memcpy(port, p, (size_t)(s + n - p));
	port[s + n - p] = '\0';
	if (num_parse(port, 1, 65535, &v, &why) == -1)
		return url_fail(err, errlen, "port", port, strlen(port),
		    strcmp(why, "too large") == 0 ?
		    "above the maximum of 65535" : "not a port (1-65535)");
	u->port = (int)v;
	return 0;
}

static int
url_redis(const char *s, struct redisurl *u, char *err, size_t errlen)
{
	const char *slash = strchr(s, '/'), *at;
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);

	/* The last '@' before the path: a password may hold an '@'. */
	at = NULL;
	for (const char *c = s; c < s + n; c++)
		if (*c == '@')
			at = c;
	if (at != NULL) {
		if (url_auth(s, (size_t)(at - s), u, err, errlen) == -1)
			return -1;
		n -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	if (url_hostport(s, n, u, err, errlen) == -1)
		return -1;
	if (slash == NULL || slash[1] == '\0')
		return 0;
	return url_db(slash + 1, u, err, errlen);
}

int
redisurl_parse(const char *s, struct redisurl *u, char *err, size_t errlen)
{
	size_t n = strlen(s);

	memset(u, 0, sizeof(*u));
	if (n > REDISURL_LEN_MAX)
		return url_fail(err, errlen, "length", NULL, 0,
		    "longer than 2048 bytes");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return url_fail(err, errlen, "text", NULL, 0,
			    "holds a space or a control character");
	if (strncmp(s, "redis://", 8) == 0)
		return url_redis(s + 8, u, err, errlen);
	if (strncmp(s, "unix://", 7) == 0)
		return url_unix(s + 7, u, err, errlen);
	if (strncmp(s, "unix:", 5) == 0)
		return url_unix(s + 5, u, err, errlen);
	return url_fail(err, errlen, "scheme", s, strcspn(s, ":"),
	    "want redis://host:port or unix:/path");
}

char *
redisurl_show(const struct redisurl *u, char *buf, size_t len)
{
	const char *open = strchr(u->host, ':') != NULL ? "[" : "";
	const char *close = *open != '\0' ? "]" : "";

	if (u->path[0] != '\0')
		snprintf(buf, len, "unix:%s%s", u->path, u->db ? "?db=" : "");
	else
		snprintf(buf, len, "redis://%s%s%s%s:%d", u->pass[0] ?
		    "***@" : "", open, u->host, close, u->port);
	if (u->db != 0) {
		size_t o = strlen(buf);

		snprintf(buf + o, len - o, u->path[0] ? "%d" : "/%d", u->db);
	}
	return buf;
}
