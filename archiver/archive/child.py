"""Child Pythons (the cdxj-indexer run of `replay_index.py`) seeing this process's modules."""

from __future__ import annotations

import os
import sys


def child_env() -> dict[str, str]:
    """This environment, with PYTHONPATH = this process's sys.path (a Scrapyd egg's too)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
