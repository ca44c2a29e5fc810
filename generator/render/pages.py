"""The Markdown pages: home, days, themes, archive, tags and undated."""
from __future__ import annotations

import hashlib
import html
from collections import Counter, defaultdict
from datetime import date, tzinfo

from ..dates import iso, zone_rules
from ..changes import reworded
from ..terms import words
from ..models import Change, Day, Digest, Item, Paragraph, Snapshot, Theme
from .feed import theme_feed
from .markdown import (captures_by_day, day_page, escape, external_link, front_matter, headline, link, linkable,
                       long_date, month_name, month_page, plural, safe_url, short_time, tag_id, theme_page)

DAY_TAGS = 8
"""Tags in a day page's front matter: the day's most frequent."""
TOP_ITEMS = 8
"""Items the home page shows from the latest day."""
RECENT_DAYS = 14
"""Days the home page lists; the rest are in the archive."""
LISTS_ONLY = {"exclude": True}
"""Search settings of the pages that only list headlines of posts a day page holds in full: kept out of search."""
BELOW_POSTS = {"boost": 0.1}
"""Search settings of the home and theme pages: found by their own words, always below the posts."""


def describe(change: Change, quote=escape) -> str:
    """One line: what a change did (`quote` makes the old headline safe where it goes)."""
    parts = []
    if change.headline:
        parts.append(f"headline changed from “{quote(change.headline[0])}”")
    if change.added:
        parts.append(f"{plural(len(change.added), 'paragraph')} added")
    if change.edited:
        parts.append(f"{plural(len(change.edited), 'paragraph')} reworded")
    if change.removed:
        parts.append(f"{plural(len(change.removed), 'paragraph')} removed")
    return "; ".join(parts)


def changes_block(item: Item, tz: tzinfo) -> str:
    """A collapsible list of the item's changes: HTML that reads as text in raw Markdown too.

    Text the body already shows is referred to by place, never repeated.
    """
    kept = {" ".join(p.split()) for p in item.body}
    rows = []
    for change in item.changes:
        when = short_time(change.at, tz) or "later"
        if change.headline:
            rows.append(f"{when}: headline was “{html.escape(change.headline[0])}”, "
                        f"now “{html.escape(change.headline[1])}”")
        if change.added:
            rows.append(f"{when}: paragraph{'s' if len(change.added) > 1 else ''} "
                        f"{', '.join(map(str, change.added))} added")
        for old, new in change.edited:
            was, now = reworded(old, new)
            if " ".join(old.split()) in kept:
                rows.append(f"{when}: a paragraph shown above was reworded: “{html.escape(now)}”")
            elif " ".join(new.split()) in kept:
                rows.append(f"{when}: reworded; it read “{html.escape(was)}”")
            else:
                rows.append(f"{when}: reworded “{html.escape(was)}” as “{html.escape(now)}”")
        for old in change.removed:
            if " ".join(old.split()) not in kept:
                rows.append(f"{when}: removed “{html.escape(old)}”")
        still = sum(1 for old in change.removed if " ".join(old.split()) in kept)
        if still:
            rows.append(f"{when}: {plural(still, 'paragraph')} no longer on the page (kept above from a fuller version)")
    last = item.changes[-1]
    summary = (f"Updated {short_time(last.at, tz)}" if last.at else "Updated") + f": {describe(last, html.escape)}"
    if len(item.changes) > 1:
        summary += f" ({len(item.changes)} updates)"
    body = "".join(f"<li>{row}</li>\n" for row in rows)
    return f"<details class=\"digest-changes\">\n<summary>{summary}</summary>\n<ul>\n{body}</ul>\n</details>"


def posted(item: Item, tz: tzinfo) -> str:
    """An item's time as every page shows it: the blog's own; when that falls after the day the item is filed
    under (a post re-timed later), the first capture that showed it comes first, so the day reads right."""
    stamped = short_time(item.published, tz)
    if item.day is None or item.first_seen is None or item.published.astimezone(tz).date() <= item.day:
        return stamped
    return f"first seen {short_time(item.first_seen, tz)}, timed {stamped} by the blog"


ECHO = 0.5
"""Share of a summary paragraph's content words an item must hold to count as echoed in the summary."""


