"""The Berlin theme (Dotclear 2.7+): the "currywurst" HTML5 template set.

Listings render every entry with _entry-full.html (full content, day-only dates); post pages use
_entry-content.html and _entry-feedback.html; archive months list entries with _entry-title.html.
"""

from __future__ import annotations

from archiver.sample_blog import modern, widgets
from archiver.sample_blog.blog import Listing, post_content, post_description
from archiver.sample_blog.context import Ctx, robots_policy
from archiver.sample_blog.fmt import cut_string, esc, fr_date, month_label
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.theme_berlin_post import (
    comments_block,
    month_entries,
    month_navlinks,
    post_meta,
)
from archiver.sample_blog.words import comment_count

_THEME_URL = "/themes/berlin"


def _head(ctx: Ctx, title: str, meta: str, links: str, robots: str) -> str:
    s = ctx.blog.settings
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n\n<head>\n  \n    <meta charset="'
        f'{ctx.opts.charset}" />\n'
        f"    \n      <title>{title}\n      </title>\n     <!-- head-title -->\n    \n"
        f'      <meta name="copyright" content="{esc(s.copyright)}" />\n      \n'
        f'        <meta name="ROBOTS" content="{robots_policy(s.robots, robots)}" />\n'
        f"       <!-- meta-robots -->\n      \n{meta}       <!-- meta-entry -->\n"
        f"     <!-- head-meta -->\n    \n{links}     <!-- head-linkrel -->\n    "
        "<!-- media queries -->\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
        f'<link rel="stylesheet" type="text/css" href="{_THEME_URL}/style.css" media="screen" />\n'
        f'<link rel="stylesheet" type="text/css" href="{ctx.base}?pf=print.css" media="print" />\n'
        f'  <script src="{ctx.base}?pf=jquery/3.5.1/jquery.js"></script>\n'
        f'<script src="{ctx.base}?pf=util.js"></script>\n'
        '<script type="application/json" id="dotclear_berlin-data">\n'
        '{"show_menu":"Montrer le menu","hide_menu":"Cacher le menu",'
        '"navigation":"Menu principal"}\n</script>\n'
        "   <!-- html-head -->\n</head>\n\n"
    )


def _blog_meta(ctx: Ctx, page: int = 1) -> str:
    """The layout's meta-entry block: blog description, editor, blog update date."""
    s = ctx.blog.settings
    desc = esc(cut_string(s.description, 180)) + modern.page_suffix(ctx, page)
    return (
        f'        <meta name="description" lang="fr" content="{desc}" />\n'
        f'        <meta name="author" content="{esc(s.editor)}" />\n'
        f"        {ctx.meta_date(ctx.blog.updated, scheme=False, close=' /')}\n"
    )


def _top(ctx: Ctx) -> str:
    s = ctx.blog.settings
    return (
        '<div class="header">\n  <nav role="navigation">\n'
        '    <ul class="skip-links" id="prelude">\n'
        f'      <li><a href="#main">{ctx.w("To content")}</a></li>\n'
        f'      <li><a href="#blognav">{ctx.w("To menu")}</a></li>\n'
        f'      <li><a href="#search">{ctx.w("To search")}</a></li>\n    </ul>\n  </nav>\n'
        '  <div class="banner" role="banner">\n'
        '    <h1 class="site-title"><a class="site-title__link"\n'
        f'      href="{ctx.base}"><span class="site-title__text">{esc(s.name)}</span></a></h1>\n'
        f'    <p class="site-baseline">{esc(s.description)}</p>\n  </div>\n'
        "  <!-- # --BEHAVIOR-- publicTopAfterContent -->\n  \n  \n</div>\n"
    )


def _sidebar(ctx: Ctx, nav: str | None = None) -> str:
    """_sidebar.html; archive.html passes its own nav (the search widget alone, untitled)."""
    title = f'      <h2 class="blognav__title">{ctx.w("Blog menu")}</h2>\n' if nav is None else ""
    nav = widgets.modern_nav(ctx, "h3") if nav is None else nav
    return (
        '<div class="sidebar" id="sidebar" role="complementary">\n  \n'
        '    <div class="widgets blognav__widgets" id="blognav">\n'
        f"{title}      {nav}\n    </div> <!-- End #blognav -->\n  \n  \n"
        '    <div class="widgets blogextra__widgets" id="blogextra">\n'
        f'      <h2 class="blogextra__title">{ctx.w("Extra menu")}</h2>\n'
        f"      {widgets.modern_extra(ctx, 'h3')}\n    </div> <!-- End #blogextra -->\n  \n"
        "</div>\n"
    )


