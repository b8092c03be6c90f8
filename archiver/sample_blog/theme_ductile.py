"""The Ductile theme (Dotclear 2.x): its own HTML5 templates, tabs-indented.

Its entries lists are configured "full" for home, tags and categories (ductileEntriesList) and
"title" for archive months; dates show the day only.
"""

from __future__ import annotations

from archiver.sample_blog import modern, widgets
from archiver.sample_blog.blog import Listing, post_content, post_description
from archiver.sample_blog.context import Ctx, robots_policy
from archiver.sample_blog.fmt import cut_string, esc, fr_date, month_label
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.theme_berlin_post import month_entries, month_navlinks
from archiver.sample_blog.theme_ductile_post import comments
from archiver.sample_blog.words import comment_count

_THEME_URL = "/themes/ductile"


def _head(ctx: Ctx, title: str, meta: str, links: str, robots: str = "", extra: str = "") -> str:
    s = ctx.blog.settings
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n'
        f'\t<meta charset="{ctx.opts.charset}">\n'
        f'\t<meta name="ROBOTS" content="{robots_policy(s.robots, robots)}">\n\n'
        f"\t<title>{title}</title>\n{meta}\n{links}\n"
        "\t<!-- media queries -->\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n\n'
        f'<link rel="preload" href="{_THEME_URL}/style.css" as="style">\n'
        f'<link rel="stylesheet" type="text/css" href="{_THEME_URL}/style.css" media="screen">\n'
        f'<link rel="stylesheet" type="text/css" href="{ctx.base}?pf=print.css" media="print">\n\n'
        f'  <script src="{ctx.base}?pf=jquery/3.5.1/jquery.js"></script>\n'
        f'<script src="{ctx.base}?pf=util.js"></script>\n\n'
        f'<script src="{_THEME_URL}/ductile.js"></script>\n{extra}</head>\n'
    )


def _meta(ctx: Ctx, *, description: str | None, author: str, when_post: SamplePost | None) -> str:
    s = ctx.blog.settings
    res = f'\t<meta name="description" lang="fr" content="{description}">\n' if description else ""
    when = when_post.published if when_post else ctx.blog.updated
    return (
        res
        + f'\t<meta name="copyright" content="{esc(s.copyright)}">\n'
        + f'\t<meta name="author" content="{esc(author)}">\n'
        + f"\t{ctx.meta_date(when, scheme=True, close='')}\n"
    )


def _blog_meta(ctx: Ctx, page: int = 1, with_description: bool = True) -> str:
    s = ctx.blog.settings
    desc = esc(cut_string(s.description, 180)) + modern.page_suffix(ctx, page)
    return _meta(
        ctx, description=desc if with_description else None, author=s.editor, when_post=None
    )


def _top(ctx: Ctx) -> str:
    s = ctx.blog.settings
    return (
        '<div id="header">\n\n\t<div id="top">\n'
        f'\t\t<p id="logo" class="nosmall"><a href="{ctx.base}"><img src="{_THEME_URL}/img/l'
        'ogo.png" '
        f'alt="{ctx.w("Home")}"></a></p>\n'
        f'\t\t<h1><a href="{ctx.base}"><span>{esc(s.name)}</span></a></h1>\n'
        f'\t\t<p id="blogdesc" class="nosmall">{esc(s.description)}</p>\n\t</div>\n\n'
        '\t<ul id="prelude">\n'
        f'\t\t<li class="nosmall"><a href="#main">{ctx.w("To content")}</a></li>\n'
        f'\t\t<li><a href="#blognav">{ctx.w("To menu")}</a></li>\n'
        f'\t\t<li><a href="#search">{ctx.w("To search")}</a></li>\n\t</ul>\n\n'
        "\t<!-- # --BEHAVIOR-- publicTopAfterContent -->\n\t\n\n\t\n\n</div>\n"
    )


