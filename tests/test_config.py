"""The configuration: validated on load, every problem reported at once with file and line."""
import re
import time

import pytest

from conftest import write_snapshots
from generator.cli import main
from generator.config import DEFAULT_CONFIG, load_config
from generator.errors import ConfigError


def test_default_configuration_names_the_required_themes():
    ids = [t.id for t in load_config().theming.themes]
    assert {"north-korean-troops", "us-election-reactions", "espionage-cases"} <= set(ids)


def test_every_problem_is_reported_with_file_line_and_key(tmp_path):
    path = tmp_path / "digest.yml"
    path.write_text("source:\n  timezone: Europe/Nowhere\nfurniture:\n  lines: ['(unclosed']\n"
                    "  lern: {}\nreader:\n  max_headline_chars: many\nthemes:\n  - title: Floods\n    colour: blue\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = caught.value.problems
    assert len(problems) == 5
    assert problems[0].startswith(f"{path}:2: source.timezone: unknown timezone 'Europe/Nowhere'")
    assert problems[1].startswith(f"{path}:4: furniture.lines[0]: bad pattern '(unclosed'")
    assert problems[2].startswith(f"{path}:5: furniture.lern: unknown key (did you mean 'learn'?)")
    assert problems[3] == f"{path}:7: reader.max_headline_chars: expected a whole number above 0, got 'many'"
    assert problems[4].startswith(f"{path}:10: themes[0].colour: unknown key")


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "digest.yml"
    path.write_text("source:\n  title: [unclosed\n")
    with pytest.raises(ConfigError, match=r"digest.yml:3: invalid YAML"):
        load_config(path)


def test_extends_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "floods.yml"
    path.write_text(f"extends: {DEFAULT_CONFIG}\nsource:\n  timezone: UTC\nthemes:\n  - title: Rivers\n"
                    "    rules:\n      - terms: [river, flood]\n")
    config = load_config(path)
    assert [t.id for t in config.theming.themes] == ["rivers"]
    assert str(config.reading.timezone) == "UTC"
    assert config.reading.furniture_lines == load_config().reading.furniture_lines



def test_a_file_of_one_blog_reads_with_the_package_defaults(tmp_path):
    path = tmp_path / "digest.yml"
    path.write_text("source:\n  title: Harbour fire live\nthemes:\n  - title: Fire\n    rules:\n      - terms: [fire]\n")
    config, example = load_config(path), load_config()
    assert config.title == "Harbour fire live" and [t.id for t in config.theming.themes] == ["fire"]
    assert config.reading.furniture_lines and config.reading.furniture_lines == example.reading.furniture_lines
    assert config.reading.timestamps == example.reading.timestamps and config.matching.containment == example.matching.containment
    assert config.matching.aliases == () and config.theming.tags == ()


def test_a_list_in_the_file_replaces_the_defaults_list(tmp_path):
    path = tmp_path / "digest.yml"
    path.write_text("furniture:\n  lines: ['^donate now$']\nreader:\n  max_headline_chars: 90\n")
    config = load_config(path)
    assert [p.pattern for p in config.reading.furniture_lines] == ["^donate now$"]
    assert config.reading.caption_lines == load_config().reading.caption_lines
    assert config.reading.max_headline_chars == 90 and config.reading.labels == load_config().reading.labels


def test_the_example_configuration_holds_only_the_blogs_own_settings():
    text = DEFAULT_CONFIG.read_text()
    assert not re.search(r"^(furniture|reader|theme_scoring):", text, re.M)
    assert "containment:" not in text and "honorifics:" not in text
    assert "aliases:" in text and "themes:" in text and "tags:" in text


def test_without_the_example_configuration_the_package_defaults_are_the_configuration(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.config.DEFAULT_CONFIG", tmp_path / "digest.yml")
    config = load_config()
    assert config.title is None and str(config.reading.timezone) == "UTC" and config.theming.themes == ()
    assert config.reading.furniture_lines and config.reading.timestamps

# --- every bad configuration stops the build with exit status 2, naming file, line and key --------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
"""A few hundred bytes that expand to 9**9 (387 million) strings when loaded."""

BAD_CONFIGURATIONS = {
    "alias bomb": (BOMB, 4, "invalid YAML: aliases expand to over 10,000 more nodes"),
    "alias to itself": ("tags: &t\n  - *t\n", 1, "invalid YAML: an alias refers to the node that contains it"),
    "unknown tag": ("source:\n  title: !!python/object/apply:os.system [ls]\n", 2,
                    "invalid YAML: unknown YAML tag '!!python/object/apply:os.system'"),
    "local tag": ("source:\n  title: !secret x\n", 2, "invalid YAML: unknown YAML tag '!secret'"),
    "nested too deep": ("source:\n  title: " + "[" * 80 + "]" * 80 + "\n", 2, "invalid YAML: nested over 64 levels"),
    "bad theme term": ("themes:\n  - title: Rivers\n    rules:\n      - terms: [river, '(flood']\n", 4,
                       "themes[0].rules[0].terms[1]: bad pattern '(flood'"),
    "bad negative term": ("themes:\n  - title: Rivers\n    negative: ['[']\n", 3,
                          "themes[0].negative[0]: bad pattern '['"),
    "term with a flag inside": ("themes:\n  - title: Rivers\n    rules:\n      - terms: ['(?i)river']\n", 4,
                                "themes[0].rules[0].terms[0]: bad pattern '(?i)river'"),
    "rule of no terms": ("themes:\n  - title: Rivers\n    rules:\n      - weight: 2\n", 4,
                         "themes[0].rules[0]: a rule needs at least one term"),
    "theme with no title": ("themes:\n  - description: Rivers\n", 2, "themes[0]: a theme needs a title"),
    "two themes one id": ("themes:\n  - title: River levels\n  - title: River Levels!\n", 3,
                          "themes: two themes share the id 'river-levels'"),
    "nested repetition": ("furniture:\n  lines: ['^(a+)+$']\n", 2,
                          "furniture.lines[0]: pattern '^(a+)+$' refused: a repeated group whose own length varies"),
    "nested repetition in a timestamp": ("reader:\n  timestamps: ['(\\d{1,2}\\s?)+ ago']\n", 2,
                                         "reader.timestamps[0]: pattern '(\\d{1,2}\\s?)+ ago' refused"),
    "furniture that matches every line": ("furniture:\n  lines: ['.']\n", 2,
                                          "furniture.lines[0]: pattern '.' refused: matches nearly any text"),
    "caption that matches the empty line": ("furniture:\n  captions: ['x*']\n", 2,
                                            "furniture.captions[0]: pattern 'x*' refused: matches nearly any text"),
    "card intro that matches anything": ("furniture:\n  card_intros: ['\\w']\n", 2,
                                         "furniture.card_intros[0]: pattern '\\w' refused"),
    "tag pattern that matches anything": ("tags:\n  - name: Any\n    pattern: '|river'\n", 3,
                                          "tags[0].pattern: pattern '|river' refused: matches nearly any text"),
    "theme term that matches anything": ("themes:\n  - title: Rivers\n    rules:\n      - terms: ['\\w*']\n", 4,
                                         "themes[0].rules[0].terms[0]: pattern '\\w*' refused"),
    "containment 0": ("match:\n  containment: 0\n", 2,
                      "match.containment: expected a number above 0 and at most 1, got '0'"),
    "containment NaN": ("match:\n  containment: .nan\n", 2, "match.containment: expected a number above 0"),
    "share over 1": ("furniture:\n  learn:\n    min_share: 1.5\n", 3, "furniture.learn.min_share: expected a number"),
    "negative weight": ("theme_scoring:\n  headline_weight: -3\n", 2,
                        "theme_scoring.headline_weight: expected a number above 0, got '-3'"),
    "infinite score": ("theme_scoring:\n  min_score: .inf\n", 2, "theme_scoring.min_score: expected a number above 0"),
    "rule weight 0": ("themes:\n  - title: Rivers\n    rules:\n      - terms: [river]\n        weight: 0\n", 5,
                      "themes[0].rules[0].weight: expected a number above 0, got '0'"),
    "zone 0": ("furniture:\n  learn:\n    zone: 0\n", 3, "furniture.learn.zone: expected a whole number above 0"),
    "tag that does not fit": ("furniture:\n  learn:\n    zone: !!int many\n", 3,
                              "furniture.learn.zone: expected a whole number above 0, got 'many'"),
    "site address not http": ("site:\n  url: 'javascript:alert(1)'\n", 2,
                              "site.url: expected an http:// or https:// address"),
    "extends a missing file": ("source:\n  title: x\nextends: nowhere.yml\n", 3, "extends: no such file nowhere.yml"),
}


@pytest.mark.parametrize("case", BAD_CONFIGURATIONS)
def test_every_bad_configuration_exits_2_with_file_line_and_key(case, tmp_path, capsys):
    text, line, message = BAD_CONFIGURATIONS[case]
    path = tmp_path / "digest.yml"
    path.write_text(text, encoding="utf-8")
    folder = write_snapshots(tmp_path / "in", {"a.txt": "Storm live\nRivers rise\nThe river rose overnight.\n"})
    started = time.monotonic()
    status = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--config", str(path),
                   "--no-cache"])
    assert time.monotonic() - started < 2
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"{path}:{line}: {message}" in err
    assert not (tmp_path / "out").exists()


