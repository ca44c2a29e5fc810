"""YAML files read with bounds: aliases that expand too far, nesting too deep and unknown tags are refused."""
from __future__ import annotations

from pathlib import Path

import yaml

MAX_BYTES = 16 * 1024 * 1024
"""A larger configuration or manifest is no hand-written file (a year of hourly captures is under 1 MB)."""
MAX_DEPTH = 64
"""Nesting no configuration or manifest needs (they nest five deep); deeper would exhaust the parser's stack."""
MAX_ALIASED_NODES = 10_000
"""Nodes that aliases may add to a document: reusing a list is fine, a few kilobytes that expand to millions is not."""
CORE = "tag:yaml.org,2002:"
KNOWN_TAGS = frozenset(CORE + name for name in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "omap", "pairs", "set", "merge"))
"""The standard tags a safe reader understands; any other (`!python/object`, `!custom`) is refused."""


def read_node(path: Path) -> yaml.Node | None:
    """The file's YAML node tree (None when empty); OSError or yaml.YAMLError when refused."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise yaml.YAMLError(f"{size:,} bytes, over the {MAX_BYTES:,}-byte limit")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n")
        raise yaml.MarkedYAMLError(problem="not UTF-8 text",
                                   problem_mark=yaml.Mark(path.name, e.start, line, 0, None, None)) from None
    return compose(text)


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing to nest deeper than MAX_DEPTH."""

    depth = 0

    def compose_node(self, parent, index):
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(problem=f"nested over {MAX_DEPTH} levels deep",
                                       problem_mark=self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str) -> yaml.Node | None:
    """Parse YAML text into nodes, refusing alias bombs, self-referring aliases, deep nesting and unknown tags.

    With libyaml (PyYAML's C parser) the nesting is measured on the parser's events first, which come
    from a loop, not a recursion; then the C composer, bounded by that depth, builds the nodes ten times
    faster than the Python one (a year's manifest lists 8,760 snapshots).
    """
    if FAST:
        _measure_depth(text)
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    else:
        root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        _check(root)
    return root


def _measure_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, from the C parser's events (MarkedYAMLError)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested over {MAX_DEPTH} levels deep",
                                           problem_mark=event.start_mark)
        elif isinstance(event, CLOSING):
            depth -= 1


FAST = getattr(yaml, "__with_libyaml__", False)
"""Whether PyYAML has its C parser here."""
OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check(root: yaml.Node) -> None:
    """Count the nodes aliases add and look at every tag, visiting each distinct node once."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliased = 0

    def size(node: yaml.Node) -> int:
        nonlocal aliased
        key = id(node)
        if key in open_nodes:
            raise _problem(node, "an alias refers to the node that contains it")
        if key in sizes:  # a node met again is an alias: it adds its whole expansion
            aliased += sizes[key]
            if aliased > MAX_ALIASED_NODES:
                raise _problem(node, f"aliases expand to over {MAX_ALIASED_NODES:,} more nodes")
            return sizes[key]
        if node.tag not in KNOWN_TAGS:
            raise _problem(node, f"unknown YAML tag {node.tag.replace(CORE, '!!')!r}")
        open_nodes.add(key)
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else \
            node.value if isinstance(node, yaml.SequenceNode) else []
        total = 1 + sum(size(child) for child in children)
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)


def _problem(node: yaml.Node, message: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=message, problem_mark=node.start_mark)
