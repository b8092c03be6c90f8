"""Item pipelines: date cascade, raw text kept on failure, one record per post."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from archiver.crawl.pipelines import DatesPipeline, DedupPipeline, RecordPipeline
from archiver.dataset.records import Comment, DateEvidence, Post


def make_post(
    dates: DateEvidence,
    comments: list[Comment] | None = None,
    pid: str = "a",
    url: str = "http://blog.example.org/post/2006/12/24/x",
) -> Post:
    return Post(
        url=url,
        id=pid,
        dotclear_id=1,
        title="x",
        author=None,
        category=None,
        tags=[],
        body_html="",
        body_text="",
        comments=comments or [],
        images=[],
        links=[],
        dates=dates,
    )


def pipeline(cls):  # type: ignore[no-untyped-def]
    crawler = get_crawler()
    crawler.stats.open_spider()
    return cls.from_crawler(crawler), crawler.stats


INFO = "Par X le dimanche 24 décembre 2006, 15:32"


@pytest.mark.parametrize(
    ("evidence", "published", "source", "precision", "raw"),
    [
        (
            DateEvidence(
                machine="2006-12-24T15:32:00+01:00",
                machine_source="meta[name=date]",
                feed="Sun, 24 Dec 2006 09:00:00 +0100",
                text=INFO,
            ),
            "2006-12-24T15:32:00+01:00",
            "meta[name=date]",
            "minute",
            "2006-12-24T15:32:00+01:00",
        ),
        (
            DateEvidence(feed="Sun, 25 Mar 2007 08:15:00 GMT", text=INFO),
            "2007-03-25T10:15:00+02:00",
            "feed",
            "minute",
            "Sun, 25 Mar 2007 08:15:00 GMT",
        ),
        (
            DateEvidence(text=INFO, text_source="p.post-info", day="dimanche 24 décembre 2006"),
            "2006-12-24T15:32:00+01:00",
            "p.post-info",
            "minute",
            INFO,
        ),
        (
            DateEvidence(machine="garbage", day="jeudi  1 février 2007", day_source="p.day-date"),
            "2007-02-01T00:00:00+01:00",
            "p.day-date",
            "day",
            "jeudi  1 février 2007",
        ),
    ],
    ids=["machine-first", "feed-second", "text-third", "day-last"],
)
def test_date_cascade(
    evidence: DateEvidence, published: str, source: str, precision: str, raw: str
) -> None:
    dates, stats = pipeline(DatesPipeline)
    post = dates.process_item(make_post(evidence))
    assert (post.published, post.published_source) == (published, source)
    assert (post.published_precision, post.published_raw) == (precision, raw)
    assert stats.get_value(f"archiver/date/source/{source}") == 1


def test_unparseable_date_keeps_raw_text_and_counts(caplog: pytest.LogCaptureFixture) -> None:
    dates, stats = pipeline(DatesPipeline)
    evidence = DateEvidence(text="le jour des morts, vers midi", day="le jour des morts")
    with caplog.at_level(logging.WARNING):
        post = dates.process_item(make_post(evidence))
    assert post.published is None
    assert post.published_raw == "le jour des morts, vers midi"
    assert post.published_source is None
    assert stats.get_value("archiver/date/unparsed") == 1
    assert "No parseable date" in caplog.text


def test_comment_dates() -> None:
    dates, stats = pipeline(DatesPipeline)
    comments = [
        Comment("A", None, "", DateEvidence(text="De A - 26/10/2008, 18:05", text_source="dt")),
        Comment("B", None, "", DateEvidence(text="Le mardi 26 décembre 2006, 11:02 par B")),
        Comment("C", None, "", DateEvidence(text="De C - hier")),
    ]
    post = dates.process_item(
        make_post(DateEvidence(machine="2006-12-24T15:32:00+01:00"), comments)
    )
    assert [c.published for c in post.comments] == [
        "2008-10-26T18:05:00+01:00",
        "2006-12-26T11:02:00+01:00",
        None,
    ]
    assert post.comments[2].published_raw == "De C - hier"
    assert [c.published_source for c in post.comments] == ["dt", None, None]
    assert stats.get_value("archiver/date/comment_unparsed") == 1


def test_dedup_drops_second_record_of_a_post() -> None:
    dedup, stats = pipeline(DedupPipeline)
    dedup.process_item(make_post(DateEvidence(), pid="same"))
    with pytest.raises(DropItem, match="duplicate post same"):
        dedup.process_item(make_post(DateEvidence(), pid="same"))
    assert dedup.process_item(make_post(DateEvidence(), pid="other")).id == "other"
    assert stats.get_value("archiver/posts/duplicate") == 1


def test_dedup_keeps_two_blogs_posts_at_one_path() -> None:
    dedup, stats = pipeline(DedupPipeline)
    first = "http://blog.example.org/post/2006/12/24/x"
    second = "http://other.example.org/post/2006/12/24/x"
    assert dedup.process_item(make_post(DateEvidence(), pid="same", url=first)).url == first
    assert dedup.process_item(make_post(DateEvidence(), pid="same", url=second)).url == second
    with pytest.raises(DropItem, match="duplicate post same"):
        dedup.process_item(
            make_post(DateEvidence(), pid="same", url=first.replace("blog", "BLOG", 1))
        )
    assert stats.get_value("archiver/posts/duplicate") == 1
    # ids by host: one host string per blog, not one (host, id) tuple and host per post
    assert dedup.seen == {"blog.example.org": {"same"}, "other.example.org": {"same"}}
    dedup.close_spider()  # before the crawl's close, its peak of memory
    assert dedup.seen == {}


def test_record_shape() -> None:
    records, stats = pipeline(RecordPipeline)
    comment = Comment(
        "A",
        "http://a.example.net/",
        "Merci",
        DateEvidence(text="x"),
        "2006-12-24T20:11:00+01:00",
        "x",
    )
    record = records.process_item(make_post(DateEvidence(), [comment]))
    assert list(record) == [
        "schema_version", "url", "id", "dotclear_id", "title", "published", "published_raw",
        "published_source", "published_precision", "author", "category", "tags", "body_html",
        "body_text", "comments", "images", "links", "listings", "warc", "crawls", "gone",
        "source", "archived_at", "archive_url", "rebuilt_from",
    ]  # fmt: skip
    assert record["crawls"] is None and record["gone"] is None  # no capture: no WARC-Date
    assert record["comments"] == [
        {
            "author": "A",
            "website": "http://a.example.net/",
            "published": "2006-12-24T20:11:00+01:00",
            "published_raw": "x",
            "published_source": None,
            "body_text": "Merci",
        }
    ]
    assert stats.get_value("archiver/posts") == 1


def test_empty_or_untitled_posts_are_kept_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    records, stats = pipeline(RecordPipeline)
    post = make_post(DateEvidence())
    post.title = None
    record = records.process_item(post)
    assert (record["title"], record["body_text"]) == (None, "")
    assert stats.get_value("archiver/posts/empty_body") == 1
    assert stats.get_value("archiver/posts/no_title") == 1
    assert caplog.messages == [
        "Post with an empty body: http://blog.example.org/post/2006/12/24/x",
        "Post without a title: http://blog.example.org/post/2006/12/24/x",
    ]


def test_a_captured_post_was_first_seen_last_seen_and_last_changed_then() -> None:
    records, _ = pipeline(RecordPipeline)
    post = make_post(DateEvidence())
    post.fetched = "2026-11-27T08:00:05Z"  # the WARC-Date of its capture
    record = records.process_item(post)
    assert record["crawls"] == {
        "first_seen": "2026-11-27T08:00:05Z",
        "last_seen": "2026-11-27T08:00:05Z",
        "last_changed": "2026-11-27T08:00:05Z",
    }
    assert record["gone"] is None
