/* The input line: GNU readline through its callback interface, fed the
 * keys curses reads, drawn by ui.c instead of by readline. */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>

struct complete_src;

/* A finished line (malloc'ed; the callee frees it), or NULL on Ctrl-D
 * at an empty line. */
typedef void	input_line_fn(char *line);

/* Fills in what Tab completes from, at the moment Tab is pressed. */
typedef void	input_src_fn(struct complete_src *);

/* Set readline up for use inside curses; history from histfile (may be
 * NULL); what Tab completes from comes from src. */
void	input_init(input_line_fn *, const char *histfile, input_src_fn *src);
/* Save the history and let go of readline. */
void	input_end(void);
/* Feed one key from get_wch(): a character, or a KEY_ code if is_key. */
void	input_key(unsigned int key, int is_key);
/* Whether finished lines go into the history (not a name typed at the
 * name prompt). */
void	input_keep_history(int on);
/* Insert text at the cursor (a one-line paste). */
void	input_insert(const char *text);
/* Show prompt before the line. */
void	input_prompt(const char *prompt);
/* The prompt as readline shows it now (it changes while searching). */
const char *input_shown_prompt(void);
/* The line being typed and the cursor's byte offset in it. */
const char *input_text(size_t *point);
/* The history file: $XDG_STATE_HOME/tcpchat/history, else
 * $HOME/.local/state/tcpchat/history, directories made (0700); NULL
 * when there is nowhere to keep it. The result is malloc'ed. */
char	*input_history_path(void);

#endif
