"""The Berlin theme, continued: _entry-content.html, _entry-feedback.html, archive_month.html."""

from __future__ import annotations

from archiver.sample_blog import modern
from archiver.sample_blog.blog import post_content
from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import esc, fr_date, month_label
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.words import comment_count, reactions

_POST_FEED = "This post's comments feed"
_POST_FEED_TITLE = "This post's comments Atom feed"


def post_meta(ctx: Ctx, post: SamplePost, *, permalink: bool) -> str:
    """<div class="post-meta"> opened: post-info (author, day only, category) and tags list."""
    date_tail = ". " if permalink else "."
    perma = ""
    if permalink:
        url = esc(ctx.urls.post(post))
        perma = (
            f'\n      <span class="post-permalink"><a href="{url}">{ctx.w("Permalink")}</a></span>'
        )
    cat = modern.post_cat(ctx, post)
    res = (
        '<div class="post-meta">\n    <p class="post-info">\n'
        f'      <span class="post-author">{ctx.w("By")} {esc(post.author)}, </span>\n'
        f'      <span class="post-date">{fr_date(post.published)}{date_tail}</span>{perma}\n'
        f"      \n        {cat}\n      \n    </p>\n    \n"
    )
    if post.tags:
        items = "".join(
            f'      <li class="post-tags-item"><a href="{esc(ctx.urls.tag(t))}">{esc(t)}</a></li>\n'
            for t in post.tags
        )
        res += f'      <ul class="post-tags-list">\n{items}        </ul>\n    \n'
    return res


def _entry_content(ctx: Ctx, post: SamplePost) -> str:
    return (
        f'<div class="post simple" id="p{post.id}" role="article" lang="fr">\n'
        f'  <h2 class="post-title">{esc(post.title)}</h2>\n'
        f"  {post_meta(ctx, post, permalink=True)}  </div>\n"
        "  <!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n  \n  \n"
        f'  <div class="post-content">{post_content(post)}</div>\n'
        "  <!-- # --BEHAVIOR-- publicEntryAfterContent -->\n  \n  <!-- # Attachments -->\n "
        " \n</div>\n"
    )


def _comments(ctx: Ctx, post: SamplePost) -> str:
    comments = ctx.blog.comments_of(post)
    if not comments:
        return ""
    feed = esc(f"{ctx.urls.feed('atom')}/comments/{post.id}")
    items = "".join(
        f'    \n      <li id="c{c.id}" class="{modern.comment_classes(i)}">\n    \n    \n'
        f"    {modern.comment_info(ctx, c, i)}\n"
        '    <div class="comment-content">\n      <!-- # --BEHAVIOR-- publicCommentBeforeCo'
        "ntent -->\n"
        f"      \n      {c.content}\n"
        "      <!-- # --BEHAVIOR-- publicCommentAfterContent -->\n      \n    </div>\n    </li>\n"
        for i, c in enumerate(comments)
    )
    return (
        '  \n    \n      <div class="feedback__comments" id="comments">\n'
        f"        <h3>{reactions(ctx.words, len(comments))}</h3>\n        \n"
        f'          <p id="comments-feed"><a class="feed" href="{feed}"\n'
        f'            title="{ctx.w(_POST_FEED_TITLE)}">{ctx.w(_POST_FEED)}</a></p>\n        \n'
        f'        <ul class="comments-list">\n{items}    \n      </ul>\n      </div>\n    \n  \n'
    )


def _field(ctx: Ctx, cls: str, name: str, label: str, kind: str, required: bool) -> str:
    star = f'<abbr title="{ctx.w("Required field")}">*</abbr>' if required else ""
    req = " required" if required else ""
    return (
        f'    <p class="field {cls}"><label for="c_{name}">{label}{star}&nbsp;:</label>\n'
        f'      <input name="c_{name}" id="c_{name}" type="{kind}" size="30" maxlength="255" '
        f'value=""{req} />\n    </p>\n'
    )


