"""archiver: archive a Dotclear 2 blog as a JSON dataset and WARC files."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# One module per subcommand, in archiver/commands/.
COMMANDS = ("crawl", "demo", "replay", "validate", "extract", "export", "bench")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archiver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"archiver.commands.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
