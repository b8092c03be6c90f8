"""The crawl's CDXJ lines and page captures, made as its records are written.

The capture extension hands :meth:`LiveIndex.add` to each :class:`WarcWriter` it opens: the
writer knows each record's offset and compressed length when it writes it, so the line
cdxj-indexer would make for it, reading the WARC again after the crawl, is made then, from
the same headers (and the `<title>` of each 200 HTML page from the body in hand). Lines and
page captures are spooled to anonymous temporary files, so memory stays flat during the
crawl; :func:`archiver.archive.indexing.build_collection` sorts and merges them at its end.

The lines are cdxj-indexer's, byte for byte (tests/test_liveindex.py compares them on real
crawls), as archiver/archive/replay_index.py runs it: the records it indexes (response,
revisit, resource and metadata records, but not ``application/warc-fields`` ones, nor the
server-not-modified revisits), its fields in its order, its SURT key and timestamp. A
record outside what is handled here (an HTTP status line warcio would read otherwise, no
payload digest) makes :attr:`LiveIndex.exact` false: then the collection is indexed by
cdxj-indexer after all. POST requests need nothing special: cdxj-indexer joins a request to
its response (``--post-append``) only when the response names the request as concurrent,
and archiver's responses never do.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import IO, Any

import surt  # type: ignore[import-untyped]
from warcio.timeutils import iso_date_to_timestamp

from archiver.archive.heads import is_html, page_title
from archiver.archive.warc import NOT_MODIFIED_PROFILE
from archiver.archive.warcrecord import WrittenRecord

INDEXED = ("response", "revisit", "resource", "metadata")
WARC_FIELDS = "application/warc-fields"
_MIME_END = re.compile(r"[;\s]")
_WARC_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # archiver's own WARC-Date

# A page capture: URL, WARC-Date, payload digest, then the title, or None if it must be
# read from the record (a coded body), with the record's file name, offset and length.
LivePage = tuple[str, str, str, str | None, str, int, int]


def urlkey(url: str) -> str:
    """cdxj-indexer's key: the SURT form of `url`, or `url` itself if it has none.

    A plain URL (http or https, a host of letters, digits, dots and hyphens and maybe a port,
    a path of plain segments: no "." or ".." segment, no "//", no query) is its
    host's key, made by surt once per host, then its path lower-cased without a trailing "/"
    (what surt's canonicalisation leaves of such a path; tests/test_liveindex.py compares
    the two): surt itself took 0.03 ms a URL, a tenth of a page's CPU on the crawl.
    """
    plain = _PLAIN_URL.fullmatch(url)
    if plain is None or not plain[2]:
        return _surt(url)
    path = plain[2].lower()
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return _host_key(plain[1]) + path


# Scheme and authority, then the path; a segment starts with no "." (so is no "." nor "..").
# An escape of a byte surt would escape again (white space, controls, non-ASCII: "%C3%A9",
# "%20") is plain too: surt decodes it, encodes it back, then lower-cases the path.
_ESCAPE = r"%(?:[01][0-9A-Fa-f]|20|7[Ff]|[89A-Fa-f][0-9A-Fa-f])"
_SEGMENT = rf"(?:[A-Za-z0-9_~!$&'*+,:=@-]|{_ESCAPE})(?:[A-Za-z0-9_.~!$&'*+,:=@-]|{_ESCAPE})*"
_PLAIN_URL = re.compile(rf"(https?://[A-Za-z0-9.-]+(?::[0-9]+)?)((?:/{_SEGMENT})*/?)")


@lru_cache(maxsize=64)
def _host_key(origin: str) -> str:
    """SURT's key of `origin` (scheme and authority), up to its ")": "1,0,0,127:8080)"."""
    return _surt(origin + "/")[:-1]


def _surt(url: str) -> str:
    try:
        return str(surt.surt(url))
    except Exception:  # as cdxj-indexer does: any URL surt cannot read is its own key
        return url


def timestamp(date: str) -> str:
    """cdxj-indexer's 14-digit timestamp of a WARC-Date (its digits, for archiver's form)."""
    if _WARC_DATE.fullmatch(date):
        return date[:4] + date[5:7] + date[8:10] + date[11:13] + date[14:16] + date[17:19]
    return str(iso_date_to_timestamp(date))