def pinned(item: Item) -> bool:
    """Whether the blog pinned the post (a PINNED label, in any case)."""
    return any(label.upper() == "PINNED" for label in item.labels)


def why_key(item: Item, items: list[Item], summary: list[set[str]]) -> str:
    """Why an item is among a theme's key developments that day ('' when it is not).

    `summary` holds the content words of each of the day's summary paragraphs.
    """
    reasons = []
    if pinned(item):
        reasons.append("pinned")
    text = set(words(" ".join((item.headline, *item.body))))
    if any(ws and len(ws & text) >= ECHO * len(ws) for ws in summary):
        reasons.append("in the day's summary")
    most = max(len(i.snapshots) for i in items)
    if most > 1 and len(item.snapshots) == most and len(items) > 1:
        reasons.append(f"seen in {plural(most, 'snapshot')}")
    return ", ".join(reasons)


def first_capture(item: Item, snapshots: dict[str, Snapshot]) -> Snapshot | None:
    """The snapshot that first showed the item: its earliest capture (then the first by name)."""
    shown = [snapshots[n] for n in item.snapshots if n in snapshots]
    return min(shown, key=lambda s: (s.captured_at is None, s.captured_at or item.first_seen, s.name), default=None)


def key_items(items: tuple[Item, ...] | list[Item]) -> list[Item]:
    """The day's key developments first: pinned, then seen in the most snapshots, then newest."""
    return sorted(items, key=lambda i: (not pinned(i), -len(i.snapshots)))


