"""Dates: capture times from names, the blog's printed timestamps, and the day an item belongs to."""
from __future__ import annotations

import hashlib
import re
import zoneinfo
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from .models import Day, Item, Page, Paragraph

MONTHS = (
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"),
    ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
     "november", "dezember"),
    ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
     "novembre", "dicembre"),
    ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"),
    ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
     "noviembre", "diciembre"),
)
"""Month names, a tuple per language (English, German, Italian, French, Spanish): data, not rules."""
MONTH_ALIASES = {"sept": 9, "jän": 1, "maerz": 3, "mrz": 3}
"""Abbreviations that are no prefix of their month's name in any of the languages."""
ZONES = {"gmt": ZoneInfo("UTC"), "utc": ZoneInfo("UTC"), "bst": ZoneInfo("Europe/London"),
         "cet": ZoneInfo("Europe/Paris"), "cest": ZoneInfo("Europe/Paris"),
         "est": ZoneInfo("America/New_York"), "edt": ZoneInfo("America/New_York"),
         "et": ZoneInfo("America/New_York"), "pt": ZoneInfo("America/Los_Angeles"),
         "ist": ZoneInfo("Asia/Kolkata"), "mez": ZoneInfo("Europe/Berlin"), "mesz": ZoneInfo("Europe/Berlin"),
         "aest": ZoneInfo("Australia/Sydney"), "aedt": ZoneInfo("Australia/Sydney"), "pst": ZoneInfo("America/Los_Angeles"),
         "pdt": ZoneInfo("America/Los_Angeles"), "cst": ZoneInfo("America/Chicago"), "cdt": ZoneInfo("America/Chicago"),
         "uhr": ZoneInfo("Europe/Berlin")}
"""Zone abbreviations printed after times; `Uhr` (German for o'clock) is Central European time."""
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
NAME_STAMP = re.compile(
    r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})[T_ -]?(\d{2})[:\-]?(\d{2})(?:[:\-]?(\d{2}))?(Z|[+-]\d{2}:?\d{2})?(?!\d)",
    re.IGNORECASE)
EPOCH_MILLISECONDS_FROM = 10 ** 11
"""An epoch number above this counts milliseconds, not seconds (10^11 s is in the year 5138)."""
CLOCK_SKEW = timedelta(minutes=10)
"""A time-only stamp later than the capture by more than this is from the day before."""


def zone_rules(tz: tzinfo) -> str:
    """What a time zone's offsets come from: a hash of its zone file (the system's, or the tzdata package's, as
    zoneinfo finds it), so that text rendered under old rules is not taken for the new; the zone's own text for a
    fixed offset, or for a zone whose file cannot be read."""
    key = getattr(tz, "key", None)
    if not isinstance(key, str):
        return repr(tz)
    for root in zoneinfo.TZPATH:
        path = Path(root, *key.split("/"))
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    try:
        return hashlib.sha256(resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()).hexdigest()
    except (ImportError, OSError):
        return repr(tz)


def month_number(name: str) -> int | None:
    """1-12 for a month's name or its abbreviation (3 letters at least) in any language of MONTHS."""
    name = name.lower().rstrip(".")
    if len(name) < 3:
        return None
    if name in MONTH_ALIASES:
        return MONTH_ALIASES[name]
    found = {i for names in MONTHS for i, m in enumerate(names, 1) if m.startswith(name)}
    return found.pop() if len(found) == 1 else None


def parse_stamp(groups: dict[str, str | None], tz: tzinfo, captured_at: datetime | None) -> datetime | None:
    """A timestamp's named groups (see the configuration's `reader.timestamps`) as an aware datetime."""
    g = {k: v for k, v in groups.items() if v}
    try:
        if "epoch" in g:
            number = int(g["epoch"])
            return datetime.fromtimestamp(number / 1000 if number > EPOCH_MILLISECONDS_FROM else number, tz)
        if "iso" in g:
            stamp = datetime.fromisoformat(g["iso"].upper().replace(" ", "T").replace("Z", "+00:00"))
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=tz)
        if "now" in g:
            return captured_at.replace(second=0, microsecond=0) if captured_at else None
        if "ago" in g:
            if captured_at is None:
                return None
            seconds = int(g["ago"]) * UNITS[g.get("unit", "m")[0].lower()]
            return (captured_at - timedelta(seconds=seconds)).replace(second=0, microsecond=0)
        hour, minute = int(g["hour"]), int(g["minute"])
        ampm = g.get("ampm", "").lower().replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        zone = ZONES.get(g.get("tz", "").lower(), tz)
        if "day" in g:
            month = int(g["month"]) if g.get("month", "").isdigit() else month_number(g.get("month", ""))
            if month is None:
                return None
            return datetime(int(g["year"]), month, int(g["day"]), hour, minute, tzinfo=zone)
        if captured_at is None:
            return None
        local = captured_at.astimezone(zone)
        stamp = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if g.get("relday", "").lower() == "yesterday":
            return stamp - timedelta(days=1)
        return stamp - timedelta(days=1) if stamp > local + CLOCK_SKEW else stamp
    except (ValueError, KeyError, OverflowError, OSError):
        return None


