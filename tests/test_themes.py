"""Themes: readable rules first, then resemblance, then automatic groups, then Other; and tags."""
import json
import subprocess
import sys

from conftest import ROOT

from generator.config import load_config
from generator.models import Item
from generator.themes import assign_themes, score

RULES = """
extends: {base}
theme_scoring: {{headline_weight: 3, min_score: 2}}
themes:
  - title: Floods
    priority: 1
    rules:
      - terms: ['floods?', 'flooding', 'river levels?']
        weight: 2
    negative: ['flood of (tweets|calls)']
  - title: Travel
    priority: 2
    rules:
      - terms: ['trains?', 'roads?', 'bridges?']
        weight: 2
tags:
  - {{name: Carlisle, pattern: 'carlisle'}}
"""


def make(tmp_path):
    path = tmp_path / "floods.yml"
    path.write_text(RULES.format(base=ROOT / "digest.yml"))
    return load_config(path)


def item(n, headline, *body):
    return Item(id=f"i{n}", headline=headline, headlines=(headline,), labels=(), body=body, published=None,
                byline=None, cards=(), kind="post", first_seen=None, last_seen=None, snapshots=("a.txt",))


def themed(items, config):
    out, themes = assign_themes(items, config.theming)
    return {i.headline: i.theme for i in out}, [t.id for t in themes]


def test_headline_terms_weigh_more_and_negative_terms_subtract(tmp_path):
    config = make(tmp_path)
    floods = config.theming.themes[0]
    assert score(floods, "Flooding in Carlisle", "", config.theming).points == 6
    assert score(floods, "", "Flooding in Carlisle", config.theming).points == 2
    assert score(floods, "", "A flood of calls reached the council about the flooding", config.theming).points == 2 + 2 - 1


def test_priority_breaks_ties(tmp_path):
    config = make(tmp_path)
    themes, _ = themed([item(1, "Flood closes bridge")], config)
    assert themes == {"Flood closes bridge": "travel"}


def test_unmatched_item_joins_the_theme_it_resembles(tmp_path):
    config = make(tmp_path)
    items = [item(1, "Flooding in Carlisle", "The Eden burst its banks and water filled the streets of Warwick Lane."),
             item(2, "River levels rising", "The Eden kept rising and water reached the streets near Warwick Lane."),
             item(3, "Trains cancelled", "Northern cancelled trains between Leeds and Carlisle."),
             item(4, "Warwick Lane residents count the cost", "Water from the Eden filled the streets of Warwick Lane.")]
    themes, _ = themed(items, config)
    assert themes["Warwick Lane residents count the cost"] == "floods"


def test_leftovers_sharing_a_term_become_an_automatic_theme(tmp_path):
    config = make(tmp_path)
    items = [item(1, "Flooding in Carlisle", "Water everywhere."), item(2, "Trains cancelled", "No trains today."),
             *(item(n, f"Volunteers at the {place} foodbank", f"The {place} foodbank needs volunteers and tins.")
               for n, place in enumerate(["Keswick", "Penrith", "Kendal"], 3)),
             item(9, "A quiet afternoon", "Nothing else happened.")]
    themes, ids = themed(items, config)
    assert themes["Volunteers at the Keswick foodbank"] == themes["Volunteers at the Kendal foodbank"] != "other"
    assert themes["A quiet afternoon"] == "other"
    assert ids[:2] == ["floods", "travel"] and ids[-1] == "other" and len(ids) == 4


def test_tags_are_configured_names_then_names_from_the_text(tmp_path):
    config = make(tmp_path)
    out, _ = assign_themes([item(1, "Flooding in Carlisle", "Mayor Jane Holt visited the flooded streets.",
                                 "Jane Holt said Carlisle would recover."), item(2, "Trains cancelled", "None ran.")],
                           config.theming)
    assert out[0].tags == ("Carlisle", "Jane Holt")


def test_explain_by_item_id_and_by_text(tmp_path):
    digest = ROOT / "content" / "digest.json"
    first = json.loads(digest.read_text())["days"][0]["items"][0]
    run = subprocess.run([sys.executable, "-m", "generator", "explain", first["id"], "--digest", str(digest)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{first['headline']}  [{first['id']}]"
    assert lines[2].split() == ["theme", "points", "matched", "terms"]
    assert lines[-1].startswith(f"→ {first['theme']}: by its rules")
    run = subprocess.run([sys.executable, "-m", "generator", "explain", "Spy ring trial opens in Warsaw",
                          "--digest", str(digest)], cwd=ROOT, capture_output=True, text=True)
    espionage = next(line for line in run.stdout.splitlines() if line.startswith("Espionage cases"))
    assert espionage.split()[2:] == ["9.0", "spy"]
    assert run.stdout.splitlines()[-1] == "→ espionage-cases: by its rules (9.0 points, at least 2 needed)"
