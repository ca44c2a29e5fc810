"""One reader per snapshot format, chosen by the format of its file suffix (snapshots.FORMATS).

Every reader has the same contract, `read(snapshot, text, furniture) -> Page`. A reader may also tell
furniture learning what stands at the edges of a snapshot (`edges(snapshot, text, furniture, zone)`),
and which of those lines it read as part of a post, so that learning never takes a post for furniture.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..furniture import Edges, Furniture
from ..models import Page, Snapshot
from .html import read_html
from .text import edges_of_text, read_text


@dataclass(frozen=True)
class Reader:
    """What one snapshot format offers the build."""

    read: Callable[[Snapshot, str, Furniture], Page]
    """The snapshot's page."""
    edges: Callable[[Snapshot, str, Furniture, int], Edges] | None = None
    """The lines at its top and bottom, for furniture learning (None: the format teaches nothing)."""


READERS = {"text": Reader(read_text, edges_of_text), "html": Reader(read_html)}
"""Readers by format name."""
