"""Command line: `python -m generator build --snapshots DIR --out DIR [--config FILE]`."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from .build import Report, build
from .capture import DEFAULT_RETRIES, DEFAULT_TIMEOUT, USER_AGENT, capture, read_urls
from .config import DEFAULT_CONFIG, load_config
from .errors import ConfigError, GeneratorError
from .explain import explain
from .init import write_config
from .inspect import inspect
from .site import CONTENT_SUFFIX, load_site_config, make_site, serve
from . import wayback


DEFAULT_CACHE = Path(".cache") / "livedigest"
DEFAULT_PORT = 8000
"""Where `site --serve` serves the built site (on 127.0.0.1)."""
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on (escape sequences, line breaks, bidirectional overrides): a file name or
a line of a snapshot quoted in a message shows them as `\\x1b`, never runs them or forges a line."""


def printable(text: str) -> str:
    """Text from a snapshot made safe to print on a terminal: control characters written as escapes."""
    return CONTROLS.sub(lambda m: _escaped(m.group()), text)


def printable_lines(text: str) -> str:
    """Several lines, each made printable."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _escaped(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


class _Counter(logging.Handler):
    """Prints warnings to stderr as they come and counts them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(f"warning: {printable(record.getMessage())}", file=sys.stderr)


def _reading_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that reads a folder of snapshots into a digest (build, site)."""
    command.add_argument("--snapshots", required=True, type=Path, metavar="DIR", help="folder of snapshot files")
    command.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                         help=f"remember read snapshots here, so a rebuild reads only new ones (default: "
                         f"{DEFAULT_CACHE}; safe to delete)")
    command.add_argument("--no-cache", action="store_true", help="read every snapshot afresh and keep no cache")
    command.add_argument("--url", metavar="URL", help="read only the web-archive records of this address")
    command.add_argument("--verbose", "-v", action="store_true", help="also list the lines learned as furniture")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn snapshots of a news live blog into a digest: Markdown pages by day and theme.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="read snapshots and write the digest's Markdown pages",
                            description="Read every *.txt and *.html snapshot in a folder (and its "
                            "snapshots.yml manifest), merge their posts and write Markdown pages and "
                            "digest.json into the output folder.")
    _reading_options(b)
    b.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="folder to write the pages into (files the generator did not write are left alone)")
    b.add_argument("--config", type=Path, metavar="FILE",
                   help=f"digest configuration, applied over the package's reading defaults (default: "
                   f"{DEFAULT_CONFIG.name} in the snapshots folder when there is one, else the project's "
                   f"{DEFAULT_CONFIG.name} when there is one)")
    s = commands.add_parser("site", help="read snapshots and build the digest's site, in one step",
                            description="Build the digest of a folder of snapshots, then its static site with "
                            "MkDocs and the bundled theme (strict: any warning fails), named and navigated "
                            "after this blog alone.")
    _reading_options(s)
    s.add_argument("--site-dir", required=True, type=Path, metavar="DIR",
                   help="folder to build the site into (emptied first; it must be new, empty or a built site)")
    s.add_argument("--config", type=Path, metavar="FILE",
                   help=f"digest configuration (default: {DEFAULT_CONFIG.name} in the snapshots folder when there "
                   "is one, else the package defaults alone)")
    s.add_argument("--out", type=Path, metavar="DIR",
                   help=f"folder for the generated Markdown (default: beside the site, its name + {CONTENT_SUFFIX})")
    s.add_argument("--serve", action="store_true", help="then serve the site on 127.0.0.1 until Ctrl-C")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                   help=f"port for --serve (default: {DEFAULT_PORT})")
    i = commands.add_parser("inspect", help="show how each line of one snapshot is read, and by which rule",
                            description="Print every line (or HTML block) of a snapshot with what the reader took "
                            "it for — title, standfirst, summary, headline, time, byline, body, card, furniture — "
                            "and the rule that decided (a configured pattern, learned, or a reading rule). "
                            "Furniture is learned from the snapshots in the same folder, as a build would.")
    i.add_argument("snapshot", type=Path, metavar="SNAPSHOT", help="a snapshot file")
    i.add_argument("--config", type=Path, metavar="FILE", help="digest configuration (default: digest.yml)")
    c = commands.add_parser("capture", help="save live-blog pages as snapshots",
                            description="Fetch each URL and save the page as it is into the folder, named by "
                            "capture time and content hash, with its capture time and URL added to the "
                            "folder's snapshots.yml. An unchanged page is not saved twice.")
    c.add_argument("urls", nargs="*", metavar="URL", help="pages to capture")
    c.add_argument("--urls-file", type=Path, metavar="FILE", help="a file of URLs, one a line (# comments)")
    c.add_argument("--into", type=Path, default=Path("snapshots"), metavar="DIR",
                   help="snapshots folder to save into (default: snapshots)")
    c.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                   help=f"seconds to wait for an answer (default: {DEFAULT_TIMEOUT:g})")
    c.add_argument("--retries", type=int, default=DEFAULT_RETRIES, metavar="N",
                   help=f"further attempts after a server or network error (default: {DEFAULT_RETRIES})")
    c.add_argument("--user-agent", default=USER_AGENT, metavar="TEXT",
                   help="the User-Agent to send; add a contact address for the sites you capture")
    wayback.add_options(c)
    e = commands.add_parser("explain", help="show why a post is filed under its theme",
                            description="Print every theme's score for an item of a built digest (by its id) "
                            "or for a piece of text, the terms that matched, and the decision.")
    e.add_argument("query", metavar="ID_OR_TEXT", help="an item id from digest.json, or any headline or text")
    e.add_argument("--digest", type=Path, default=Path("content/digest.json"), metavar="FILE",
                   help="the built digest to explain from (default: content/digest.json)")
    e.add_argument("--config", type=Path, metavar="FILE", help="digest configuration (default: digest.yml)")
    n = commands.add_parser("init", help="write a first digest.yml for a new blog from its snapshots",
                            description="Read the snapshots in DIR and write DIR/digest.yml: the blog's title and "
                            "timezone as found, and the automatic themes as rules you can edit, each section "
                            "explained in a comment. An existing digest.yml is kept unless --force is given.")
    n.add_argument("folder", type=Path, metavar="DIR", help="folder of snapshot files")
    n.add_argument("--force", action="store_true", help="replace an existing DIR/digest.yml")
    return top


def run_init(args: argparse.Namespace) -> int:
    path, proposal = write_config(args.folder, args.force)
    print(f"wrote {printable(str(path))}: title {printable(proposal.title or '(none found)')!s}, timezone "
          f"{proposal.timezone} ({proposal.timezone_from}), {len(proposal.themes)} themes", file=sys.stderr)
    return 0


def summary(report: Report, warnings: int, verbose: bool = False) -> str:
    skipped = "".join(f"\n  skipped {printable(name)}: {printable(why)}" for name, why in report.skipped)
    removed = ", ".join(f"{n} by {what}" if what != "learned" else f"{n} learned" for what, n in report.furniture)
    learned = "".join(f"\n  learned: {printable(line)}" for line in report.learned) if verbose else ""
    return (f"read {report.read} snapshots, skipped {len(report.skipped)}{skipped}\n"
            f"furniture lines removed: {removed} ({len(report.learned)} distinct lines learned){learned}\n"
            f"{report.posts} posts seen, {report.items} items after merging, {report.days} days, "
            f"{report.undated} undated items, {warnings} warnings; "
            f"{report.written} files written, {report.removed} removed")


def run_capture(args: argparse.Namespace) -> int:
    if args.wayback:
        return wayback.run(args)
    urls = list(args.urls) + (read_urls(args.urls_file) if args.urls_file else [])
    if not urls:
        raise GeneratorError("no URL to capture (give URLs or --urls-file)")
    results = capture(urls, args.into, timeout=args.timeout, retries=args.retries, user_agent=args.user_agent)
    for result in results:
        print(result.describe())
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    counter = _Counter()
    logger = logging.getLogger("generator")
    propagate = logger.propagate
    logger.addHandler(counter)
    logger.propagate = False  # warnings go to stderr once, through the counter, not also to the root logger
    try:
        if args.command == "explain":
            if not args.digest.is_file():
                print(f"error: {printable(str(args.digest))}: no such digest; build one first, or name it with "
                      "--digest FILE", file=sys.stderr)
                return 2
            print(printable_lines(explain(args.query, args.digest, load_config(args.config).theming)))
            return 0
        if args.command == "capture":
            return run_capture(args)
        if args.command == "init":
            return run_init(args)
        if args.command == "inspect":
            print(printable_lines(inspect(args.snapshot, load_config(args.config).reading)))
            return 0
        if not args.snapshots.is_dir():
            raise GeneratorError(f"{args.snapshots}: no such folder")
        cache = None if args.no_cache else args.cache
        if args.command == "site":
            made = make_site(args.snapshots, args.site_dir, load_site_config(args.snapshots, args.config), args.out,
                             cache, args.url)
            report = made.report
        else:
            own = args.snapshots / DEFAULT_CONFIG.name
            config = load_config(args.config or (own if own.is_file() else None))
            report = build(args.snapshots, args.out, config, cache, args.url)
    except ConfigError as e:
        print("error: invalid configuration:\n  " + "\n  ".join(map(printable, e.problems)), file=sys.stderr)
        return 2
    except GeneratorError as e:
        print(f"error: {printable_lines(str(e))}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(counter)
        logger.propagate = propagate
    print(summary(report, counter.count, args.verbose), file=sys.stderr)
    if args.command == "site":
        print(f"site built in {printable(str(made.site))} from the Markdown in {printable(str(made.content))}",
              file=sys.stderr)
        if args.serve:
            serve(made.site, args.port)
    return 0
