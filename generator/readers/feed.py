"""The visible feed of a saved page, found by its shape: repeated sibling blocks that each carry a time.

A time mark is a `<time>` element, an element with an epoch attribute, or a heading or short line that
opens with a time of day (`12.31 Uhr: …`, `21:06 (IST)`). Each mark climbs a few levels up the tree; the
element whose children carry the most marks in blocks of real text (not lists of links) holds the feed.
A marked child that wraps its mark is a post on its own; a marked heading or line starts a post that runs
over the siblings after it up to the next mark.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from .markup import BLOCK_TAGS, SKIP_TAGS

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
OUTSIDE_FEED = frozenset({"nav", "aside"})
"""Page regions that hold navigation and teasers, never the feed itself."""
EPOCH_ATTRIBUTES = ("data-post-time", "data-sort-time", "data-timestamp")
"""Attributes of an entry that may hold its Unix time (seconds or milliseconds)."""
OPENING_CLOCK = re.compile(r"^\W{0,3}(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d)", re.IGNORECASE)
"""Text that opens with a time of day."""
MAX_MARK_CHARS = 40
"""A line opening with a time is a mark only when this short (`21:06 (IST)`), unless it is a heading."""
MAX_CLIMB = 12
"""How many levels above its mark a post's block may start: bounds the work on deeply nested markup."""
MAX_MARKS = 20_000
"""Time marks read at most: far more posts than any page shows, and a bound on the work a hostile page causes."""
MIN_ENTRIES = 2
"""A feed has at least this many posts."""
MIN_ENTRY_CHARS = 40
"""A block with less text than this, outside links, is no post (a time and a share bar)."""
MAX_LINK_SHARE = 0.5
"""A block whose text is mostly link text is a teaser or a list of key events, not a post."""


@dataclass(frozen=True)
class Block:
    """One visible post: its elements, in order, and the time marks among them."""

    nodes: tuple[Tag, ...]
    """A wrapper element alone, or a marked heading and the siblings after it."""
    marks: tuple[Tag, ...]
    """Its time marks, in document order."""
    opened: bool
    """Whether the post is a marked heading or line followed by its body (no wrapper)."""
    inner: tuple[Tag, ...] = ()
    """Other posts inside it (broken markup that never closes a post), left out of its text."""


def time_marks(soup: BeautifulSoup, size: dict[int, tuple[int, int]]) -> list[Tag]:
    """Every time mark in the page, in document order, outside navigation, asides, scripts and media (one pass,
    without recursion; at most MAX_MARKS)."""
    marks: dict[int, Tag] = {}
    stack: list[tuple[object, bool]] = [(c, False) for c in reversed(soup.contents)]
    while stack and len(marks) < MAX_MARKS:
        node, hidden = stack.pop()
        if isinstance(node, Tag):
            hidden = hidden or node.name in SKIP_TAGS or node.name in OUTSIDE_FEED
            if not hidden and (is_time(node) or any(node.has_attr(a) for a in EPOCH_ATTRIBUTES)):
                marks.setdefault(id(node), node)
            stack.extend((c, hidden) for c in reversed(node.contents))
        elif not hidden and type(node) in (NavigableString, CData) and OPENING_CLOCK.match(node.lstrip()):
            mark = _line_of(node, size)
            if mark is not None:
                marks.setdefault(id(mark), mark)
    return list(marks.values())


def is_time(node: Tag) -> bool:
    """A <time> element, or any element carrying a `datetime` attribute (`<amp-timeago>`, `<relative-time>`)."""
    return node.name == "time" or node.has_attr("datetime")


def _line_of(text: NavigableString, size: dict[int, tuple[int, int]]) -> Tag | None:
    """The heading, or the widest short line, that a time-opening string opens; None when it opens neither."""
    node, line = text.parent, None
    for _ in range(MAX_CLIMB):
        if node is None or node.name in SKIP_TAGS:
            return None
        if node.name in HEADINGS:
            return node
        if size.get(id(node), (0, 0))[0] > MAX_MARK_CHARS:
            break
        line = node
        if node.name in BLOCK_TAGS or node.name == "time":
            break
        node = node.parent
    return line


def feed_blocks(soup: BeautifulSoup) -> list[Block]:
    """The visible posts, in page order; [] when no element holds MIN_ENTRIES marked blocks of real text."""
    size = _text_sizes(soup)
    marks = time_marks(soup, size)
    if len(marks) < MIN_ENTRIES:
        return []
    children: dict[int, dict[int, Tag]] = {}
    parents: dict[int, Tag] = {}
    under: dict[int, list[Tag]] = {}
    for mark in marks:
        node = mark
        under.setdefault(id(node), []).append(mark)
        for _ in range(MAX_CLIMB):
            parent = node.parent
            if parent is None or isinstance(parent, BeautifulSoup):
                break
            parents[id(parent)] = parent
            children.setdefault(id(parent), {}).setdefault(id(node), node)
            under.setdefault(id(parent), []).append(mark)
            node = parent
    mark_ids = {id(m) for m in marks if not is_time(m) and not any(m.has_attr(a) for a in EPOCH_ATTRIBUTES)}
    best: list[Block] = []
    best_key = (0, 0)
    for key, parent in parents.items():
        blocks = [b for b in _blocks(parent, children[key], mark_ids, under) if _is_post(b, size)]
        score = (len(blocks), sum(size.get(id(n), (0, 0))[0] for b in blocks for n in b.nodes))
        if len(blocks) >= MIN_ENTRIES and score > best_key:
            best, best_key = blocks, score
    return best or _nested_blocks(marks, size)


