"""The site's search, finished after MkDocs has built the pages: a MkDocs plugin (`livedigest-search` in mkdocs.yml).

Served online, search is Pagefind's: a static index cut into small compressed chunks, of which a query fetches
only the few it needs, run by Material's own search box through assets/javascripts/pagefind-search.js (a search
worker of the kind Material lets a site supply). Material's full-text lunr index, which a reader's browser must
fetch whole and index before the first result, is then cut down to its settings. The offline build (Material's
offline plugin on) keeps lunr: Pagefind cannot fetch its chunks over file://. Either way each hit shows its
page's tags once: tags stay on the page's own entry of the lunr index, not on every section of it.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

WORKER = "assets/javascripts/pagefind-search.js"
"""Material's search worker replaced, in the served build, by this one (it queries Pagefind)."""
PAGEFIND_SECONDS = 480
"""Longest Pagefind may take to index a site (a year's digest takes about 15 s on two cores)."""
LUNR_INDEX = Path("search") / "search_index.json"


class SearchConfig(Config):
    pagefind = config_options.Type(bool, default=True)
    """Index the served site with Pagefind (never in the offline build)."""
    exclude_selectors = config_options.ListOfItems(config_options.Type(str), default=[])
    """Parts of the indexed pages Pagefind leaves out (CSS selectors without `+` or `~`)."""
    lists_out = config_options.ListOfItems(config_options.Type(str), default=[])
    """Ids of headings whose list below is left out of both indexes (lists of links to the page's own posts)."""


class SearchPlugin(BasePlugin[SearchConfig]):
    """Pagefind for the served site, lunr for the offline one; tags shown once per hit."""

    def on_config(self, config):
        self.use_pagefind = self.config.pagefind and not offline(config)
        config.extra["search_worker"] = WORKER if self.use_pagefind else None
        return config

    def on_page_content(self, html, *, page, config, files):
        return lists_left_out(html, self.config.lists_out)

    def on_post_build(self, *, config):
        site = Path(config.site_dir)
        index = site / LUNR_INDEX
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            if self.use_pagefind:
                data["docs"] = []  # Pagefind answers the queries; the page only needs the settings
            else:
                data["docs"] = [section_without_tags(doc) for doc in data.get("docs", [])]
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        if self.use_pagefind:
            run_pagefind(site, self.config.exclude_selectors)


def offline(config) -> bool:
    """Whether Material's offline plugin is on (a site for file://)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def lists_left_out(html: str, headings: list[str]) -> str:
    """The list right under each named heading marked for both indexes to leave out."""
    for heading in headings:
        html = re.sub(rf'(<h[1-6] id="{re.escape(heading)}"[^>]*>.*?</h[1-6]>\s*<(?:ul|ol))>',
                      r"\1 data-search-exclude data-pagefind-ignore>", html, count=1, flags=re.S)
    return html


def section_without_tags(doc: dict) -> dict:
    """A lunr entry with its page's tags only on the page's own entry: a section's would show them again."""
    if "#" in doc.get("location", "") and "tags" in doc:
        return {k: v for k, v in doc.items() if k != "tags"}
    return doc


def run_pagefind(site: Path, exclude: list[str]) -> None:
    """Index the built site with Pagefind's binary (the pagefind package); it writes site/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
    if exclude:
        command += ["--exclude-selectors", ", ".join(exclude)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_SECONDS)
    except subprocess.TimeoutExpired:
        raise PluginError(f"Pagefind did not finish indexing {site} within {PAGEFIND_SECONDS} s") from None
    if done.returncode:
        why = (done.stderr or done.stdout).strip().splitlines()
        raise PluginError("Pagefind could not index the site: " + (why[-1] if why else f"exit {done.returncode}")
                          + " (install it with pip install 'pagefind[bin]')")
    if not (site / "pagefind" / "pagefind.js").is_file():
        raise PluginError(f"Pagefind wrote no index into {site / 'pagefind'}")
