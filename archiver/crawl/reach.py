"""What a crawl fetches besides the dataset's pages: page requisites and every same-host page.

The spider routes; this decides, once per URL, what becomes of each requisite and each link
that a captured page or stylesheet names (archiver/archive/requisites.py lists them):

* a **requisite** (stylesheet, script, picture, font...) is fetched once per crawl, whichever
  document names it first, if its host is the blog's or one opted in
  (ARCHIVER_REQUISITES_HOSTS, `--requisites-hosts`); the others are counted per host;
* a **link** on the blog's host is a post (fetched as the dataset's posts are), a category
  listing (walked with its pagination), a page to capture (feeds of every flavour, comment
  feeds, media, the archive page, anything else of the host), or skipped by a named rule:

  - ``search``: a search results URL (a ``q`` query parameter);
  - ``calendar``: a day or year of the archive calendar, an endless space of empty pages;
  - ``beyond_walk``: a listing page (home, tag, monthly archive...) the walk did not reach:
    beyond a dead end or a pagination loop (archiver/crawl/traps.py), or, in an update
    crawl, after the first known post;
  - ``out_of_scope``: a crawl of one tag's listing does not wander the rest of the blog.

Nothing reached here changes a record: categories are walked for their posts (the same posts
the listings list) but never named in a record's ``listings``, and feeds reached by a link
are captured, not read for dates (only the walk's feeds are, as before).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from archiver.archive.requisites import STYLESHEET_KINDS, Requisite
from archiver.crawl.events import emit
from archiver.dataset.provenance import canonical
from archiver.dotclear import markup as dc

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

REQUISITE_META = "archiver_requisite"  # a requisite's request: its kind
LINK_META = "archiver_link"  # a page reached by a link, captured only
# --resume: an earlier run's capture read again for what it names ("css" or "html")
REPLAYED_META = "archiver_replayed"
PRIORITY_REQUISITE = 10  # after listings and feeds (20, 30), before posts (0)
PRIORITY_LINK = 5
WALKED = frozenset(
    [dc.Kind.HOME, dc.Kind.TAG, dc.Kind.TAG_INDEX, dc.Kind.ARCHIVE, dc.Kind.ARCHIVE_MONTH]
)
RULES = ("search", "calendar", "beyond_walk", "out_of_scope")
OFFHOST_MEMO = 2048  # off-host links remembered, then forgotten all at once


class Verdict(Enum):
    POST = "post"
    CATEGORY = "category"
    PAGE = "page"


class Scoped(Protocol):
    blog: dc.Blog
    tag_root: str | None

    def wants(self, url: str) -> bool: ...


class Held(Protocol):
    """An update crawl's earlier captures (`archiver.ops.update.Known`)."""

    def validators(self, url: str) -> object | None: ...


def stylesheet_text(response: Response, kind: str | None = None) -> str | None:
    """A requisite's CSS (named as a stylesheet, or served as text/css); None if not CSS."""
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if kind not in STYLESHEET_KINDS and not content_type.startswith(b"text/css"):
        return None
    text = getattr(response, "text", None)  # a TextResponse's, decoded as Scrapy decodes
    return text if isinstance(text, str) else response.body.decode("utf-8", "replace")


def is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type") or b""
    return b"html" in content_type.lower() and isinstance(getattr(response, "text", None), str)


def host(url: str) -> str:
    """ "host[:port]" in lower case: what same-host and --requisites-hosts compare."""
    return urlsplit(url).netloc.lower()


