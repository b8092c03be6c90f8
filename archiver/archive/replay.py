"""Replay a crawl's collection in pywb (wayback), on 127.0.0.1 only.

:func:`prepare` lays out a pywb root with two collections:

* ``warc``: the output's ``warc/*.warc.gz`` (symbolic links) with our CDXJ index
  (``indexes/index.cdxj``) as its index, so replay proves that index right;
* ``wacz``: the output's ``archive.wacz`` unpacked by pywb's own ``wb-manager add
  --unpack-wacz``, which copies the package's WARCs and merges the package's index.

:class:`Wayback` runs ``wayback`` on it in a child process. ``/<coll>/id_/<url>`` serves
a capture as it was recorded (status line, headers and body bytes, gzip left gzip);
``/<coll>/<url>`` serves it rewritten for browsing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from archiver.archive.indexing import CDXJ_NAME, WACZ_NAME, collection_warcs

WARC_COLLECTION = "warc"
WACZ_COLLECTION = "wacz"
CONFIG = "# written by archiver replay\nframed_replay: false\nenable_memento: true\n"


def _manager(root: Path, *args: str) -> None:
    code = "import sys; from pywb.manager.manager import main; main(sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wb-manager {' '.join(args)} failed: {done.stdout}{done.stderr}")


def prepare(output: Path, root: Path, prefix: str = "") -> list[str]:
    """Add the ``prefix``-named collections of ``output`` to the pywb root ``root``."""
    output = output.resolve()
    warcs, cdxj = collection_warcs(output), output / CDXJ_NAME
    if not warcs or not cdxj.is_file():
        raise FileNotFoundError(f"{output} has no WARC files or no {CDXJ_NAME}: crawl first")
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(CONFIG)
    names = [prefix + WARC_COLLECTION]
    coll = root / "collections" / names[0]
    shutil.rmtree(coll, ignore_errors=True)
    (coll / "archive").mkdir(parents=True)
    (coll / "indexes").mkdir()
    for warc in warcs:
        (coll / "archive" / warc.name).symlink_to(warc)
    shutil.copyfile(cdxj, coll / "indexes" / "index.cdxj")
    wacz = output / WACZ_NAME
    if wacz.is_file():
        names.append(prefix + WACZ_COLLECTION)
        shutil.rmtree(root / "collections" / names[1], ignore_errors=True)
        _manager(root, "init", names[1])
        _manager(root, "add", "--unpack-wacz", names[1], str(wacz))
    return names


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Wayback:
    """``wayback`` serving ``root`` on 127.0.0.1:``port``, for use in a ``with`` block."""

    def __init__(self, root: Path, port: int = 0, *, quiet: bool = True) -> None:
        self.root = root
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = "import sys; from pywb.apps.cli import wayback; wayback(sys.argv[1:])"
        args = ["-b", "127.0.0.1", "-p", str(self.port), "-d", str(root)]
        out = subprocess.DEVNULL if quiet else None
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=root, stdout=out, stderr=out
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wayback exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.close()
        raise TimeoutError(f"wayback did not answer on {self.url} within {timeout:.0f} s")

    def raw_url(self, collection: str, url: str, timestamp: str = "") -> str:
        """The unrewritten (``id_``) replay URL of ``url``, latest capture by default."""
        return f"{self.url}/{collection}/{timestamp}id_/{url}"

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
