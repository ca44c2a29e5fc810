"""Load and validate the digest configuration (YAML), reporting every problem at once."""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from slugify import slugify

from .errors import ConfigError
from .patterns import pattern_problem
from .yamlfile import read_node

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "digest.yml"
"""The bundled example blog's configuration, used when none is given (absent from an installed package)."""
PACKAGE_DEFAULTS = Path(__file__).resolve().parent / "defaults.yml"
"""The reading settings every configuration is applied over."""


@dataclass(frozen=True)
class Rule:
    """Terms that count towards a theme, with their weight."""

    pattern: re.Pattern
    """Compiled, case-insensitive, matched on word boundaries."""
    weight: float = 1.0
    """Score added per matching term in the body; the headline counts `headline_weight` times."""


@dataclass(frozen=True)
class ThemeRules:
    """A theme as the configuration defines it."""

    id: str
    title: str
    description: str = ""
    rules: tuple[Rule, ...] = ()
    negative: tuple[Rule, ...] = ()
    priority: int = 0


@dataclass(frozen=True)
class Matching:
    """How posts are compared to find the same post again (the `match` section)."""

    aliases: tuple[tuple[str, str], ...] = ()
    """Spellings treated as the same name (variant, canonical), case-folded."""
    honorifics: tuple[str, ...] = ()
    """Words before a name that are not part of it (Mr, Dr …)."""
    containment: float = 0.8
    """Share of a shorter text's word 3-grams a longer one must hold to be the same post."""


@dataclass(frozen=True)
class Learning:
    """When a line repeated across snapshots is learned as furniture (`furniture.learn`)."""

    enabled: bool = True
    zone: int = 12
    """Lines at each end of a snapshot that are watched."""
    min_contexts: int = 2
    """Different neighbours a line needs before it counts as furniture."""
    min_share: float = 0.5
    """Share of the snapshots it must appear in."""


@dataclass(frozen=True)
class Reading:
    """How snapshots are read (the `furniture` and `reader` sections, and the blog's timezone)."""

    timezone: ZoneInfo = ZoneInfo("UTC")
    """For times printed without a zone."""
    furniture_lines: tuple[re.Pattern, ...] = ()
    caption_lines: tuple[re.Pattern, ...] = ()
    card_intros: tuple[re.Pattern, ...] = ()
    learning: Learning = Learning()
    labels: tuple[str, ...] = ()
    timestamps: tuple[re.Pattern, ...] = ()
    post_markers: tuple[re.Pattern, ...] = ()
    update_words: tuple[re.Pattern, ...] = ()
    datelines: tuple[re.Pattern, ...] = ()
    summary_headings: tuple[re.Pattern, ...] = ()
    max_headline_chars: int = 160
    matching: Matching = Matching()
    """How one page's repeated blocks are recognised as the same post (the same settings as merging)."""


@dataclass(frozen=True)
class Theming:
    """How items are put under themes and tagged (`themes`, `theme_scoring`, `tags`)."""

    themes: tuple[ThemeRules, ...] = ()
    tags: tuple[tuple[str, re.Pattern], ...] = ()
    headline_weight: float = 3.0
    min_score: float = 2.0
    honorifics: tuple[str, ...] = ()
    """Words before a name that are not part of a tag (the `match` section's)."""


@dataclass(frozen=True)
class Site:
    """What the site says about itself (the `site` section)."""

    title: str | None = None
    description: str | None = None
    url: str | None = None
    repo_url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Config:
    """The validated configuration, one section per phase that uses it."""

    path: Path | None
    title: str | None
    """The blog's title, used when neither the manifest nor the pages name one."""
    reading: Reading = Reading()
    matching: Matching = Matching()
    theming: Theming = Theming()
    site: Site = Site()


