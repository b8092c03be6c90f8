"""Captures read from a web archive, recorded at the blog's own URLs (`--from-archive`).

The WARC holds each exchange with the archive as it happened: a request for the memento
`PREFIX<timestamp>id_/<url>` and the archive's response (its status, `X-Archive-Orig-*` and
`Memento-Datetime` headers, the captured bytes). Beside it, :func:`write_original` adds one
`revisit` record (profile identical-payload-digest) that says what that response is a copy of:

    WARC-Target-URI: <the blog's URL>          WARC-Date: <when the archive captured it>
    WARC-Refers-To-Target-URI: <memento URL>   WARC-Refers-To-Date: <when archiver fetched it>
    WARC-Refers-To: <the response record's id> WARC-Payload-Digest: <the shared payload's>

with the captured status line and headers (the `X-Archive-Orig-*` ones unprefixed) as its HTTP
block and no body. cdxj-indexer indexes it under the blog's URL at the capture's date; pywb
(`ResolvingLoader`, a "different URL" revisit) and ReplayWeb.page find the payload through
`WARC-Refers-To-Target-URI`/`-Date` and serve it with the revisit's headers: the blog replays
at its own URLs, at the dates it was captured, from the WARC archiver wrote.

No request record goes with it: archiver never sent that request to the blog.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from warcio.recordloader import ArcWarcRecord

from archiver.archive.reading import Record
from archiver.archive.warc import (
    REVISIT_PROFILE,
    Exchange,
    Headers,
    RecordLocation,
    WarcWriter,
    _RawHeaders,
    _without_fragment,
    warc_date,
)

# request.meta key of a memento request: {"original": the blog's URL, "archive_url", ...}
MEMENTO_META = "archiver_archive"
ORIG_PREFIX = "x-archive-orig-"
# Framing of the body as the archive sent it: the archive's own, never the captured ones.
FRAMING = frozenset(["content-length", "content-encoding", "transfer-encoding", "connection"])
KEPT = frozenset(["content-type", "content-length", "content-encoding"])


def captured_headers(headers: Headers) -> Headers:
    """The headers as captured: `X-Archive-Orig-*` unprefixed, the archive's framing kept.

    An archive that sends no `X-Archive-Orig-*` header sends the captured ones as they were.
    """
    if not any(name.lower().startswith(ORIG_PREFIX) for name, _ in headers):
        return list(headers)
    out: Headers = []
    for name, value in headers:
        lower = name.lower()
        if lower.startswith(ORIG_PREFIX) and lower[len(ORIG_PREFIX) :] not in FRAMING:
            out.append((name[len(ORIG_PREFIX) :], value))
        elif lower in KEPT:
            out.append((name, value))
    return out


def memento_datetime(headers: Headers) -> datetime | None:
    """When the archive captured the page (`Memento-Datetime`), UTC; None if not a memento."""
    value = next((v for k, v in headers if k.lower() == "memento-datetime"), None)
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def write_original(
    writer: WarcWriter, exchange: Exchange, original: str, payload: RecordLocation, fetched: str
) -> RecordLocation | None:
    """The revisit record of `original` at its capture date; None if not a capture.

    `payload` is the response record holding the body, `fetched` its WARC-Date.
    """
    captured = memento_datetime(exchange.response_headers)
    if captured is None:
        return None
    record_id = writer._new_id()
    headers = [
        ("WARC-Type", "revisit"),
        ("WARC-Record-ID", record_id),
        ("WARC-Warcinfo-ID", writer.warcinfo_id),
        ("WARC-Target-URI", _without_fragment(original)),
        ("WARC-Date", warc_date(captured)),
        ("WARC-Profile", REVISIT_PROFILE),
        ("WARC-Refers-To-Target-URI", _without_fragment(exchange.url)),
        ("WARC-Refers-To-Date", fetched),
        ("WARC-Refers-To", payload.record_id),
        ("WARC-Payload-Digest", payload.payload_digest),
    ]
    status_line = f"{exchange.status} {exchange.reason}"
    captured_block = captured_headers(exchange.response_headers)
    http = _RawHeaders(status_line, captured_block, protocol="HTTP/1.1")
    # WarcWriter.write pairs a revisit with a request record; here there was no request.
    offset, length, digest = writer._write("revisit", original, headers, http, b"")
    return RecordLocation(writer.path.name, offset, length, record_id, digest)


def memento_meta(record: ArcWarcRecord | Record) -> dict[str, Any]:
    """What an original-URL revisit tells of its memento, as the crawl's request.meta had it.

    For a page read back from the WARC (`--resume`): the memento's URL, the capture's date,
    and `warc_date`, when archiver fetched the memento. Empty for any other record.
    """
    get = record.rec_headers.get_header
    target, refers = get("WARC-Target-URI") or "", get("WARC-Refers-To-Target-URI") or ""
    if record.rec_type != "revisit" or not refers or refers == target:
        return {}
    date = get("WARC-Date") or ""
    info = {"original": target, "archive_url": refers, "archived_at": date}
    return {MEMENTO_META: info, "warc_date": get("WARC-Refers-To-Date") or date}
