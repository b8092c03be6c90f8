"""The sample blog's source content: the truth the crawl's records are checked against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SampleComment:
    author: str
    website: str | None
    published: datetime  # timezone-aware, Europe/Paris, to the minute
    paragraphs: tuple[str, ...]  # each an HTML fragment (inline markup only), one <p> each


@dataclass(frozen=True)
class SamplePost:
    id: int  # Dotclear's post_id (the "p123" in <div id="p123">)
    slug: str  # URL part after "post/": "2006/12/24/Offrir-un-zebu-a-Madagascar..."
    title: str  # plain text, may hold accents and characters to escape (& < ")
    published: datetime  # timezone-aware, Europe/Paris, to the minute
    author: str
    category: str | None
    tags: tuple[str, ...]  # Dotclear tag ids as shown ("economie sociale et solidaire")
    paragraphs: tuple[str, ...]  # each an HTML fragment (inline markup: <a>, <em>, <strong>, <img>)
    comments: tuple[SampleComment, ...] = field(default=())
    updated: datetime | None = None  # last edited (Dotclear's post_upddt); None: never since
