"""Drive a headless Chromium over the DevTools protocol: open a page, read it, wait for it, screenshot it.

python tools/browser.py http://127.0.0.1:8000/ -o /tmp/preview.png [--width 1280 --height 900] [--full-page]
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket  # websocket-client

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with a fresh profile and one tab, closed with the `with` block."""

    def __init__(self, width: int = 1280, height: int = 900, timeout: float = 20):
        executable = find_chromium()
        if executable is None:
            raise BrowserError("no Chromium found (Debian: apt-get install chromium)")
        self._profile = tempfile.TemporaryDirectory(prefix="preview-chromium-")
        self._process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={self._profile.name}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)
        try:
            port = self._debugging_port(timeout)
            self._socket = websocket.create_connection(self._page_socket(port), timeout=timeout, suppress_origin=True)
        except BaseException:
            self.close()
            raise

    def _debugging_port(self, timeout: float) -> int:
        """Chromium writes the port it chose into the profile folder."""
        marker = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker.is_file() and (lines := marker.read_text().splitlines()):
                return int(lines[0])
            if self._process.poll() is not None:
                raise BrowserError(f"Chromium exited with code {self._process.returncode}")
            time.sleep(0.05)
        raise BrowserError("Chromium did not open its DevTools port")

    @staticmethod
    def _page_socket(port: int) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def send(self, method: str, **params: Any) -> dict:
        """One DevTools command; events that arrive meanwhile are dropped."""
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str, timeout: float = 20) -> None:
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", timeout)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20, interval: float = 0.1) -> Any:
        """The first truthy value of `expression`; a page reloading meanwhile is waited out."""
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except BrowserError as error:  # the page is between two documents
                last_error = error
            time.sleep(interval)
        raise TimeoutError(f"not true within {timeout:g} s: {expression}" + (f" ({last_error})" if last_error else ""))

    def set_viewport(self, width: int, height: int) -> None:
        """A viewport of exactly this size in CSS pixels; under 600 px wide, a phone's (the page's
        viewport meta applies), as the window size alone does not give."""
        self.send(
            "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600
        )

    def wait_for_images(self, timeout: float = 20) -> None:
        """Every image loaded, but lazy ones below the viewport (which never load until scrolled to)."""
        self.wait_for(
            "Array.from(document.images).every(i => i.complete"
            " || (i.loading === 'lazy' && i.getBoundingClientRect().top > innerHeight))",
            timeout,
        )

    def screenshot(self, path: Path | str, full_page: bool = False) -> Path:
        """The viewport, or with `full_page` the whole page (the viewport grown to the page's height)."""
        if full_page:
            width = self.evaluate("innerWidth")
            self.set_viewport(width, self.evaluate("document.documentElement.scrollHeight"))
            self.wait_for_images()
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        if getattr(self, "_socket", None) is not None:
            self._socket.close()
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        # Chromium's helper processes can still be writing to the profile for a moment after
        # the browser process ended: retry rather than fail the test on "Directory not empty".
        for _ in range(20):
            try:
                self._profile.cleanup()
                return
            except OSError:
                time.sleep(0.1)
        shutil.rmtree(self._profile.name, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", default="true", help="JavaScript expression to wait for before the shot")
    parser.add_argument("--script", default="", help="JavaScript to run before the shot (e.g. click a toggle)")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the viewport")
    args = parser.parse_args()
    with Browser(args.width, args.height) as browser:
        browser.set_viewport(args.width, args.height)
        browser.open(args.url)
        browser.wait_for(args.wait)
        if args.script:
            browser.evaluate(args.script)
        browser.wait_for_images()
        browser.screenshot(args.output, full_page=args.full_page)


if __name__ == "__main__":
    main()
