"""The 2009 "default" template set (Dotclear 2.1-2.3, XHTML 1.0 Strict).

Hand-written renderings of home.html, tag.html, category.html, post.html, tags.html,
archive.html, archive_month.html and 404.html with _top.html, _head.html and _footer.html.
"""

from __future__ import annotations

from archiver.sample_blog import widgets
from archiver.sample_blog.blog import Listing, post_content
from archiver.sample_blog.context import Ctx, robots_policy
from archiver.sample_blog.fmt import cut_string, esc, fr_date, fr_time
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.words import comment_count

_THEME_URL = "/themes/default"


def head_start(ctx: Ctx, robots: str = "") -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"\n'
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" lang="fr">\n<head>\n'
        f'  <meta http-equiv="Content-Type" content="text/html; charset={ctx.opts.charset}" />\n'
        '  <meta name="MSSmartTagsPreventParsing" content="TRUE" />\n'
        f'  <meta name="ROBOTS" content="{robots_policy(ctx.blog.settings.robots, robots)}" />\n'
        "  \n"
    )


def blog_meta(ctx: Ctx, title: str) -> str:
    """copyright/author/date and the Dublin Core block of listing pages."""
    s = ctx.blog.settings
    return (
        f'  <meta name="copyright" content="{esc(s.copyright)}" />\n'
        f'  <meta name="author" content="{esc(s.editor)}" />\n'
        f"  {ctx.meta_date(ctx.blog.updated, scheme=True, close=' /')}\n  \n"
        '  <link rel="schema.dc" href="http://purl.org/dc/elements/1.1/" />\n'
        f'  <meta name="dc.title" lang="fr" content="{title}" />\n'
        '  <meta name="dc.language" content="fr" />\n'
        f'  <meta name="dc.publisher" content="{esc(s.editor)}" />\n'
        f'  <meta name="dc.rights" content="{esc(s.copyright)}" />\n'
        f"  {ctx.dc_date(ctx.blog.updated)}\n"
        '  <meta name="dc.type" content="text" />\n'
        '  <meta name="dc.format" content="text/html" />\n  \n'
    )


def head_end(extra: str = "") -> str:
    """_head.html, then the closing of <head>."""
    return (
        '  <style type="text/css" media="screen">\n'
        f"@import url({_THEME_URL}/style.css);\n</style>\n"
        '<style type="text/css" media="print">\n'
        f"@import url({_THEME_URL}/../default/print.css);\n</style>\n\n"
        f'<script type="text/javascript" src="{_THEME_URL}/../default/js/jquery.js"></script>\n'
        '<script type="text/javascript" '
        f'src="{_THEME_URL}/../default/js/jquery.cookie.js"></script>\n\n'
        f"{extra}</head>\n\n"
    )


def page(ctx: Ctx, body_class: str, head: str, content: str) -> str:
    """The body shared by every page: #page > #top, #prelude, #wrapper, #footer."""
    name = esc(ctx.blog.settings.name)
    return (
        f'{head}<body class="{body_class}">\n<div id="page">\n'
        f'<div id="top">\n  <h1><span><a href="{ctx.base}">{name}</a></span></h1>\n'
        "  \n  <!-- # --BEHAVIOR-- publicTopAfterContent -->\n  \n</div>\n\n"
        f'<p id="prelude"><a href="#main">{ctx.w("To content")}</a> |\n'
        f'<a href="#blognav">{ctx.w("To menu")}</a> |\n'
        f'<a href="#search">{ctx.w("To search")}</a></p>\n\n'
        '<div id="wrapper">\n\n<div id="main">\n  <div id="content">\n'
        f"{content}\n  </div>\n</div> <!-- End #main -->\n\n"
        '<div id="sidebar">\n  <div id="blognav">\n'
        f"    {widgets.old_nav(ctx)}\n  </div> <!-- End #blognav -->\n  \n"
        f'  <div id="blogextra">\n    {widgets.old_extra(ctx)}\n'
        "  </div> <!-- End #blogextra -->\n</div>\n\n</div> <!-- End #wrapper -->\n\n"
        '<div id="footer">\n  <p>'
        + ctx.w("Powered by %s").replace("%s", '<a href="http://dotclear.org/">Dotclear</a>')
        + "</p>\n</div>\n\n</div> <!-- End #page -->\n</body>\n</html>"
    )


def page_suffix(ctx: Ctx, page: int) -> str:
    return f" - {ctx.w('page')} {page}" if page != 1 else ""


def _pagination_links(ctx: Ctx, listing: Listing) -> str:
    """<link rel="prev"/"next"> and one rel="chapter" per entry, from <tpl:Entries no_content>."""
    if not listing.entries:
        return ""
    res = ""
    if not listing.at_end:
        href = ctx.pagination_url(listing, 1)
        res += f'  <link rel="prev" title="{ctx.w("previous entries")}" href="{href}" />\n'
    if not listing.at_start:
        href = ctx.pagination_url(listing, -1)
        res += f'  <link rel="next" title="{ctx.w("next entries")}" href="{href}" />\n'
    for post in listing.entries:
        url = ctx.urls.post(post)
        res += f'  <link rel="chapter" href="{esc(url)}" title="{esc(post.title)}" />\n'
    return res


