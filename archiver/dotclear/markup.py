"""Everything archiver knows about Dotclear 2's markup and URL shapes, in one place.

Selectors are compiled once and listed best first, with fallbacks per template set: the 2.0-2.2
"default" set (XHTML, the era of most old blogs), "currywurst" (Berlin) and Ductile. They rest on
structure (ids, classes, URL shapes), never on interface wording, which differs between Dotclear
versions and locales ("Tag"/"Mot-clé", "billets"/"entrées"). A theme change is an edit here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree


def _class(name: str) -> str:
    """XPath test for one class among several (`class="post odd first"`).

    The plain `contains` first: most elements fail it, and cheaply.
    """
    spaced = f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    return f"(contains(@class, '{name}') and {spaced})"


def has_class(el: etree._Element, name: str) -> bool:
    """`_class(name)` in Python: `name` among the class attribute's XML-space-separated words."""
    value = el.get("class")
    return value is not None and name in value and name in value.translate(_XML_SPACES).split(" ")


_XML_SPACES = {ord(c): " " for c in "\t\r\n"}  # normalize-space() splits on these and " "


def _with_class(name: str, start: str = ".", tag: str = "*") -> str:
    """`{start}//*[class test]` as libxml2 runs it fastest: through the `class` attributes.

    `//*[p]` gathers every element below, then tests each; walking to the attribute nodes
    and back up to their elements selects the same elements, in the same order, in about
    half the time. From elements (`*`), not every node: text has no attributes to look at
    (12 % fewer instructions for a listing's pagination).
    """
    return f"{start}/descendant::{tag}/@class[contains(., '{name}') and {_spaced(name)}]/.."


def _spaced(name: str) -> str:
    """XPath test on a `class` attribute node: `name` among its words."""
    return f"contains(concat(' ', normalize-space(.), ' '), ' {name} ')"


def _xp(expr: str) -> etree.XPath:
    """Compiled once. `//x[p]` means `/descendant-or-self::node()/child::x[p]`, which libxml2
    evaluates child list by child list, merging node sets; while `p` counts no positions it
    selects what `/descendant::x[p]` does, in one walk: about a third faster here."""
    if "//" in expr:
        literals = _LITERALS.findall(expr)
        assert not _POSITIONAL.search(expr) and not any("//" in x for x in literals), expr
        expr = expr.replace("//", "/descendant::")
    return etree.XPath(expr, smart_strings=False)


_POSITIONAL = re.compile(r"\[\s*\d|position\(|last\(")
_LITERALS = re.compile(r"'[^']*'|\"[^\"]*\"")


# --- Posts, on a post page or in a listing -------------------------------------------------
# Every template set wraps an entry in <div id="p123" class="post ...">.
POST_BLOCKS = _xp(_with_class("post", start="", tag="div"))
POST_ID_ATTR = re.compile(r"^p(\d+)$")
# A block's parts (title, content, byline, date, author, category and tag links, day heading)
# are read from one walk of the block (`block_parts`, below); tests/test_parsers_selectors.py
# holds it to each part's definition as an XPath selector.


def title_href(block: etree._Element) -> str | None:
    """The href of the first link in a block's title: `.//*[post-title]//a/@href`, first in
    page order. Walked in Python, it stops at the title, near the block's top, where the XPath
    walks the whole entry (a listing's post is there in full)."""
    for el in block.iterdescendants(etree.Element):
        if has_class(el, "post-title"):
            for link in el.iterdescendants("a"):
                href = link.get("href")
                if href is not None:
                    return href
            # A later title nested in this one has no link either; one after it may.
    return None


POST_INFO = _xp(f".//p[{_class('post-info')}]")
# Within an element found above (an info line, a content part).
HREFS = _xp(".//a/@href")
IMAGE_SRCS = _xp(".//img/@src")
# The day heading sits inside the first post of each day (DateHeader), or just before it.
DAY_HEADING = _xp(f".//p[{_class('day-date')} or {_class('post-day-date')}]")
PRECEDING_DAY_HEADING = _xp(f"preceding::p[{_class('day-date')} or {_class('post-day-date')}][1]")
# A listing's post blocks and every day heading, in page order (`parsers._listing_entries` tells
# which heading is each block's, as the two selectors above would): one call instead of a walk of
# each block and of all that precedes it. `post-day-date` contains `day-date`: one pre-test.
_DAY_WORDS = f"({_spaced('day-date')} or {_spaced('post-day-date')})"
POST_BLOCKS_AND_DAYS = _xp(
    _with_class("post", start="", tag="div")
    + f" | /descendant::p/@class[contains(., 'day-date') and {_DAY_WORDS}]/.."
)


