"""Pure parsers: (url, html) in, plain records out. No Scrapy, no I/O.

They run alike on a live response, a saved page or a WARC record. Dates stay raw text here;
the date pipeline resolves them, so every source is kept as evidence.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from w3lib.url import safe_url_string

from archiver.dataset.records import Comment, DateEvidence, Listing, PageLinks, Post
from archiver.dotclear import markup as dc
from archiver.dotclear.text import block_text, inline_text, inner_html, strip_words

logger = logging.getLogger(__name__)

# Time of day as Dotclear prints it ("15:32", "15h32").
_TIME = re.compile(r"\b\d{1,2}\s*[:h]\s*\d{2}\b")
_NUMBERS = re.compile(r"\d+")


def parse_html(url: str, html: str | bytes | HtmlElement) -> HtmlElement:
    """Parse a page; hrefs stay as written (resolve them with `absolute`). A page already
    parsed is returned as it is: the spider parses once for the parsers and the requisites."""
    if isinstance(html, HtmlElement):
        return html
    if isinstance(html, str):
        # lxml refuses str input carrying an XML encoding declaration (however many).
        html = _XML_DECLARATIONS.sub("", html)
    try:
        return lxml.html.document_fromstring(html, parser=_HTML_PARSER)
    except etree.ParserError:  # nothing but white space, a doctype or comments: an empty page
        return lxml.html.document_fromstring("<html></html>", parser=_HTML_PARSER)


_XML_DECLARATIONS = re.compile(r"^(?:\s*<\?xml[^>]*>)+")


def _html_parser() -> etree.HTMLParser:
    """lxml.html's parser, its element classes looked up in C: lxml.html's lookup is a Python
    method, called for every element an XPath, iter() or find() hands to Python (a third of
    what a listing's links cost). The same class for every node: HtmlElement, or FormElement,
    InputElement... by tag name (`lxml.html.HtmlElementClassLookup`), HtmlComment and so on."""
    by_kind = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
    lookup = etree.ElementNamespaceClassLookup(by_kind)
    by_tag = lookup.get_namespace(None)
    for tag, cls in lxml.html.HtmlElementClassLookup()._element_classes.items():
        by_tag[tag] = cls
    parser = etree.HTMLParser()
    parser.set_element_class_lookup(lookup)
    return parser


_HTML_PARSER = _html_parser()


def absolute(base: str, href: str) -> str:
    """An href as a crawler requests it: resolved, then percent-encoded (raw spaces, UTF-8)."""
    href = href.strip()
    try:
        if _HAS_HOST.match(href):
            return _absolute_with_host(base.partition(":")[0].lower(), href)
        if _FROM_ROOT.match(href) and not _URL_STRIPPED.intersection(href):
            parts = urlsplit(base)
            if parts.scheme in ("http", "https"):
                return _absolute_from_root(parts.scheme, parts.netloc, href)
        return safe_url_string(urljoin(base, href))
    except ValueError:  # "http://[::1": no URL parser takes it; kept as written, never followed
        return href


# An href naming its host ("http://h/p", "//h/p") resolves alike on every page of the same
# scheme (urljoin reads only the base's scheme then); the sidebar's and pagination's links
# repeat on every listing page, so each is resolved and encoded once. Not one whose host is
# empty ("//", "http:///p"): urljoin takes the page's host for it.
_HAS_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#\\\s]")


@lru_cache(maxsize=16384)
def _absolute_with_host(scheme: str, href: str) -> str:
    return safe_url_string(urljoin(f"{scheme}://base/", href))


# So does a path from the root ("/public/a.jpg") on every page of the same scheme and host:
# urljoin then ignores the base's path and query. Not when urlsplit would first drop a tab or a
# newline from it ("/\t/x" is "//x": a host, or nothing and the base's own path).
_URL_STRIPPED = frozenset("\t\r\n")
_FROM_ROOT = re.compile(r"/(?!/)")


@lru_cache(maxsize=4096)
def _absolute_from_root(scheme: str, netloc: str, href: str) -> str:
    return safe_url_string(urljoin(f"{scheme}://{netloc}/", href))


def post_id(url: str) -> str:
    """A stable id from the permalink's path, whatever its host or percent-encoding."""
    parts = urlsplit(url)
    key = unquote(parts.path + ("?" + parts.query if parts.query else ""))
    key = unicodedata.normalize("NFC", key)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _first(items: list[HtmlElement]) -> HtmlElement | None:
    return items[0] if items else None


# --- Posts ----------------------------------------------------------------------------------


def _post_block(doc: HtmlElement) -> HtmlElement:
    blocks = dc.POST_BLOCKS(doc)
    for block in blocks:
        if dc.POST_ID_ATTR.match(block.get("id", "")):
            return block
    return blocks[0] if blocks else doc


# `MetaField.key` -> (position in page order, content) of the first <meta> it names.
Metas = dict[tuple[str, str], tuple[int, str]]


def _metas(doc: HtmlElement) -> Metas:
    """The <meta> elements with a non-blank content, indexed by name (as written and ASCII-
    lowered, for the fields matching any case) and property: one pass, whatever the fields."""
    found: Metas = {}
    for position, meta in enumerate(doc.iter("meta")):
        content = meta.get("content")
        if content is None or not (content := content.strip()):
            continue
        for attribute in ("name", "property"):
            value = meta.get(attribute)
            if value is not None:
                found.setdefault((attribute, value), (position, content))
                low = value.lower() if value.isascii() else dc.ascii_lower(value)  # 3x faster
                found.setdefault((attribute + "~", low), (position, content))
    return found


def _meta(metas: Metas, fields: tuple[dc.MetaField, ...]) -> str | None:
    """The first content of a <meta> any of `fields` names, in page order."""
    hits = [metas[field.key] for field in fields if field.key in metas]
    return min(hits)[1] if hits else None


def _machine_date(doc: HtmlElement, metas: Metas) -> tuple[str | None, str | None]:
    for value in dc.time_dates(doc):
        if value.strip():
            return value.strip(), "time[datetime]"
    for source, field in dc.META_DATES:
        found = _meta(metas, (field,))
        if found:
            return found, source
    return None, None


def _post_dates(doc: HtmlElement, parts: dc.BlockParts, metas: Metas) -> DateEvidence:
    machine, machine_source = _machine_date(doc, metas)
    evidence = DateEvidence(machine=machine, machine_source=machine_source)
    info = inline_text(_first(parts.infos))
    if info and _TIME.search(info):
        evidence.text, evidence.text_source = info, "p.post-info"
    for source, found in (("span.post-date", parts.dates), ("p.day-date", parts.days)):
        day = inline_text(_first(found))
        if day:
            evidence.day, evidence.day_source = day, source
            break
    else:
        if info:
            evidence.day, evidence.day_source = info, "p.post-info"
    return evidence


def _author(parts: dc.BlockParts, metas: Metas) -> str | None:
    found = _meta(metas, dc.META_AUTHOR)
    if found:
        return found
    span = _first(parts.authors)
    if span is not None:
        link = next(span.iterdescendants("a"), None)
        return inline_text(link) if link is not None else strip_words(inline_text(span))
    info = _first(parts.infos)
    link = next(info.iterdescendants("a"), None) if info is not None else None
    return inline_text(link)


def _category(url: str, parts: dc.BlockParts) -> str | None:
    if parts.category_links:
        return inline_text(parts.category_links[-1])
    blog = dc.Blog.from_url(url)
    for info in parts.infos:
        for link in info.iterdescendants("a"):
            href = link.get("href")
            if href is not None and blog.kind(absolute(url, href)) is dc.Kind.CATEGORY:
                return inline_text(link)
    return None


def _tags(parts: dc.BlockParts) -> list[str]:
    tags = [inline_text(link) for link in parts.tag_links]
    return list(dict.fromkeys(tag for tag in tags if tag))


def _title(doc: HtmlElement, parts: dc.BlockParts, metas: Metas) -> str | None:
    title = inline_text(_first(parts.titles))
    if title:
        return title
    found = _meta(metas, dc.META_TITLE)
    if found:
        return found
    head = inline_text(_first(dc.HTML_TITLE(doc)))
    return head.rsplit(" - ", 1)[0] if head else None


def parse_post(url: str, html: str | bytes | HtmlElement) -> Post:
    """A post page -> a Post with its raw date evidence (dates resolved by the pipeline)."""
    doc = parse_html(url, html)
    block = _post_block(doc)
    metas = _metas(doc)
    found = dc.block_parts(block)
    parts = found.contents
    match = dc.POST_ID_ATTR.match(block.get("id", ""))
    return Post(
        url=safe_url_string(url),
        id=post_id(url),
        dotclear_id=int(match.group(1)) if match else None,
        title=_title(doc, found, metas),
        author=_author(found, metas),
        category=_category(url, found),
        tags=_tags(found),
        body_html="\n".join(inner_html(part) for part in parts),
        body_text=block_text(parts),
        comments=parse_comments(url, doc),
        images=_unique(absolute(url, src) for p in parts for src in dc.IMAGE_SRCS(p)),
        links=_unique(
            absolute(url, href)
            for p in parts
            for href in dc.HREFS(p)
            if not str(href).startswith(("#", "mailto:", "javascript:"))
        ),
        dates=_post_dates(doc, found, metas),
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- Comments -------------------------------------------------------------------------------

_COMMENT_DATE_BITS = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}|\b\d{1,2}\s*[:h]\s*\d{2}\b|\b\d{1,2}(?:er)?\s+\S+\s+\d{4}\b"
    r"|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _comment_author(
    links: list[HtmlElement], text: str | None, numbers: list[HtmlElement], labels: list[str]
) -> tuple[str | None, str | None]:
    """The commenter's name and site: the info line's first link (of `links`, those with an
    href) that is no comment number or anchor, or its text (`text`) minus date and numbers
    (`labels`: the numbers' text)."""
    for link in links:
        if link in numbers or link.get("href", "").startswith("#"):
            continue
        return inline_text(link), link.get("href")
    text = text or ""
    for label in labels:
        text = text.replace(label, " ", 1)
    return strip_words(_COMMENT_DATE_BITS.sub(" ", text)), None


