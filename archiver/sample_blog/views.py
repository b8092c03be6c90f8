"""What the theme files see: the blog, one request, its entries and comments, as ready text.

Every value is already escaped as Dotclear's template tags escaped it; the theme files only
place them. The same views serve the three themes: what differs between themes is markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from archiver.sample_blog.blog import Comment, Listing, TagStat, post_content, post_description
from archiver.sample_blog.context import Ctx, robots_policy
from archiver.sample_blog.fmt import (
    cut_string,
    esc,
    fr_date,
    fr_time,
    iso8601,
    month_label,
    numeric_date,
)
from archiver.sample_blog.model import SamplePost

TAG_CLOUD_LIMIT = 20


def count_text(words: Mapping[str, str], count: int, keys: tuple[str, str, str]) -> str:
    """EntryCommentCount: none / one / "%d ..." as the theme words it."""
    if count == 0:
        return words[keys[0]]
    if count == 1:
        return words[keys[1]]
    return words[keys[2]].replace("%d", str(count)).replace("%s", str(count))


COMMENTS = ("no comments", "one comment", "%d comments")
REACTIONS = ("no reactions", "one reaction", "%s reactions")


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Neighbour:
    """A post before or after this one (navlinks, <link rel=next/prev>)."""

    url: str
    title: str
    title_cut: str


class CommentView:
    def __init__(self, ctx: Ctx, comment: Comment, index: int) -> None:
        self.comment = comment
        self.id = comment.id
        self.number = index + 1
        self.odd = "odd" if index % 2 == 0 else ""
        self.first = "first" if index == 0 else ""
        self.content = comment.content
        when = comment.published
        self.date = fr_date(when)
        self.numeric_date = numeric_date(when)
        self.time = fr_time(when) if ctx.opts.comment_times else ""
        name = esc(comment.author)
        self.author_link = name
        self.author_link_ugc = name
        if comment.website:
            site = esc(comment.website)
            self.author_link = f'<a href="{site}" rel="nofollow">{name}</a>'
            self.author_link_ugc = f'<a href="{site}" rel="ugc nofollow">{name}</a>'


class EntryView:
    """One post as its templates print it (<tpl:Entries> loop values included)."""

    def __init__(self, ctx: Ctx, post: SamplePost, index: int = 0, day_header: bool = False):
        self.ctx = ctx
        self.post = post
        self.id = post.id
        self.odd = "odd" if index % 2 == 0 else ""
        self.first = "first" if index == 0 else ""
        self.day_header = day_header

    @cached_property
    def url(self) -> str:
        return esc(self.ctx.urls.post(self.post))

    @cached_property
    def title(self) -> str:
        return esc(self.post.title)

    @property
    def author(self) -> str:
        return esc(self.post.author)

    @property
    def date(self) -> str:
        return fr_date(self.post.published)

    @property
    def time(self) -> str:
        return fr_time(self.post.published)

    @property
    def iso_date(self) -> str:
        return iso8601(self.post.published)

    @property
    def category(self) -> str:
        return esc(self.post.category) if self.post.category else ""

    @property
    def category_url(self) -> str:
        return esc(self.ctx.urls.entry_category(self.post.category or ""))

    @property
    def category_in_info(self) -> bool:
        """The 2009 post-info names the category, except on the category's own page."""
        return bool(self.post.category) and self.ctx.url_type != "category"

    @property
    def tags(self) -> list[Link]:
        return [Link(esc(self.ctx.urls.tag(t)), esc(t)) for t in self.post.tags]

    @property
    def content(self) -> str:
        return post_content(self.post)

    @property
    def description(self) -> str:
        return post_description(self.post)

    @cached_property
    def comments(self) -> list[CommentView]:
        return [
            CommentView(self.ctx, c, i) for i, c in enumerate(self.ctx.blog.comments_of(self.post))
        ]

    @property
    def comment_count(self) -> str:
        return count_text(self.ctx.words, len(self.ctx.blog.comments_of(self.post)), COMMENTS)

    @property
    def reactions(self) -> str:
        return count_text(self.ctx.words, len(self.comments), REACTIONS)

    @property
    def comments_feed(self) -> str:
        return esc(f"{self.ctx.urls.feed('atom')}/comments/{self.post.id}")

    @property
    def older(self) -> Neighbour | None:
        return _neighbour(self.ctx, self.ctx.blog.older(self.post))

    @property
    def newer(self) -> Neighbour | None:
        return _neighbour(self.ctx, self.ctx.blog.newer(self.post))


def _neighbour(ctx: Ctx, post: SamplePost | None) -> Neighbour | None:
    if post is None:
        return None
    return Neighbour(esc(ctx.urls.post(post)), esc(post.title), esc(cut_string(post.title, 50)))


def entries(ctx: Ctx, posts: list[SamplePost]) -> list[EntryView]:
    """<tpl:Entries>: a day heading on the first entry of each day."""
    views = []
    for index, post in enumerate(posts):
        day_header = index == 0 or posts[index - 1].published.date() != post.published.date()
        views.append(EntryView(ctx, post, index, day_header))
    return views


@dataclass(frozen=True)
class Month:
    url: str
    label: str  # "décembre 2006"
    name: str  # "décembre"
    count: int


@dataclass(frozen=True)
class Year:
    year: int
    months: list[Month]


