"""A page's requisites and links, as the spider's requests.

What a page embeds (stylesheets, scripts, images, frames: archiver/archive/requisites.py)
and the same-host pages, categories and posts it links are judged by `Reach`
(archiver/crawl/reach.py); this turns its verdicts into requests, with the spider's own
callbacks (`request`), and hands it the posts named (`wait_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement
from scrapy import Request
from scrapy.http import Response

from archiver.archive.requisites import Requisite, css_requisites, page_parts
from archiver.crawl.reach import (
    LINK_META,
    PRIORITY_LINK,
    PRIORITY_REQUISITE,
    REQUISITE_META,
    Reach,
    Verdict,
    is_html,
    stylesheet_text,
)
from archiver.dotclear.parsers import parse_html


@dataclass
class Embedded:
    """The spider's requests for what its pages embed and link."""

    reach: Reach
    request: Callable[..., Request]  # url, priority, **Request's arguments: the spider's
    wait_for: Callable[[str], None]  # a post named: fetched once the listings are done
    followed: set[str]  # listing URLs asked for (a category linked joins them)
    category_priority: int  # a category is walked as a listing

    def of_page(self, response: Response, doc: HtmlElement) -> Iterator[Request]:
        """A page's requisites, then its links."""
        parts = page_parts(doc, response.url)
        yield from self.requisites(parts.requisites)
        for url in parts.links:
            verdict = self.reach.judge(url)
            if verdict is Verdict.POST:
                self.wait_for(url)
            elif verdict is Verdict.CATEGORY:
                self.followed.add(url)
                yield self.request(url, self.category_priority)
            elif verdict is Verdict.PAGE:
                yield self.request(url, PRIORITY_LINK, meta={LINK_META: True})

    def requisites(self, requisites: Iterable[Requisite]) -> Iterator[Request]:
        for requisite, offhost in self.reach.wanted(requisites):
            meta: dict[str, Any] = {REQUISITE_META: requisite.kind}
            if offhost:  # opted in (--requisites-hosts): past Scrapy's offsite filter
                meta["allow_offsite"] = True
            yield self.request(requisite.url, PRIORITY_REQUISITE, meta=meta)

    def named_by(self, response: Response, kind: str | None = None) -> Iterator[Request]:
        """What a stylesheet, or a frame's (or a post's, on --resume) page names."""
        css = stylesheet_text(response, kind)
        if css is not None:
            yield from self.requisites(css_requisites(css, response.url))
        elif is_html(response):
            yield from self.of_page(response, parse_html(response.url, response.text))