def _body(ctx: Ctx, body_class: str, content: str, nav: str | None = None) -> str:
    nav = widgets.modern_nav(ctx, "h2") if nav is None else nav
    powered = ctx.w("Powered by %s").replace("%s", '<a href="https://dotclear.org/">Dotclear</a>')
    return (
        f'<body class="{body_class}">\n\t<div id="page">\n\t\t{_top(ctx)}\n'
        '\t\t<div id="wrapper">\n\n\t\t\t<div id="main">\n\t\t\t\t<div id="content">\n\n'
        f"{content}\n\t\t\t\t</div> <!-- End #content -->\n\t\t\t</div> <!-- End #main -->\n\n"
        f'\t\t\t<div id="sidebar">\n\t<div id="blognav">\n\t\t{nav}\n'
        "\t</div> <!-- End #blognav -->\n"
        f'\t<div id="blogextra">\n\t\t{widgets.modern_extra(ctx, "h2")}\n'
        "\t</div> <!-- End #blogextra -->\n</div>\n\n\t\t</div> <!-- End #wrapper -->\n\n"
        f'\t\t<ul id="gotop" class="supranav nobig"><li><a href="#top">{ctx.w("To top")}</a>'
        "</li></ul>\n\n"
        '\n<div id="footer">\n\t<div id="blogcustom">\n\t\t\n\t</div> <!-- End #custom widg'
        "ets -->\n\n"
        f"\t\n\n\t<p>{powered}</p>\n</div>\n\n\t</div> <!-- End #page -->\n</body>\n</html>\n"
    )


def _links(ctx: Ctx, *parts: str) -> str:
    contents = f'\t<link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}">\n'
    return contents + "".join(parts)


def _alternate(href: str) -> str:
    return f'\t<link rel="alternate" type="application/atom+xml" title="Atom 1.0" href="{href}">\n'


def _xbel(ctx: Ctx) -> str:
    return (
        f'\t<link rel="meta" type="application/xbel+xml" title="Blogroll" href="{ctx.base}xbel">\n'
    )


def _attr(ctx: Ctx, post: SamplePost, permalink: bool) -> str:
    """<div class="post-attr">: post-info (author, day, [permalink], category) and post-tags."""
    perma = ""
    if permalink:
        url = esc(ctx.urls.post(post))
        perma = f'\t\t\t<span class="permalink"><a href="{url}">{ctx.w("Permalink")}</a></span>\n'
    cat = modern.post_cat(ctx, post).replace("\n        ", "\n\t\t\t\t")
    res = (
        '\t<div class="post-attr">\n\t\t<p class="post-info">\n'
        f'\t\t\t<span class="post-author">{ctx.w("By")} {esc(post.author)}, </span>\n'
        f'\t\t\t<span class="post-date">{fr_date(post.published)}. </span>\n{perma}'
        f"\t\t\t\n\t\t\t\t{cat}\n\t\t\t\n\t\t</p>\n\n"
    )
    if post.tags:
        items = "".join(
            f'\t\t\t\t<li><a href="{esc(ctx.urls.tag(t))}">{esc(t)}</a></li>\n' for t in post.tags
        )
        res += (
            f'\t\t\n\t\t\t\t<ul class="post-tags">\n\t\t\t\n{items}\t\t\t\n\t\t\t\t</ul>\n\t\t\t\n'
        )
    return res + "\t</div>\n"


def _entry(ctx: Ctx, post: SamplePost, index: int, day_header: bool) -> str:
    """_entry-full.html."""
    odd = "odd" if index % 2 == 0 else ""
    first = "first" if index == 0 else ""
    header = f'<p class="day-date">{fr_date(post.published)}</p>' if day_header else ""
    count = comment_count(ctx.words, len(ctx.blog.comments_of(post)))
    return (
        f'<div id="p{post.id}" class="post {odd} {first} full" lang="fr" xml:lang="fr">\n\n'
        f"\t<!-- # New day date -->\n\t{header}\n\n"
        f'\t<h2 class="post-title"><a href="{esc(ctx.urls.post(post))}">{esc(post.title)}</a'
        "></h2>\n\n"
        f"{_attr(ctx, post, permalink=False)}\n"
        "\t<!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n\t\n\n\t\n"
        f'\t<div class="post-content">{post_content(post)}</div>\n\n'
        "\t<!-- # --BEHAVIOR-- publicEntryAfterContent -->\n\t\n\n"
        "\t<!-- # Number of comments, trackbacks and attachments -->\n\t\n"
        '\t\t<p class="post-info-co">\n\t\n\t\n'
        f"\t\t\t{modern.comment_count_link(ctx, post, count)}\n\t\n\t\n\t\t</p>\n\t\n</div>\n"
    )