@dataclass(frozen=True)
class CloudTag:
    url: str
    name: str
    roundpercent: int
    current: bool


class Page:
    """Scope of one page: the blog, the request and what its kind adds (`extra`)."""

    def __init__(self, ctx: Ctx, robots: str = "", **extra: Any) -> None:
        self.ctx = ctx
        s = ctx.blog.settings
        self.base = ctx.base
        self.charset = ctx.opts.charset
        self.machine_dates = ctx.opts.machine_dates
        self.robots = robots_policy(s.robots, robots)
        self.name = esc(s.name)
        self.description = esc(s.description)
        self.description_cut = esc(cut_string(s.description, 180))
        self.editor = esc(s.editor)
        self.copyright = esc(s.copyright)
        self.updated = iso8601(ctx.blog.updated)
        self.url_type = ctx.url_type
        self.is_home_first = ctx.url_type == "default"
        self.archive_url = ctx.urls.archive()
        self.feed_atom = ctx.urls.feed("atom")
        self.tags_url = ctx.urls.tags()
        self.suffix = ""
        for key, value in extra.items():
            setattr(self, key, value)

    def scope(self) -> dict[str, Any]:
        return {"page": self, "e": getattr(self, "entry", None)}

    @cached_property
    def sections(self) -> list[Link]:
        names = sorted(self.ctx.blog.categories.values(), key=str.lower)
        return [Link(esc(self.ctx.urls.category(n)), esc(n)) for n in names]

    @cached_property
    def categories(self) -> list[CloudTag]:
        """The categories widget: name order, the current one marked."""
        ctx = self.ctx
        items = sorted(ctx.blog.categories.items(), key=lambda kv: kv[1].lower())
        return [
            CloudTag(
                esc(ctx.urls.base + "category/" + url), esc(name), 0, name == ctx.current_category
            )
            for url, name in items
        ]

    @cached_property
    def cloud(self) -> list[CloudTag]:
        """The tags widget: the 20 most used, raw hrefs (spaces and UTF-8 as they are)."""
        ctx = self.ctx
        return [
            CloudTag(
                esc(ctx.urls.tag_raw(s.tag)),
                esc(s.tag),
                s.roundpercent,
                s.tag in ctx.current_post_tags,
            )
            for s in ctx.blog.tag_stats(TAG_CLOUD_LIMIT)
        ]

    @cached_property
    def all_tags(self) -> list[CloudTag]:
        return _tag_links(self.ctx, self.ctx.blog.tag_stats())

    @cached_property
    def tags_by_count(self) -> list[CloudTag]:
        return _tag_links(self.ctx, sorted(self.ctx.blog.tag_stats(), key=lambda s: -s.count))

    @cached_property
    def years_desc(self) -> list[Year]:
        return _years(self.ctx, self.ctx.blog.months())

    @cached_property
    def years_asc(self) -> list[Year]:
        return _years(self.ctx, sorted(self.ctx.blog.months()))

    @cached_property
    def month_chapters(self) -> list[Month]:
        return [m for year in self.years_desc for m in year.months]

    @cached_property
    def first_post(self) -> EntryView | None:
        posts = self.ctx.blog.posts
        return EntryView(self.ctx, posts[-1]) if posts else None

    @cached_property
    def last_post(self) -> EntryView | None:
        posts = self.ctx.blog.posts
        return EntryView(self.ctx, posts[0]) if posts else None

    @property
    def first_day(self) -> str:
        return _day(self.first_post)

    @property
    def last_day(self) -> str:
        return _day(self.last_post)


def _day(entry: EntryView | None) -> str:
    """ "%e %B %Y" of the archive page's "Du … au …"."""
    if entry is None:
        return ""
    d = entry.post.published
    return f"{d.day:2d} {month_label(d.year, d.month)}"


def _tag_links(ctx: Ctx, stats: list[TagStat]) -> list[CloudTag]:
    return [CloudTag(esc(ctx.urls.tag(s.tag)), esc(s.tag), s.roundpercent, False) for s in stats]


def _years(ctx: Ctx, months: list[tuple[int, int, int]]) -> list[Year]:
    years: list[Year] = []
    for year, month, count in months:
        label = month_label(year, month)
        item = Month(ctx.urls.archive(year, month), label, label.split()[0], count)
        if years and years[-1].year == year:
            years[-1].months.append(item)
        else:
            years.append(Year(year, [item]))
    return years


def month_link(ctx: Ctx, key: tuple[int, int] | None) -> Month | None:
    if key is None:
        return None
    label = month_label(*key)
    return Month(ctx.urls.archive(*key), label, label.split()[0], 0)


def listing_scope(ctx: Ctx, listing: Listing) -> dict[str, Any]:
    """The values of a paginated list: its entries, pagination links, page number."""
    shown = listing.entries
    return {
        "entries": entries(ctx, shown),
        "has_entries": bool(shown),
        "prev_url": "" if listing.at_end or not shown else ctx.pagination_url(listing, 1),
        "next_url": "" if listing.at_start or not shown else ctx.pagination_url(listing, -1),
        "position": listing.position(),
        "nb_pages": listing.nb_pages,
        "suffix": f" - {ctx.w('page')} {listing.page}" if listing.page != 1 else "",
    }
