"""Liveness seen from outside: the running bot touches a heartbeat file, `doctor --live` reads its age.

A process can be up and answer nothing (a hung event loop, a stalled poll); a supervisor or a Docker
HEALTHCHECK cannot see that from the process table. The bot touches the file only while its event
loop runs and its polling is not stalled, so a stale file means a bot that needs restarting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat"
BEAT_EVERY = 10.0  # seconds between touches
STALE_AFTER = 60.0  # seconds without a touch: not alive (several missed beats, not one slow one)


async def beat(folder: Path, alive: Callable[[], bool]) -> None:
    """Touch the heartbeat file every BEAT_EVERY seconds while `alive()`; runs until cancelled."""
    path = folder / HEARTBEAT_FILE
    while True:
        if alive():
            try:
                path.touch()
            except OSError as exc:
                log.warning("cannot write the heartbeat file %s (%s); doctor --live cannot see this bot", path, exc.strerror)
                return
        await asyncio.sleep(BEAT_EVERY)


def last_beat_age(folder: Path) -> float | None:
    """Seconds since the bot last touched its heartbeat file, or None if it never has."""
    try:
        return max(0.0, time.time() - (folder / HEARTBEAT_FILE).stat().st_mtime)
    except FileNotFoundError:
        return None