def _comment(url: str, info: HtmlElement, body: HtmlElement | None) -> Comment:
    raw = inline_text(info)
    anchors = list(info.iterdescendants("a"))  # one walk for the numbers and the links
    numbers = [a for a in anchors if dc.has_class(a, "comment-number")]
    labels = [inline_text(number) or "\x01" for number in numbers]
    links = [a for a in anchors if a.get("href") is not None]
    author, website = _comment_author(links, raw, numbers, labels)
    if website is not None:
        website = absolute(url, website)
    if raw:
        for label in labels:
            raw = raw.replace(label, "", 1).strip(" .")
    return Comment(
        author=author,
        website=website,
        body_text=block_text([body]) if body is not None else "",
        dates=DateEvidence(text=raw, text_source="comment-info"),
    )


def parse_comments(url: str, doc: HtmlElement) -> list[Comment]:
    comments: list[Comment] = []
    for box in dc.COMMENTS_BOX(doc):
        for li in dc.COMMENT_LI(box):
            info = _first(dc.COMMENT_INFO(li))
            if info is not None:
                comments.append(_comment(url, info, _first(dc.COMMENT_CONTENT(li))))
        for dt in dc.COMMENT_DT(box):
            comments.append(_comment(url, dt, dc.dd_after(dt)))
    return comments


