"""The text reader: one fixture per rule, asserting what a reader of the digest would see."""
from datetime import datetime, timedelta, timezone

from conftest import CAPTURED, read_fixture

STORM = "Storm live: rivers burst their banks across the north"
WARNINGS = "The Met Office has issued amber warnings for three counties as the rain continues."
BRIDGE = "Police have closed the Eden bridge after the water rose above the warning mark."


def headlines(page):
    return [p.headline for p in page.posts]


def test_title_and_standfirst(config):
    page = read_fixture("title_and_standfirst.txt", config)
    assert page.title == STORM
    assert page.standfirst == "Forecasters say the rain will ease by Friday evening"
    assert page.summary == (WARNINGS, "Emergency crews evacuated two care homes overnight.")
    assert headlines(page) == ["Bridge closed in Carlisle"]
    assert page.posts[0].body == (BRIDGE,)
    assert page.posts[0].line == 5


def test_appeal_glued_to_summary_is_removed(config):
    page = read_fixture("appeal_glued_to_summary.txt", config)
    assert page.summary == (WARNINGS, "Emergency crews evacuated two care homes overnight.")
    assert "Your support makes all the difference." in page.furniture
    assert any(f.startswith("Readers like you") for f in page.furniture)
    assert headlines(page) == ["Bridge closed in Carlisle"]


def test_headlines_ending_in_question_mark_or_ellipsis(config):
    page = read_fixture("headline_question_and_ellipsis.txt", config)
    assert headlines(page) == ["Will the rain stop before the weekend?", "Sandbags run out in Appleby…"]
    assert page.posts[1].body == ("The council says a new delivery will arrive by lunchtime.",)


def test_post_without_body(config):
    page = read_fixture("post_without_body.txt", config)
    assert headlines(page) == ["Train services suspended between Leeds and Carlisle - operator", "Bridge closed in Carlisle"]
    assert page.posts[0].body == ()
    assert page.posts[1].body == (BRIDGE,)


def test_labels_are_kept_apart_from_the_headline(config):
    page = read_fixture("labels_kept_apart.txt", config)
    assert [(p.labels, p.headline) for p in page.posts] == [
        (("PINNED",), "What to do if your home floods"),
        (("ICYMI",), "Army on standby in Cumbria"),
        (("In pictures",), "Flooded streets of Cockermouth"),
    ]
    assert page.posts[0].shown_headline == "PINNED: What to do if your home floods"


def test_card_with_repeated_title_stands_as_a_post(config):
    page = read_fixture("card_repeated_title.txt", config)
    video, bridge = page.posts
    assert (video.kind, video.headline) == ("card", "Watch the moment a footbridge is swept away in Kendal")
    assert video.body == ("Footage filmed by a resident shows the river carrying off the wooden bridge",)
    assert bridge.headline == "Bridge closed in Carlisle"


def test_card_intro_attaches_the_card_to_the_post_above(config):
    page = read_fixture("card_intro_attached.txt", config)
    insurers, bridge = page.posts
    assert insurers.body == ("The industry body says claims could pass last winter's total within a fortnight.",)
    assert [(c.title, c.description) for c in insurers.cards] == [
        ("Flood claims could top £500m, insurers warn", "Analysts say the cost of this week's storms is rising by the hour")]
    assert "Read the full story below:" in page.furniture
    assert bridge.headline == "Bridge closed in Carlisle"


def test_picture_caption_over_the_first_card_is_dropped(config):
    page = read_fixture("picture_caption.txt", config)
    assert headlines(page) == ["How to check if your area is at risk of flooding", "Bridge closed in Carlisle"]
    assert "A man wades through water on a flooded street in Carlisle" in page.furniture


def test_byline_glued_to_timestamp_ends_the_post(config):
    page = read_fixture("byline_glued_to_timestamp.txt", config)
    london = [(p.headline, p.byline, p.published and p.published.isoformat()) for p in page.posts]
    assert london == [
        ("What to do if your home floods", "Anna Price", "2025-03-07T08:05:00+00:00"),
        ("Bridge closed in Carlisle", "Tom Reid", "2025-03-07T11:40:00+00:00"),
        ("Train services suspended between Leeds and Carlisle", "Tom Reid", "2025-03-07T11:15:00+00:00"),
        ("How to check if your area is at risk of flooding", None, None),
        ("Army on standby in Cumbria", "Anna Price", "2025-03-07T10:20:00+00:00"),
    ]
    assert page.posts[1].body == (BRIDGE,)
    assert page.posts[2].body == ()
    assert page.posts[3].kind == "card"  # a card between timestamped posts does not swallow the next one


def test_footer_prompts_are_removed(config):
    page = read_fixture("footer.txt", config)
    assert headlines(page) == ["Bridge closed in Carlisle"]
    assert page.posts[0].body == (BRIDGE,)
    assert "Comments" in page.furniture and page.furniture[-1].startswith("Download the")
    assert len(page.furniture) == 7


def test_blank_lines_between_paragraphs_and_wrapped_lines(config):
    page = read_fixture("blank_lines_between_paragraphs.txt", config)
    assert page.summary == (WARNINGS,)
    assert page.posts[0].body == (BRIDGE, "It will stay shut overnight.")


def test_crlf_and_bom(config):
    page = read_fixture("crlf_and_bom.txt", config)
    assert page.title == STORM
    assert page.posts[0].body == (BRIDGE,)


def test_time_and_byline_after_the_headline(config):
    page = read_fixture("time_after_headline.txt", config)
    assert [(p.headline, p.byline, p.published.strftime("%H:%M")) for p in page.posts] == [
        ("Bridge closed in Carlisle", "Tom Reid", "11:40"),
        ("Train services suspended between Leeds and Carlisle", "Anna Price", "09:15"),
    ]
    assert page.posts[1].body == ("Northern says no trains will run on the line until Saturday.",)


def test_time_after_headline_later_than_capture_is_the_day_before(config):
    page = read_fixture("time_after_headline.txt", config,
                        captured_at=datetime(2025, 3, 7, 10, 0, tzinfo=timezone.utc))
    assert page.posts[0].published == datetime(2025, 3, 6, 11, 40, tzinfo=timezone.utc)


def test_relative_time_before_the_headline(config):
    page = read_fixture("relative_time_before_headline.txt", config)
    assert [(p.headline, p.published) for p in page.posts] == [
        ("Bridge closed in Carlisle", CAPTURED - timedelta(minutes=5)),
        ("Train services suspended between Leeds and Carlisle", CAPTURED - timedelta(hours=2)),
    ]


def test_key_points_summary(config):
    page = read_fixture("key_points_summary.txt", config)
    assert page.summary == ("• Amber warnings in three counties", "• Two care homes evacuated overnight",
                            "• Eden bridge closed in Carlisle")
    assert headlines(page) == ["Bridge closed in Carlisle"]


def test_syndicated_copy_without_title(config):
    page = read_fixture("syndicated_no_title.txt", config)
    assert page.title is None
    assert page.summary == (WARNINGS, "Emergency crews evacuated two care homes overnight.")
    assert headlines(page) == ["Bridge closed in Carlisle"]


def test_numbered_posts_begin_at_their_numbers(config):
    page = read_fixture("numbered_posts.txt", config)
    assert headlines(page) == ["Bridge closed in Carlisle", "Trains suspended between Leeds and Carlisle",
                               "Army on standby in Cumbria"]
    assert page.posts[0].body == (BRIDGE, "A second photograph shows the water at the top of the arches")
    assert page.posts[2].body == () and all(p.published is None for p in page.posts)
