"""Sidebar widgets as the widgets and tags plugins printed them.

The blog's widget set (kept across theme changes, as Dotclear stores it per blog):
nav = search, navigation, categories, tags; extra = subscribe (Atom).
`old_*` follow Dotclear 2.1-2.3's plugins (h2 titles, no wrapper); `modern_*` follow 2.7+
(`div.widget` wrappers, h2 or h3 titles depending on the theme).
The tags cloud writes raw tag ids in its hrefs (spaces and UTF-8 unencoded).
"""

from __future__ import annotations

from archiver.sample_blog.context import Ctx
from archiver.sample_blog.fmt import esc

TAG_CLOUD_LIMIT = 20


def _category_items(ctx: Ctx) -> str:
    items = []
    for cat_url, name in sorted(ctx.blog.categories.items(), key=lambda kv: kv[1].lower()):
        cls = ' class="category-current"' if name == ctx.current_category else ""
        href = esc(ctx.urls.base + "category/" + cat_url)
        items.append(f'<li{cls}><a href="{href}">{esc(name)}</a>')
    return "<ul>" + "</li>".join(items) + "</li></ul>" if items else ""


def _tag_items(ctx: Ctx, *, rel: bool) -> str:
    res = ""
    for stat in ctx.blog.tag_stats(TAG_CLOUD_LIMIT):
        cls = ""
        if not rel and stat.tag in ctx.current_post_tags:
            cls = ' class="tag-current"'
        rel_attr = ' rel="tag"' if rel else ""
        href = esc(ctx.urls.tag_raw(stat.tag))
        res += (
            f'<li{cls}><a href="{href}" class="tag{stat.roundpercent}"{rel_attr}>'
            f"{esc(stat.tag)}</a> </li>"
        )
    return res


def _subscribe_items(ctx: Ctx) -> str:
    entries = ctx.w("This blog's entries %s feed").replace("%s", "Atom")
    comments = ctx.w("This blog's comments %s feed").replace("%s", "Atom")
    mime = "application/atom+xml"
    return (
        f'<li><a type="{mime}" href="{ctx.urls.feed("atom")}" title="{esc(entries)}" '
        f'class="feed">{ctx.w("Entries feed")}</a></li>'
        f'<li><a type="{mime}" href="{ctx.urls.feed("atom")}/comments" '
        f'title="{esc(comments)}" class="feed">{ctx.w("Comments feed")}</a></li>'
    )


def _home_link(ctx: Ctx, *, old: bool) -> str:
    if ctx.url_type == "default":
        return ""
    sep = "<span> - </span>" if old else ""
    return f'<li class="topnav-home"><a href="{ctx.base}">{ctx.w("Home")}</a>{sep}</li>'


def old_nav(ctx: Ctx) -> str:
    """{{tpl:Widgets type="nav"}} in the 2009 default theme."""
    search = (
        f'<div id="search"><h2><label for="q">{ctx.w("Search")}</label></h2>'
        f'<form action="{ctx.base}" method="get"><fieldset>'
        '<p><input type="text" size="10" maxlength="255" id="q" name="q" value="" /> '
        '<input type="submit" class="submit" value="ok" /></p>'
        "</fieldset></form></div>"
    )
    nav = (
        f'<div id="topnav"><ul>{_home_link(ctx, old=True)}'
        f'<li class="topnav-arch"><a href="{ctx.urls.archive()}">{ctx.w("Archives")}</a></li>'
        "</ul></div>"
    )
    cats = _category_items(ctx)
    categories = f'<div class="categories"><h2>{ctx.w("Categories")}</h2>{cats}</div>'
    tags = (
        f'<div class="tags"><h2>{ctx.w("Tags")}</h2><ul>{_tag_items(ctx, rel=True)}</ul>'
        f'<p><strong><a href="{ctx.urls.tags()}">{ctx.w("All tags")}</a></strong></p></div>'
    )
    return search + nav + (categories if cats else "") + tags


def old_extra(ctx: Ctx) -> str:
    """{{tpl:Widgets type="extra"}} in the 2009 default theme."""
    return (
        f'<div class="syndicate"><h2>{esc(ctx.w("Subscribe"))}</h2>'
        f"<ul>{_subscribe_items(ctx)}</ul></div>"
    )


def _div(cls: str, attr: str, content: str) -> str:
    """dcWidget::renderDiv."""
    attr = f" {attr}" if attr else ""
    return f'<div class="widget{" " + cls if cls else ""}"{attr}>\n{content}\n</div>\n'


def modern_nav(ctx: Ctx, heading: str) -> str:
    """{{tpl:Widgets type="nav"}} in Dotclear 2.7+ themes; heading is "h2" or "h3"."""
    label = ctx.w("Search")
    search = _div(
        "",
        'id="search"',
        f'<{heading}><label for="q">{label}</label></{heading}>'
        f'<form action="{ctx.base}" method="get" role="search">'
        '<p><input type="text" size="10" maxlength="255" id="q" name="q" value="" '
        f' aria-label="{label}"/> '
        f'<input type="submit" class="submit" value="ok" title="{label}" /></p></form>',
    )
    nav = _div(
        "",
        'id="topnav"',
        f'<nav role="navigation"><ul>{_home_link(ctx, old=False)}'
        f'<li class="topnav-arch"><a href="{ctx.urls.archive()}">{ctx.w("Archives")}</a></li>'
        "</ul></nav>",
    )
    cats = _category_items(ctx)
    title = f"<{heading}>{ctx.w('Categories')}</{heading}>"
    categories = _div("categories ", "", title + cats) if cats else ""
    tags = _div(
        "tags ",
        "",
        f"<{heading}>{ctx.w('Tags')}</{heading}><ul>{_tag_items(ctx, rel=False)}</ul>"
        f'<p><strong><a href="{ctx.urls.tags()}">{ctx.w("All tags")}</a></strong></p>',
    )
    return search + nav + categories + tags


def modern_extra(ctx: Ctx, heading: str) -> str:
    """{{tpl:Widgets type="extra"}} in Dotclear 2.7+ themes."""
    title = f"<{heading}>{esc(ctx.w('Subscribe'))}</{heading}>"
    return _div("syndicate ", "", f"{title}<ul>{_subscribe_items(ctx)}</ul>")
