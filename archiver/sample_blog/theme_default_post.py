"""The 2009 "default" template set, continued: post.html, archive.html, archive_month.html."""

from __future__ import annotations

from archiver.sample_blog.blog import Comment, post_content, post_description
from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import cut_string, esc, fr_date, fr_time, month_label
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.theme_default import (
    alternate,
    blog_meta,
    head_end,
    head_start,
    page,
    post_info,
    post_tags,
    top_links,
)
from archiver.sample_blog.words import comment_count

_POST_FEED = "This post's comments feed"
_POST_FEED_TITLE = "This post's comments Atom feed"


def _post_head(ctx: Ctx, post: SamplePost) -> str:
    s = ctx.blog.settings
    title = esc(post.title)
    desc = post_description(post)
    dc_date = ctx.dc_date(post.published)
    return (
        head_start(ctx)
        + f"  <title>{title} - {esc(s.name)}</title>\n"
        + f'  <meta name="description" lang="fr" content="{desc}" />\n'
        + f'  <meta name="copyright" content="{esc(s.copyright)}" />\n'
        + f'  <meta name="author" content="{esc(post.author)}" />\n'
        + f"  {ctx.meta_date(post.published, scheme=True, close=' /')}\n  \n"
        + '  <link rel="schema.dc" href="http://purl.org/dc/elements/1.1/" />\n'
        + f'  <meta name="dc.title" content="{title}" />\n'
        + f'  <meta name="dc.description" lang="fr" content="{desc}" />\n'
        + f'  <meta name="dc.creator" content="{esc(post.author)}" />\n'
        + '  <meta name="dc.language" content="fr" />\n'
        + f'  <meta name="dc.publisher" content="{esc(s.editor)}" />\n'
        + f'  <meta name="dc.rights" content="{esc(s.copyright)}" />\n'
        + f"  {dc_date}\n"
        + '  <meta name="dc.type" content="text" />\n'
        + '  <meta name="dc.format" content="text/html" />\n  \n'
        + top_links(ctx)
        + _neighbour_links(ctx, post)
        + alternate(ctx, ctx.urls.feed("atom"))
        + "  \n"
        + head_end(_post_scripts(ctx))
    )


def _neighbour_links(ctx: Ctx, post: SamplePost) -> str:
    res = ""
    for rel, other in (("next", ctx.blog.newer(post)), ("prev", ctx.blog.older(post))):
        if other is not None:
            href = esc(ctx.urls.post(other))
            res += f'  <link rel="{rel}" href="{href}"\n  title="{esc(other.title)}" />\n  \n'
    return res


def _post_scripts(ctx: Ctx) -> str:
    return (
        "  \n"
        '  <script type="text/javascript" src="/themes/default/../default/js/post.js"></script>\n'
        '  <script type="text/javascript">\n  //<![CDATA[\n'
        f"  var post_remember_str = '{ctx.w('Remember me on this blog')}';\n"
        "  //]]>\n  </script>\n"
    )


def navlinks(ctx: Ctx, post: SamplePost, opening: str) -> str:
    """<p id="navlinks"> (or class="navlinks"): « older entry - newer entry »."""
    res = f"  {opening}\n  "
    older, newer = ctx.blog.older(post), ctx.blog.newer(post)
    if older is not None:
        res += (
            f'<a href="{esc(ctx.urls.post(older))}"\n  title="{esc(older.title)}" '
            f'class="prev">&#171; {esc(cut_string(older.title, 50))}</a>'
        )
    res += "\n  "
    if newer is not None:
        res += (
            f' <span>-</span> <a href="{esc(ctx.urls.post(newer))}"\n'
            f'  title="{esc(newer.title)}" class="next">{esc(cut_string(newer.title, 50))}'
            " &#187;</a>"
        )
    return res + "\n  </p>\n  \n"


def comment_author_link(comment: Comment, rel: str = "nofollow") -> str:
    """getAuthorLink: the name, in a link to the commenter's site when given."""
    name = esc(comment.author)
    if not comment.website:
        return name
    return f'<a href="{esc(comment.website)}" rel="{rel}">{name}</a>'


def _comment(ctx: Ctx, comment: Comment, index: int) -> str:
    cls = f" {'odd' if index % 2 == 0 else ''} {'first' if index == 0 else ''}"
    when = fr_date(comment.published)
    if ctx.opts.comment_times:
        when += f", {fr_time(comment.published)}"
    return (
        f'      <dt id="c{comment.id}" class="{cls}"><a\n'
        f'      href="#c{comment.id}" class="comment-number">{index + 1}.</a>\n'
        f"      {ctx.w('On')} {when}\n"
        f"      {ctx.w('by')} {comment_author_link(comment)}</dt>\n      \n"
        f'      <dd class="{cls}">\n'
        "      <!-- # --BEHAVIOR-- publicCommentBeforeContent -->\n      \n      \n"
        f"      {comment.content}\n      \n"
        "      <!-- # --BEHAVIOR-- publicCommentAfterContent -->\n      \n      </dd>\n    "
    )