@dataclass
class BlockParts:
    """A post block's parts, each in page order (`block_parts`): every element of class
    post-title; div.post-excerpt and div.post-content; p.post-info; p.day-date and
    p.post-day-date (DAY_HEADING); .post-date; .post-author; the links in .post-cat, and in
    .post-tags or ul.post-tags-list (BLOCK_SELECTORS in tests/test_parsers_selectors.py)."""

    titles: list[etree._Element] = field(default_factory=list)
    contents: list[etree._Element] = field(default_factory=list)
    infos: list[etree._Element] = field(default_factory=list)
    dates: list[etree._Element] = field(default_factory=list)
    authors: list[etree._Element] = field(default_factory=list)
    days: list[etree._Element] = field(default_factory=list)
    category_links: list[etree._Element] = field(default_factory=list)
    tag_links: list[etree._Element] = field(default_factory=list)


# Every class word above holds "post-" or "day-date": one walk of the block finds them all.
_BLOCK_CLASSES = _xp("./descendant::*/@class[contains(., 'post-') or contains(., 'day-date')]/..")


def block_parts(block: etree._Element) -> BlockParts:
    """A post block's parts from one walk of its `class` attributes, told apart in Python,
    instead of a walk of the block for each selector."""
    parts = BlockParts()
    cats, tag_boxes = [], []
    for el in _BLOCK_CLASSES(block):
        words = set(el.get("class", "").translate(_XML_SPACES).split(" "))
        tag = el.tag
        if "post-title" in words:
            parts.titles.append(el)
        if tag == "div" and ("post-excerpt" in words or "post-content" in words):
            parts.contents.append(el)
        if tag == "p" and "post-info" in words:
            parts.infos.append(el)
        if tag == "p" and ("day-date" in words or "post-day-date" in words):
            parts.days.append(el)
        if "post-date" in words:
            parts.dates.append(el)
        if "post-author" in words:
            parts.authors.append(el)
        if "post-cat" in words:
            cats.append(el)
        if "post-tags" in words or (tag == "ul" and "post-tags-list" in words):
            tag_boxes.append(el)
    parts.category_links = _links_below(cats)
    parts.tag_links = _links_below(tag_boxes)
    return parts


def _links_below(boxes: list[etree._Element]) -> list[etree._Element]:
    """`(boxes)//a`: each link below any of `boxes` (in page order) once."""
    links: list[etree._Element] = []
    outer = None  # the latest box not within another: a later one within a box is within it
    for box in boxes:
        if outer is None or not any(up is outer for up in box.iterancestors()):
            outer = box
            links.extend(box.iterdescendants("a"))
    return links


# --- Head: structured metadata -------------------------------------------------------------
# The <meta> fields below are read from one walk of the page (`parsers._metas`).


def time_dates(doc: etree._Element) -> Iterator[str]:
    """Each <time datetime> in the content area (div#content) or an <article>, in page order.

    lxml's iter("time") ends at once on a page without <time> (it looks the name up in the
    document's dictionary first), where an XPath walks every node.
    """
    for time in doc.iter("time"):
        value = time.get("datetime")
        if value is not None and any(_dated_area(el) for el in time.iterancestors()):
            yield value


def _dated_area(el: etree._Element) -> bool:
    return el.tag == "article" or (el.tag == "div" and el.get("id") == "content")


@dataclass(frozen=True)
class MetaField:
    """`<meta {attribute}="{value}" content="...">`; `any_case`: the value's letters match in
    either case (ASCII only, as XPath's translate() of the upper-case letters would)."""

    attribute: str  # "name" or "property"
    value: str
    any_case: bool = False

    def __post_init__(self) -> None:
        # A lower-case value: ASCII-lowering the page's name is then what matching any case is.
        assert not self.any_case or self.value == ascii_lower(self.value), self.value

    @property
    def key(self) -> tuple[str, str]:
        """Its key in the parsers' index of a page's <meta> (`parsers._metas`)."""
        return (self.attribute + "~", self.value) if self.any_case else (self.attribute, self.value)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """A-Z lowered, every other letter as it is (str.lower() lowers non-ASCII letters too)."""
    return text.translate(_ASCII_LOWER)


