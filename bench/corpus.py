"""A synthetic live blog saved every hour, with the truth about every post: the benchmark's corpus.

`generate(folder, days=365)` writes a year of plain-text snapshots (the shape of examples/snapshots:
title, standfirst, a donation appeal glued to the first summary paragraph, the summary, the feed newest
first, the footer), `snapshots.yml` with every capture time and `truth.json`: for every post
occurrence (snapshot, position on the page) the post it really is. The text comes from templates and
word lists; posts are edited the way real blogs edit them (quotes, spellings of names, retitles,
bodies cut or extended, agency copies beside the original, ICYMI re-posts the next day, PINNED posts,
posts taken down) and templated posts that only look alike (the nightly drone count) stay distinct.

Everything is drawn from one `random.Random(seed)`, day after day, so the same arguments write the
same bytes and a longer corpus starts with the shorter one: `next_snapshot` writes the hour after.
"""
from __future__ import annotations

import json
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from corpus_text import AGENCIES, APPEAL, BACKGROUND, FOOTER, GENERIC, SYNONYMS, TOPICS, VARIANTS, Slots, straighten

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
SIZES = {"week": 7, "quarter": 91, "year": 365, "heavy": 365}
HEAVY = frozenset({"heavy"})
"""Sizes written heavy: longer posts, and every capture shows each post with its own quotes and spellings."""
SOURCE = "Ukraine war live (The Morning Chronicle, synthetic)"
EDITS = {  # chance that a post gets each edit
    "extended": 0.10, "truncated": 0.04, "retitled": 0.10, "quotes": 0.08, "spelling": 0.08,
    "agency copy": 0.02, "icymi": 0.03, "taken down": 0.005,
}
CARDS_A_DAY = 2
BARE_A_DAY = 1
PARAGRAPHS = (1, 2, 3, 4, 5, 6)
PARAGRAPH_WEIGHTS = (14, 28, 28, 16, 9, 5)
HEAVY_PARAGRAPH_WEIGHTS = (3, 8, 18, 26, 24, 21)
"""A heavy blog's posts run longer."""
HEAVY_GENERIC, HEAVY_SENTENCES = 16, (2, 3, 3, 4)
"""…drawing on more general sentences, more of them to a paragraph."""
CAPTURE_VARIANT = 0.5
"""In a heavy blog, the chance that a capture shows a post with straight quotes, and (apart) with variant spellings."""


@dataclass(frozen=True)
class Truth:
    """What the corpus really holds: the true post behind every post occurrence."""

    seed: int
    days: int
    per_day: int
    visible: int
    posts: int
    """Distinct true posts shown at least once."""
    snapshots: tuple[tuple[str, str, tuple[int, ...]], ...]
    """Per snapshot, oldest first: file name, capture time (ISO 8601), the true post id at each position."""
    edits: tuple[tuple[str, int], ...] = ()
    """How many posts got each kind of edit."""

    def post_of(self) -> dict[tuple[str, int], int]:
        """(snapshot name, position) → true post id."""
        return {(name, k): post for name, _, posts in self.snapshots for k, post in enumerate(posts)}

    @property
    def occurrences(self) -> int:
        return sum(len(posts) for _, _, posts in self.snapshots)

    def to_json(self) -> str:
        return json.dumps({"seed": self.seed, "days": self.days, "per_day": self.per_day, "visible": self.visible,
                           "posts": self.posts, "edits": dict(self.edits),
                           "snapshots": [{"name": n, "captured_at": c, "posts": list(p)}
                                         for n, c, p in self.snapshots]}, separators=(",", ":"))

    @classmethod
    def load(cls, path: Path) -> Truth:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return cls(data["seed"], data["days"], data["per_day"], data["visible"], data["posts"],
                   tuple((s["name"], s["captured_at"], tuple(s["posts"])) for s in data["snapshots"]),
                   tuple(data["edits"].items()))


@dataclass
class _Entry:
    """One post as it stands in the feed (an agency copy or a re-post is an entry of its own)."""

    post: int
    minute: int
    order: int
    kind: str = "post"
    versions: list[tuple[int, str, str]] = field(default_factory=list)
    """(first snapshot index, headline line, the lines under it) oldest first."""
    gone: int | None = None
    pinned: tuple[int, int] | None = None

    def at(self, s: int) -> tuple[str, str]:
        version = self.versions[0]
        for v in self.versions:
            if v[0] <= s:
                version = v
        return version[1], version[2]


@dataclass
class _Day:
    title: str
    standfirst: str
    leads: tuple[str, str, str]
    summary: tuple[str, str]
    names: tuple[str, ...]


