"""Put each item under one theme, and tag it.

In order: the configured rules (weighted terms, the headline counting more, negative terms, priority
for ties); for an item no rule claims, the theme whose rule-matched items it most resembles (cosine
to the TF-IDF centroid) when it clearly does; leftovers sharing a telling term become an automatic
theme named by it; the rest go to Other. Everything is deterministic.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import repeat

from .cache import Memo, exactly, number
from .config import ThemeRules, Theming
from .models import Item, Theme
from .parallel import Workers
from .automatic import SUBJECT_SHARE, Group, ItemTerms, group, item_terms, words_of
from .terms import Paragraphs, centroid, cosine, tfidf

log = logging.getLogger(__name__)
OTHER = Theme("other", "Other", "Posts no theme claims.")
SIMILAR_ENOUGH = 0.2
"""Cosine to a theme's centroid an unmatched item needs to join that theme…"""
CLEAR_MARGIN = 0.05
"""…and by how much it must beat the next theme."""
SUBJECT_FROM = 4
"""A name on most items is the blog's subject, and no tag, in a blog of at least this many items."""
MAX_TAGS = 5
"""Tags per item: configured names first, then telling names from the text."""
TELLING_NAMES = 2
"""At most this many tags come from the text rather than the configured list."""
ZEROS = repeat(0.0)
"""The weight of a word a vector lacks, as often as asked."""


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


@dataclass(frozen=True)
class Analysis:
    """What themes and tags need of one item, read from its text alone: the same text, the same analysis."""

    scores: tuple[Score, ...]
    """Every configured theme's score, best first."""
    words: tuple[str, ...]
    """The words its TF-IDF vector weighs, the headline's twice."""
    counts: tuple[tuple[str, float], ...]
    spelled: tuple[tuple[str, str], ...]
    """Its terms for automatic themes (see `automatic.ItemTerms`)."""
    names: tuple[tuple[str, int], ...]
    """The names in its text and how often each is there, in the order found (for tags)."""
    tagged: tuple[str, ...]
    """The configured tags its text holds, in the configuration's order."""


def analyse(item: Item, theming: Theming, paragraphs: Paragraphs | None = None) -> Analysis:
    """One item's analysis (`paragraphs` remembers what recurring paragraphs hold, across items)."""
    memo = paragraphs if paragraphs is not None else Paragraphs(frozenset(theming.honorifics))
    headline, rest = item_text(item)
    parts = [*item.body, *(f"{c.title} {c.description}" for c in item.cards)]
    vector = [*memo.words(headline), *(w for part in parts for w in memo.words(part)), *memo.words(headline)]
    terms = item_terms(item, memo.drop, memo)
    found = memo.names([*item.headlines, *item.body, *(c.description for c in item.cards)])
    text = f"{headline} {rest}"
    tagged = tuple(name for name, pattern in theming.tags if pattern.search(text))
    return Analysis(scores(headline, rest, theming), tuple(vector), terms.counts, terms.names,
                    tuple(found.items()), tagged)


def analyses(items: list[Item], theming: Theming) -> dict[str, Analysis]:
    """Each item's analysis, by item id."""
    memo = Paragraphs(frozenset(theming.honorifics))
    return {i.id: analyse(i, theming, memo) for i in items}


def text_key(item: Item) -> str:
    """A hash of all the text an analysis reads: items holding the same text share it."""
    text = [item.headline, item.headlines, item.body, [(c.title, c.description) for c in item.cards]]
    return hashlib.sha256(json.dumps(text, ensure_ascii=False).encode()).hexdigest()


def analyse_items(items: list[Item], theming: Theming, known: dict[str, Analysis],
                  jobs: int | None = None) -> tuple[dict[str, Analysis], dict[str, Analysis]]:
    """Each item's analysis by item id, and every analysis used by text key (to remember for the next build).

    Analyses in `known` (by text key) are taken as they are; the others are worked out on every core.
    """
    keys = {i.id: text_key(i) for i in items}
    todo = list({keys[i.id]: _text_only(i) for i in items if keys[i.id] not in known}.items())
    with Workers(_Analyser, (theming,), len(todo), jobs) as workers:
        made = dict(zip((key for key, _ in todo), workers.map(_analysis_of, [item for _, item in todo])))
    used = {key: known.get(key) or made[key] for key in keys.values()}
    return {item_id: used[key] for item_id, key in keys.items()}, used


