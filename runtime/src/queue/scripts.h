// The Lua scripts that keep kombu's Redis structures consistent (private). Each runs atomically
// in Redis, so no message is ever between two places: on a queue, in the unacked hash, or done.
#pragma once

#include <string_view>

namespace concur::queue::detail {

// KEYS: unacked, unacked_index, then the queue's lists by priority (highest first: celery,
//       celery\x06\x163, ...)
// ARGV: now (seconds), dead-letter list, base queue name, how many at most
// Pops up to N messages, higher priorities first; each becomes {"ok", message} (recorded as
// unacked, as kombu's QoS.append does: HSET unacked tag [message, exchange, routing_key]; ZADD
// unacked_index now tag), or {"dead", message} when it has no delivery tag (moved to the
// dead-letter list).
inline constexpr std::string_view kReserveScript = R"lua(
local out = {}
local n = tonumber(ARGV[4])
local default_rk = cjson.encode(ARGV[3])
for k = 3, #KEYS do
  while #out < 2 * n do
    local msg = redis.call('RPOP', KEYS[k])
    if not msg then break end
    -- The fast path reads the three fields kombu and concur always write (delivery_info is an
    -- object of two plain strings, in this order); anything else is decoded properly. Each key is
    -- found by a plain search and its value matched from there: a pattern search from the start
    -- of the message would try every position of it, most of this script's time.
    local ex, rk = '', ARGV[3]
    local tag, e, r
    local _, t = string.find(msg, '"delivery_tag":', 1, true)
    if t then tag = string.match(msg, '^%s*"([^"\\]+)"', t + 1) end
    local _, d = string.find(msg, '"delivery_info":', 1, true)
    if d then
      e, r = string.match(msg, '^%s*{%s*"exchange":%s*"([^"\\]*)",%s*"routing_key":%s*"([^"\\]*)"%s*}', d + 1)
    end
    if not tag or not e or not string.find(msg, '^%s*{') then
      tag = nil
      local ok, obj = pcall(cjson.decode, msg)
      if ok and type(obj) == 'table' and type(obj['properties']) == 'table' then
        tag = obj['properties']['delivery_tag']
        local info = obj['properties']['delivery_info']
        if type(info) == 'table' then
          if type(info['exchange']) == 'string' then ex = info['exchange'] end
          if type(info['routing_key']) == 'string' and info['routing_key'] ~= '' then rk = info['routing_key'] end
        end
      end
    else
      ex = e
      if r ~= '' then rk = r end
    end
    if type(tag) ~= 'string' then
      redis.call('LPUSH', ARGV[2], msg)
      out[#out + 1] = 'dead'
      out[#out + 1] = msg
    else
      local erk = rk == ARGV[3] and default_rk or cjson.encode(rk)
      redis.call('HSET', KEYS[1], tag, '[' .. msg .. ',' .. cjson.encode(ex) .. ',' .. erk .. ']')
      redis.call('ZADD', KEYS[2], ARGV[1], tag)
      out[#out + 1] = 'ok'
      out[#out + 1] = msg
    end
  end
end
return out
)lua";

// KEYS: unacked, unacked_index.
// ARGV: "visible", ceiling (now - visibility timeout), limit: kombu's restore_visible, messages
//       reserved before the ceiling (by a worker that died) go back to their queues;
// or    "tags", tag...: messages this worker reserved but will not run (graceful shutdown).
// As kombu's restore_by_tag and _do_restore_message: the message goes back to the queues its
// exchange and routing key name, marked redelivered, at the head (RPUSH: next to be taken).
inline constexpr std::string_view kRestoreScript = R"lua(
local function restore(tag)
  local p = redis.call('HGET', KEYS[1], tag)
  redis.call('ZREM', KEYS[2], tag)
  redis.call('HDEL', KEYS[1], tag)
  if not p then return 0 end
  local ok, arr = pcall(cjson.decode, p)
  if not ok or type(arr) ~= 'table' or type(arr[1]) ~= 'table' then return 0 end
  local m, ex, rk = arr[1], arr[2], arr[3]
  if type(m['headers']) == 'table' then m['headers']['redelivered'] = true end
  if type(m['properties']) == 'table' and type(m['properties']['delivery_info']) == 'table' then
    m['properties']['delivery_info']['redelivered'] = true
  end
  local queues = {}
  if type(ex) == 'string' and ex ~= '' then
    for _, b in ipairs(redis.call('SMEMBERS', '_kombu.binding.' .. ex)) do
      local r, pat, q = string.match(b, '^(.-)\6\22(.-)\6\22(.*)$')
      if r == rk or pat == '#' then table.insert(queues, q) end
    end
  end
  if #queues == 0 and type(rk) == 'string' then queues = {rk} end
  local encoded = cjson.encode(m)
  for _, q in ipairs(queues) do redis.call('RPUSH', q, encoded) end
  return 1
end
local n = 0
if ARGV[1] == 'visible' then
  local tags = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
  for _, tag in ipairs(tags) do n = n + restore(tag) end
else
  for i = 2, #ARGV do n = n + restore(ARGV[i]) end
end
return n
)lua";

// Settles a batch of tasks (a group commit: one call for all, not one each).
// KEYS: unacked, unacked_index, then for each task its meta key followed by the queues of its
//       follow-up messages.
// ARGV: expires seconds, then for each task: the number of its follow-up messages, its meta JSON
//       ('' for none), its delivery tag ('' for no ack), "1" if its state is ready (published),
//       then its follow-up messages.
// For each task: stores the result (unless a SUCCESS is already stored: a redelivered duplicate
// must not overwrite it, as celery's _store_result), publishes it on the key's channel when it is
// ready, acks, and sends the follow-up messages (chain, retry, chord body). Returns one entry per
// task: 1, or the error Redis gave (redis.pcall: a result Redis refuses leaves that task unacked,
// with no follow-ups, and the others go on).
inline constexpr std::string_view kFinishScript = R"lua(
local out = {}
local k, a = 3, 2
local expires = tonumber(ARGV[1])
while a <= #ARGV do
  local n, meta, tag, ready = tonumber(ARGV[a]), ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local key = KEYS[k]
  local err = nil
  if meta ~= '' then
    local cur = redis.pcall('GET', key)
    local done = false
    if type(cur) == 'string' and string.find(cur, '"status":%s*"SUCCESS"') then
      local ok, obj = pcall(cjson.decode, cur)
      done = ok and type(obj) == 'table' and obj['status'] == 'SUCCESS'
    end
    if not done then
      local r = redis.pcall('SET', key, meta, 'EX', expires)
      if type(r) == 'table' and r['err'] then
        err = r['err']
      elseif ready == '1' then
        redis.pcall('PUBLISH', key, meta)
      end
    end
  end
  if not err then
    if tag ~= '' then
      redis.pcall('ZREM', KEYS[2], tag)
      redis.pcall('HDEL', KEYS[1], tag)
    end
    for i = 1, n do
      local r = redis.pcall('LPUSH', KEYS[k + i], ARGV[a + 3 + i])
      if type(r) == 'table' and r['err'] and not err then err = r['err'] end
    end
  end
  out[#out + 1] = err or 1
  k = k + 1 + n
  a = a + 4 + n
end
return out
)lua";

// KEYS: unacked, unacked_index, dead-letter list. ARGV: tag, the message as it was read.
// A malformed message that had a delivery tag: out of unacked, onto the dead-letter list.
inline constexpr std::string_view kRejectScript = R"lua(
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('LPUSH', KEYS[3], ARGV[2])
return 1
)lua";

// KEYS: the group's .j (sorted set of parts), .t (size adjustment), .s (chord size).
// ARGV: the part ([1, task id, state, result] as JSON), its group index ('+inf' if none), expiry.
// The Redis result backend's on_chord_part_return (result_chord_ordered): returns the parts in
// order when this one completes the chord (and deletes the keys, so it fires once), else nil.
inline constexpr std::string_view kChordPartScript = R"lua(
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local ready = redis.call('ZCOUNT', KEYS[1], '-inf', '+inf')
local diff = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local size = redis.call('GET', KEYS[3])
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], tonumber(ARGV[3])) end
if size and ready == tonumber(size) + diff then
  local parts = redis.call('ZRANGE', KEYS[1], 0, -1)
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return parts
end
return false
)lua";

}  // namespace concur::queue::detail
