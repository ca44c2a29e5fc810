"""Small folders of snapshots built end to end: every post a reader saw comes out, and nothing is lost silently."""
import json
import re
import shutil

from conftest import FIXTURES, write_snapshots

from generator.cli import main

FOLDERS = FIXTURES / "folders"


def build(capsys, folder, out, *options):
    """Run `build` on the folder; the digest it wrote and what it printed on stderr."""
    assert main(["build", "--snapshots", str(folder), "--out", str(out), "--no-cache", *options]) == 0
    err = capsys.readouterr().err
    return json.loads((out / "digest.json").read_text(encoding="utf-8")), err


def items(digest):
    return [item for day in digest["days"] for item in day["items"]] + digest["undated"]


def warnings(err):
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_key_points_over_two_days_loses_no_post(tmp_path, capsys):
    digest, err = build(capsys, FOLDERS / "key_points_over_two_days", tmp_path / "out")
    # Five posts in all: three on the first day (still on top the next morning), two more on the second.
    found = sorted((i["headline"], i["byline"], i["published"]) for i in items(digest))
    assert found == sorted([
        ("Burst main floods the ring road", "Priya Nair", "2025-03-06T14:05:00+00:00"),
        ("Schools in Dunmere to open as normal tomorrow", "Owen Hale", "2025-03-06T16:10:00+00:00"),
        ("Bottled water handed out at Dunmere leisure centre", "Priya Nair", "2025-03-06T17:40:00+00:00"),
        ("Ring road reopens to traffic", "Priya Nair", "2025-03-07T08:20:00+00:00"),
        ("Supply back in the east of the town", "Owen Hale", "2025-03-07T10:45:00+00:00"),
    ])
    bottled = next(i for i in items(digest) if i["headline"].startswith("Bottled water"))
    assert bottled["body"] == [
        "Volunteers have set up tables in the car park and are handing out four bottles to each household.",
        "Queues stretched back to the main road within twenty minutes of the station opening."]
    assert [d["date"] for d in digest["days"]] == ["2025-03-06", "2025-03-07"]
    assert "11 posts seen, 5 items after merging" in err  # the captures show 3, 3 and 5 posts


def test_growing_same_day_keeps_all_nine_posts(tmp_path, capsys):
    digest, err = build(capsys, FOLDERS / "growing_same_day", tmp_path / "out")
    assert [d["date"] for d in digest["days"]] == ["2025-06-14"]
    found = [(i["headline"], i["published"]) for i in digest["days"][0]["items"]]
    assert found == [
        ("Show president thanks the volunteers", "2025-06-14T14:15:00+01:00"),
        ("Young farmers win the tug of war", "2025-06-14T13:30:00+01:00"),
        ("Shower sends visitors into the tents", "2025-06-14T12:50:00+01:00"),
        ("Food hall runs out of pies", "2025-06-14T12:05:00+01:00"),
        ("Vintage tractors parade around the main arena", "2025-06-14T11:20:00+01:00"),
        ("Champion heifer named in the cattle ring", "2025-06-14T10:35:00+01:00"),
        ("Traffic builds on the Rushford bypass", "2025-06-14T10:10:00+01:00"),
        ("Sheepdog trials begin in the lower field", "2025-06-14T09:40:00+01:00"),
        ("Gates open at the Rushford Show", "2025-06-14T09:05:00+01:00"),
    ]
    heifer = next(i for i in items(digest) if i["headline"].startswith("Champion heifer"))
    assert len(heifer["body"]) == 2
    assert len(digest["days"][0]["titles"]) == 4  # the page title changed three times during the day
    assert "9 items after merging" in err


def test_single_scrape_without_manifest_or_times(tmp_path, capsys):
    digest, err = build(capsys, FOLDERS / "no_times_no_manifest", tmp_path / "out")
    assert digest["days"] == []
    assert [i["headline"] for i in digest["undated"]] == [
        "Pumps brought in from across the region",
        "Lowmoss school closes for the day",
        "Walkers asked to stay away from the dam path",
    ]
    assert digest["undated_summary"] == [
        "Residents below the dam have been told there is no immediate danger but should be ready to leave at short "
        "notice.",
        "The water company has started lowering the reservoir by releasing water into the River Lowe."]
    undated = (tmp_path / "out" / "undated.md").read_text(encoding="utf-8")
    assert "no immediate danger" in undated and "Pumps brought in from across the region" in undated
    assert any("blog.txt" in line for line in warnings(err))  # it has no capture time: said, not silent


