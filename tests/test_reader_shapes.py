"""The text reader on the shapes live blogs print their posts in: one fixture per rule, read as a reader would."""
from datetime import date, datetime, timezone

from conftest import FIXTURES, read_fixture, write_snapshots

from generator.cli import main


def headlines(page):
    return [p.headline for p in page.posts]


def clock(post):
    return post.published.strftime("%H:%M") if post.published else None


def test_time_opening_the_headline_takes_the_day_from_the_dateline(config):
    page = read_fixture("time_opening_the_headline.txt", config, captured_at=None)
    assert page.title == "Hochwasser-Ticker: Der Mühlbach tritt in Obersteinach über die Ufer"
    assert headlines(page) == [
        "Altstadt von Obersteinach gesperrt",
        "Notunterkunft in der Turnhalle geöffnet",
        "Bürgermeisterin Greta Wallner ruft zur Vorsicht auf",
        "Pegel erreicht Meldestufe drei",
        "Regen hält die ganze Nacht an",
    ]
    assert [clock(p) for p in page.posts] == ["12:10", "10:45", "09:30", "08:20", "06:05"]
    assert all(p.published.date() == date(2024, 8, 27) for p in page.posts)
    assert page.posts[0].body == (
        "Die Polizei hat alle Zufahrten zum Marktplatz abgeriegelt, nachdem das Wasser die Brunnengasse erreicht hat.",
        "Anwohner sollen ihre Autos bis zum Abend aus den Tiefgaragen holen, teilte die Stadt mit.")
    assert "27.08.2024, 12:32 Uhr" in page.furniture  # the page's dateline is no post
    assert page.summary[0].startswith("Feuerwehr und Technisches Hilfswerk pumpen")
    assert not any("(12.10 Uhr)" in p.headline for p in page.posts)  # the overview list makes no post


def test_date_split_over_lines_heads_each_post(config):
    page = read_fixture("date_split_over_lines.txt", config)
    assert headlines(page) == [
        "England vs Netherlands Live Score: OUT!",
        "England vs Netherlands Live Score: Patel reaches his hundred",
        "England vs Netherlands Live Score: SIX!",
        "England vs Netherlands Live Score: Drinks break",
        "England vs Netherlands Live Score: Rain delay lifted",
    ]
    assert [p.published for p in page.posts] == [
        datetime(2025, 3, 7, h, m, tzinfo=timezone.utc) for h, m in ((11, 40), (11, 32), (11, 18), (11, 2), (10, 45))]
    assert page.posts[0].body == (
        "Dekker finally removes Patel for 112 with a short ball that is gloved through to the keeper.",
        "ENG 201/4 (35)")
    assert page.posts[3].body[-1] == "ENG 139/3 (27)"
    assert page.posts[4].body == (
        "The covers have come off and the umpires say play will resume in ten minutes after a short shower.",)


def test_epoch_before_each_post_and_byline_stamp_at_its_end(config):
    page = read_fixture("epoch_before_and_byline_at_end.txt", config)
    assert [(p.headline, p.byline, p.published) for p in page.posts] == [
        ("Harbour Cup", "Jane Smith", datetime(2025, 3, 7, 10, 1, tzinfo=timezone.utc)),
        ("Harbour Cup", "Jane Smith", datetime(2025, 3, 7, 9, 30, tzinfo=timezone.utc)),
        ("Harbour Cup", "Jane Smith", datetime(2025, 3, 7, 9, 0, tzinfo=timezone.utc)),
        ("Who can still win the Harbour Cup? The standings before the last race", "Jane Smith",
         datetime(2025, 3, 7, 8, 30, tzinfo=timezone.utc)),
        ("Harbour Cup", "Jane Smith", datetime(2025, 3, 7, 8, 0, tzinfo=timezone.utc)),
    ]
    assert page.posts[1].body == ("The leaders from Kestrel Bay say they are happy to wait, because a light-wind "
                                  "race would suit their heavier boat far less.",)
    # The footer under the last post belongs to no post.
    assert page.posts[-1].body == ("Good morning and welcome to our coverage of the last day of racing in Porthmere, "
                                   "where the forecast is for very little wind.",)
    for line in ("More aboutHarbour CupSailingPorthmere", "Most Popular", "Popular videos", "Sponsored Features"):
        assert line in page.furniture
    assert "updated 1741341660" in page.furniture


def test_relative_and_clock_time_before_the_headline(config):
    page = read_fixture("relative_and_clock_before_headline.txt", config)
    assert [(p.headline, clock(p)) for p in page.posts] == [
        ("", "11:56"),
        ("", "11:40"),
        ("Trains between Leeds and Wakefield suspended", "11:25"),
        ("Schools in Wakefield told to close early", "11:02"),
        ("Flood warnings issued for the Aire and the Calder", "10:15"),
        ("", "09:05"),
    ]
    leeds = page.posts[0]
    assert leeds.byline == "Anna Price"
    assert leeds.body[0] == "Anna Price reports from Leeds"
    assert len(leeds.body) == 3
    assert page.posts[1].body == (
        "The council says more than sixty homes in Kirkstall have lost power since the early hours of the morning.",
        "Engineers cannot reach the substation until the water goes down.")
    assert page.posts[5].body == (
        "Good morning and welcome to our live coverage of Storm Kerry as it moves across the north of England.",)
    assert "Updated at 11.48 GMT" in page.furniture and "Updated at 11.10 GMT" in page.furniture
    assert not any("Updated at" in line for p in page.posts for line in (p.headline, *p.body))