# --- Listings, links and feeds --------------------------------------------------------------


def _entries(url: str, doc: HtmlElement) -> list[str]:
    """A listing's posts in page order: each one's URL."""
    entries = []
    for block in dc.POST_BLOCKS(doc):
        href = dc.title_href(block)
        if href is not None:
            entries.append(absolute(url, href))
    return entries


def _listing_entries(url: str, doc: HtmlElement) -> list[tuple[str, HtmlElement | None]]:
    """A listing's posts in page order: each one's URL and day heading (`dc.DAY_HEADING` in
    its block, else `dc.PRECEDING_DAY_HEADING`), told apart in one list of blocks and headings
    in page order."""
    items = dc.POST_BLOCKS_AND_DAYS(doc)
    entries = []
    for i, block in enumerate(items):
        if block.tag == "div":
            href = dc.title_href(block)
            if href is not None:
                entries.append((absolute(url, href), _day_heading(items, i)))
    return entries


def _day_heading(items: list[HtmlElement], i: int) -> HtmlElement | None:
    block = items[i]
    # Its own: its descendants follow it at once, so the first heading after it, if within it.
    for el in items[i + 1 :]:
        if el.tag == "p":
            if any(up is block for up in el.iterancestors("div")):
                return el
            break
    # Else the nearest heading before it that is not one of its ancestors.
    for el in reversed(items[:i]):
        if el.tag == "p" and not any(up is el for up in block.iterancestors("p")):
            return el
    return None


def listed_posts(url: str, html: str | bytes | HtmlElement) -> list[str]:
    """A listing page's posts alone (`Listing.post_urls`): what `archiver extract` needs of
    a listing, without its pagination and sidebar links."""
    doc = parse_html(url, html)
    posts = _entries(url, doc)
    if not posts:  # themes without div.post: every post link in the content area
        posts = parse_links(url, doc).posts
    return _unique(posts)


