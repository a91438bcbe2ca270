/* The cluster's Lua script (see clusterscript.h for its calls). */
#include <stdio.h>
#include <string.h>

#include "efun.h"
#include "clusterscript.h"

static const char *const parts[] = {
"local P = 'tcpchat:'\n"
"local op, EPOCH, SELF = ARGV[1], ARGV[2], ARGV[3]\n"
"local MAXN, MAXB, NOW = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]\n"
"local function when(f)\n"
"  for i = 1, #f, 2 do if f[i] == 's' then return f[i+1] end end\n"
"end\n"
"local function cost(f)\n"
"  local c = 64\n"
"  for i = 1, #f, 2 do\n"
"    if f[i] == 'u' or f[i] == 'a' or f[i] == 't' then c = c + #f[i+1] end\n"
"  end\n"
"  return c\n"
"end\n"
/* One room event: its sequence, its stream entry, bounds, its channel. */
"local function emit(rk, room, node, mid, shown, kind, nick, arg, text)\n"
"  local seq = redis.call('INCR', P .. 'seq:' .. rk)\n"
"  local lk, bk = P .. 'log:' .. rk, P .. 'bytes:' .. rk\n"
"  local f = {'r', room, 'n', node, 'm', mid, 'f', shown, 'k', kind,\n"
"    'u', nick, 'a', arg, 't', text, 's', NOW}\n"
"  redis.call('XADD', lk, seq .. '-0', unpack(f))\n"
"  redis.call('SADD', P .. 'rooms', rk)\n"
"  local b = redis.call('INCRBY', bk, cost(f))\n"
"  while true do\n"
"    local n = redis.call('XLEN', lk)\n"
"    if n <= MINKEEP or (n <= MAXN and b <= MAXB) then break end\n"
"    local old = redis.call('XRANGE', lk, '-', '+', 'COUNT', 1)\n"
"    if #old == 0 then break end\n"
/* Past the history bounds, the last REPLAY_S seconds stay (up to
 * REPLAY_MAX entries) so that a node can replay an outage. */
"    if n <= REPLAY_MAX and tonumber(when(old[1][2]) or 0) >=\n"
"        tonumber(NOW) - REPLAY_S then break end\n"
"    redis.call('XDEL', lk, old[1][1])\n"
"    b = redis.call('INCRBY', bk, -cost(old[1][2]))\n"
"  end\n"
"  redis.call('PUBLISH', P .. 'room:' .. rk, table.concat({'E', EPOCH,\n"
"    seq, NOW, node, mid, shown, kind, room, nick, arg, text}, '\\t'))\n"
"  return seq\n"
"end\n"
,
"local function split3(v)\n"
"  local a, b, c = string.match(v, '^([^\\t]*)\\t([^\\t]*)\\t(.*)$')\n"
"  return a, b, c\n"
"end\n"
/* A lost node: its people leave ("node lost"), their names are free. */
"local function reap(n, why)\n"
"  local pk = P .. 'people:' .. n\n"
"  local people = redis.call('HGETALL', pk)\n"
"  for i = 1, #people, 2 do\n"
"    local rk, room, nick = split3(people[i+1])\n"
"    if redis.call('HGET', P .. 'nicks', people[i]) == n then\n"
"      redis.call('HDEL', P .. 'nicks', people[i])\n"
"    end\n"
"    if rk then emit(rk, room, n, '0', '1', 'part', nick, why, '') end\n"
"  end\n"
"  redis.call('DEL', pk)\n"
"  redis.call('SREM', P .. 'nodes', n)\n"
"end\n"
,
"if op == 'sync' then\n"
"  local ep, created = redis.call('GET', P .. 'epoch'), 0\n"
"  if not ep then\n"
"    redis.call('SET', P .. 'epoch', ARGV[7]); ep = ARGV[7]; created = 1\n"
"  end\n"
"  EPOCH = ep\n"
"  local ak = P .. 'alive:' .. SELF\n"
"  local alive = redis.call('GET', ak)\n"
"  if ARGV[10] == '1' and alive and alive ~= ARGV[8] then\n"
"    return {ep, created, 1, {}, {}}\n"
"  end\n"
"  if ARGV[10] == '1' and not alive and\n"
"      redis.call('SISMEMBER', P .. 'nodes', SELF) == 1 then\n"
"    reap(SELF, 'node lost')\n"
"  end\n"
"  redis.call('SADD', P .. 'nodes', SELF)\n"
"  redis.call('SET', ak, ARGV[8], 'PX', ARGV[9])\n"
"  local rooms, people = {}, {}\n"
"  for _, rk in ipairs(redis.call('SMEMBERS', P .. 'rooms')) do\n"
"    rooms[#rooms+1] = rk\n"
"    rooms[#rooms+1] = redis.call('GET', P .. 'seq:' .. rk) or '0'\n"
"  end\n"
"  for _, n in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do\n"
"    if n ~= SELF then\n"
"      local h = redis.call('HGETALL', P .. 'people:' .. n)\n"
"      for i = 1, #h, 2 do\n"
"        people[#people+1] = n; people[#people+1] = h[i]\n"
"        people[#people+1] = h[i+1]\n"
"      end\n"
"    end\n"
"  end\n"
"  return {ep, created, 0, rooms, people}\n"
"end\n"
,
"if redis.call('GET', P .. 'epoch') ~= EPOCH then\n"
"  return redis.error_reply('EPOCH the epoch changed')\n"
"end\n"
"local pk = P .. 'people:' .. SELF\n"
"if op == 'say' then\n"
"  if redis.call('SISMEMBER', P .. 'nodes', SELF) == 0 then\n"
"    return redis.error_reply('DEAD this node was declared lost')\n"
"  end\n"
"  local kind, rk, room = ARGV[9], ARGV[10], ARGV[11]\n"
"  if kind == 'join' then\n"
"    redis.call('HSET', pk, ARGV[13], rk .. '\\t' .. room .. '\\t' .. ARGV[12])\n"
"  elseif kind == 'nick' then\n"
"    redis.call('HDEL', pk, ARGV[13])\n"
"    if ARGV[13] ~= ARGV[15] and\n"
"        redis.call('HGET', P .. 'nicks', ARGV[13]) == SELF then\n"
"      redis.call('HDEL', P .. 'nicks', ARGV[13])\n"
"    end\n"
"    redis.call('HSET', pk, ARGV[15], rk .. '\\t' .. room .. '\\t' .. ARGV[14])\n"
"  end\n"
"  return emit(rk, room, SELF, ARGV[7], ARGV[8], kind, ARGV[12], ARGV[14],\n"
"    ARGV[16])\n"
,
"elseif op == 'claim' then\n"
"  if redis.call('HSETNX', P .. 'nicks', ARGV[7], SELF) == 1 then return 1 end\n"
"  if redis.call('HGET', P .. 'nicks', ARGV[7]) == SELF then return 1 end\n"
"  return 0\n"
"elseif op == 'release' then\n"
"  if redis.call('HGET', P .. 'nicks', ARGV[7]) == SELF then\n"
"    redis.call('HDEL', P .. 'nicks', ARGV[7])\n"
"  end\n"
"  redis.call('HDEL', pk, ARGV[7])\n"
"  return 1\n"
"elseif op == 'beat' then\n"
"  if redis.call('SISMEMBER', P .. 'nodes', SELF) == 0 then\n"
"    return {'dead'}\n"
"  end\n"
"  redis.call('SET', P .. 'alive:' .. SELF, ARGV[7], 'PX', ARGV[8])\n"
"  redis.call('PUBLISH', P .. 'node:' .. SELF, 'H\\t' .. ARGV[10])\n"
"  local out = {'ok'}\n"
"  if ARGV[9] == '1' then\n"
"    for _, n in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do\n"
"      if n ~= SELF and redis.call('EXISTS', P .. 'alive:' .. n) == 0 then\n"
"        reap(n, 'node lost'); out[#out+1] = n\n"
"      end\n"
"    end\n"
"  end\n"
"  return out\n"
,
"elseif op == 'leave' then\n"
"  reap(SELF, 'server shutting down')\n"
"  redis.call('DEL', P .. 'alive:' .. SELF)\n"
"  return 1\n"
"elseif op == 'reclaim' then\n"
"  local taken, want = {}, {}\n"
"  for i = 7, #ARGV, 4 do\n"
"    local key, rk, room, nick = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3]\n"
"    local cur = redis.call('HGET', P .. 'nicks', key)\n"
"    if cur and cur ~= SELF then\n"
"      taken[#taken+1] = key\n"
"    else\n"
"      want[key] = 1\n"
"      redis.call('HSET', P .. 'nicks', key, SELF)\n"
"      local v = rk .. '\\t' .. room .. '\\t' .. nick\n"
"      if redis.call('HGET', pk, key) ~= v then\n"
"        redis.call('HSET', pk, key, v)\n"
"        emit(rk, room, SELF, '0', '1', 'join', nick, '', '')\n"
"      end\n"
"    end\n"
"  end\n"
"  local h = redis.call('HGETALL', pk)\n"
"  for i = 1, #h, 2 do\n"
"    if not want[h[i]] then\n"
"      local rk, room, nick = split3(h[i+1])\n"
"      redis.call('HDEL', pk, h[i])\n"
"      if redis.call('HGET', P .. 'nicks', h[i]) == SELF then\n"
"        redis.call('HDEL', P .. 'nicks', h[i])\n"
"      end\n"
"      if rk then emit(rk, room, SELF, '0', '1', 'part', nick, 'left', '') end\n"
"    end\n"
"  end\n"
"  return taken\n"
"end\n"
"return redis.error_reply('ERR unknown op')\n",
};


/* The bounds, from clusterscript.h, as the script's first line. */
static const char head[] =
"local MINKEEP, REPLAY_S, REPLAY_MAX = %d, %d, %d\n";

const char *
clusterscript_text(void)
{
	static char *text;
	size_t n = 0, i;

	if (text != NULL)
		return text;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		n += strlen(parts[i]);
	n += sizeof(head) + 64;
	text = emalloc(n + 1);
	snprintf(text, n, head, CLUSTER_REPLAY_MIN, CLUSTER_REPLAY_S,
	    CLUSTER_REPLAY_MAX);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		strcat(text, parts[i]);
	return text;
}
