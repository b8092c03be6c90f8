"""Page requisites and links from HTML trees and CSS text (archiver/archive/requisites.py)."""

from __future__ import annotations

import lxml.html
import pytest

from archiver.archive.requisites import (
    Requisite,
    css_requisites,
    page_parts,
    resolve,
    srcset_urls,
)
from tests.test_parsers import EMPTY_HOSTS

PAGE = "http://blog.example.com/post/2006/11/05/Un-billet"
R = Requisite


def _parts(body: str, head: str = "", url: str = PAGE) -> tuple[list[Requisite], list[str]]:
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    parts = page_parts(lxml.html.document_fromstring(html), url)
    return parts.requisites, parts.links


H = "http://blog.example.com"
HTML_CASES = {
    "link-stylesheet": (
        '<link rel="stylesheet" href="/themes/berlin/style.css">',
        "",
        [R(f"{H}/themes/berlin/style.css", "stylesheet")],
    ),
    "link-stylesheet-tf-query-kept": (
        '<link rel="Stylesheet" href="/index.php?tf=style.css&amp;v=2">',
        "",
        [R(f"{H}/index.php?tf=style.css&v=2", "stylesheet")],
    ),
    "link-icon": ('<link rel="icon" href="/favicon.ico">', "", [R(f"{H}/favicon.ico", "icon")]),
    "link-shortcut-icon": (
        '<link rel="shortcut icon" href="favicon.png">',
        "",
        [R(f"{H}/post/2006/11/05/favicon.png", "icon")],
    ),
    "link-apple-touch-icon": (
        '<link rel="apple-touch-icon" href="/public/touch.png">',
        "",
        [R(f"{H}/public/touch.png", "icon")],
    ),
    "link-preload-font": (
        '<link rel="preload" href="/themes/d/f.woff2" as="font" crossorigin>',
        "",
        [R(f"{H}/themes/d/f.woff2", "font")],
    ),
    "link-preload-style": (
        '<link rel="preload" href="/themes/d/style.css" as="style">',
        "",
        [R(f"{H}/themes/d/style.css", "stylesheet")],
    ),
    "script-src-pf": (
        '<script src="/index.php?pf=jquery/3.5.1/jquery.js"></script><script>var a;</script>',
        "",
        [R(f"{H}/index.php?pf=jquery/3.5.1/jquery.js", "script")],
    ),
    "img-src": ("", '<img src="/public/a.jpg" alt="">', [R(f"{H}/public/a.jpg", "image")]),
    "img-srcset-descriptors": (
        "",
        '<img src="/public/.a_m.jpg" srcset="/public/.a_s.jpg 240w, /public/.a_m.jpg 448w,'
        ' /public/a.jpg 2x">',
        [R(f"{H}/public/.a_m.jpg", "image"), R(f"{H}/public/.a_s.jpg", "image")]
        + [R(f"{H}/public/a.jpg", "image")],
    ),
    "picture-source-srcset": (
        "",
        '<picture><source srcset="/public/a.webp 1x, /public/a@2.webp 2x" type="image/webp">'
        '<img src="/public/a.jpg"></picture>',
        [R(f"{H}/public/a.webp", "image"), R(f"{H}/public/a@2.webp", "image")]
        + [R(f"{H}/public/a.jpg", "image")],
    ),
    "video-src-poster": (
        "",
        '<video src="/public/v.mp4" poster="/public/v.jpg"></video>',
        [R(f"{H}/public/v.mp4", "media"), R(f"{H}/public/v.jpg", "image")],
    ),
    "video-source-src": (
        "",
        '<video><source src="/public/v.webm" type="video/webm"></video>',
        [R(f"{H}/public/v.webm", "media")],
    ),
    "audio-src": ("", '<audio src="/public/a.mp3"></audio>', [R(f"{H}/public/a.mp3", "media")]),
    "input-image": (
        "",
        '<input type="image" src="/themes/d/go.png"><input type="text" src="/no.png">',
        [R(f"{H}/themes/d/go.png", "image")],
    ),
    "object-data": (
        "",
        '<object data="/public/anim.swf"></object>',
        [R(f"{H}/public/anim.swf", "object")],
    ),
    "iframe-src": (
        "",
        '<iframe src="https://video.example.net/embed/1"></iframe>',
        [R("https://video.example.net/embed/1", "frame")],
    ),
    "style-attribute-url": (
        "",
        "<div style=\"background: url('/themes/d/bg.png') repeat-x; color: red\"></div>"
        '<p style="color: blue">x</p>',
        [R(f"{H}/themes/d/bg.png", "image")],
    ),
    "style-block": (
        "<style>@import url(/themes/default/style.css);\n"
        "body { background: url(img/bg.gif) }</style>",
        "",
        [R(f"{H}/themes/default/style.css", "css-import")]
        + [R(f"{H}/post/2006/11/05/img/bg.gif", "image")],
    ),
    "base-href": (
        '<base href="http://blog.example.com/themes/x/"><link rel="stylesheet" href="s.css">',
        '<img src="i.png">',
        [R(f"{H}/themes/x/s.css", "stylesheet"), R(f"{H}/themes/x/i.png", "image")],
    ),
    "data-uri-skipped": (
        "",
        '<img src="data:image/png;base64,iVBORw0KGgo=" srcset="data:image/gif;base64,R0lG 2x,'
        ' /public/b.png 1x"><img src="  ">',
        [R(f"{H}/public/b.png", "image")],
    ),
    "fragment-dropped-once-each": (
        '<link rel="stylesheet" href="/s.css#x"><link rel="stylesheet" href="/s.css">',
        "",
        [R(f"{H}/s.css", "stylesheet")],
    ),
}


