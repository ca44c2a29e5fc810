"""The built site in a real browser: Playwright drives the system Chromium (/usr/bin/chromium).

The site is built from the committed content/ into a temporary folder and served on 127.0.0.1; the
offline build (OFFLINE=true) is opened from file://. Screenshots go to tests/output/browser/.

Without Chromium or the playwright package these tests skip, except when CI is set: there they
fail, so that CI cannot pass by skipping them. Playwright's own browser download is never used.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "tests" / "output" / "browser"
DIGEST = json.loads((ROOT / "content" / "digest.json").read_text(encoding="utf-8"))
TIMEOUT = 15_000  # ms, for search results and page loads
WORD = re.compile(r"[^\W\d_]+")


# --- what the pages should show, from digest.json and mkdocs.yml ---------------------------------

def site_name() -> str:
    return yaml.safe_load((ROOT / "content" / ".site.yml").read_text(encoding="utf-8"))["site_name"]


def items() -> list[tuple[dict, dict]]:
    """(day, item) for every dated item."""
    return [(day, item) for day in DIGEST["days"] for item in day["items"]]


def search_word() -> tuple[str, dict, dict]:
    """A word of 7 letters or more found in one item's body and nowhere else in digest.json.

    Search matches word stems and prefixes, so the word must also be the only one in digest.json
    to start with its first five letters. The longest such word is taken (then alphabetical order).
    """
    everywhere = Counter(WORD.findall(json.dumps(DIGEST, ensure_ascii=False).lower()))
    candidates = []
    for day, item in items():
        for word, count in Counter(WORD.findall(" ".join(item["body"]).lower())).items():
            if len(word) < 7 or everywhere[word] != count:
                continue
            if any(other != word and other.startswith(word[:5]) for other in everywhere):
                continue
            candidates.append((-len(word), word, day, item))
    assert candidates, "no word of 7 letters or more is unique to one post's body"
    _, word, day, item = min(candidates, key=lambda c: c[:2])
    return word, day, item


def page_url(base: str, markdown_path: str, directory_urls: bool = True) -> str:
    """Where a page of content/ ends up: days/2024-11-06.md -> days/2024-11-06/ (or .html)."""
    stem = markdown_path.removesuffix(".md")
    return urljoin(base, stem + "/" if directory_urls else stem + ".html")


def heading_texts(page) -> list[str]:
    texts = page.locator("article :is(h2, h3, h4)").all_inner_texts()
    return [t.replace("¶", "").strip() for t in texts]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- fixtures ----------------------------------------------------------------------------------

def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run, not skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"no Chromium at {CHROMIUM} (install the Debian package: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        yield p


def launch(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS + list(extra_args))


@pytest.fixture(scope="session")
def browser(playwright):
    browser = launch(playwright)
    yield browser
    browser.close()


def build_site(site_dir: Path, offline: bool) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    if offline:
        env.update(OFFLINE="true", OFFLINE_INSTANT="navigation.footer")  # as `make site-offline`
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"mkdocs build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
    assert (site_dir / "index.html").is_file()
    return site_dir


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The site built from content/, served over HTTP on 127.0.0.1 on a free port."""
    site = build_site(tmp_path_factory.mktemp("site"), offline=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
    """The OFFLINE=true build, to open from file://."""
    site = build_site(tmp_path_factory.mktemp("site-offline"), offline=True)
    assert (site / "search" / "search_index.js").is_file(), "the offline plugin did not inline the index"
    return site


def open_page(browser):
    """A fresh page (light scheme, no stored palette) that reaches nothing beyond 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(TIMEOUT)

    def local_only(route):
        host = urlsplit(route.request.url).hostname
        route.continue_() if host in ("127.0.0.1", None, "") else route.abort()

    context.route(re.compile(r"^https?://"), local_only)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser)
    yield page
    context.close()


def search(page, word: str):
    """Type a word in the header's search box and wait for the first result; return its link."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for(state="visible", timeout=TIMEOUT)
    return first


def assert_search_lands_on_the_post(page, word: str, expected_url: str, screenshot: str) -> None:
    from playwright.sync_api import expect

    result = search(page, word)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\b1 matching document"))
    expect(page.locator(".md-search-result")).to_contain_text(word, ignore_case=True)
    shot(page, screenshot)
    result.click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile("^" + re.escape(expected_url) + r"([?#].*)?$"))
    article = page.locator("article")
    expect(article).to_contain_text(word, ignore_case=True)
    assert word in article.inner_text().lower()
    assert not page.js_errors


# --- tests -------------------------------------------------------------------------------------

