"""The example snapshots end to end: committed content/ is current, nothing is lost, order does not matter."""
import json
import random
import shutil
from pathlib import Path

from conftest import ROOT

from generator.build import build, extract
from generator.config import load_config
from generator.furniture import key, pieces
from generator.normalize import Normalizer
from generator.readers.text import split_lines
from generator.snapshots import decode, find_snapshots, read_manifest

EXAMPLES = ROOT / "examples" / "snapshots"
CONTENT = ROOT / "content"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_content_is_what_the_examples_build(tmp_path, config):
    build(EXAMPLES, tmp_path, config)
    assert tree(tmp_path) == tree(CONTENT), "content/ is stale: run `make content` and commit it"


def test_every_paragraph_ends_in_exactly_one_item_or_summary(tmp_path, config):
    """Conservation: no text is lost, none is shown twice (furniture, titles and timestamps aside)."""
    build(EXAMPLES, tmp_path, config)
    digest = json.loads((tmp_path / "digest.json").read_text())
    norm = Normalizer(config.matching.aliases, config.matching.honorifics)
    items = [i for day in digest["days"] for i in day["items"]] + digest["undated"]
    holders = [" | ".join(norm.key(t) for t in (*i["headlines"], *i["body"], *i["earlier"],
                                                   *(c[f] for c in i["related"] for f in ("title", "description"))))
               for i in items]
    holders.append(" | ".join(norm.key(p) for day in digest["days"] for p in day["summary"]))
    manifest = read_manifest(EXAMPLES)
    pages = extract(find_snapshots(EXAMPLES, manifest, config.reading.timezone), config.reading).pages
    checked = 0
    for page in pages:
        snapshot = page.snapshot
        lines = split_lines(decode(snapshot))
        aside = {key(t) for t in (page.title or "", page.standfirst or "", *page.furniture)}
        for line in lines:
            if key(line.text) in aside or any(p.fullmatch(line.text) for p in config.reading.timestamps):
                continue
            for piece in pieces(line.text):  # a furniture sentence may be glued to a paragraph
                text = norm.key(piece)
                if key(piece) in aside or not text:
                    continue
                found = [n for n, h in enumerate(holders) if text in h]
                assert len(found) == 1, f"{snapshot.name}:{line.no}: {piece[:60]!r} is in {len(found)} places"
                checked += 1
    assert checked > 200


def test_same_snapshots_under_other_names_and_order_give_the_same_pages(tmp_path, config):
    build(EXAMPLES, tmp_path / "a", config)
    manifest = (EXAMPLES / "snapshots.yml").read_text()
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    names = sorted(p.name for p in EXAMPLES.glob("*.txt"))
    new_names = [f"snap-{n}.txt" for n in random.Random(7).sample(range(100, 200), len(names))]
    renamed = dict(zip(names, new_names))
    for old, new in renamed.items():
        if f"  {old}:" in manifest:
            manifest = manifest.replace(f"  {old}:", f"  {new}:")
            shutil.copy(EXAMPLES / old, shuffled / new)
        else:  # keep the capture time its name carried
            shutil.copy(EXAMPLES / old, shuffled / old)
            renamed[old] = old
    (shuffled / "snapshots.yml").write_text(manifest)
    build(shuffled, tmp_path / "b", config)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert {k: v for k, v in a.items() if k.endswith(".md")} == {k: v for k, v in b.items() if k.endswith(".md")}
    digest_b = b["digest.json"].decode()
    for old, new in renamed.items():
        digest_b = digest_b.replace(new, old)
    def unsorted(text):  # snapshot lists are sorted by name, so compare them as sets
        data = json.loads(text)
        for item in [i for d in data["days"] for i in d["items"]]:
            item["snapshots"] = sorted(item["snapshots"])
        return data
    assert unsorted(a["digest.json"].decode()) == unsorted(digest_b)


def test_second_build_changes_no_file(tmp_path, config):
    build(EXAMPLES, tmp_path, config)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    report = build(EXAMPLES, tmp_path, load_config())
    assert report.written == 0
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == stamps