def test_a_problem_in_an_extended_file_names_that_file(tmp_path):
    base = tmp_path / "base.yml"
    base.write_text("match:\n  containment: 2\n")
    path = tmp_path / "digest.yml"
    path.write_text("extends: base.yml\nsource:\n  title: Rivers\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problems == [f"{base}:2: match.containment: expected a number above 0 and at most 1, got '2'"]


def test_blank_titles_mean_no_title(tmp_path):
    path = tmp_path / "untitled.yml"
    path.write_text(f"extends: {DEFAULT_CONFIG}\nsource:\n  title: ''\nsite:\n  title: ''\n")
    config = load_config(path)
    assert not config.title and not config.site.title


def test_the_default_patterns_pass_the_checks():
    config = load_config()
    assert config.reading.furniture_lines and config.reading.timestamps and config.theming.themes


@pytest.mark.parametrize("text, problem", [
    (b"- a list\n", "1: the file: expected a mapping"),
    (b"? [a, b]\n: c\n", "1: the file: expected a key name, got a list or mapping"),
    (b"match:\n  aliases:\n    [a]: b\n", "3: match.aliases: expected text"),
    (b"extends: [a.yml]\n", "1: extends: expected text"),
    (b"source:\n  title: caf\xe9\n", "2: invalid YAML: not UTF-8 text"),
])
def test_odd_shapes_are_problems_with_their_line_not_crashes(tmp_path, text, problem):
    path = tmp_path / "digest.yml"
    path.write_bytes(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}:{problem}" in caught.value.problems[0]
