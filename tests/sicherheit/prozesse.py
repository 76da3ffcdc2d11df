"""Running `imon` as the operators do, in its own process: the command, a clean environment, a free port."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

IMON = str(Path(sys.executable).with_name("imon"))


def umgebung(**imon: str) -> dict[str, str]:
    """This process's environment without any IMON_* setting of the test run, plus `imon`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("IMON_")}, **imon}


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
