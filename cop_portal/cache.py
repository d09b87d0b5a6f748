"""Django's Redis cache, with its Redis clients made once per process.

Django's backend builds a new `redis.Redis` for every cache call. That
client's constructor registers its reply parsers, about 170 dictionary
entries, and took about 0.15 ms: a signed-in request reads its session from
the cache and every anonymous page is a cache read, so that was a tenth of
the cheapest pages. A `redis.Redis` is safe to share between threads (each
command borrows a connection from the pool), and its pool notices a fork, so
one client per connection pool serves the whole process. Nothing is kept in
the client itself: every instance still reads and writes the one Redis.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    """settings.CACHES["default"] when REDIS_URL is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
