"""archiver: archive a Dotclear 2 blog as a JSON dataset and WARC files.

The command line, the top layer: one module per subcommand (`crawl.py`, `replay.py`...), each
with `register(subparsers)` setting `func=run`. It may import every layer below (operations,
crawl, dataset, archive, Dotclear knowledge, the sample blog); nothing below imports it.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# One module per subcommand, in this folder.
COMMANDS = (
    "crawl",
    "demo",
    "replay",
    "qa",
    "validate",
    "extract",
    "export",
    "diff",
    "bench",
    "workers",  # `archiver status` (cli/status.py holds the exit statuses)
    "merge",
    "package",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archiver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"archiver.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.func(args)
    return status
