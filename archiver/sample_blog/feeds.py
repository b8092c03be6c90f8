"""Atom 1.0 and RSS 2.0 feeds: themes/_feeds/{atom,rss2,atom-comments,rss2-comments}.xml.

Feeds always carry exact dates (ISO 8601 / RFC 822 with the Paris offset of the day) and are
always UTF-8, whatever the HTML pages' options. This module makes the values the feed files
print; the markup is theirs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from archiver.sample_blog.blog import Blog, Comment, Urls, post_content
from archiver.sample_blog.fmt import absolute_urls, esc, iso8601, rfc822, xml_esc
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.templates import Theme


@dataclass(frozen=True)
class FeedRequest:
    kind: str  # "atom" or "rss2"
    self_uri: str  # SysSelfURI: the URL as requested
    subtitle: str = ""  # SysFeedSubtitle: " - tag", " - category", " - post title"
    generator: str = "http://www.dotclear.org/"


@dataclass(frozen=True)
class Channel:
    name: str
    subtitle: str
    description: str
    self_uri: str
    base: str
    updated: str
    pub_date: str
    editor: str
    copyright: str
    id: str
    generator: str
    comments: bool
    entries: list[Any] = field(default_factory=list)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


@cache
def _files() -> Theme:
    return Theme(("_feeds",), {})


def _channel(blog: Blog, urls: Urls, req: FeedRequest, entries: list[Any], comments: bool) -> str:
    s = blog.settings
    channel = Channel(
        name=xml_esc(s.name),
        subtitle=xml_esc(req.subtitle),
        description=xml_esc(s.description),
        self_uri=xml_esc(req.self_uri),
        base=urls.base,
        updated=iso8601(blog.updated),
        pub_date=rfc822(blog.updated),
        editor=xml_esc(s.editor),
        copyright=xml_esc(s.copyright),
        id=_md5(s.uid),
        generator=req.generator,
        comments=comments,
        entries=entries,
    )
    name = f"{req.kind}{'-comments' if comments else ''}.xml"
    return _files().render(name, {"feed": channel})


def _entry(blog: Blog, urls: Urls, post: SamplePost) -> dict[str, Any]:
    return {
        "id": post.id,
        "url": xml_esc(urls.post(post)),
        "title": xml_esc(post.title),
        "md5": _md5(blog.settings.uid + str(post.id)),
        "published": iso8601(post.published),
        "updated": iso8601(post.updated or post.published),
        "pub_date": rfc822(post.published),
        "author": xml_esc(post.author),
        "category": esc(post.category) if post.category else "",
        "tags": [esc(t) for t in post.tags],
        "content": xml_esc(absolute_urls(post_content(post), urls.base)),
    }


def _comment(blog: Blog, urls: Urls, comment: Comment) -> dict[str, Any]:
    post_url = urls.post(comment.post)
    return {
        "url": f"{xml_esc(post_url)}#c{comment.id}",
        "title": f"{xml_esc(comment.post.title)} - {xml_esc(comment.author)}",
        "md5": _md5(blog.settings.uid + str(comment.id)),
        "published": iso8601(comment.published),
        "pub_date": rfc822(comment.published),
        "author": xml_esc(comment.author),
        "content": xml_esc(absolute_urls(comment.content, post_url)),
    }


def posts_feed(blog: Blog, urls: Urls, req: FeedRequest, posts: list[SamplePost]) -> str:
    """atom.xml / rss2.xml: newest posts first."""
    return _channel(blog, urls, req, [_entry(blog, urls, p) for p in posts], comments=False)


def comments_feed(blog: Blog, urls: Urls, req: FeedRequest, comments: list[Comment]) -> str:
    """atom-comments.xml / rss2-comments.xml: newest comments first."""
    return _channel(blog, urls, req, [_comment(blog, urls, c) for c in comments], comments=True)
