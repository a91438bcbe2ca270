/* The structured presentation's codec: TAB-separated fields per line. */
#include <string.h>

#include "proto.h"

int
proto_split(char *line, char **fields, int max)
{
	char	*tab;
	int	 n = 0;

	if (max <= 0)
		return 0;
	fields[n++] = line;
	/* Empty fields count: "a\t\tb" is three, as TSV readers see it. */
	while (n < max && (tab = strchr(line, '\t')) != NULL) {
		*tab = '\0';
		line = tab + 1;
		fields[n++] = line;
	}
	return n;
}