def _body(ctx: Ctx, body_class: str, content: str, sidebar: str | None = None) -> str:
    powered = ctx.w("Powered by %s").replace("%s", '<a href="https://dotclear.org/">Dotclear</a>')
    return (
        f'\n  <body class="{body_class}">\n\n\n  <div id="page">\n    \n      \n'
        f"        {_top(ctx)}       <!-- page-top -->\n"
        '      <div id="wrapper">\n        \n          <div id="main" role="main">\n'
        "            \n              \n                \n              \n"
        '              <div id="content">\n                \n'
        f"{content}\n                 <!-- main-content -->\n"
        "              </div> <!-- End #content -->\n             <!-- wrapper-main -->\n"
        "          </div> <!-- End #main -->\n          \n"
        f"            {sidebar or _sidebar(ctx)}           <!-- wrapper-sidebar -->\n"
        "         <!-- page-wrapper -->\n      </div> <!-- End #wrapper -->\n      \n"
        f'        <p id="gotop"><a href="#top">{ctx.w("Page top")}</a></p>\n'
        '<div class="footer" id="footer" role="contentinfo">\n  \n  \n'
        f"  <p>{powered}</p>\n</div>\n\n"
        f'<script src="{_THEME_URL}/js/berlin.js"></script>\n'
        "       <!-- page-footer -->\n     <!-- body-page -->\n  </div> <!-- End #page -->\n"
        " <!-- html-body -->\n</body>\n\n</html>\n"
    )


def _contents_link(ctx: Ctx) -> str:
    return (
        f'      <link rel="contents" title="{ctx.w("Archives")}" href="{ctx.urls.archive()}" />\n'
    )


def _alternate(href: str) -> str:
    return (
        '      <link rel="alternate" type="application/atom+xml" title="Atom 1.0" '
        f'href="{href}" />\n'
    )


def _xbel(ctx: Ctx) -> str:
    return (
        '      <link rel="meta" type="application/xbel+xml" title="Blogroll" '
        f'href="{ctx.base}xbel" />\n'
    )


def _entry(ctx: Ctx, post: SamplePost, index: int, day_header: bool) -> str:
    """_entry-full.html."""
    odd = "odd" if index % 2 == 0 else ""
    first = "first" if index == 0 else ""
    header = (
        f'\n    <p class="post-day-date">{fr_date(post.published)}</p>\n  ' if day_header else ""
    )
    count = comment_count(ctx.words, len(ctx.blog.comments_of(post)))
    return (
        f'<div id="p{post.id}" class="post {odd} {first} full" lang="fr" role="article">\n'
        f"  <!-- # New day date -->\n  {header}\n"
        f'  <h2 class="post-title"><a href="{esc(ctx.urls.post(post))}">{esc(post.title)}</a'
        "></h2>\n"
        "  <!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n  \n  \n"
        f'  <div class="post-content">{post_content(post)}</div>\n'
        "  <!-- # --BEHAVIOR-- publicEntryAfterContent -->\n  \n"
        f"  {post_meta(ctx, post, permalink=False)}"
        "    <!-- # Number of comments, trackbacks and attachments -->\n    \n"
        '      <p class="post-info-co">\n        \n'
        f"          {modern.comment_count_link(ctx, post, count)}\n        \n      </p>\n    \n"
        "  </div>\n</div>\n"
    )


def _pagination(ctx: Ctx, listing: Listing) -> str:
    """_pagination.html."""
    res = f'<p class="pagination" aria-label="{ctx.w("Pagination")}" role="navigation">\n    \n'
    if not listing.at_end:
        res += (
            f'      <a href="{ctx.pagination_url(listing, 1)}" class="prev"><span aria-hidde'
            'n="true">'
            f"&#171; </span>{ctx.w('previous entries')}</a> -\n    \n"
        )
    res += (
        f'    <span class="visually-hidden">{ctx.w("Active page")}</span>'
        f"{ctx.w('page')} {listing.position()} {ctx.w('of')} {listing.nb_pages}\n    "
    )
    if not listing.at_start:
        res += (
            f' - <a href="{ctx.pagination_url(listing, -1)}" class="next">\n'
            f'      {ctx.w("next entries")}<span aria-hidden="true"> &#187;</span></a>\n    '
        )
    return res + "\n  </p>\n"


