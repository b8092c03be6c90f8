"""What workers of one distributed crawl share in Redis, beside scrapy-redis's own keys.

scrapy-redis keeps the request queue (`dotclear:requests`, a sorted set) and the duplicate
filter (`dotclear:dupefilter`). This module adds, under the same spider-name prefix:

- leases: a request popped is not gone, it is lent to one worker until a deadline the worker
  renews while it lives. A worker killed with `kill -9` stops renewing; its requests go back
  to the queue when their deadline passes (the next pop does it).
- per-host slots: one request in flight per host for the whole crawl, and a next-allowed time
  (the politeness delay, or a server's Retry-After) that every worker waits for.
- counts per blog (host) and worker: queued, done, failed, requeued; `archiver status` reads them.

Every change is one Lua script, so two workers never see a half-made change. The scripts use
commands redis-py 2.10 (pywb's pin) and later send alike.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings

from archiver.crawl.output import safe_name

logger = logging.getLogger(__name__)

# A queued member is `host \n serialized request`: the scripts count per host without unpickling.
SEP = b"\n"

_PUSH = """
local seq = redis.call('HINCRBY', KEYS[2], 'pushed|' .. ARGV[2], 1)
local score = -tonumber(ARGV[1]) + seq / 1e9
if redis.call('ZADD', KEYS[1], score, ARGV[3]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'queued|' .. ARGV[2], 1)
end
return seq
"""

# KEYS: queue, leases, lease:request, lease:score, lease:host, counts, lease:worker
_REQUEUE = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, id in ipairs(expired) do
  local member = redis.call('HGET', KEYS[3], id)
  local host = redis.call('HGET', KEYS[5], id) or '?'
  if member then
    if redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[4], id), member) == 1 then
      redis.call('HINCRBY', KEYS[6], 'queued|' .. host, 1)
    end
    redis.call('HINCRBY', KEYS[6], 'requeued|' .. host, 1)
  end
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('HDEL', KEYS[5], id)
  redis.call('HDEL', KEYS[7], id)
end
return #expired
"""

_POP = (
    _REQUEUE.replace("return #expired", "")
    + """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
local member, score = top[1], top[2]
redis.call('ZREM', KEYS[1], member)
local host = string.sub(member, 1, string.find(member, '\\n', 1, true) - 1)
redis.call('HINCRBY', KEYS[6], 'queued|' .. host, -1)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], member)
redis.call('HSET', KEYS[4], ARGV[3], score)
redis.call('HSET', KEYS[5], ARGV[3], host)
redis.call('HSET', KEYS[7], ARGV[3], ARGV[4])
return member
"""
)

# KEYS: leases, lease:request, lease:score, lease:host, lease:worker, counts
# ARGV: lease id, outcome ('done', 'failed' or '' when handed back to the queue), worker
_RELEASE = """
local host = redis.call('HGET', KEYS[4], ARGV[1])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
for i = 2, 5 do redis.call('HDEL', KEYS[i], ARGV[1]) end
if ARGV[2] ~= '' then
  redis.call('HINCRBY', KEYS[6], ARGV[2] .. '|' .. host, 1)
  redis.call('HINCRBY', KEYS[6], ARGV[2] .. '|' .. host .. '|' .. ARGV[3], 1)
end
return 1
"""

# KEYS: slot:<host>; ARGV: now (ms), worker, lock time to live (ms). 0 = taken, else ms to wait.
_ACQUIRE = """
local now = tonumber(ARGV[1])
local holder = redis.call('HGET', KEYS[1], 'holder')
local till = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if holder and till > now then return till - now end
local nxt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nxt > now then return nxt - now end
redis.call('HSET', KEYS[1], 'holder', ARGV[2])
redis.call('HSET', KEYS[1], 'until', now + tonumber(ARGV[3]))
return 0
"""

# KEYS: slot:<host>; ARGV: now (ms), wait after this request (ms)
_FREE = """
redis.call('HDEL', KEYS[1], 'holder')
redis.call('HDEL', KEYS[1], 'until')
local nxt = tonumber(ARGV[1]) + tonumber(ARGV[2])
local old = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nxt > old then redis.call('HSET', KEYS[1], 'next', nxt) end
return nxt
"""


def blog_key(url: str) -> str:
    """A blog's key for slots and counts: host and port (two blogs may share a host)."""
    return urlsplit(url).netloc.lower()


