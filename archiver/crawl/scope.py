"""What a start URL asks the crawl for: a whole blog, or one tag's listing."""

from __future__ import annotations

from dataclasses import dataclass

from archiver.dotclear import markup as dc

LISTING_KINDS = frozenset(
    [dc.Kind.HOME, dc.Kind.TAG, dc.Kind.TAG_INDEX, dc.Kind.ARCHIVE, dc.Kind.ARCHIVE_MONTH]
)


@dataclass(frozen=True)
class Scope:
    """What one start URL asks for: a whole blog, or one tag's listing ("tag/x")."""

    blog: dc.Blog
    tag_root: str | None = None

    def wants(self, url: str) -> bool:
        kind = self.blog.kind(url)
        if kind is None or kind is dc.Kind.OTHER:  # requisites and such: archiver/crawl/reach.py
            return False
        if self.tag_root is None:
            return True
        if kind is dc.Kind.POST:
            return True
        if kind is dc.Kind.FEED:
            return (self.blog.route(url) or "").startswith(f"feed/{self.tag_root}/")
        return kind is dc.Kind.TAG and self.blog.listing_root(url) == self.tag_root


def make_scope(url: str) -> Scope:
    blog = dc.Blog.from_url(url)
    if blog.kind(url) is dc.Kind.TAG:
        return Scope(blog, blog.listing_root(url))
    return Scope(blog)
