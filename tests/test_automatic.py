"""Automatic themes for a blog with no theme rules, and tags that mean something."""
import json
import random

from conftest import ROOT

from generator.automatic import group, item_terms
from generator.build import build
from generator.config import Theming, load_config
from generator.models import Item
from generator.themes import assign_themes

NONE = Theming()


def item(n, headline, *body):
    return Item(id=f"i{n:03}", headline=headline, headlines=(headline,), labels=(), body=body, published=None,
                byline=None, cards=(), kind="post", first_seen=None, last_seen=None, snapshots=("a.txt",))


HARBOUR = [
    item(1, "Gales close the harbour at Port Avel", "The harbour master at Port Avel said no boat would leave today."),
    item(2, "Fishing boats stay tied up at Port Avel", "Skippers said the harbour was too rough, and Port Avel stayed shut."),
    item(3, "Ferry queue grows at Port Avel", "Travellers waited in the terminal at Port Avel for news."),
    item(4, "Westgrid restores power to Carrowmore", "Westgrid engineers reconnected homes across Carrowmore."),
    item(5, "Westgrid warns of more cuts tonight", "Westgrid said lines near Carrowmore could come down again."),
    item(6, "Schools shut across the county", "The council said every school would stay closed, the council said."),
    item(7, "Council opens rest centres", "The council said two halls would take families who left their homes."),
    item(8, "A picture from the promenade", "Waves broke over the railings."),
]


def filed(items, theming=NONE, title=None):
    out, themes = assign_themes(items, theming, title)
    titles = {t.id: t.title for t in themes}
    return {i.headline: titles[i.theme] for i in out}, [t.title for t in themes]


def test_with_no_rules_items_sharing_telling_names_form_named_themes():
    themes, titles = filed(HARBOUR)
    assert themes["Gales close the harbour at Port Avel"] == themes["Ferry queue grows at Port Avel"] == "Port Avel"
    assert themes["Westgrid restores power to Carrowmore"] == themes["Westgrid warns of more cuts tonight"]
    assert themes["Schools shut across the county"] == themes["Council opens rest centres"]
    assert "Said" not in titles and all(list(themes.values()).count(t) >= 2 for t in titles if t != "Other")


def test_the_same_items_in_any_order_get_the_same_themes():
    first = filed(HARBOUR)
    shuffled = HARBOUR[:]
    random.Random(7).shuffle(shuffled)
    assert filed(shuffled)[0] == first[0] and sorted(filed(shuffled)[1]) == sorted(first[1])


def test_a_term_on_most_items_is_the_blog_subject_and_names_no_theme():
    items = [item(n, f"Storm Idris: {h}", body) for n, (h, body) in enumerate(
        [("Harbour closed at Port Avel", "Port Avel is shut."), ("Boats tied up in Port Avel", "Port Avel waits."),
         ("Power cut in Carrowmore", "Westgrid is working in Carrowmore."),
         ("Lines down near Carrowmore", "Westgrid crews reached Carrowmore.")])]
    _, titles = filed(items)
    assert "Storm Idris" not in titles and "Idris" not in titles and set(titles) >= {"Port Avel", "Carrowmore"}


def test_a_term_of_the_blog_title_names_no_theme():
    _, titles = filed(HARBOUR, title="Port Avel storm live")
    assert "Port Avel" not in titles


def test_function_words_of_another_language_name_no_theme():
    """Frequent words of any language are no theme: the share of items they are on says so, no list."""
    items = [item(n, h, b) for n, (h, b) in enumerate([
        ("Angriff auf Hafen", "Der Hafen wurde nach dem Sturm und dem Angriff geschlossen, sagte die Polizei."),
        ("Hafen bleibt zu", "Der Hafen wurde und bleibt nach Angaben der Behörde geschlossen."),
        ("Stromausfall in Carrowmore", "Der Strom wurde in Carrowmore und Umgebung abgeschaltet."),
        ("Carrowmore ohne Strom", "In Carrowmore wurde der Strom und das Wasser knapp."),
        ("Schulen geschlossen", "Die Schulen wurden und bleiben geschlossen.")])]
    _, titles = filed(items)
    assert not {"Und", "Der", "Wurde", "Die"} & set(titles) and "Carrowmore" in titles


def test_terms_of_an_item_are_its_own_work():
    """Per-item terms depend on the item alone (so they can be remembered per item)."""
    assert item_terms(HARBOUR[0]) == item_terms(HARBOUR[0])
    terms = dict(item_terms(HARBOUR[0]).counts)
    assert terms["port avel"] == 3 + 1 and "port" not in terms
    assert group([item_terms(i) for i in HARBOUR], {i.id for i in HARBOUR}, set())