META_DATES = (  # after TIME_DATES ("time[datetime]"), best first
    ("meta[name=date]", MetaField("name", "date", any_case=True)),
    ("meta[name=dc.date]", MetaField("name", "dc.date", any_case=True)),
    ("meta[article:published_time]", MetaField("property", "article:published_time")),
)
META_AUTHOR = (MetaField("name", "author"), MetaField("name", "dc.creator", any_case=True))
META_TITLE = (MetaField("name", "dc.title"),)
# The <meta> elements are walked by lxml's iter("meta") (`parsers._metas`) and their fields told
# apart in Python: a test of each field in XPath, translate() and all, costs three times the walk.
HTML_TITLE = _xp("//title")

# --- Comments: old sets use <dl><dt/><dd/>, currywurst and Ductile <li class="comment">. -----
COMMENTS_BOX = _xp("/descendant::*/@id[.='comments']/..")  # as _with_class: faster
COMMENT_DT = _xp(".//dt")
COMMENT_LI = _xp(f".//li[{_class('comment')}]")
COMMENT_INFO = _xp(_with_class("comment-info"))
COMMENT_CONTENT = _xp(_with_class("comment-content"))
# A comment's number is `<a class="comment-number">`: `has_class` among the info line's links.


def dd_after(dt: etree._Element) -> etree._Element | None:
    """The <dd> right after a <dt> (`following-sibling::*[1][self::dd]`), comments skipped."""
    sibling = dt.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):  # comment, PI, entity
        sibling = sibling.getnext()
    return sibling if sibling is not None and sibling.tag == "dd" else None


# --- Listings ------------------------------------------------------------------------------
PAGINATION = _xp(_with_class("pagination", start=""))
PAGINATION_LINKS = _xp(".//a/@href")
ALL_LINKS = _xp("//a/@href | //link/@href")
CONTENT_AREA = _xp("//*[@id='content'] | //*[@id='main']")
# The archive page's months with their post counts: `<li><a href=".../archive/2007/07">juillet</a>
# (1)</li>` (default), `<span>(1)</span>` (Berlin, Ductile). Only in the content area: a sidebar's
# month list carries no counts.
ARCHIVE_ITEMS = _xp(".//li[a]")
MONTH_COUNT = re.compile(r"\(\s*(\d+)\s*\)")
MONTH_ROUTE = re.compile(r"^archive/(\d{4})/(\d{2})/?$")


class Kind(Enum):
    """What Dotclear serves at a URL, told by its shape."""

    HOME = "home"
    POST = "post"
    TAG = "tag"
    TAG_INDEX = "tags"
    CATEGORY = "category"
    ARCHIVE = "archive"
    ARCHIVE_MONTH = "archive_month"
    FEED = "feed"
    COMMENTS_FEED = "comments_feed"
    OTHER = "other"


# Dotclear routes, after the blog's base URL (path-info "/post/..." or query "index.php?post/...").
_ROUTES: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"^(page/\d+/?)?$"), Kind.HOME),
    (re.compile(r"^post/."), Kind.POST),
    (re.compile(r"^tag/[^/]+(/page/\d+)?/?$"), Kind.TAG),
    (re.compile(r"^tags/?$"), Kind.TAG_INDEX),
    (re.compile(r"^category/."), Kind.CATEGORY),
    (re.compile(r"^archive/?$"), Kind.ARCHIVE),
    # A real month of a plausible year: a calendar's links to any month are no endless space.
    (
        re.compile(r"^archive/(?:198\d|199\d|20\d\d)/(?:0[1-9]|1[0-2])(/page/\d+)?/?$"),
        Kind.ARCHIVE_MONTH,
    ),
    (re.compile(r"^feed/(.+/)?(atom|rss2)/comments(/\d+)?/?$"), Kind.COMMENTS_FEED),
    (re.compile(r"^feed/(tag/[^/]+/|category/.+/)?(atom|rss2)/?$"), Kind.FEED),
)
_ROUTE_START = re.compile(r"[/?](?=(?:post|tag|tags|category|archive|feed|page)(?:/|$))")
PAGE_SUFFIX = re.compile(r"/page/\d+/?$")


