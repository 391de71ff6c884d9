"""Assemble the ASGI application that ``kg serve`` runs.

The app is made of route groups, each owned by one module: :mod:`kg.serve.sparql` (the
SPARQL 1.1 Protocol at ``/sparql``, the named queries at ``/queries``, the query editor)
and :mod:`kg.explore.routes` (the explorer at ``/``, its JSON API and ``/documents``).
Each module exposes ``routes(store, settings) -> list[BaseRoute]``. :func:`run` serves the
app until SIGTERM or SIGINT, and stops promptly even while a query computes.

The SPARQL runner (:mod:`kg.serve.runner`) belongs to the app: its worker processes are
killed when the app stops (lifespan shutdown). :func:`run` starts them before it serves; an
app used in-process (tests) starts them at its first query.

>>> settings = ServeSettings(store_path=Path(".kg"))
>>> settings.host, settings.port, settings.max_nodes, settings.workers, settings.per_client
('127.0.0.1', 8000, 500, 4, 2)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette

from kg.serve import workers
from kg.serve.limits import PER_CLIENT
from kg.serve.processes import MEMORY_MB
from kg.serve.runner import WORKERS, Runner
from kg.store import KgStore

# On SIGTERM or SIGINT, requests waiting on a store worker get 503 at once; other requests
# in flight get this long to finish before they are cancelled.
SHUTDOWN_GRACE_S = 2


@dataclass(frozen=True)
class ServeSettings:
    """What ``kg serve`` was started with. ``write_token`` None means read-only: every
    update is refused with 403. ``timeout_s`` bounds one query; ``row_cap`` bounds the
    rows of one SELECT result; ``max_nodes`` bounds what the explorer sends a browser;
    ``workers`` SPARQL queries run at once, in worker processes when the store is on disk
    and ``query_processes`` (else threads), each with at most ``worker_memory_mb`` MiB of
    data (0: no limit); ``per_client`` bounds the SPARQL requests one client address has
    in flight."""

    store_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout_s: float = 30.0
    row_cap: int = 10_000
    max_nodes: int = 500
    write_token: str | None = None
    workers: int = WORKERS
    worker_memory_mb: int = MEMORY_MB
    per_client: int = PER_CLIENT
    query_processes: bool = True

    @property
    def writable(self) -> bool:
        """True only when the server was started with an explicit write token."""
        return self.write_token is not None


def create_app(settings: ServeSettings, store: KgStore | None = None) -> Starlette:
    """The ASGI app over the store at ``settings.store_path`` (or ``store``, for tests).
    StoreError when there is no store there."""
    from kg.explore import routes as explorer
    from kg.serve import sparql

    if store is None:
        store = KgStore.open(settings.store_path, create=False, read_only=not settings.writable)
    runner = sparql.runner_for(store, settings)
    app = Starlette(routes=[*sparql.routes(store, settings, runner), *explorer.routes(store, settings)],
                    lifespan=_lifespan(runner))
    app.state.store = store
    app.state.settings = settings
    app.state.runner = runner
    return app


def _lifespan(runner: Runner):  # noqa: ANN202
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        del app
        try:
            yield
        finally:
            runner.close()

    return lifespan


def run(app: Starlette, settings: ServeSettings) -> None:
    """Serve ``app`` on ``settings.host:port`` with uvicorn until SIGTERM or SIGINT (when
    it cannot start, e.g. the port is taken, uvicorn logs why and exits with status 3).

    Stopping is prompt even while a query computes: requests waiting on a store worker are
    answered 503 at once (:func:`kg.serve.workers.stop_waiting`), the query worker
    processes are killed, and the worker threads are daemons, which do not hold up the
    exit."""
    import uvicorn

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: list | None = None) -> None:
            workers.stop_waiting()
            await super().shutdown(sockets)

    server = Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                                   timeout_graceful_shutdown=SHUTDOWN_GRACE_S))
    app.state.runner.start()
    try:
        with contextlib.suppress(KeyboardInterrupt):   # uvicorn raises SIGINT again once it has stopped
            server.run()
    finally:
        app.state.runner.close()     # the lifespan did, unless uvicorn stopped before it ran