def entries(ctx: Ctx, listing: Listing) -> str:
    res = ""
    last_day = None
    for index, post in enumerate(listing.entries):
        res += _entry(ctx, post, index, post.published.date() != last_day)
        last_day = post.published.date()
    if listing.entries:
        res += "                    <!-- Pagination -->\n" + _pagination(ctx, listing)
    return res


def home(ctx: Ctx, listing: Listing) -> str:
    title = esc(ctx.blog.settings.name) + modern.page_suffix(ctx, listing.page)
    links = (
        _contents_link(ctx)
        + modern.section_links(ctx, " /")
        + modern.listing_links(ctx, listing, " /")
        + _alternate(ctx.urls.feed("atom"))
        + '      <link rel="EditURI" type="application/rsd+xml" title="RSD" href="'
        f'{ctx.base}rsd" />\n' + _xbel(ctx)
    )
    head = _head(ctx, title, _blog_meta(ctx, listing.page), links, "")
    body_class = "dc-home dc-home-first" if ctx.url_type == "default" else "dc-home "
    return head + _body(ctx, body_class, entries(ctx, listing))


def _entry_meta(ctx: Ctx) -> str:
    s = ctx.blog.settings
    return (
        f'  <meta name="author" content="{esc(s.editor)}" />\n'
        f"  {ctx.meta_date(ctx.blog.updated, scheme=False, close=' /')}\n"
    )


def tag(ctx: Ctx, tag_id: str, listing: Listing) -> str:
    name = esc(ctx.blog.settings.name)
    title = f"{ctx.w('Tag')} - {esc(tag_id)} - {name}" + modern.page_suffix(ctx, listing.page)
    links = (
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + modern.listing_links(ctx, listing, " /")
        + _alternate(esc(ctx.urls.tag_feed(tag_id)))
        + _xbel(ctx)
    )
    head = _head(ctx, title, _entry_meta(ctx), links, "")
    content = (
        f"  {modern.tag_content_info(ctx, tag_id)}"
        f'  <div class="content-inner">\n{entries(ctx, listing)}'
        "  </div> <!-- End #content-inner -->\n"
    )
    return head + _body(ctx, "dc-tag", content)


def category(ctx: Ctx, cat: str, listing: Listing) -> str:
    title = f"{esc(cat)} - {esc(ctx.blog.settings.name)}" + modern.page_suffix(ctx, listing.page)
    meta = '  <meta name="description" lang="fr" content="" />\n' + _entry_meta(ctx)
    links = (
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + modern.listing_links(ctx, listing, " /")
        + _alternate(esc(ctx.urls.category_feed(cat)))
    )
    feeds = modern.category_feed_items(ctx, cat)
    content = (
        f'  <div id="content-info">\n    <h2>\n      \n      {esc(cat)}\n    </h2>\n'
        f'    \n      <ul class="content-info__feed">\n        <li>{feeds[0]}</li>\n'
        f"        \n          <li>{feeds[1]}</li>\n        \n      </ul>\n    \n"
        '    <div class="content-info__cat-desc">\n      \n    </div>\n    \n'
        "  </div> <!-- End #content-info -->\n"
        f'  <div class="content-inner">\n{entries(ctx, listing)}'
        "  </div> <!-- End #content-inner -->\n"
    )
    return _head(ctx, title, meta, links, "NOINDEX") + _body(ctx, "dc-category", content)


def post(ctx: Ctx, entry: SamplePost) -> str:
    s = ctx.blog.settings
    title = f"{esc(entry.title)} - {esc(s.name)}"
    meta = (
        f'  <meta name="description" lang="fr" content="{post_description(entry)}" />\n'
        f'  <meta name="author" content="{esc(entry.author)}" />\n'
        f"  {ctx.meta_date(entry.published, scheme=False, close=' /')}\n"
    )
    links = (
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + modern.neighbour_links(ctx, entry, " /")
        + _alternate(ctx.urls.feed("atom"))
    )
    scripts = (
        '    <script type="application/json" id="dc_post_remember_str-data">\n'
        f'    {{ "post_remember_str": "{ctx.w("Remember me on this blog")}" }}\n    </script>\n'
        f'    <script src="{ctx.base}?pf=post.js"></script>\n'
    )
    head = _head(ctx, title, meta, links, "").replace(
        "   <!-- html-head -->\n</head>", scripts + "   <!-- html-head -->\n</head>"
    )
    content = (
        "  "
        + modern.navlinks(ctx, entry, "navlinks topnl")
        + comments_block(ctx, entry)
        + "  "
        + modern.navlinks(ctx, entry, "navlinks")
    )
    return head + _body(ctx, "dc-post", content)


