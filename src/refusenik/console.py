"""Rich consoles for command output.

Piped output (CI logs, `| less`, files) has no terminal width, and Rich would fold tables
to 80 columns and cut the source cells that make each figure citable; give it room instead.
"""

from __future__ import annotations

import sys

from rich.console import Console

PIPED_WIDTH = 240


def stdout_console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH)
