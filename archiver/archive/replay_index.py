"""cdxj-indexer and wacz, run with 304 answers left out of the replay index.

`python -m archiver.archive.replay_index cdxj|wacz ARGS...` runs `cdxj-indexer ARGS` or
`wacz ARGS` (both index through cdxj_indexer's `CDXJIndexer.filter_record`), skipping the
revisit records of profile server-not-modified: the 304 answers of an update crawl. They
stay in the WARC files, where they are the audit trail of the revalidation; in an index,
a replay tool would serve them as what they are, an empty 304 (pywb answers any 3xx revisit
with the revisit's own headers and no body), where the reader wants the page. Without
them, replay at any date serves the nearest capture with a body.
"""

from __future__ import annotations

import sys
from typing import Any

from cdxj_indexer.main import CDXJIndexer

from archiver.archive.warc import NOT_MODIFIED_PROFILE

_filter_record = CDXJIndexer.filter_record


def is_not_modified(record: Any) -> bool:
    return bool(
        record.rec_type == "revisit"
        and record.rec_headers.get_header("WARC-Profile") == NOT_MODIFIED_PROFILE
    )


def filter_record(self: CDXJIndexer, record: Any) -> bool:
    return not is_not_modified(record) and bool(_filter_record(self, record))


def main(argv: list[str]) -> None:
    tool, args = argv[0], argv[1:]
    CDXJIndexer.filter_record = filter_record  # type: ignore[method-assign]
    if tool == "cdxj":
        from cdxj_indexer.main import main as cdxj_main

        cdxj_main(args)
    elif tool == "wacz":
        from wacz.main import main as wacz_main

        sys.exit(wacz_main(args))
    else:
        raise SystemExit(
            f"usage: python -m archiver.archive.replay_index cdxj|wacz ARGS (not {tool!r})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