def _pagination(ctx: Ctx, listing: Listing) -> str:
    res = '\n\t<p class="pagination">\n\t\t\n'
    if not listing.at_end:
        res += (
            f'\t\t\t<a href="{ctx.pagination_url(listing, 1)}" class="prev">&#171; '
            f"{ctx.w('previous entries')}</a> -\n\t\t\n"
        )
    res += f"\n\t\t{ctx.w('page')} {listing.position()} {ctx.w('of')} {listing.nb_pages}\n\n\t\t"
    if not listing.at_start:
        res += (
            f' - <a href="{ctx.pagination_url(listing, -1)}" class="next">\n'
            f"\t\t\t{ctx.w('next entries')} &#187;</a>\n\t\t"
        )
    return res + "\n\t</p>\n"


def entries(ctx: Ctx, listing: Listing) -> str:
    res = ""
    last_day = None
    for index, post in enumerate(listing.entries):
        res += _entry(ctx, post, index, post.published.date() != last_day)
        last_day = post.published.date()
    if listing.entries:
        res += _pagination(ctx, listing)
    return res


def home(ctx: Ctx, listing: Listing) -> str:
    title = esc(ctx.blog.settings.name) + modern.page_suffix(ctx, listing.page)
    links = (
        f'\t<link rel="contents" title="{ctx.w("Archives")}" href="{ctx.urls.archive()}">\n'
        + modern.section_links(ctx, "")
        + "\n"
        + modern.listing_links(ctx, listing, "")
        + "\n"
        + _alternate(ctx.urls.feed("atom"))
        + _xbel(ctx)
    )
    head = _head(ctx, title, _blog_meta(ctx, listing.page), links)
    body_class = "dc-home dc-home-first" if ctx.url_type == "default" else "dc-home "
    return head + _body(ctx, body_class, entries(ctx, listing))


def tag(ctx: Ctx, tag_id: str, listing: Listing) -> str:
    name = esc(ctx.blog.settings.name)
    title = f"{ctx.w('Tag')} - {esc(tag_id)} - {name}" + modern.page_suffix(ctx, listing.page)
    links = _links(
        ctx,
        "\n" + modern.listing_links(ctx, listing, "") + "\n",
        _alternate(esc(ctx.urls.tag_feed(tag_id))),
        _xbel(ctx),
    )
    content = (
        "\t\t\t\t\t"
        + modern.tag_content_info(ctx, tag_id)
        + f'\n\t\t\t\t\t<div class="content-inner">\n{entries(ctx, listing)}'
        + "\t\t\t\t\t</div> <!-- End #content-inner -->\n"
    )
    meta = _blog_meta(ctx, with_description=False)
    return _head(ctx, title, meta, links) + _body(ctx, "dc-tag", content)