def remembered_analyses(items: list[Item], theming: Theming, memo: Memo,
                        jobs: int | None = None) -> dict[str, Analysis]:
    """Each item's analysis by item id: the memo's where it has the item's text, the others worked out (and
    the memo left holding exactly the analyses of this build's items)."""
    known, refused, remembered = {}, 0, memo.load()
    themes, tags = sorted(t.id for t in theming.themes), [name for name, _ in theming.tags]
    for key, value in remembered.items():
        try:
            analysis = analysis_from_json(value)
        except ValueError:
            refused += 1
            continue
        if sorted(s.theme for s in analysis.scores) != themes or \
                list(analysis.tagged) != [name for name in tags if name in analysis.tagged]:
            refused += 1  # made for other themes or tags than these: no memo of this configuration
            continue
        known[key] = analysis
    if refused:
        log.warning("cache %s: %d remembered analyses of items are not of this configuration; worked out again",
                    memo.path, refused)
    analysed, used = analyse_items(items, theming, known, jobs)
    if used.keys() != known.keys() or refused:
        memo.save({key: remembered[key] if key in known else analysis_json(analysis)
                   for key, analysis in used.items()})
    return analysed


def _text_only(item: Item) -> Item:
    """The item with only what its analysis reads (less to hand to another process)."""
    return replace(item, snapshots=(), changes=(), earlier=())


class _Analyser:
    """What analysing needs in each process: the theming and the paragraphs read so far."""

    def __init__(self, theming: Theming):
        self.theming, self.paragraphs = theming, Paragraphs(frozenset(theming.honorifics))


def _analysis_of(state: _Analyser, item: Item) -> Analysis:
    return analyse(item, state.theming, state.paragraphs)


def analysis_json(analysis: Analysis) -> list:
    """An analysis as JSON data (`analysis_from_json` reads it back): each list of pairs as its two halves, and
    its words joined by spaces, which no word holds (see `terms.WORD`): a year's memo loads in a fraction of
    the time."""
    return [[[s.theme, s.points, *_halves(s.terms)] for s in analysis.scores], " ".join(analysis.words),
            *_halves(analysis.counts), *_halves(analysis.spelled), *_halves(analysis.names), list(analysis.tagged)]


def analysis_from_json(data: object) -> Analysis:
    """An analysis from what `analysis_json` wrote; ValueError for anything else."""
    try:
        scores_, words_, *pairs, tagged = data
        if len(pairs) != 6:
            raise ValueError("not six halves")
        counts, spelled, found = (_pairs(pairs[n], pairs[n + 1], kinds)
                                  for n, kinds in zip((0, 2, 4), (NUMBERS, _STR, _INT)))
        out = Analysis(tuple(Score(_str(t), number(p), _pairs(a, n, _INT)) for t, p, a, n in scores_),
                       tuple(_str(words_).split(" ")) if words_ else (), counts, spelled, found,
                       _texts(tagged))
    except (TypeError, ValueError) as e:
        raise ValueError(f"not an analysis: {e}") from None
    return out


_STR, _INT, NUMBERS = frozenset({str}), frozenset({int}), frozenset({int, float})


def _halves(pairs: tuple[tuple, ...]) -> list[list]:
    return [[a for a, _ in pairs], [b for _, b in pairs]]


def _pairs(firsts: object, seconds: object, kinds: frozenset[type]) -> tuple[tuple, ...]:
    """Pairs from their two halves: texts, each with a value of one of these types."""
    if type(seconds) is not list or len(_texts(firsts)) != len(seconds) or not set(map(type, seconds)) <= kinds:
        raise ValueError("not two halves of pairs")
    return tuple(zip(firsts, seconds))


def _texts(value: object) -> tuple[str, ...]:
    if type(value) is not list or not set(map(type, value)) <= _STR:
        raise ValueError("not a list of texts")
    return tuple(value)


def _str(value: object) -> str:
    return exactly(str, value)


class Classifier:
    """Themes for a set of items, rules first, then resemblance to what the rules matched."""

    def __init__(self, items: list[Item], theming: Theming, analysed: dict[str, Analysis] | None = None):
        self.theming = theming
        analysed = analysed if analysed is not None else analyses(items, theming)
        self.scores = {i.id: analysed[i.id].scores for i in items}
        self.vectors = tfidf({i.id: analysed[i.id].words for i in items})
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


