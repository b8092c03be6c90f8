"""Where a listing walk stops: dead ends, pagination loops, and URL shapes that are no listing."""

from __future__ import annotations

import pytest

from archiver.crawl.traps import ListingWalks, page_number
from archiver.dataset.records import Listing
from archiver.dotclear import markup as dc

BLOG = dc.Blog("http://blog.example.org/")
TAG = "http://blog.example.org/tag/economie%20sociale%20et%20solidaire"
POST = "http://blog.example.org/post/2006/12/24/x"


def _listing(url: str, posts: list[str], current: int | None = None) -> Listing:
    return Listing(url=url, post_urls=posts, page_urls=[], current_page=current, page_count=4)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://blog.example.org/archive/2006/12", dc.Kind.ARCHIVE_MONTH),
        ("http://blog.example.org/archive/1989/01/page/2", dc.Kind.ARCHIVE_MONTH),
        ("http://blog.example.org/archive/2099/12", dc.Kind.ARCHIVE_MONTH),
        ("http://blog.example.org/archive/1900/01", dc.Kind.OTHER),
        ("http://blog.example.org/archive/2100/01", dc.Kind.OTHER),
        ("http://blog.example.org/archive/2006/13", dc.Kind.OTHER),
        ("http://blog.example.org/archive/2006/00", dc.Kind.OTHER),
        ("http://blog.example.org/archive/2006/12/24", dc.Kind.OTHER),
        ("http://blog.example.org/archive/2006/12?cal=next", dc.Kind.OTHER),
    ],
)
def test_calendar_urls_outside_real_months_are_no_listing(url: str, kind: dc.Kind) -> None:
    assert BLOG.kind(url) is kind


@pytest.mark.parametrize(("route", "number"), [("", 1), ("page/3", 3), ("tag/x/page/12/", 12)])
def test_page_number(route: str, number: int) -> None:
    assert page_number(route) == number


def test_an_empty_paged_listing_is_a_dead_end() -> None:
    walks = ListingWalks()
    url = "http://blog.example.org/archive/2031/07"
    assert walks.stop(BLOG, url, _listing(url, [])) == (
        "dead_end",
        "listing page without posts: its links are not followed",
    )


@pytest.mark.parametrize("route", ["tags", "archive"])
def test_index_pages_without_posts_are_walked(route: str) -> None:
    url = BLOG.url_for(route)
    assert ListingWalks().stop(BLOG, url, _listing(url, [])) is None


def test_a_page_seen_again_at_another_url_is_a_loop() -> None:
    walks = ListingWalks()
    assert walks.stop(BLOG, TAG, _listing(TAG, [POST], current=1)) is None
    assert walks.stop(BLOG, TAG + "/page/2", _listing(TAG + "/page/2", [POST], 2)) is None
    assert walks.stop(BLOG, TAG, _listing(TAG, [POST], current=1)) is None  # the same URL again
    assert walks.stop(BLOG, TAG + "/page/1", _listing(TAG + "/page/1", [POST], 1)) == (
        "pagination_loop",
        f"page 1 of listing 'tag/economie sociale et solidaire' again, first seen at {TAG}: "
        "its links are not followed",
    )


def test_without_page_n_of_m_the_url_tells_the_page() -> None:
    walks = ListingWalks()
    home = BLOG.url_for("")
    assert walks.stop(BLOG, home, _listing(home, [POST])) is None
    again = BLOG.url_for("page/1")
    stop = walks.stop(BLOG, again, _listing(again, [POST]))
    assert stop is not None and stop[0] == "pagination_loop"
    assert stop[1].startswith("page 1 of listing '(home)' again")


def test_two_blogs_walk_the_same_listing_paths() -> None:
    walks, other = ListingWalks(), dc.Blog("http://other.example.org/")
    for blog in (BLOG, other):
        home = blog.url_for("")
        assert walks.stop(blog, home, _listing(home, [POST], current=1)) is None
        tag = blog.url_for("tag/x")
        assert walks.stop(blog, tag, _listing(tag, [POST], current=1)) is None
    again = other.url_for("page/1")
    stop = walks.stop(other, again, _listing(again, [POST], current=1))
    assert stop is not None and stop[1].endswith(
        f"first seen at {other.url_for('')}: its links are not followed"
    )