class _Checker:
    """Walks a YAML node tree against a schema, collecting problems with their lines."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        self.lines: dict[str, int] = {}
        """Line of each key read, for problems found after merging."""

    def fail(self, node: yaml.Node, key: str, message: str) -> None:
        self.problems.append(f"{self.path}:{node.start_mark.line + 1}: {key or 'the file'}: {message}")

    def mapping(self, node, key, fields: dict[str, Callable]) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, key, "expected a mapping")
            return {}
        out = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.fail(knode, key, "expected a key name, got a list or mapping")
                continue
            name = knode.value
            where = f"{key}.{name}" if key else name
            if name not in fields:
                close = difflib.get_close_matches(name, fields, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(knode, where, f"unknown key{hint}; expected one of {', '.join(fields)}")
                continue
            self.lines[where] = knode.start_mark.line + 1
            out[name] = fields[name](self, vnode, where)
        return out


def _scalar(kind: type, what: str, test: Callable[[Any], bool] = lambda v: True):
    def check(c: _Checker, node, key):
        if not isinstance(node, yaml.ScalarNode):
            c.fail(node, key, f"expected {what}")
            return None
        try:
            value = node.value if kind is str else yaml.constructor.SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError):  # an explicit tag that does not fit its value: `!!int many`
            value = None
        if kind is float and type(value) is int:
            value = float(value)
        if type(value) is not kind or not test(value):
            c.fail(node, key, f"expected {what}, got {node.value!r}")
            return None
        return value
    return check


TEXT = _scalar(str, "text")
BOOL = _scalar(bool, "true or false")
POSITIVE = _scalar(int, "a whole number above 0", lambda v: v > 0)
SHARE = _scalar(float, "a number above 0 and at most 1", lambda v: 0 < v <= 1)
"""A share where 0 means nothing (0 shared 3-grams would merge every post)."""
POSITIVE_NUMBER = _scalar(float, "a number above 0", lambda v: math.isfinite(v) and v > 0)


def URL(c: _Checker, node, key):
    text = TEXT(c, node, key)
    if text and not re.match(r"https?://", text, re.IGNORECASE):
        c.fail(node, key, f"expected an http:// or https:// address, got {text!r}")
        return None
    return text


def _pattern(c: _Checker, node, key, text: str, compiled: str) -> re.Pattern | None:
    """`compiled` (the configured `text`, perhaps wrapped) compiled and checked, or None with the problem noted."""
    try:
        pattern = re.compile(compiled, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as e:
        c.fail(node, key, f"bad pattern '{text}': {e}")
        return None
    problem = pattern_problem(pattern)
    if problem:
        c.fail(node, key, f"pattern '{text}' refused: {problem}")
        return None
    return pattern


def REGEX(c: _Checker, node, key):
    text = TEXT(c, node, key)
    return None if text is None else _pattern(c, node, key, text, text)


def TERM(c: _Checker, node, key):
    """A theme term: a word, phrase or pattern, checked as it is matched (a whole word)."""
    text = TEXT(c, node, key)
    return None if text is None or _pattern(c, node, key, text, _whole_words([text])) is None else text


def TIMEZONE(c: _Checker, node, key):
    text = TEXT(c, node, key)
    try:
        return ZoneInfo(text) if text else None
    except (ZoneInfoNotFoundError, ValueError):
        c.fail(node, key, f"unknown timezone {text!r} (expected a name such as Europe/London)")
        return None


def listof(item: Callable):
    def check(c: _Checker, node, key):
        if not isinstance(node, yaml.SequenceNode):
            c.fail(node, key, "expected a list")
            return []
        values = [item(c, n, f"{key}[{i}]") for i, n in enumerate(node.value)]
        return [v for v in values if v is not None]
    return check


def section(**fields: Callable):
    def check(c: _Checker, node, key):
        return c.mapping(node, key, fields)
    check.fields = fields
    return check


def ALIASES(c: _Checker, node, key):
    if not isinstance(node, yaml.MappingNode):
        c.fail(node, key, "expected a mapping of variant: canonical spelling")
        return {}
    out = {}
    for knode, vnode in node.value:
        variant = TEXT(c, knode, key)
        canonical = TEXT(c, vnode, f"{key}.{variant}") if variant is not None else None
        if canonical is not None:
            out[variant] = canonical
    return out


def _given(node, name: str) -> bool:
    """Whether a mapping node sets `name` to something other than an empty value."""
    value = next((v for k, v in node.value if k.value == name), None) if isinstance(node, yaml.MappingNode) else None
    return value is not None and value.value not in ("", [], "~", "null")


def RULE(c: _Checker, node, key):
    rule = section(terms=listof(TERM), weight=POSITIVE_NUMBER)(c, node, key)
    if isinstance(node, yaml.MappingNode) and not _given(node, "terms"):
        c.fail(node, key, "a rule needs at least one term")  # a rule of no terms would match everywhere
    return rule


def THEME(c: _Checker, node, key):
    theme = section(title=TEXT, description=TEXT, priority=_scalar(int, "a whole number"),
                    rules=listof(RULE), negative=listof(TERM))(c, node, key)
    if isinstance(node, yaml.MappingNode) and not _given(node, "title"):
        c.fail(node, key, "a theme needs a title")
    return theme


def THEMES(c: _Checker, node, key):
    themes, seen = listof(THEME)(c, node, key), {}
    if isinstance(node, yaml.SequenceNode):
        for theme, tnode in zip(themes, node.value):
            tid = slugify(theme.get("title") or "")
            if tid and tid in seen:
                c.fail(tnode, key, f"two themes share the id {tid!r} ({seen[tid]!r} and {theme['title']!r})")
            seen.setdefault(tid, theme.get("title"))
    return themes


TAG = section(name=TEXT, pattern=REGEX)

SCHEMA = {
    "extends": TEXT,
    "source": section(title=TEXT, timezone=TIMEZONE),
    "furniture": section(
        lines=listof(REGEX), captions=listof(REGEX), card_intros=listof(REGEX),
        learn=section(enabled=BOOL, zone=POSITIVE, min_contexts=POSITIVE, min_share=SHARE)),
    "reader": section(labels=listof(TEXT), timestamps=listof(REGEX), post_markers=listof(REGEX),
                      update_words=listof(REGEX), datelines=listof(REGEX),
                      summary_headings=listof(REGEX), max_headline_chars=POSITIVE),
    "match": section(aliases=ALIASES, honorifics=listof(TEXT), containment=SHARE),
    "themes": THEMES,
    "theme_scoring": section(headline_weight=POSITIVE_NUMBER, min_score=POSITIVE_NUMBER),
    "tags": listof(TAG),
    "site": section(title=TEXT, description=TEXT, url=URL, repo_url=URL, author=TEXT),
}


def _read(path: Path) -> tuple[dict, list[str], dict[str, int]]:
    """One file's validated values, its problems, and the line of each key."""
    try:
        node = read_node(path)
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError([f"{path}: cannot read the configuration: {e}"]) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError([f"{path}{line}: invalid YAML: {getattr(e, 'problem', None) or e}"]) from e
    checker = _Checker(path)
    values = checker.mapping(node, "", SCHEMA) if node is not None else {}
    return values, checker.problems, checker.lines


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _themes(raw: list[dict], where: str, problems: list[str]) -> tuple[ThemeRules, ...]:
    """The themes, their terms joined into one pattern per rule (each term was checked on its own)."""
    themes = []
    for i, t in enumerate(raw):
        if not t.get("title"):
            continue  # already reported
        try:
            rules = tuple(Rule(_terms(r["terms"]), r.get("weight", 1.0)) for r in t.get("rules", [])
                          if r.get("terms"))
            negative = (Rule(_terms(t["negative"]), 1.0),) if t.get("negative") else ()
        except re.error as e:  # terms fine one by one but not together, such as one group name used twice
            problems.append(f"{where}: themes[{i}]: the terms of {t['title']!r} do not join into one pattern: {e}")
            continue
        themes.append(ThemeRules(slugify(t["title"]), t["title"], t.get("description", ""), rules, negative,
                                 t.get("priority", 0)))
    return tuple(themes)