def _comments(ctx: Ctx, post: SamplePost) -> str:
    comments = ctx.blog.comments_of(post)
    if not comments:
        return "  <!-- # Comments -->\n  \n    \n  \n  "
    items = "".join(_comment(ctx, c, i) for i, c in enumerate(comments))
    return (
        "  <!-- # Comments -->\n  \n    \n"
        f'      <div id="comments">\n        <h3>{ctx.w("Comments")}</h3>\n      <dl>\n    \n'
        f"{items}\n      </dl>\n      </div>\n    \n    \n  \n  "
    )


def _field(name: str, label: str, size_attrs: str = 'size="30" maxlength="255"') -> str:
    return (
        f'        <p class="field"><label for="c_{name}">{label}&nbsp;:</label>\n'
        f'        <input name="c_{name}" id="c_{name}" type="text" {size_attrs}\n'
        '        value="" />\n        </p>\n        \n'
    )


def _comment_form(ctx: Ctx, post: SamplePost) -> str:
    w = ctx.w
    return (
        "  \n    \n    \n    \n    <!-- # Comment form -->\n"
        f'    <form action="{esc(ctx.urls.post(post))}#pr" method="post" id="comment-form">\n'
        f"      \n      \n      <h3>{w('Add a comment')}</h3>\n      <fieldset>\n"
        "        <!-- # --BEHAVIOR-- publicCommentFormBeforeContent -->\n        \n        \n"
        + _field("name", w("Name or nickname"))
        + _field("mail", w("Email address"))
        + _field("site", f"{w('Website')}\n        ({w('optional')})")
        + '        <p style="display:none"><input name="f_mail" type="text" size="30"\n'
        '        maxlength="255" value="" /></p>\n        \n'
        f'        <p class="field"><label for="c_content">{w("Comment")}&nbsp;:</label>\n'
        '        <textarea name="c_content" id="c_content" cols="35"\n'
        '        rows="7"></textarea>\n        </p>\n'
        f'        <p class="form-help">{w("comment help")}</p>\n        \n'
        "        <!-- # --BEHAVIOR-- publicCommentFormAfterContent -->\n        \n"
        "      </fieldset>\n      \n      <fieldset>\n"
        '        <p class="buttons"><input type="submit" class="preview" name="preview" '
        f'value="{w("preview")}" />\n        </p>\n      </fieldset>\n    </form>\n  \n  \n'
    )


def post(ctx: Ctx, entry: SamplePost) -> str:
    url = esc(ctx.urls.post(entry))
    feed = f"{ctx.urls.feed('atom')}/comments/{entry.id}"
    content = (
        "  \n"
        + navlinks(ctx, entry, '<p id="navlinks">')
        + f'  <div id="p{entry.id}" class="post">\n'
        + f'    <h2 class="post-title">{esc(entry.title)}</h2>\n    \n'
        + f"    {post_info(ctx, entry)}\n"
        + f'    - <a href="{url}">{ctx.w("Permalink")}</a>\n    </p>\n    \n'
        + f"    {post_tags(ctx, entry)}\n    \n"
        + "    <!-- # --BEHAVIOR-- publicEntryBeforeContent -->\n    \n    \n"
        + "    <!-- # Entry with an excerpt -->\n    \n    \n"
        + f'    <div class="post-content">{post_content(entry)}</div>\n    \n'
        + "    <!-- # --BEHAVIOR-- publicEntryAfterContent -->\n    \n  </div>\n  \n"
        + "  <!-- # Attachments -->\n  \n \n"
        + _comments(ctx, entry)
        + _comment_form(ctx, entry)
        + "  <!-- # Trackbacks -->\n  \n  \n  \n  \n"
        + f'  <p id="comments-feed"><a class="feed" href="{esc(feed)}"\n'
        + f'  title="{ctx.w(_POST_FEED_TITLE)}">{ctx.w(_POST_FEED)}</a></p>\n  \n  '
    )
    return page(ctx, "dc-post", _post_head(ctx, entry), content)


