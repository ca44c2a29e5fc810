"""`site`: one command from a folder of snapshots to a built site, named and navigated after that blog alone."""
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from generator.cli import main
from generator.config import DEFAULT_CONFIG, load_config
from generator.errors import BuildError
from generator.site import build_site, content_folder, load_site_config, mkdocs_settings

REGATTA = FIXTURES / "folders" / "regatta_weekend"
EXAMPLE_WORDS = ("Ukraine", "North Korean", "Kyiv", "Daily Ledger")
"""Words of the bundled example blog: none may reach the site of another blog."""


def site(capsys, snapshots, site_dir, *options):
    code = main(["site", "--snapshots", str(snapshots), "--site-dir", str(site_dir), "--no-cache", *options])
    return code, capsys.readouterr().err


def test_a_blog_of_its_own_becomes_a_site_with_no_configuration(tmp_path, capsys):
    code, err = site(capsys, REGATTA, tmp_path / "site")
    assert code == 0, err
    assert f"site built in {tmp_path / 'site'} from the Markdown in {tmp_path / 'site-content'}" in err
    title = "Millbrook regatta live: rowing, sailing and a raft race on the river"
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*Millbrook regatta live", home)
    assert yaml.safe_load((tmp_path / "site-content" / ".site.yml").read_text())["site_name"] == title
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    for word in EXAMPLE_WORDS:
        assert not [p for p, html in pages.items() if word in html], word
    digest = json.loads((tmp_path / "site-content" / "digest.json").read_text())
    example_themes = {t.id for t in load_config(DEFAULT_CONFIG).theming.themes}
    assert digest["themes"] and not {t["id"] for t in digest["themes"]} & example_themes
    headlines = [i["headline"] for d in digest["days"] for i in d["items"]]
    assert sorted(headlines) == sorted(["First heats under way in grey drizzle",
                                        "Sailing dinghies capsize in a sudden gust",
                                        "Junior sculls final won by a length", "Eights final goes to the visiting crew",
                                        "Raft race ends in a splash at the weir"])
    days = [html for p, html in pages.items() if p.parent.parent.name == "days"]
    for headline in headlines:  # every post once: a heading on exactly one day page
        assert sum(html.count(f">{headline}<a") for html in days) == 1, headline


def test_a_rebuild_replaces_the_site_it_built(tmp_path, capsys):
    assert site(capsys, REGATTA, tmp_path / "site")[0] == 0
    code, err = site(capsys, REGATTA, tmp_path / "site")
    assert code == 0, err
    assert "0 files written" in err


def test_the_markdown_folder_must_be_the_generators_own(tmp_path, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.md").write_text("my own page\n")
    code, err = site(capsys, REGATTA, tmp_path / "site", "--out", str(notes))
    assert code == 1
    assert f"error: {notes}: holds files the generator did not write" in err
    assert [p.name for p in notes.iterdir()] == ["mine.md"] and not (tmp_path / "site").exists()


def test_a_site_folder_holding_other_files_is_not_emptied(tmp_path, capsys):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"not a site")
    code, err = site(capsys, REGATTA, folder)
    assert code == 1
    assert f"error: {folder}: holds files that are not a built site" in err
    assert [p.name for p in folder.iterdir()] == ["holiday.jpg"]


def test_the_site_and_its_markdown_stay_apart(tmp_path, capsys):
    code, err = site(capsys, REGATTA, tmp_path / "site", "--out", str(tmp_path / "site" / "md"))
    assert code == 1 and "must be apart" in err


def test_configuration_of_a_site_given_then_the_folders_own_then_the_package_defaults(tmp_path):
    assert [t.id for t in load_site_config(REGATTA, None).theming.themes] == []
    example = [t.id for t in load_site_config(ROOT / "examples" / "snapshots", None).theming.themes]
    assert "north-korean-troops" in example
    own = tmp_path / "regatta.yml"
    own.write_text("themes:\n  - title: Racing\n    rules:\n      - terms: [final, heats]\n")
    assert [t.id for t in load_site_config(REGATTA, own).theming.themes] == ["racing"]


def test_the_markdown_goes_beside_the_site_named_after_it(tmp_path, monkeypatch):
    assert content_folder(tmp_path / "harbour-site", None) == tmp_path / "harbour-site-content"
    monkeypatch.chdir(tmp_path)
    assert content_folder(Path("."), None) == tmp_path.with_name(tmp_path.name + "-content")
    assert content_folder(tmp_path / "site", tmp_path / "md") == tmp_path / "md"


def test_a_warning_from_mkdocs_fails_the_site_and_is_shown(tmp_path, capsys):
    assert site(capsys, REGATTA, tmp_path / "site")[0] == 0
    settings = mkdocs_settings(tmp_path / "site-content", tmp_path / "site")
    settings["nav"].append({"Gone": "gone.md"})  # a page the navigation names and the digest never wrote
    with pytest.raises(BuildError, match=r"^the site build failed \(MkDocs, strict\):\n(.|\n)*gone\.md"):
        build_site(settings)
