"""Text helpers reproducing Dotclear's formatting: French dates, HTML escaping, URL encoding."""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import quote

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Characters Dotclear left raw in post URLs (html::sanitizeURL on a tidyURL'd slug).
_POST_URL_SAFE = "/,'()!*:;@=+$-_.~"


def esc(text: str) -> str:
    """html::escapeHTML (PHP htmlspecialchars): & < > " are escaped, ' is not."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def xml_esc(text: str) -> str:
    """encode_xml="1" in feed templates."""
    return esc(text)


def fr_date(dt: datetime) -> str:
    """Dotclear date_format "%A %e %B %Y" in French: "dimanche 24 décembre 2006".

    %e pads single-digit days with a space, as strftime did: "vendredi  1 décembre 2006".
    """
    return f"{DAYS[dt.weekday()]} {dt.day:2d} {MONTHS[dt.month - 1]} {dt.year}"


def fr_time(dt: datetime) -> str:
    """Dotclear time_format "%H:%M"."""
    return dt.strftime("%H:%M")


def numeric_date(dt: datetime) -> str:
    """ "%d/%m/%Y" as the HTML5 template sets print comment dates."""
    return dt.strftime("%d/%m/%Y")


def month_label(year: int, month: int) -> str:
    """ArchiveDate default format "%B %Y": "décembre 2006"."""
    return f"{MONTHS[month - 1]} {year}"


def iso8601(dt: datetime) -> str:
    """dt::iso8601: "2006-12-24T15:32:00+01:00"."""
    return dt.isoformat(timespec="seconds")


def rfc822(dt: datetime) -> str:
    """dt::rfc822: "Sun, 24 Dec 2006 15:32:00 +0100" (English names whatever the locale)."""
    day = _EN_DAYS[dt.weekday()]
    month = _EN_MONTHS[dt.month - 1]
    return f"{day}, {dt.day:02d} {month} {dt.year} {dt:%H:%M:%S} {dt:%z}"


def rawurlencode(text: str) -> str:
    """PHP rawurlencode: everything but A-Z a-z 0-9 - _ . ~ is %XX (UTF-8)."""
    return quote(text, safe="-_.~")


def post_url_part(slug: str) -> str:
    """A post slug as Dotclear wrote it in hrefs: non-ASCII as UTF-8 %XX, ASCII punctuation raw."""
    return quote(slug, safe=_POST_URL_SAFE)


def tidy_url(text: str) -> str:
    """text::tidyURL($str, false): how Dotclear derived cat_url from a category title."""
    text = re.sub(r"<[^>]*>", "", text)
    for char in '?&#=+<>"%':
        text = text.replace(char, "")
    text = text.replace("'", " ")
    text = re.sub(r"\s+", " ", text).replace("/", "-").replace(" ", "-")
    text = re.sub(r"-+", "-", text)
    return text.lstrip("/")


def remove_html(fragment: str) -> str:
    """context::remove_html: tags dropped, entities decoded, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]*>", "", fragment))
    return re.sub(r"\s+", " ", text).strip()


def cut_string(text: str, length: int) -> str:
    """text::cutString: cut on a word boundary at most `length` characters long."""
    parts = re.split(r"(\s+)", text)
    if len(parts[0]) >= length:
        return parts[0][:length]
    res = ""
    total = 0
    for part in parts:
        total += len(part)
        if total > length:
            break
        res += part
    return res.strip()


def absolute_urls(fragment: str, base_url: str) -> str:
    """html::absoluteURLs: make href/src values absolute (feeds use absolute_urls="1")."""
    root = re.match(r"^[a-z]+://[^/]+", base_url)
    host = root.group(0) if root else ""

    def fix(match: re.Match[str]) -> str:
        attr, quote_char, url = match.group(1), match.group(2), match.group(3)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", url, re.I):
            return match.group(0)
        url = host + url if url.startswith("/") else base_url + url
        return f"{attr}={quote_char}{url}{quote_char}"

    return re.sub(r"\b(href|src)=([\"'])(.*?)\2", fix, fragment)
