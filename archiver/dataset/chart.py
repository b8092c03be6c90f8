"""The dataset card's chart, posts.svg: posts per month and per tag, as plain SVG text.

Written directly (bars are rectangles, labels are text): no plotting library to import, a few
milliseconds for any blog, a file any browser or Markdown viewer shows and a diff can read.
"""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape, quoteattr

WIDTH = 1100
MARGIN = 60  # left of the month bars, below them for the month labels
MONTHS_HEIGHT = 300  # the month bars' area
TAG_ROW = 20  # height of one tag's bar and label
TAG_LABEL = 260  # width kept for the tag names
MONTH_COLOUR, TAG_COLOUR = "#4a7ab5", "#b5784a"


def month_range(months: Counter[str]) -> list[str]:
    """Every month from the first to the last with posts, empty ones too ("YYYY-MM")."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f" {name.replace('_', '-')}={quoteattr(v)}" for name, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _bar(x: float, y: float, width: float, height: float, colour: str, title: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{colour}"><title>{escape(title)}</title></rect>'
    )


def _months(months: Counter[str], posts: int, top: float) -> list[str]:
    """The month bars from `top` down, a label every so many months."""
    shown = month_range(months)
    parts = [_text(MARGIN, top + 20, f"Posts per month ({posts} posts)", font_weight="bold")]
    highest = max(months.values(), default=0) or 1
    step_x = (WIDTH - 2 * MARGIN) / max(1, len(shown))
    base = top + 30 + MONTHS_HEIGHT
    parts.append(_text(MARGIN - 8, top + 40, str(highest), text_anchor="end"))
    parts.append(_text(MARGIN - 8, base, "0", text_anchor="end"))
    label_every = max(1, len(shown) // 24)
    for n, month in enumerate(shown):
        height = MONTHS_HEIGHT * months[month] / highest
        x = MARGIN + n * step_x
        if months[month]:
            title = f"{month}: {months[month]}"
            parts.append(_bar(x, base - height, step_x * 0.8, height, MONTH_COLOUR, title))
        if n % label_every == 0:
            turn = f"rotate(60 {x:.1f} {base + 14:.1f})"
            parts.append(_text(x, base + 14, month, font_size="9", transform=turn))
    return parts


def _tags(tags: Counter[str], top_n: int, top: float) -> list[str]:
    """The `top_n` most used tags as horizontal bars, from `top` down."""
    ranked = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:top_n]
    title = f"Posts per tag ({len(ranked)} of {len(tags)} tags)"
    parts = [_text(MARGIN, top + 20, title, font_weight="bold")]
    most = ranked[0][1] if ranked else 1
    room = WIDTH - TAG_LABEL - 2 * MARGIN
    for n, (tag, count) in enumerate(ranked):
        y = top + 30 + n * TAG_ROW
        parts.append(_text(TAG_LABEL - 8, y + 14, tag, text_anchor="end"))
        width = room * count / most
        parts.append(_bar(TAG_LABEL, y + 2, width, TAG_ROW - 4, TAG_COLOUR, f"{tag}: {count}"))
        parts.append(_text(TAG_LABEL + width + 4, y + 14, str(count), font_size="10"))
    return parts


def chart_svg(posts: int, months: Counter[str], tags: Counter[str], top_tags: int) -> str:
    """The whole chart: posts per month above, the `top_tags` most used tags below."""
    tags_top = 30 + MONTHS_HEIGHT + MARGIN + 40
    height = tags_top + 30 + TAG_ROW * min(len(tags), top_tags) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="white"/>',
        *_months(months, posts, 0),
        *_tags(tags, top_tags, tags_top),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
