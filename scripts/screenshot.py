"""Screenshot of the explorer on the seeds, for people to look at (``make screenshot``).

    python scripts/screenshot.py [--url http://127.0.0.1:PORT/] [--out docs/screenshots/explorer.png]

Without ``--url`` it builds the seed store in a temporary folder, starts ``kg serve`` on
127.0.0.1, and stops it afterwards. The page is opened in Debian's headless Chromium
(``/usr/bin/chromium``, through playwright; no browser download), JNIM is searched and
opened so that the side panel shows its claims and their evidence, and the whole page is
captured once the graph's physics has stopped.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def take(url: str, out: Path) -> None:
    """Open ``url`` (a running explorer), open JNIM's panel, and save a full-page PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(url)
            page.wait_for_selector("#graph[data-state=drawn]", timeout=60_000)
            page.fill("#search", "JNIM")
            page.click("#search-form button[type=submit]")
            page.click("#search-results button.hit >> nth=0")
            page.wait_for_selector("#panel .claim", timeout=30_000)
            page.wait_for_selector("#graph[data-state=drawn]", timeout=60_000)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()


def _serve_seeds(folder: Path) -> tuple[subprocess.Popen, str]:
    store = folder / "store"
    subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--store", str(store)],
                   check=True, capture_output=True)
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(150):
        try:
            with urllib.request.urlopen(base + "api/legend", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("screenshot: kg serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running explorer (default: serve the seeds)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "explorer.png")
    args = parser.parse_args()
    if args.url:
        take(args.url, args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            process, base = _serve_seeds(Path(folder))
            try:
                take(base, args.out)
            finally:
                process.terminate()
                process.wait(timeout=10)
    print(f"screenshot: wrote {args.out}")


if __name__ == "__main__":
    main()
