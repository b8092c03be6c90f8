"""What the capture extension needs besides the writer: earlier captures and outlinks.

:class:`CaptureIndex` maps (URL, payload digest) to the first capture of that payload in
the collection (every closed ``*.warc.gz`` in the output's ``warc/`` folder, read at
spider open, plus what this crawl writes), so an unchanged page is written as a revisit
record rather than stored twice. Only 2xx responses with a body are candidates.

:func:`outlinks` lists the links of an HTML response for its metadata record; lxml's
parser and one compiled XPath do the work, and the body is decompressed only when the
server gzip- or deflate-encoded it.
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError, XPath
from scrapy.utils.gz import gunzip
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archiver.warc import Capture, Exchange, RecordLocation

if TYPE_CHECKING:
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# One compiled XPath over the attributes that load or link a resource: about 3x cheaper
# than lxml's make_links_absolute() + iterlinks() on the sample blog's pages.
_LINKS = XPath(
    "//a/@href | //area/@href | //link/@href | //img/@src | //script/@src | //iframe/@src"
    " | //frame/@src | //source/@src | //embed/@src | //object/@data | //form/@action"
)
_BASE = XPath("//base/@href")


class CaptureIndex:
    """First capture of each (URL, payload digest) in a collection."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str], Capture] = {}
        self.unreadable: list[str] = []  # earlier WARC files that could not be read through

    def __len__(self) -> int:
        return len(self._first)

    def get(self, url: str, digest: str) -> Capture | None:
        return self._first.get((url, digest))

    def add(self, url: str, digest: str, capture: Capture) -> None:
        self._first.setdefault((url, digest), capture)

    @classmethod
    def scan(cls, folder: Path) -> CaptureIndex:
        """Read the response records of every closed WARC in ``folder``, oldest name first."""
        index = cls()
        for path in sorted(folder.glob("*.warc.gz")):
            try:
                index._scan_file(path)
            except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
                index.unreadable.append(path.name)  # what was read before stays usable
                logger.warning("Earlier WARC %s unreadable, partly used: %s", path, exc)
        logger.info("%d earlier captures found in %s", len(index), folder)
        return index

    def _scan_file(self, path: Path) -> None:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                if not status.startswith("2") or not digest:
                    continue
                records.read_to_end(record)  # to know the record's compressed length
                self.add_record(path.name, record.rec_headers, digest, records)

    def add_record(self, filename: str, headers: Any, digest: str, records: Any) -> None:
        uri, record_id = headers.get_header("WARC-Target-URI"), headers["WARC-Record-ID"]
        offset, length = records.get_record_offset(), records.get_record_length()
        location = RecordLocation(filename, offset, length, record_id, digest)
        self.add(uri, digest, Capture(uri, headers.get_header("WARC-Date"), record_id, location))


# A gzip bomb must not inflate here either (issue #6): at most DOWNLOAD_MAXSIZE's default.
_MAX_DECODED = 32 * 1024 * 1024


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding in ("gzip", "x-gzip"):
        return gunzip(body, max_size=_MAX_DECODED)  # raises a ValueError beyond it
    if encoding == "deflate":
        try:
            return _inflate(body, zlib.MAX_WBITS)
        except zlib.error:  # raw deflate, as some servers send it
            return _inflate(body, -zlib.MAX_WBITS)
    return body


def _inflate(body: bytes, wbits: int) -> bytes:
    decoded = zlib.decompressobj(wbits).decompress(body, _MAX_DECODED + 1)
    if len(decoded) > _MAX_DECODED:
        raise ValueError(f"body inflates past {_MAX_DECODED} bytes")
    return decoded


def outlinks(exchange: Exchange, response: Response) -> list[str] | None:
    """Absolute URLs an HTML response links to, in document order; None if not HTML.

    Raises ValueError when the body cannot be decoded or parsed.
    """
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if b"html" not in content_type or not exchange.body:
        return None
    encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1").strip().lower()
    try:
        doc = lxml.html.document_fromstring(_decoded(exchange.body, encoding))
    except (OSError, EOFError, zlib.error, ParserError, ValueError) as exc:
        raise ValueError(f"no outlinks for {exchange.url}: {exc}") from exc
    base = next(iter(_BASE(doc)), "").strip()
    base = urljoin(exchange.url, base) if base else exchange.url
    seen: dict[str, None] = {}
    for link in _LINKS(doc):
        url = urljoin(base, str(link).strip())
        seen.setdefault(url.split("#", 1)[0] if url.startswith("http") else url, None)
    return list(seen)
