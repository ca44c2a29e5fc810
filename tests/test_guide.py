"""The README's guide, 'A digest of your own live blog', followed as written on a blog of the tests' own."""
import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
import urllib.request

import yaml
from conftest import FIXTURES, ROOT

from generator.cli import parser
from generator.config import load_config

GUIDE = (ROOT / "README.md").read_text(encoding="utf-8").split("## A digest of your own live blog\n", 1)[1] \
    .split("\n## ", 1)[0]
BLOG = FIXTURES / "folders" / "allotment_show"
"""Two captures of an allotment show, named by capture time, each post ending with its byline glued to its date."""
SERVE_SECONDS = 120
"""Longest the served build may take to come up before the test stops it."""


def commands() -> list[list[str]]:
    """The guide's command lines (indented, starting with the installed command's name), as arguments."""
    return [shlex.split(line)[1:] for line in re.findall(r"^    (livedigest .+)$", GUIDE, re.M)]


def configuration() -> str:
    """The guide's example digest.yml."""
    return GUIDE.split("```yaml\n", 1)[1].split("```", 1)[0]


def run_served(args: list[str], cwd) -> tuple[str, str]:
    """Run a `--serve` command on a free port; the home page it serves and what it printed before serving."""
    command = [sys.executable, "-m", "generator", *args, "--port", "0"]
    process = subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(SERVE_SECONDS, process.kill)
    watchdog.start()
    try:
        said = []
        for line in process.stderr:
            said.append(line)
            if line.startswith("serving "):
                url = re.search(r"http://127\.0\.0\.1:\d+/", line).group()
                return urllib.request.urlopen(url, timeout=10).read().decode("utf-8"), "".join(said)
        raise AssertionError("the site was never served:\n" + "".join(said))
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=10)


def test_the_guide_builds_and_serves_a_blog_of_its_own(tmp_path):
    steps = commands()
    assert [s[0] for s in steps] == ["capture", "init", "site"]
    home = said = None
    for args in steps:
        if args[0] == "capture":  # the network is not the test's: the guide's other way, copying, is taken
            folder = tmp_path / parser().parse_args(args).into
            shutil.copytree(BLOG, folder)
        elif args[0] == "init":
            done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, capture_output=True,
                                  text=True, timeout=SERVE_SECONDS)
            assert done.returncode == 0, done.stderr
            written = tmp_path / args[1] / "digest.yml"
            assert load_config(written).title == "Hillside allotment show live: marrows, dahlias and a jam tasting"
            written.write_text(configuration(), encoding="utf-8")  # edited, as the guide shows it
        else:
            assert "--serve" in args
            home, said = run_served(args, tmp_path)
    assert "4 items after merging, 1 days, 0 undated items, 0 warnings" in said
    assert re.search(r"<title>[^<]* - The allotment show, post by post</title>", home)  # the site named by digest.yml
    digest = json.loads((tmp_path / "my-blog-site-content" / "digest.json").read_text(encoding="utf-8"))
    themes = {i["headline"]: i["theme"] for d in digest["days"] for i in d["items"]}
    assert themes == {"Purple carrots take the cup": "prizes", "Jam tasting draws a long queue": "produce",
                      "Heaviest marrow entries weighed in": "produce", "Dahlia bench full before nine": "produce"}
    assert (tmp_path / "my-blog-site" / "themes" / "prizes" / "index.html").is_file()


def test_the_guides_configuration_is_valid_and_its_commands_parse():
    assert set(yaml.safe_load(configuration())) == {"source", "site", "themes"}
    for args in commands():
        parser().parse_args(args)
