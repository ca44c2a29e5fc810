"""Put each item under one theme, and tag it.

In order: the configured rules (weighted terms, the headline counting more, negative terms, priority
for ties); for an item no rule claims, the theme whose rule-matched items it most resembles (cosine
to the TF-IDF centroid) when it clearly does; leftovers sharing a telling term become an automatic
theme named by it; the rest go to Other. Everything is deterministic.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from slugify import slugify

from .config import ThemeRules, Theming
from .models import Item, Theme
from .terms import centroid, cosine, display_forms, names, tfidf, top_terms, words

OTHER = Theme("other", "Other", "Posts no theme claims.")
SIMILAR_ENOUGH = 0.2
"""Cosine to a theme's centroid an unmatched item needs to join that theme…"""
CLEAR_MARGIN = 0.05
"""…and by how much it must beat the next theme."""
GROUP_SIZE = 3
"""Leftover items sharing a telling term form an automatic theme when there are at least this many."""
TELLING = 3
"""How many of an item's heaviest terms count as its telling terms."""
MAX_TAGS = 5
"""Tags per item: configured names first, then telling names from the text."""
TELLING_NAMES = 2
"""At most this many tags come from the text rather than the configured list."""


@dataclass(frozen=True)
class Score:
    """How strongly one theme's rules match an item, and why."""

    theme: str
    """Theme id."""
    points: float
    """Weighted count of matched terms, negatives subtracted."""
    terms: tuple[tuple[str, int], ...]
    """Each matched term as written (case-folded) and how often it matched; negatives start with '-'."""


@dataclass(frozen=True)
class Decision:
    """Where an item goes and why."""

    theme: str
    """Theme id."""
    how: str
    """'rules', 'similar' (fallback on resemblance), 'group' (automatic theme) or 'other'."""
    scores: tuple[Score, ...]
    """Every configured theme's score, best first."""
    similarity: tuple[tuple[str, float], ...] = ()
    """Cosine to each rule theme's centroid, best first (unmatched items only)."""


def item_text(item: Item) -> tuple[str, str]:
    """The headline text and the rest of the item's text, as scored."""
    headline = " ".join(dict.fromkeys((item.headline, *item.headlines)))
    rest = " ".join((*item.body, *(f"{c.title} {c.description}" for c in item.cards)))
    return headline, rest


def score(theme: ThemeRules, headline: str, body: str, theming: Theming) -> Score:
    """Points for one theme: each match counts its weight, `headline_weight` times in the headline."""
    points, found = 0.0, Counter()
    for rule in theme.rules:
        for text, factor in ((headline, theming.headline_weight), (body, 1.0)):
            matches = [m.group(0).casefold() for m in rule.pattern.finditer(text)]
            points += len(matches) * rule.weight * factor
            found.update(matches)
    for rule in theme.negative:
        for text, factor in ((headline, theming.headline_weight), (body, 1.0)):
            matches = [m.group(0).casefold() for m in rule.pattern.finditer(text)]
            points -= len(matches) * rule.weight * factor
            found.update(f"-{m}" for m in matches)
    return Score(theme.id, points, tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))))


def scores(headline: str, body: str, theming: Theming) -> tuple[Score, ...]:
    """Every theme's score, best first (ties: higher priority, then configured order)."""
    order = {t.id: (-t.priority, i) for i, t in enumerate(theming.themes)}
    found = [score(t, headline, body, theming) for t in theming.themes]
    return tuple(sorted(found, key=lambda s: (-s.points, order[s.theme])))