def category(ctx: Ctx, cat: str, listing: Listing) -> str:
    title = f"{esc(cat)} - {esc(ctx.blog.settings.name)}" + modern.page_suffix(ctx, listing.page)
    meta = '\t<meta name="description" lang="fr" content="">\n' + _blog_meta(
        ctx, with_description=False
    )
    links = _links(
        ctx,
        "\n" + modern.listing_links(ctx, listing, "") + "\n",
        _alternate(esc(ctx.urls.category_feed(cat))),
    )
    feeds = modern.category_feed_items(ctx, cat)
    content = (
        f'\t\t\t\t\t<div id="content-info">\n\t\t\t\t\t\t<h2>\n\t\t\t\t\t\t\t\n'
        f"\t\t\t\t\t\t\t{esc(cat)}\n\t\t\t\t\t\t</h2>\n\t\t\t\t\t\t\n\n"
        f'\t\t\t\t\t\t\n\t\t\t\t\t\t\t<p class="feed-info">\n\t\t\t\t\t\t\t\t{feeds[0]}\n\n'
        f"\t\t\t\t\t\t\t\t\n\t\t\t\t\t\t\t\t\t - {feeds[1]}\n\t\t\t\t\t\t\t\t\n"
        "\t\t\t\t\t\t\t</p>\n\t\t\t\t\t\t\n\n\t\t\t\t\t\t\n\t\t\t\t\t</div>\n\n"
        f'\t\t\t\t\t<div class="content-inner">\n{entries(ctx, listing)}'
        "\t\t\t\t\t</div> <!-- End #content-inner -->\n"
    )
    return _head(ctx, title, meta, links, "NOINDEX") + _body(ctx, "dc-category", content)


def post(ctx: Ctx, entry: SamplePost) -> str:
    title = f"{esc(entry.title)} - {esc(ctx.blog.settings.name)}"
    meta = _meta(ctx, description=post_description(entry), author=entry.author, when_post=entry)
    links = _links(
        ctx, "\n" + modern.neighbour_links(ctx, entry, "") + "\n", _alternate(ctx.urls.feed("atom"))
    )
    scripts = (
        '\n  <script type="application/json" id="dc_post_remember_str-data">\n'
        f'    {{"post_remember_str": "{ctx.w("Remember me on this blog")}"}}\n  </script>\n'
        f'  <script src="{ctx.base}?pf=post.js"></script>\n'
    )
    simple = (
        f'<div id="p{entry.id}" class="post simple">\n'
        f'\t<h2 class="post-title">{esc(entry.title)}</h2>\n\n'
        f"{_attr(ctx, entry, permalink=True)}\n"
        "\t<!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n\t\n\n"
        "\t<!-- # Entry with an excerpt -->\n\t\n\n"
        f'\t<div class="post-content">{post_content(entry)}</div>\n\n'
        "\t<!-- # --BEHAVIOR-- publicEntryAfterContent -->\n\t\n</div>\n\n"
        "<!-- # Attachments -->\n\n\n"
    )
    content = (
        "\t\t\t\t\t"
        + modern.navlinks(ctx, entry, "navlinks topnl")
        + "\n"
        + simple
        + comments(ctx, entry)
        + "\n\t\t\t\t\t"
        + modern.navlinks(ctx, entry, "navlinks")
    )
    return _head(ctx, title, meta, links, extra=scripts) + _body(ctx, "dc-post", content)


def tags(ctx: Ctx) -> str:
    title = f"{ctx.w('Tags')} - {esc(ctx.blog.settings.name)}"
    head = _head(
        ctx,
        title,
        _blog_meta(ctx, with_description=False),
        _links(ctx, "\n", _xbel(ctx)),
        "NOINDEX",
    )
    return head + _body(ctx, "dc-tags", "\t\t\t\t\t" + modern.tags_content(ctx))


def not_found(ctx: Ctx) -> str:
    s = ctx.blog.settings
    title = f"{ctx.w('Document not found')} - {esc(s.name)}"
    meta = (
        f'\t<meta name="copyright" content="{esc(s.copyright)}">\n'
        f'\t<meta name="author" content="{esc(s.editor)}">\n'
    )
    links = (
        f'\t<link rel="contents" title="{ctx.w("Archives")}" href="{ctx.urls.archive()}">\n'
        + _alternate(ctx.urls.feed("atom"))
    )
    head = _head(ctx, title, meta, links, "NOINDEX,NOARCHIVE")
    return head + _body(ctx, "dc-404", "\t\t\t\t\t" + modern.not_found_content(ctx))


