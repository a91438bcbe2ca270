/* Allocation that cannot fail: running out of memory is fatal (exit 71). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "efun.h"


static void __attribute__((noreturn))
efun_die(size_t n)
{
	extern char *program_invocation_short_name;

	fprintf(stderr, "%s: out of memory allocating %zu bytes\n",
	    program_invocation_short_name, n);
	exit(EX_OSERR);
}

void *
emalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		efun_die(n);
	return p;
}

void *
ecalloc(size_t nmemb, size_t size)
{
	void *p;

	if ((p = calloc(nmemb ? nmemb : 1, size ? size : 1)) == NULL)
		efun_die(nmemb * size);
	return p;
}

void *
erealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		efun_die(n);
	return p;
}

void *
ereallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		efun_die(SIZE_MAX);
	}
	return erealloc(p, nmemb * size);
}

char *
estrdup(const char *s)
{
	return estrndup(s, strlen(s));
}

char *
estrndup(const char *s, size_t n)
{
	char *p;

	n = strnlen(s, n);
	p = emalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
