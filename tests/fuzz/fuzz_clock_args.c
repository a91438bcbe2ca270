/*
 * clockwall/args.c: NAME=HOST:PORT from the command line. An accepted
 * spec has a clean name of 1..CLOCKWALL_NAME_MAX bytes without spaces
 * or "=", a clean host without spaces and a port of 1..65535 in digits;
 * a refused one gets an error that quotes the argument cleaned (no byte
 * a terminal acts on) and fits the buffer. --timeout is 1..3600 or -1.
 *
 * Input: the argument.
 */
#include <string.h>

#include "clockwall/args.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clockspec cs;
	char *arg, err[128];
	long port;
	int t;

	if ((arg = malloc(size + 1)) == NULL)
		abort();
	memcpy(arg, data, size);
	arg[size] = '\0';
	memset(err, 'E', sizeof(err));
	if (args_parse_clock(arg, &cs, err, sizeof(err)) == 0) {
		FUZZ_CHECK(cs.name[0] != '\0' &&
		    strlen(cs.name) <= CLOCKWALL_NAME_MAX);
		FUZZ_CHECK(fuzz_str_ok(cs.name) && fuzz_str_ok(cs.host));
		FUZZ_CHECK(strpbrk(cs.name, " =") == NULL);
		FUZZ_CHECK(cs.host[0] != '\0' && strchr(cs.host, ' ') == NULL);
		FUZZ_CHECK(strspn(cs.port, "0123456789") == strlen(cs.port));
		port = strtol(cs.port, NULL, 10);
		FUZZ_CHECK(port >= 1 && port <= 65535);
	} else {
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		FUZZ_CHECK(err[0] != '\0');
		/* cut by snprintf, it may end inside a character */
		FUZZ_CHECK(fuzz_text_ok(err, text_cut(err, strlen(err),
		    strlen(err)), ""));
	}
	t = args_parse_timeout(arg);
	FUZZ_CHECK(t == -1 || (t >= 1 && t <= 3600));
	free(arg);
	return 0;
}
