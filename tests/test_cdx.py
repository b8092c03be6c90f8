"""The CDX clients, memento URLs and the choice of a capture (archiver/archive/cdx.py)."""

from __future__ import annotations

import json

import pytest

from archiver.archive import cdx

# The JSON example of the Wayback CDX server's README (Resumption Key), its host made example.org.
IA_PAGE = """[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
 ["org,example)/", "19970126045828", "http://www.example.org:80/", "text/html", "200", "Q", "1415"],
 ["org,example)/", "19971011050034", "http://www.example.org:80/", "text/html", "200", "X", "1402"],
 ["org,example)/", "19980109140106", "http://example.org:80/", "warc/revisit", "-", "XA", "1402"],
 ["org,example)/x", "19980109140107", "http://example.org/x", "text/html", "404", "ZZ", "300"],
 [],
 ["org%2Cexample%29%2F+19980109140106%21"]]"""


def test_ia_page_gives_captures_and_the_resume_key() -> None:
    captures, key = cdx.parse_ia(IA_PAGE)
    assert key == "org%2Cexample%29%2F+19980109140106%21"
    assert [(c.timestamp, c.original, c.status, c.mime) for c in captures] == [
        ("19970126045828", "http://www.example.org:80/", 200, "text/html"),
        ("19971011050034", "http://www.example.org:80/", 200, "text/html"),
        ("19980109140106", "http://example.org:80/", None, "warc/revisit"),
        ("19980109140107", "http://example.org/x", 404, "text/html"),
    ]
    assert captures[0].key == captures[2].key == "org,example)/"  # www., port 80 aside
    assert cdx.parse_ia('[["urlkey","timestamp","original"]]') == ([], None)
    assert cdx.parse_ia("") == ([], None)


def test_pywb_lines_keep_responses_and_revisits_only() -> None:
    lines = "\n".join(
        json.dumps(row)
        for row in [
            {
                "urlkey": "a)/",
                "timestamp": "20090601000000",
                "url": "http://a.invalid/",
                "mime": "text/html",
                "status": "200",
            },  # noqa: E501
            {
                "urlkey": "a)/",
                "timestamp": "20090601000001",
                "url": "http://a.invalid/",
                "mime": "-",
            },  # a request record  # noqa: E501
            {
                "urlkey": "a)/",
                "timestamp": "2012",
                "url": "http://a.invalid/",
                "mime": "warc/revisit",
                "status": "-",
            },  # noqa: E501
            {
                "urlkey": "a)/p",
                "timestamp": "20120301000000",
                "url": "http://a.invalid/p",
                "mime": "text/html",
                "status": "301",
            },  # noqa: E501
        ]
    )
    assert cdx.parse_pywb(lines + "\n") == [
        cdx.Capture("20090601000000", "http://a.invalid/", 200, "text/html"),
        cdx.Capture("20120000000000", "http://a.invalid/", None, "warc/revisit"),
        cdx.Capture("20120301000000", "http://a.invalid/p", 301, "text/html"),
    ]


@pytest.mark.parametrize(
    ("prefix", "api", "endpoint"),
    [
        ("https://web.archive.org/web/", "ia", "https://web.archive.org/cdx/search/cdx"),
        ("http://127.0.0.1:8000/web", "ia", "http://127.0.0.1:8000/cdx/search/cdx"),
        ("http://127.0.0.1:8080/my-coll/", "pywb", "http://127.0.0.1:8080/my-coll/cdx"),
        ("https://archive.example.org/blogs", "pywb", "https://archive.example.org/blogs/cdx"),
    ],
    ids=["ia", "ia-standin", "pywb", "pywb-no-slash"],
)
def test_api_and_cdx_endpoint_from_the_prefix(prefix: str, api: str, endpoint: str) -> None:
    assert cdx.detect_api(prefix) is cdx.Api(api)
    assert cdx.cdx_endpoint(prefix, cdx.Api(api)) == endpoint


