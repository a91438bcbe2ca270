/* The Lua script every cluster node loads into Redis (SCRIPT LOAD) and
 * runs with EVALSHA: one atomic step per operation. */
#ifndef CLUSTERSCRIPT_H
#define CLUSTERSCRIPT_H

#define CLUSTER_REPLAY_MIN	256	/* entries Redis keeps per room even
					 * with --history 0, for replay */
#define CLUSTER_REPLAY_S	60	/* ... and every entry this young */
#define CLUSTER_REPLAY_MAX	20000	/* ... up to this many per room */

/*
 * ARGV[1] op, [2] epoch, [3] this node, [4] entries kept per room,
 * [5] bytes kept per room, [6] now (Unix seconds); then per op:
 *   sync     [7] new epoch, [8] instance, [9] expiry ms, [10] first start
 *            -> {epoch, created, taken, {roomkey, seq, ...},
 *                {node, nickkey, "roomkey\troom\tnick", ...}}
 *   say      [7] mid, [8] shown, [9] kind, [10] roomkey, [11] room,
 *            [12] nick, [13] nickkey, [14] arg, [15] argkey, [16] text
 *            -> seq
 *   claim    [7] nickkey -> 1 (this node's) or 0 (another's)
 *   release  [7] nickkey -> 1
 *   beat     [7] instance, [8] expiry ms, [9] may reap, [10] count
 *            -> {"ok", lost node, ...} or {"dead"}
 *   leave    (this node stops: its people leave, its names are free)
 *   reclaim  [7..] nickkey, roomkey, room, nick, ... -> {taken nickkey...}
 * Every op but sync answers the error "EPOCH" when the epoch is not [2],
 * and say answers "DEAD" when this node is not registered.
 */
/* The script's text (made once, kept for the process's life). */
const char	*clusterscript_text(void);

#endif
