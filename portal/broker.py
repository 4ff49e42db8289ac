"""The Celery broker's transport: kombu's Redis transport, with one fix that keeps a prefork worker
alive when Redis goes away while a task is running.

When the consumer loses the broker, celery (5.7) first collects its connection, which detaches the
transport from it (`transport.client = None`), then closes it. Closing the channel gives back the
messages it delivered but has not acknowledged yet (a task still running in a prefork child) and
asks the transport's connection where Redis is: `AttributeError("'NoneType' object has no
attribute 'hostname'")`. That is no connection error, so the worker ends with "Unrecoverable
error", and the same happens to the acknowledgement the finished task sends on the old channel.
The solo pool survived only because no task is running while it notices the loss.

Here a channel whose transport was detached answers as a Redis that does not answer does: with a
`ConnectionError`, which kombu and celery already handle (the worker reconnects; the message stays
in Redis's "unacked" set and is delivered again after the visibility timeout, and every task of
the portal may run twice). `tests/reliability/test_redis_outage.py` stops Redis under a prefork
worker that is sending.
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise RedisConnectionError("the broker connection was closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
