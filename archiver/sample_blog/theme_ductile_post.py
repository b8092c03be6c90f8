"""The Ductile theme, continued: the comments part of _simple-entry.html."""

from __future__ import annotations

from archiver.sample_blog import modern
from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import esc
from archiver.sample_blog.model import SamplePost
from archiver.sample_blog.words import reactions

_POST_FEED = "This post's comments feed"
_POST_FEED_TITLE = "This post's comments Atom feed"


def _comment_list(ctx: Ctx, post: SamplePost) -> str:
    comments = ctx.blog.comments_of(post)
    if not comments:
        return "<!-- # Comments -->\n\n\n"
    items = "".join(
        f'\t\t\t\t\t\n\t\t\t\t\t\t<li id="c{c.id}" class="{modern.comment_classes(i)}">\n'
        f"\t\t\t\t\t\n\t\t\t\t\t\n\t\t\t\t\t\t\t{modern.comment_info(ctx, c, i)}\n"
        '\t\t\t\t\t\t\t<div class="comment-content">\n'
        "\t\t\t\t\t\t\t\t<!-- # --BEHAVIOR-- publicCommentBeforeContent -->\n\t\t\t\t\t\t\t\t\n\n"
        f"\t\t\t\t\t\t\t\t{c.content}\n\n"
        "\t\t\t\t\t\t\t\t<!-- # --BEHAVIOR-- publicCommentAfterContent -->\n\t\t\t\t\t\t\t\t\n"
        "\t\t\t\t\t\t\t</div>\n\t\t\t\t\t\t</li>\n"
        for i, c in enumerate(comments)
    )
    return (
        '<!-- # Comments -->\n\n\t\n\t\t\n\t\t\t<div id="comments">\n'
        f"\t\t\t\t<h3>{reactions(ctx.words, len(comments))}</h3>\n\t\t\t\t<ul>\n\t\t\n"
        f"{items}\t\t\n\t\t\t\t\t</ul>\n\t\t\t\t</div>\n\t\t\n\t\n\n\n"
    )


def _field(name: str, label: str) -> str:
    return (
        f'\t\t\t<p class="field"><label for="c_{name}">{label}&nbsp;:</label>\n'
        f'\t\t\t\t<input name="c_{name}" id="c_{name}" type="text" size="30" maxlength="255"\n'
        '\t\t\t\t value="">\n\t\t\t</p>\n\n'
    )


def _form(ctx: Ctx, post: SamplePost) -> str:
    w = ctx.w
    return (
        "\t\n\n\t\n\n\t\n\n\t<!-- # Comment form -->\n"
        f'\t<form action="{esc(ctx.urls.post(post))}#pr" method="post" id="comment-form">\n'
        f"\t\t\n\n\t\t<h3>{w('Add a comment')}</h3>\n\t\t<fieldset>\n"
        "\t\t\t<!-- # --BEHAVIOR-- publicCommentFormBeforeContent -->\n\t\t\t\n\n"
        + _field("name", w("Name or nickname"))
        + _field("mail", w("Email address"))
        + _field("site", f"{w('Website')} ({w('optional')})")
        + '\t\t\t<p style="display:none">\n'
        '\t\t\t\t<input name="f_mail" type="text" size="30" maxlength="255" value="">\n\t\t'
        "\t</p>\n\n"
        f'\t\t\t<p class="field"><label for="c_content">{w("Comment")}&nbsp;:</label>\n'
        '\t\t\t\t<textarea name="c_content" id="c_content" cols="35"\n'
        '\t\t\t\t rows="7"></textarea>\n\t\t\t</p>\n\n'
        f'\t\t\t<p class="form-help">{w("comment help")}</p>\n\n'
        "\t\t\t<!-- # --BEHAVIOR-- publicCommentFormAfterContent -->\n\t\t\t\n\t\t</fieldset>\n\n"
        '\t\t<fieldset>\n\t\t\t<p class="buttons">\n'
        f'\t\t\t\t<input type="submit" class="preview" name="preview" value="{w("preview")}">\n'
        "\t\t\t\t\n\t\t\t</p>\n\t\t</fieldset>\n\t</form>\n\n\n"
    )


def comments(ctx: Ctx, post: SamplePost) -> str:
    """Comments list, the post's comments feed link, and the comment form."""
    feed = esc(f"{ctx.urls.feed('atom')}/comments/{post.id}")
    return (
        _comment_list(ctx, post)
        + f'\n\t<p id="comments-feed"><a class="feed" href="{feed}"\n'
        + f'\t\t title="{ctx.w(_POST_FEED_TITLE)}">{ctx.w(_POST_FEED)}</a></p>\n\n\n'
        + _form(ctx, post)
    )
