/* loadgen_client.c: loadgen's clients: connect, name, read and check lines. */

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "efun.h"
#include "loadgen.h"

#define CARRY_MAX	1024		/* longest line tail kept between reads */
#define RBUF_SIZE	(256 * 1024)	/* the one read buffer */

#define NAME_PROMPT	"[ENTER YOUR NAME]:"
#define JOIN_SUFFIX	"has joined our chat..."
#define LEFT_SUFFIX	"has left our chat..."

static char	*carry;		/* clients * CARRY_MAX */
static char	*rbuf;

void
clients_alloc(void)
{
	size_t k;

	cl = ecalloc((size_t)O.clients, sizeof(*cl));
	carry = emalloc((size_t)O.clients * CARRY_MAX);
	rbuf = emalloc(RBUF_SIZE);
	for (k = 0; k < (size_t)O.clients; k++) {
		cl[k].fd = -1;
		cl[k].sender = -1;
		cl[k].slow = k >= (size_t)nreaders;
	}
}

static char *
carry_of(size_t i)
{
	return carry + i * CARRY_MAX;
}

void
ev_set(size_t i, uint32_t events)
{
	struct epoll_event ev;

	ev.events = events;
	ev.data.u64 = i;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev) == -1)
		die(EX_OSERR, "epoll_ctl: %s", strerror(errno));
}

void
client_kill(size_t i)
{
	struct client *c = &cl[i];

	if (c->state == CL_DEAD || c->state == CL_IDLE)
		return;
	if (c->state == CL_CONNECTING || c->state == CL_PROMPT)
		S.pending--;
	if (c->state == CL_CONNECTING)
		S.connect_failed++;
	else if (!c->slow) {
		S.dead++;
		if (S.send_start)
			S.dead_in_send++;
	}
	if (c->slow && c->cutoff_ns == 0)
		c->cutoff_ns = now;
	close(c->fd);
	c->fd = -1;
	c->state = CL_DEAD;
}

/* Write a short control line (a name, a PONG); connections this young have
 * room, so a short write is the server's fault and drops the client. */
static void
client_say(size_t i, const char *s, size_t n)
{
	if (write(cl[i].fd, s, n) != (ssize_t)n)
		client_kill(i);
}

static void
client_name(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "L%02x%zu", runid, i);
}

static void
client_register(size_t i)
{
	char name[32], line[160];
	int n;

	client_name(i, name, sizeof(name));
	if (O.irc)
		n = snprintf(line, sizeof(line),
		    "NICK %s\r\nUSER %s 0 * :%s\r\nJOIN #bench\r\n",
		    name, name, name);
	else
		n = snprintf(line, sizeof(line), "%s\n", name);
	client_say(i, line, (size_t)n);
	if (cl[i].state == CL_DEAD)
		return;
	cl[i].state = CL_JOINED;
	S.pending--;
	S.named++;
}

static void
source_addr(size_t i, struct sockaddr_in *sin)
{
	long per = (O.clients + O.sources - 1) / O.sources;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0x7f000002 + (uint32_t)(i / (size_t)per));
}

void
client_connect(size_t i)
{
	struct client *c = &cl[i];
	struct epoll_event ev;
	struct sockaddr_in sin;
	int one = 1;

	const struct addrinfo *t = targets[i % (size_t)ntargets];

	c->fd = socket(t->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die(EX_OSERR, "socket: %s", strerror(errno));
	if (O.sources > 0) {
		source_addr(i, &sin);
		setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		    sizeof(one));
		if (bind(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die(EX_OSERR, "bind %s: %s", inet_ntoa(sin.sin_addr),
			    strerror(errno));
	}
	c->state = CL_CONNECTING;
	S.pending++;
	ev.events = EPOLLOUT;
	ev.data.u64 = i;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == -1)
		die(EX_OSERR, "epoll_ctl: %s", strerror(errno));
	if (connect(c->fd, t->ai_addr, t->ai_addrlen) == -1 &&
	    errno != EINPROGRESS) {
		progress("connect %zu: %s", i, strerror(errno));
		client_kill(i);
	}
}

static void
client_connected(size_t i)
{
	struct client *c = &cl[i];
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
	    err != 0) {
		if (S.connect_failed < 5)
			progress("connect %zu: %s", i, strerror(err));
		client_kill(i);
		return;
	}
	S.connected++;
	if (c->slow) {
		len = sizeof(c->local);
		getsockname(c->fd, (struct sockaddr *)&c->local, &len);
		/* Never read: only a reset or hang-up is noticed. */
		ev_set(i, EPOLLRDHUP);
		client_register(i);
		return;
	}
	c->state = CL_PROMPT;
	ev_set(i, EPOLLIN);
	if (O.irc)
		client_register(i);
}

static unsigned
hex_parse(const char **pp, const char *end, uint64_t *v)
{
	const char *p = *pp;
	unsigned n = 0, d;

	*v = 0;
	for (; p < end && n < 16; p++, n++) {
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else
			break;
		*v = *v << 4 | d;
	}
	*pp = p;
	return n;
}