def test_home_page_has_the_title_and_links_to_every_day(page, site_url):
    page.goto(site_url)
    assert site_name() in page.title()
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == DIGEST["title"]
    links = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert DIGEST["days"], "digest.json has no days"
    for day in DIGEST["days"]:
        assert page_url(site_url, day["page"]) in links, day["date"]
    assert not page.js_errors
    shot(page, "home")


def test_a_day_link_leads_to_the_day_page_with_its_headline_and_posts(page, site_url):
    day = DIGEST["days"][0]
    page.goto(site_url)
    link = page.locator(f'article a[href*="{day["date"]}"]')
    day_title = link.first.inner_text().strip()
    link.first.click()
    page.wait_for_url(page_url(site_url, day["page"]))
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == day_title
    article = page.locator("article").inner_text()
    assert day["titles"], "the day has no blog headline"
    assert day["titles"][0] in article
    headlines = {item["headline"] for item in day["items"]}
    shown = [h for h in heading_texts(page) if h in headlines]
    assert shown, f"no post heading on {page.url}"
    assert not page.js_errors
    shot(page, "day")


def test_search_finds_a_word_of_one_post_and_leads_to_it(page, site_url):
    word, day, _ = search_word()
    page.goto(site_url)
    assert_search_lands_on_the_post(page, word, page_url(site_url, day["page"]), "search")


