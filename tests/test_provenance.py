"""What listings and feeds tell about posts: feed dates, listing pages, WARC location."""

from __future__ import annotations

from archiver.dataset.provenance import Discovered, canonical
from archiver.dataset.records import FeedEntry, Listing, Post

POST = "http://blog.example.org/post/2006/12/24/Un-z%C3%A9bu"


def make_post(url: str = POST) -> Post:
    return Post(url, "a", 1, "t", None, None, [], "", "", [], [], [])


def test_listings_and_feed_date_annotate_the_post() -> None:
    seen = Discovered()
    seen.add_listing(
        Listing("http://blog.example.org/", [POST, "http://blog.example.org/post/b"], [], 1, 2)
    )
    seen.add_listing(
        Listing(
            "http://blog.example.org/tag/TIC",
            ["http://blog.example.org/post/2006/12/24/Un-zébu"],
            [],
            1,
            1,
        )
    )
    seen.add_listing(
        Listing("http://blog.example.org/", [POST], [], 1, 2)
    )  # the same page read twice
    seen.add_feed([FeedEntry(POST, "2006-12-24T15:32:00+01:00", "t")])
    seen.add_feed([FeedEntry(POST, "2007-01-01T00:00:00+01:00", "t")])  # first feed date wins
    warc = {"filename": "a.warc.gz", "offset": 10, "length": 20, "record_id": "<r>"}
    post = seen.annotate(make_post(), warc)
    assert post.listings == ["http://blog.example.org/", "http://blog.example.org/tag/TIC"]
    assert post.dates.feed == "2006-12-24T15:32:00+01:00"
    assert post.warc == warc and post.warc is not warc
    assert post.to_json()["listings"] == [
        "http://blog.example.org/",
        "http://blog.example.org/tag/TIC",
    ]


def test_listed_posts_and_a_key_memo() -> None:
    """`add_listed` (extract's listings) files posts as `add_listing` does, under `key`."""
    asked: list[str] = []

    def key(url: str) -> str:
        asked.append(url)
        return canonical(url)

    seen = Discovered(key)
    seen.add_listed("http://blog.example.org/tag/TIC", [POST, "http://blog.example.org/post/b"])
    seen.add_listed("http://blog.example.org/", [POST])
    post = seen.annotate(make_post(), None)
    assert post.listings == ["http://blog.example.org/tag/TIC", "http://blog.example.org/"]
    assert asked == [POST, "http://blog.example.org/post/b", POST, POST]


def test_unknown_post_has_no_listings_nor_feed_date() -> None:
    post = Discovered().annotate(make_post(), None)
    assert (post.listings, post.dates.feed, post.warc) == ([], None, None)
    assert post.to_json()["warc"] is None


def test_annotating_hands_a_posts_entries_over_once() -> None:
    seen = Discovered()
    seen.add_listing(Listing("http://blog.example.org/tag/TIC", [POST], [], 1, 1))
    seen.add_feed([FeedEntry(POST, "2006-12-24T15:32:00+01:00", "t")])
    first = seen.annotate(make_post(), None)
    again = seen.annotate(make_post(), None)
    assert (first.listings, first.dates.feed) == (
        ["http://blog.example.org/tag/TIC"],
        "2006-12-24T15:32:00+01:00",
    )
    assert (again.listings, again.dates.feed) == ([], None)
