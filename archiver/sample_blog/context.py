"""What a template sees while rendering one request: the blog, the options, the request."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from archiver.sample_blog.blog import Blog, Listing, Urls
from archiver.sample_blog.fmt import esc, iso8601


@dataclass(frozen=True)
class Options:
    theme: str = "default"
    charset: str = "UTF-8"  # as the meta tag spells it
    machine_dates: bool = True
    comment_times: bool = True
    per_page: int = 10
    feed_size: int = 100


@dataclass
class Ctx:
    blog: Blog
    urls: Urls
    opts: Options
    words: Mapping[str, str]
    request_part: str  # decoded path after the blog URL, "tag/a b/page/2" (URL_REQUEST_PART)
    url_type: str = "default"  # Dotclear's $core->url->type
    current_category: str | None = None
    current_post_tags: tuple[str, ...] = ()

    def w(self, msgid: str) -> str:
        """{{tpl:lang msgid}}: the French string, unescaped as Dotclear printed it."""
        return self.words.get(msgid, msgid)

    @property
    def base(self) -> str:
        return self.urls.base

    def pagination_url(self, listing: Listing, offset: int) -> str:
        """context::PaginationURL: built from the (decoded) request part, as Dotclear did."""
        args = re.sub(r"(^|/)page/([0-9]+)$", "", self.request_part)
        url = self.base + args
        number = listing.position(offset)
        if number > 1:
            url = re.sub(r"/$", "", url) + f"/page/{number}"
        return esc(url)

    def meta_date(self, when: datetime, *, scheme: bool, close: str) -> str:
        """<meta name="date" ...>, omitted when machine-readable dates are switched off."""
        if not self.opts.machine_dates:
            return ""
        scheme_attr = ' scheme="W3CDTF"' if scheme else ""
        return f'<meta name="date"{scheme_attr} content="{iso8601(when)}"{close}>'

    def dc_date(self, when: datetime) -> str:
        if not self.opts.machine_dates:
            return ""
        return f'<meta name="dc.date" scheme="W3CDTF" content="{iso8601(when)}" />'


def robots_policy(base: str, over: str = "") -> str:
    """context::robotsPolicy: the blog's robots_policy overridden by a template's robots=""."""
    policy = {"INDEX": "INDEX", "FOLLOW": "FOLLOW", "ARCHIVE": "ARCHIVE"}
    base_set = {p.strip() for p in base.split(",")}
    over_set = {p.strip() for p in over.split(",")}
    for key in policy:
        for given in (base_set, over_set):
            if key in given or "NO" + key in given:
                policy[key] = "NO" + key if "NO" + key in given else key
    if policy["ARCHIVE"] == "ARCHIVE":
        del policy["ARCHIVE"]
    return ", ".join(policy.values())