def test_key_events_and_related_stories_lists_make_no_post(config):
    page = read_fixture("key_events_list.txt", config)
    assert headlines(page) == [
        "Water reaches the steps of the Corn Exchange",
        "Trains between Leeds and Wakefield suspended",
        "Schools in Wakefield told to close early",
        "Flood warnings issued for the Aire and the Calder",
        "Army put on standby in Wakefield",
        "Opening summary",
    ]
    assert page.posts[-1].body == (
        "Good morning and welcome to our live coverage of Storm Kerry as it moves across the north of England.",)
    assert [clock(p) for p in page.posts] == ["11:56", "11:25", "11:02", "10:15", "09:10", "09:00"]
    related = ["Storm Kerry: what we know about the floods in Yorkshire",
               "How to protect your home when a flood warning is issued",
               "Wakefield residents count the cost of the last flood, a year on",
               "The towns along the Calder that flood again and again"]
    for line in ["Key events", "More on this story", *related, "5h ago", "8h ago", "20h ago", "2d ago"]:
        assert line in page.furniture, line
    # The key events list above the feed: its times and the headlines it repeats are dropped as furniture.
    for line in [*headlines(page), "4m ago", "35m ago", "1h ago", "2h ago", "3h ago"]:
        assert line in page.furniture, line


def test_footer_after_the_last_post_is_furniture(config):
    page = read_fixture("footer_after_the_last_post.txt", config)
    assert headlines(page) == [
        "Water reaches the steps of the Corn Exchange",
        "Trains between Leeds and Wakefield suspended",
        "Schools in Wakefield told to close early",
        "Flood warnings issued for the Aire and the Calder",
        "Army put on standby in Wakefield",
    ]
    assert page.posts[-1].body == (
        "The defence ministry says two hundred soldiers are ready to help fill sandbags if the council asks for them.",
        "A spokesperson said the first trucks could reach the town within two hours of a request.")
    assert clock(page.posts[-1]) == "09:00"
    footer = ["1", "of", "5", "Next", "Topics", "Flooding", "West Yorkshire", "Leeds", "Weather", "Friday 7 March 2025"]
    assert sorted(page.furniture) == sorted(footer)


def test_video_duration_is_no_post_time(config):
    page = read_fixture("video_duration_is_no_time.txt", config)
    assert [(p.headline, clock(p)) for p in page.posts] == [
        ("Water reaches the steps of the Corn Exchange", "11:50"),
        ("Family rescued from a car in Castleford", "11:05"),
        ("Trains between Leeds and Wakefield suspended", "10:40"),
        ("Schools in Wakefield told to close early", "10:15"),
        ("Flood warnings issued for the Aire and the Calder", "09:30"),
        ("Army put on standby in Wakefield", "09:00"),
    ]
    assert page.posts[1].body == (
        "Firefighters used a small boat to reach a couple and their two children whose car had stalled in the "
        "flood water.",
        "Moment firefighters lift a family from a stranded car in Castleford – video",
        "All four were taken to a rest centre and none needed hospital treatment, the fire service said.")
    assert "01:27" not in [line for p in page.posts for line in p.body]


def test_tag_list_with_counts_is_dropped_from_the_summary(config):
    page = read_fixture("tag_list_with_counts.txt", config)
    assert page.summary == (
        "The Environment Agency has issued four flood warnings along the Aire and the Calder.",
        "More than sixty homes in Kirkstall have lost power since the early hours of the morning.")
    for tag in ("Topics", "Flood312", "Rain87", "West Yorkshire45", "Storm Kerry19", "Environment Agency64"):
        assert tag in page.furniture
    assert headlines(page) == ["Water reaches the steps of the Corn Exchange",
                               "Trains between Leeds and Wakefield suspended",
                               "Flood warnings issued for the Aire and the Calder"]


def test_embedded_social_post_stays_in_its_post(config):
    page = read_fixture("embedded_social_post.txt", config)
    assert headlines(page) == ["Council asks drivers to stay off the A642",
                               "Trains between Leeds and Wakefield suspended",
                               "Flood warnings issued for the Aire and the Calder"]
    council = page.posts[0]
    assert council.body == (
        "Calderside council has asked drivers to avoid the main road into Wakefield while crews clear debris from "
        "the carriageway.",
        "In a post on social media, the council wrote:",
        "Our crews are out with pumps and gritters on every main route tonight. Please keep off the A642 unless your "
        "journey is essential and never drive through flood water.",
        "— Calderside Council (@CaldersideCouncil) March 7, 2025",
        "A council spokesperson said the road could reopen by the evening rush hour.")
    assert clock(council) == "11:56"
    assert page.furniture == ()