def _form(ctx: Ctx, post: SamplePost) -> str:
    w = ctx.w
    return (
        "  \n  \n  \n  \n  <!-- # Comment form -->\n"
        f'  <form class="comment-form" action="{esc(ctx.urls.post(post))}#pr" method="post" '
        'id="comment-form" role="form">\n    \n'
        f"    <h3>{w('Add a comment')}</h3>\n"
        "    <!-- # --BEHAVIOR-- publicCommentFormBeforeContent -->\n    \n"
        + _field(ctx, "name-field", "name", w("Name or nickname"), "text", True)
        + _field(ctx, "mail-field", "mail", w("Email address"), "email", True)
        + _field(ctx, "site-field", "site", w("Website"), "url", False)
        + '    <p style="display:none">\n'
        '      <input name="f_mail" type="text" size="30" maxlength="255" value="" />\n    </p>\n'
        '    <p class="field field-content"><label for="c_content" aria-describedby="c_help">'
        f'{w("Comment")}<abbr title="{w("Required field")}">*</abbr>&nbsp;:</label>\n'
        '      <textarea name="c_content" id="c_content" cols="35" rows="7" required></textarea>\n'
        f'    </p>\n    <p class="form-help" id="c_help">{w("comment help")}</p>\n'
        "    <!-- # --BEHAVIOR-- publicCommentFormAfterContent -->\n    \n"
        '    <p class="buttons">\n'
        f'      <button type="submit" class="preview" name="preview" value="{w("Preview")}">'
        f"{w('Preview')}</button>\n      \n    </p>\n  </form>\n\n"
    )


def comments_block(ctx: Ctx, post: SamplePost) -> str:
    """_simple-entry.html: the entry, then its comments and the comment form."""
    return (
        "<!-- # Post content and attachments -->\n"
        + _entry_content(ctx, post)
        + '<!-- # Comments, pings and comment form -->\n\n  <div class="post-feedback">\n\n'
        + "<!-- # Comments -->\n"
        + _comments(ctx, post)
        + _form(ctx, post)
        + "\n\n  </div> <!-- end post-feedback -->\n\n"
    )


def entry_title(ctx: Ctx, post: SamplePost, index: int, day_header: bool, shape: str) -> str:
    """_entry-title.html (currywurst when shape="berlin", Ductile's otherwise)."""
    odd = "odd" if index % 2 == 0 else ""
    first = "first" if index == 0 else ""
    header = f'<p class="day-date">{fr_date(post.published)}</p>' if day_header else ""
    count = comment_count(ctx.words, len(ctx.blog.comments_of(post)))
    lang = 'lang="fr" role="article"' if shape == "berlin" else 'lang="fr" xml:lang="fr"'
    meta_div = "post-meta" if shape == "berlin" else "post-attr"
    cat = ""
    if post.category:
        href = esc(ctx.urls.entry_category(post.category))
        cat = f'<span class="post-cat"><a href="{href}">{esc(post.category)}</a></span>'
    return (
        f'<div id="p{post.id}" class="post {odd} {first} title" {lang}>\n'
        f"  <!-- # New day date -->\n  \n    {header}\n  \n"
        f'  <h2 class="post-title"><a href="{esc(ctx.urls.post(post))}">{esc(post.title)}</a'
        "></h2>\n"
        f'  <div class="{meta_div}">\n    <p class="post-info">\n'
        f'      <span class="post-author">{ctx.w("By")} {esc(post.author)}, </span>\n'
        f'      <span class="post-date">{fr_date(post.published)}. </span>\n'
        f"      \n        {cat}\n      \n    </p>\n  </div>\n"
        "  <!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n  \n"
        "  <!-- # --BEHAVIOR-- publicEntryAfterContent -->\n  \n"
        "  <!-- # Number of comments, trackbacks and attachments -->\n  \n"
        '    <p class="post-info-co">\n  \n  \n'
        f"    {modern.comment_count_link(ctx, post, count)}\n  \n  \n    </p>\n  \n</div>\n"
    )


def month_entries(ctx: Ctx, posts: list[SamplePost], shape: str) -> str:
    res = ""
    for index, post in enumerate(posts):
        first_of_day = index == 0 or posts[index - 1].published.date() != post.published.date()
        res += entry_title(ctx, post, index, first_of_day, shape)
    return res


def month_navlinks(ctx: Ctx, year: int, month: int, cls: str) -> str:
    """<p class="navlinks">: « older month - this month - newer month »."""
    keys = [(y, m) for y, m, _ in ctx.blog.months()]
    index = keys.index((year, month))
    res = f'<p class="{cls}">\n    '
    if index + 1 < len(keys):
        older = keys[index + 1]
        res += (
            f'<a href="{ctx.urls.archive(*older)}" class="prev">&#171; {month_label(*older)}</a> - '
        )
    res += f"\n    {month_label(year, month)}\n    "
    if index > 0:
        newer = keys[index - 1]
        res += (
            f' - <a href="{ctx.urls.archive(*newer)}" class="next">{month_label(*newer)} &#187;</a>'
        )
    return res + "\n  </p>\n"