def _whole_words(terms: list[str]) -> str:
    """One pattern matching any of the terms as whole words; a term may itself be a pattern."""
    return r"(?<!\w)(?:" + "|".join(f"(?:{t})" for t in terms) + r")(?!\w)"


def _terms(terms: list[str]) -> re.Pattern:
    return re.compile(_whole_words(terms), re.IGNORECASE)


def _chain(path: Path) -> tuple[dict, list[str], dict[str, str]]:
    """A file's values merged over those of the files it `extends`, every file's problems, and where each key was set."""
    values, problems, lines = _read(path)
    where = {key: f"{path}:{line}" for key, line in lines.items()}
    chain, current = {path}, path
    while values.get("extends"):
        at = where.get("extends", str(current))
        parent = (current.parent / values.pop("extends")).resolve()
        if parent in chain or not parent.is_file():
            problems.append(f"{at}: extends: {'cycle at' if parent in chain else 'no such file'} {parent.name}")
            break
        chain.add(parent)
        base, more, base_lines = _read(parent)
        problems += more
        where = {**{key: f"{parent}:{line}" for key, line in base_lines.items()}, **where}
        where["extends"] = f"{parent}:{base_lines['extends']}" if "extends" in base else at
        values, current = _merge(base, values), parent
    values.pop("extends", None)
    return values, problems, where