class _Blog:
    """The live blog, simulated one day at a time from one random stream."""

    def __init__(self, seed: int, per_day: int, visible: int, heavy: bool = False):
        if 1440 % per_day:
            raise ValueError("per_day must divide a day into whole minutes")
        self.seed, self.heavy = seed, heavy
        self.rng = random.Random(seed)
        self.per_day, self.visible, self.step = per_day, visible, 1440 // per_day
        self.slots = Slots(self.rng)
        self.entries: list[_Entry] = []
        self.days: list[_Day] = []
        self.posts = 0
        self.edits = {kind: 0 for kind in EDITS}
        self.used_headlines: set[str] = set()
        self.pins: dict[int, _Entry] = {}
        """Snapshot index → the post pinned on top of it."""

    # -- simulation ---------------------------------------------------------------------------------
    def simulate(self, days: int) -> None:
        for day in range(-1, days):  # day -1 fills the page the first snapshot shows
            self._day(day)
        self.entries.sort(key=lambda e: (e.minute, e.order))
        self.minutes = [e.minute for e in self.entries]

    def _day(self, day: int) -> None:
        rng = self.rng
        count = rng.randint(self.visible * 9 // 10, self.visible * 11 // 10)
        minutes = sorted(day * 1440 + self._minute() for _ in range(count))
        kinds = ["post"] * count
        for kind, n in (("card", CARDS_A_DAY), ("bare", BARE_A_DAY)):
            for _ in range(n):
                k = rng.randrange(1, count)
                if kinds[k] == "post" and "card" not in (kinds[k - 1], kinds[min(k + 1, count - 1)]):
                    kinds[k] = kind  # never a card just older than a bare post (the reader drops it as a caption)
        kinds[0] = "post"
        made = [self._entry(kind, minute, day) for kind, minute in zip(kinds, minutes)]
        if day >= 0:
            self._pin(day, [e for e in made if e.kind == "post"])
            self.days.append(self._front(day, [e for e in made if e.kind == "post"]))

    def _minute(self) -> int:
        """Busy by day, quiet at night."""
        hour = self.rng.choices(range(24), weights=(1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5, 4, 3, 2,
                                                    1))[0]
        return hour * 60 + self.rng.randrange(60)

    def _first(self, minute: int) -> int:
        """Index of the first snapshot showing a post published at `minute`."""
        return -(-minute // self.step)

    def _entry(self, kind: str, minute: int, day: int) -> _Entry:
        self.posts += 1
        entry = _Entry(self.posts, minute, len(self.entries), kind)
        self.entries.append(entry)
        s0 = self._first(minute)
        if kind == "card":
            title, description = self._unique(self.slots.card)
            entry.versions.append((s0, title, f"{title}\n\n{description}"))
            return entry
        if kind == "bare":
            headline = self._unique(lambda: (self.slots.bare(day),))[0]
            entry.versions.append((s0, f"In pictures: {headline}", ""))
            return entry
        self._post(entry, s0)
        return entry

    def _unique(self, make) -> tuple[str, ...]:
        while True:
            made = make()
            if made[0].casefold() not in self.used_headlines:
                self.used_headlines.add(made[0].casefold())
                return made

    def _post(self, entry: _Entry, s0: int) -> None:
        rng = self.rng
        topic = rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]
        facts = self.slots.facts(topic)
        headlines = [self.slots.fill(h, **facts) for h in rng.sample(topic.headlines, 3)]
        weights = HEAVY_PARAGRAPH_WEIGHTS if self.heavy else PARAGRAPH_WEIGHTS
        paragraphs = self._body(topic, facts, rng.choices(PARAGRAPHS, weights)[0])
        card = ""
        if rng.random() < 0.05:
            title, description = self._unique(self.slots.card)
            card = f"\n\nRead the full story below:\n\n{title}\n\n{description}"
        state = {"headline": headlines[0], "paragraphs": paragraphs, "straight": False, "variant": False}
        events: list[tuple[int, str]] = []
        delay = max(1, self.per_day // 3)
        for kind, chance in EDITS.items():
            if rng.random() >= chance or not self._applies(kind, paragraphs, state):
                continue
            self.edits[kind] += 1
            at = s0 + rng.randint(1, delay)
            if kind == "extended":
                state["paragraphs"] = paragraphs[:-1]
                events.append((at, kind))
            elif kind == "taken down":
                entry.gone = at
            elif kind == "agency copy":
                self._agency(entry, headlines[2], paragraphs, card)
            elif kind == "icymi":
                self._icymi(entry, headlines, paragraphs, card)
            else:
                events.append((at, kind))
        entry.versions.append((s0, *self._render(state, card)))
        for at, kind in sorted(events):
            if kind == "extended":
                state["paragraphs"] = paragraphs
            elif kind == "truncated":
                state["paragraphs"] = state["paragraphs"][:-1] if len(state["paragraphs"]) > 1 else paragraphs
            elif kind == "retitled":
                state["headline"] = headlines[1]
            elif kind == "quotes":
                state["straight"] = not state["straight"]
            elif kind == "spelling":
                state["variant"] = not state["variant"]
            entry.versions.append((at, *self._render(state, card)))

    @staticmethod
    def _applies(kind: str, paragraphs: list[str], state: dict) -> bool:
        text = state["headline"] + " ".join(paragraphs)
        if kind in ("extended", "truncated"):
            return len(paragraphs) > 1
        if kind == "quotes":
            return straighten(text) != text
        if kind == "spelling":
            return any(re.search(rf"\b{old}\b", text) for old, _ in VARIANTS)
        return True

    def _body(self, topic, facts: dict, count: int) -> list[str]:
        rng = self.rng
        pool = list(topic.more) + list(rng.sample(GENERIC, HEAVY_GENERIC if self.heavy else 8))
        rng.shuffle(pool)
        first = [rng.choice(topic.first), pool.pop(), pool.pop()]  # the shortest version must still be telling
        paragraphs = [" ".join(self.slots.fill(s, **facts) for s in first)]
        while len(paragraphs) < count and pool:
            sentences = [pool.pop() for _ in range(min(len(pool), rng.choice(HEAVY_SENTENCES if self.heavy
                                                                              else (1, 2, 2, 3))))]
            paragraphs.append(" ".join(self.slots.fill(s, **facts) for s in sentences))
        if rng.random() < 0.3:
            k = rng.randrange(len(paragraphs))
            paragraphs[k] = f"{paragraphs[k]} {rng.choice(BACKGROUND)}"
        return paragraphs

    @staticmethod
    def _render(state: dict, card: str) -> tuple[str, str]:
        headline, body = state["headline"], "\n\n".join(state["paragraphs"]) + card
        if state["variant"]:
            for old, new in VARIANTS:
                headline, body = re.sub(rf"\b{old}\b", new, headline), re.sub(rf"\b{old}\b", new, body)
        if state["straight"]:
            headline, body = straighten(headline), straighten(body)
        return headline, body

    def _agency(self, original: _Entry, headline: str, paragraphs: list[str], card: str) -> None:
        """A wire copy beside the original: another headline, one paragraph reworded, one added."""
        rng = self.rng
        copy = list(paragraphs)
        k = rng.randrange(len(copy))
        copy[k] = _reword(copy[k], rng)
        copy.append(self.slots.fill(rng.choice(AGENCIES)))
        minute = original.minute + rng.randint(1, 20)
        entry = _Entry(original.post, minute, len(self.entries))
        self.entries.append(entry)
        entry.versions.append((self._first(minute), *self._render(
            {"headline": headline, "paragraphs": copy, "straight": False, "variant": False}, card)))

    def _icymi(self, original: _Entry, headlines: list[str], paragraphs: list[str], card: str) -> None:
        """The same post again the next day, labelled ICYMI, sometimes under a new headline."""
        minute = original.minute + self.rng.randint(20 * 60, 28 * 60)
        headline = self.rng.choice((headlines[0], headlines[1]))
        entry = _Entry(original.post, minute, len(self.entries))
        self.entries.append(entry)
        entry.versions.append((self._first(minute), *self._render(
            {"headline": f"ICYMI: {headline}", "paragraphs": paragraphs, "straight": False, "variant": False}, card)))

    def _pin(self, day: int, posts: list[_Entry]) -> None:
        """Now and then a post of the day stays on top, labelled PINNED, for a few hours."""
        daytime = [e for e in posts if 8 * 60 <= e.minute - day * 1440 < 16 * 60 and e.gone is None]
        if daytime and self.rng.random() < 0.5:
            entry = self.rng.choice(daytime)
            s0 = self._first(entry.minute)
            entry.pinned = (s0, s0 + max(1, self.per_day // 4))
            for s in range(*entry.pinned):
                self.pins[s] = entry

    def _front(self, day: int, posts: list[_Entry]) -> _Day:
        """The day's page title, standfirst and summary paragraphs, and its snapshots' names."""
        rng = self.rng
        lead, second = rng.sample(posts, 2)
        paragraphs = []
        while len(paragraphs) < 5:
            topic = rng.choice(TOPICS)
            text = self.slots.fill(rng.choice(topic.first), **self.slots.facts(topic))
            if text[0].isalpha() and text[0].isupper():
                paragraphs.append(text)
        when = START + timedelta(days=day)
        names = tuple(f"{(when + timedelta(minutes=j * self.step)):%Y-%m-%dT%H%MZ}-{rng.getrandbits(24):06x}.txt"
                      for j in range(self.per_day))
        return _Day(f"Ukraine war live: {lead.versions[0][1]}", second.versions[0][1], tuple(paragraphs[:3]),
                    tuple(paragraphs[3:]), names)

    # -- snapshots ----------------------------------------------------------------------------------
    def name(self, s: int) -> str:
        return self.days[s // self.per_day].names[s % self.per_day]

    def captured(self, s: int) -> datetime:
        return START + timedelta(minutes=s * self.step)

    def feed(self, s: int) -> list[_Entry]:
        """The entries a snapshot shows, top first: the pinned post, then the newest."""
        pinned = self.pins.get(s)
        shown = [pinned] if pinned else []
        k = bisect_right(self.minutes, s * self.step)
        while k > 0 and len(shown) < self.visible:
            k -= 1
            e = self.entries[k]
            if (e.gone is None or e.gone > s) and e is not pinned:
                shown.append(e)
        return shown

    def _captured_variant(self, s: int, e: _Entry, headline: str, body: str) -> tuple[str, str]:
        """The post as capture s shows it in a heavy blog: its own quotes and spellings (not from the main stream)."""
        rng = random.Random(f"{self.seed}:{s}:{e.order}")
        if rng.random() < CAPTURE_VARIANT:
            headline, body = straighten(headline), straighten(body)
        if rng.random() < CAPTURE_VARIANT:
            for old, new in VARIANTS:
                headline, body = re.sub(rf"\b{old}\b", new, headline), re.sub(rf"\b{old}\b", new, body)
        return headline, body

    def snapshot(self, s: int) -> tuple[str, tuple[int, ...]]:
        """The text of snapshot s and the true post at each position."""
        day = self.days[s // self.per_day]
        j = s % self.per_day
        summary = [day.leads[j * 3 // self.per_day], day.summary[0]] + ([day.summary[1]] if j >= self.per_day // 2
                                                                         else [])
        parts = [day.title, day.standfirst, *APPEAL[:-1], APPEAL[-1] + summary[0], *summary[1:]]
        feed = self.feed(s)
        for k, e in enumerate(feed):
            headline, body = e.at(s)
            if self.heavy and e.kind == "post":
                headline, body = self._captured_variant(s, e, headline, body)
            if k == 0 and e is self.pins.get(s):
                headline = f"PINNED: {headline}"
            parts.append(f"{headline}\n\n{body}" if e.kind == "card" or body else headline)
        parts.extend(FOOTER)
        return "\n\n".join(parts) + "\n", tuple(e.post for e in feed)


def _reword(paragraph: str, rng: random.Random) -> str:
    """The paragraph with two words swapped for synonyms (an agency's own wording)."""
    found = [m for m in re.finditer(r"\b(" + "|".join(SYNONYMS) + r")\b", paragraph)]
    for m in sorted(rng.sample(found, min(2, len(found))), key=lambda m: -m.start()):
        paragraph = paragraph[:m.start()] + SYNONYMS[m.group(1)] + paragraph[m.end():]
    return paragraph if found else "According to officials, " + paragraph[0].lower() + paragraph[1:]


def _manifest(blog: _Blog, count: int) -> str:
    lines = ["# Capture times of the synthetic benchmark blog (bench/corpus.py).", "source:",
             f'  title: "{SOURCE}"', "  timezone: Europe/London", "snapshots:"]
    for s in range(count):
        lines += [f"  {blog.name(s)}:", f'    captured_at: "{blog.captured(s).isoformat()}"']
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(folder: Path, *, days: int, seed: int = 7, per_day: int = 24, visible: int = 40,
             heavy: bool = False) -> Truth:
    """Write `days` days of hourly snapshots (per_day a day) into `folder`, with snapshots.yml and truth.json."""
    blog = _Blog(seed, per_day, visible, heavy)
    blog.simulate(days)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for s in range(days * per_day):
        text, posts = blog.snapshot(s)
        _write(folder / blog.name(s), text)
        rows.append((blog.name(s), blog.captured(s).isoformat(), posts))
    _write(folder / "snapshots.yml", _manifest(blog, days * per_day))
    shown = {post for _, _, posts in rows for post in posts}
    truth = Truth(seed, days, per_day, visible, len(shown), tuple(rows), tuple(blog.edits.items()))
    _write(folder / "truth.json", truth.to_json())
    return truth


def next_snapshot(folder: Path, *, days: int, seed: int = 7, per_day: int = 24, visible: int = 40,
                  heavy: bool = False) -> tuple[str, tuple[int, ...]]:
    """Add the snapshot captured right after a generated corpus, and list it in snapshots.yml.

    Returns its file name and the true post at each position. truth.json is left as it was.
    """
    blog = _Blog(seed, per_day, visible, heavy)
    blog.simulate(days + 1)
    s = days * per_day
    text, posts = blog.snapshot(s)
    _write(folder / blog.name(s), text)
    _write(folder / "snapshots.yml", _manifest(blog, s + 1))
    return blog.name(s), posts