def post_info(ctx: Ctx, post: SamplePost) -> str:
    when = post.published
    res = (
        f'<p class="post-info">{ctx.w("By")} {esc(post.author)}\n'
        f"    {ctx.w('on')} {fr_date(when)}, {fr_time(when)}\n    "
    )
    if post.category and ctx.url_type != "category":
        href = esc(ctx.urls.entry_category(post.category))
        res += f'\n    - <a href="{href}">{esc(post.category)}</a>\n    '
    return res


def post_tags(ctx: Ctx, post: SamplePost) -> str:
    if not post.tags:
        return ""
    items = "".join(
        f'<li><a href="{esc(ctx.urls.tag(t))}">{esc(t)}</a></li>\n    ' for t in post.tags
    )
    return f'<ul class="post-tags">\n    {items}</ul>'


def _entry(ctx: Ctx, post: SamplePost, index: int, day_header: bool) -> str:
    """One entry of home.html / tag.html / category.html."""
    url = esc(ctx.urls.post(post))
    odd = "odd" if index % 2 == 0 else ""
    first = "first" if index == 0 else ""
    header = f'<p class="day-date">{fr_date(post.published)}</p>' if day_header else ""
    count = comment_count(ctx.words, len(ctx.blog.comments_of(post)))
    return (
        f'    <div id="p{post.id}" class="post {odd} {first}" lang="fr" xml:lang="fr">\n'
        f"    <!-- # New day date -->\n    {header}\n    \n"
        f'    <h2 class="post-title"><a\n    href="{url}">{esc(post.title)}</a></h2>\n    \n'
        f"    {post_info(ctx, post)}</p>\n    \n    {post_tags(ctx, post)}\n    \n"
        "    <!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n    \n    \n"
        "    <!-- # Entry with an excerpt -->\n    \n    \n"
        "    <!-- # Entry without excerpt -->\n    \n"
        f'      <div class="post-content">{post_content(post)}</div>\n    \n    \n'
        "    <!-- # --BEHAVIOR-- publicEntryAfterContent -->\n    \n    \n"
        "    <!-- # Number of comments, trackbacks and attachments -->\n    \n"
        '      <p class="post-info-co">\n    \n    \n'
        f'      <a href="{url}#comments" class="comment_count">{count}</a>\n    \n    \n'
        "      </p>\n    \n    </div>\n    \n"
    )


def _pagination(ctx: Ctx, listing: Listing) -> str:
    res = '      <p class="pagination">'
    if not listing.at_end:
        href = ctx.pagination_url(listing, 1)
        res += f'<a href="{href}" class="prev">&#171;\n        {ctx.w("previous entries")}</a> - '
    res += (
        f"\n        {ctx.w('page')} {listing.position()} {ctx.w('of')} {listing.nb_pages}\n        "
    )
    if not listing.at_start:
        href = ctx.pagination_url(listing, -1)
        res += f' - <a href="{href}" class="next">{ctx.w("next entries")}\n        &#187;</a>'
    return res + "</p>\n    \n"


def entries(ctx: Ctx, listing: Listing) -> str:
    """<tpl:Entries> with DateHeader on the first entry of each day and the pagination footer."""
    res = "  "
    last_day = None
    for index, post in enumerate(listing.entries):
        day = post.published.date()
        res += _entry(ctx, post, index, day != last_day)
        last_day = day
    if listing.entries:
        res += _pagination(ctx, listing)
    return res


def home(ctx: Ctx, listing: Listing) -> str:
    s = ctx.blog.settings
    title = esc(s.name) + page_suffix(ctx, listing.page)
    desc = esc(cut_string(s.description, 180)) + page_suffix(ctx, listing.page)
    head = (
        head_start(ctx)
        + f"  <title>{title}</title>\n"
        + f'  <meta name="description" lang="fr" content="{desc}" />\n'
        + blog_meta(ctx, title)
        + f'  <link rel="contents" title="{ctx.w("Archives")}" href="{ctx.urls.archive()}" />\n'
        + _section_links(ctx)
        + _pagination_links(ctx, listing)
        + "  \n"
        + alternate(ctx, ctx.urls.feed("atom"))
        + f'  <link rel="EditURI" type="application/rsd+xml" title="RSD" href="{ctx.base}rsd" />\n'
        + f'  <link rel="meta" type="application/xbel+xml" title="Blogroll" '
        f'href="{ctx.base}xbel" />\n  \n' + head_end()
    )
    return page(ctx, "dc-home", head, entries(ctx, listing))


def _section_links(ctx: Ctx) -> str:
    return "".join(
        f'  <link rel="section" href="{esc(ctx.urls.category(name))}" title="{esc(name)}" />\n'
        for name in sorted(ctx.blog.categories.values(), key=str.lower)
    )


