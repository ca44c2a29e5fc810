"""How the pages read: links by headline, times that match their day, no empty day, honest counts."""
import json
from datetime import date, datetime, timedelta, timezone

from conftest import FIXTURES

from generator.cli import main
from generator.models import Change, Day, Digest, Item, Theme
from generator.render import render

FOLDERS = FIXTURES / "folders"
UTC = timezone.utc


def item(id, headline, published, first_seen, day, changes=()):
    return Item(id=id, headline=headline, headlines=(headline,), labels=(), body=("A sentence of its own.",),
                published=published, byline=None, cards=(), kind="post", first_seen=first_seen,
                last_seen=first_seen + timedelta(hours=20), snapshots=("a.txt", "b.txt"), theme="ferries",
                day=day, changes=changes)


def two_days():
    """A post of 5 Mar edited on 6 Mar, and a post first seen on 5 Mar that the blog later timed 6 Mar."""
    evening = datetime(2025, 3, 5, 21, 10, tzinfo=UTC)
    edit = Change(at=datetime(2025, 3, 6, 9, 0, tzinfo=UTC), snapshot="b.txt", added=(2,))
    edited = item("ferry-timetable-cut-aaa111", "Ferry timetable cut for the winter", evening, evening,
                  date(2025, 3, 5), (edit,))
    retimed = item("harbour-master-speaks-bbb222", "Harbour master speaks to the crews",
                   datetime(2025, 3, 6, 11, 35, tzinfo=UTC), evening, date(2025, 3, 5))
    morning = item("new-boat-arrives-ccc333", "A new boat arrives from the yard",
                   datetime(2025, 3, 6, 8, 15, tzinfo=UTC), datetime(2025, 3, 6, 8, 30, tzinfo=UTC), date(2025, 3, 6))
    days = (Day(date(2025, 3, 5), (), (edited, retimed)), Day(date(2025, 3, 6), (), (morning,)))
    return render(Digest("Island ferries live", (Theme("ferries", "Ferries"),), days, ()), UTC)


def test_the_changes_list_links_an_updated_post_by_its_headline_on_its_own_day():
    files = two_days()
    assert ("- **Updated** 6 Mar 09:00: [Ferry timetable cut for the winter](#ferry-timetable-cut-aaa111)"
            " — 1 paragraph added") in files["days/2025-03-05.md"]
    later = files["days/2025-03-06.md"]  # the day of the edit names no other day's headline, it links that day's list
    assert "- 1 change to posts of [Wednesday 5 March 2025](2025-03-05.md#changes), listed there" in later
    assert "Ferry timetable" not in later and "a post of" not in later


def test_a_post_timed_after_its_day_reads_right_on_the_day_and_the_theme_page():
    files = two_days()
    shown = "first seen 5 Mar 21:10, timed 6 Mar 11:35 by the blog"
    assert f"\n{shown}\n" in files["days/2025-03-05.md"]
    theme = files["themes/ferries.md"]
    under_5_march = theme.split("## Wednesday 5 March 2025", 1)[1]
    assert f"[Harbour master speaks to the crews](../days/2025-03-05.md#harbour-master-speaks-bbb222) — {shown}" \
        in under_5_march
    assert "— 6 Mar 08:15" in theme.split("## Wednesday 5 March 2025", 1)[0]  # same day: its time alone


def test_a_capture_after_the_blog_ended_makes_no_empty_day(tmp_path, capsys):
    assert main(["build", "--snapshots", str(FOLDERS / "capture_after_the_end"), "--out", str(tmp_path),
                 "--no-cache"]) == 0
    assert "2 items after merging, 1 days" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "days").iterdir()) == ["2025-08-16.md", "index.md"]
    digest = json.loads((tmp_path / "digest.json").read_text())
    assert digest["days"][0]["summary"][-1].startswith("Our coverage of the festival has finished")
    assert "0 posts" not in "".join(p.read_text() for p in (tmp_path / "days").iterdir())


def test_with_every_post_undated_the_home_page_counts_them(tmp_path, capsys):
    assert main(["build", "--snapshots", str(FOLDERS / "no_times_no_manifest"), "--out", str(tmp_path),
                 "--no-cache"]) == 0
    home = (tmp_path / "index.md").read_text()
    assert "description: 3 undated posts.\n" in home
    assert "\n3 undated posts: [Undated posts](undated.md).\n" in home
    assert "0 posts over 0 days" not in home


def test_explain_without_its_digest_says_so(tmp_path, capsys):
    missing = tmp_path / "digest.json"
    assert main(["explain", "Ferry timetable cut", "--digest", str(missing)]) == 2
    said = capsys.readouterr().err
    assert said == f"error: {missing}: no such digest; build one first, or name it with --digest FILE\n"


def test_a_change_to_an_undated_post_is_counted_with_a_link_to_the_undated_posts():
    morning = datetime(2025, 3, 6, 8, 15, tzinfo=UTC)
    dated = item("new-boat-arrives-ccc333", "A new boat arrives from the yard", morning, morning, date(2025, 3, 6))
    edit = Change(at=datetime(2025, 3, 6, 10, 0, tzinfo=UTC), snapshot="b.txt", added=(2,))
    undated = item("pier-repairs-ddd444", "Pier repairs begin", None, morning, None, (edit,))
    files = render(Digest("Island ferries live", (Theme("ferries", "Ferries"),),
                          (Day(date(2025, 3, 6), (), (dated,)),), (undated,)), UTC)
    day = files["days/2025-03-06.md"]
    assert "- 1 change to [undated posts](../undated.md), listed there" in day and "Pier repairs" not in day
