"""The HTML reader: schema.org live-blog data and the visible page joined, each post once."""
from __future__ import annotations

import html
import json
import logging
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.build import extract
from generator.errors import SnapshotError
from generator.furniture import Furniture
from generator.merge import merge_posts
from generator.models import Card, Page, Post, Snapshot
from generator.readers.html import read_html
from generator.readers.text import TextReader, split_lines
from generator.snapshots import decode

from conftest import FIXTURES, ROOT

HTML = FIXTURES / "html"
REAL = ROOT.parent / "shared" / "liveblogs-html"
LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
BST = timezone(timedelta(hours=1))


def read(path: Path, config, captured_at: datetime | None = None) -> Page:
    snapshot = Snapshot(captured_at, path.name, path)
    return read_html(snapshot, decode(snapshot), Furniture(config.reading))


def fixture(name: str, config, captured_at: datetime | None = None) -> Page:
    return read(HTML / name, config, captured_at)


def headlines(page: Page) -> list[str]:
    return [post.headline for post in page.posts]


# --- the three real pages in ../shared/liveblogs-html ------------------------------------------------------------

REAL_PAGES = {
    "corkbeo-level3-live-2020-10-06.html": 26,
    "express-harry-meghan-live-2024-07-18.html": 9,
    "mirror-uk-riots-live-2024-08-05.html": 428,
}
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} is absent (the shared real pages are not here)")


@pytest.fixture(scope="module")
def real_pages(config) -> dict[str, Page]:
    return {name: read(REAL / name, config) for name in REAL_PAGES}