def parse_listing(url: str, html: str | bytes | HtmlElement) -> Listing:
    """A listing page -> its posts (in page order), pagination and in-blog links."""
    doc = parse_html(url, html)
    blog = dc.Blog.from_url(url)
    posts: list[str] = []
    days: dict[str, str] = {}
    for post_url, heading in _listing_entries(url, doc):
        posts.append(post_url)
        day = inline_text(heading)
        if day:
            days[post_url] = day
    links = parse_links(url, doc, blog)
    if not posts:  # themes without div.post: every post link in the content area
        posts = links.posts
    current, count, pages = _pagination(url, doc, blog)
    return Listing(
        url=url,
        post_urls=_unique(posts),
        page_urls=pages,
        current_page=current,
        page_count=count,
        day_by_post=days,
        links=links,
    )


def _pagination(
    url: str, doc: HtmlElement, blog: dc.Blog
) -> tuple[int | None, int | None, list[str]]:
    root = blog.listing_root(url)
    pages: list[str] = []
    current = count = None
    for box in dc.PAGINATION(doc):
        for href in dc.PAGINATION_LINKS(box):
            target = absolute(url, str(href))
            if blog.route(target) is not None and blog.listing_root(target) == root:
                pages.append(target)
        numbers = [int(n) for n in _NUMBERS.findall(inline_text(box) or "")]
        if len(numbers) == 2 and 0 < numbers[0] <= numbers[1]:
            current, count = numbers
    return current, count, _unique(pages)


def parse_links(url: str, doc: HtmlElement, blog: dc.Blog | None = None) -> PageLinks:
    """Every in-blog link of a page, sorted by the URL shape Dotclear serves there."""
    blog = blog or dc.Blog.from_url(url)
    found = PageLinks()
    names = ("posts", "tags", "tag_index", "archives", "feeds")  # PageLinks' lists
    lists = {name: getattr(found, name) for name in names}
    scheme = url.partition(":")[0].lower()
    page: tuple[str, str | None] | None = None  # what every "#..." href is: the page itself
    # Each distinct href once (the lists keep first occurrences only, so repeats add nothing).
    for href in dict.fromkeys(dc.ALL_LINKS(doc)):
        # A fragment changes neither the URL's other parts nor its list: "post/x#comments"
        # is looked up as "post/x" (a listing's new posts are each met with and without).
        found_ = _link_list(blog.base, scheme, href.partition("#")[0])
        if found_ is not None:
            target, name = found_
        elif href.strip().startswith("#"):
            # Fragments aside (link_list drops them), "#main" and "#search" are the same URL.
            page = page or blog.link_list(absolute(url, href))
            target, name = page
        else:
            target, name = blog.link_list(absolute(url, href))
        if name is not None:
            lists[name].append(target)
    for links in lists.values():
        links[:] = _unique(links)
    return found


def parse_archive_counts(url: str, html: str | bytes) -> dict[str, tuple[str, int]]:
    """The archive page's own count of posts by month: {"YYYY-MM": (month URL, count)}.

    Empty when the theme shows no counts. A month listed twice (by date and by category
    blocks) keeps its first count.
    """
    doc = parse_html(url, html)
    blog = dc.Blog.from_url(url)
    counts: dict[str, tuple[str, int]] = {}
    for area in dc.CONTENT_AREA(doc):
        for item in dc.ARCHIVE_ITEMS(area):
            month_url = absolute(url, str(item.find("a").get("href") or ""))
            route = dc.MONTH_ROUTE.match(blog.route(month_url) or "")
            number = dc.MONTH_COUNT.search(item.text_content())
            if route and number:
                counts.setdefault(f"{route[1]}-{route[2]}", (month_url, int(number[1])))
    return counts


# A sidebar's links (tags, months, feeds) repeat on every listing page: classified once. Keyed
# by the blog's base URL, a str: a Blog (a new one per page) hashes and compares in Python.
@lru_cache(maxsize=4096)  # the sidebar's links, and room to spare: 2 MB
def _link_list(base: str, scheme: str, href: str) -> tuple[str, str | None] | None:
    """An href naming its host, classified; None for one the page's URL resolves."""
    if not _HAS_HOST.match(href.lstrip()):
        return None
    return dc.Blog(base).link_list(absolute(f"{scheme}://base/", href))
