"""A post rebuilt from a listing page that shows it, when its own page is not to be had.

A crawl from a web archive (`--from-archive`) meets posts whose own page the archive never
captured, or captured only as errors, while a captured listing (home, tag, month, category)
shows them in full. Each entry of a listing is a `div.post` like the post page's own: cut out
alone (with the day heading that precedes it, where a theme puts the day outside the entry)
into a page of its own, it reads through the same `parse_post`, so the rebuilt record has
exactly what the listing shows (title, date, author, category, tags, body) and nothing of the
listing page around it (its `<meta>` and `<title>` are the listing's, not the post's).
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import html as lxml_html
from lxml.html import HtmlElement
from w3lib.url import canonicalize_url

from archiver.dataset.records import Post
from archiver.dotclear import markup as dc
from archiver.dotclear.parsers import absolute, parse_html, parse_post


def listing_entry(listing_url: str, html: str | bytes | HtmlElement, post_url: str) -> Post | None:
    """The post at `post_url` as the listing page at `listing_url` shows it; None if absent."""
    doc = parse_html(listing_url, html)
    wanted = canonicalize_url(post_url)
    for block in dc.POST_BLOCKS(doc):
        href = dc.title_href(block)
        if href is None or canonicalize_url(absolute(listing_url, href)) != wanted:
            continue
        page = lxml_html.document_fromstring("<html><head></head><body></body></html>")
        body = page.find("body")
        assert body is not None
        entry = deepcopy(block)
        if not dc.DAY_HEADING(block):  # the theme puts the day before the entry: into it
            heading = dc.PRECEDING_DAY_HEADING(block)
            if heading:
                entry.insert(0, deepcopy(heading[0]))
        body.append(entry)
        post = parse_post(post_url, page)
        post.author = _author(block, post)
        return post
    return None


# "Par Jean-Luc Raymond le mercredi 22 avril 2009, 21:14 - Catégorie": the byline of a
# listing's entry, where the post page has <meta name="author"> and the listing has none.
_BYLINE = re.compile(r"^\s*(?:Par|By)\s+(.+?)\s+(?:le|on)\s", re.S | re.I)


def _author(block: HtmlElement, post: Post) -> str | None:
    """The byline's author; parse_post's fallback (the post-info's first link) is, on a
    listing without author links, the category."""
    if post.author and post.author != post.category:
        return post.author
    for info in dc.POST_INFO(block):
        found = _BYLINE.match(info.text_content())
        if found:
            return " ".join(found.group(1).split())
    return None
