"""Why an item landed under its theme: every theme's score, the matched terms, the decision."""
from __future__ import annotations

import json
from pathlib import Path

from .config import Theming
from .errors import GeneratorError
from .models import Card, Item
from .automatic import MIN_GROUP
from .themes import SIMILAR_ENOUGH, Classifier, Decision, automatic_groups


def items_from_digest(path: Path) -> list[Item]:
    """The items of a written digest.json, as far as theming needs them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise GeneratorError(f"{path}: cannot read the digest ({e}); build it first") from e
    raw = [i for day in data.get("days", []) for i in day.get("items", [])] + data.get("undated", [])
    return [Item(id=i["id"], headline=i["headline"], headlines=tuple(i.get("headlines", ())), labels=(),
                 body=tuple(i.get("body", ())), published=None, byline=None,
                 cards=tuple(Card(c["title"], c.get("description", "")) for c in i.get("related", ())),
                 kind=i.get("kind", "post"), first_seen=None, last_seen=None, snapshots=())
            for i in raw]


def explain(query: str, digest: Path, theming: Theming) -> str:
    """A report for the item with id `query`, or for `query` read as the headline of a new post."""
    items = items_from_digest(digest) if digest.exists() else []
    target = next((i for i in items if i.id == query), None)
    if target is None:
        target = Item(id="(your text)", headline=query, headlines=(query,), labels=(), body=(), published=None,
                      byline=None, cards=(), kind="post", first_seen=None, last_seen=None, snapshots=())
        items.append(target)
    classifier = Classifier(items, theming)
    decision = classifier.decide(target)
    titles = {t.id: t.title for t in theming.themes}
    lines = [f"{target.headline}  [{target.id}]", "", f"{'theme':<32}{'points':>8}  matched terms"]
    for s in decision.scores:
        terms = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in s.terms)
        lines.append(f"{titles[s.theme][:31]:<32}{s.points:>8.1f}  {terms}")
    lines += ["", _verdict(decision, target, items, classifier, theming, _title(digest))]
    return "\n".join(lines)


def _title(digest: Path) -> str | None:
    """The title a written digest was built with (it keeps terms of the title out of automatic themes)."""
    try:
        return json.loads(digest.read_text(encoding="utf-8")).get("title")
    except (OSError, ValueError):
        return None


def _verdict(decision: Decision, target: Item, items: list[Item], classifier: Classifier, theming: Theming,
             title: str | None = None) -> str:
    best = decision.scores[0] if decision.scores else None
    if decision.how == "rules":
        return f"→ {decision.theme}: by its rules ({best.points:.1f} points, at least {theming.min_score:g} needed)"
    close = ", ".join(f"{t} {c:.2f}" for t, c in decision.similarity[:3]) or "none"
    said = (f"no theme's rules reach {theming.min_score:g} points; resemblance to each theme's "
            f"rule-matched posts (cosine, {SIMILAR_ENOUGH} needed and a clear lead): {close}")
    if decision.how == "similar":
        return f"{said}\n→ {decision.theme}: it resembles that theme's posts"
    leftovers = {i.id for i in items if classifier.decide(i).how == "other"}
    group = automatic_groups(items, leftovers, theming, {t.id for t in theming.themes}, title).get(target.id)
    if group:
        return (f"{said}\n→ {group.theme.id}: an automatic theme of at least {MIN_GROUP} leftover posts sharing "
                f"the telling terms {', '.join(group.terms)}")
    return f"{said}\n→ other"