def archive(ctx: Ctx) -> str:
    title = f"{ctx.w('Archives')} - {esc(ctx.blog.settings.name)}"
    months = ctx.blog.months()
    chapters = "".join(
        f'    <link rel="chapter" href="{ctx.urls.archive(y, m)}" title="{month_label(y, m)}" />\n'
        "  \n"
        for y, m, _ in months
    )
    head = (
        head_start(ctx)
        + f"  <title>{title}</title>\n"
        + blog_meta(ctx, title)
        + f'  <link rel="top" href="{ctx.base}" title="{ctx.w("Home")}" />\n  \n  '
        + chapters
        + "  \n"
        + alternate(ctx, ctx.urls.feed("atom"))
        + "  \n"
        + head_end()
    )
    body = ""
    for index, (year, month, count) in enumerate(months):
        if index == 0 or months[index - 1][0] != year:
            body += f"    \n      <h3>{year}</h3>\n      <ul>\n    "
        body += (
            f'\n      <li><a href="{ctx.urls.archive(year, month)}"\n'
            f'      title="{month_label(year, month)}">{month_label(year, month).split()[0]}</a>\n'
            f"      ({count})</li>\n    "
        )
        if index == len(months) - 1 or months[index + 1][0] != year:
            body += "\n      </ul>\n    \n  "
    content = (
        f'  \n  <div id="content-info">\n    <h2>{ctx.w("Archives")}</h2>\n  </div>\n  \n'
        f'  <div class="content-inner">\n  {body}</div>\n  \n  '
    )
    return page(ctx, "dc-archive", head, content)


def _month_neighbours(ctx: Ctx, year: int, month: int) -> tuple[str, str]:
    """(ArchivePrevious, ArchiveNext): the older and the newer month with entries."""
    keys = [(y, m) for y, m, _ in ctx.blog.months()]
    index = keys.index((year, month))
    older = keys[index + 1] if index + 1 < len(keys) else None
    newer = keys[index - 1] if index > 0 else None
    prev_link = f'<a href="{ctx.urls.archive(*older)}" class="prev">&#171; ' if older else ""
    prev_link += f"{month_label(*older)}</a>\n  - " if older else ""
    next_link = f' - <a href="{ctx.urls.archive(*newer)}" class="next">' if newer else ""
    next_link += f"{month_label(*newer)} &#187;</a>" if newer else ""
    return prev_link, next_link


def _month_rel_links(ctx: Ctx, year: int, month: int) -> str:
    keys = [(y, m) for y, m, _ in ctx.blog.months()]
    index = keys.index((year, month))
    res = ""
    if index > 0:
        newer = keys[index - 1]
        res += (
            f'  <link rel="next" href="{ctx.urls.archive(*newer)}"\n'
            f'  title="{month_label(*newer)}" />\n'
        )
    if index + 1 < len(keys):
        older = keys[index + 1]
        res += (
            f'  <link rel="prev" href="{ctx.urls.archive(*older)}"\n'
            f'  title="{month_label(*older)}" />\n'
        )
    return res


def _month_entry(ctx: Ctx, entry: SamplePost, day_header: bool) -> str:
    url = esc(ctx.urls.post(entry))
    header = f'<p class="day-date">{fr_date(entry.published)}</p>' if day_header else ""
    count = comment_count(ctx.words, len(ctx.blog.comments_of(entry)))
    return (
        f"    <!-- # New day date -->\n    {header}\n    \n"
        f'    <h2 id="p{entry.id}" class="post-title" lang="fr" xml:lang="fr"><a\n'
        f'    href="{url}" title="{ctx.w("Read")} {esc(entry.title)}">{esc(entry.title)}</a></h2>\n'
        f'    \n    <p class="post-info">{ctx.w("By")} {esc(entry.author)}\n    \n'
        f'    - <a href="{url}#comments">{count}</a>\n    \n    \n    \n    </p>\n  '
    )


def archive_month(ctx: Ctx, year: int, month: int) -> str:
    label = month_label(year, month)
    title = f"{ctx.w('Archives')} - {label} - {esc(ctx.blog.settings.name)}"
    posts = ctx.blog.in_month(year, month)
    prev_link, next_link = _month_neighbours(ctx, year, month)
    rel_links = _month_rel_links(ctx, year, month)
    chapters = "".join(
        f'  <link rel="chapter" href="{esc(ctx.urls.post(p))}" title="{esc(p.title)}" />\n  '
        for p in posts
    )
    head = (
        head_start(ctx, "NOINDEX")
        + f"  <title>{title}</title>\n"
        + blog_meta(ctx, title)
        + f'  <link rel="top" href="{ctx.base}" title="{ctx.w("Home")}" />\n'
        + f'  <link rel="up" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + f'  <link rel="contents" href="{ctx.urls.archive()}" title="{ctx.w("Archives")}" />\n'
        + f"  \n  \n{rel_links}  \n  {chapters}\n  \n"
        + head_end()
    )
    body = ""
    for index, entry in enumerate(posts):
        first_of_day = index == 0 or posts[index - 1].published.date() != entry.published.date()
        body += _month_entry(ctx, entry, first_of_day)
    content = (
        f'  \n  <p id="navlinks">\n  {prev_link}\n'
        f'  <a href="{ctx.urls.archive()}">{ctx.w("Archives")}</a>\n  {next_link}\n  </p>\n  \n'
        f'  <div id="content-info">\n    <h2>{label}</h2>\n  </div>\n  \n'
        f'  <div class="content-inner">\n  {body}\n  </div>\n  '
    )
    return page(ctx, "dc-archive-month", head, content)
