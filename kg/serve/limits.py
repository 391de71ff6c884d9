"""How many SPARQL requests one client may have in flight at once.

Worker processes are few (``kg serve --workers``, 4 by default); without a limit one client
sending a burst of slow queries holds them all, and everybody else waits for the timeout.
:class:`ClientLimit` counts the requests each client address has in flight and refuses the
one over ``most`` with :class:`TooManyRequests` (HTTP 429, one line): the client waits for
an answer before it asks again.

The address is the TCP peer's, or the ``X-Forwarded-For`` that uvicorn trusts (by default
only from a proxy on 127.0.0.1): behind another proxy every client has the proxy's address
and shares its limit.

It lives on the event loop (no lock): count, then release when the answer is sent.

>>> limit = ClientLimit(1)
>>> with limit.slot("10.0.0.1"), limit.slot("10.0.0.2"):
...     try:
...         limit.slot("10.0.0.1").__enter__()
...     except TooManyRequests as err:
...         print(str(err)[:48])
10.0.0.1 already has 1 SPARQL request in flight,
>>> limit.in_flight("10.0.0.1")
0
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

#: SPARQL requests one client address may have in flight by default.
PER_CLIENT = 2


class TooManyRequests(Exception):
    """The client already has as many requests in flight as it may (HTTP 429)."""


class ClientLimit:
    """At most ``most`` requests in flight per client address."""

    def __init__(self, most: int = PER_CLIENT) -> None:
        if most < 1:
            raise ValueError(f"a client must be allowed at least one request, got {most}")
        self.most = most
        self._busy: dict[str, int] = {}

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """One request of ``client`` in flight for the ``with`` block; TooManyRequests when
        it already has ``most``."""
        busy = self._busy.get(client, 0)
        if busy >= self.most:
            plural = "s" if self.most > 1 else ""
            raise TooManyRequests(f"{client} already has {busy} SPARQL request{plural} in flight, this "
                                  "server's limit per client (kg serve --per-client); wait for an "
                                  "answer before sending another")
        self._busy[client] = busy + 1
        try:
            yield
        finally:
            left = self._busy[client] - 1
            if left:
                self._busy[client] = left
            else:
                del self._busy[client]

    def in_flight(self, client: str) -> int:
        """The requests ``client`` has in flight now."""
        return self._busy.get(client, 0)
