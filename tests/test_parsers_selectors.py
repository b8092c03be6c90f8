"""The parsers' Python walks select exactly what the XPath selectors they replace select.

Each walk (markup.title_href, has_class, dd_after, time_dates; parsers._listing_entries,
_metas, absolute's root-path cache, parse_links' shared "#..." target) is checked against
its XPath or plain-Python definition on shuffled, nested, hostile markup.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urljoin

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement
from w3lib.url import safe_url_string

from archiver.dotclear import markup as dc
from archiver.dotclear import parsers, text
from archiver.dotclear.parsers import absolute, parse_html, parse_links

URL = "http://blog.example.org/tag/a%20b/page/2"

PIECES = [
    '<div id="p12" class="post">',
    '<div class="odd\tpost\nfirst">',
    '<div class="posts">',
    '<div id="content">',
    "<article>",
    '<h2 class="post-title">',
    '<h3 class="big post-title">',
    '<span class="post-titled">',
    '<a href="/post/a">',
    '<a href="http://blog.example.org/post/b#c">',
    '<a name="x">',
    "<a>",
    "</a>",
    "</h2>",
    '<p class="day-date">lundi</p>',
    '<p class="post-day-date">mardi',
    '<p class="day-dates">',
    '<p class="post-info">',
    '<p class="\tday-date ">',
    '<dl><dt id="c1"><a class="comment-number" href="#c1">1.</a> X',
    '<a class="comment-numbers">',
    "<!-- between --><dd><p>",
    "<dt>",
    "<dd>",
    "</dt>",
    '<time datetime="2006-12-24">',
    "<time>",
    '<time datetime=" ">',
    '<meta name="DC.Date" content="2006-01-01" />',
    '<meta name="date" content=" " />',
    '<meta name="author" content="A" />',
    '<meta name="Author" content="B" />',
    '<meta name="dc.creator" property="dc.title" content="C" />',
    '<meta property="article:published_time" content="2007" />',
    '<meta name="dc.title" content="T" />',
    "<meta content='no name' />",
    "</div>",
    "</p>",
    "<?pi x?>",
    "é",
]
# Elements nested at random (the parser then mends what HTML forbids, as a browser would),
# among loose pieces that leave elements open.
ELEMENTS = [
    ("div", ' class="post"'),
    ("div", ' class="odd\tpost\nfirst"'),
    ("div", ' id="content"'),
    ("article", ""),
    ("h2", ' class="post-title"'),
    ("span", ' class="big post-title"'),
    ("a", ' href="/post/a"'),
    ("a", ' href="http://blog.example.org/post/b#c"'),
    ("a", ' class="comment-number" href="#c1"'),
    ("a", ""),
    ("p", ' class="day-date"'),
    ("p", ' class="post-day-date"'),
    ("p", ' class="day-dates"'),
    ("span", ""),
    ("dl", ""),
    ("dt", ""),
    ("dd", ""),
    ("time", ' datetime="2006-12-24"'),
    ("time", ' datetime=" "'),
]
TITLES = [
    '<h2 class="post-title"><a href="/post/a">a</a></h2>',
    '<h2 class="post-title">no link</h2>',
    '<span class="post-title"><span class="post-title"><a href="/post/b">b</a></span></span>',
    '<h3 class="post-title"><a>no href</a><a href="/post/c">c</a></h3>',
]
HEADINGS = ['<p class="day-date">lundi</p>', '<p class="post-day-date">mardi</p>', "<p>x</p>"]
# A <div> closes an open <p>, not a <span> within it: a day heading around a post block.
AROUND = '<p class="day-date">jeudi<span><div class="post"><h2 class="post-title"><a href="/d">'
COMMENTS = "<dl><dt>a</dt><!-- c --><dd>b</dd><dt>c</dt><?pi x?><p>x</p><dd>y</dd><dt>d</dt></dl>"
BYLINES = [
    '<p class="post-info post-date">Par <a href="/category/c">C</a>',
    '<span class="post-author">Par <a>A</a></span>',
    '<div class="post-cat"><span class="post-cat"><a href="/category/c">c</a></span><a>d</a>',
    '<ul class="post-tags-list"><li><a href="/tag/t">t</a></li></ul>',
    '<ol class="post-tags-list"><li><a href="/tag/u">u</a></li></ol>',
    '<div class="x\tpost-tags"><ul class="post-tags"><li><a href="/tag/v">v</a>',
    '<div class="post-excerpt">e</div><div class="post-content">c</div>',
    '<p class="post-content">not a div</p><span class="post-date">24</span>',
    '<span class="x\tpost-tags"><a href="/tag/w">w</a></span><h2 class="a\npost-title">T</h2>',
]
LEAVES = [
    *BYLINES,
    "x",
    "",
    "<!-- c -->",
    "<?pi x?>",
    AROUND,
    COMMENTS,
    *TITLES,
    *HEADINGS,
    *PIECES[-14:-4],
]
leaves = st.sampled_from(LEAVES)


def _wrap(kids: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(ELEMENTS), st.lists(kids, max_size=5)).map(
        lambda t: f"<{t[0][0]}{t[0][1]}>{''.join(t[1])}</{t[0][0]}>"
    )


def _entry(kids: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(kids, max_size=5).map(lambda k: f'<div class="post">{"".join(k)}</div>')


trees = st.recursive(leaves, lambda kids: st.one_of(_wrap(kids), _entry(kids)), max_leaves=30)
markup = st.lists(st.one_of(trees, st.sampled_from(PIECES)), max_size=8).map("".join)
FUZZ = settings(
    max_examples=int(os.environ.get("ARCHIVER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def doc_of(body: str) -> HtmlElement:
    return parse_html(URL, f"<html><head></head><body>{body}</body></html>")


def xpath(expr: str) -> etree.XPath:
    return etree.XPath(expr, smart_strings=False)


def words(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


TITLE_LINK = xpath(f".//*[{words('post-title')}]//a/@href")
TIME_DATES = xpath("//time[ancestor::div[@id='content'] or ancestor::article]/@datetime")
DD_AFTER = xpath("following-sibling::*[1][self::dd]")


@FUZZ
@given(markup)
def test_listing_entries_are_the_blocks_title_links_and_day_headings(body: str) -> None:
    doc = doc_of(body)
    expected = []
    for block in dc.POST_BLOCKS(doc):
        hrefs = TITLE_LINK(block)
        if hrefs:
            own, before = dc.DAY_HEADING(block), dc.PRECEDING_DAY_HEADING(block)
            heading = own[0] if own else (before[0] if before else None)
            expected.append((absolute(URL, hrefs[0]), heading))
    got = parsers._listing_entries(URL, doc)
    assert [(url, heading) for url, heading in got] == expected
    assert all(a is b for (_, a), (_, b) in zip(got, expected, strict=True))
    assert parsers._entries(URL, doc) == [url for url, _ in expected]


@FUZZ
@given(markup)
def test_walks_select_what_their_xpath_selects(body: str) -> None:
    doc = doc_of(body)
    for el in doc.iter(etree.Element):
        for name in ("post", "post-title", "comment-number", "day-date"):
            assert dc.has_class(el, name) == bool(xpath(f"self::*[{words(name)}]")(el))
        if el.tag == "dt":
            after = DD_AFTER(el)
            assert dc.dd_after(el) is (after[0] if after else None)
    assert list(dc.time_dates(doc)) == TIME_DATES(doc)


# Each part of a post block, defined as a selector: what `block_parts` finds in one walk.
BLOCK_SELECTORS = {
    "titles": xpath(f".//*[{words('post-title')}]"),
    # Extended entries show a chapô (excerpt) above the content on the post page.
    "contents": xpath(f".//div[{words('post-excerpt')} or {words('post-content')}]"),
    "infos": dc.POST_INFO,
    "dates": xpath(f".//*[{words('post-date')}]"),
    "authors": xpath(f".//*[{words('post-author')}]"),
    "days": dc.DAY_HEADING,
    "category_links": xpath(f".//*[{words('post-cat')}]//a"),
    "tag_links": xpath(
        f".//ul[{words('post-tags')} or {words('post-tags-list')}]//a"
        f" | .//*[{words('post-tags')}]//a"
    ),
}


@FUZZ
@given(st.lists(st.one_of(trees, st.sampled_from(PIECES + BYLINES)), max_size=8).map("".join))
def test_block_parts_are_what_each_selector_selects(body: str) -> None:
    doc = doc_of(body)
    for block in [doc, *dc.POST_BLOCKS(doc)]:
        parts = dc.block_parts(block)
        for name, selector in BLOCK_SELECTORS.items():
            expected = selector(block)
            assert getattr(parts, name) == expected, name
            assert all(a is b for a, b in zip(getattr(parts, name), expected, strict=True))


def _old_meta(doc: HtmlElement, fields: tuple[dc.MetaField, ...]) -> str | None:
    """The first <meta> in page order that any field names, as the parsers read it before."""
    for meta in doc.xpath("//meta[@content]"):
        content = meta.get("content").strip()
        if not content:
            continue
        for field in fields:
            found = meta.get(field.attribute)
            if found is not None and field.any_case:
                found = found.translate({ord(c.upper()): ord(c) for c in field.value})
            if found == field.value:
                return content
    return None


@FUZZ
@given(markup)
def test_meta_index_gives_the_first_meta_in_page_order(body: str) -> None:
    doc = doc_of(body)
    metas = parsers._metas(doc)
    for fields in [dc.META_AUTHOR, dc.META_TITLE] + [(field,) for _, field in dc.META_DATES]:
        assert parsers._meta(metas, fields) == _old_meta(doc, fields)


def test_meta_fields_match_names_in_any_case_and_pick_the_earliest() -> None:
    doc = doc_of(
        '<meta name="DC.CREATOR" content=" Claude ">'
        '<meta name="author" content="Ann">'
        '<meta name="Dc.DaTe" content="2006">'
        '<meta name="AUTHOR" content="Not exact">'
    )
    metas = parsers._metas(doc)
    assert parsers._meta(metas, dc.META_AUTHOR) == "Claude"  # dc.creator comes first
    assert parsers._meta(metas, (dc.META_AUTHOR[0],)) == "Ann"  # "author" matches exactly
    assert parsers._meta(metas, (dc.META_DATES[1][1],)) == "2006"
    assert parsers._meta(metas, dc.META_TITLE) is None


# Root paths: "//..." names a host, resolved elsewhere.
paths = st.text(alphabet="/.a%é ?#;:@\\\t\n", max_size=12).map(lambda rest: "/" + rest)
paths = paths.filter(lambda href: not href.strip().startswith("//"))
bases = st.sampled_from(
    [
        "http://blog.example.org/tag/a%20b/page/2?x=1#f",
        "https://Blog.Example.org:8080/a/b/c",
        "HTTP://h/",
        "http://user:pw@h.example.org/p;q",
        "ftp://h/a/b",
        "http://[::1",
        "",
    ]
)


@FUZZ
@given(bases, paths)
def test_root_paths_resolve_as_urljoin_does(base: str, href: str) -> None:
    try:
        expected = safe_url_string(urljoin(base, href.strip()))
    except ValueError:
        expected = href.strip()
    assert absolute(base, href) == expected


def test_root_path_cache_tells_hosts_and_schemes_apart() -> None:
    assert absolute("http://a.example.org/x/y", "/p/../q r") == "http://a.example.org/q%20r"
    assert absolute("https://b.example.org/", "/p/../q r") == "https://b.example.org/q%20r"
    assert absolute("http://a.example.org/x", "/\t/evil.example.org/") == "http://evil.example.org/"
    # urljoin drops the tab: "//" names no host, and the base's own path and query stay.
    assert absolute("http://a.example.org/x?q", "/\t/") == "http://a.example.org/x?q"


@FUZZ
@given(
    st.sampled_from([URL, "http://blog.example.org/post/2006/x", "http://blog.example.org/tags"]),
    st.lists(
        st.sampled_from(
            [
                "#",
                "#main",
                "#a b",
                " #x ",
                "?p=1",
                "",
                "post/x",
                "#é",
                "../y",
                "post/x#c",
                "/tags#t",
            ]
            + ["http://blog.example.org/post/z#c", "//blog.example.org/tags#", "http://h#a@b/"]
            + ["http://blog.example.org/post/z", "http://blog.example.org/post/z\t#d"]
        )
    ),
)
def test_links_of_fragments_are_the_page_itself(url: str, hrefs: list[str]) -> None:
    body = "".join(f'<a href="{href}">x</a>' for href in hrefs)
    doc = doc_of(body)
    blog = dc.Blog.from_url(url)
    expected: dict[str, list[str]] = {}
    for href in hrefs:
        target, name = blog.link_list(absolute(url, href))
        if name is not None and target not in expected.setdefault(name, []):
            expected[name].append(target)
    links = parse_links(url, doc)
    assert {name: getattr(links, name) for name in expected} == expected


def test_parsed_pages_have_lxml_html_classes() -> None:
    """parse_html's own parser (a class lookup in C) gives each node lxml.html's class."""
    page = (
        "<html><head><!--c--></head><body><form><input name=a><select><option>o</select>"
        "<textarea>x</textarea><label>l</label></form><p>&amp;<br></p><svg:rect/></body></html>"
    )
    ours, theirs = parse_html(URL, page), lxml.html.document_fromstring(page)
    assert [type(el) for el in ours.iter()] == [type(el) for el in theirs.iter()]
    assert type(ours.find(".//input")) is lxml.html.InputElement
    assert etree.tostring(ours) == etree.tostring(theirs)


def _plain_block_text(elements: list[HtmlElement]) -> str:
    """block_text's definition, plainly: text by element, blocks and <br> marked, white space
    squeezed (no-break spaces kept), lines stripped, blank lines and blocks dropped."""
    pieces: list[str] = []

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in text.SKIP_TAGS:
            return
        block = tag in text.BLOCK_TAGS
        pieces.append("\x00" if block else "\x01" if tag == "br" else "")
        pieces.append(el.text or "" if tag else "")
        for child in el:
            walk(child)
            pieces.append(child.tail or "")
        pieces.append("\x00" if block else "")

    for el in elements:
        walk(el)
    raw = re.sub("[ \t\r\n\f\v]+", " ", "".join(pieces))
    lines = ([line.strip() for line in b.split("\x01")] for b in raw.split("\x00"))
    blocks = ("\n".join(line for line in block if line) for block in lines)
    return "\n\n".join(b for b in blocks if b)


TEXTS = ["<br>", "<br/>a", "<script>s</script>", "<style>x</style>", " \t\n ", "\u00a0", "a  b"]
TEXTS += ["\f\v"]


@FUZZ
@given(st.lists(st.one_of(trees, st.sampled_from(TEXTS + PIECES)), max_size=8).map("".join))
def test_block_text_is_its_plain_definition(body: str) -> None:
    doc = doc_of(body)
    for elements in ([doc], doc.findall(".//div"), doc.findall(".//p")):
        assert text.block_text(elements) == _plain_block_text(elements)
