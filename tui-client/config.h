/* The configuration file: servers, nick, rooms, colours, the ignore
 * list and the log directory, as "key value" lines. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

struct config {
	char	**servers;	/* "host:port", in order */
	size_t	  nservers;
	char	 *nick;
	char	**rooms;	/* without '#' */
	size_t	  nrooms;
	int	  color;	/* 1, 0, or -1 when not said */
	char	**ignores;
	size_t	  nignores;
	char	 *log_dir;
};

/* An empty configuration. */
void	config_init(struct config *);
/* Free what it holds. */
void	config_free(struct config *);
/* Parse text[0..len) into cfg (added to what it holds); 0, or -1 with
 * "line N: why" in err. */
int	config_parse(struct config *, const char *text, size_t len,
	    char *err, size_t errlen);
/* Read and parse the file at path; a missing file is an empty one. 0,
 * or -1 with why in err. */
int	config_load(struct config *, const char *path, char *err,
	    size_t errlen);
/* $XDG_CONFIG_HOME/tcpchat/config, else $HOME/.config/tcpchat/config;
 * malloc'ed, or NULL when neither is set. */
char	*config_path(void);
/* Add (on) or remove every "ignore nick" line of the file at path,
 * making it (and its directory, 0700) when missing; 0, or -1 with errno
 * set. The rest of the file is kept as it was. */
int	config_save_ignore(const char *path, const char *nick, int on);

#endif