/* A message's text, from just after its "@", to the end of the line. */
static void
msg_receive(size_t i, const char *p, const char *end)
{
	uint64_t run, from, seq, ts;
	uint32_t *last;

	if (hex_parse(&p, end, &run) != 2 || p >= end || *p++ != '.' ||
	    run != runid) {
		S.foreign++;
		return;
	}
	if (hex_parse(&p, end, &from) == 0 || p >= end || *p++ != '.' ||
	    hex_parse(&p, end, &seq) == 0 || p >= end || *p++ != '.' ||
	    hex_parse(&p, end, &ts) == 0 || from >= (uint64_t)O.senders ||
	    seq == 0 || seq > snd[from].seq)
		goto invalid;
	last = &lastseq[i * (size_t)O.senders + from];
	if (seq == *last) {
		S.dups++;
		return;
	}
	if (seq < *last)
		S.order++;
	else
		*last = (uint32_t)seq;
	S.delivered++;
	S.last_delivery = now;
	hist_add(now - (int64_t)ts);
	if (ntargets > 1 && i % (size_t)ntargets !=
	    snd[from].client % (size_t)ntargets)
		hist_cross_add(now - (int64_t)ts);
	return;
invalid:
	S.invalid++;
}

static int
has_suffix(const char *s, size_t len, const char *suf, size_t slen)
{
	return len >= slen && memcmp(s + len - slen, suf, slen) == 0;
}

static void
client_in(size_t i)
{
	if (!cl[i].in) {
		cl[i].in = 1;
		S.in++;
	}
}

/* A join notice to client i: i is in the room, and so is the joiner when
 * it is one of ours ("L<runid><index> has joined our chat..."). */
static void
join_seen(size_t i, const char *s, size_t len)
{
	char pre[16];
	size_t plen, j = 0, k;
	const char *name;

	cl[i].joins++;
	S.joins++;
	S.last_join = now;
	client_in(i);
	if (O.irc || len < sizeof(JOIN_SUFFIX))
		return;
	len -= sizeof(JOIN_SUFFIX) - 1;		/* the name and a space */
	if (s[--len] != ' ')
		return;
	for (k = len; k > 0 && s[k - 1] != ' ' && s[k - 1] != ':' &&
	    s[k - 1] != ']'; k--)
		;
	name = s + k;
	plen = (size_t)snprintf(pre, sizeof(pre), "L%02x", runid);
	if (len - k <= plen || len - k > plen + 9 ||
	    memcmp(name, pre, plen) != 0)
		return;
	for (k = plen; k < (size_t)(s + len - name); k++) {
		if (name[k] < '0' || name[k] > '9')
			return;
		j = j * 10 + (size_t)(name[k] - '0');
	}
	if (j < (size_t)O.clients && cl[j].state == CL_JOINED)
		client_in(j);
}

/* IRC: ":prefix COMMAND ..." lines; answer PING, count JOINs. */
static void
irc_line(size_t i, const char *s, size_t len)
{
	const char *sp;
	char pong[600];

	if (len > 5 && memcmp(s, "PING ", 5) == 0 && len < 500) {
		memcpy(pong, "PONG ", 5);
		memcpy(pong + 5, s + 5, len - 5);
		memcpy(pong + len, "\r\n", 2);
		client_say(i, pong, len + 2);
		return;
	}
	if (len == 0 || s[0] != ':' || (sp = memchr(s, ' ', len)) == NULL)
		return;
	sp++;
	if ((size_t)(s + len - sp) > 5 && memcmp(sp, "JOIN ", 5) == 0)
		join_seen(i, s, len);
}

/* One received line, without its "\n"; may start with the prompt. */
static void
line_receive(size_t i, const char *s, size_t len)
{
	const char *at = s, *end;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	end = s + len;
	/* The marker follows "]:" (text) or " :" (IRC); an IRC prefix
	 * holds other "@"s. */
	while ((at = memchr(at, '@', (size_t)(end - at))) != NULL) {
		if (at > s && at[-1] == ':') {
			msg_receive(i, at + 1, end);
			return;
		}
		at++;
	}
	if (O.irc)
		irc_line(i, s, len);
	else if (has_suffix(s, len, JOIN_SUFFIX, sizeof(JOIN_SUFFIX) - 1))
		join_seen(i, s, len);
	else if (has_suffix(s, len, LEFT_SUFFIX, sizeof(LEFT_SUFFIX) - 1))
		S.lefts++;
}

/* Before the name is sent: look for the prompt; keep a tail that may hold
 * its beginning.  Returns where lines start, or NULL to wait for more. */