GLUED = "glued_without_line_breaks.txt"


def test_glued_scrape_comes_out_as_paragraphs(config):
    page = read_fixture(GLUED, config)
    paragraphs = list(page.summary) + [line for p in page.posts for line in (p.headline, *p.body) if line]
    assert page.glued == 1
    assert len(paragraphs) > 1
    text = " ".join(paragraphs)
    for words in ("Crews from four counties are fighting the fire", "Helicopter joins the fight on the moor",
                  "Police close the moor road", "please do not go near the fire to take them."):
        assert words in text


def test_glued_scrape_is_named_in_a_warning(tmp_path, capsys):
    text = (FIXTURES / "reader" / GLUED).read_text(encoding="utf-8")
    manifest = f"snapshots:\n  {GLUED}: {{captured_at: '2025-03-07T12:00:00+00:00'}}\n"
    folder = write_snapshots(tmp_path / "in", {GLUED: text}, manifest)
    assert main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert any(GLUED in line and "glued" in line for line in warnings), warnings


def test_italian_datelines_and_update_word(config):
    page = read_fixture("italian_dateline.txt", config, captured_at=datetime(2023, 11, 2, 17, 0, tzinfo=timezone.utc))
    assert page.title == "Maltempo in Val Serena, la diretta: evacuate due frazioni dopo la piena del torrente Lumo"
    assert page.standfirst is None  # the update time is no standfirst
    assert [(p.headline, p.published.date().isoformat(), clock(p)) for p in page.posts] == [
        ("Riaperta la provinciale per Borgo Alto", "2023-11-02", "16:56"),
        ("Il sindaco Bruno Ferretti invita a restare in casa", "2023-11-02", "16:31"),
        ("Scuole chiuse anche domani", "2023-11-02", "15:40"),
        ("Evacuate le frazioni di Roccolo e Casemurate", "2023-11-02", "14:12"),
        ("Allerta rossa per tutta la notte", "2023-11-01", "22:45"),
        ("Piogge intense sulle colline", "2023-11-01", "21:10"),
    ]
    assert all(len(p.body) == 1 for p in page.posts)
    for line in ("Aggiornato alle 16:58", "2 novembre 2023", "1 novembre 2023"):
        assert line in page.furniture
    assert page.summary == ()



def test_match_minutes_head_their_posts(config):
    page = read_fixture("match_minutes.txt", config)
    assert headlines(page) == ["Full time at Quayside Park", "", "GOAL! Harriers 1-0 Portlow", ""]
    assert page.posts[1].body == ("Three minutes of stoppage time are shown on the board.",)
    assert page.posts[3].body == ("Portlow kick off, attacking the river end.",)
    assert not any(p.headline.endswith("'") for p in page.posts)


def test_french_times_update_line_and_site_menu(config):
    page = read_fixture("french_times_and_menu.txt", config, captured_at=None)
    assert page.title == "Tempête sur la côte : les ferries restent à quai, suivez notre direct"
    assert page.summary == ("Les liaisons vers les îles sont suspendues jusqu'à nouvel ordre.",)
    assert headlines(page) == ["Le préfet ferme les plages", "Les ferries restent à quai"]
    assert [p.published.strftime("%Y-%m-%d %H:%M") for p in page.posts] == ["2025-03-04 11:20", "2025-03-04 09:45"]
    for line in ("Accueil", "Météo", "Mis à jour le 4 mars 2025 à 11h20", "Ce qu'il faut savoir"):
        assert line in page.furniture, line


def test_time_glued_to_byline_and_key_events_with_glued_times(config):
    page = read_fixture("time_glued_to_byline.txt", config)
    assert [(p.headline, p.byline, clock(p)) for p in page.posts] == [
        ("Ferry operator cancels every crossing until tomorrow", "Imogen Ashcroft", "18:05"),
        ("Coastguard rescues walkers from the cliff path", "Callum Reyes", "16:40"),
        ("Power lost in two thousand homes", "Imogen Ashcroft", "15:10"),
    ]
    assert "Coastguard rescues walkers from the cliff path16:40" in page.furniture
    assert not any(p.endswith("18:05") for p in page.summary)


def test_relative_time_glued_to_clock_and_byline_with_a_dated_header(config):
    page = read_fixture("relative_glued_to_clock.txt", config, captured_at=None)
    assert [(p.headline, p.byline, p.published.strftime("%Y-%m-%d %H:%M")) for p in page.posts] == [
        ("Harbour wall inspected after the storm", "Mira Collins", "2025-03-04 14:05"),
        ("Coast road closed at Westcliff", "Mira Collins", "2025-03-04 11:20"),
    ]
    assert page.summary == ("Engineers are checking the sea defences along the whole of the bay after a night of gales.",
                            "By Mira Collins, News Reporter")
