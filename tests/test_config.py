"""The configuration: validated on load, every problem reported at once with file and line."""
import pytest

from generator.config import DEFAULT_CONFIG, load_config
from generator.errors import ConfigError


def test_default_configuration_names_the_required_themes():
    ids = [t.id for t in load_config().themes]
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
    assert [t.id for t in config.themes] == ["rivers"]
    assert str(config.timezone) == "UTC"
    assert config.furniture_lines == load_config().furniture_lines
