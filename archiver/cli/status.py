"""Exit statuses of `archiver crawl`, in one place (the README and docs list the same numbers).

An error the user can act on ends with one line on stderr, `archiver: ...`, and no traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

COMPLETE = 0  # the crawl finished and every page came
UNEXPECTED = 1  # an unexpected error (Python's own status for an uncaught exception)
USAGE = 2  # a usage error, as argparse's own: a bad argument, options that do not go together
INCOMPLETE = 3  # the crawl finished, but the copy is incomplete: pages failed, or it was stopped
COULD_NOT_START = 4  # unreachable start URL, not a Dotclear blog, output folder refused


def fail(message: str, status: int) -> NoReturn:
    """Print `archiver: message` on stderr and exit with `status`."""
    print(f"archiver: {message}", file=sys.stderr)
    raise SystemExit(status)


def usage_error(message: str) -> NoReturn:
    """`archiver: error: message`, exit status 2: argparse's style for a usage error."""
    fail(f"error: {message}", USAGE)