@dataclass(frozen=True)
class Blog:
    """A Dotclear blog's base URL: routes follow it directly ("http://h/" or "http://h/index.php?")."""

    base: str

    @classmethod
    def from_url(cls, url: str) -> Blog:
        """The blog a start URL belongs to: the part before its first Dotclear route."""
        parts = urlsplit(url)
        rest = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        match = _ROUTE_START.search(rest)
        prefix = rest[: match.end()] if match else rest
        if not prefix.endswith(("/", "?")):
            prefix += "/"
        return cls(f"{parts.scheme}://{parts.netloc}{prefix}")

    def route(self, url: str) -> str | None:
        """The route part of an in-blog URL, percent-decoded; None for a URL outside the blog."""
        return _route(self.base, url)

    def kind(self, url: str) -> Kind | None:
        return _kind(self.base, url)

    def listing_root(self, url: str) -> str:
        """The listing a paginated URL belongs to ("tag/x/page/3" -> "tag/x"), decoded route."""
        route = self.route(url) or ""
        if route.startswith("page/"):
            return ""
        return PAGE_SUFFIX.sub("", route)

    def url_for(self, route: str) -> str:
        return self.base + route

    def is_blog_feed(self, url: str) -> bool:
        """The blog-wide posts feed (not a tag's or a category's)."""
        if self.kind(url) is not Kind.FEED:
            return False
        return not (self.route(url) or "").startswith(("feed/tag/", "feed/category/"))

    def link_list(self, url: str) -> tuple[str, str | None]:
        """An absolute link without its fragment, and the `PageLinks` list it goes to."""
        target = url.split("#", 1)[0]
        kind = self.kind(target)
        if kind is Kind.TAG and PAGE_SUFFIX.search(self.route(target) or ""):
            return target, None  # another page of a tag's listing: reached by its pagination
        return target, _LINK_LISTS.get(kind) if kind is not None else None


_LINK_LISTS = {Kind.POST: "posts", Kind.TAG: "tags", Kind.TAG_INDEX: "tag_index"}
_LINK_LISTS |= {Kind.ARCHIVE: "archives", Kind.ARCHIVE_MONTH: "archives", Kind.FEED: "feeds"}


# Every listing page links the same sidebar URLs, so the same URLs are routed again and again.
@lru_cache(maxsize=8192)
def _route(base_url: str, url: str) -> str | None:
    decoded = unquote(url.split("#", 1)[0])
    base = unquote(base_url)
    if not decoded.startswith(base):
        # The blog's own root written without its last "/" or "?".
        return "" if decoded == base[:-1] else None
    return decoded[len(base) :]


@lru_cache(maxsize=8192)
def _kind(base_url: str, url: str) -> Kind | None:
    route = _route(base_url, url)
    if route is None:
        return None
    for pattern, kind in _ROUTES:
        if pattern.match(route):
            return kind
    return Kind.OTHER


# --- Is it a Dotclear blog at all? ----------------------------------------------------------
GENERATOR = _xp("//meta[translate(@name,'GENERATOR','generator')='generator']/@content")
LINKED_URLS = _xp("//a/@href | //link/@href | //script/@src | //img/@src")
_PUBLIC_FILE = re.compile(r"[?&]pf=")  # Dotclear serves themes' and plugins' files as "?pf=..."
# Its host, also inside a web archive's rewritten link (".../https://dotclear.org/").
_DOTCLEAR_SITE = re.compile(r"[/.]dotclear\.(org|net)([/?#]|$)", re.IGNORECASE)
_DOTCLEAR_KINDS = frozenset([Kind.POST, Kind.FEED])


def looks_like_dotclear(url: str, html: str) -> tuple[bool, str]:
    """Whether a start page looks like a Dotclear blog's, and what was looked for.

    A generator meta decides alone (Dotclear's, or another tool's); without one, any of these
    will do: the "Powered by Dotclear" link, public files served as "?pf=", post or feed URLs
    of Dotclear's shapes, or post blocks `<div class="post" id="p123">`. The text says which
    sign was found, or lists every sign missing ("no ..., no ...").
    """
    data = html.encode("utf-8", errors="replace")
    root = etree.fromstring(data, etree.HTMLParser(encoding="utf-8"))
    if root is None:  # an empty page
        return False, "an empty page"
    generators = [str(g).strip() for g in GENERATOR(root)]
    if any("dotclear" in g.lower() for g in generators):
        return True, "Dotclear generator meta"
    if generators:
        return False, f"its generator meta names {generators[0]!r}, not Dotclear"
    blog = Blog.from_url(url)
    links = [urljoin(url, str(link).strip()) for link in LINKED_URLS(root)]
    signs = (
        ("link to dotclear.org", any(_DOTCLEAR_SITE.search(link) for link in links)),
        ("?pf= public files", any(_PUBLIC_FILE.search(link) for link in links)),
        ("post/ or feed/atom URLs", any(blog.kind(link) in _DOTCLEAR_KINDS for link in links)),
        (
            "div.post blocks with id pN",
            any(POST_ID_ATTR.match(block.get("id") or "") for block in POST_BLOCKS(root)),
        ),
    )
    found = [name for name, present in signs if present]
    if found:
        return True, found[0]
    missing = ["Dotclear generator meta"] + [name for name, _ in signs]
    return False, ", ".join(f"no {name}" for name in missing)
