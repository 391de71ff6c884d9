"""Issue #10: a real ``kg serve`` stops promptly on SIGTERM or SIGINT while an explorer
request is still computing. The CLI runs as usual in its own process, with the timeline's
panel replaced by one that says it has started and then sleeps an hour (a query that
pyoxigraph cannot cancel); the server's timeout is an hour too, so only a prompt shutdown
ends the process within the test's wait; the held request is answered 503."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import start_kg_serve, stop_kg_serve

pytestmark = pytest.mark.slow

HELD_SERVE = """
import sys, time
from pathlib import Path

from kg.explore import panels
from kg.cli import main

started = Path(sys.argv.pop(1))


def incidents(store, filters):
    started.touch()
    time.sleep(3600)


panels.incidents = incidents
sys.exit(main(sys.argv[1:]))
"""
HOUR = "3600"


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_issue_10_kg_serve_stops_promptly_while_a_request_computes(seed_store_path, tmp_path: Path,
                                                                   signal_number: int):
    started = tmp_path / "started"
    process, base = start_kg_serve(seed_store_path, "--timeout", HOUR, launcher=("-c", HELD_SERVE, str(started)))
    with ThreadPoolExecutor(1) as background:
        try:
            held = background.submit(httpx.get, base + "/api/timeline", timeout=int(HOUR))
            deadline = time.monotonic() + 60
            while not started.exists():
                assert time.monotonic() < deadline, "the held request never reached its worker"
                time.sleep(0.05)
            process.send_signal(signal_number)
            # Before issue #10 the server waited for the request, an hour.
            process.wait(timeout=15)
            answer = held.result(timeout=60)
            errors = process.stderr.read()
        finally:
            if process.poll() is None:   # the test failed: end the server, and the request with it
                process.kill()
            stop_kg_serve(process)
    # The held request is answered, not cut off; its computation is abandoned.
    assert answer.status_code == 503
    assert answer.text == "the server is stopping; retry in a moment\n"
    assert process.returncode in (0, -signal_number)     # uvicorn raises SIGTERM again once stopped
    assert "Traceback" not in errors
