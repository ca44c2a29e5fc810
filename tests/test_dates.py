"""Capture times, printed timestamps and the day an item belongs to."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from generator.dates import capture_from_name, date_items, parse_stamp
from generator.models import Item

LONDON = ZoneInfo("Europe/London")


def test_capture_time_from_file_name():
    assert capture_from_name("liveblog-2024-11-06T1030Z.txt", LONDON) == datetime(2024, 11, 6, 10, 30, tzinfo=timezone.utc)
    assert capture_from_name("blog_20240706-2215.txt", LONDON) == datetime(2024, 7, 6, 22, 15, tzinfo=LONDON)
    assert capture_from_name("003_bef0d9dfa9690aaa.txt", LONDON) is None
    assert capture_from_name("liveblog-2024-13-40T1030Z.txt", LONDON) is None


def test_full_stamp_in_summer_time():
    stamp = parse_stamp({"day": "6", "month": "July", "year": "2024", "hour": "10", "minute": "10"}, LONDON, None)
    assert stamp.isoformat() == "2024-07-06T10:10:00+01:00"


def test_am_pm_and_named_zone():
    stamp = parse_stamp({"hour": "2", "minute": "05", "ampm": "p.m.", "tz": "GMT"}, LONDON,
                        datetime(2024, 11, 6, 15, 0, tzinfo=timezone.utc))
    assert stamp == datetime(2024, 11, 6, 14, 5, tzinfo=timezone.utc)


def test_a_month_that_is_no_month_is_no_stamp():
    assert parse_stamp({"day": "6", "month": "Downing", "year": "2024", "hour": "10", "minute": "10"}, LONDON, None) is None


def test_item_day_is_the_day_of_its_earliest_evidence():
    late_evening = datetime(2024, 11, 5, 23, 30, tzinfo=timezone.utc)
    item = Item(id="x", headline="h", headlines=("h",), labels=(), body=(), published=datetime(2024, 11, 6, 9, 0, tzinfo=timezone.utc),
                byline=None, cards=(), kind="post", first_seen=late_evening, last_seen=late_evening, snapshots=("a",))
    assert date_items([item], LONDON)[0].day == date(2024, 11, 5)
    # 23:30 UTC in July is already the next day in London
    summer = datetime(2024, 7, 5, 23, 30, tzinfo=timezone.utc)
    from dataclasses import replace
    assert date_items([replace(item, published=None, first_seen=summer)], LONDON)[0].day == date(2024, 7, 6)
    assert date_items([replace(item, published=None, first_seen=None)], LONDON)[0].day is None


def test_just_now_and_yesterday():
    captured = datetime(2024, 11, 6, 9, 30, 12, tzinfo=timezone.utc)
    assert parse_stamp({"now": "Just now"}, LONDON, captured) == datetime(2024, 11, 6, 9, 30, tzinfo=timezone.utc)
    assert parse_stamp({"relday": "Yesterday", "hour": "21", "minute": "30"}, LONDON, captured) == \
        datetime(2024, 11, 5, 21, 30, tzinfo=LONDON)
    assert parse_stamp({"relday": "today", "hour": "8", "minute": "05"}, LONDON, captured) == \
        datetime(2024, 11, 6, 8, 5, tzinfo=LONDON)
