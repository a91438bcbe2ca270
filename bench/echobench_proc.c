/* echobench's view of the server: CPU, context switches, memory and
 * threads of a process and all its descendants, from /proc. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echobench.h"

/* The "Key:  N" value from a /proc status-like file, or 0. */
static uint64_t
eb_proc_field(const char *path, const char *key)
{
	char line[256];
	uint64_t v = 0;
	size_t klen = strlen(key);
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtoull(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Nanoseconds on a CPU, from a task's schedstat (exact, unlike the
 * clock ticks of stat, which round a short-lived child's work to 0). */
static uint64_t
eb_proc_runtime(const char *path)
{
	unsigned long long ns = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%llu", &ns) != 1)
		ns = 0;
	fclose(f);
	return ns;
}

/* Every thread of pid: context switches and CPU time into r. */
static void
eb_proc_tasks(pid_t pid, struct eb_proc *r)
{
	char path[320];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/status",
		    (long)pid, de->d_name);
		r->ctxsw += eb_proc_field(path, "voluntary_ctxt_switches");
		r->ctxsw += eb_proc_field(path, "nonvoluntary_ctxt_switches");
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/schedstat",
		    (long)pid, de->d_name);
		r->cpu_s += (double)eb_proc_runtime(path) / 1e9;
		r->threads++;
	}
	closedir(d);
}

static void
eb_proc_one(pid_t pid, struct eb_proc *r)
{
	char path[64];
	FILE *f;
	long kid;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	r->hwm_kib += eb_proc_field(path, "VmHWM");
	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", (long)pid);
	r->pss_kib += eb_proc_field(path, "Pss");
	eb_proc_tasks(pid, r);
	r->procs++;
	/* Children of the main thread: the servers fork only from it. */
	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children",
	    (long)pid, (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fscanf(f, "%ld", &kid) == 1)
		eb_proc_one((pid_t)kid, r);
	fclose(f);
}

int
eb_proc_read(pid_t pid, struct eb_proc *r)
{
	char path[64];

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (access(path, R_OK) == -1)
		return -1;
	eb_proc_one(pid, r);
	return 0;
}
