/* The configuration file, $XDG_CONFIG_HOME/tcpchat/config: one setting
 * a line, "key value", '#' starting a comment line. Read once at start;
 * only the ignore list is written back, by /ignore -save. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "people.h"
#include "tcpchat.h"
#include "efun.h"

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->color = -1;
}

static void
config_free_list(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

void
config_free(struct config *cfg)
{
	config_free_list(cfg->servers, cfg->nservers);
	config_free_list(cfg->rooms, cfg->nrooms);
	config_free_list(cfg->ignores, cfg->nignores);
	free(cfg->nick);
	free(cfg->log_dir);
	config_init(cfg);
}

static void
config_push(char ***v, size_t *n, const char *s)
{
	*v = ereallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = estrdup(s);
}

/* A name, room or nick: one word, no controls. */
static int
config_word(const char *s)
{
	const unsigned char *p;

	if (*s == '\0' || strlen(s) > 128)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/* One setting; NULL, or why it is refused. */
static const char *
config_set(struct config *cfg, const char *key, const char *val)
{
	if (*val == '\0')
		return "a value is missing";
	if (strcmp(key, "server") == 0) {
		if (!config_word(val) || strchr(val, ':') == NULL)
			return "want HOST:PORT";
		config_push(&cfg->servers, &cfg->nservers, val);
	} else if (strcmp(key, "nick") == 0) {
		if (!config_word(val))
			return "not a valid name";
		free(cfg->nick);
		cfg->nick = estrdup(val);
	} else if (strcmp(key, "room") == 0) {
		val += *val == '#';
		if (!config_word(val))
			return "not a valid room";
		config_push(&cfg->rooms, &cfg->nrooms, val);
	} else if (strcmp(key, "color") == 0) {
		if (strcmp(val, "on") == 0)
			cfg->color = 1;
		else if (strcmp(val, "off") == 0)
			cfg->color = 0;
		else
			return "want on or off";
	} else if (strcmp(key, "ignore") == 0) {
		if (!config_word(val))
			return "not a valid name";
		config_push(&cfg->ignores, &cfg->nignores, val);
	} else if (strcmp(key, "log-dir") == 0) {
		free(cfg->log_dir);
		cfg->log_dir = estrdup(val);
	} else
		return "unknown setting";
	return NULL;
}

int
config_parse(struct config *cfg, const char *text, size_t len, char *err,
    size_t errlen)
{
	char line[1024], *key, *val, *end;
	const char *why, *nl;
	size_t n, off;
	int lineno;

	for (off = 0, lineno = 1; off < len; off += n + 1, lineno++) {
		nl = memchr(text + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (text + off)) : len - off;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "line %d: longer than %zu bytes",
			    lineno, sizeof(line) - 1);
			return -1;
		}
		memcpy(line, text + off, n);
		line[n] = '\0';
		for (key = line; *key == ' ' || *key == '\t'; key++)
			;
		end = key + strlen(key);
		while (end > key && (end[-1] == ' ' || end[-1] == '\t' ||
		    end[-1] == '\r'))
			*--end = '\0';
		if (*key == '\0' || *key == '#')
			continue;
		val = key + strcspn(key, " \t");
		if (*val != '\0')
			*val++ = '\0';
		while (*val == ' ' || *val == '\t')
			val++;
		if ((why = config_set(cfg, key, val)) != NULL) {
			snprintf(err, errlen, "line %d: %.32s: %s", lineno, key,
			    why);
			return -1;
		}
	}
	return 0;
}

int
config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	char *text;
	FILE *fp;
	size_t len, cap;
	int rc;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	cap = CONFIG_MAX;
	text = emalloc(cap + 1);
	len = fread(text, 1, cap + 1, fp);
	if (ferror(fp) || len > cap) {
		snprintf(err, errlen, "%s", ferror(fp) ? strerror(errno) :
		    "larger than 64 KiB");
		(void)fclose(fp);	/* read-only: nothing to lose */
		free(text);
		return -1;
	}
	(void)fclose(fp);	/* read-only: nothing a close can lose */
	rc = config_parse(cfg, text, len, err, errlen);
	free(text);
	return rc;
}

char *
config_path(void)
{
	const char *base, *home;
	char *path;

	base = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (base != NULL && base[0] == '/') {
		path = emalloc(strlen(base) + 32);
		sprintf(path, "%s/tcpchat/config", base);
	} else if (home != NULL && home[0] == '/') {
		path = emalloc(strlen(home) + 32);
		sprintf(path, "%s/.config/tcpchat/config", home);
	} else
		return NULL;
	return path;
}

/* Whether line is "ignore nick" (any case, any blanks). */
static int
config_is_ignore(const char *line, size_t n, const char *nick)
{
	char buf[256], *p, *end;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, line, n);
	buf[n] = '\0';
	for (p = buf; *p == ' ' || *p == '\t'; p++)
		;
	if (strncmp(p, "ignore", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
		return 0;
	for (p += 6; *p == ' ' || *p == '\t'; p++)
		;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		*--end = '\0';
	return people_cmp(p, nick) == 0;
}

/* The file's directories, made 0700 as needed. */
static int
config_mkdirs(const char *path)
{
	char *dir, *p;

	dir = estrdup(path);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

int
config_save_ignore(const char *path, const char *nick, int on)
{
	char *text, *tmp;
	const char *nl;
	size_t len, off, n;
	FILE *in, *out;
	int fd, err;

	if (config_mkdirs(path) == -1)
		return -1;
	text = emalloc(CONFIG_MAX + 1);
	len = 0;
	if ((in = fopen(path, "r")) != NULL) {
		len = fread(text, 1, CONFIG_MAX, in);
		err = ferror(in);
		(void)fclose(in);	/* read-only */
		if (err) {
			free(text);
			errno = EIO;
			return -1;
		}
	} else if (errno != ENOENT || !on) {
		free(text);		/* nothing to take out of no file */
		return errno == ENOENT ? 0 : -1;
	}
	tmp = emalloc(strlen(path) + 8);
	sprintf(tmp, "%s.new", path);
	/* A new file, then rename(): a crash leaves the old one whole. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (out = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd != -1)
			(void)close(fd);	/* empty: the error is open's */
		free(text);
		free(tmp);
		errno = err;
		return -1;
	}
	for (off = 0; off < len; off += n + 1) {
		nl = memchr(text + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (text + off)) : len - off;
		if (!config_is_ignore(text + off, n, nick))
			fprintf(out, "%.*s\n", (int)n, text + off);
	}
	if (on)
		fprintf(out, "ignore %s\n", nick);
	err = ferror(out) || fflush(out) == EOF || fsync(fd) == -1;
	if (fclose(out) == EOF || err || rename(tmp, path) == -1) {
		err = errno;
		(void)unlink(tmp);	/* only ours; the old file stays */
		free(text);
		free(tmp);
		errno = err != 0 ? err : EIO;
		return -1;
	}
	free(text);
	free(tmp);
	return 0;
}