def as_json(fields: dict[str, str]) -> str:
    """`json.dumps(fields)` for a dict of strings, as cdxj-indexer writes it, in less time."""
    return (
        "{"
        + ", ".join(f'"{name}": {encode_basestring_ascii(v)}' for name, v in fields.items())
        + "}"
    )


def mime_of(value: str | None) -> str | None:
    """A Content-Type's media type as cdxj-indexer writes it ("" stays "")."""
    if not value:
        return value
    return _MIME_END.split(value.strip(), 1)[0].strip()


def _first(headers: Any, name: str) -> str | None:
    value = headers.get_header(name) if headers is not None else None
    return value.strip() if value is not None else None


def _own(record: WrittenRecord, name: str) -> str | None:
    value = record.header(name)
    return value.strip() if value is not None else None


class LiveIndex:
    """CDXJ lines and page captures of the records written, spooled until the crawl's end."""

    def __init__(self) -> None:
        self._lines: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._pages: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.files: list[str] = []  # the WARC files written, in order
        self.revisited: set[str] = set()  # payload digests the revisit lines name
        self.exact = True
        self.records = 0

    def add(self, filename: str, offset: int, length: int, record: WrittenRecord) -> None:
        """The :class:`~archiver.archive.warc.RecordListener` of the crawl's writers."""
        if not self.files or self.files[-1] != filename:
            self.files.append(filename)
        rec_type, http = record.rec_type, record.http
        if rec_type not in INDEXED:
            return
        if rec_type in ("resource", "metadata") and record.header("Content-Type") == WARC_FIELDS:
            return
        if rec_type == "revisit" and record.header("WARC-Profile") == NOT_MODIFIED_PROFILE:
            return
        url, date = _own(record, "WARC-Target-URI"), _own(record, "WARC-Date")
        digest = _own(record, "WARC-Payload-Digest")
        fields: dict[str, str | None] = {"url": url, "mime": self._mime(record)}
        status = self._status(rec_type, http)
        fields.update(status=status, digest=digest, length=str(length), offset=str(offset))
        fields["filename"] = filename
        if not url or not date or not digest or (http is not None and status is None):
            self.exact = False  # cdxj-indexer would compute or read something else here
            return
        index = {name: value for name, value in fields.items() if value is not None}
        self._lines.write(f"{urlkey(url)} {timestamp(date)} {as_json(index)}\n")
        self.records += 1
        if rec_type == "revisit":
            self.revisited.add(digest)
        content_type = _first(http, "Content-Type") or ""
        if rec_type in ("response", "revisit") and status == "200" and is_html(content_type):
            title = self._page_title(rec_type, http, record.block, content_type)
            capture = (url, date, digest, title, filename, offset, length)
            self._pages.write(json.dumps(capture, ensure_ascii=False) + "\n")

    @staticmethod
    def _mime(record: WrittenRecord) -> str | None:
        if record.rec_type == "revisit":
            return "warc/revisit"
        if record.rec_type == "response":
            return mime_of(_first(record.http, "Content-Type"))
        return mime_of(_own(record, "Content-Type"))

    @staticmethod
    def _status(rec_type: str, http: Any) -> str | None:
        """The status code warcio reads back from "PROTOCOL STATUSLINE"; None if unsure."""
        if http is None or rec_type not in ("response", "revisit"):
            return None
        protocol, statusline = str(http.protocol), str(http.statusline).strip()
        if not protocol or protocol.split() != [protocol] or not statusline:
            return None
        return statusline.split(" ", 1)[0]

    @staticmethod
    def _page_title(rec_type: str, http: Any, block: bytes, content_type: str) -> str | None:
        if rec_type == "revisit":
            return ""  # its title is its payload's, found by digest
        coding = _first(http, "Content-Encoding")
        if coding is not None and coding.lower() != "identity":
            return None  # read from the record at the end, decoded as replay would
        return page_title(block, content_type) if block else ""

    def lines(self) -> Iterator[str]:
        """The CDXJ lines written so far, unsorted."""
        self._lines.flush()
        self._lines.seek(0)
        yield from self._lines
        self._lines.seek(0, 2)

    def pages(self) -> Iterator[LivePage]:
        """The page captures written so far, in the order written."""
        self._pages.flush()
        self._pages.seek(0)
        for line in self._pages:
            url, date, digest, title, filename, offset, length = json.loads(line)
            yield url, date, digest, title, filename, offset, length
        self._pages.seek(0, 2)

    def close(self) -> None:
        self._lines.close()
        self._pages.close()
