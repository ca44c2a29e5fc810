"""The README's screenshots, taken with headless Chromium from the example site: `make screenshots`.

Builds the site from content/ into a temporary folder, serves it on 127.0.0.1 and shoots the newest day
page at a desktop width and at a phone's (390 × 844).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = {"day-page.png": {"width": 1280, "height": 1000}, "day-page-phone.png": {"width": 390, "height": 844}}
"""File name and viewport of each screenshot (CSS pixels; the phone one at twice the density)."""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    newest = json.loads((ROOT / "content" / "digest.json").read_text(encoding="utf-8"))["days"][-1]["page"]
    with tempfile.TemporaryDirectory() as work:
        mkdocs = str(Path(sys.executable).parent / "mkdocs")
        subprocess.run([mkdocs, "build", "--strict", "--quiet", "--site-dir", work], cwd=ROOT, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=work))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{newest.removesuffix('.md')}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            for name, viewport in SHOTS.items():
                phone = viewport["width"] < 600
                page = browser.new_context(viewport=viewport, color_scheme="light", is_mobile=phone, has_touch=phone,
                                           device_scale_factor=2 if phone else 1).new_page()
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(HERE / name))
                print(f"wrote {(HERE / name).relative_to(ROOT)}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
