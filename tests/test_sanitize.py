"""Safe `body_html`: nh3 removes scripts, styles and event handlers; URLs become absolute."""

from __future__ import annotations

import threading

import lxml.html
import pytest
from scrapy.utils.test import get_crawler

from archiver.crawl.pipelines import SanitizePipeline
from archiver.dataset.records import Post
from archiver.dotclear.sanitize import safe_html
from tests.conftest import Crawl

BASE = "http://blog.example.org/post/2006/12/24/x"

CASES = [
    (
        '<p onclick="x()">Salut <script>alert(1)</script>à tous</p>',
        "<p>Salut à tous</p>",
        "script-and-handler",
    ),
    (
        '<style>p{color:red}</style><p style="color:red">Rouge</p>',
        "<p>Rouge</p>",
        "style-element-and-attribute",
    ),
    (
        '<a href="/post/2007/01/01/y" title="Suite" target="_blank">suite</a>',
        '<a href="http://blog.example.org/post/2007/01/01/y" title="Suite">suite</a>',
        "link-absolute",
    ),
    (
        '<img src="../../../../public/zebu.jpg" alt="Un zébu" onerror="x()">',
        '<img src="http://blog.example.org/public/zebu.jpg" alt="Un zébu">',
        "image-absolute",
    ),
    ('<a href="javascript:alert(1)">piège</a>', "<a>piège</a>", "javascript-url"),
    ('<iframe src="http://evil.example.com/"></iframe><p>après</p>', "<p>après</p>", "iframe"),
    (
        '<a href="mailto:jl@example.org">écrire</a>',
        '<a href="mailto:jl@example.org">écrire</a>',
        "mailto-kept",
    ),
    (
        "<!-- note --><p>texte&nbsp;insécable &amp; co</p>",
        "<p>texte&nbsp;insécable &amp; co</p>",
        "comment-dropped-entities-kept",
    ),
    (
        "<p>Des <em>mots</em> en <strong>gras</strong><br/>ligne</p>",
        "<p>Des <em>mots</em> en <strong>gras</strong><br>ligne</p>",
        "inline-markup-kept",
    ),
    (
        '<a href="http://ailleurs.example.net/a b">ailleurs</a>',
        '<a href="http://ailleurs.example.net/a%20b">ailleurs</a>',
        "percent-encoded-like-links-field",
    ),
]


@pytest.mark.parametrize(("html", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_safe_html(html: str, expected: str) -> None:
    assert safe_html(BASE, html) == expected


def test_pipeline_replaces_body_and_counts() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = SanitizePipeline.from_crawler(crawler)
    post = Post(BASE, "a", 1, "t", None, None, [], "<p>ok</p><script>x</script>", "ok", [], [], [])
    assert pipeline.process_item(post).body_html == "<p>ok</p>"
    pipeline.process_item(Post(BASE, "b", 2, "t", None, None, [], "<p>ok</p>", "ok", [], [], []))
    assert crawler.stats.get_value("archiver/html/rewritten") == 1


def test_crawled_bodies_are_safe_and_absolute(crawl: Crawl) -> None:
    for record in crawl.records:
        doc = lxml.html.fragment_fromstring(record["body_html"] or "<p></p>", create_parent="div")
        assert not doc.xpath("//script | //style | //@*[starts-with(name(), 'on')] | //@style")
        sources = doc.xpath("//img/@src")
        hrefs = [h for h in doc.xpath("//a/@href") if not h.startswith("mailto:")]
        assert sources == record["images"], record["url"]
        assert set(hrefs) == set(record["links"]), record["url"]
    assert sum(len(r["images"]) for r in crawl.records) > 0


def test_threads_cleaning_at_once_each_resolve_against_their_own_page() -> None:
    # nh3 lets go of the GIL while it cleans: the page's URL must not be shared.
    fragment = "<p>" + "mot " * 5000 + '<a href="suite">suite</a></p>'
    wrong: list[str] = []

    def clean(n: int) -> None:
        base = f"http://blog{n}.example.org/post/x"
        for _ in range(30):
            if f'href="http://blog{n}.example.org/post/suite"' not in safe_html(base, fragment):
                wrong.append(base)

    threads = [threading.Thread(target=clean, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
