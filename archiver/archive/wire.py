"""An HTTP/1.1 download handler that keeps what Twisted parses but Scrapy drops.

Scrapy 2.19 builds a response from Twisted's ``Response`` with the status code, the
protocol and the headers Twisted exposes. The capture extension also wants:

* the **reason phrase** of the status line (``txresponse.phrase``), so a WARC response
  record says ``404 Not Found`` or ``200 Okay`` exactly as the server did;
* the **connection-control headers** Twisted keeps to itself (``Transfer-Encoding``,
  ``Connection``, ``Keep-Alive``, ``Content-Length``, ``Trailer``, ``Upgrade``...): read from
  the protocol's parser while the body is being received. The WARC writer then renames
  ``Transfer-Encoding`` to ``X-Orig-Transfer-Encoding`` since the stored body is de-chunked.

They go to ``request.meta["archiver_wire"]`` as ``{"reason": str, "conn_headers":
[(name, value), ...]}``. What stays lost (Twisted discards it while parsing): the case of
header names (Twisted lower-cases them, Scrapy title-cases them back: ``ETag`` arrives as
``Etag``), the relative order of headers with different names (repeated headers are grouped
at their first position), the line folding and spacing of values, and chunk boundaries and
trailers. Where the parser is gone (a body-less response already finished), only the
reason phrase is kept and ``conn_headers`` is empty.

It subclasses a private Scrapy class (``_ScrapyAgent``) and repeats the handler's
``download_request``; tests/test_capture.py checks it against the Scrapy in use. Without it
(``DOWNLOAD_HANDLERS`` set back to Scrapy's), the capture rebuilds the reason phrase from
the status code and the connection headers stay unknown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import ResponseDataLossError
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

META_KEY = "archiver_wire"


def _parser_conn_headers(txresponse: Any) -> list[tuple[str, str]]:
    """Connection headers from the Twisted protocol's current parser, if still there."""
    transport = getattr(getattr(txresponse, "_transport", None), "_producer", None)
    protocol = getattr(transport, "protocol", None)
    for _ in range(4):  # endpoint and TLS wrappers around the HTTP11ClientProtocol
        if protocol is None or hasattr(protocol, "_parser"):
            break
        protocol = getattr(protocol, "_wrappedProtocol", None) or getattr(
            protocol, "wrappedProtocol", None
        )
    parser = getattr(protocol, "_parser", None)
    headers = getattr(parser, "connHeaders", None)
    if parser is None or headers is None or getattr(parser, "response", None) is not txresponse:
        return []
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.getAllRawHeaders()
        for value in values
    ]


class _WireAgent(_ScrapyAgent):
    def _cb_bodyready(self, txresponse: Any, request: Request) -> Any:
        request.meta[META_KEY] = {
            "reason": bytes(txresponse.phrase or b"").decode("latin-1"),
            "conn_headers": _parser_conn_headers(txresponse),
        }
        return super()._cb_bodyready(txresponse, request)


class WireHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with :class:`_WireAgent` (see the module docstring)."""

    async def download_request(self, request: Request) -> Response:
        # HTTP11DownloadHandler.download_request of Scrapy 2.19 with the agent replaced
        spider = self._crawler.spider
        agent = _WireAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=getattr(spider, "download_maxsize", self._default_maxsize),
            warnsize=getattr(spider, "download_warnsize", self._default_warnsize),
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                logger.warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise
