"""The feeds parser on hand-written feeds: which child of an entry gives each field.

The sample blog's feeds are in tests/test_parsers.py (fixtures); these are the shapes other
feed writers, or broken feeds read in recover mode, give.
"""

from __future__ import annotations

import pytest

from archiver.dataset.records import FeedEntry
from archiver.dotclear.feeds import parse_feed

FEED_URL = "http://blog.example.org/feed/atom"
ATOM = '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>'


def entries(xml: str) -> list[FeedEntry]:
    return parse_feed(FEED_URL, xml.encode("utf-8"))


@pytest.mark.parametrize(
    ("entry", "published"),
    [
        ("<updated>u</updated><issued>i</issued><published>p</published>", "p"),
        ("<updated>u</updated><pubDate>r</pubDate><issued>i</issued>", "r"),
        ("<updated>u</updated><issued>i</issued>", "i"),
        ("<published> </published><updated>u</updated>", "u"),
        ("<published> </published><published> p2 </published>", "p2"),
        ("<title>t</title>", None),
    ],
    ids=["published-first", "pubdate", "issued", "blank-skipped", "first-non-blank", "none"],
)
def test_the_publication_date_is_the_first_name_in_order_of_preference(
    entry: str, published: str | None
) -> None:
    (found,) = entries(ATOM.format(f'<entry><link href="/post/a"/>{entry}</entry>'))
    assert found.published == published


def test_the_first_link_giving_a_url_is_the_permalink() -> None:
    xml = ATOM.format(
        "<entry><!-- a comment --><?pi x?>"
        '<link rel="self" href="/feed/entry/1"/><link rel="replies" href="/c"/>'
        '<link href="/post/a"/><link href="/post/b"/>'
        "<title> Un titre </title><title>Second</title><updated>2006-12-24</updated>"
        "</entry>"
    )
    assert entries(xml) == [
        FeedEntry(
            url="http://blog.example.org/post/a",
            published="2006-12-24",
            title="Un titre",
            updated="2006-12-24",
        )
    ]


def test_rss_links_are_their_text_and_entries_without_one_are_left_out() -> None:
    xml = (
        "<rss><channel><link>http://blog.example.org/</link>"
        "<item><link> </link><link>http://blog.example.org/post/b</link></item>"
        "<item><title>no link</title></item>"
        '<item><link href="/elsewhere" rel="enclosure">text</link></item>'
        "</channel></rss>"
    )
    assert [entry.url for entry in entries(xml)] == ["http://blog.example.org/post/b"]


def test_entries_in_any_namespace_in_document_order() -> None:
    xml = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:x="urn:x">'
        "<item><link>/post/1</link></item>"
        "<x:entry><x:link>/post/2</x:link><x:title>Deux</x:title></x:entry>"
        "<item><link>/post/3</link></item>"
        "</rdf:RDF>"
    )
    found = entries(xml)
    assert [entry.url for entry in found] == [
        "http://blog.example.org/post/1",
        "http://blog.example.org/post/2",
        "http://blog.example.org/post/3",
    ]
    assert found[1].title == "Deux"


def test_an_undeclared_prefix_is_read_as_its_local_name() -> None:
    # Recover mode keeps "dc:date" as the tag when xmlns:dc is missing (etree.QName refused it).
    xml = (
        "<rss><channel><item><link>/post/a</link>"
        "<dc:date>2006-12-24T15:32:00+01:00</dc:date></item></channel></rss>"
    )
    assert entries(xml) == [
        FeedEntry(
            url="http://blog.example.org/post/a",
            published="2006-12-24T15:32:00+01:00",
            title=None,
        )
    ]
