"""Load and validate the digest configuration (YAML), reporting every problem at once."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from slugify import slugify

from .errors import ConfigError

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "digest.yml"


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
class Config:
    """The validated configuration."""

    path: Path | None
    title: str | None
    timezone: ZoneInfo
    furniture_lines: tuple[re.Pattern, ...] = ()
    caption_lines: tuple[re.Pattern, ...] = ()
    card_intros: tuple[re.Pattern, ...] = ()
    learn_furniture: bool = True
    learn_zone: int = 12
    learn_min_contexts: int = 2
    learn_min_share: float = 0.5
    labels: tuple[str, ...] = ()
    timestamps: tuple[re.Pattern, ...] = ()
    post_markers: tuple[re.Pattern, ...] = ()
    update_words: tuple[re.Pattern, ...] = ()
    datelines: tuple[re.Pattern, ...] = ()
    summary_headings: tuple[re.Pattern, ...] = ()
    max_headline_chars: int = 160
    aliases: tuple[tuple[str, str], ...] = ()
    honorifics: tuple[str, ...] = ()
    containment: float = 0.8
    headline_weight: float = 3.0
    min_theme_score: float = 2.0
    themes: tuple[ThemeRules, ...] = ()
    tags: tuple[tuple[str, re.Pattern], ...] = ()
    site: dict[str, Any] = field(default_factory=dict)


class _Checker:
    """Walks a YAML node tree against a schema, collecting problems with their lines."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def fail(self, node: yaml.Node, key: str, message: str) -> None:
        self.problems.append(f"{self.path}:{node.start_mark.line + 1}: {key}: {message}")

    def mapping(self, node, key, fields: dict[str, Callable]) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, key, "expected a mapping")
            return {}
        out = {}
        for knode, vnode in node.value:
            name = knode.value
            where = f"{key}.{name}" if key else name
            if name not in fields:
                close = difflib.get_close_matches(name, fields, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(knode, where, f"unknown key{hint}; expected one of {', '.join(fields)}")
                continue
            out[name] = fields[name](self, vnode, where)
        return out


def _scalar(kind: type, what: str, test: Callable[[Any], bool] = lambda v: True):
    def check(c: _Checker, node, key):
        if not isinstance(node, yaml.ScalarNode):
            c.fail(node, key, f"expected {what}")
            return None
        value = node.value if kind is str else yaml.constructor.SafeConstructor().construct_object(node)
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
FRACTION = _scalar(float, "a number between 0 and 1", lambda v: 0 <= v <= 1)
NUMBER = _scalar(float, "a number")


def REGEX(c: _Checker, node, key):
    text = TEXT(c, node, key)
    if text is None:
        return None
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as e:
        c.fail(node, key, f"bad pattern {text!r}: {e}")
        return None


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
    return {k.value: v for k, vn in node.value if (v := TEXT(c, vn, f"{key}.{k.value}")) is not None}


RULE = section(terms=listof(TEXT), weight=NUMBER)
THEME = section(title=TEXT, description=TEXT, priority=_scalar(int, "a whole number"),
                rules=listof(RULE), negative=listof(TEXT))
TAG = section(name=TEXT, pattern=REGEX)

SCHEMA = {
    "extends": TEXT,
    "source": section(title=TEXT, timezone=TIMEZONE),
    "furniture": section(
        lines=listof(REGEX), captions=listof(REGEX), card_intros=listof(REGEX),
        learn=section(enabled=BOOL, zone=POSITIVE, min_contexts=POSITIVE, min_share=FRACTION)),
    "reader": section(labels=listof(TEXT), timestamps=listof(REGEX), post_markers=listof(REGEX),
                      update_words=listof(REGEX), datelines=listof(REGEX),
                      summary_headings=listof(REGEX), max_headline_chars=POSITIVE),
    "match": section(aliases=ALIASES, honorifics=listof(TEXT), containment=FRACTION),
    "themes": listof(THEME),
    "theme_scoring": section(headline_weight=NUMBER, min_score=NUMBER),
    "tags": listof(TAG),
    "site": section(title=TEXT, description=TEXT, url=TEXT, repo_url=TEXT, author=TEXT),
}


def _read(path: Path) -> tuple[dict, list[str]]:
    """One file's validated values, and its problems."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError([f"{path}: cannot read the configuration: {e}"]) from e
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError([f"{path}{line}: invalid YAML: {getattr(e, 'problem', e)}"]) from e
    checker = _Checker(path)
    values = checker.mapping(node, "", SCHEMA) if node is not None else {}
    return values, checker.problems


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _themes(raw: list[dict], path: Path, problems: list[str]) -> tuple[ThemeRules, ...]:
    themes, seen = [], set()
    for i, t in enumerate(raw):
        title = t.get("title")
        if not title:
            problems.append(f"{path}: themes[{i}]: a theme needs a title")
            continue
        tid = slugify(title)
        if tid in seen:
            problems.append(f"{path}: themes[{i}]: two themes share the id {tid!r}")
        seen.add(tid)
        rules = tuple(Rule(_terms(r.get("terms", [])), r.get("weight", 1.0)) for r in t.get("rules", []))
        negative = (Rule(_terms(t["negative"]), 1.0),) if t.get("negative") else ()
        themes.append(ThemeRules(tid, title, t.get("description", ""), rules, negative, t.get("priority", 0)))
    return tuple(themes)


def _terms(terms: list[str]) -> re.Pattern:
    """One pattern matching any of the terms as whole words; a term may itself be a pattern."""
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{t})" for t in terms) + r")(?!\w)", re.IGNORECASE)


def load_config(path: Path | None = None) -> Config:
    """Read, merge (`extends`) and validate a configuration; raise ConfigError listing every problem."""
    path = (path or DEFAULT_CONFIG).resolve()
    values, problems = _read(path)
    chain = {path}
    while "extends" in values:
        parent = (path.parent / values.pop("extends")).resolve()
        if parent in chain or not parent.exists():
            problems.append(f"{path}: extends: {'cycle at' if parent in chain else 'no such file'} {parent.name}")
            break
        chain.add(parent)
        base, more = _read(parent)
        problems += more
        values = _merge(base, values)
    for theme in values.get("themes", []):
        for rule in theme.get("rules", []):
            try:
                _terms(rule.get("terms", []))
            except re.error as e:
                problems.append(f"{path}: themes: {theme.get('title')}: bad term pattern: {e}")
    themes = _themes(values.get("themes", []), path, problems)
    if problems:
        raise ConfigError(problems)
    source, furniture = values.get("source", {}), values.get("furniture", {})
    learn, reader = furniture.get("learn", {}), values.get("reader", {})
    match, scoring = values.get("match", {}), values.get("theme_scoring", {})
    return Config(
        path=path,
        title=source.get("title"),
        timezone=source.get("timezone") or ZoneInfo("UTC"),
        furniture_lines=tuple(furniture.get("lines", ())),
        caption_lines=tuple(furniture.get("captions", ())),
        card_intros=tuple(furniture.get("card_intros", ())),
        learn_furniture=learn.get("enabled", True),
        learn_zone=learn.get("zone", 12),
        learn_min_contexts=learn.get("min_contexts", 2),
        learn_min_share=learn.get("min_share", 0.5),
        labels=tuple(reader.get("labels", ())),
        timestamps=tuple(reader.get("timestamps", ())),
        post_markers=tuple(reader.get("post_markers", ())),
        update_words=tuple(reader.get("update_words", ())),
        datelines=tuple(reader.get("datelines", ())),
        summary_headings=tuple(reader.get("summary_headings", ())),
        max_headline_chars=reader.get("max_headline_chars", 160),
        aliases=tuple(sorted(match.get("aliases", {}).items())),
        honorifics=tuple(match.get("honorifics", ())),
        containment=match.get("containment", 0.8),
        headline_weight=scoring.get("headline_weight", 3.0),
        min_theme_score=scoring.get("min_score", 2.0),
        themes=themes,
        tags=tuple((t["name"], t["pattern"]) for t in values.get("tags", []) if "name" in t and "pattern" in t),
        site=values.get("site", {}),
    )
