"""Web archives' CDX APIs and memento URLs: what captures of a site an archive holds.

Pure: query URLs are built and answers parsed here; fetching is the caller's (the crawl's
downloader, so the archive is asked politely and the exchanges land in the WARC).

Two APIs, told apart by the replay prefix (or forced):

* the Internet Archive's ``/cdx/search/cdx`` (``ia``): ``output=json`` is a list of arrays
  whose first row names the fields (``fl``); with ``showResumeKey=true`` and a ``limit``,
  a page ends with an empty row and a one-item row holding the ``resumeKey`` of the next;
* pywb's ``<collection>/cdx`` (``pywb``): ``output=json`` is one JSON object a line
  (``urlkey``, ``timestamp``, ``url``, ``mime``, ``status``, ``digest``...).

Both take ``url``, ``matchType=host``, ``from`` and ``to`` (timestamp prefixes). A memento is
read in raw mode, ``<prefix><timestamp>id_/<url>``: the bytes as captured, the captured
headers as ``X-Archive-Orig-*``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import urlencode, urlsplit

import surt

IA_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
IA_PAGE = 5000  # rows a page (`limit`), then the next page from its resumeKey
REVISIT_MIME = "warc/revisit"
_TIMESTAMP = re.compile(r"^\d{4,14}$")
_MEMENTO = re.compile(r"^(\d{4,14})([a-z]{2}_)?/(.+)$")


class Api(StrEnum):
    IA = "ia"
    PYWB = "pywb"


def detect_api(prefix: str) -> Api:
    """`ia` for web.archive.org or a prefix ending in /web/ (the Wayback's own), else `pywb`."""
    parts = urlsplit(prefix)
    if (parts.hostname or "").endswith("archive.org") or parts.path.rstrip("/").endswith("/web"):
        return Api.IA
    return Api.PYWB


def normal_prefix(prefix: str) -> str:
    return prefix if prefix.endswith("/") else prefix + "/"


def cdx_endpoint(prefix: str, api: Api) -> str:
    """The CDX server of the archive whose replay prefix is `prefix`."""
    prefix = normal_prefix(prefix)
    if api is Api.PYWB:
        return prefix + "cdx"
    parts = urlsplit(prefix)
    return f"{parts.scheme}://{parts.netloc}/cdx/search/cdx"


def host_of(url: str) -> str:
    """What `matchType=host` is asked about: host and port, without the scheme."""
    return urlsplit(url).netloc.lower()


def query_url(
    endpoint: str,
    api: Api,
    host: str,
    *,
    start: str | None = None,
    end: str | None = None,
    resume_key: str | None = None,
) -> str:
    """The CDX query listing every capture of `host` between `start` and `end`."""
    params: list[tuple[str, str]] = [("url", host), ("matchType", "host"), ("output", "json")]
    if start:
        params.append(("from", start))
    if end:
        params.append(("to", end))
    if api is Api.IA:
        params += [("fl", ",".join(IA_FIELDS)), ("limit", str(IA_PAGE))]
        params.append(("showResumeKey", "true"))
    query = urlencode(params)
    if resume_key:  # given URL-encoded already ("org%2Carchive%29%2F+19980109140106%21")
        query += f"&resumeKey={resume_key}"
    return f"{endpoint}?{query}"


@dataclass(frozen=True)
class Capture:
    """One capture the archive lists."""

    timestamp: str  # 14 digits, UTC
    original: str  # the URL as captured
    status: int | None  # None for a revisit ("-"): the payload of an earlier 200
    mime: str

    @property
    def key(self) -> str:
        return url_key(self.original)

    @property
    def good(self) -> bool:
        return self.status is None or 200 <= self.status < 300

    @property
    def redirect(self) -> bool:
        return self.status is not None and 300 <= self.status < 400


def url_key(url: str) -> str:
    """The SURT form both sides compare: scheme, `www.`, case and query order aside."""
    return str(surt.surt(url.split("#", 1)[0]))


def _status(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _capture(timestamp: str, original: str, status: str, mime: str) -> Capture | None:
    """A response or revisit capture; None for the rest (request records, bad rows)."""
    if not _TIMESTAMP.match(timestamp) or not original:
        return None
    code = _status(status)
    if code is None and mime != REVISIT_MIME:
        return None
    return Capture(timestamp.ljust(14, "0"), original, code, mime)


def parse_ia(text: str) -> tuple[list[Capture], str | None]:
    """An IA CDX JSON page: its captures, and the resumeKey of the next page (or None)."""
    rows = json.loads(text) if text.strip() else []
    if not rows:
        return [], None
    header, rows = rows[0], rows[1:]
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key, rows = rows[-1][0], rows[:-2]
    index = {name: n for n, name in enumerate(header)}
    captures = []
    for row in rows:
        if not row:
            continue
        found = _capture(
            row[index["timestamp"]],
            row[index["original"]],
            row[index["statuscode"]] if "statuscode" in index else "",
            row[index["mimetype"]] if "mimetype" in index else "",
        )
        if found is not None:
            captures.append(found)
    return captures, resume_key


def parse_pywb(text: str) -> list[Capture]:
    """pywb's CDX JSON lines."""
    captures = []
    for line in text.splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        found = _capture(
            row.get("timestamp", ""),
            row.get("url", ""),
            row.get("status", ""),
            row.get("mime", ""),
        )
        if found is not None:
            captures.append(found)
    return captures


def memento_url(prefix: str, timestamp: str, url: str) -> str:
    """The raw (`id_`) memento of `url` at `timestamp`."""
    return f"{normal_prefix(prefix)}{timestamp}id_/{url}"


def parse_memento(prefix: str, url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a memento URL under `prefix`, or None."""
    prefix = normal_prefix(prefix)
    if not url.startswith(prefix):
        return None
    found = _MEMENTO.match(url[len(prefix) :])
    if found is None:
        return None
    original = found.group(3)
    if original.startswith(("http:/", "https:/")) and not original.startswith(
        ("http://", "https://")
    ):
        original = original.replace(":/", "://", 1)  # a path with // folded by a proxy
    return found.group(1).ljust(14, "0"), original


def timestamp_iso(timestamp: str) -> str:
    """`20090615123456` as `2009-06-15T12:34:56Z`."""
    moment = datetime.strptime(timestamp.ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp_bound(value: str, *, end: bool = False) -> str:
    """A `--at`/`--from`/`--to` value (4 to 14 digits) as 14 digits: start or end of it."""
    digits = value.replace("-", "").replace(":", "").replace("T", "").replace(" ", "")
    if not _TIMESTAMP.match(digits):
        raise ValueError(f"not a timestamp YYYY[MM[DD[hh[mm[ss]]]]]: {value!r}")
    return digits.ljust(14, "9" if end else "0")


class Outcome(StrEnum):
    LATEST = "latest"  # the latest (or closest) capture is good
    FALLEN_BACK = "fallen_back"  # the latest (closest) is an error: an earlier good one
    REDIRECT = "redirect"  # only redirects: the capture's redirect is followed
    ERROR_ONLY = "error_only"  # every capture is an error


@dataclass(frozen=True)
class Choice:
    outcome: Outcome
    capture: Capture | None  # None when ERROR_ONLY


def _distance(capture: Capture, at: str | None) -> tuple[int, int]:
    if at is None:  # latest first
        return 0, -int(capture.timestamp)
    return abs(int(capture.timestamp) - int(at)), int(capture.timestamp)


def choose(
    captures: Iterable[Capture],
    at: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Choice | None:
    """The capture to read for one URL: the latest good one (closest to `at`); None if none.

    Timestamps as 14 digits compare as numbers: "closest" is close enough for choosing
    between captures years apart. Within [start, end] only.
    """
    within = [
        c
        for c in captures
        if (start is None or c.timestamp >= start) and (end is None or c.timestamp <= end)
    ]
    if not within:
        return None
    ranked = sorted(within, key=lambda c: _distance(c, at))
    good = [c for c in ranked if c.good]
    if good:
        first = ranked[0]
        fallen = not first.good and not first.redirect
        return Choice(Outcome.FALLEN_BACK if fallen else Outcome.LATEST, good[0])
    redirects = [c for c in ranked if c.redirect]
    if redirects:
        return Choice(Outcome.REDIRECT, redirects[0])
    return Choice(Outcome.ERROR_ONLY, None)
