"""The README keeps up with the code: every option and configuration key is documented."""
import re

from conftest import ROOT

from generator.cli import parser
from generator.config import SCHEMA

README = (ROOT / "README.md").read_text()


def keys(schema: dict, prefix: str = ""):
    for name, check in schema.items():
        yield prefix + name
        fields = getattr(check, "fields", None)
        if fields:
            yield from keys(fields, prefix + name + ".")


def test_every_command_line_option_is_documented():
    for command in ("build", "site"):
        chosen = parser()._subparsers._group_actions[0].choices[command]
        options = [o for a in chosen._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
        assert options
        for option in options:
            assert f"`{option}" in README, (command, option)


def test_every_configuration_key_is_documented():
    documented = set(re.findall(r"`([a-z_.]+)`", README))
    missing = [k for k in keys(SCHEMA) if k not in documented and not any(d.startswith(k + ".") for d in documented)]
    assert not missing


def test_the_quick_start_has_exactly_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^    (make \w+)", quick, re.M) == ["make site", "make test"]
