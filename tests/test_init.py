"""`init`: a first digest.yml from a new blog's snapshots, loadable, reproducing its automatic themes."""
import json
import sys
from pathlib import Path

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from quality import write_blog  # noqa: E402

from generator.build import build  # noqa: E402
from generator.cli import main  # noqa: E402
from generator.config import load_config  # noqa: E402

STORM = yaml.safe_load((ROOT / "bench" / "labelled" / "storm.yml").read_text(encoding="utf-8"))


def blog(tmp_path: Path, spec=STORM, manifest: str | None = None) -> Path:
    folder = tmp_path / "snapshots"
    write_blog(spec, folder)
    if manifest is not None:
        (folder / "snapshots.yml").write_text(manifest, encoding="utf-8")
    return folder


def themes_of(out: Path) -> list[str]:
    return [t["title"] for t in json.loads((out / "digest.json").read_text())["themes"]]


def test_init_writes_a_configuration_that_loads_and_builds_the_themes_it_proposes(tmp_path, capsys):
    folder = blog(tmp_path)
    assert main(["init", str(folder)]) == 0
    text = (folder / "digest.yml").read_text(encoding="utf-8")
    config = load_config(folder / "digest.yml")
    proposed = [t.title for t in config.theming.themes]
    assert len(proposed) >= 3 and all(t.rules for t in config.theming.themes)
    assert config.title == STORM["title"]
    assert "# title: the title the pages carry." in text and "set the blog's own" in text
    assert str(config.reading.timezone) == "UTC"
    build(folder, tmp_path / "out", config)
    built = themes_of(tmp_path / "out")
    assert [t for t in built if t != "Other"][:len(proposed)] == proposed
    assert "wrote" in capsys.readouterr().err


def test_a_second_init_keeps_the_file_unless_forced(tmp_path, capsys):
    folder = blog(tmp_path)
    assert main(["init", str(folder)]) == 0
    (folder / "digest.yml").write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(folder)]) == 1
    assert "exists; nothing written (use --force" in capsys.readouterr().err
    assert (folder / "digest.yml").read_text() == "# mine\n"
    assert main(["init", str(folder), "--force"]) == 0
    assert (folder / "digest.yml").read_text() != "# mine\n"


def test_init_takes_title_and_timezone_from_the_manifest(tmp_path):
    folder = blog(tmp_path, manifest="source: {title: 'Storm desk', timezone: Europe/Dublin}\n"
                                      "snapshots: {blog.txt: {captured_at: '2026-03-14T18:00:00+00:00'}}\n")
    main(["init", str(folder)])
    config = load_config(folder / "digest.yml")
    assert (config.title, str(config.reading.timezone)) == ("Storm desk", "Europe/Dublin")
    assert "# timezone: the timezone snapshots.yml names." in (folder / "digest.yml").read_text()


def test_init_finds_the_zone_the_pages_print(tmp_path):
    folder = blog(tmp_path)
    text = (folder / "blog.txt").read_text()
    for n, post in enumerate(STORM["posts"]):
        text = text.replace(f"\n{post['headline']}\n", f"\n1{n % 8}.{n + 10} BST\n\n{post['headline']}\n")
    (folder / "blog.txt").write_text(text)
    main(["init", str(folder)])
    assert str(load_config(folder / "digest.yml").reading.timezone) == "Europe/London"
    assert "# timezone: the timezone the pages print beside their times." in (folder / "digest.yml").read_text()


def test_hostile_headlines_never_become_yaml_or_markup(tmp_path):
    hostile = ["Sandbags: {a: 1} & *alias !!python/object", "Harbour #comment\nkey: value",
               "Flooding <script>alert(1)</script> at Quayside", "'quoted' \"twice\" Quayside -- [x](javascript:y)"]
    posts = [{"group": "x", "headline": h, "body": [f"Water reached Quayside Market and the Harbour Trust office ({n})."]}
             for n, h in enumerate(hostile * 2)]
    folder = blog(tmp_path, dict(STORM, title="Storm live: key: value\n# not a comment", posts=posts))
    assert main(["init", str(folder)]) == 0
    text = (folder / "digest.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(data) == {"source", "themes"}
    assert "<script>" not in text and "!!python" not in text
    config = load_config(folder / "digest.yml")
    assert config.theming.themes and all(t.title.replace(" ", "").isalnum() for t in config.theming.themes)


def test_any_title_reads_back_as_it_was_and_adds_no_key():
    from generator.init import Proposal, render
    for title in ["a\u2028b: c", "x\n# y\nthemes: []", "\x1b[31mred", "--- !!python/object:os.system",
                  "\x85next", "Palästinenser: \"x\" & 'y'"]:
        proposal = Proposal(title, "pages", "UTC", "default", (("Port Avel", "Posts about Port Avel.", (r"port\s+avel",), 2),))
        data = yaml.safe_load(render(proposal))
        assert data["source"]["title"] == title and set(data) == {"source", "themes"}