def test_query_urls() -> None:
    ia = cdx.query_url(
        "https://web.archive.org/cdx/search/cdx",
        cdx.Api.IA,
        "blog.example.org",
        start="20060000000000",
        resume_key="org%2Cexample%29%2F+2009%21",
    )
    assert ia == (
        "https://web.archive.org/cdx/search/cdx?url=blog.example.org&matchType=host&output=json"
        "&from=20060000000000&fl=urlkey%2Ctimestamp%2Coriginal%2Cmimetype%2Cstatuscode%2Cdigest"
        "%2Clength&limit=5000&showResumeKey=true&resumeKey=org%2Cexample%29%2F+2009%21"
    )
    pywb = cdx.query_url(
        "http://h.invalid/c/cdx", cdx.Api.PYWB, "127.0.0.1:8000", end="20121231235959"
    )
    assert (
        pywb
        == "http://h.invalid/c/cdx?url=127.0.0.1%3A8000&matchType=host&output=json&to=20121231235959"
    )


def _c(timestamp: str, status: int | None) -> cdx.Capture:
    return cdx.Capture(timestamp, "http://b.example.org/p", status, "text/html")


OLD, MID, NEW = _c("20090601000000", 200), _c("20100601000000", 200), _c("20120301000000", 200)


@pytest.mark.parametrize(
    ("captures", "at", "bounds", "outcome", "chosen"),
    [
        ([OLD, NEW, MID], None, (None, None), "latest", NEW),
        ([OLD, NEW, MID], "20100101", (None, None), "latest", MID),
        ([OLD, MID, _c("20120301000000", 500)], None, (None, None), "fallen_back", MID),
        ([OLD, _c("20100601000000", 404)], "2010", (None, None), "fallen_back", OLD),
        ([OLD, _c("20120301000000", 301)], None, (None, None), "latest", OLD),
        ([_c("20090601000000", 302), _c("2012", 503)], None, (None, None), "redirect", None),
        ([_c("20090601000000", 503), _c("2012", 404)], None, (None, None), "error_only", None),
        ([OLD, None, NEW], None, ("20090101000000", "20111231235959"), "latest", OLD),
        ([OLD, MID], None, ("20110000000000", None), None, None),
    ],
    ids=[
        "latest",
        "closest-to-at",
        "latest-error",
        "closest-error",
        "200-before-redirect",
        "redirect-only",
        "errors-only",
        "bounds",
        "none-within",
    ],
)
def test_capture_choice(
    captures: list[cdx.Capture | None],
    at: str | None,
    bounds: tuple[str | None, str | None],
    outcome: str | None,
    chosen: cdx.Capture | None,
) -> None:
    held = [c for c in captures if c is not None]
    at14 = cdx.timestamp_bound(at) if at else None
    choice = cdx.choose(held, at14, *bounds)
    if outcome is None:
        assert choice is None
        return
    assert choice is not None and choice.outcome == outcome
    if outcome == "redirect":
        assert choice.capture == held[0]
    else:
        assert choice.capture == chosen


def test_memento_urls_and_timestamps() -> None:
    prefix = "http://127.0.0.1:8080/coll/"
    url = cdx.memento_url(prefix, "20090601123456", "http://b.example.org/post/x?y=1")
    assert url == "http://127.0.0.1:8080/coll/20090601123456id_/http://b.example.org/post/x?y=1"
    assert cdx.parse_memento(prefix.rstrip("/"), url) == (
        "20090601123456",
        "http://b.example.org/post/x?y=1",
    )
    assert cdx.parse_memento(prefix, prefix + "2009id_/http:/b.example.org/") == (
        "20090000000000",
        "http://b.example.org/",
    )
    assert (
        cdx.parse_memento(prefix, "http://127.0.0.1:8080/other/2009id_/http://b.invalid/") is None
    )
    assert cdx.timestamp_iso("20090601123456") == "2009-06-01T12:34:56Z"
    assert cdx.timestamp_bound("2009-06") == "20090600000000"
    assert cdx.timestamp_bound("2009", end=True) == "20099999999999"
    with pytest.raises(ValueError, match="not a timestamp"):
        cdx.timestamp_bound("June 2009")
