"""`archiver replay [DIR]`: serve a crawl's WARCs and WACZ in pywb on 127.0.0.1."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("replay", help="replay a crawl's archive in pywb (127.0.0.1)")
    parser.add_argument("output", nargs="?", type=Path, default=Path("output"), metavar="DIR")
    parser.add_argument("--port", type=int, default=8080, help="0: any free port")
    parser.add_argument(
        "--root", type=Path, help="pywb root to (re)build (default: a temporary folder)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.archive.replay import Wayback, prepare

    with tempfile.TemporaryDirectory(prefix="archiver-pywb-") as tmp:
        root = args.root or Path(tmp)
        try:
            names = prepare(args.output, root)
        except FileNotFoundError as exc:
            print(f"archiver replay: {exc}")
            return 2
        # SIGTERM ends like Ctrl+C: the with blocks stop wayback and remove the folder
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with Wayback(root, args.port, quiet=False) as wayback:
            for name in names:
                print(f"Replaying {args.output} ({name}) at {wayback.url}/{name}/*", flush=True)
            print("Press Ctrl+C to stop.", flush=True)
            try:
                while wayback.process.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
    return 0
