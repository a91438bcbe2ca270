/*
 * Replays corpora without libFuzzer: each file named on the command line,
 * or each file in each directory named, goes once through the harness it
 * is linked with. make check runs every harness this way, so an input
 * that once broke an invariant stays in the corpus as a regression test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Feed one file (in a buffer of exactly its size, so ASan sees an
 * overread); -1 if it cannot be read. */
static int
driver_file(const char *path)
{
	FILE *fp;
	uint8_t *buf;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1) {
		fclose(fp);
		return -1;
	}
	if ((buf = malloc(n > 0 ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int
driver_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order; the count, or -1. */
static int
driver_dir(const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, i;
	int done = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL || (names[n] = strdup(e->d_name)) == NULL)
			abort();
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), driver_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (driver_file(path) == -1) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			done = -1;
		} else if (done >= 0)
			done++;
		free(names[i]);
	}
	free(names);
	return done;
}

int
main(int argc, char **argv)
{
	struct stat st;
	int i, n, total = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = driver_dir(argv[i]);
		else
			n = driver_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			return 1;
		}
		total += n;
	}
	printf("%d inputs, every invariant held\n", total);
	/* An empty corpus would be a test that cannot fail. */
	return total > 0 ? 0 : 1;
}
