/* tcpchatd's one shared state, defined apart from any function, so that
 * every module may read it without depending on server.c's code. */
#include "server.h"

struct server srv;