def tags(ctx: Ctx) -> str:
    title = f"{ctx.w('Tags')} - {esc(ctx.blog.settings.name)}"
    links = (
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + _xbel(ctx)
    )
    head = _head(ctx, title, _blog_meta(ctx), links, "NOINDEX")
    return head + _body(ctx, "dc-tags", "  " + modern.tags_content(ctx))


def not_found(ctx: Ctx) -> str:
    title = f"{ctx.w('Document not found')} - {esc(ctx.blog.settings.name)}"
    links = _contents_link(ctx) + _alternate(ctx.urls.feed("atom"))
    head = _head(ctx, title, _blog_meta(ctx), links, "NOINDEX,NOARCHIVE")
    return head + _body(ctx, "dc-404", "  " + modern.not_found_content(ctx))


_ARCHIVE_CLASSES = {
    "year_div": ' class="arch-by-year__each-year"',
    "year_ul": ' class="arch-list arch-year-list"',
    "cat_id": "arch-by-cat",
    "cat_class": "arch-block arch-by-cat",
    "cat_ul": ' class="arch-list arch-cat-list"',
    "tag_id": "arch-by-tag",
    "tag_class": "arch-block arch-by-tag",
    "tag_ul": ' class="arch-list arch-tag-list"',
}


def archive(ctx: Ctx) -> str:
    title = f"{ctx.w('Archives')} - {esc(ctx.blog.settings.name)}"
    chapters = "".join(
        f'    <link rel="chapter" href="{ctx.urls.archive(y, m)}" title="{month_label(y, m)}" />\n'
        for y, m, _ in ctx.blog.months()
    )
    links = (
        chapters
        + _contents_link(ctx)
        + modern.section_links(ctx, " /")
        + _alternate(ctx.urls.feed("atom"))
    )
    content = (
        f'  <div id="content-info">\n    <h2>{ctx.w("Archives")}</h2>\n  </div>\n'
        '  <div class="content-inner">\n    <div id="time-criteria">\n'
        '      <div id="arch-by-year" class="arch-block arch-by-year">\n'
        f"        <h3>{ctx.w('By date')}</h3>\n        {modern.archive_fromto(ctx)}"
        f"{modern.archive_years(ctx, _ARCHIVE_CLASSES)}    </div>\n  </div>\n"
        f'  <div id="other-criteria">\n{modern.archive_other(ctx, _ARCHIVE_CLASSES)}  </div>\n'
        '  <div id="more-arch">\n    <div id="arch-by-page" class="arch-block arch-by-page">\n'
        "    </div>\n  </div>\n  </div> <!-- End .content-inner -->\n"
    )
    search_only = widgets.modern_nav(ctx, "h3").split('<div class="widget" id="topnav">')[0]
    sidebar = _sidebar(ctx, nav=search_only)
    head = _head(ctx, title, _blog_meta(ctx), links, "")
    return head + _body(ctx, "dc-archive", content, sidebar)


def archive_month(ctx: Ctx, year: int, month: int) -> str:
    label = month_label(year, month)
    title = f"{ctx.w('Archives')} - {label} - {esc(ctx.blog.settings.name)}"
    posts = ctx.blog.in_month(year, month)
    links = (
        f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + modern.month_rel_links(ctx, year, month, " /", "    ")
        + "".join(
            f'    <link rel="chapter" href="{esc(ctx.urls.post(p))}" title="{esc(p.title)}" />\n'
            for p in posts
        )
    )
    content = (
        "  "
        + month_navlinks(ctx, year, month, "navlinks topnl")
        + f'  <div id="content-info">\n    <h2>{label} <span>({len(posts)})</span></h2>\n  </div>\n'
        + f'  <div class="content-inner">\n{month_entries(ctx, posts, "berlin")}  </div>\n  '
        + month_navlinks(ctx, year, month, "navlinks")
    )
    head = _head(ctx, title, _blog_meta(ctx), links, "NOINDEX")
    return head + _body(ctx, "dc-archive-month", content)
