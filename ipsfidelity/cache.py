"""Django's Redis cache, which a Redis outage can neither break nor slow down.

Nothing this app keeps in the cache is the only copy of anything: the national
figures are computed again, a rate limit starts counting afresh. So when Redis
cannot be reached, every cache call answers as a cache that has nothing
("not there", "not stored"), and for a few seconds after a failure Redis is not
even asked, so pages do not each wait for a connection that will not come.
"""

import logging
import time

import redis.exceptions
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# After a failed call, how long Redis is left alone before it is tried again.
PAUSE_SECONDS = 5.0


def _default(*args, **kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _missing(*args, **kwargs):
    raise ValueError("Key not found")  # what incr and decr say of a key not there


# Each cache call and what it answers while Redis is away.
WHEN_AWAY = {
    "get": _default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: True,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "incr": _missing,
    "decr": _missing,
    "clear": lambda *args, **kwargs: None,
}


class ResilientRedisCache(RedisCache):
    away_until = 0.0  # shared by the threads of a process


def _resilient(name, when_away):
    def call(self, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache.away_until:
            return when_away(*args, **kwargs)
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            if time.monotonic() >= ResilientRedisCache.away_until:
                logger.warning("Redis is unreachable: the cache is skipped for a while")
            ResilientRedisCache.away_until = time.monotonic() + PAUSE_SECONDS
            return when_away(*args, **kwargs)

    call.__name__ = name
    return call


for _name, _when_away in WHEN_AWAY.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _when_away))