def _signature(node: Tag) -> tuple[str, tuple[str, ...]]:
    return node.name, tuple(sorted(node.get("class") or ()))


def _nested_blocks(marks: list[Tag], size: dict[int, tuple[int, int]]) -> list[Block]:
    """Posts that broken markup nests in one another: the elements of one kind (tag and classes) holding the
    most marks, each read without the posts inside it."""
    groups: dict[tuple, dict[int, Tag]] = {}
    owned: dict[tuple, dict[int, list[Tag]]] = {}
    for mark in marks:
        node, seen = mark, set()
        for _ in range(MAX_CLIMB):
            if node.get("class") and (signature := _signature(node)) not in seen:
                seen.add(signature)  # the nearest element of each kind above a mark owns it
                groups.setdefault(signature, {}).setdefault(id(node), node)
                owned.setdefault(signature, {}).setdefault(id(node), []).append(mark)
            node = node.parent
            if node is None or isinstance(node, BeautifulSoup):
                break
    best: list[Block] = []
    best_key = (0, 0)
    for signature, members in groups.items():
        if len(members) < MIN_ENTRIES:
            continue
        inner: dict[int, list[Tag]] = {k: [] for k in members}
        for member in members.values():
            outer = _nearest(member.parent, members) if member.parent is not None else None
            if outer is not None:
                inner[id(outer)].append(member)
        blocks = []
        for k, member in members.items():
            own = tuple(owned[signature].get(k, ()))
            chars = size.get(k, (0, 0))[0] - sum(size.get(id(i), (0, 0))[0] for i in inner[k])
            links = size.get(k, (0, 0))[1] - sum(size.get(id(i), (0, 0))[1] for i in inner[k])
            if own and chars - links >= MIN_ENTRY_CHARS and links <= MAX_LINK_SHARE * chars:
                blocks.append(Block((member,), own, False, tuple(inner[k])))
        score = (len(blocks), sum(size.get(id(b.nodes[0]), (0, 0))[0] for b in blocks))
        if len(blocks) >= MIN_ENTRIES and score > best_key:
            best, best_key = blocks, score
    return best


def _nearest(node: Tag | None, members: dict[int, Tag]) -> Tag | None:
    """The nearest of `members` at or above `node`, within MAX_CLIMB levels."""
    for _ in range(MAX_CLIMB + 1):
        if node is None:
            return None
        if id(node) in members:
            return node
        node = node.parent
    return None


def _blocks(parent: Tag, marked: dict[int, Tag], mark_ids: set[int], under: dict[int, list[Tag]]) -> list[Block]:
    """The parent's marked children as posts: a wrapper alone; a marked line (`mark_ids`) up to the next marked
    child."""
    out: list[Block] = []
    run: list[Tag] | None = None
    for child in parent.children:
        if not isinstance(child, Tag):
            continue
        if id(child) in marked:
            opened = id(child) in mark_ids
            if run is not None:
                out.append(Block(tuple(run), (run[0],), True))
            run = [child] if opened else None
            if not opened:
                out.append(Block((child,), tuple(under[id(child)]), False))
        elif run is not None:
            run.append(child)
    if run is not None:
        out.append(Block(tuple(run), (run[0],), True))
    return out


def _is_post(block: Block, size: dict[int, tuple[int, int]]) -> bool:
    """Whether the block reads as a post: enough text, most of it outside links."""
    chars = sum(size.get(id(n), (0, 0))[0] for n in block.nodes)
    links = sum(size.get(id(n), (0, 0))[1] for n in block.nodes)
    return chars - links >= MIN_ENTRY_CHARS and links <= MAX_LINK_SHARE * chars


def _text_sizes(soup: BeautifulSoup) -> dict[int, tuple[int, int]]:
    """For every element: characters of visible text under it, and how many of them are link text (one
    pass, bottom up, without recursion)."""
    size: dict[int, list[int]] = {}
    order: list[Tag] = []
    stack: list[Tag] = [soup]
    while stack:
        node = stack.pop()
        order.append(node)
        size[id(node)] = [0, 0]
        for child in node.contents:
            if isinstance(child, Tag):
                if child.name not in SKIP_TAGS:
                    stack.append(child)
            elif type(child) in (NavigableString, CData):
                n = len(child.strip())
                size[id(node)][0] += n
                if node.name == "a":
                    size[id(node)][1] += n
    for node in reversed(order):
        parent = node.parent
        if parent is not None and id(parent) in size and node is not soup:
            total = size[id(parent)]
            total[0] += size[id(node)][0]
            total[1] += size[id(node)][0] if node.name == "a" else size[id(node)][1]
    return {k: (v[0], v[1]) for k, v in size.items()}