def refused_names(found: dict[str, Counter], title: str | None) -> frozenset[str]:
    """Names found in the text that make no tag (case-folded): the blog's subject, its title's, fragments.

    The subject is a name on more than `SUBJECT_SHARE` of the items (of a blog of `SUBJECT_FROM` items or
    more); a fragment is a name whose words sit inside a longer name found at least as often ("York" of
    "New York", "Volodymyr" of "Volodymyr Zelensky").
    """
    spread, total = Counter(), Counter()
    for counts in found.values():
        for name, count in counts.items():
            spread[name.casefold()] += 1
            total[name.casefold()] += count
    refused = {n for n, c in spread.items() if len(found) >= SUBJECT_FROM and c > SUBJECT_SHARE * len(found)}
    heading = f" {' '.join(words_of(title))} " if title else ""
    refused |= {n for n in spread if heading and f" {' '.join(words_of(n))} " in heading}
    inside: dict[str, int] = Counter()
    for name, count in total.items():
        parts = name.split()
        for size in range(1, len(parts)):
            for start in range(len(parts) - size + 1):
                inside[" ".join(parts[start:start + size])] = max(inside[" ".join(parts[start:start + size])], count)
    refused |= {n for n, c in total.items() if inside.get(n, 0) >= c}
    return frozenset(refused)


def tags(analysed: Analysis, vector: dict[str, float], theming: Theming, refused: frozenset[str] = frozenset(),
         paragraphs: Paragraphs | None = None) -> tuple[str, ...]:
    """Configured names found in the item, then (up to two) names its text dwells on most."""
    memo = paragraphs or Paragraphs()
    configured = list(analysed.tagged)
    weight = {n: c * sum(map(vector.get, memo.words(n), ZEROS)) for n, c in analysed.names
              if n.casefold() not in refused}
    telling: list[str] = []
    for name in sorted(weight, key=lambda n: (-weight[n], n)):
        if weight[name] <= 0 or any(pattern.search(name) for _, pattern in theming.tags):
            continue
        parts = set(name.split())
        if any(parts <= set(t.split()) or t.startswith(name) or name.startswith(t) for t in configured + telling):
            continue  # "Ott" beside "Egisto Ott", "North Korea" beside "North Korean"
        telling = [t for t in telling if not set(t.split()) < parts] + [name]
        if len(telling) == TELLING_NAMES:
            break
    return tuple((configured + telling)[:MAX_TAGS])


@dataclass(frozen=True)
class Filing:
    """Items under their themes, the themes in use, and the terms behind each automatic theme."""

    items: tuple[Item, ...]
    themes: tuple[Theme, ...]
    """Configured themes holding items, then automatic ones by title, then Other when it holds any."""
    automatic: tuple[tuple[str, tuple[str, ...]], ...]
    """Each automatic theme's id and the terms its title is made of."""


def file_items(items: list[Item], theming: Theming, title: str | None = None,
               analysed: dict[str, Analysis] | None = None) -> Filing:
    """Rules first, then resemblance, then automatic themes for the rest; tags; only themes in use.

    `analysed` holds each item's analysis when it was worked out already (see `analyses`).
    """
    analysed = analysed if analysed is not None else analyses(items, theming)
    classifier = Classifier(items, theming, analysed)
    decisions = {i.id: classifier.decide(i) for i in items}
    configured = tuple(Theme(t.id, t.title, t.description) for t in theming.themes)
    automatic = automatic_groups(items, {i.id for i in items if decisions[i.id].how == "other"}, theming,
                                 {t.id for t in configured} | {OTHER.id}, title, analysed)
    refused = refused_names({i.id: Counter(dict(analysed[i.id].names)) for i in items}, title)
    memo = Paragraphs()
    out = []
    for item in items:
        theme = automatic[item.id].theme.id if item.id in automatic else decisions[item.id].theme
        shown = tags(analysed[item.id], classifier.vectors[item.id], theming, refused, memo)
        out.append(replace(item, theme=theme, tags=shown))
    used = Counter(i.theme for i in out)
    groups = sorted({g.theme.id: g for g in automatic.values()}.values(), key=lambda g: (g.theme.title, g.theme.id))
    themes = [t for t in (*configured, *(g.theme for g in groups), OTHER) if used[t.id]]
    return Filing(tuple(out), tuple(themes), tuple((g.theme.id, g.terms) for g in groups))


def automatic_groups(items: list[Item], leftovers: set[str], theming: Theming, taken: set[str],
                     title: str | None = None, analysed: dict[str, Analysis] | None = None) -> dict[str, Group]:
    """Automatic themes for the leftover items (those no rule or resemblance claims), by item id."""
    analysed = analysed if analysed is not None else analyses(items, theming)
    return group([ItemTerms(i.id, analysed[i.id].counts, analysed[i.id].spelled) for i in items], leftovers, taken,
                 title)


def assign_themes(items: list[Item], theming: Theming, title: str | None = None,
                  analysed: dict[str, Analysis] | None = None) -> tuple[list[Item], tuple[Theme, ...]]:
    """Items with their theme and tags; the themes in use, configured ones first, Other last."""
    filing = file_items(items, theming, title, analysed)
    return list(filing.items), filing.themes
