"""The cache (Redis in production) is a help, never a condition: when it is
unreachable the pages work without it. Callers catch ``CACHE_ERRORS``."""

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
