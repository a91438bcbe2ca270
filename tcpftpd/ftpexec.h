/* FTP commands carried out for a session; they only append replies. */
#ifndef FTPEXEC_H
#define FTPEXEC_H

#include "ftpcmd.h"

struct ftpsess;

/* Whether cmd may run while a transfer is going on (ABOR, QUIT, STAT,
 * NOOP); others wait for the transfer's end. */
int	ftpexec_during_transfer(const struct ftpcmd *);
/* Run a parsed command: rc 0, or the parse's error reply code and why. */
void	ftpexec_run(struct ftpsess *, int rc, struct ftpcmd *,
	    const char *why);

#endif
