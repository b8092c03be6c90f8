"""Safe HTML for display: `body_html` cleaned by nh3 (Rust's ammonia), URLs made absolute.

The dataset holds only this cleaned body; the page as served stays in the WARC. nh3 keeps a
list of harmless tags and attributes: scripts and styles go with their content, event
handlers, `style` attributes and `javascript:` URLs go, unknown tags keep their text.
"""

from __future__ import annotations

import nh3

from archiver.dotclear.parsers import absolute

_URL_ATTRIBUTES = frozenset(["href", "src", "cite"])
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "title", "width", "height", "align"},
    "abbr": {"title"},
    "acronym": {"title"},
}
URL_SCHEMES = frozenset(["http", "https", "mailto", "ftp"])
DROPPED_WITH_CONTENT = frozenset(["script", "style", "template", "noscript"])


def safe_html(base_url: str, html: str) -> str:
    """`html` (a fragment of the page at `base_url`) cleaned, every link and image absolute."""

    def absolute_urls(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return absolute(base_url, value)
        return value

    return nh3.clean(
        html,
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attribute_filter=absolute_urls,
        link_rel=None,  # a record, not a page: add nothing the author did not write
        strip_comments=True,
    )
