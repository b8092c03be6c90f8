"""Dotclear's URL shapes: which blog a URL belongs to and what is served there."""

from __future__ import annotations

import pytest

from archiver.dotclear.markup import Blog, Kind


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://blog.example.org/", "http://blog.example.org/"),
        ("http://blog.example.org", "http://blog.example.org/"),
        ("http://blog.example.org/tag/economie%20sociale/page/2", "http://blog.example.org/"),
        ("http://h.example.org/blog/post/2006/12/24/Zebu", "http://h.example.org/blog/"),
        ("http://h.example.org/blog", "http://h.example.org/blog/"),
        ("http://h.example.org/index.php?tag/TIC", "http://h.example.org/index.php?"),
        ("http://h.example.org/index.php/archive/2006/12", "http://h.example.org/index.php/"),
    ],
    ids=["root", "no-slash", "tag-page", "subfolder-post", "subfolder", "query-mode", "index-path"],
)
def test_blog_from_url(url: str, base: str) -> None:
    assert Blog.from_url(url).base == base


BLOG = Blog("http://blog.example.org/")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://blog.example.org/", Kind.HOME),
        ("http://blog.example.org/page/3", Kind.HOME),
        ("http://blog.example.org/post/2006/12/24/Z%C3%A9bu,-un-cadeau...", Kind.POST),
        ("http://blog.example.org/tag/economie sociale et solidaire", Kind.TAG),
        ("http://blog.example.org/tag/inclusion%20num%C3%A9rique/page/2", Kind.TAG),
        ("http://blog.example.org/tags", Kind.TAG_INDEX),
        ("http://blog.example.org/category/Initiatives", Kind.CATEGORY),
        ("http://blog.example.org/archive", Kind.ARCHIVE),
        ("http://blog.example.org/archive/2006/12", Kind.ARCHIVE_MONTH),
        ("http://blog.example.org/feed/atom", Kind.FEED),
        ("http://blog.example.org/feed/rss2", Kind.FEED),
        ("http://blog.example.org/feed/tag/TIC/atom", Kind.FEED),
        ("http://blog.example.org/feed/atom/comments", Kind.COMMENTS_FEED),
        ("http://blog.example.org/feed/atom/comments/225", Kind.COMMENTS_FEED),
        ("http://blog.example.org/feed/tag/TIC/atom/comments", Kind.COMMENTS_FEED),
        ("http://blog.example.org/pages/About", Kind.OTHER),
        ("http://blog.example.org/tag/TIC/page/2/extra", Kind.OTHER),
        ("http://other.example.org/post/2006/12/24/x", None),
    ],
    ids=lambda v: v.name if isinstance(v, Kind) else None,
)
def test_kind(url: str, kind: Kind | None) -> None:
    assert BLOG.kind(url) is kind


def test_query_mode_routes() -> None:
    blog = Blog("http://h.example.org/index.php?")
    assert blog.kind("http://h.example.org/index.php?post/2006/12/24/x") is Kind.POST
    assert blog.kind("http://h.example.org/index.php?tag/TIC/page/2") is Kind.TAG
    assert blog.kind("http://h.example.org/index.php") is Kind.HOME


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("http://blog.example.org/tag/a%20b/page/3", "tag/a b"),
        ("http://blog.example.org/tag/a b", "tag/a b"),
        ("http://blog.example.org/page/4", ""),
        ("http://blog.example.org/", ""),
        ("http://blog.example.org/archive/2006/12/page/2", "archive/2006/12"),
    ],
)
def test_listing_root(url: str, root: str) -> None:
    assert BLOG.listing_root(url) == root


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("feed/atom", True),
        ("feed/rss2", True),
        ("feed/tag/TIC/atom", False),
        ("feed/category/Economie/rss2", False),
        ("feed/atom/comments", False),
        ("tag/TIC", False),
    ],
)
def test_blog_feed_is_the_blog_wide_posts_feed(route: str, expected: bool) -> None:
    blog = Blog("http://blog.jeanlucraymond.net/")
    assert blog.is_blog_feed(blog.url_for(route)) is expected
