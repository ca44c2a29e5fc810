"""`init`: a first digest.yml for a new blog, written from its snapshots (title, timezone, automatic themes)."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .automatic import rule_pattern
from .build import extract, page_title
from .config import PACKAGE_DEFAULTS, Config, load_config
from .dates import date_items
from .errors import BuildError, GeneratorError
from .merge import merge_posts
from .models import Page
from .snapshots import find_snapshots, read_manifest
from .themes import file_items

UNSEEN_ZONE = ZoneInfo("Etc/GMT+12")
"""Read with a zone no blog prints (UTC−12, uninhabited), so any zone a page prints stands out from it."""
TERM_WEIGHT = 2
"""Weight of a proposed rule: one mention in the body reaches the default `min_score` (2)."""
CONFIG_NAME = "digest.yml"


@dataclass(frozen=True)
class Proposal:
    """What init found in a blog's snapshots."""

    title: str | None
    """The blog's name (manifest, else the pages' own title)."""
    title_from: str
    """Where the title came from: 'manifest', 'pages' or ''."""
    timezone: str
    """An IANA zone name."""
    timezone_from: str
    """'manifest', 'pages' (a zone the pages print) or 'default' (nothing found: UTC)."""
    themes: tuple[tuple[str, str, tuple[str, ...], int], ...]
    """Each automatic theme: title, description, rule terms, posts it holds."""


def propose(snapshots: Path) -> Proposal:
    """Read the snapshots with the package defaults and no themes; what a configuration should start from."""
    base = _defaults()
    manifest = read_manifest(snapshots)
    reading = replace(base.reading, timezone=manifest.timezone or UNSEEN_ZONE)
    pages = extract(find_snapshots(snapshots, manifest, reading.timezone), reading).pages
    if not pages:
        raise BuildError(f"no snapshot could be read in {snapshots}: nothing to propose a configuration from")
    zone, zone_from = (manifest.timezone.key, "manifest") if manifest.timezone else _printed_zone(pages)
    items = date_items(merge_posts(pages, base.matching), reading.timezone)
    title = manifest.title or page_title(pages)
    filing = file_items(items, base.theming, title)
    members = Counter(i.theme for i in filing.items)
    terms = dict(filing.automatic)
    proposed = tuple((t.title, t.description, tuple(rule_pattern(term) for term in terms[t.id]), members[t.id])
                     for t in filing.themes if t.id in terms)
    title_from = "manifest" if manifest.title else "pages" if title else ""
    return Proposal(title, title_from, zone, zone_from, proposed)


def _defaults() -> Config:
    """The package's reading defaults with no theme and no tag."""
    return load_config(PACKAGE_DEFAULTS)


def _printed_zone(pages: list[Page]) -> tuple[str, str]:
    """The zone the pages print most often beside their times, else UTC."""
    found = Counter(name for page in pages for post in page.posts if post.published
                    and (name := _zone_name(post.published.tzinfo)))
    if not found:
        return "UTC", "default"
    return max(found, key=lambda name: (found[name], name)), "pages"


def _zone_name(zone) -> str | None:
    """An IANA name for a printed zone or a whole-hour offset; None for the unseen zone."""
    if isinstance(zone, ZoneInfo):
        return None if zone.key == UNSEEN_ZONE.key else zone.key
    if isinstance(zone, timezone):
        offset = zone.utcoffset(None)
        hours, rest = divmod(offset, timedelta(hours=1))
        if rest or offset == timedelta(hours=-12):
            return None
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # the Etc names count the other way
    return None


HEADER = """\
# Configuration of this blog's digest, written by `python -m generator init` from its snapshots.
# Edit it freely: every section is optional, and anything left out comes from the package defaults
# (how snapshots are read). Build with:  python -m generator build --snapshots FOLDER --out content
"""


def render(proposal: Proposal) -> str:
    """The configuration text: each section after a comment saying what it is; every value quoted by YAML."""
    source = {"timezone": proposal.timezone} | ({"title": proposal.title} if proposal.title else {})
    zone_note = {"manifest": "the timezone snapshots.yml names",
                 "pages": "the timezone the pages print beside their times",
                 "default": "no timezone found in the manifest or the pages: UTC; set the blog's own"}[proposal.timezone_from]
    title_note = {"manifest": "the title snapshots.yml names", "pages": "the title the pages carry",
                  "": "no title found; add one here"}[proposal.title_from]
    parts = [HEADER, "",
             "# The blog: its name, used when snapshots.yml names none, and the timezone of times printed "
             "without one.",
             f"# title: {title_note}.", f"# timezone: {zone_note}.", _dump({"source": source}),
             "# Themes: a post goes to the theme whose rules score most (a term in the headline counts three",
             "# times, `theme_scoring.min_score` points needed); a post no rule claims goes to an automatic",
             "# theme of posts sharing telling names, else Other. These themes were found automatically in the",
             "# snapshots: rename them, merge them, add terms (whole words, case-insensitive; a term may be a",
             "# Python regular expression) or delete them.",
             ]
    if proposal.themes:
        parts.append("themes:")
        for title, description, terms, count in proposal.themes:
            parts.append(f"  # {count} post{'s' if count != 1 else ''} in the snapshots.")
            parts.append(_indented(_dump([{"title": title, "description": description,
                                           "rules": [{"terms": list(terms), "weight": TERM_WEIGHT}]}])))
    else:
        parts.append("# (No group of posts was found: add themes as the blog grows.)")
        parts.append("themes: []")
    parts += ["# Tags: names shown on posts that mention them, besides the names found automatically.",
              "# tags:", "#   - {name: Example Name, pattern: 'example name'}", ""]
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


class _Dumper(yaml.SafeDumper):
    """Strings holding a control or line-separating character are written double-quoted, so they are escaped."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    odd = any(unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") for c in value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if odd else None)


_Dumper.add_representer(str, _text)


def _dump(value) -> str:
    """YAML for a value, strings quoted or escaped by the YAML library wherever they need it."""
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _indented(text: str) -> str:
    return "".join(f"  {line}" for line in text.splitlines(True))


def write_config(folder: Path, force: bool = False) -> tuple[Path, Proposal]:
    """Write `folder/digest.yml` from the folder's snapshots; an existing file only with `force`."""
    target = folder / CONFIG_NAME
    if not folder.is_dir():
        raise GeneratorError(f"{folder}: no such folder")
    if target.exists() and not force:
        raise GeneratorError(f"{target} exists; nothing written (use --force to replace it)")
    proposal = propose(folder)
    text = render(proposal)
    target.write_text(text, encoding="utf-8")
    return target, proposal
