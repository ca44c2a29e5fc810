"""Render the digest as Markdown pages and digest.json: text in, text out, no files touched."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, tzinfo

import yaml
from slugify import slugify

from .dates import iso
from .models import Day, Digest, Item, Paragraph, Theme

SPECIAL = re.compile(r"([\\`*_\[\]|~])")
LINE_START = re.compile(r"^(\s*)([#>+=!:-])")
NUMBERED = re.compile(r"^(\s*\d+)([.)])")
ENTITY = re.compile(r"&(?=#?\w+;)")
DAY_TAGS = 8
"""Tags in a day page's front matter: the day's most frequent."""


def escape(text: str) -> str:
    """Text from a snapshot made to render as itself: no Markdown, no HTML."""
    text = ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = SPECIAL.sub(r"\\\1", text)
    text = NUMBERED.sub(r"\1\\\2", text)
    return LINE_START.sub(r"\1\\\2", text)


def front_matter(**fields) -> str:
    body = yaml.safe_dump({k: v for k, v in fields.items() if v not in (None, [], "")},
                          allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_time(moment: datetime | None, tz: tzinfo) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b} {local:%H:%M}"


def tag_id(tag: str) -> str:
    return "tag-" + slugify(tag)


def day_page(day: Day) -> str:
    return f"days/{day.date.isoformat()}.md"


def theme_page(theme: Theme) -> str:
    return f"themes/{theme.id}.md"


class Renderer:
    """Turns a Digest into {path: text} for the output folder."""

    def __init__(self, digest: Digest, tz: tzinfo):
        self.digest = digest
        self.tz = tz
        self.themes = {t.id: t for t in digest.themes}

    def pages(self) -> dict[str, str]:
        out = {"index.md": self.index()}
        days = self.digest.days
        for n, day in enumerate(days):
            before = days[n - 1] if n else None
            after = days[n + 1] if n + 1 < len(days) else None
            out[day_page(day)] = self.day(day, before, after)
        for theme in self.digest.themes:
            out[theme_page(theme)] = self.theme(theme)
        if self.digest.undated or self.digest.undated_summary:
            out["undated.md"] = self.undated()
        out["tags.md"] = self.tags()
        out["digest.json"] = json.dumps(self.json(), ensure_ascii=False, indent=2) + "\n"
        return out

    # -- pages ---------------------------------------------------------------------------

    def index(self) -> str:
        d = self.digest
        lines = [front_matter(title=d.title, description=f"{sum(len(x.items) for x in d.days)} posts over "
                              f"{len(d.days)} days, by day and by theme."),
                 f"# {escape(d.title)}\n"]
        if d.days:
            lines.append("## Days\n")
            for day in reversed(d.days):
                lines.append(f"- [{long_date(day.date)}]({day_page(day)}) — {len(day.items)} posts")
            lines.append("")
        lines.append("## Themes\n")
        counts = Counter(i.theme for day in d.days for i in day.items)
        for theme in d.themes:
            lines.append(f"- [{escape(theme.title)}]({theme_page(theme)}) — {counts[theme.id]} posts")
        if d.undated or d.undated_summary:
            lines.append(f"\n[Undated posts](undated.md) — {len(d.undated)} posts from snapshots with no capture time")
        return "\n".join(lines) + "\n"

    def day(self, day: Day, before: Day | None, after: Day | None) -> str:
        themes = Counter(i.theme for i in day.items)
        tags = Counter(t for i in day.items for t in i.tags)
        lines = [front_matter(title=long_date(day.date), date=day.date.isoformat(),
                              description=f"{len(day.items)} posts: " + ", ".join(
                                  f"{self.themes[t].title} ({n})" for t, n in themes.most_common()),
                              tags=[t for t, _ in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:DAY_TAGS]]),
                 f"# {long_date(day.date)}\n", self.day_links(before, after)]
        if day.titles:
            lines.append("The blog's headline" + (" that day" if len(day.titles) == 1 else "s that day") + ":\n")
            lines += [f"- {escape(t)}" for t in day.titles] + [""]
        lines += self.summary(day.summary)
        for theme in self.digest.themes:
            items = [i for i in day.items if i.theme == theme.id]
            if items:
                lines.append(f"## {escape(theme.title)}\n")
                lines += [self.item(i) for i in items]
        return "\n".join(lines).rstrip() + "\n"

    def day_links(self, before: Day | None, after: Day | None) -> str:
        links = []
        if before:
            links.append(f"[← {long_date(before.date)}]({before.date.isoformat()}.md)")
        links.append("[All days](../index.md)")
        if after:
            links.append(f"[{long_date(after.date)} →]({after.date.isoformat()}.md)")
        return " · ".join(links) + "\n"

    def summary(self, paragraphs: tuple[Paragraph, ...]) -> list[str]:
        if not paragraphs:
            return []
        return ["## Summary\n", *(f"{escape(p.text)}\n" for p in paragraphs)]

    def item(self, item: Item) -> str:
        lines = [f'<a id="{item.id}"></a>\n', f"### {escape(item.headline or 'Untitled post')}\n"]
        meta = [f"**{escape(label)}**" for label in item.labels]
        if item.published:
            meta.append(short_time(item.published, self.tz))
        if item.byline:
            meta.append(f"by {escape(item.byline)}")
        if meta:
            lines.append(" · ".join(meta) + "\n")
        lines += [f"{escape(p)}\n" for p in item.body]
        for card in item.cards:
            title = f"[{escape(card.title)}]({card.url})" if card.url else f"*{escape(card.title)}*"
            lines.append(f"Related: {title}" + (f" — {escape(card.description)}" if card.description else "") + "\n")
        others = [h for h in item.headlines if h != item.shown_headline]
        if others:
            lines.append("Also headlined: " + "; ".join(f"“{escape(h)}”" for h in others) + "\n")
        lines.append(self.provenance(item) + "\n")
        return "\n".join(lines)

    def provenance(self, item: Item) -> str:
        n = len(item.snapshots)
        text = f"Seen in {n} snapshot{'s' if n != 1 else ''}"
        if item.first_seen:
            text += f", first {short_time(item.first_seen, self.tz)}"
            if item.last_seen != item.first_seen:
                text += f", last {short_time(item.last_seen, self.tz)}"
        if item.copies > n:
            text += f" ({item.copies} copies merged)"
        if item.tags:
            text += ". Tags: " + ", ".join(f"[{escape(t)}](../tags.md#{tag_id(t)})" for t in item.tags)
        return f"*{text}.*"

    def theme(self, theme: Theme) -> str:
        days = [(day, [i for i in day.items if i.theme == theme.id]) for day in self.digest.days]
        days = [(day, items) for day, items in days if items]
        total = sum(len(items) for _, items in days)
        lines = [front_matter(title=theme.title, description=theme.description or None),
                 f"# {escape(theme.title)}\n"]
        if theme.description:
            lines.append(f"{escape(theme.description)}\n")
        lines.append(f"{total} posts over {len(days)} days. [All days](../index.md)\n")
        for day, items in reversed(days):
            lines.append(f"## {long_date(day.date)} ({len(items)})\n")
            lines += [f"- [{escape(i.shown_headline or 'Untitled post')}](../{day_page(day)}#{i.id})" for i in items]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def tags(self) -> str:
        tagged: dict[str, list[tuple[Day, Item]]] = {}
        for day in self.digest.days:
            for item in day.items:
                for tag in item.tags:
                    tagged.setdefault(tag, []).append((day, item))
        order = sorted(tagged, key=str.casefold)
        lines = [front_matter(title="Tags", description="People, places and organisations, and their posts."),
                 "# Tags\n", ", ".join(f"[{escape(t)}](#{tag_id(t)}) ({len(tagged[t])})" for t in order) + "\n"]
        for tag in order:
            lines.append(f'<a id="{tag_id(tag)}"></a>\n\n## {escape(tag)}\n')
            for day, item in reversed(tagged[tag]):
                lines.append(f"- [{escape(item.shown_headline or 'Untitled post')}]({day_page(day)}#{item.id}) "
                             f"— {day.date.day} {day.date:%b %Y}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def undated(self) -> str:
        lines = [front_matter(title="Undated posts"), "# Undated posts\n",
                 "These come from snapshots with no capture time and posts with no printed date. "
                 "Add the snapshots to `snapshots.yml` to put them on their day.\n"]
        lines += self.summary(self.digest.undated_summary)
        lines += [self.item(i) for i in self.digest.undated]
        return "\n".join(lines).rstrip() + "\n"

    # -- digest.json ---------------------------------------------------------------------

    def json(self) -> dict:
        return {
            "title": self.digest.title,
            "themes": [{"id": t.id, "title": t.title, "page": theme_page(t)} for t in self.digest.themes],
            "days": [{"date": d.date.isoformat(), "page": day_page(d), "titles": list(d.titles),
                      "summary": [p.text for p in d.summary], "items": [self.item_json(i) for i in d.items]}
                     for d in self.digest.days],
            "undated": [self.item_json(i) for i in self.digest.undated],
            "undated_summary": [p.text for p in self.digest.undated_summary],
        }

    def item_json(self, item: Item) -> dict:
        return {
            "id": item.id, "headline": item.shown_headline, "headlines": list(item.headlines),
            "labels": list(item.labels), "body": list(item.body), "theme": item.theme,
            "tags": list(item.tags), "kind": item.kind, "byline": item.byline,
            "published": iso(item.published), "first_seen": iso(item.first_seen), "last_seen": iso(item.last_seen),
            "snapshots": list(item.snapshots),
            "related": [{"title": c.title, "description": c.description, "url": c.url} for c in item.cards],
            "earlier": list(item.earlier),
        }


def render(digest: Digest, tz: tzinfo) -> dict[str, str]:
    """Every output file's path (relative to the output folder) and text."""
    return Renderer(digest, tz).pages()