def structured_updates(path: Path) -> list[dict]:
    """The page's liveBlogUpdate entries, read here with the json module alone (not the reader's code)."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)
    blogs = [data for data in map(json.loads, blocks) if data.get("@type") == "LiveBlogPosting"]
    assert len(blogs) == 1
    return blogs[0]["liveBlogUpdate"]


@needs_real
@pytest.mark.parametrize("name", REAL_PAGES)
def test_every_structured_update_is_exactly_one_post(real_pages, name):
    page = real_pages[name]
    updates = structured_updates(REAL / name)
    assert len(updates) == len(page.posts) == REAL_PAGES[name]
    by_id = {}
    for post in page.posts:
        assert post.source_id not in by_id, f"{post.source_id} read twice"
        by_id[post.source_id] = post
    for update in updates:
        post = by_id[update["url"]]
        # labels such as "Exclusive:" are kept apart, as in text snapshots
        assert post.shown_headline == re.sub(r"\s+", " ", html.unescape(update["headline"])).strip()
        assert post.published == datetime.fromisoformat(update["datePublished"])
        assert post.published.tzinfo is not None


@needs_real
@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_read_newest_first(real_pages, name):
    page = real_pages[name]
    assert [p.position for p in page.posts] == list(range(len(page.posts)))
    times = [p.published for p in page.posts]
    assert times == sorted(times, reverse=True)


@needs_real
def test_corkbeo_trailing_spaces_empty_bodies_and_visible_authors(real_pages):
    page = real_pages["corkbeo-level3-live-2020-10-06.html"]
    assert page.title == "Level 3 LIVE from Cork as Ireland adapts to incoming coronavirus restrictions"
    assert page.summary[0] == "The country avoided Level 5 last night, but NPHET have warned it may be down the line"
    first = page.posts[0]
    assert first.headline == "Goodnight"  # "Goodnight " in the JSON-LD
    assert first.published == datetime(2020, 10, 6, 21, 22, 53, 212000, tzinfo=BST)
    assert first.byline == "Frances Watkins"  # the post's own author as shown, not the page's JSON-LD author
    assert first.body == ("We are logging off for the night but we will be back from 7am with all your latest news.",
                          "Thanks for following our live blog throughout the day.", "Goodnight and stay safe.")
    [embed] = [p for p in page.posts if p.headline.startswith("Another Cork favourite preparing to shut up shop")]
    assert embed.body == ()  # an embed-only post: empty articleBody, a bare Facebook URL on the page
    assert embed.cards == (Card("https://www.facebook.com/DwyersOfCork/posts/2800731780195723", "",
                                "https://www.facebook.com/DwyersOfCork/posts/2800731780195723"),)
    last = page.posts[-1]
    assert last.headline == "'Circuit breaker' plan - NPHET vs Government"
    assert last.published == datetime(2020, 10, 6, 8, 44, 43, 784000, tzinfo=BST)
    assert any("NPHET's advice" in paragraph for paragraph in last.body)  # &apos; decoded
    [linked] = [p for p in page.posts if p.headline == "In case you missed this earlier"]
    assert linked.cards == (Card("Coronavirus Ireland: One death and 432 new cases", "",
                                 "https://www.corkbeo.ie/news/local-news/coronavirus-ireland-one-death-432-19060923"),)


@needs_real
def test_express_entities_in_json_strings_and_string_author(real_pages):
    page = real_pages["express-harry-meghan-live-2024-07-18.html"]
    post = page.posts[1]
    assert post.headline == "Meghan Markle 'turned and hissed' at a staffer leaving her in 'tears'"  # &#39;
    assert post.published == datetime(2024, 7, 18, 10, 5, tzinfo=BST)
    assert post.byline == "Jon King"
    assert any('"more traditional"' in p for p in page.posts[0].body)  # &#34;
    assert page.posts[-1].headline == "Meghan Markle shows true colours with tragic blog post about dad Thomas Markle"
    assert page.posts[-1].published == datetime(2024, 7, 18, 7, 6, tzinfo=BST)


@needs_real
def test_mirror_keeps_all_428_updates_though_the_page_shows_30(real_pages):
    page = real_pages["mirror-uk-riots-live-2024-08-05.html"]
    assert page.posts[0].headline == "Loud bang heard at Plymouth scene"
    assert page.posts[0].published == datetime(2024, 8, 5, 21, 0, 18, 921000, tzinfo=BST)
    assert page.posts[0].body[0].startswith('Local reporters have said a "loud bang" was heard')  # &quot;
    assert page.posts[-1].headline == "UK police braced for 'at least 15' protests over the weekend"
    assert page.posts[-1].published == datetime(2024, 8, 2, 18, 42, 0, 475000, tzinfo=BST)
    assert page.posts[100].byline == "Lucy Thornton, Tim Hanlon, Phoebe Tonks, Joseph Gamp"  # a Person list
    assert page.posts[1].byline != "KEY EVENT"


# --- fixtures written for this project (tests/fixtures/html) -----------------------------------------------------

def test_json_ld_in_a_graph_with_type_lists_and_references(config):
    page = fixture("jsonld_graph_type_list.html", config)
    assert page.title == "Kestrel Bay regatta LIVE: crews wait for the wind"
    assert page.summary == ("Forty boats are moored off the north pier while race officers watch the forecast.",)
    assert headlines(page) == ["First race finally under way", "Harbour master opens the outer basin",
                               "Race officers postpone the morning start"]
    first, referenced, last = page.posts
    assert first.published == datetime(2025, 6, 14, 10, 2, tzinfo=UTC)  # Z
    assert first.body == ("The starting gun sounded at eleven and the dinghies crossed the line in a tight pack.",
                          "A light westerly is holding for now.")
    assert referenced.byline == "Tobias Wren"  # an update given as {"@id": ...}, resolved in the @graph
    assert referenced.source_id == "https://gazette.example/regatta-live#update-2"
    assert last.published == datetime(2025, 6, 14, 8, 30, tzinfo=BST)  # +01:00


def test_visible_markup_alone(config):
    page = fixture("visible_only.html", config)
    assert headlines(page) == ["Last passengers leave the terminal", "Union says the walkout will last until Friday",
                               "Ferry company apologises"]
    # HH:MM resolved with the page's date (article:modified_time 00:20Z): past midnight, then the evening before
    assert [p.published for p in page.posts] == [datetime(2025, 2, 11, 0, 10, tzinfo=LONDON),
                                                 datetime(2025, 2, 10, 23, 50, tzinfo=LONDON),
                                                 datetime(2025, 2, 10, 22, 5, tzinfo=LONDON)]
    assert [p.byline for p in page.posts] == ["Ines Farrow", None, "Ines Farrow"]  # KEY EVENT is no author
    assert page.posts[0].source_id == "https://gazette.example/ferry-strike-live#9003"
    assert page.posts[1].body == ("A union spokeswoman said the crews would stay out until Friday unless the company "
                                  "puts a new rota on the table.",)  # share prompt and picture caption gone
    assert "Share this post" in page.furniture
    assert page.posts[2].body == ("The company apologised to travellers and said refunds would be paid within a week.",
                                  "Hotel costs will also be covered.")  # <br> splits
    assert page.summary == ("Crews on the night ferry walked out at ten after talks over rest breaks broke down.",)


def test_plain_article_elements_with_time_datetime(config):
    page = fixture("visible_articles.html", config)
    assert page.title == "Lighthouse restoration: live updates"
    assert headlines(page) == ["Lamp room glass lifted into place", "Scaffolding comes down on the seaward side"]
    assert [p.published for p in page.posts] == [datetime(2025, 5, 2, 15, 40, tzinfo=BST),
                                                 datetime(2025, 5, 2, 9, 5, tzinfo=UTC)]
    assert page.posts[0].byline == "Pellam Rook"
    assert page.posts[1].body == ("Workers began dismantling the seaward scaffolding at first light.",
                                  "The tower will be repainted in its red and white bands next week.")


def test_the_visible_page_fills_bodies_the_json_ld_lacks(config):
    page = fixture("jsonld_missing_bodies.html", config)
    assert headlines(page) == ["Tug of war ends in a draw", "Dog show winners announced"]
    assert page.posts[0].body == ("The rope snapped after eleven minutes with neither team giving an inch, so the "
                                  "judges called it a draw.", "Both teams will share the barrel of cider.")
    assert page.posts[0].source_id == "https://gazette.example/fete-live#e2"
    assert page.posts[0].published == datetime(2025, 7, 5, 15, 30, tzinfo=BST)
    assert page.posts[1].body == ("A three-legged terrier called Biscuit took the rosette for best rescue dog this "
                                  "afternoon.",)


def test_three_structured_updates_and_four_visible_posts_make_four_posts(config):
    page = fixture("jsonld_three_visible_four.html", config)
    assert headlines(page) == ["Beach below the slip to stay shut all weekend", "Geologists survey the slip",
                               "Footpath closed between the two coves", "Rockfall reported at dawn"]
    newest = page.posts[0]
    assert newest.source_id is None and newest.published == datetime(2025, 3, 20, 15, 55, tzinfo=LONDON)
    assert [p.source_id for p in page.posts[1:]] == [f"https://gazette.example/landslip-live?u={n}" for n in (3, 2, 1)]
    assert [p.published for p in page.posts[1:]] == [datetime(2025, 3, 20, h, m, tzinfo=UTC)
                                                     for h, m in ((15, 20), (13, 45), (7, 10))]


def test_entities_and_raw_links_in_article_body(config):
    page = fixture("entities_and_links.html", config)
    assert page.title == "Harbour wall repairs 'ahead of schedule'"
    assert page.summary == ("The contractor says the breach will be sealed before the spring tides & the council "
                            "agrees.",)
    [post] = page.posts
    assert post.headline == "Mayor says repairs are 'going well'"  # entities decoded, trailing spaces trimmed
    assert post.body == ('The mayor told reporters the work was "going well" and praised the "tireless" crews. '
                         "Read the contract details or the council minutes.",
                         "Fish & chip shops on the quay have stayed open throughout.")
    assert post.cards == (Card("contract details", "", "https://gazette.example/wall-live/contract"),
                          Card("council minutes", "", "https://council.example/minutes"))
    assert "Share" in page.furniture  # the javascript: share link, furniture by the configured patterns


def test_author_as_string_list_person_and_organization_and_time_offsets(config):
    page = fixture("author_forms.html", config)
    assert [p.byline for p in page.posts] == ["Ottilie Marsh, Gethin Vause", "Ottilie Marsh",
                                              "Mill Trust Press Office", "Gethin Vause"]
    assert [p.published for p in page.posts] == [
        datetime(2025, 9, 1, 16, 45, tzinfo=LONDON),  # naive: in the configured timezone
        datetime(2025, 9, 1, 14, 20, tzinfo=UTC),
        datetime(2025, 9, 1, 12, 5, tzinfo=BST),
        datetime(2025, 9, 1, 10, 0, tzinfo=BST)]
    assert all(p.published.utcoffset() is not None for p in page.posts)


def test_embed_only_post_has_an_empty_body(config):
    page = fixture("empty_body.html", config)
    assert len(page.posts) == 2
    video = page.posts[0]
    assert (video.labels, video.headline, video.body, video.kind) == (("Watch",), "the pup returns to the water", (),
                                                                      "post")
    assert video.source_id == "https://gazette.example/seal-live#s2"


def test_broken_and_truncated_html_is_read_as_far_as_it_goes(config, caplog):
    captured = datetime(2025, 8, 30, 19, 0, tzinfo=UTC)
    with caplog.at_level(logging.WARNING):
        page = fixture("broken_truncated.html", config, captured)
    assert "JSON-LD block skipped: not valid JSON" in caplog.text
    assert page.title == "Quay market fire live"
    assert headlines(page) == ["Fire under control", "Smoke seen over the quay"]
    assert [p.byline for p in page.posts] == ["Casimir Pell", "Casimir Pell"]
    assert page.posts[0].body == ("The fire service says the blaze at the covered market is under control, though "
                                  "crews will stay overnight.",
                                  "Stallholders have been told to keep away until the roof has been checked")
    assert page.posts[1].body[-1] == "Witnesses describe a loud crack before the flames"  # cut mid-tag
    assert [p.published for p in page.posts] == [datetime(2025, 8, 30, 19, 40, tzinfo=LONDON),
                                                 datetime(2025, 8, 30, 18, 55, tzinfo=LONDON)]


@pytest.mark.parametrize("markup, posts", [
    ("<div>" * 3000 + "<p>Deep inside the nesting</p>", []),
    # no markup marks posts: the main text is read as a text copy is, where a short last line is a post
    ("<html><body><p>A page with one paragraph and no feed.</p><![if !IE]><p>Old markup</p><![endif]>",
     ["Old markup"]),
    ('<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": 7}</script><p>Hello</p>', []),
    ('<script type="application/ld+json">[[[{"@graph": null}]]]</script><title>T</title>', []),
])
def test_odd_markup_never_raises(config, tmp_path, markup, posts):
    path = tmp_path / "odd.html"
    path.write_text(markup, encoding="utf-8")
    page = read(path, config)
    assert headlines(page) == posts


@pytest.mark.parametrize("markup", ["<html><head></head><body>  </body></html>", "<!-- nothing here -->\n<br>"])
def test_a_page_with_no_readable_content_is_a_snapshot_error(config, tmp_path, markup):
    path = tmp_path / "blank.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(SnapshotError, match="no readable content"):
        read(path, config)


# --- merging across formats --------------------------------------------------------------------------------------

def test_a_text_and_an_html_snapshot_of_the_same_posts_give_one_item_per_post(config):
    text_path, html_path = HTML / "same_posts.txt", HTML / "same_posts.html"
    text_snapshot = Snapshot(datetime(2025, 11, 12, 16, 0, tzinfo=UTC), text_path.name, text_path)
    text_page = TextReader(config.reading, Furniture(config.reading)).read(text_snapshot, split_lines(decode(text_snapshot)))
    html_page = read(html_path, config, datetime(2025, 11, 12, 17, 0, tzinfo=UTC))
    assert len(text_page.posts) == len(html_page.posts) == 2
    items = merge_posts([text_page, html_page], config.matching)
    assert sorted(item.headline for item in items) == ["Grower says half the crop is lost",
                                                       "Harbour trust offers emergency loans"]
    assert all(item.snapshots == ("same_posts.html", "same_posts.txt") for item in items)


def _page(name: str, hours: int, *posts: Post) -> Page:
    snapshot = Snapshot(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours), name, Path(name))
    return Page(snapshot, None, None, (), tuple(Post(**{**p.__dict__, "snapshot": name, "position": k})
                                                for k, p in enumerate(posts)))


def test_posts_sharing_a_source_id_are_always_one_item(config):
    before = Post("", 0, 1, "Ferry sails again", ("The ferry left on time this morning with a full car deck.",),
                  source_id="https://gazette.example/live#p7")
    after = Post("", 0, 1, "Strike over: timetable restored",
                 ("Union and company reached a deal at dawn; every crossing will run from tomorrow.",),
                 source_id="https://gazette.example/live#p7")
    other = Post("", 0, 1, "Harbour cafe reopens", ("The cafe by the slipway reopened with a new menu.",),
                 source_id="https://gazette.example/live#p8")
    items = merge_posts([_page("a.html", 0, before, other), _page("b.html", 2, after)], config.matching)
    assert len(items) == 2
    [merged] = [i for i in items if i.copies == 2]
    assert merged.headline == "Strike over: timetable restored"
    assert set(merged.headlines) == {"Ferry sails again", "Strike over: timetable restored"}


# --- the visible page found by its shape, checked against the data (tests/fixtures/html) --------------------------

IST = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")


def test_microdata_updates_are_read_like_json_ld(config, caplog):
    with caplog.at_level(logging.WARNING):
        page = fixture("microdata_updates.html", config)
    assert "microdata_updates.html:3: JSON-LD block skipped: not valid JSON" in caplog.text
    # the same headline twice: two posts all the same, told apart by their ids, bodies and times
    assert headlines(page) == ["Cove Cup final: WICKET!", "Cove Cup final: WICKET!",
                               "Cove Cup final: toss won by the hosts"]
    assert [p.source_id for p in page.posts] == [f"https://pennant.example/cove-cup-live#{n}" for n in (31, 30, 29)]
    assert [p.published for p in page.posts] == [datetime(2025, 3, 4, 18, 40, 10, tzinfo=IST),
                                                 datetime(2025, 3, 4, 18, 31, tzinfo=IST),
                                                 datetime(2025, 3, 4, 18, 2, tzinfo=IST)]
    # the visible copy repeats the headline over the body: the body is read once, without it
    assert page.posts[1].body == ("A yorker crashes into middle stump and the visitors lose their first man.",)


def test_placeholder_headlines_and_one_shared_time_give_way_to_the_visible_page(config):
    page = fixture("jsonld_placeholder_headlines.html", config)
    # every update headlined with the blog's title, all at 12:00Z: headlines and times come from the page
    assert headlines(page) == ["Repairs will take two weeks", "", "Old bridge shut at dawn"]
    assert [p.published for p in page.posts] == [datetime(2025, 4, 22, h, m, tzinfo=UTC)
                                                 for h, m in ((11, 40), (9, 5), (7, 15))]
    assert [p.source_id for p in page.posts] == ["a3", "a2", "a1"]  # `a3` is the element `block-a3`
    assert page.posts[0].body == ("Engineers say the cracked bearing will take a fortnight to replace.",
                                  "Buses will run a shuttle over the weir road in the meantime.")
    # the pinned copy above the feed is read once (its text counted as dropped); the key-event links are no posts
    assert "Buses will run a shuttle over the weir road in the meantime." in page.furniture
    assert not any("12.40" in p or "Updated at" in p for post in page.posts for p in post.body)


def test_headings_opening_with_a_time_mark_the_posts_of_a_page_without_data(config):
    page = fixture("time_headings_uhr.html", config)
    assert headlines(page) == ["Pegel am Mühlbach sinkt wieder", "Feuerwehr pumpt Keller in der Altstadt aus",
                               "Schule in Unterau bleibt geschlossen"]
    # "Uhr" is Central European time, whatever the configured zone; the day from the page's own <time>
    assert [p.published for p in page.posts] == [datetime(2025, 3, 5, h, m, tzinfo=BERLIN)
                                                 for h, m in ((13, 45), (11, 2), (8, 10))]
    assert page.posts[0].body == ("Am Nachmittag ist der Wasserstand am Mühlbach um zwanzig Zentimeter gefallen, "
                                  "meldet das Wasserwirtschaftsamt.",
                                  "Die Sandsäcke sollen trotzdem bis zum Wochenende liegen bleiben.")
    # neither the overview list, the date line after the last post nor the teasers in the aside are posts
    assert not any("Überblick" in p or "Mittwoch" in p for post in page.posts for p in post.body)


def test_where_data_and_page_disagree_the_time_a_reader_sees_wins(config):
    page = fixture("data_and_page_disagree.html", config)
    # the data says 13:00Z; the page prints 15:20 BST, on the data's day
    assert page.posts[0].published == datetime(2025, 10, 9, 15, 20, tzinfo=LONDON)
    assert page.posts[1].published == datetime(2025, 10, 9, 7, 45, tzinfo=UTC)  # 08:45 BST: they agree


def test_a_page_that_names_no_zone_is_in_the_zone_its_data_tells(config):
    page = fixture("page_zone_from_data.html", config)
    # printed 16:12 and 10:40, data 15:12:30Z and 09:40:05Z: the page is an hour ahead of UTC, the data agrees
    # (the <time datetime> attributes, which say 16:12Z, are wrong)
    assert [p.published for p in page.posts] == [datetime(2025, 11, 20, 15, 12, 30, tzinfo=UTC),
                                                 datetime(2025, 11, 20, 9, 40, 5, tzinfo=UTC)]


def test_a_page_whose_markup_marks_no_posts_reads_as_its_text_would(config):
    path = HTML / "text_fallback.html"
    page = read(path, config)
    text = "\n".join(["The fete committee is keeping this diary through the day.", "Marquee goes up on the green",
                      "Volunteers had the big tent standing by nine, just before the first shower rolled in.",
                      "Cake stall sells out",
                      "Every lemon drizzle was gone within the hour and the stall closed before lunch."])
    snapshot = Snapshot(None, path.name, path)
    as_text = TextReader(config.reading, Furniture(config.reading)).read(snapshot, split_lines(text))
    assert headlines(page) == [p.headline for p in as_text.posts] == ["Marquee goes up on the green",
                                                                      "Cake stall sells out"]
    assert [p.body for p in page.posts] == [p.body for p in as_text.posts]
    assert not any("Home" in p or "rights reserved" in p for post in page.posts for p in post.body)


# --- bounded work -------------------------------------------------------------------------------------------------

def _write(tmp_path: Path, markup: str) -> Path:
    path = tmp_path / "crafted.html"
    path.write_text(markup, encoding="utf-8")
    return path


def _timed(path: Path, config) -> tuple[Page, float]:
    start = time.monotonic()
    page = read(path, config, datetime(2025, 1, 1, 23, 0, tzinfo=UTC))
    return page, time.monotonic() - start


def test_unclosed_nested_posts_are_read_in_linear_time(config, tmp_path):
    entry = ('<div class="vell-post" id="p{n}"><div class="vell-meta"><time>{h:02d}:{m:02d}</time><b>Ansel Crane</b>'
             '</div><div class="vell-copy"><h3>Council update number {n}</h3><p>The council has published note '
             '{n} on the drainage works along the lower road.')  # never closed: each post inside the one before
    posts = 300
    markup = "<html><body>" + "".join(entry.format(n=n, h=n % 24, m=n % 60) for n in range(posts, 0, -1))
    assert len(markup) > 26_000
    page, seconds = _timed(_write(tmp_path, markup), config)
    assert seconds < 5
    assert len(page.posts) == posts
    assert page.posts[0].headline == f"Council update number {posts}"
    assert page.posts[0].body == (f"The council has published note {posts} on the drainage works along the lower road.",)


def test_json_ld_nested_5000_deep_is_skipped_with_a_warning(config, tmp_path, caplog):
    markup = ('<script type="application/ld+json">' + '{"a": ' * 5000 + "1" + "}" * 5000 + "</script>"
              "<p>The quay stays open.</p>")
    with caplog.at_level(logging.WARNING):
        page, seconds = _timed(_write(tmp_path, markup), config)
    assert seconds < 5
    assert "crafted.html:1: JSON-LD block skipped: nested too deeply to read" in caplog.text
    assert page.title is None and page.posts == ()


@pytest.mark.parametrize("markup, reason", [
    ('<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": ['
     + ",".join('{"headline": "Update %d", "articleBody": "%s"}' % (n, "word " * 60) for n in range(15_000))
     + "]}</script>", "JSON-LD block of"),
    ("<div>" * 6000 + "<p>Deep down</p>", "elements nested 6,001 deep"),
    ("<p>" + "Filler text for a page far bigger than any live blog. " * 310_000 + "</p>", "HTML page of"),
])
def test_a_page_over_a_limit_is_skipped_by_name(config, tmp_path, markup, reason):
    path = _write(tmp_path, markup)
    start = time.monotonic()
    extraction = extract([Snapshot(None, path.name, path)], config.reading)
    pages, skipped = extraction.pages, extraction.skipped
    assert time.monotonic() - start < 5
    assert pages == []
    [(name, why)] = skipped
    assert name == "crafted.html" and reason in why


def test_a_headline_the_data_cuts_short_pairs_with_the_page_headline(config):
    page = fixture("headline_cut_short.html", config)
    # the data's "… with every sail se…" and the page's full headline are one post, whatever the times say;
    # the page's headline is kept
    assert headlines(page) == ["Tall ships leave the inner harbour in a line of twelve “with every sail set”",
                               "Brass band opens the festival"]
    assert [p.published for p in page.posts] == [datetime(2025, 7, 19, 16, 30, tzinfo=UTC),
                                                 datetime(2025, 7, 19, 9, 0, tzinfo=UTC)]


def test_thousands_of_identical_posts_are_read_in_linear_time(config, tmp_path):
    markup = "<html><body>" + "<h2>12:00 Same headline</h2><p>The same body text, long enough to be a post.</p>" * 4000
    page, seconds = _timed(_write(tmp_path, markup), config)
    assert seconds < 5
    assert len(page.posts) == 4000  # nothing tells them apart, and nothing says they are one


def test_a_datetime_on_any_element_is_a_time_and_ids_pair_by_their_number(config):
    page = fixture("timeago_and_numbered_ids.html", config)
    # `entryItem48213` is the element `row-48213`: one post each, with the time the page shows (not the data's 05:00)
    assert [p.source_id for p in page.posts] == [f"https://saltmarsh.example/regatta#entryItem{n}"
                                                 for n in (48213, 48207)]
    assert [p.published for p in page.posts] == [datetime(2025, 8, 4, 10, 20, tzinfo=UTC),
                                                 datetime(2025, 8, 4, 8, 5, tzinfo=UTC)]
    assert page.posts[0].body == ("The harbour master has moved the start line closer to the breakwater.",)  # no epoch
