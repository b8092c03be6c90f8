"""Atom 1.0 and RSS 2.0 feeds as atom.xml, rss2.xml, atom-comments.xml, rss2-comments.xml.

Feeds always carry exact dates (ISO 8601 / RFC 822 with the Paris offset of the day) and are
always UTF-8, whatever the HTML pages' options.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from archiver.sample_blog.blog import Blog, Comment, Urls, post_content
from archiver.sample_blog.fmt import absolute_urls, esc, iso8601, rfc822, xml_esc
from archiver.sample_blog.model import SamplePost


@dataclass(frozen=True)
class FeedRequest:
    kind: str  # "atom" or "rss2"
    self_uri: str  # SysSelfURI: the URL as requested
    subtitle: str = ""  # SysFeedSubtitle: " - tag", " - category", " - post title"
    generator: str = "http://www.dotclear.org/"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def _channel_head_atom(blog: Blog, urls: Urls, req: FeedRequest, title_tail: str) -> str:
    s = blog.settings
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"\n'
        '  xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '  xmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '  xml:lang="fr">\n  \n'
        f'  <title type="html">{xml_esc(s.name)}{xml_esc(req.subtitle)}{title_tail}</title>\n'
        f'  <subtitle type="html">{xml_esc(s.description)}</subtitle>\n'
        f'  <link href="{xml_esc(req.self_uri)}" rel="self" type="application/atom+xml"/>\n'
        f'  <link href="{urls.base}" rel="alternate" type="text/html"\n'
        f'  title="{xml_esc(s.description)}"/>\n'
        f"  <updated>{iso8601(blog.updated)}</updated>\n"
        f"  <author>\n    <name>{xml_esc(s.editor)}</name>\n  </author>\n"
        f"  <id>urn:md5:{_md5(s.uid)}</id>\n"
        f'  <generator uri="{req.generator}">Dotclear</generator>\n  \n'
    )


def _subjects(post: SamplePost, tag_name: str) -> str:
    res = f"    \n    <{tag_name}>{esc(post.category)}</{tag_name}>\n    " if post.category else ""
    return res + "".join(f"<{tag_name}>{esc(t)}</{tag_name}>" for t in post.tags)


def _atom_entry(blog: Blog, urls: Urls, post: SamplePost) -> str:
    url = xml_esc(urls.post(post))
    title = xml_esc(post.title)
    content = xml_esc(absolute_urls(post_content(post), urls.base))
    return (
        f"  \n  <entry>\n    <title>{title}</title>\n"
        f'    <link href="{url}" rel="alternate" type="text/html"\n    title="{title}" />\n'
        f"    <id>urn:md5:{_md5(blog.settings.uid + str(post.id))}</id>\n"
        f"    <published>{iso8601(post.published)}</published>\n"
        f"    <updated>{iso8601(post.updated or post.published)}</updated>\n"
        f"    <author><name>{xml_esc(post.author)}</name></author>\n"
        f"{_subjects(post, 'dc:subject')}\n    \n"
        f'    <content type="html">\n    {content}</content>\n    \n    \n    \n'
        f"      <wfw:comment>{url}#comment-form</wfw:comment>\n"
        f"      <wfw:commentRss>{urls.feed('atom')}/comments/{post.id}</wfw:commentRss>\n"
        "    \n  </entry>\n"
    )


def atom(blog: Blog, urls: Urls, req: FeedRequest, posts: list[SamplePost]) -> str:
    head = _channel_head_atom(blog, urls, req, "")
    return head + "".join(_atom_entry(blog, urls, p) for p in posts) + "  \n\n</feed>"


def _rss_head(blog: Blog, urls: Urls, req: FeedRequest, title_tail: str) -> str:
    s = blog.settings
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<?xml-stylesheet title="XSL formatting" type="text/xsl" '
        f'href="{urls.base}feed/rss2/xslt" ?>\n'
        '<rss version="2.0"\n  xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '  xmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '  xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '  xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"  <title>{xml_esc(s.name)}{xml_esc(req.subtitle)}{title_tail}</title>\n"
        f"  <link>{urls.base}</link>\n"
        f'  <atom:link href="{xml_esc(req.self_uri)}" rel="self" type="application/rss+xml"/>\n'
        f"  <description>{xml_esc(s.description)}</description>\n"
        "  <language>fr</language>\n"
        f"  <pubDate>{rfc822(blog.updated)}</pubDate>\n"
        f"  <copyright>{xml_esc(s.copyright)}</copyright>\n"
        "  <docs>http://blogs.law.harvard.edu/tech/rss</docs>\n"
        "  <generator>Dotclear</generator>\n  \n"
    )


def _rss_item(blog: Blog, urls: Urls, post: SamplePost) -> str:
    url = xml_esc(urls.post(post))
    content = xml_esc(absolute_urls(post_content(post), urls.base))
    return (
        f"  \n  <item>\n    <title>{xml_esc(post.title)}</title>\n    <link>{url}</link>\n"
        f'    <guid isPermaLink="false">urn:md5:{_md5(blog.settings.uid + str(post.id))}</guid>\n'
        f"    <pubDate>{rfc822(post.published)}</pubDate>\n"
        f"    <dc:creator>{xml_esc(post.author)}</dc:creator>\n"
        f"{_subjects(post, 'category')}\n    \n"
        f"    <description>\n    {content}</description>\n    \n    \n"
        f"      <comments>{url}#comment-form</comments>\n"
        f"      <wfw:comment>{url}#comment-form</wfw:comment>\n"
        f"      <wfw:commentRss>{urls.feed('rss2')}/comments/{post.id}</wfw:commentRss>\n"
        "    \n  </item>\n"
    )


def rss2(blog: Blog, urls: Urls, req: FeedRequest, posts: list[SamplePost]) -> str:
    head = _rss_head(blog, urls, req, "")
    return head + "".join(_rss_item(blog, urls, p) for p in posts) + "  \n</channel>\n</rss>"


def _comment_title(comment: Comment) -> str:
    return f"{xml_esc(comment.post.title)} - {xml_esc(comment.author)}"


def _atom_comment(blog: Blog, urls: Urls, comment: Comment) -> str:
    url = f"{xml_esc(urls.post(comment.post))}#c{comment.id}"
    content = xml_esc(absolute_urls(comment.content, urls.post(comment.post)))
    return (
        f"  \n  <entry>\n    <title>{_comment_title(comment)}</title>\n"
        f'    <link href="{url}" rel="alternate" type="text/html"\n'
        f'    title="{_comment_title(comment)}" />\n'
        f"    <id>urn:md5:{_md5(blog.settings.uid + str(comment.id))}</id>\n"
        f"    <published>{iso8601(comment.published)}</published>\n"
        f"    <updated>{iso8601(comment.published)}</updated>\n"
        f"    <author><name>{xml_esc(comment.author)}</name></author>\n"
        f'    <content type="html">{content}</content>\n  </entry>\n'
    )


def _rss_comment(blog: Blog, urls: Urls, comment: Comment) -> str:
    url = f"{xml_esc(urls.post(comment.post))}#c{comment.id}"
    content = xml_esc(absolute_urls(comment.content, urls.post(comment.post)))
    return (
        f"  \n  <item>\n    <title>{_comment_title(comment)}</title>\n    <link>{url}</link>\n"
        f'    <guid isPermaLink="false">urn:md5:{_md5(blog.settings.uid + str(comment.id))}<'
        "/guid>\n"
        f"    <pubDate>{rfc822(comment.published)}</pubDate>\n"
        f"    <dc:creator>{xml_esc(comment.author)}</dc:creator>\n"
        f"    <description>{content}</description>\n  </item>\n"
    )


def comments_feed(blog: Blog, urls: Urls, req: FeedRequest, comments: list[Comment]) -> str:
    """atom-comments.xml / rss2-comments.xml: newest comments first."""
    tail = "\n  - Commentaires"
    if req.kind == "atom":
        head = _channel_head_atom(blog, urls, req, tail)
        return head + "".join(_atom_comment(blog, urls, c) for c in comments) + "  \n</feed>"
    head = _rss_head(blog, urls, req, tail)
    return head + "".join(_rss_comment(blog, urls, c) for c in comments) + "  \n</channel>\n</rss>"