class Pages:
    """Every Markdown page of a digest, by path relative to the output folder.

    Day pages and the days of theme pages, the bulk of the text, are taken from `known` (rendered text by the
    key of everything it is made from, see `_key`) when it has them; `rendered` holds what this digest used,
    for the next build.
    """

    def __init__(self, digest: Digest, tz: tzinfo, known: dict[str, str] | None = None):
        self.digest = digest
        self.tz = tz
        self.known = known or {}
        self.rendered: dict[str, str] = {}
        self._digests: dict[date, str] = {}
        self.zone = zone_rules(tz)
        self.themes = {t.id: t for t in digest.themes}
        self.counts = Counter(i.theme for d in digest.days for i in d.items)
        self.theme_days: dict[str, list[tuple[Day, list[Item]]]] = defaultdict(list)
        """Each theme's days, oldest first, each with the theme's items that day (in the day's order)."""
        for day in digest.days:
            of: dict[str, list[Item]] = defaultdict(list)
            for item in day.items:
                of[item.theme].append(item)
            for theme, items in of.items():
                self.theme_days[theme].append((day, items))
        self.months: dict[str, list[Day]] = defaultdict(list)
        for day in digest.days:
            self.months[day.date.isoformat()[:7]].append(day)
        # Worked out once, not once per day: captures per day, and the changes and removals of each day.
        self.captures = defaultdict(list, captures_by_day(digest.snapshots, tz))
        self.snapshots = {s.name: s for s in digest.snapshots}
        self._summary_words: dict = {}
        self.updated: dict = defaultdict(list)
        self.removed: dict = defaultdict(list)
        for page, item in [(day_page(d), i) for d in digest.days for i in d.items] + \
                          [("undated.md", i) for i in digest.undated]:
            for change in item.changes:
                if change.at:
                    self.updated[change.at.astimezone(tz).date()].append((change, item, page))
            if item.removed_after:
                self.removed[item.removed_after.astimezone(tz).date()].append((item, page))

    def all(self) -> dict[str, str]:
        out = {"index.md": self.home(), "days/index.md": self.days_index(), "themes/index.md": self.themes_index(),
               "archive/index.md": self.archive_index(), "tags.md": self.tags()}
        days = self.digest.days
        for n, day in enumerate(days):
            before, after = days[n - 1] if n else None, days[n + 1] if n + 1 < len(days) else None
            out[day_page(day)] = self._remembered("day", self.day, day, before, after)
        out.update({theme_page(t): self.theme(t) for t in self.digest.themes})
        out.update({month_page(m): self.month(m) for m in self.months})
        if self.digest.undated or self.digest.undated_summary:
            out["undated.md"] = self.undated()
        return out

    def _remembered(self, kind: str, make, day: Day, *more) -> str:
        """`make(day, *more)`, or the text that part of a page (`kind`) had before, made from the same day."""
        key = self._key(kind, day, *more)
        text = self.known.get(key)
        if text is None:
            text = make(day, *more)
        self.rendered[key] = text
        return text

    def _key(self, kind: str, day: Day, *more) -> str:
        """What a day's text is made from, hashed: the day with each item by the digest of its every field
        (theme and tags included), the snapshot that first showed each, the captures and the changes that day,
        the themes in use, the time zone's rules, and the other arguments; dates stand for the neighbouring days."""
        made_of = (kind, self._day_digest(day), [m.date if isinstance(m, Day) else m for m in more])
        return hashlib.sha256(repr(made_of).encode()).hexdigest()

    def _day_digest(self, day: Day) -> str:
        """The digest of a day's part of `_key`, worked out once per day."""
        found = self._digests.get(day.date)
        if found is None:
            shown = [(hashlib.sha256(repr(i).encode()).hexdigest(), self._first(i)) for i in day.items]
            elsewhere = sorted(Counter([page for _, _, page in self.updated[day.date]]
                                       + [page for _, page in self.removed[day.date]]).items())
            made_of = (day.date, day.summary, day.titles, len(day.snapshots), shown, sorted(self.captures[day.date]),
                       elsewhere, [(t.id, t.title) for t in self.digest.themes], self.zone)
            found = self._digests[day.date] = hashlib.sha256(repr(made_of).encode()).hexdigest()
        return found

    def _first(self, item: Item) -> tuple | None:
        first = first_capture(item, self.snapshots)
        return None if first is None else (first.name, first.captured_at, first.url)

    # -- home and indexes -----------------------------------------------------------------

    def home(self) -> str:
        d, here = self.digest, "index.md"
        description = self.extent() + (", by day and by theme." if d.days else ".")
        lines = [front_matter(title=d.title, description=description, search=BELOW_POSTS), f"# {escape(d.title)}\n"]
        if not d.days and d.undated:
            lines.append(f"{self.extent()}: {link('Undated posts', here, 'undated.md')}.\n")
        if d.days:
            latest = d.days[-1]
            lines += [f"## Latest: {link(long_date(latest.date), here, day_page(latest))}\n",
                      self.as_of(latest) + "\n", *self.summary(latest.summary, heading=False),
                      self.theme_counts(latest.items, here), "\n**Key posts**\n"]
            lines += [f"- {link(headline(i), here, day_page(latest), i.id)}" for i in key_items(latest.items)[:TOP_ITEMS]]
            lines += ["", "## Days\n"]
            lines += [f"- {link(long_date(day.date), here, day_page(day))} — {plural(len(day.items), 'post')}"
                      for day in reversed(d.days[-RECENT_DAYS:])]
            if len(d.days) > RECENT_DAYS:
                lines.append(f"- {link('Every day', here, 'days/index.md')}")
        lines += ["", "## Themes\n", self.theme_list(here), "", "## Archive\n"]
        # every month, and every day of it by its date: one line a month however long the blog runs
        lines += [f"- {link(month_name(m), here, month_page(m))}: "
                  + " · ".join(link(str(day.date.day), here, day_page(day)) for day in days)
                  for m, days in reversed(self.months.items())]
        lines.append(f"\n{link('Tags', here, 'tags.md')}" + (
            f" · {link('Undated posts', here, 'undated.md')}" if d.undated or d.undated_summary else ""))
        return "\n".join(lines).rstrip() + "\n"

    def extent(self) -> str:
        """How much the digest holds ('34 posts over 3 days'), undated posts named: never '0 posts over 0 days'."""
        d = self.digest
        parts = [f"{plural(sum(len(day.items) for day in d.days), 'post')} over {plural(len(d.days), 'day')}"] \
            if d.days else []
        if d.undated:
            parts.append(plural(len(d.undated), "undated post"))
        return " and ".join(parts) or "No posts yet"

    def days_index(self) -> str:
        here = "days/index.md"
        lines = [front_matter(title="Days", description="Every day of the live blog, newest first.", search=LISTS_ONLY), "# Days\n"]
        for day in reversed(self.digest.days):
            counts = Counter(i.theme for i in day.items)
            lines.append(f"- {link(long_date(day.date), here, day_page(day))} — {plural(len(day.items), 'post')}: "
                         + ", ".join(f"{escape(self.themes[t].title)} {n}" for t, n in counts.most_common()))
        return "\n".join(lines).rstrip() + "\n"

    def themes_index(self) -> str:
        here = "themes/index.md"
        return "\n".join([front_matter(title="Themes", description="The strands of the story, across days.", search=BELOW_POSTS),
                          "# Themes\n", self.theme_list(here)]).rstrip() + "\n"

    def theme_list(self, here: str) -> str:
        return "\n".join(f"- {link(escape(t.title), here, theme_page(t))} — {plural(self.counts[t.id], 'post')}"
                         + (f": {escape(t.description)}" if t.description else "") for t in self.digest.themes)

    def archive_index(self) -> str:
        here = "archive/index.md"
        lines = [front_matter(title="Archive", description="The live blog month by month.", search=LISTS_ONLY), "# Archive\n"]
        for month, days in reversed(self.months.items()):
            posts = sum(len(day.items) for day in days)
            lines.append(f"- {link(month_name(month), here, month_page(month))} — {plural(len(days), 'day')}, "
                         f"{plural(posts, 'post')}")
        return "\n".join(lines).rstrip() + "\n"

    def month(self, month: str) -> str:
        here = month_page(month)
        lines = [front_matter(title=month_name(month), description=f"The live blog in {month_name(month)}.",
                              search=LISTS_ONLY),
                 f"# {month_name(month)}\n", link("Archive", here, "archive/index.md") + "\n"]
        for day in reversed(self.months[month]):
            lines.append(f"## {link(long_date(day.date), here, day_page(day))}\n")
            lines += [f"- {link(headline(i), here, day_page(day), i.id)}" for i in key_items(day.items)[:TOP_ITEMS]]
            if len(day.items) > TOP_ITEMS:
                lines.append(f"- … and {plural(len(day.items) - TOP_ITEMS, 'more post')}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    # -- day pages ------------------------------------------------------------------------

    def day(self, day: Day, before: Day | None, after: Day | None) -> str:
        here = day_page(day)
        counts = Counter(i.theme for i in day.items)
        tags = Counter(t for i in day.items for t in i.tags)
        captures = sorted(self.captures[day.date])
        lines = [front_matter(
            title=long_date(day.date), date=day.date.isoformat(),
            description=f"{plural(len(day.items), 'post')}: " + ", ".join(
                f"{self.themes[t].title} ({n})" for t, n in counts.most_common()),
            tags=[t for t, _ in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:DAY_TAGS]],
            snapshots=len(day.snapshots) or None,
            as_of=short_time(captures[-1], self.tz) if captures else None,
            captured={"first": iso(captures[0]), "last": iso(captures[-1])} if captures else None,
            themes=[{"id": t, "title": self.themes[t].title, "posts": n} for t, n in counts.most_common()]),
            f"# {long_date(day.date)}\n", self.day_links(day, before, after)]
        lines += self.summary(day.summary)  # first, so that it opens the page on a phone's first screen
        if day.titles:
            lines += [f"The blog's headline{'s' if len(day.titles) > 1 else ''} that day:\n",
                      *[f"- {escape(t)}" for t in day.titles], ""]
        lines += self.at_a_glance(day, here)
        lines += self.day_changes(day, here)
        for theme in self.digest.themes:
            items = [i for i in day.items if i.theme == theme.id]
            if items:
                lines.append(f"## {escape(theme.title)}\n")
                lines += [self.item(i, here) for i in items]
        return "\n".join(lines).rstrip() + "\n"

    def as_of(self, day: Day) -> str:
        captures = sorted(self.captures[day.date])
        if not captures:
            return f"*{plural(len(day.items), 'post')}.*"
        return (f"*{plural(len(day.items), 'post')}, as of the latest snapshot, {short_time(captures[-1], self.tz)} "
                f"({plural(len(captures), 'snapshot')} that day).*")

    def day_links(self, day: Day, before: Day | None, after: Day | None) -> str:
        here = day_page(day)
        links = [link(f"← {long_date(before.date)}", here, day_page(before))] if before else []
        links.append(link("All days", here, "days/index.md"))
        if after:
            links.append(link(f"{long_date(after.date)} →", here, day_page(after)))
        return " · ".join(links) + "\n"

    def summary(self, paragraphs: tuple[Paragraph, ...], heading: bool = True) -> list[str]:
        if not paragraphs:
            return []
        return (["## Summary\n"] if heading else []) + [f"{escape(p.text)}\n" for p in paragraphs]

    def theme_counts(self, items: tuple[Item, ...], here: str) -> str:
        counts = Counter(i.theme for i in items)
        return " · ".join(f"{link(escape(self.themes[t].title), here, theme_page(t))} {n}"
                          for t, n in counts.most_common()) + "\n"

    def at_a_glance(self, day: Day, here: str) -> list[str]:
        lines = ["## At a glance\n"]
        for theme in self.digest.themes:
            items = [i for i in day.items if i.theme == theme.id]
            if items:
                lines.append(f"- **{escape(theme.title)}** ({len(items)}): "
                             + " · ".join(link(headline(i), here, here, i.id) for i in items))
        return lines + [""]

    def day_changes(self, day: Day, here: str) -> list[str]:
        """The day's posts that changed (whenever they did) by headline, and the changes made that day to posts
        of other days counted with a link to those days' lists: each headline shows on its own day only."""
        own = sorted(((c, i) for i in day.items for c in i.changes if c.at), key=lambda ci: (ci[0].at, ci[1].id))
        gone = [i for i in day.items if i.removed_after]
        elsewhere = Counter(page for _, _, page in self.updated[day.date] if page != here)
        elsewhere.update(page for _, page in self.removed[day.date] if page != here)
        if not own and not gone and not elsewhere:
            return []
        lines = ["## Changes\n", f"- **New**: {plural(len(day.items), 'post')}, listed above"]
        for change, item in own:
            lines.append(f"- **Updated** {short_time(change.at, self.tz)}: {link(headline(item), here, here, item.id)} "
                         f"— {describe(change)}")
        for item in gone:
            lines.append(f"- **Removed** after {short_time(item.removed_after, self.tz)}: "
                         f"{link(headline(item), here, here, item.id)}")
        for page, n in sorted(elsewhere.items()):
            lines.append(f"- {plural(n, 'change')} to {self.posts_of(page, here)}, listed there")
        return lines + [""]

    def posts_of(self, page: str, here: str) -> str:
        """The posts of another page, linked: a day's by its date, to its Changes; or the undated posts."""
        if page == "undated.md":
            return link("undated posts", here, page)
        day = date.fromisoformat(page.removeprefix("days/").removesuffix(".md"))
        return "posts of " + link(long_date(day), here, page, "changes")

    def item(self, item: Item, here: str) -> str:
        lines = [f'<a id="{item.id}"></a>\n', f"### {headline(item)}\n"]
        meta = [f"**{escape(label)}**" for label in item.labels]
        meta += [posted(item, self.tz)] if item.published else []
        meta += [f"by {escape(item.byline)}"] if item.byline else []
        if meta:
            lines.append(" · ".join(meta) + "\n")
        lines += [f"{escape(p)}\n" for p in item.body]
        for card in item.cards:
            url = safe_url(card.url)
            title = f"[{escape(card.title)}]({url})" if url else f"*{escape(card.title)}*"
            lines.append(f"Related: {title}" + (f" — {escape(card.description)}" if card.description else "") + "\n")
        others = [h for h in item.headlines if h != item.shown_headline]
        if others:
            lines.append("Also headlined: " + "; ".join(f"“{escape(h)}”" for h in others) + "\n")
        if item.removed_after:
            lines.append(f"**Removed** from the page after {short_time(item.removed_after, self.tz)}.\n")
        if item.changes:
            lines.append(changes_block(item, self.tz) + "\n")
        lines.append(self.provenance(item, here) + "\n")
        return "\n".join(lines)

    def provenance(self, item: Item, here: str) -> str:
        text = f"Seen in {plural(len(item.snapshots), 'snapshot')}"
        first = first_capture(item, self.snapshots)
        if item.first_seen:
            when = short_time(item.first_seen, self.tz)
            if first is not None and linkable(first.url):  # the capture has an address to follow
                text += ", first in the " + external_link(f"capture of {when}", first.url)
            else:
                text += f", first {when}"
            if item.last_seen != item.first_seen:
                text += f", last {short_time(item.last_seen, self.tz)}"
        if item.copies > len(item.snapshots):
            text += f" ({item.copies} copies merged)"
        if item.tags:
            text += ". Tags: " + ", ".join(link(escape(t), here, "tags.md", tag_id(t)) for t in item.tags)
        return f"*{text}.*"

    # -- themes, tags, undated ------------------------------------------------------------

    def summary_words(self, day: Day) -> list[set[str]]:
        if day.date not in self._summary_words:
            self._summary_words[day.date] = [set(words(p.text)) for p in day.summary]
        return self._summary_words[day.date]

    def theme(self, theme: Theme) -> str:
        here = theme_page(theme)
        days = self.theme_days.get(theme.id, [])
        total = sum(len(items) for _, items in days)
        lines = [front_matter(title=theme.title, description=theme.description or None, feed=theme_feed(theme),
                              search=BELOW_POSTS),
                 f"# {escape(theme.title)}\n"]
        if theme.description:
            lines.append(f"{escape(theme.description)}\n")
        lines.append(f"{plural(total, 'post')} over {plural(len(days), 'day')}. {link('All themes', here, 'themes/index.md')} · "
                     f"{link('Atom feed of this theme', here, theme_feed(theme))}\n")
        lines += [self._remembered("theme day", self.theme_day, day, theme.id) for day, _ in reversed(days)]
        undated = [i for i in self.digest.undated if i.theme == theme.id]
        if undated:
            lines += ["## Undated\n", *[f"- {link(headline(i), here, 'undated.md', i.id)}" for i in undated]]
        return "\n".join(lines).rstrip() + "\n"

    def theme_day(self, day: Day, theme: str) -> str:
        """A theme page's part for one day: its key developments, then the theme's other posts that day."""
        here = theme_page(self.themes[theme])
        items = [i for i in day.items if i.theme == theme]
        lines = [f"## {long_date(day.date)} ({len(items)})\n"]
        reasons = {i.id: why_key(i, items, self.summary_words(day)) for i in items}
        key = [i for i in key_items(items) if reasons[i.id]]
        rest = [i for i in items if not reasons[i.id]]
        if key and rest:
            lines.append("**Key developments**\n")
        lines += [self.theme_entry(i, here, day, reasons[i.id]) for i in key]
        if key and rest:
            lines.append("\n**Also that day**\n")
        lines += [self.theme_entry(i, here, day) for i in rest]
        return "\n".join(lines) + "\n"

    def theme_entry(self, item: Item, here: str, day: Day, why: str = "") -> str:
        """A theme page's line for an item: its headline linked, its time as the day page shows it, why it is key."""
        parts = [link(headline(item), here, day_page(day), item.id)]
        entry = "- " + " — ".join(parts + ([posted(item, self.tz)] if item.published else []))
        return entry + (f" · {why}" if why else "")

    def tags(self) -> str:
        here = "tags.md"
        tagged: dict[str, list[tuple[str, Item]]] = defaultdict(list)
        for day in reversed(self.digest.days):
            for item in day.items:
                for tag in item.tags:
                    tagged[tag].append((day_page(day), item))
        for item in self.digest.undated:
            for tag in item.tags:
                tagged[tag].append(("undated.md", item))
        order = sorted(tagged, key=str.casefold)
        lines = [front_matter(title="Tags", description="People, places and organisations, and their posts.",
                              search=LISTS_ONLY),
                 "# Tags\n", ", ".join(f"[{escape(t)}](#{tag_id(t)}) ({len(tagged[t])})" for t in order) + "\n"]
        for tag in order:
            lines.append(f'<a id="{tag_id(tag)}"></a>\n\n## {escape(tag)}\n')
            lines += [f"- {link(headline(i), here, page, i.id)}" for page, i in tagged[tag]]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def undated(self) -> str:
        here = "undated.md"
        lines = [front_matter(title="Undated posts"), "# Undated posts\n",
                 "These come from snapshots with no capture time and carry no printed date. "
                 "Name the snapshots in `snapshots.yml` to put them on their day.\n"]
        lines += self.summary(self.digest.undated_summary)
        lines += [self.item(i, here) for i in self.digest.undated]
        return "\n".join(lines).rstrip() + "\n"
