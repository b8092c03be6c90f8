"""Pieces the HTML5 template sets (currywurst for Berlin, Ductile's own) have in common."""

from __future__ import annotations

from archiver.sample_blog.blog import Comment, Listing
from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import cut_string, esc, fr_time, month_label, numeric_date
from archiver.sample_blog.model import SamplePost


def page_suffix(ctx: Ctx, page: int) -> str:
    return f" - {ctx.w('page')} {page}" if page != 1 else ""


def listing_links(ctx: Ctx, listing: Listing, close: str) -> str:
    """<link rel="prev"/"next"/"chapter"> from <tpl:Entries no_content="1">; close is "" or " /"."""
    if not listing.entries:
        return ""
    res = ""
    if not listing.at_end:
        href = ctx.pagination_url(listing, 1)
        res += f'    <link rel="prev" title="{ctx.w("previous entries")}" href="{href}"{close}>\n'
    if not listing.at_start:
        href = ctx.pagination_url(listing, -1)
        res += f'    <link rel="next" title="{ctx.w("next entries")}" href="{href}"{close}>\n'
    for post in listing.entries:
        url = esc(ctx.urls.post(post))
        res += f'    <link rel="chapter" href="{url}" title="{esc(post.title)}"{close}>\n'
    return res


def section_links(ctx: Ctx, close: str) -> str:
    return "".join(
        f'    <link rel="section" href="{esc(ctx.urls.category(n))}" title="{esc(n)}"{close}>\n'
        for n in sorted(ctx.blog.categories.values(), key=str.lower)
    )


def neighbour_links(ctx: Ctx, post: SamplePost, close: str) -> str:
    res = ""
    for rel, other in (("next", ctx.blog.newer(post)), ("prev", ctx.blog.older(post))):
        if other is not None:
            url = esc(ctx.urls.post(other))
            res += f'    <link rel="{rel}" href="{url}" title="{esc(other.title)}"{close}>\n'
    return res


def navlinks(ctx: Ctx, post: SamplePost, cls: str) -> str:
    """<p class="navlinks topnl"> / <p class="navlinks">: « older - newer »."""
    res = f'<p class="{cls}">\n    '
    older, newer = ctx.blog.older(post), ctx.blog.newer(post)
    if older is not None:
        res += (
            f'<a href="{esc(ctx.urls.post(older))}"\n     title="{esc(older.title)}" '
            f'class="prev">&#171; {esc(cut_string(older.title, 50))}</a>'
        )
    res += "\n    "
    if newer is not None:
        res += (
            f' <span>-</span> <a href="{esc(ctx.urls.post(newer))}"\n'
            f'     title="{esc(newer.title)}" class="next">{esc(cut_string(newer.title, 50))}'
            " &#187;</a>"
        )
    return res + "\n  </p>\n"


def post_cat(ctx: Ctx, post: SamplePost) -> str:
    if not post.category:
        return ""
    href = esc(ctx.urls.entry_category(post.category))
    return f'<span class="post-cat"><a\n        href="{href}">{esc(post.category)}</a></span>'


def comment_count_link(ctx: Ctx, post: SamplePost, text: str) -> str:
    return f'<a href="{esc(ctx.urls.post(post))}#comments" class="comment_count">{text}</a>'


def comment_info(ctx: Ctx, comment: Comment, index: int) -> str:
    """<p class="comment-info">: number, "De" author link, "dd/mm/YYYY, HH:MM"."""
    name = esc(comment.author)
    if comment.website:
        name = f'<a href="{esc(comment.website)}" rel="ugc nofollow">{name}</a>'
    when = numeric_date(comment.published)
    if ctx.opts.comment_times:
        when += f", {fr_time(comment.published)}"
    return (
        f'<p class="comment-info"><a href="#c{comment.id}" class="comment-number">{index + 1}</a>\n'
        f"      {ctx.w('From')} {name} - {when}\n    </p>"
    )


def comment_classes(index: int) -> str:
    """class="comment {CommentIfMe} {CommentIfOdd} {CommentIfFirst}"."""
    return f"comment  {'odd' if index % 2 == 0 else ''} {'first' if index == 0 else ''}"


def tag_content_info(ctx: Ctx, tag_id: str) -> str:
    feed = esc(ctx.urls.tag_feed(tag_id))
    return (
        f'<div id="content-info">\n    <h2>{ctx.w("Tag")} - {esc(tag_id)}</h2>\n'
        f'    <p><a type="application/atom+xml" href="{feed}"\n'
        f'      title="{ctx.w("This tag" + _S + "entries Atom feed")}" class="feed">'
        f"{ctx.w('Entries feed')}</a>\n      \n"
        f'        - <a type="application/atom+xml" href="{feed}/comments"\n'
        f'        title="{ctx.w("This tag" + _S + "comments Atom feed")}" class="feed">'
        f"{ctx.w('Comments feed')}</a>\n      \n    </p>\n  </div>\n"
    )


_S = "'s "
_NOT_FOUND = "URL you've tried has typos, or the page has been deleted or moved."


