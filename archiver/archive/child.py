"""Child Pythons (indexers, the card's plot) that see the modules this process sees."""

from __future__ import annotations

import os
import sys


def child_env() -> dict[str, str]:
    """This environment, with PYTHONPATH = this process's sys.path (a Scrapyd egg's too)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
