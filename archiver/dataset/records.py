"""Plain records the parsers return: no Scrapy, no I/O.

Parsers fill the raw fields (texts as the page shows them); the date pipeline turns them into
timestamps, so a saved page, a WARC record and a live response all give the same record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

# Bumped whenever a field is added, renamed or changes meaning (schema/post.schema.json).
SCHEMA_VERSION = "1.2"  # 1.1: crawls, gone; 1.2: source, archived_at, archive_url, rebuilt_from


def post_schema() -> dict[str, Any]:
    """The JSON Schema of a posts.jsonl record, shipped in the package."""
    text = files("archiver.dataset").joinpath("schema/post.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@dataclass
class DateEvidence:
    """Every date source a page offers for one post or comment, best first when resolved."""

    machine: str | None = None  # <time datetime>, <meta name="date">: ISO 8601 / W3CDTF
    machine_source: str | None = None  # which element: "meta[name=date]", "time[datetime]"...
    text: str | None = None  # the French text holding day and maybe time ("Par X le ..., 15:32")
    text_source: str | None = None  # "p.post-info", "p.day-date"...
    day: str | None = None  # a French day text alone ("dimanche 24 décembre 2006")
    day_source: str | None = None
    feed: str | None = None  # the post's date in the blog's feeds (Atom published / RSS pubDate)


@dataclass
class Comment:
    author: str | None
    website: str | None
    body_text: str
    dates: DateEvidence = field(default_factory=DateEvidence)
    published: str | None = None
    published_raw: str | None = None
    published_source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "author": self.author,
            "website": self.website,
            "published": self.published,
            "published_raw": self.published_raw,
            "published_source": self.published_source,
            "body_text": self.body_text,
        }


@dataclass
class Post:
    url: str
    id: str
    dotclear_id: int | None
    title: str | None
    author: str | None
    category: str | None
    tags: list[str]
    body_html: str
    body_text: str
    comments: list[Comment]
    images: list[str]
    links: list[str]
    dates: DateEvidence = field(default_factory=DateEvidence)
    published: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    published_precision: str | None = None  # "minute", "day", or None when unparsed
    # Where the page lies in the WARC: {filename, offset, length, record_id, payload_digest}.
    warc: dict[str, Any] | None = None
    listings: list[str] = field(default_factory=list)  # listing pages that list the post
    fetched: str | None = None  # WARC-Date of this capture of the page (response or revisit)
    # Where the fields were read (1.2): the blog itself, or a web archive's capture of it
    # (archiver crawl --from-archive): when captured, the memento, and for a post known only
    # from a listing, that listing's memento.
    source: str = "live"
    archived_at: str | None = None
    archive_url: str | None = None
    rebuilt_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The record as written to posts.jsonl: resolved dates, evidence left out."""
        return {
            "schema_version": SCHEMA_VERSION,
            "url": self.url,
            "id": self.id,
            "dotclear_id": self.dotclear_id,
            "title": self.title,
            "published": self.published,
            "published_raw": self.published_raw,
            "published_source": self.published_source,
            "published_precision": self.published_precision,
            "author": self.author,
            "category": self.category,
            "tags": self.tags,
            "body_html": self.body_html,
            "body_text": self.body_text,
            "comments": [c.to_json() for c in self.comments],
            "images": self.images,
            "links": self.links,
            "listings": sorted(self.listings),
            "warc": dict(self.warc) if self.warc else None,
            # One capture: first seen, last seen and last changed then; `--update` merges.
            "crawls": crawls(self.fetched) if self.fetched else None,
            "gone": None,
            "source": self.source,
            "archived_at": self.archived_at,
            "archive_url": self.archive_url,
            "rebuilt_from": self.rebuilt_from,
        }


def crawls(fetched: str) -> dict[str, str]:
    """The `crawls` field of a post captured once, at `fetched` (a WARC-Date)."""
    return {"first_seen": fetched, "last_seen": fetched, "last_changed": fetched}


@dataclass
class Listing:
    """A page listing posts: home, tag, category, monthly archive, or the archive index."""

    url: str
    post_urls: list[str]
    page_urls: list[str]  # pagination links found on the page (never guessed)
    current_page: int | None
    page_count: int | None
    day_by_post: dict[str, str] = field(default_factory=dict)  # post URL -> day heading text
    links: PageLinks = field(default_factory=lambda: PageLinks())


@dataclass
class FeedEntry:
    url: str  # the post's permalink
    published: str | None  # the feed's own text: ISO 8601 (Atom) or RFC 822 (RSS)
    title: str | None
    updated: str | None = None  # Atom <updated>: when the post was last edited


@dataclass
class PageLinks:
    """The in-blog links of any page, sorted by what Dotclear serves at each URL shape."""

    posts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tag_index: list[str] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