_ARCHIVE_CLASSES = {
    "year_div": "",
    "year_ul": "",
    "cat_id": "by-cat",
    "cat_class": "arch-block",
    "cat_ul": "",
    "tag_id": "by-tag",
    "tag_class": "arch-block",
    "tag_ul": "",
}


def archive(ctx: Ctx) -> str:
    title = f"{ctx.w('Archives')} - {esc(ctx.blog.settings.name)}"
    chapters = "".join(
        f'\t\t<link rel="chapter" href="{ctx.urls.archive(y, m)}" title="{month_label(y, m)}">\n'
        for y, m, _ in ctx.blog.months()
    )
    links = (
        chapters
        + f'\n\t<link rel="contents" title="{ctx.w("Archives")}" href="{ctx.urls.archive()}">\n'
        + modern.section_links(ctx, "")
        + _alternate(ctx.urls.feed("atom"))
    )
    content = (
        f'\t\t\t\t\t<div id="content-info">\n\t\t\t\t\t\t<h2>{ctx.w("Archives")}</h2>\n'
        '\t\t\t\t\t</div>\n\n\t\t\t\t\t<div class="content-inner">\n\n'
        '\t\t\t\t\t\t<div id="time-criteria"><!-- entries sorted by date -->\n'
        '\t\t\t\t\t\t\t<div id="by-date" class="arch-block">\n\t\t\t\t\t\t\t\t<h3>'
        f"{ctx.w('By date')}</h3>\n"
        f"\t\t\t\t\t\t\t\t{modern.archive_fromto(ctx)}{modern.archive_years(ctx, _ARCHIVE_CLASSES)}"
        "\t\t\t\t\t\t\t</div>\n\t\t\t\t\t\t</div>\n\n"
        '\t\t\t\t\t\t<div id="other-criteria"><!-- entries sorted by others criterias -->\n'
        f"{modern.archive_other(ctx, _ARCHIVE_CLASSES)}\t\t\t\t\t\t</div>\n\n"
        '\t\t\t\t\t\t<div id="more-arch"><!-- others things -->\n'
        '\t\t\t\t\t\t\t<div class="arch-block">\n\t\t\t\t\t\t\t</div>\n\t\t\t\t\t\t</div>\n'
        "\t\t\t\t\t</div> <!-- End .content-inner -->\n"
    )
    nav = widgets.modern_nav(ctx, "h2").split('<div class="widget" id="topnav">')[0]
    head = _head(ctx, title, _blog_meta(ctx, with_description=False), links)
    return head + _body(ctx, "dc-archive", content, nav)


def archive_month(ctx: Ctx, year: int, month: int) -> str:
    label = month_label(year, month)
    title = f"{ctx.w('Archives')} - {label} - {esc(ctx.blog.settings.name)}"
    posts = ctx.blog.in_month(year, month)
    chapters = "".join(
        f'\t\t<link rel="chapter" href="{esc(ctx.urls.post(p))}" title="{esc(p.title)}">\n'
        for p in posts
    )
    links = _links(ctx, "\n", modern.month_rel_links(ctx, year, month), "\n", chapters)
    content = (
        "\t\t\t\t\t"
        + month_navlinks(ctx, year, month, "navlinks topnl")
        + f'\n\t\t\t\t\t<div id="content-info">\n\t\t\t\t\t\t<h2>{label} <span>({len(posts)}'
        ")</span>"
        + "</h2>\n\t\t\t\t\t</div>\n\n"
        + f'\t\t\t\t\t<div class="content-inner">\n{month_entries(ctx, posts, "ductile")}'
        + "\t\t\t\t\t</div>\n\n\t\t\t\t\t"
        + month_navlinks(ctx, year, month, "navlinks")
    )
    meta = _blog_meta(ctx, with_description=False)
    return _head(ctx, title, meta, links, "NOINDEX") + _body(ctx, "dc-archive-month", content)