def worker_id(settings: BaseSettings) -> str:
    return safe_name(settings.get("ARCHIVER_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}")


def worker_folder(output: Path, worker: str) -> Path:
    """Where a worker writes: its own folder inside the shared --output."""
    return output / f"worker-{safe_name(worker)}"


def redis_problem(settings: BaseSettings) -> str | None:
    """Why the crawl's Redis cannot be used, or None (checked before anything is written)."""
    url = settings.get("REDIS_URL")
    try:
        get_redis_from_settings(settings).ping()
    except Exception as error:  # redis-py's errors, and a malformed URL's ValueError
        return f"could not start: Redis at {url} is unreachable ({error})"
    return None


class PatientRedis(redis.StrictRedis):  # type: ignore[misc]
    """A Redis client that waits out an outage (a restart) instead of failing the crawl.

    A command that cannot reach the server is tried again every second for `outage` seconds
    (ARCHIVER_REDIS_OUTAGE), with a warning; the worker stands still meanwhile. What Redis
    holds survives its restart only if it persists it (appendonly yes: docs/distributed.md).
    Scripts are loaded again by redis-py when a restarted server no longer knows them.
    """

    outage = 60.0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        deadline: float | None = None
        while True:
            try:
                return super().execute_command(*args, **options)
            except (redis.ConnectionError, redis.TimeoutError) as error:
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self.outage
                    logger.warning(
                        "Redis unreachable (%s): trying again for %.0f s", error, self.outage
                    )
                if now >= deadline:
                    raise
                time.sleep(1.0)


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class BlogCounts:
    """One host's figures in `archiver status`."""

    queued: int = 0
    leased: int = 0
    done: int = 0
    failed: int = 0
    requeued: int = 0
    workers: dict[str, dict[str, int]] = field(default_factory=dict)  # worker -> leased/done/failed


class SharedCrawl:
    """The Redis keys of one crawl (`prefix` is scrapy-redis's: the spider's name)."""

    def __init__(self, server: Any, prefix: str = "dotclear") -> None:
        self.server = server
        self.queue_key = f"{prefix}:requests"  # scrapy-redis's SCHEDULER_QUEUE_KEY
        self.dupefilter_key = f"{prefix}:dupefilter"  # scrapy-redis's SCHEDULER_DUPEFILTER_KEY
        self.leases = f"{prefix}:leases"
        self.lease_request = f"{prefix}:lease:request"
        self.lease_score = f"{prefix}:lease:score"
        self.lease_host = f"{prefix}:lease:host"
        self.lease_worker = f"{prefix}:lease:worker"
        self.counts = f"{prefix}:counts"
        self.workers_key = f"{prefix}:workers"
        self.slot_prefix = f"{prefix}:slot:"
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._release = server.register_script(_RELEASE)
        self._acquire = server.register_script(_ACQUIRE)
        self._free = server.register_script(_FREE)

    def _lease_keys(self) -> list[str]:
        return [
            self.queue_key,
            self.leases,
            self.lease_request,
            self.lease_score,
            self.lease_host,
            self.counts,
            self.lease_worker,
        ]

    def push(self, host: str, priority: int, data: bytes) -> None:
        """Queue a serialized request; same-priority requests of the blogs alternate."""
        member = host.encode() + SEP + data
        self._push(keys=[self.queue_key, self.counts], args=[priority, host, member])

    def pop(self, worker: str, lease_seconds: float) -> tuple[str, bytes] | None:
        """The next request, lent to `worker`: (lease id, serialized request), or None."""
        lease = uuid.uuid4().hex
        now = now_ms()
        deadline = now + int(lease_seconds * 1000)
        member = self._pop(keys=self._lease_keys(), args=[now, deadline, lease, worker])
        if not member:
            return None
        return lease, bytes(member).split(SEP, 1)[1]

    def requeue_expired(self) -> int:
        """Requests whose lease ran out (their worker died) back to the queue; how many."""
        return int(self._requeue(keys=self._lease_keys(), args=[now_ms()]))

    def renew(self, leases: list[str], lease_seconds: float) -> None:
        """Push back the deadline of leases this worker still holds (XX: never recreate one)."""
        deadline = now_ms() + int(lease_seconds * 1000)
        for lease in leases:
            self.server.execute_command("ZADD", self.leases, "XX", deadline, lease)

    def give_back(self, leases: list[str]) -> None:
        """Leases returned to the queue now (a worker stopping early)."""
        for lease in leases:
            self.server.execute_command("ZADD", self.leases, "XX", 0, lease)
        self.requeue_expired()

    def release(self, lease: str, outcome: str, worker: str) -> bool:
        """A leased request finished (`done`/`failed`) or handed back (''): False if late."""
        keys = [
            self.leases,
            self.lease_request,
            self.lease_score,
            self.lease_host,
            self.lease_worker,
            self.counts,
        ]
        return bool(self._release(keys=keys, args=[lease, outcome, worker]))

    def finished(self) -> bool:
        """Nothing queued and nothing lent: the shared crawl is over (for now)."""
        self.requeue_expired()
        return not self.server.zcard(self.queue_key) and not self.server.zcard(self.leases)

    def acquire(self, host: str, worker: str, ttl_seconds: float) -> float:
        """Take the host's slot: 0 if taken, else the seconds to wait before trying again."""
        key = self.slot_prefix + host
        wait = self._acquire(keys=[key], args=[now_ms(), worker, int(ttl_seconds * 1000)])
        return int(wait) / 1000

    def free(self, host: str, wait_seconds: float) -> None:
        """Give the slot back; no request to the host for `wait_seconds` from now."""
        key = self.slot_prefix + host
        self._free(keys=[key], args=[now_ms(), int(wait_seconds * 1000)])

    def beat(self, worker: str) -> None:
        self.server.hset(self.workers_key, worker, now_ms())

    def status(self) -> dict[str, BlogCounts]:
        """Per host: queued, leased, done, failed, requeued, and per worker."""
        blogs: dict[str, BlogCounts] = defaultdict(BlogCounts)
        for name, value in self._text_hash(self.counts).items():
            what, host, *worker = name.split("|")
            if what == "pushed":
                continue
            if worker:
                blogs[host].workers.setdefault(worker[0], {}).setdefault(what, 0)
                blogs[host].workers[worker[0]][what] += int(value)
            elif what in ("queued", "done", "failed", "requeued"):
                setattr(blogs[host], what, int(value))
        lease_workers = self._text_hash(self.lease_worker)
        for lease, host in self._text_hash(self.lease_host).items():
            blogs[host].leased += 1
            holder = blogs[host].workers.setdefault(lease_workers.get(lease, "?"), {})
            holder["leased"] = holder.get("leased", 0) + 1
        return dict(sorted(blogs.items()))

    def workers(self) -> dict[str, float]:
        """Each worker seen, with the seconds since its last heartbeat."""
        now = now_ms()
        beats = self._text_hash(self.workers_key)
        return {name: (now - int(ms)) / 1000 for name, ms in sorted(beats.items())}

    def _text_hash(self, key: str) -> dict[str, str]:
        raw = self.server.hgetall(key)
        return {_text(name): _text(value) for name, value in raw.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