def hosts_setting(value: Any) -> frozenset[str] | None:
    """ARCHIVER_REQUISITES_HOSTS ("a,b", a list, or "all") -> hosts, None for all."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or [])
    names = frozenset(str(item).strip().lower() for item in items if str(item).strip())
    return None if "all" in names else names


@dataclass
class Reach:
    """Per crawl: what was asked for, and the verdict on each link."""

    crawler: Crawler  # its stats: made after the spider
    scopes: list[Scoped]
    followed: set[str]  # the spider's listings_followed: pages the walk asked for
    posts: set[str]  # the spider's posts_known: canonical URLs of the posts named so far
    requisites: bool = True
    extra_hosts: frozenset[str] | None = frozenset()  # None: every host
    held: Held | None = None  # update crawl without --full: what is held is not asked again
    asked: set[str] = field(default_factory=set)  # requisite and link URLs requested
    judged: set[str] = field(default_factory=set)  # link URLs already decided on

    def __post_init__(self) -> None:
        self.homes = frozenset(host(scope.blog.base) for scope in self.scopes)
        # A link starting so is on a home host: told without splitting it
        self.home_prefixes = tuple(
            f"{scheme}://{home}/" for home in self.homes for scheme in ("http", "https")
        )
        self.offhost: set[str] = set()  # off-host links met lately (a sidebar's on every page)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @classmethod
    def from_settings(cls, settings: BaseSettings, crawler: Crawler, **kwargs: Any) -> Reach:
        return cls(
            crawler,
            requisites=settings.getbool("ARCHIVER_REQUISITES", True),
            extra_hosts=hosts_setting(settings.get("ARCHIVER_REQUISITES_HOSTS", [])),
            **kwargs,
        )

    def wanted(self, requisites: Iterable[Requisite]) -> Iterator[tuple[Requisite, bool]]:
        """The requisites to request now, each with whether it is off the blog's host."""
        if not self.requisites:
            return
        for requisite in requisites:
            url = requisite.url
            if url in self.asked:
                continue
            self.asked.add(url)
            where = host(url)
            offhost = where not in self.homes
            if offhost and self.extra_hosts is not None and where not in self.extra_hosts:
                self.stats.inc_value(f"archiver/requisites/offhost/{where}")
                continue
            if self.held is not None and self.held.validators(url) is not None:
                self.stats.inc_value("archiver/requisites/held")
                continue
            self.stats.inc_value("archiver/requisites/requested")
            yield requisite, offhost

    def fetched(self, kind: str, size: int) -> None:
        self.stats.inc_value("archiver/requisites/fetched")
        self.stats.inc_value(f"archiver/requisites/kind/{kind}")
        self.stats.inc_value("archiver/requisites/bytes", size)
        self.stats.inc_value(f"archiver/requisites/bytes/{kind}", size)

    def failed(self, request: Request, reason: str, *, robots: bool) -> None:
        """A requisite or a linked page lost: reported apart from the dataset's pages."""
        what = "requisite" if REQUISITE_META in request.meta else "link"
        self.stats.inc_value(f"archiver/{what}s/failed")
        # A 404 is the blog's own dead reference (listed in the report), not the crawl's loss.
        level = logging.INFO if reason in ("HTTP 404", "HTTP 410") else logging.WARNING
        logger.log(level, "Failed %s %s: %s", what, request.url, reason)
        kind = "failed" if robots else f"{what}_failed"  # robots.txt's: listed apart
        emit(self.crawler, kind, request.url, reason)

    def judge(self, url: str) -> Verdict | None:
        """What to do with a link: None when nothing (off-host, already asked, held, or
        skipped by a rule, counted under archiver/links/excluded/<rule>)."""
        # `judged` holds only what no other set tells again (memory grows with the blog): an
        # off-host link is told by its host, one followed or asked for by those sets, a page
        # requested by `asked`; a post's URL is the interned object the spider's set holds.
        if not self.requisites or url in self.judged or url in self.offhost:
            return None
        if not url.startswith(self.home_prefixes) and host(url) not in self.homes:
            if len(self.offhost) >= OFFHOST_MEMO:  # bounded: each post names its own
                self.offhost.clear()
            self.offhost.add(url)
            return None
        if url in self.followed or url in self.asked:
            return None
        verdict, rule = self._verdict(url)
        if rule is not None:
            self.judged.add(url)
            self.stats.inc_value(f"archiver/links/excluded/{rule}")
            return None
        if verdict is Verdict.POST:
            self.judged.add(sys.intern(url))  # canonical(url) is interned: one string object
            return verdict
        if self.held and self.held.validators(url) is not None:
            self.judged.add(url)
            self.stats.inc_value("archiver/links/held")
            return None
        if verdict is Verdict.PAGE:
            self.asked.add(url)
            self.stats.inc_value("archiver/links/requested")
        else:
            self.judged.add(url)
        return verdict

    def _verdict(self, url: str) -> tuple[Verdict, str | None]:
        if any(name == "q" for name, _ in parse_qsl(urlsplit(url).query, True)):
            return Verdict.PAGE, "search"
        scope = next((s for s in self.scopes if s.blog.kind(url) is not None), None)
        if scope is None:  # the host's, outside the blog
            return Verdict.PAGE, None
        kind = scope.blog.kind(url)
        if kind is dc.Kind.POST:  # a tag's crawl: only the posts its listing and feed name
            in_scope = scope.tag_root is None or canonical(url) in self.posts
            return Verdict.POST, None if in_scope else "out_of_scope"
        if scope.tag_root is not None and not scope.wants(url):
            return Verdict.PAGE, "out_of_scope"
        if kind in WALKED:
            return Verdict.PAGE, "beyond_walk"  # the walk asked for the others (followed)
        if kind is dc.Kind.CATEGORY:
            return Verdict.CATEGORY, None
        if kind is dc.Kind.OTHER and (scope.blog.route(url) or "").startswith("archive/"):
            return Verdict.PAGE, "calendar"
        return Verdict.PAGE, None


def report_section(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The crawl report's counts of requisites and links (failures are listed apart)."""

    def prefixed(prefix: str) -> dict[str, Any]:
        return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

    return {
        "requisites": {
            "requested": stats.get("archiver/requisites/requested", 0),
            "fetched": stats.get("archiver/requisites/fetched", 0),
            "failed": stats.get("archiver/requisites/failed", 0),
            "bytes": stats.get("archiver/requisites/bytes", 0),
            "by_kind": prefixed("archiver/requisites/kind/"),
            "bytes_by_kind": prefixed("archiver/requisites/bytes/"),
            "held_from_earlier_crawls": stats.get("archiver/requisites/held", 0),
            "offhost_skipped": prefixed("archiver/requisites/offhost/"),
        },
        "linked_pages": {
            "requested": stats.get("archiver/links/requested", 0),
            "fetched": stats.get("archiver/links/fetched", 0),
            "failed": stats.get("archiver/links/failed", 0),
            "categories": stats.get("archiver/pages/category", 0),
            "held_from_earlier_crawls": stats.get("archiver/links/held", 0),
            "excluded": {rule: stats.get(f"archiver/links/excluded/{rule}", 0) for rule in RULES},
        },
    }
