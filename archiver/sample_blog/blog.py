"""The sample blog's database: posts, comments, tags, categories and the URLs Dotclear give"
"s them."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from archiver.sample_blog.fmt import (
    cut_string,
    esc,
    post_url_part,
    rawurlencode,
    remove_html,
    tidy_url,
)
from archiver.sample_blog.model import SampleComment, SamplePost


@dataclass(frozen=True)
class BlogSettings:
    name: str = "Jean-Luc Raymond"
    description: str = (
        "Innovation sociale, économie sociale et solidaire, Internet citoyen "
        "et usages des technologies de l'information et de la communication"
    )
    editor: str = "Jean-Luc Raymond"
    copyright: str = ""
    lang: str = "fr"
    uid: str = "4c1e52c8d37b9f0a6e2b1d5f8a9c3e70"
    robots: str = "INDEX, FOLLOW"


@dataclass(frozen=True)
class Comment:
    id: int  # Dotclear's comment_id ("c42")
    post: SamplePost
    source: SampleComment

    @property
    def author(self) -> str:
        return self.source.author

    @property
    def website(self) -> str | None:
        return self.source.website

    @property
    def published(self) -> datetime:
        return self.source.published

    @property
    def content(self) -> str:
        return "\n".join(f"<p>{p}</p>" for p in self.source.paragraphs)


@dataclass(frozen=True)
class TagStat:
    tag: str
    count: int
    roundpercent: int  # class "tag{N}" in clouds: count/max rounded to tens


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of entries (home, tag, category)."""

    posts: list[SamplePost]  # every entry of the list, newest first
    page: int  # the requested page number (1-based, may be past the end)
    per_page: int

    @property
    def nb_pages(self) -> int:
        return math.ceil(len(self.posts) / self.per_page)

    @property
    def entries(self) -> list[SamplePost]:
        start = (self.page - 1) * self.per_page
        return self.posts[start : start + self.per_page]

    def position(self, offset: int = 0) -> int:
        """context::PaginationPosition: out-of-range positions fold back to 1."""
        pos = self.page + offset
        return 1 if pos > self.nb_pages or pos <= 0 else pos

    @property
    def at_start(self) -> bool:
        return self.position() == 1

    @property
    def at_end(self) -> bool:
        return self.position() == self.nb_pages


def post_content(post: SamplePost) -> str:
    """post_content_xhtml as wiki2xhtml produced it: paragraphs separated by a blank line."""
    return "\n\n".join(f"<p>{p}</p>" for p in post.paragraphs)


def post_description(post: SamplePost) -> str:
    """EntryContent full="1" encode_html="1" remove_html="1" cut_string="180"."""
    return esc(cut_string(remove_html(post_content(post)), 180))


@dataclass
class Blog:
    """Indexes over the posts, newest first, as Dotclear's queries return them."""

    source: tuple[SamplePost, ...] | list[SamplePost]
    settings: BlogSettings = field(default_factory=BlogSettings)

    def __post_init__(self) -> None:
        self.posts = sorted(self.source, key=lambda p: (p.published, p.id), reverse=True)
        self.by_slug = {p.slug: p for p in self.posts}
        self.by_id = {p.id: p for p in self.posts}
        self.comments = _number_comments(self.posts)
        self.all_comments = sorted(
            (c for cs in self.comments.values() for c in cs),
            key=lambda c: (c.published, c.id),
            reverse=True,
        )
        self.categories = {tidy_url(p.category): p.category for p in self.posts if p.category}
        stamps = [p.updated or p.published for p in self.posts]
        stamps += [c.published for c in self.all_comments]
        self.updated = max(stamps) if stamps else datetime(2009, 1, 1).astimezone()

    def comments_of(self, post: SamplePost) -> list[Comment]:
        return self.comments.get(post.id, [])

    def with_tag(self, tag: str) -> list[SamplePost]:
        return [p for p in self.posts if tag in p.tags]

    def in_category(self, name: str) -> list[SamplePost]:
        return [p for p in self.posts if p.category == name]

    def in_month(self, year: int, month: int) -> list[SamplePost]:
        return [p for p in self.posts if (p.published.year, p.published.month) == (year, month)]

    def months(self) -> list[tuple[int, int, int]]:
        """(year, month, number of entries), newest first."""
        counts = Counter((p.published.year, p.published.month) for p in self.posts)
        return [(y, m, n) for (y, m), n in sorted(counts.items(), reverse=True)]

    def tag_stats(self, limit: int | None = None) -> list[TagStat]:
        """computeMetaStats over getMetadata: the most used first when limited, then by name."""
        counts = Counter(t for p in self.posts for t in p.tags)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        if limit is not None:
            ranked = ranked[:limit]
        top = max(counts.values(), default=1)
        stats = [TagStat(t, n, math.floor(n * 100 / top / 10 + 0.5) * 10) for t, n in ranked]
        return sorted(stats, key=lambda s: s.tag.lower())

    def older(self, post: SamplePost) -> SamplePost | None:
        index = self.posts.index(post)
        return self.posts[index + 1] if index + 1 < len(self.posts) else None

    def newer(self, post: SamplePost) -> SamplePost | None:
        index = self.posts.index(post)
        return self.posts[index - 1] if index > 0 else None


def _number_comments(posts: list[SamplePost]) -> dict[int, list[Comment]]:
    """Give comments global ids in publication order, as the database's sequence did."""
    flat = [(c.published, p.id, i, p, c) for p in posts for i, c in enumerate(p.comments)]
    flat.sort(key=lambda t: (t[0], t[1], t[2]))
    result: dict[int, list[Comment]] = {}
    for number, (_, _, _, post, comment) in enumerate(flat, start=1):
        result.setdefault(post.id, []).append(Comment(number, post, comment))
    return result


class Urls:
    """Absolute URLs as the templates write them (path-info mode, BlogURL = base)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, post: SamplePost) -> str:
        return f"{self.base}post/{post_url_part(post.slug)}"

    def tag(self, tag: str) -> str:
        """TagURL (post tags, tags page): rawurlencode, "%20" for spaces."""
        return f"{self.base}tag/{rawurlencode(tag)}"

    def tag_raw(self, tag: str) -> str:
        """The sidebar cloud's style on this blog: raw spaces and raw UTF-8 characters."""
        return f"{self.base}tag/{tag}"

    def tag_feed(self, tag: str, kind: str = "atom") -> str:
        return f"{self.base}feed/tag/{rawurlencode(tag)}/{kind}"

    def category(self, name: str) -> str:
        """CategoryURL (widget, category lists): the raw cat_url."""
        return f"{self.base}category/{tidy_url(name)}"

    def entry_category(self, name: str) -> str:
        """EntryCategoryURL: html::sanitizeURL(cat_url)."""
        return f"{self.base}category/{quote(tidy_url(name), safe='/-_.~')}"

    def category_feed(self, name: str, kind: str = "atom") -> str:
        return f"{self.base}feed/category/{tidy_url(name)}/{kind}"

    def feed(self, kind: str = "atom") -> str:
        return f"{self.base}feed/{kind}"

    def archive(self, year: int | None = None, month: int | None = None) -> str:
        if year is None or month is None:
            return f"{self.base}archive"
        return f"{self.base}archive/{year:04d}/{month:02d}"

    def tags(self) -> str:
        return f"{self.base}tags"