def load_config(path: Path | None = None) -> Config:
    """Read a configuration over the package defaults (and what it `extends`); raise ConfigError on any problem."""
    path = (path or DEFAULT_CONFIG).resolve()
    values, problems, where = _chain(PACKAGE_DEFAULTS)
    if path.is_file() or path != DEFAULT_CONFIG:  # an installed package has no example configuration
        own, more, own_where = _chain(path)
        values, problems, where = _merge(values, own), problems + more, {**where, **own_where}
    else:
        path = PACKAGE_DEFAULTS
    themes = _themes(values.get("themes", []), where.get("themes", str(path)), problems)
    if problems:
        raise ConfigError(problems)
    source, furniture = values.get("source", {}), values.get("furniture", {})
    learn, reader = furniture.get("learn", {}), values.get("reader", {})
    match, scoring = values.get("match", {}), values.get("theme_scoring", {})
    matching = Matching(tuple(sorted(match.get("aliases", {}).items())), tuple(match.get("honorifics", ())),
                        match.get("containment", 0.8))
    reading = Reading(
        timezone=source.get("timezone") or ZoneInfo("UTC"),
        furniture_lines=tuple(furniture.get("lines", ())),
        caption_lines=tuple(furniture.get("captions", ())),
        card_intros=tuple(furniture.get("card_intros", ())),
        learning=Learning(learn.get("enabled", True), learn.get("zone", 12), learn.get("min_contexts", 2),
                          learn.get("min_share", 0.5)),
        labels=tuple(reader.get("labels", ())),
        timestamps=tuple(reader.get("timestamps", ())),
        post_markers=tuple(reader.get("post_markers", ())),
        update_words=tuple(reader.get("update_words", ())),
        datelines=tuple(reader.get("datelines", ())),
        summary_headings=tuple(reader.get("summary_headings", ())),
        max_headline_chars=reader.get("max_headline_chars", 160),
        matching=matching,
    )
    theming = Theming(
        themes=themes,
        tags=tuple((t["name"], t["pattern"]) for t in values.get("tags", []) if "name" in t and "pattern" in t),
        headline_weight=scoring.get("headline_weight", 3.0),
        min_score=scoring.get("min_score", 2.0),
        honorifics=matching.honorifics,
    )
    return Config(path, source.get("title"), reading, matching, theming, Site(**values.get("site", {})))