def test_a_theme_with_no_items_appears_nowhere(tmp_path):
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "a.txt").write_text(
        "Harbour live\n\nStorm news from the coast\n\nGales close the harbour at Port Avel\n\n"
        "The harbour master at Port Avel said no boat would leave.\n\nFerry queue grows at Port Avel\n\n"
        "Travellers waited at Port Avel.\n\nWestgrid restores power to Carrowmore\n\n"
        "Engineers reconnected homes in Carrowmore.\n\nMore cuts feared in Carrowmore\n\n"
        "Westgrid said lines near Carrowmore could come down.\n", encoding="utf-8")
    config = tmp_path / "digest.yml"
    config.write_text("themes:\n  - title: Espionage cases\n    rules: [{terms: [spy]}]\n", encoding="utf-8")
    build(tmp_path / "snapshots", tmp_path / "out", load_config(config))
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert [t["id"] for t in digest["themes"]] == ["carrowmore", "port-avel"]
    assert not (tmp_path / "out" / "themes" / "espionage-cases.md").exists()
    pages = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))
    assert "Espionage" not in pages and "Other" not in pages


def tags_of(items, title=None):
    out, _ = assign_themes(items, NONE, title)
    return {i.headline: i.tags for i in out}


def test_no_tag_is_a_fragment_of_a_longer_name():
    items = [item(1, "Flights to New York cancelled", "Airlines said New York flights would resume on Friday."),
             item(2, "Crews stranded", "Pilots flying out of New York were stuck. York was quiet."),
             item(3, "Ferries resume", "Island Line Ferries said boats would sail."), item(4, "Quiet", "Nothing.")]
    tags = {t for ts in tags_of(items).values() for t in ts}
    assert "New York" in tags and "York" not in tags


def test_a_possessive_ends_a_name():
    tags = tags_of([item(1, "Aid pledged", "Leaders met Ruritania’s Western allies in Aldham."),
                    item(2, "Talks", "Nothing else."), item(3, "More", "Quiet."), item(4, "Late", "Done.")])
    found = {t for ts in tags.values() for t in ts}
    assert "Ruritania" in found and not any("Western" in t for t in found)


def test_a_name_on_nearly_every_item_or_in_the_title_is_no_tag():
    items = [item(n, f"Update {n}", f"Officials in Ruritania said the Harbour Trust in Aldham met {w}.")
             for n, w in enumerate(["Ilan Corvo", "Ruth Marlow", "Piet Varga", "Sami Rask"])]
    tags = {t for ts in tags_of(items, title="Storm live (The Harbour Trust)").values() for t in ts}
    assert "Ruritania" not in tags and "Harbour Trust" not in tags and "Ilan Corvo" in tags


def test_a_count_glued_to_a_name_or_bracketed_is_no_part_of_the_tag():
    tags = tags_of([item(1, "Tags", "Filed under Aldham398 and Carrowmore (12), with Ruth Marlow."),
                    item(2, "Other", "Nothing."), item(3, "More", "Quiet."), item(4, "Late", "Done.")])
    found = {t for ts in tags.values() for t in ts}
    assert not any(c.isdigit() or "(" in c for t in found for c in t) and "Ruth Marlow" in found


def test_of_after_a_persons_two_names_starts_another_name():
    tags = tags_of([item(1, "Warning", "The spokesman Andriy Kovalenko of Ruritania spoke, as did the Isle of Man."),
                    item(2, "Other", "Nothing."), item(3, "More", "Quiet."), item(4, "Late", "Done.")])
    found = {t for ts in tags.values() for t in ts}
    assert "Andriy Kovalenko" in found and not any("Kovalenko of" in t for t in found)


def test_the_example_blog_tags_carry_no_outlet_or_fragment():
    tags = (ROOT / "content" / "tags.md").read_text(encoding="utf-8")
    assert "[Daily Ledger]" not in tags and "[York]" not in tags and "Ukraine’s Western" not in tags


def test_explain_names_the_automatic_theme_and_its_terms(tmp_path):
    import subprocess
    import sys
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.txt").write_text(
        "Coast live\n\nNews from the coast\n\nGales close the harbour at Port Avel\n\nNo boat left Port Avel.\n\n"
        "Ferry queue grows at Port Avel\n\nTravellers waited at Port Avel.\n\nWestgrid restores power to Carrowmore\n\n"
        "Homes in Carrowmore are back on.\n\nMore cuts feared in Carrowmore\n\nWestgrid crews are out.\n", encoding="utf-8")
    (tmp_path / "none.yml").write_text("themes: []\n", encoding="utf-8")
    build(tmp_path / "s", tmp_path / "out", load_config(tmp_path / "none.yml"))
    first = json.loads((tmp_path / "out" / "digest.json").read_text())["undated"][0]
    run = subprocess.run([sys.executable, "-m", "generator", "explain", first["id"], "--digest",
                          str(tmp_path / "out" / "digest.json"), "--config", str(tmp_path / "none.yml")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == (f"→ {first['theme']}: an automatic theme of at least 2 leftover posts "
                                           f"sharing the telling terms {first['theme'].replace('-', ' ').title()}")
