"""Property tests: arbitrary HTML, bytes and date strings never crash the parsers or the date
gateway; they give a record (with nulls where nothing was found) or None, never an exception.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.utils.test import get_crawler

from archiver.crawl.pipelines import DatesPipeline
from archiver.dataset.records import DateEvidence, Post
from archiver.dotclear import dates
from archiver.dotclear.feeds import parse_feed
from archiver.dotclear.parsers import parse_listing, parse_post

URL = "http://blog.example.org/post/2006/12/24/x"
LISTING_URL = "http://blog.example.org/tag/a%20b/page/2"

# Pieces of Dotclear markup, shuffled with junk: deeper than random text ever gets.
PIECES = [
    '<div id="p12" class="post">',
    '<div class="post odd first">',
    '<h2 class="post-title"><a href="/post/a">',
    '<h2 class="post-title">',
    "</a></h2>",
    '<p class="post-info">Par Jean-Luc le dimanche 24 décembre 2006, 15:32 - ',
    '<p class="day-date">',
    '<span class="post-date">31 févruary 20x6</span>',
    '<div class="post-content"><p>',
    '<div class="post-excerpt">',
    '<ul class="post-tags"><li><a href="/tag/x">x</a></li></ul>',
    '<div id="comments"><dl><dt><a class="comment-number">1.</a> Le 24/12/2006, 25:61',
    "<dd><p>",
    '<meta name="date" content="2006-99-99T99:99:99+99:99" />',
    '<meta name="dc.date" content="" />',
    '<time datetime="Sun, 24 Dec 2006 14:32:00 GMT">',
    '<p class="pagination">page 2 de 1 <a href="/tag/a%20b/page/3">',
    '<a href="javascript:void(0)">',
    '<a href="http://[::1">',
    '<a href="//other.example/">',
    '<img src="data:," />',
    "<?xml version='1.0' encoding='latin-1'?>",
    "<!DOCTYPE html>",
    "</div>",
    "</p>",
    "&nbsp;&#0;&#xD800;&bogus;",
    "\x00",
    "\ufeff",
    "é",
]
markup = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map(
    "".join
)
# ARCHIVER_FUZZ_EXAMPLES=5000 for a longer hunt than the suite's.
FUZZ = settings(
    max_examples=int(os.environ.get("ARCHIVER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL)  # unparseable dates are logged by design


def _check_post(post: Post) -> None:
    assert post.url == URL
    assert post.title is None or isinstance(post.title, str)
    assert isinstance(post.body_text, str) and isinstance(post.body_html, str)
    assert all(isinstance(tag, str) for tag in post.tags)
    assert all(url.startswith(("http://", "https://", "data:")) or url for url in post.images)


@FUZZ
@given(st.one_of(markup, st.text()))
def test_parse_post_never_crashes_on_text(html: str) -> None:
    _check_post(parse_post(URL, html))


@FUZZ
@given(st.one_of(markup.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary()))
def test_parse_post_never_crashes_on_bytes(html: bytes) -> None:
    _check_post(parse_post(URL, html))


@FUZZ
@given(st.one_of(markup, st.text()))
def test_parse_listing_never_crashes(html: str) -> None:
    listing = parse_listing(LISTING_URL, html)
    assert all(isinstance(url, str) for url in listing.post_urls + listing.page_urls)
    assert listing.current_page is None or 0 < listing.current_page <= (listing.page_count or 0)


FEED_PIECES = [
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "<entry>",
    '<link href="/post/a" rel="alternate"/>',
    "<link>http://blog.example.org/post/b</link>",
    "<published>2006-12-24T15:32:00+01:00</published>",
    "<pubDate>not a date</pubDate>",
    "</entry>",
    "<item>",
    "</item>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    "<?xml version='1.0' encoding='bogus'?>",
]
feed_markup = st.lists(
    st.one_of(st.sampled_from(FEED_PIECES), st.text(max_size=10)), max_size=20
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.one_of(feed_markup, st.binary()))
def test_parse_feed_never_crashes(xml: bytes) -> None:
    for entry in parse_feed("http://blog.example.org/feed/atom", xml):
        assert isinstance(entry.url, str)
        assert entry.published is None or isinstance(entry.published, str)
        assert "root:" not in (entry.title or "")  # no external entity was read


DATE_PIECES = [
    "le",
    "dimanche",
    "24",
    "1er",
    "décembre",
    "dec.",
    "février",
    "2006",
    "20x6",
    "99999",
    "0",
    "15:32",
    "25:61",
    "15h32",
    "/",
    "-",
    "T",
    "+01:00",
    "GMT",
    ",",
    " ",
    "\xa0",
]
date_text = st.one_of(st.text(), st.lists(st.sampled_from(DATE_PIECES), max_size=12).map(" ".join))


def _plausible(day: date) -> bool:
    return dates.MIN_YEAR <= day.year <= dates.MAX_YEAR


@FUZZ
@given(date_text)
def test_date_gateway_never_crashes(text: str) -> None:
    day = dates.parse_day(text)
    assert day is None or _plausible(day)
    at = dates.parse_time(text)
    assert at is None or (at.second, at.microsecond) == (0, 0)
    for moment in (dates.parse_machine(text), dates.parse_text_datetime(text)):
        assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is not None)
        if moment is not None:
            assert _plausible(moment.date())
            assert dates.to_iso(moment)[:4] == f"{moment.year:04d}"


@FUZZ
@given(date_text, date_text, date_text, date_text, date_text)
def test_dates_pipeline_gives_a_date_or_null_and_a_count(
    machine: str, feed: str, info: str, day: str, comment: str
) -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    post = parse_post(URL, "<html></html>")
    post.dates = DateEvidence(machine=machine, feed=feed, text=info, day=day)
    done = DatesPipeline(crawler.stats).process_item(post)
    if done.published is None:
        assert crawler.stats.get_value("archiver/date/unparsed") == 1
    else:
        assert dates.parse_machine(done.published) is not None


# --- What the fuzzing found (fixed in archiver/dotclear/parsers.py) ---------------------------


@pytest.mark.parametrize(
    "html",
    ["<!DOCTYPE html>", "", "  \n", "<!-- only a comment -->", b"", b"<!DOCTYPE html>"],
    ids=["doctype", "empty", "spaces", "comment", "empty-bytes", "doctype-bytes"],
)
def test_a_page_with_no_element_is_an_empty_record(html: str | bytes) -> None:
    post = parse_post(URL, html)
    assert (post.title, post.body_text, post.body_html, post.tags) == (None, "", "", [])


def test_several_xml_declarations() -> None:
    html = "<?xml version='1.0' encoding='latin-1'?><?xml version='1.0'?><p class='x'>é</p>"
    assert parse_post(URL, html).title is None


def test_a_link_no_url_parser_takes_is_kept_as_written_and_not_followed() -> None:
    from archiver.dotclear.parsers import absolute

    assert absolute(URL, " http://[::1 ") == "http://[::1"
    page = '<div class="post"><h2 class="post-title"><a href="http://[::1">t</a></h2></div>'
    listing = parse_listing(LISTING_URL, page)
    assert listing.post_urls == ["http://[::1"]  # the spider follows in-blog URLs only


def test_a_feed_beyond_recovery_gives_no_entry(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    assert parse_feed("http://blog.example.org/feed/atom", b"\x00") == []
    assert caplog.messages == [
        "Unreadable feed http://blog.example.org/feed/atom: "
        "Document is empty, line 1, column 1 (<string>, line 1)"
    ]
