"""From snapshots to a built site in one step: build the digest, then MkDocs over it with the bundled theme."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from .build import Report, build
from .config import DEFAULT_CONFIG, PACKAGE_DEFAULTS, Config, load_config
from .errors import BuildError
from .render import SITE
from .writer import RECORD

SITE_FILES = Path(__file__).resolve().parent / "sitefiles"
"""The theme settings (the project's mkdocs.yml) and template overrides, shipped inside the package."""
EXAMPLES = DEFAULT_CONFIG.parent / "examples" / "snapshots"
"""The bundled example blog of a checkout, configured by the project's digest.yml."""
CONTENT_SUFFIX = "-content"
"""The Markdown of a site goes beside it, in a folder named after it with this added (`site` → `site-content`)."""
BUILT_SITE_MARKS = ("index.html", "sitemap.xml")
"""Files every MkDocs build writes: a folder holding them may be rebuilt (MkDocs empties it first)."""
STEP_SECONDS = 480
"""Longest the MkDocs build may take before it is stopped."""
SETTINGS_KEPT_OUT = ("INHERIT", "docs_dir", "site_dir")
"""Keys of the project's mkdocs.yml that name the example's own folders; the site command sets its own."""


@dataclass(frozen=True)
class SiteResult:
    """What a `site` run made."""

    report: Report
    """The digest build's report."""
    content: Path
    """The folder holding the generated Markdown."""
    site: Path
    """The folder holding the built site."""


def config_for(snapshots: Path, given: Path | None) -> Path:
    """The configuration `site` reads: the one given, else the folder's own digest.yml, else the package defaults.

    The bundled examples folder of a checkout is the one folder whose configuration sits elsewhere (the project's).
    """
    if given is not None:
        return given
    own = snapshots / DEFAULT_CONFIG.name
    if own.is_file():
        return own
    return DEFAULT_CONFIG if snapshots.resolve() == EXAMPLES and DEFAULT_CONFIG.is_file() else PACKAGE_DEFAULTS


def content_folder(site_dir: Path, given: Path | None) -> Path:
    """Where the Markdown goes: the folder given, else one beside the site named after it."""
    if given is not None:
        return given
    named = site_dir if site_dir.name else site_dir.resolve()  # `.` or `..` have no name of their own
    return named.with_name(named.name + CONTENT_SUFFIX)


def _refuse_foreign(content: Path, site_dir: Path) -> None:
    """Stop before writing when either folder holds files the generator or MkDocs did not make."""
    if content.is_dir() and any(content.iterdir()) and not (content / RECORD).is_file():
        raise BuildError(f"{content}: holds files the generator did not write; give an empty or new folder with --out")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not all((site_dir / m).is_file() for m in BUILT_SITE_MARKS):
        raise BuildError(f"{site_dir}: holds files that are not a built site, and building empties it; "
                         "give an empty or new folder with --site-dir")
    resolved_content, resolved_site = content.resolve(), site_dir.resolve()
    if resolved_content == resolved_site or resolved_site.is_relative_to(resolved_content) \
            or resolved_content.is_relative_to(resolved_site):
        raise BuildError(f"{site_dir}: the site folder and the Markdown folder ({content}) must be apart")


def mkdocs_settings(content: Path, site_dir: Path) -> dict:
    """The complete MkDocs settings: the bundled theme's, then the digest's own (name, navigation), then the folders."""
    from mkdocs.utils.yaml import get_yaml_loader  # here, not on top: only this command needs MkDocs loaded

    theme = yaml.load((SITE_FILES / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader()) or {}
    for key in SETTINGS_KEPT_OUT:
        theme.pop(key, None)
    digest = yaml.safe_load((content / SITE).read_text(encoding="utf-8")) or {}
    settings = {**theme, **digest, "docs_dir": str(content.resolve()), "site_dir": str(site_dir.resolve())}
    settings["theme"] = {**theme.get("theme", {}), "custom_dir": str((SITE_FILES / "overrides").resolve())}
    return settings


def build_site(settings: dict) -> None:
    """Run MkDocs, strict (any warning fails), on these settings; its messages go to stderr."""
    with tempfile.TemporaryDirectory(prefix="livedigest-") as work:
        file = Path(work) / "mkdocs.yml"
        file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        try:
            done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(file)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  timeout=STEP_SECONDS)
        except subprocess.TimeoutExpired as e:
            raise BuildError(f"the site build took over {STEP_SECONDS} seconds and was stopped") from e
    if done.returncode:
        raise BuildError(f"the site build failed (MkDocs, strict):\n{done.stdout.strip()}")


def make_site(snapshots: Path, site_dir: Path, config: Config, content: Path | None = None,
              cache: Path | None = None, url: str | None = None) -> SiteResult:
    """Build the digest of a snapshots folder into its Markdown folder, then the site from it."""
    content = content_folder(site_dir, content)
    _refuse_foreign(content, site_dir)
    report = build(snapshots, content, config, cache, url)
    build_site(mkdocs_settings(content, site_dir))
    return SiteResult(report, content, site_dir)


def load_site_config(snapshots: Path, given: Path | None) -> Config:
    """The configuration of a `site` run (see config_for)."""
    return load_config(config_for(snapshots, given))


def serve(site_dir: Path, port: int) -> None:
    """Serve the built site on 127.0.0.1 until interrupted."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(site_dir)))
    print(f"serving {site_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
