"""Relative links between output pages, worked out without the file system, are the standard library's."""
import posixpath

from hypothesis import given, strategies as st

from generator.render.markdown import link, relative

PART = st.sampled_from(["days", "themes", "2024-11-06", "index.md", "x", ".", "", "tags.md", "feeds"])
PATH = st.lists(PART, max_size=4).map("/".join)


@given(PATH, PATH)
def test_relative_is_relpath_for_paths_inside_the_output(target, start):
    assert relative(target or ".", start) == posixpath.relpath(target or ".", start or ".")


def test_paths_that_leave_the_folder_fall_back_to_relpath():
    assert relative("../up.md", "days") == posixpath.relpath("../up.md", "days")
    assert relative("/abs/x.md", "days") == posixpath.relpath("/abs/x.md", "days")


def test_a_link_between_pages():
    assert link("Day", "themes/kursk.md", "days/2024-11-06.md", "post-1") == "[Day](../days/2024-11-06.md#post-1)"
    assert link("Here", "index.md", "index.md", "top") == "[Here](#top)"
    assert link("Home", "days/2024-11-06.md", "index.md") == "[Home](../index.md)"
