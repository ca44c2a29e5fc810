"""The records that flow through a build: snapshots, posts, items, days and themes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True, order=True)
class Snapshot:
    """One saved copy of the live blog."""

    captured_at: datetime | None
    """When it was saved (timezone-aware), or None when nothing tells."""
    name: str
    """File name inside the snapshots folder: the snapshot's identity in the output."""
    path: Path = field(compare=False)
    """Where the file is (for a record of a web archive, the archive file)."""
    url: str | None = field(default=None, compare=False)
    """The address it was captured from (a web archive's address of the capture, where there is one)."""
    member: str = field(default="", compare=False)
    """Inside a WACZ archive, the WARC file that holds the record ('' for a WARC file itself)."""
    offset: int | None = field(default=None, compare=False)
    """Where its record starts in the WARC, for a record of a web archive; None for a loose file."""
    format: str = field(default="", compare=False)
    """'html' or 'text' when the file name does not tell (records of a web archive)."""


@dataclass(frozen=True)
class Card:
    """A related article or video shown inside or beside a post."""

    title: str
    """The card's title line."""
    description: str = ""
    """The one-line description under the title, if any."""
    url: str | None = None
    """Where the card points, when the snapshot says."""


@dataclass(frozen=True)
class Post:
    """One post as one snapshot shows it."""

    snapshot: str
    """Name of the snapshot it was read from."""
    position: int
    """Place in that snapshot's feed, 0 for the top."""
    line: int
    """Line of the snapshot where the post starts (1-based)."""
    headline: str
    """The headline without its labels ('' for a post shown without one)."""
    body: tuple[str, ...] = ()
    """Body paragraphs, in order."""
    labels: tuple[str, ...] = ()
    """Prefixes such as PINNED or ICYMI, as printed."""
    published: datetime | None = None
    """The blog's own timestamp for the post, where one was printed."""
    byline: str | None = None
    """The author's name, where one was printed."""
    cards: tuple[Card, ...] = ()
    """Related articles and videos attached to the post."""
    kind: str = "post"
    """'post', or 'card' for a video or article card standing on its own in the feed."""
    source_id: str | None = None
    """A stable id the page itself gives the post (HTML snapshots)."""

    @property
    def shown_headline(self) -> str:
        """The headline as a reader saw it, labels included."""
        return ": ".join((*self.labels, self.headline)) if self.labels else self.headline


@dataclass(frozen=True)
class Page:
    """What one snapshot holds once its furniture is gone."""

    snapshot: Snapshot
    """The snapshot it was read from."""
    title: str | None
    """The page title, if the snapshot has one."""
    standfirst: str | None
    """The line under the title, if any."""
    summary: tuple[str, ...]
    """The un-headed summary paragraphs at the top."""
    posts: tuple[Post, ...]
    """The feed, newest first as shown."""
    furniture: tuple[str, ...] = ()
    """Lines removed as page furniture (appeals, prompts, captions, card intros)."""
    glued: int = 0
    """Lines so long they held several paragraphs glued together, cut back at sentence boundaries."""


@dataclass(frozen=True)
class Paragraph:
    """A summary paragraph, merged across snapshots."""

    text: str
    """The latest wording."""
    first_seen: datetime | None
    """Capture time of the first snapshot that showed it."""
    snapshots: tuple[str, ...]
    """Names of the snapshots that showed it."""
    earlier: tuple[str, ...] = ()
    """Other wordings it had before the latest."""


@dataclass(frozen=True)
class Change:
    """How a post differed from its previous version."""

    at: datetime | None
    """Capture time of the snapshot that first showed the new version."""
    snapshot: str
    """That snapshot's name."""
    headline: tuple[str, str] | None = None
    """(old, new) when the headline changed."""
    added: tuple[int, ...] = ()
    """1-based places of paragraphs added in the new version."""
    removed: tuple[str, ...] = ()
    """Paragraphs the new version no longer has."""
    edited: tuple[tuple[str, str], ...] = ()
    """(old, new) wordings of reworded paragraphs."""


@dataclass(frozen=True)
class Item:
    """A post merged across every snapshot and copy that showed it."""

    id: str
    """Stable id derived from the post's first version."""
    headline: str
    """The latest headline, without labels."""
    headlines: tuple[str, ...]
    """Every headline it was shown with (labels included), oldest first."""
    labels: tuple[str, ...]
    """Labels of its latest version (PINNED, ICYMI…)."""
    body: tuple[str, ...]
    """The most complete body seen."""
    published: datetime | None
    """The blog's earliest timestamp for it, if printed."""
    byline: str | None
    """Author, if printed."""
    cards: tuple[Card, ...]
    """Related cards, merged."""
    kind: str
    """'post' or 'card'."""
    first_seen: datetime | None
    """Capture time of the first snapshot that showed it."""
    last_seen: datetime | None
    """Capture time of the last snapshot that showed it."""
    snapshots: tuple[str, ...]
    """Names of the snapshots that showed it, sorted."""
    earlier: tuple[str, ...] = ()
    """Paragraphs of other versions that the kept body no longer has (earlier or other wordings)."""
    copies: int = 1
    """How many post versions were merged into it."""
    position: int = 0
    """Its place in the feed of the first snapshot that showed it (0 = top)."""
    changes: tuple[Change, ...] = ()
    """Headline and paragraph changes between the versions seen, oldest first."""
    removed_after: datetime | None = None
    """Set when the post was taken down: the capture time of the last snapshot showing it."""
    day: date | None = None
    """The day it belongs to (source timezone), None when undated."""
    theme: str | None = None
    """Id of the theme it is filed under."""
    tags: tuple[str, ...] = ()
    """Names and terms it is tagged with."""

    @property
    def shown_headline(self) -> str:
        """The headline as a reader saw it last, labels included."""
        return ": ".join((*self.labels, self.headline)) if self.labels else self.headline

    @property
    def evidence(self) -> datetime | None:
        """The earliest sign of the post: its own timestamp or its first capture."""
        times = [t for t in (self.published, self.first_seen) if t is not None]
        return min(times) if times else None


@dataclass(frozen=True)
class Theme:
    """A strand of the story that items are filed under."""

    id: str
    """Slug of the title."""
    title: str
    """Name shown to readers."""
    description: str = ""
    """One or two sentences for the theme page."""


@dataclass(frozen=True)
class Day:
    """One day of the live blog."""

    date: date
    """The day, in the source's timezone."""
    summary: tuple[Paragraph, ...]
    """Summary paragraphs first seen that day."""
    items: tuple[Item, ...]
    """Items that belong to the day, newest first."""
    titles: tuple[str, ...] = ()
    """Page titles the blog carried that day."""
    snapshots: tuple[str, ...] = ()
    """Snapshots captured that day."""


@dataclass(frozen=True)
class Digest:
    """Everything a build renders."""

    title: str
    """The live blog's name."""
    themes: tuple[Theme, ...]
    """Themes in configured order."""
    days: tuple[Day, ...]
    """Days, oldest first."""
    undated: tuple[Item, ...]
    """Items that could not be put on a day."""
    undated_summary: tuple[Paragraph, ...] = ()
    """Summary paragraphs from snapshots with no capture time."""
    snapshots: tuple[Snapshot, ...] = ()
    """Every snapshot read."""