def test_the_palette_toggle_switches_to_dark_and_back(page, site_url):
    page.goto(site_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator('label[title="Switch to dark mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    shot(page, "dark")
    page.locator('label[title="Switch to light mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert not page.js_errors


def test_the_offline_build_searches_from_file(page, offline_site):
    word, day, _ = search_word()
    home = (offline_site / "index.html").as_uri()
    page.goto(home)
    assert site_name() in page.title()
    links = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert page_url(home, day["page"], directory_urls=False) in links
    assert_search_lands_on_the_post(page, word, page_url(home, day["page"], directory_urls=False),
                                    "offline-search")


# --- snapshots written to break the page --------------------------------------------------------

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def page_text(html: str) -> str:
    """The text of a page's article, as a reader sees it (tags dropped, entities decoded)."""
    import html as entities
    article = html.split('<article', 1)[1].split('</article>', 1)[0]
    return entities.unescape(re.sub(r"<[^>]+>", "", article))


def injected(html: str) -> list[str]:
    """Elements and attributes in a built page that could only have come from a snapshot's markup."""
    from html.parser import HTMLParser

    found = []

    class Scan(HTMLParser):
        script = False

        def handle_starttag(self, tag, attrs):
            self.script = tag == "script"
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"<{tag} {name}={value!r}>")
            if tag in ("iframe", "img") and dict(attrs).get("src") == "x" or tag == "iframe":
                found.append(f"<{tag}>")

        def handle_data(self, data):
            if self.script and "__pwned" in data:
                found.append(f"<script>{data[:40]}")

    Scan().feed(html)
    return found


UNTITLED = "extends: {default}\nsource:\n  title: ''\nsite:\n  title: ''\n"
"""A configuration that names no title anywhere: the site takes its name from a snapshot's own title."""
TOUCH_EVERYTHING = """() => {
  // Follow no link that leaves the page, so every element is tried in place; any other link (a
  // javascript: one) is followed, and would run.
  const leaves = /^(https?|file|mailto):$/;
  addEventListener("click", e => {
    const a = e.target.closest && e.target.closest("a[href]");
    if (a && leaves.test(a.protocol)) e.preventDefault();
  }, true);
  addEventListener("submit", e => e.preventDefault(), true);
  const events = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "click", "dblclick",
                  "focus", "focusin", "blur", "keydown", "contextmenu", "pointerover", "pointerdown"];
  const all = [...document.querySelectorAll("*")];
  for (const el of all) {
    for (const type of events) {
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, view: window}));
    }
    if (el.tagName === "A" && !leaves.test(el.protocol)) el.click();
  }
  return all.length;
}"""


def hostile_folder(work: Path) -> Path:
    """The hostile snapshots, with a snapshot that is a link to a file outside the folder."""
    import shutil
    folder = work / "snapshots"
    shutil.copytree(HOSTILE, folder)
    outside = work / "outside.txt"
    outside.write_text("Outside <script>window.__pwned = 'outside'</script>\nTrespassers read through a link\n"
                       "Trespassing text from outside the snapshot folder, which must never be read.\n")
    (folder / "linked.txt").symlink_to(outside)
    return folder


@pytest.fixture(scope="session", params=["default", "untitled"])
def hostile_site(request, tmp_path_factory):
    """A site built from snapshots full of HTML, scripts, Markdown and template syntax.

    Built with the default configuration, and with one that names no title anywhere.
    """
    from generator.build import build
    from generator.config import DEFAULT_CONFIG, load_config
    work = tmp_path_factory.mktemp(f"hostile-{request.param}")
    config = None
    if request.param == "untitled":
        config = work / "untitled.yml"
        config.write_text(UNTITLED.format(default=DEFAULT_CONFIG), encoding="utf-8")
    build(hostile_folder(work), work / "content", load_config(config))
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("INHERIT: content/.site.yml", f"INHERIT: {work / 'content' / '.site.yml'}")
    settings = settings.replace("docs_dir: content", f"docs_dir: {work / 'content'}")
    settings = settings.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (work / "mkdocs.yml").write_text(settings, encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "-f", str(work / "mkdocs.yml"), "--site-dir",
                           str(work / "site")], env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return work


@pytest.fixture
def hostile_url(hostile_site):
    """The hostile site served on 127.0.0.1 (search needs a server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(hostile_site / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_hostile_text_shows_as_text_and_nothing_runs(browser, hostile_site):
    markdown = "\n".join(p.read_text() for p in (hostile_site / "content").rglob("*.md"))
    assert "\\<script" not in markdown and "&lt;script&gt;window.\\_\\_pwned" in markdown
    assert "Trespass" not in markdown, "a snapshot linked from outside the folder was read"
    pages = sorted((hostile_site / "site").rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert injected(html) == [], f"{path.relative_to(hostile_site)}: markup from a snapshot got through"
    day = (hostile_site / "site" / "days" / "2025-03-07" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7 * 7 }}" in day and "~~strikes~~" in page_text(day) and "&lt;script&gt;window.__pwned = \"headline\"&lt;/script&gt;" in day
    context, page = open_page(browser)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in pages:
        if path.name == "404.html":
            continue
        page.goto(path.as_uri())
        assert page.evaluate("window.__pwned") is None, f"{path.name}: an injected script ran"
        assert page.locator("article iframe, article img[src='x'], article a[href^='javascript:']").count() == 0
    page.goto((hostile_site / "site" / "days" / "2025-03-07" / "index.html").as_uri())
    assert "<script>window.__pwned" in page.locator("article").inner_text()
    shot(page, "hostile")
    context.close()
    assert dialogs == [] and page.js_errors == []


def test_hovering_and_clicking_every_element_of_a_hostile_site_runs_nothing(browser, hostile_url, hostile_site):
    pages = sorted(p for p in (hostile_site / "site").rglob("*.html") if p.name != "404.html")
    assert len(pages) > 6  # home, days, themes, tags, archive and their indexes (themes with no post have no page)
    context, page = open_page(browser)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in pages:
        url = urljoin(hostile_url, path.relative_to(hostile_site / "site").as_posix())
        page.goto(url)
        page.wait_for_load_state()
        assert page.evaluate(TOUCH_EVERYTHING) > 100
        page.wait_for_timeout(50)
        assert page.evaluate("window.__pwned") is None, f"{url}: an injected script ran"
    page.goto(hostile_url)
    result = search(page, "bridge")
    result.hover()
    page.evaluate(TOUCH_EVERYTHING)
    page.wait_for_timeout(50)
    assert page.evaluate("window.__pwned") is None, "the search results ran an injected script"
    context.close()
    # (no check of page errors here: the theme's instant navigation throws on clicks on <a id> anchors)
    assert dialogs == []


def test_a_site_named_by_a_snapshot_shows_its_name_as_text(page, hostile_site):
    settings = yaml.safe_load((hostile_site / "content" / ".site.yml").read_text(encoding="utf-8"))
    page.goto((hostile_site / "site" / "index.html").as_uri())
    header = page.locator(".md-header__topic").first.inner_text()
    assert settings["site_name"] in header
    if "untitled" in hostile_site.name:  # named by the snapshots' own title, markup and template syntax as text
        assert "{{ config.site_name }}" in header or "\u2039script\u203a" in header
        assert header.strip() in page.title()
    assert page.evaluate("window.__pwned") is None


PHONE = {"width": 390, "height": 844}
"""A phone's screen in CSS pixels (portrait)."""


def test_on_a_phone_a_day_page_opens_on_its_summary(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    page = context.new_page()
    days = [day for day in DIGEST["days"] if day["summary"]]
    assert days, "no day has a summary"
    for day in days:
        page.goto(page_url(site_url, day["page"]))
        heading = page.locator("article h2#summary")
        first = heading.locator("xpath=following-sibling::p[1]")
        assert first.inner_text().strip() == day["summary"][0].strip()
        box = first.bounding_box()
        assert heading.bounding_box()["y"] >= 0 and box["y"] + box["height"] / 2 < PHONE["height"], \
            f"{day['date']}: the summary starts at {box['y']:.0f} px, below the first screen"
    shot(page, "phone-day")
    context.close()
