/* taskc's terminal: a readline prompt (or plain stdin), and output that
 * never disturbs the line being typed. */
#ifndef TCLINE_H
#define TCLINE_H

struct loop;

/* A line typed (NUL terminated, no "\n"), or NULL at the end of input. */
typedef void	tcline_fn(const char *line, void *arg);

/* Read stdin on the loop: through GNU readline's callback interface
 * with prompt when stdin is a terminal, else line by line. */
void	tcline_start(struct loop *, const char *prompt, tcline_fn *,
	    void *arg);
/* Print one line on stdout above the prompt, then draw the prompt and
 * the line being typed again, cursor where it was. */
void	tcline_print(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* The terminal was resized. */
void	tcline_resize(void);
/* Stop reading and give the terminal back as it was. */
void	tcline_stop(void);

#endif