@pytest.mark.parametrize(("head", "body", "expected"), HTML_CASES.values(), ids=HTML_CASES)
def test_html_requisites(head: str, body: str, expected: list[Requisite]) -> None:
    requisites, _ = _parts(body, head)
    assert requisites == expected


def test_links_are_not_requisites() -> None:
    head = (
        '<link rel="alternate" type="application/atom+xml" href="/feed/atom">'
        '<link rel="EditURI" href="/rsd"><link rel="stylesheet" href="/s.css">'
    )
    body = (
        '<a href="/category/Vie">Vie</a><a href="#top">top</a><a href="mailto:x@y.z">m</a>'
        '<map><area href="/archive" alt=""></map><a href="/category/Vie#c">again</a>'
    )
    requisites, links = _parts(body, head)
    assert requisites == [R(f"{H}/s.css", "stylesheet")]
    assert links == [f"{H}/feed/atom", f"{H}/rsd", f"{H}/category/Vie", f"{H}/archive"]


def test_absolute_links_met_again_resolve_as_the_first_time() -> None:
    """An absolute URL seen before (the sidebar's) is found again without being re-read: the
    same result as written, with white space, or on a page with another base."""
    body = (
        f'<a href="{H}/tag/a">a</a><a href=" {H}/tag/b\n">b</a><a href="{H}/tag/c?x=1">c</a>'
        f'<a href="{H}/tag/d%C3%A9">d</a><a href="{H}/tag/e f">e</a>'
        f'<a href="{H}/tag/a#comments">a</a><a href="{H}/tag/g#x y">g</a>'
        f'<a href="{H}/tag/h?#i">h</a><a href="{H}/tag/j k#l">j</a><a href="{H}#top">home</a>'
    )
    expected = [f"{H}/tag/a", f"{H}/tag/b", f"{H}/tag/c?x=1", f"{H}/tag/d%C3%A9", f"{H}/tag/e%20f"]
    expected += [f"{H}/tag/g", f"{H}/tag/h", f"{H}/tag/j%20k", H]
    for url in (PAGE, "http://other.example.org/x", PAGE):
        assert _parts(body, url=url)[1] == expected
    assert _parts(f'<a href=" {H}/tag/a">', '<base href="http://b.example.net/">')[1] == [
        f"{H}/tag/a"
    ]