def category_feed_items(ctx: Ctx, name: str) -> tuple[str, str]:
    """(entries feed link, comments feed link) of a category page."""
    feed = esc(ctx.urls.category_feed(name))
    entries = (
        f'<a type="application/atom+xml" href="{feed}"\n'
        f'         title="{ctx.w("This category" + _S + "entries Atom feed")}" class="feed">'
        f"{ctx.w('Entries feed')}</a>"
    )
    comments = (
        f'<a type="application/atom+xml" href="{feed}/comments"\n'
        f'         title="{ctx.w("This category" + _S + "comments Atom feed")}" class="feed">'
        f"{ctx.w('Comments feed')}</a>"
    )
    return entries, comments


def tags_content(ctx: Ctx) -> str:
    items = "".join(
        f'        <li><a href="{esc(ctx.urls.tag(s.tag))}" class="tag{s.roundpercent}">'
        f"{esc(s.tag)}</a></li>\n"
        for s in ctx.blog.tag_stats()
    )
    return (
        f'<div id="content-info">\n    <h2>{ctx.w("Tags")}</h2>\n  </div>\n'
        f'  <div class="content-inner">\n    <ul class="tags">\n{items}    </ul>\n  </div>\n'
    )


def not_found_content(ctx: Ctx) -> str:
    w = ctx.w
    return (
        f'<div id="content-info">\n    <h2>{w("Document not found")}</h2>\n'
        f"    <p>{w(_NOT_FOUND)}</p>\n"
        f'  </div>\n  <div class="content-inner">\n    <h3>{w("Suggestions:")}</h3>\n    <ul>\n'
        f'      <li><a href="{ctx.base}">{w("Go to homepage")}</a></li>\n'
        f'      <li><a href="#search">{w("Use search form")}</a></li>\n'
        f'      <li><a href="{ctx.base}archive">{w("Explore archives")}</a></li>\n'
        "    </ul>\n  </div> <!-- End #content-inner -->\n"
    )


def archive_years(ctx: Ctx, cls: dict[str, str]) -> str:
    """The "By date" block of archive.html (months in ascending order, grouped by year)."""
    months = sorted(ctx.blog.months())
    res = ""
    for index, (year, month, count) in enumerate(months):
        if index == 0 or months[index - 1][0] != year:
            res += f"<div{cls['year_div']}>\n<h4>{year}</h4>\n<ul{cls['year_ul']}>\n"
        label = month_label(year, month)
        res += (
            f'<li><a href="{ctx.urls.archive(year, month)}" title="{label}">{label.split()[0]}'
            f"</a>\n  <span>({count})</span></li>\n"
        )
        if index == len(months) - 1 or months[index + 1][0] != year:
            res += "</ul>\n</div>\n"
    return res


def archive_fromto(ctx: Ctx) -> str:
    """<p class="fromto">Du <a>first day</a> au <a>last day</a></p> ("%e %B %Y")."""
    posts = ctx.blog.posts
    if not posts:
        return '<p class="fromto"></p>'
    first, last = posts[-1], posts[0]

    def day(p: SamplePost) -> str:
        d = p.published
        return f'<a href="{esc(ctx.urls.post(p))}">{d.day:2d} {month_label(d.year, d.month)}</a>'

    return f'<p class="fromto">{ctx.w("FromDay")} {day(first)} {ctx.w("toDay")} {day(last)}\n</p>'


def archive_other(ctx: Ctx, cls: dict[str, str]) -> str:
    """The "By category" and "By tag" blocks of archive.html."""
    cats = "".join(
        f'<li><a href="{esc(ctx.urls.category(n))}">{esc(n)}</a>\n</li>\n'
        for n in sorted(ctx.blog.categories.values(), key=str.lower)
    )
    stats = sorted(ctx.blog.tag_stats(), key=lambda s: -s.count)
    tags = "".join(
        f'<li><a href="{esc(ctx.urls.tag(s.tag))}" class="tag{s.roundpercent}">{esc(s.tag)}<'
        "/a></li>\n"
        for s in stats
    )
    res = ""
    if cats:
        res += (
            f'<div id="{cls["cat_id"]}" class="{cls["cat_class"]}">\n'
            f"<h3>{ctx.w('By category')}</h3>\n<ul{cls['cat_ul']}>\n{cats}</ul>\n</div>\n"
        )
    if tags:
        res += (
            f'<div id="{cls["tag_id"]}" class="{cls["tag_class"]}">\n'
            f"<h3>{ctx.w('By tag')}</h3>\n<ul{cls['tag_ul']}>\n{tags}</ul>\n</div>\n"
        )
    return res


def month_rel_links(ctx: Ctx, year: int, month: int, close: str = "", indent: str = "\t") -> str:
    """<link rel="next"> (newer month) and <link rel="prev"> (older month) of archive_month."""
    keys = [(y, m) for y, m, _ in ctx.blog.months()]
    index = keys.index((year, month))
    res = ""
    if index > 0:
        newer = keys[index - 1]
        url = ctx.urls.archive(*newer)
        res += f'{indent}<link rel="next" href="{url}" title="{month_label(*newer)}"{close}>\n'
    if index + 1 < len(keys):
        older = keys[index + 1]
        url = ctx.urls.archive(*older)
        res += f'{indent}<link rel="prev" href="{url}" title="{month_label(*older)}"{close}>\n'
    return res