def test_single_scrape_with_no_post_is_named(tmp_path, capsys):
    text = ("Greystone reservoir live: dam inspection after cracks found in the spillway\n"
            "Engineers are checking the 120-year-old dam above the village of Lowmoss\n"
            "Residents below the dam have been told there is no immediate danger but should be ready to leave.\n"
            "The water company has started lowering the reservoir by releasing water into the River Lowe.\n"
            "Twelve pumps arrived overnight and are taking water out of the reservoir at the northern end.\n")
    folder = write_snapshots(tmp_path / "in", {"prose-only.txt": text})
    digest, err = build(capsys, folder, tmp_path / "out")
    assert digest["undated_summary"][0].startswith("Residents below the dam")
    assert any("prose-only.txt" in line and "no post" in line for line in warnings(err)), warnings(err)


def test_glued_scrape_built_alone_is_named_and_comes_out(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "reader" / "glued_without_line_breaks.txt", folder)
    digest, err = build(capsys, folder, tmp_path / "out")
    assert any("glued_without_line_breaks.txt" in line and "glued" in line for line in warnings(err)), err
    paragraphs = digest["undated_summary"] + [p for day in digest["days"] for p in day["summary"]]
    paragraphs += [line for i in items(digest) for line in [i["headline"], *i["body"]] if line]
    assert len(paragraphs) > 1
    text = " ".join(paragraphs)
    for words in ("Crews from four counties are fighting the fire", "Schools in the valley stay shut",
                  "please do not go near the fire to take them."):
        assert words in text


SUMMARY_LINE = re.compile(r"^furniture lines removed: (\d+) by configured patterns, (\d+) learned, "
                          r"(\d+) by reading rules \((\d+) distinct lines learned\)$", re.MULTILINE)


def test_build_summary_counts_furniture_by_mechanism(tmp_path, capsys):
    text = (FIXTURES / "reader" / "footer_after_the_last_post.txt").read_text(encoding="utf-8")
    folder = write_snapshots(tmp_path / "in", {"storm.txt": text},
                             "snapshots:\n  storm.txt: {captured_at: '2025-03-07T12:00:00+00:00'}\n")
    _, err = build(capsys, folder, tmp_path / "out")
    # `Next` and `Topics` match configured patterns; pagination numbers, the topics and the dateline are dropped
    # by the reader's own rules; one snapshot teaches nothing.
    assert SUMMARY_LINE.search(err).groups() == ("2", "0", "8", "0")


def test_verbose_build_lists_learned_lines(tmp_path, capsys):
    folder = FOLDERS / "key_points_over_two_days"
    _, quiet = build(capsys, folder, tmp_path / "quiet")
    _, err = build(capsys, folder, tmp_path / "out", "--verbose")
    learned = [line.strip() for line in err.splitlines() if line.strip().startswith("learned:")]
    assert "learned: key points" in learned  # the heading recurs on both days and is in no post
    configured, learned_count, _, distinct = SUMMARY_LINE.search(err).groups()
    assert int(distinct) == len(learned) and int(learned_count) >= 3
    assert not any(line.strip().startswith("learned:") for line in quiet.splitlines())


def test_inspect_shows_each_line_with_its_role_and_rule(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "reader" / "relative_and_clock_before_headline.txt", folder)
    assert main(["inspect", str(folder / "relative_and_clock_before_headline.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("relative_and_clock_before_headline.txt: 6 posts, 2 summary paragraphs")
    rows = {line.split(None, 2)[2].split("  [")[0]: line for line in out.splitlines()
            if re.match(r"^\s+(\d+|-)\s+\w+\s", line)}
    assert re.match(r"^\s+18\s+headline\s+Trains between Leeds and Wakefield suspended$",
                    rows["Trains between Leeds and Wakefield suspended"])
    assert re.match(r"^\s+6\s+time\s+11\.56 GMT\s+\[reader\.timestamps\[\d+\]\]$", rows["11.56 GMT"])
    assert re.match(r"^\s+19\s+body\s+Northern says", rows[next(k for k in rows if k.startswith("Northern says"))])
    assert re.match(r"^\s+15\s+furniture\s+Updated at 11\.48 GMT\s+\[reader\.update_words\]$",
                    rows["Updated at 11.48 GMT"])
    assert re.match(r"^\s+7\s+byline\s+Anna Price\s+\[", rows["Anna Price"])