class Classifier:
    """Themes for a set of items, rules first, then resemblance to what the rules matched."""

    def __init__(self, items: list[Item], theming: Theming):
        self.theming = theming
        self.scores = {i.id: scores(*item_text(i), theming) for i in items}
        self.vectors = tfidf({i.id: words(" ".join(item_text(i)) + " " + item_text(i)[0]) for i in items})
        by_theme = defaultdict(list)
        for item_id, ranked in self.scores.items():
            if self.by_rules(ranked):
                by_theme[ranked[0].theme].append(self.vectors[item_id])
        self.centroids = {t.id: centroid(by_theme[t.id]) for t in theming.themes if by_theme[t.id]}

    def by_rules(self, ranked: tuple[Score, ...]) -> bool:
        return bool(ranked) and ranked[0].points >= self.theming.min_score

    def decide(self, item: Item) -> Decision:
        ranked = self.scores[item.id]
        if self.by_rules(ranked):
            return Decision(ranked[0].theme, "rules", ranked)
        vector = self.vectors[item.id]
        similar = sorted(((t, cosine(vector, c)) for t, c in self.centroids.items()), key=lambda tc: (-tc[1], tc[0]))
        best, runner_up = (similar + [("", 0.0), ("", 0.0)])[:2]
        if best[1] >= SIMILAR_ENOUGH and best[1] - runner_up[1] >= CLEAR_MARGIN:
            return Decision(best[0], "similar", ranked, tuple(similar))
        return Decision(OTHER.id, "other", ranked, tuple(similar))


def automatic_themes(leftovers: list[Item], vectors: dict[str, dict[str, float]],
                     taken: set[str]) -> dict[str, Theme]:
    """Automatic themes for leftover items that share a telling term, by item id."""
    telling = {i.id: top_terms(vectors[i.id], TELLING) for i in leftovers}
    shared = Counter(t for terms in telling.values() for t in terms)
    out: dict[str, Theme] = {}
    for term, count in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        members = [i for i in leftovers if i.id not in out and term in telling[i.id]]
        if count < GROUP_SIZE or len(members) < GROUP_SIZE:
            continue
        text = " ".join(" ".join(item_text(i)) for i in members)
        second = Counter(t for i in members for t in telling[i.id] if t != term).most_common(1)
        names = [display_forms(text).get(t, t.capitalize()) for t in [term] + [s for s, n in second if n > 1]]
        title = " and ".join(names)
        if slugify(title) in taken:
            continue
        theme = Theme(slugify(title), title, f"Posts about {title}, grouped automatically.")
        taken.add(theme.id)
        out.update({i.id: theme for i in members})
    return out


def tags(item: Item, vector: dict[str, float], theming: Theming) -> tuple[str, ...]:
    """Configured names found in the item, then (up to two) names its text dwells on most."""
    text = " ".join(item_text(item))
    found = [name for name, pattern in theming.tags if pattern.search(text)]
    paragraphs = [*item.headlines, *item.body, *(c.description for c in item.cards)]
    weight = {n: c * sum(vector.get(w, 0.0) for w in words(n))
              for n, c in names(paragraphs, frozenset(theming.honorifics)).items()}
    telling: list[str] = []
    for name in sorted(weight, key=lambda n: (-weight[n], n)):
        if weight[name] <= 0 or any(pattern.search(name) for _, pattern in theming.tags):
            continue
        parts = set(name.split())
        if any(parts <= set(t.split()) or t.startswith(name) or name.startswith(t) for t in found + telling):
            continue  # "Ott" beside "Egisto Ott", "North Korea" beside "North Korean"
        telling = [t for t in telling if not set(t.split()) < parts] + [name]
        if len(telling) == TELLING_NAMES:
            break
    return tuple((found + telling)[:MAX_TAGS])


def assign_themes(items: list[Item], theming: Theming) -> tuple[list[Item], tuple[Theme, ...]]:
    """Items with their theme and tags; the themes in use, configured ones first, Other last."""
    classifier = Classifier(items, theming)
    decisions = {i.id: classifier.decide(i) for i in items}
    leftovers = [i for i in items if decisions[i.id].how == "other"]
    configured = tuple(Theme(t.id, t.title, t.description) for t in theming.themes)
    automatic = automatic_themes(leftovers, classifier.vectors, {t.id for t in configured} | {OTHER.id})
    out = []
    for item in items:
        theme = automatic[item.id].id if item.id in automatic else decisions[item.id].theme
        out.append(replace(item, theme=theme, tags=tags(item, classifier.vectors[item.id], theming)))
    extra = sorted({t.id: t for t in automatic.values()}.values(), key=lambda t: t.title)
    return out, configured + tuple(extra) + (OTHER,)