def capture_from_name(name: str, tz: tzinfo) -> datetime | None:
    """The capture time written into a file name (`liveblog-2024-11-06T1030Z.txt`), if any."""
    match = NAME_STAMP.search(name)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        stamp = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if not zone:
        return stamp.replace(tzinfo=tz)
    zone = zone.upper().replace("Z", "+00:00")
    return datetime.fromisoformat(stamp.isoformat() + (zone if ":" in zone else zone[:3] + ":" + zone[3:]))


def day_of(moment: datetime | None, tz: tzinfo) -> date | None:
    """The calendar day of a moment in the source's timezone."""
    return moment.astimezone(tz).date() if moment else None


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 text of a moment, or None."""
    return moment.isoformat() if moment else None



def date_items(items: list[Item], tz: tzinfo) -> list[Item]:
    """Items with their day: that of their earliest evidence, in the source's timezone."""
    return [replace(item, day=day_of(item.evidence, tz)) for item in items]


def newest_first(item: Item) -> tuple:
    """Sort key: the latest evidence first, then the higher place on the page."""
    moment = item.published or item.first_seen
    return (-(moment.timestamp() if moment else 0.0), item.position, item.id)


def arrange_days(items: list[Item], summary: list[Paragraph], pages: list[Page],
                 tz: tzinfo) -> tuple[tuple[Day, ...], tuple[Item, ...], tuple[Paragraph, ...]]:
    """Days (oldest first) with their items and summary paragraphs; then what has no day."""
    by_day: dict[date | None, list[Item]] = defaultdict(list)
    for item in items:
        by_day[item.day].append(item)
    paragraphs: dict[date | None, list[Paragraph]] = defaultdict(list)
    for paragraph in summary:
        paragraphs[day_of(paragraph.first_seen, tz)].append(paragraph)
    titles: dict[date, dict[str, None]] = defaultdict(dict)
    names: dict[date, list[str]] = defaultdict(list)
    for page in sorted(pages, key=lambda p: (p.snapshot.captured_at is None, p.snapshot.captured_at, p.title or "")):
        day = day_of(page.snapshot.captured_at, tz)
        if day is not None:
            names[day].append(page.snapshot.name)
            if page.title:
                titles[day].setdefault(page.title)
    dates = sorted(d for d in set(by_day) | set(paragraphs) if d is not None)
    days = tuple(Day(d, tuple(paragraphs[d]), tuple(sorted(by_day[d], key=newest_first)),
                     tuple(titles[d]), tuple(names[d])) for d in dates)
    return fold_postless_days(days), tuple(sorted(by_day[None], key=newest_first)), tuple(paragraphs[None])


def fold_postless_days(days: tuple[Day, ...]) -> tuple[Day, ...]:
    """Days with no post (a capture after the blog ended) joined to the latest day before them that has posts.

    Their summary paragraphs and titles go there (its snapshots stay those captured that day), so no day page
    is empty and nothing is lost; when no earlier day has posts they join the first later one, and a digest with
    no post at all keeps its days.
    """
    if not any(day.items for day in days):
        return days
    kept: list[Day] = []
    waiting: list[Day] = []  # post-less days before the first day with posts
    for day in days:
        if day.items:
            kept.append(_joined(day, *waiting) if waiting else day)
            waiting = []
        elif kept:
            kept[-1] = _joined(kept[-1], day)
        else:
            waiting.append(day)
    return tuple(kept)


def _joined(day: Day, *others: Day) -> Day:
    """A day with the summary paragraphs and titles of other days added, in date order."""
    every = sorted((day, *others), key=lambda d: d.date)
    return replace(day, summary=tuple(p for d in every for p in d.summary),
                   titles=tuple(dict.fromkeys(t for d in every for t in d.titles)))
