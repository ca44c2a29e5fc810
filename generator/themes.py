"""Put each item under a theme: weighted term rules from the configuration, then Other."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .config import Config, ThemeRules
from .models import Item, Theme

OTHER = Theme("other", "Other", "Posts no theme rule claims.")


@dataclass(frozen=True)
class Score:
    """How strongly one theme's rules match an item, and why."""

    theme: str
    """Theme id."""
    points: float
    """Weighted count of matched terms, negatives subtracted."""
    terms: tuple[str, ...]
    """The matched terms, as written in the item."""


def item_text(item: Item) -> tuple[str, str]:
    """The headline text and the rest of the item's text, as scored."""
    headline = " ".join(item.headlines) or item.headline
    rest = " ".join((*item.body, *(f"{c.title} {c.description}" for c in item.cards)))
    return headline, rest


def score(theme: ThemeRules, headline: str, body: str, config: Config) -> Score:
    """Points for one theme: each term match counts its weight, `headline_weight` times in the headline."""
    points, terms = 0.0, []
    for rule in theme.rules:
        for text, factor in ((headline, config.headline_weight), (body, 1.0)):
            found = [m.group(0) for m in rule.pattern.finditer(text)]
            points += len(found) * rule.weight * factor
            terms += found
    for rule in theme.negative:
        found = [m.group(0) for m in rule.pattern.finditer(f"{headline} {body}")]
        points -= len(found) * config.headline_weight
        terms += [f"-{t}" for t in found]
    return Score(theme.id, points, tuple(dict.fromkeys(t.casefold() for t in terms)))


def scores(headline: str, body: str, config: Config) -> list[Score]:
    """Every theme's score, best first (ties: higher priority, then configured order)."""
    order = {t.id: (-t.priority, i) for i, t in enumerate(config.themes)}
    found = [score(t, headline, body, config) for t in config.themes]
    return sorted(found, key=lambda s: (-s.points, order[s.theme]))


def assign_themes(items: list[Item], config: Config) -> tuple[list[Item], tuple[Theme, ...]]:
    """Items with their theme set, and the themes in configured order (Other last)."""
    out = []
    for item in items:
        ranked = scores(*item_text(item), config)
        best = ranked[0] if ranked and ranked[0].points >= config.min_theme_score else None
        out.append(replace(item, theme=best.theme if best else OTHER.id))
    themes = tuple(Theme(t.id, t.title, t.description) for t in config.themes)
    return out, themes + ((OTHER,) if all(t.id != OTHER.id for t in themes) else ())
