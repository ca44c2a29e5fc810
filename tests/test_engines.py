"""The example site built with MkDocs, ProperDocs and Zensical: the same pages under each engine."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.engines

BUILDS = {
    "mkdocs": ["build", "--strict", "--site-dir", "site"],
    "properdocs": ["build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "site"],
    "zensical": ["build", "--strict", "--config-file", "mkdocs.yml"],  # writes to the configured site_dir
}
"""Each engine's strict build of the folder it runs in, into `site/`."""
REQUIRED = os.environ.get("REQUIRE_ENGINES") == "1"
"""Set by CI, which installs every engine: a missing one then fails instead of skipping."""
MAIN = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
BUILD_SECONDS = 300


def engine(name: str) -> str:
    """The engine's command, beside this Python first, else on PATH; skipped (or failed in CI) when absent."""
    found = shutil.which(name, path=os.pathsep.join((os.path.dirname(sys.executable), os.environ.get("PATH", ""))))
    if found is None:
        message = f"{name} is not installed (pip install -e '.[engines]')"
        pytest.fail(message) if REQUIRED else pytest.skip(message)
    return found


def build(name: str, folder: Path) -> Path:
    """The site one engine builds from a copy of the project's configuration, overrides and content."""
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder)
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(ROOT / "content", folder / "content")
    done = subprocess.run([engine(name), *BUILDS[name]], cwd=folder, capture_output=True, text=True,
                          timeout=BUILD_SECONDS, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "site"


def main_content(page: Path) -> list[str]:
    """A page's content from its title to the end of the article, one tag or text a line."""
    article = MAIN.search(page.read_text()).group(1)
    article = article[article.index("<h1"):]
    return [line.strip() for line in re.sub(r">\s*<", ">\n<", article).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return build("mkdocs", tmp_path_factory.mktemp("engines") / "mkdocs")


@pytest.mark.parametrize("name", ["properdocs", "zensical"])
def test_every_page_renders_the_same_under_each_engine(name, reference, tmp_path):
    site = build(name, tmp_path / name)
    pages = sorted(p.relative_to(reference) for p in reference.rglob("index.html") if p.parent != reference / "search")
    day = Path("days/2024-11-06/index.html")
    assert day in pages and 'class="digest-banner"' in (site / day).read_text()
    for page in pages:
        assert main_content(site / page) == main_content(reference / page), page
    for page in (day, Path("themes/espionage-cases/index.html")):
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', (site / page).read_text())
        assert links == re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>',
                                   (reference / page).read_text())
    assert (site / "feed.xml").read_bytes() == (reference / "feed.xml").read_bytes()
    assert (site / "feeds" / "espionage-cases.xml").is_file() and (site / "digest.json").is_file()