def test_style_attributes_in_document_order_after_elements() -> None:
    body = (
        "<div style=\"background: url('/one.png')\"><img src='/img.png'></div>"
        '<p style="color: red">x</p><span STYLE="background-image: url(two.png)">y</span>'
    )
    requisites, _ = _parts(body)
    assert requisites == [
        R(f"{H}/img.png", "image"),
        R(f"{H}/one.png", "image"),
        R(f"{H}/post/2006/11/05/two.png", "image"),
    ]


SRCSET_CASES = {
    "width-descriptors": ("a.jpg 240w, b.jpg 480w", ["a.jpg", "b.jpg"]),
    "no-descriptor": ("a.jpg", ["a.jpg"]),
    "trailing-comma-url": ("a.jpg, b.jpg 2x", ["a.jpg", "b.jpg"]),
    "comma-in-url": ("a,b.jpg 1x, c.jpg 2x", ["a,b.jpg", "c.jpg"]),
    "parenthesised-descriptor": ("a.jpg (x, y) 1x, b.jpg", ["a.jpg", "b.jpg"]),
    "spaces-and-newlines": ("\n  a.jpg\t1x ,\n b.jpg  2x  ", ["a.jpg", "b.jpg"]),
    "empty": ("  ,  ", []),
}


@pytest.mark.parametrize(("value", "expected"), SRCSET_CASES.values(), ids=SRCSET_CASES)
def test_srcset_urls(value: str, expected: list[str]) -> None:
    assert srcset_urls(value) == expected


CSS = "http://blog.example.com/themes/berlin/style.css"
T = "http://blog.example.com/themes/berlin"
CSS_CASES = {
    "import-string": ('@import "print.css";', [R(f"{T}/print.css", "css-import")]),
    "import-url": (
        "@import url(../default/reset.css) screen;",
        [R(f"{H}/themes/default/reset.css", "css-import")],
    ),
    "import-url-quoted": (
        "@import url('/index.php?tf=x.css');",
        [R(f"{H}/index.php?tf=x.css", "css-import")],
    ),
    "background-relative-to-css": (
        "#top { background: #fff url(img/top.png) no-repeat; }",
        [R(f"{T}/img/top.png", "image")],
    ),
    "font-face-src": (
        '@font-face { font-family: F; src: url("fonts/f.woff2") format("woff2"),'
        " url(fonts/f.svg#F) format('svg'); }",
        [R(f"{T}/fonts/f.woff2", "font"), R(f"{T}/fonts/f.svg", "font")],
    ),
    "font-by-extension": ("a { x: url(/f/a.ttf) }", [R(f"{H}/f/a.ttf", "font")]),
    "comments-skipped": (
        "/* url(old.png) @import 'no.css'; */ p { background: url(new.png) }",
        [R(f"{T}/new.png", "image")],
    ),
    "escapes-decoded": (
        "p { background: u\\72l(a\\ b.png) } q { background: url('c\\'d.png') }",
        [R(f"{T}/a%20b.png", "image"), R(f"{T}/c'd.png", "image")],
    ),
    "nested-media": (
        "@media print { .x { background-image: url(p.png) } }",
        [R(f"{T}/p.png", "image")],
    ),
    "image-set": (
        'p { background-image: image-set("a.png" 1x, url(b.png) 2x) }',
        [R(f"{T}/a.png", "image"), R(f"{T}/b.png", "image")],
    ),
    "data-uri-skipped": ("p { background: url(data:image/gif;base64,R0lGOD) }", []),
    "each-once": ("a { b: url(x.png) } c { d: url(x.png) }", [R(f"{T}/x.png", "image")]),
    "no-url": ("p { color: red }", []),
}


@pytest.mark.parametrize(("css", "expected"), CSS_CASES.values(), ids=CSS_CASES)
def test_css_requisites(css: str, expected: list[Requisite]) -> None:
    assert css_requisites(css, CSS) == expected


@pytest.mark.parametrize(("href", "url"), EMPTY_HOSTS.items(), ids=EMPTY_HOSTS.keys())
def test_an_empty_host_is_the_pages(href: str, url: str) -> None:
    assert resolve("http://blog.example.com/post/a?x=1", href) == url
