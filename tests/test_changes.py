"""What changed: retitles, paragraphs added, posts taken down, posts pushed off, re-posts."""
import json

import pytest

from conftest import FIXTURES

from generator.build import build
from generator.changes import reworded


@pytest.fixture(scope="module")
def built(tmp_path_factory, config):
    out = tmp_path_factory.mktemp("changes")
    build(FIXTURES / "changes", out, config)
    digest = json.loads((out / "digest.json").read_text())
    items = {i["headlines"][0].removeprefix("ICYMI: "): (d["date"], i) for d in digest["days"] for i in d["items"]}
    return out, items


def test_a_retitled_post_is_one_item_with_a_headline_change(built):
    _, items = built
    day, item = items["Bridge closed in Carlisle"]
    assert day == "2025-03-06" and item["headline"] == "Eden bridge to stay shut until Saturday"
    assert item["changes"] == [{"at": "2025-03-06T12:00:00+00:00", "snapshot": "b.txt",
                                "headline": {"from": "Bridge closed in Carlisle", "to": "Eden bridge to stay shut until Saturday"},
                                "added": [], "removed": [], "edited": []}]


def test_a_paragraph_added_is_a_change(built):
    _, items = built
    _, item = items["Trains suspended between Leeds and Carlisle"]
    assert [(c["at"], c["added"], c["headline"]) for c in item["changes"]] == [("2025-03-06T12:00:00+00:00", [3], None)]
    assert len(item["body"]) == 3


def test_a_post_gone_while_older_posts_stay_was_removed(built):
    _, items = built
    assert items["Council opens rest centre in Appleby"][1]["removed_after"] == "2025-03-06T09:00:00+00:00"


def test_a_post_pushed_off_the_bottom_was_not_removed(built):
    _, items = built
    assert items["Army on standby in Cumbria"][1]["removed_after"] is None
    assert items["Footbridge swept away in Kendal"][1]["removed_after"] is None


def test_a_repost_the_next_day_stays_on_its_first_day_without_a_change(built):
    _, items = built
    day, item = items["Footbridge swept away in Kendal"]
    assert day == "2025-03-06" and item["snapshots"] == ["a.txt", "b.txt", "c.txt"]
    assert item["changes"] == [] and item["labels"] == ["ICYMI"]
    assert [h for h in items] .count("Footbridge swept away in Kendal") == 1


def test_the_day_page_says_what_changed(built):
    out, _ = built
    page = (out / "days" / "2025-03-06.md").read_text()
    assert "<summary>Updated 6 Mar 12:00: headline changed from “Bridge closed in Carlisle”</summary>" in page
    assert "<summary>Updated 6 Mar 12:00: 1 paragraph added</summary>" in page
    assert "**Removed** from the page after 6 Mar 09:00." in page
    changes = page.split("## Changes\n", 1)[1].split("\n## ", 1)[0]
    assert "- **Updated** 6 Mar 12:00: [Eden bridge to stay shut until Saturday](#" in changes
    assert "- **Removed** after 6 Mar 09:00: [Council opens rest centre in Appleby](#" in changes


def test_reworded_shows_only_the_changed_stretch():
    assert reworded("The bridge will stay shut until Saturday at the earliest, police said.",
                    "The bridge will stay shut until Monday at the earliest, police said.") == (
        "… stay shut until Saturday at the earliest, …", "… stay shut until Monday at the earliest, …")


SEEDS = FIXTURES.parent.parent.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real snapshots (../shared/seeds) are not beside the project")
def test_on_the_real_snapshots_the_retitle_and_the_statement_edit_are_updates(tmp_path, config):
    build(SEEDS, tmp_path, config)
    digest = json.loads((tmp_path / "digest.json").read_text())
    items = [i for d in digest["days"] for i in d["items"]]
    g7 = next(i for i in items if any(h.startswith("G7 and allies warn Russia") for h in i["headlines"]))
    assert [c["headline"] for c in g7["changes"]] == [
        {"from": "G7 and allies warn Russia over use of North Korean troops in Ukraine",
         "to": "G7 and allies warning over use of North Korean troops in Ukraine"}]
    statement = next(i for i in items if "Zelensky congratulates Trump on US election victory" in i["headlines"])
    [change] = statement["changes"]
    assert change["headline"]["to"] == "Zelensky’s statement in full" and change["edited"]
    page = (tmp_path / "days" / "2024-11-06.md").read_text()
    assert "<summary>Updated 6 Nov 12:30: headline changed from “Zelensky congratulates Trump on US election victory”" in page


def test_a_shorter_capture_is_no_take_down(tmp_path, config):
    """The later capture shows the pinned post and the end of the feed: the posts between are not removed."""
    build(FIXTURES / "shorter", tmp_path, config)
    digest = json.loads((tmp_path / "digest.json").read_text())
    items = {i["headline"]: i for d in digest["days"] for i in d["items"]}
    assert len(items) == 5
    assert [h for h, i in items.items() if i["removed_after"]] == []
    assert "Removed" not in (tmp_path / "days" / "2025-06-02.md").read_text()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real snapshots (../shared/seeds) are not beside the project")
def test_on_the_real_snapshots_no_post_is_removed(tmp_path, config):
    build(SEEDS, tmp_path, config)
    digest = json.loads((tmp_path / "digest.json").read_text())
    assert [i["headline"] for d in digest["days"] for i in d["items"] if i["removed_after"]] == []