def alternate(ctx: Ctx, href: str) -> str:
    return (
        f'  <link rel="alternate" type="application/atom+xml" title="Atom 1.0" href="{href}" />\n'
    )


def top_links(ctx: Ctx) -> str:
    return (
        f'  <link rel="top" href="{ctx.base}" title="{ctx.w("Home")}" />\n'
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n  \n'
    )


def _feed_info(ctx: Ctx, feed: str, entries_title: str, comments_title: str) -> str:
    return (
        f'    <p><a type="application/atom+xml" href="{esc(feed)}"\n'
        f'    title="{ctx.w(entries_title)}" class="feed">{ctx.w("Entries feed")}</a>\n    \n'
        f'    \n    - <a type="application/atom+xml" href="{esc(feed)}/comments"\n'
        f'    title="{ctx.w(comments_title)}" class="feed">{ctx.w("Comments feed")}</a>\n'
        "    \n    </p>\n"
    )


def tag(ctx: Ctx, tag_id: str, listing: Listing) -> str:
    heading = f"{ctx.w('Tag')} - {esc(tag_id)}"
    title = f"{heading} - {esc(ctx.blog.settings.name)}" + page_suffix(ctx, listing.page)
    feed = ctx.urls.tag_feed(tag_id)
    head = (
        head_start(ctx)
        + f"  <title>{title}</title>\n"
        + blog_meta(ctx, title)
        + top_links(ctx)
        + _pagination_links(ctx, listing)
        + "  \n"
        + alternate(ctx, esc(feed))
        + f'  <link rel="meta" type="application/xbel+xml" title="Blogroll" '
        f'href="{ctx.base}xbel" />\n  \n' + head_end()
    )
    info = _feed_info(ctx, feed, "This tag's entries Atom feed", "This tag's comments Atom feed")
    content = f'  \n  <div id="content-info">\n    <h2>{heading}</h2>\n    \n{info}  </div>\n  \n'
    return page(ctx, "dc-tag", head, content + entries(ctx, listing))


def category(ctx: Ctx, name: str, listing: Listing) -> str:
    title = f"{esc(name)} - {esc(ctx.blog.settings.name)}" + page_suffix(ctx, listing.page)
    feed = ctx.urls.category_feed(name)
    head = (
        head_start(ctx, "NOINDEX")
        + f"  <title>{title}</title>\n"
        + blog_meta(ctx, title)
        + top_links(ctx)
        + _pagination_links(ctx, listing)
        + "  \n"
        + alternate(ctx, esc(feed))
        + "  \n"
        + head_end()
    )
    info = _feed_info(
        ctx, feed, "This category's entries Atom feed", "This category's comments Atom feed"
    )
    content = (
        f'\n  <div id="content-info">\n    <h2>\n    {esc(name)}</h2>\n    \n    \n'
        f"{info}  </div>\n  \n  \n  "
    )
    return page(ctx, "dc-category", head, content + entries(ctx, listing))


def tags(ctx: Ctx) -> str:
    title = f"{ctx.w('Tags')} - {esc(ctx.blog.settings.name)}"
    head = (
        head_start(ctx, "NOINDEX")
        + f"  <title>{title}</title>\n"
        + blog_meta(ctx, title)
        + top_links(ctx)
        + f'  <link rel="meta" type="application/xbel+xml" title="Blogroll" '
        f'href="{ctx.base}xbel" />\n  \n' + head_end()
    )
    items = "".join(
        f'      <li><a href="{esc(ctx.urls.tag(s.tag))}" class="tag{s.roundpercent}">'
        f"{esc(s.tag)}</a></li>\n    "
        for s in ctx.blog.tag_stats()
    )
    content = (
        f'  \n  <div id="content-info">\n    <h2>{ctx.w("Tags")}</h2>\n  </div>\n  \n'
        f'  <div class="content-inner">  \n  <ul class="tags">\n    {items}</ul>\n  </div>\n  \n'
    )
    return page(ctx, "dc-tags", head, content)


def not_found(ctx: Ctx) -> str:
    title = f"{ctx.w('Document not found')} - {esc(ctx.blog.settings.name)}"
    s = ctx.blog.settings
    head = (
        head_start(ctx, "NOINDEX,NOARCHIVE")
        + f"  <title>{title}</title>\n"
        + f'  <meta name="copyright" content="{esc(s.copyright)}" />\n'
        + f'  <meta name="author" content="{esc(s.editor)}" />\n  \n'
        + top_links(ctx)
        + alternate(ctx, ctx.urls.feed("atom"))
        + "  \n"
        + head_end()
    )
    content = (
        f'  \n  <div id="content-info">\n    <h2>{ctx.w("Document not found")}</h2>\n  </div>\n'
        f'  \n  <div class="content-inner">\n'
        f"    <p>{ctx.w('The document you are looking for does not exist.')}</p>\n  </div>\n  "
    )
    return page(ctx, "dc-404", head, content)