static char *
prompt_scan(size_t i, char *buf, char *end)
{
	static const char prompt[] = NAME_PROMPT;
	size_t keep = sizeof(prompt) - 2;
	char *p;

	p = memmem(buf, (size_t)(end - buf), prompt, sizeof(prompt) - 1);
	if (p != NULL) {
		client_register(i);
		return cl[i].state == CL_DEAD ? NULL : p + sizeof(prompt) - 1;
	}
	if ((size_t)(end - buf) < keep)
		keep = (size_t)(end - buf);
	memcpy(carry_of(i), end - keep, keep);
	cl[i].carry = (uint16_t)keep;
	return NULL;
}

/* The text server sends a prompt ("[stamp][me]:", no newline) after each
 * line a client sends; the newline is the user's own Enter. A sender
 * whose deliveries come late (a cluster node waiting on Redis) gets many
 * prompts in a row, glued in front of the next line it receives: drop
 * whole prompts (each one followed by the next "[") from the front of a
 * tail longer than CARRY_MAX, so that the line after them is kept. */
static char *
prompts_skip(char *p, const char *end)
{
	char *q;

	while ((size_t)(end - p) > CARRY_MAX && *p == '[') {
		q = memmem(p, (size_t)(end - p), "]:", 2);
		if (q == NULL || end - q < 3 || q[2] != '[')
			break;
		p = q + 2;
	}
	return p;
}

static void
lines_split(size_t i, char *p, char *end)
{
	struct client *c = &cl[i];
	char *nl;

	if (c->discarding) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return;
		c->discarding = 0;
		p = nl + 1;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line_receive(i, p, (size_t)(nl - p));
		p = nl + 1;
	}
	p = prompts_skip(p, end);
	if ((size_t)(end - p) > CARRY_MAX) {
		S.long_lines++;
		c->discarding = 1;
		return;
	}
	memcpy(carry_of(i), p, (size_t)(end - p));
	c->carry = (uint16_t)(end - p);
}

static void
client_read(size_t i)
{
	struct client *c = &cl[i];
	char *end, *p;
	ssize_t n;

	memcpy(rbuf, carry_of(i), c->carry);
	n = read(c->fd, rbuf + c->carry, RBUF_SIZE - c->carry);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		if (S.dead < 5)
			progress("client %zu: %s", i,
			    n == 0 ? "closed by server" : strerror(errno));
		client_kill(i);
		return;
	}
	if (n == -1)
		return;
	now = clock_ns();
	S.bytes_in += (uint64_t)n;
	end = rbuf + c->carry + n;
	c->carry = 0;
	p = rbuf;
	if (c->state == CL_PROMPT && (p = prompt_scan(i, rbuf, end)) == NULL)
		return;
	lines_split(i, p, end);
}

void
event_handle(const struct epoll_event *ev)
{
	size_t i = (size_t)ev->data.u64;
	struct client *c = &cl[i];

	if (c->state == CL_DEAD)
		return;
	if (c->state == CL_CONNECTING) {
		client_connected(i);
		return;
	}
	if (c->slow) {
		client_kill(i);	/* the server hung up on it */
		return;
	}
	if (ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		client_read(i);
	if (c->state == CL_DEAD)
		return;
	if ((ev->events & EPOLLOUT) && c->sender >= 0)
		sender_flush((uint32_t)c->sender);
}

/* The TCP state of the server's end of slow client c (TCP_ESTABLISHED
 * while it is served), found by its exact address with sock_diag: O(1),
 * unlike a scan of /proc/net/tcp, which takes tens of milliseconds on a
 * machine with many sockets and would stall the loop.  -1 if unknown. */
static int
diag_state(const struct client *c)
{
	static int nl = -2;
	const struct sockaddr_in *srv;
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;
	char buf[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	if (nl == -2)
		nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		    NETLINK_SOCK_DIAG);
	if (nl == -1)
		return -1;
	srv = (const struct sockaddr_in *)target->ai_addr;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.r.sdiag_family = AF_INET;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0U;
	req.r.id.idiag_sport = srv->sin_port;
	req.r.id.idiag_src[0] = srv->sin_addr.s_addr;
	req.r.id.idiag_dport = c->local.sin_port;
	req.r.id.idiag_dst[0] = c->local.sin_addr.s_addr;
	req.r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send(nl, &req, sizeof(req), 0) == -1 ||
	    recv(nl, buf, sizeof(buf), 0) < (ssize_t)sizeof(*h))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR)
		return 0;	/* no such socket: closed */
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -1;
	return ((struct inet_diag_msg *)NLMSG_DATA(h))->idiag_state;
}

/* Slow clients cannot see a close behind data they never read, so ask
 * the kernel about the server's end of each: gone or no longer
 * ESTABLISHED (FIN_WAIT1 behind the unread data) means cut off. */
void
slow_check(void)
{
	static int64_t next;
	size_t i;
	int st;

	if (O.slow == 0 || O.sources == 0 || now < next)
		return;
	next = now + 100 * MS;
	for (i = (size_t)nreaders; i < (size_t)O.clients; i++) {
		if (cl[i].state != CL_JOINED)
			continue;
		st = diag_state(&cl[i]);
		if (st != -1 && st != TCP_ESTABLISHED)
			client_kill(i);
	}
}
