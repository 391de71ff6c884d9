"""A small pool of daemon threads that run the server's blocking store calls.

The event loop must never wait on pyoxigraph: while it does, every other request waits
too, and so does the server's own handling of SIGTERM. :meth:`Workers.call` runs a
function in one of ``size`` threads and gives up after ``timeout_s`` with
:class:`TimedOut`, which the HTTP layer answers with 503.

- **Bounded.** At most ``size`` threads run. A call still waiting for one at its deadline
  is dropped and never runs, so abandoned calls cannot pile up.
- **Not cancellable.** pyoxigraph cannot stop an evaluation: a call past its deadline keeps
  its thread until it ends (the caller has had its 503 meanwhile); then the thread takes
  the next waiting call.
- **Daemons.** Threads start when there is work and end when there is none. Unlike a
  ``ThreadPoolExecutor``'s, they do not hold up the process's exit while an abandoned call
  computes: ``kg serve`` stops promptly on SIGTERM.
- **Stopping.** When the server begins to stop, :func:`stop_waiting` answers every caller
  still waiting with :class:`Stopping` (503) at once, so that no request is cut off; the
  calls themselves run on in their daemon threads.
- **Thread-bound results.** pyoxigraph's query results must be freed by the thread that
  made them. The function returns plain data; an exception it raises reaches the caller
  without its traceback (whose frames may hold results), kept instead as a note.

>>> import asyncio
>>> workers = Workers(2, name="kg-example")
>>> asyncio.run(workers.call(5.0, sum, [1, 2, 3]))
6
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")


class TimedOut(Exception):
    """A call did not end within its time; it may still be running in its worker."""


class Stopping(TimedOut):
    """The server began to stop before the call ended; it may still be running."""


# The callers waiting in any pool of this process, each on its own event loop: stopping is
# the process's business, whichever pool or server a call came through.
_callers: set[asyncio.Future[None]] = set()
_callers_lock = threading.Lock()


def stop_waiting() -> None:
    """Answer every caller that still waits for a call, in every pool, with Stopping now.
    ``kg serve`` calls it when it begins to shut down (thread-safe; calls go on running)."""
    with _callers_lock:
        callers = list(_callers)
    for stop in callers:
        with contextlib.suppress(RuntimeError):   # its loop has closed: nobody waits there any more
            stop.get_loop().call_soon_threadsafe(_release, stop)


def _release(stop: asyncio.Future[None]) -> None:
    if not stop.done():
        stop.set_result(None)


class Workers:
    """Up to ``size`` daemon threads named ``name`` running submitted calls in order."""

    def __init__(self, size: int, *, name: str) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one worker, got {size}")
        self.size = size
        self.name = name
        self._lock = threading.Lock()
        self._waiting: deque[tuple[Future, Callable[[], object]]] = deque()
        self._threads = 0

    async def call(self, timeout_s: float, function: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """``function(*args, **kwargs)`` in a worker; its result or its exception.
        TimedOut when it has not ended after ``timeout_s`` (waiting for a worker included),
        Stopping when :func:`stop_waiting` is called first."""
        stop = asyncio.get_running_loop().create_future()
        with _callers_lock:
            _callers.add(stop)
        waited = asyncio.wrap_future(self.submit(function, *args, **kwargs))
        try:
            done, _ = await asyncio.wait({waited, stop}, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            with _callers_lock:
                _callers.discard(stop)
            stop.cancel()
            # Cancelled, stopped, or past the deadline: a call that has not started is dropped.
            if not waited.done():
                waited.cancel()
        if waited in done:
            return waited.result()
        if stop in done:
            raise Stopping("the server is stopping; retry in a moment")
        raise TimedOut(f"{getattr(function, '__name__', 'the call')} did not end within {timeout_s:g} s")

    def submit(self, function: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        """Queue ``function(*args, **kwargs)``; its Future. Cancelling the Future before a
        worker takes the call drops it."""
        future: Future[T] = Future()
        entry = (future, functools.partial(function, *args, **kwargs))
        with self._lock:
            self._waiting.append(entry)
            if self._threads < self.size:
                threading.Thread(target=self._work, name=self.name, daemon=True).start()
                self._threads += 1
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        """Drop a call cancelled while it waits, so that waiting calls hold no memory."""
        if not future.cancelled():
            return
        with self._lock:
            for entry in self._waiting:
                if entry[0] is future:
                    self._waiting.remove(entry)
                    break

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._waiting:
                    self._threads -= 1
                    return
                future, run = self._waiting.popleft()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(run())
                except BaseException as err:  # noqa: BLE001 - handed to the caller
                    future.set_exception(_detached(err, self.name))
            future = run = None  # noqa: F841 - the call's arguments are freed in this thread


def _detached(err: BaseException, thread: str) -> BaseException:
    """``err`` and the exceptions chained to it without their tracebacks, whose frames may
    hold pyoxigraph results; the traceback text is kept as a note on ``err``."""
    err.add_note(f"raised in worker thread {thread}:\n" + "".join(traceback.format_exception(err)).rstrip())
    seen: set[int] = set()
    pending: list[BaseException | None] = [err]
    while pending:
        link = pending.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        link.__traceback__ = None
        pending += [link.__cause__, link.__context__]
    return err
