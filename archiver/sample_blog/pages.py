"""One renderer for every theme: a page kind's values, handed to the theme's file of that kind.

Page kinds follow Dotclear's template files: home.html, tag.html, category.html, post.html,
tags.html, archive.html, archive_month.html, 404.html (in themes/<theme>/).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from archiver.sample_blog.blog import Listing
from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import esc, month_label
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.templates import Theme
from archiver.sample_blog.views import EntryView, Page, entries, listing_scope, month_link

# Each theme's folders, its own first; "_common" holds what they share (the widgets' markup).
FOLDERS = {
    "default": ("default", "_common"),
    "berlin": ("berlin", "_common"),
    "ductile": ("ductile", "_common"),
}
# The heading level of the sidebar widgets' titles, a setting of each 2.7+ theme.
HEADINGS = {"default": "h2", "berlin": "h3", "ductile": "h2"}


@cache
def words(theme: str) -> dict[str, str]:
    """The theme's French strings: themes/<theme>/fr.json over the ones it extends."""
    path = resources.files("archiver.sample_blog").joinpath("themes", theme, "fr.json")
    own: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    parent = own.pop("_extends", None)
    return {**(words(parent) if parent else {}), **own}


@cache
def theme(name: str) -> Theme:
    return Theme(FOLDERS[name], words(name))


class Renderer:
    """The HTML pages of one theme."""

    def __init__(self, name: str) -> None:
        self.theme = theme(name)
        self.words = self.theme.words
        self.settings = {"heading": HEADINGS[name]}

    def _render(self, kind: str, page: Page) -> str:
        return self.theme.render(kind, {**page.scope(), "theme": self.settings})

    def home(self, ctx: Ctx, listing: Listing) -> str:
        return self._render("home.html", Page(ctx, **listing_scope(ctx, listing)))

    def tag(self, ctx: Ctx, tag_id: str, listing: Listing) -> str:
        feed = esc(ctx.urls.tag_feed(tag_id))
        page = Page(ctx, tag=esc(tag_id), feed=feed, **listing_scope(ctx, listing))
        return self._render("tag.html", page)

    def category(self, ctx: Ctx, name: str, listing: Listing) -> str:
        feed = esc(ctx.urls.category_feed(name))
        page = Page(ctx, "NOINDEX", category=esc(name), feed=feed, **listing_scope(ctx, listing))
        return self._render("category.html", page)

    def post(self, ctx: Ctx, post: SamplePost) -> str:
        return self._render("post.html", Page(ctx, entry=EntryView(ctx, post)))

    def tags(self, ctx: Ctx) -> str:
        return self._render("tags.html", Page(ctx, "NOINDEX"))

    def archive(self, ctx: Ctx) -> str:
        return self._render("archive.html", Page(ctx))

    def archive_month(self, ctx: Ctx, year: int, month: int) -> str:
        keys = [(y, m) for y, m, _ in ctx.blog.months()]
        index = keys.index((year, month))
        posts = ctx.blog.in_month(year, month)
        page = Page(
            ctx,
            "NOINDEX",
            label=month_label(year, month),
            count=len(posts),
            entries=entries(ctx, posts),
            older_month=month_link(ctx, keys[index + 1] if index + 1 < len(keys) else None),
            newer_month=month_link(ctx, keys[index - 1] if index > 0 else None),
        )
        return self._render("archive_month.html", page)

    def not_found(self, ctx: Ctx) -> str:
        return self._render("404.html", Page(ctx, "NOINDEX,NOARCHIVE"))
