"""The durable inbox: every update on disk before Telegram is told it arrived, until it is answered.

Telegram forgets an update once a getUpdates asks for a later offset. The poller therefore writes a
batch here (one commit) before it asks for the next one, and marks each update done when its answer
is delivered or it is deliberately dropped, with the reason. What is not done when the bot stops or
dies is handled first at the next start; an update id already here is never handled again, so a
re-delivered update is answered once. A done row keeps only its id, time and outcome (the text and
names are cleared) for INBOX_KEEP_DAYS, longer than Telegram re-delivers anything.

Names are never written: answering needs the chat and user ids, not who people are called, so an
update is stored (and handled) without first names, last names, usernames and chat titles.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from bot.store import Store

INBOX_KEEP_DAYS = 2
PURGE_EVERY = 3600.0  # seconds between deletions of old done rows while the bot runs
MAX_ATTEMPTS = 5  # runs of the bot that began handling an update; more means it kills the bot: give up

Payload = dict[str, Any]
_NAMES = frozenset({"last_name", "username", "title"})  # dropped; first_name is required, so blanked


class Inbox:
    """The inbox table of the store; every method runs on the store's writer thread."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._purged = time.monotonic()  # resume() purges at start

    async def add(self, updates: list[Payload]) -> list[Payload]:
        """Keep a fetched batch in one commit; returns the updates not seen before, in order.

        Raises StoreError if the database file is no longer the one written to: then the batch is
        not safe, and must not be confirmed to Telegram."""
        purge, now = time.monotonic() - self._purged > PURGE_EVERY, time.time()
        fresh = await self._store.run(self._store.transaction, lambda db: _add(db, updates, now, purge))
        if purge:
            self._purged = time.monotonic()
        await self.check()
        return fresh

    async def check(self) -> None:
        """Raise StoreError if the database file was deleted or replaced."""
        await self._store.run(self._store.check_file)

    async def resume(self) -> tuple[int, list[Payload]]:
        """At start: the offset to fetch from and the updates left undone, oldest first.

        Each is counted as one more attempt (all are handled at once); one that MAX_ATTEMPTS runs
        began and none finished is dropped, so an update that kills the bot cannot keep it down."""
        return await self._store.run(self._store.transaction, lambda db: _resume(db, time.time()))

    async def finish(self, update_id: int, outcome: str) -> None:
        """Done: answered, or dropped for `outcome`. Its content is cleared."""
        await self._store.run(self._store.transaction, lambda db: _finish(db, update_id, outcome, time.time()))

    async def outcomes(self) -> dict[str, int]:
        """How many updates ended each way (for tests and reports)."""
        rows = await self._store.run(self._store.transaction, lambda db: db.execute("SELECT outcome, COUNT(*) FROM inbox GROUP BY outcome").fetchall())
        return {outcome or "pending": count for outcome, count in rows}


def _add(db: sqlite3.Connection, updates: list[Payload], now: float, purge: bool) -> list[Payload]:
    if purge:
        _purge(db, now)
    fresh = []
    for update in map(without_names, updates):
        cursor = db.execute(
            "INSERT OR IGNORE INTO inbox (update_id, received, payload, attempts) VALUES (?, ?, ?, 1)",
            (update["update_id"], now, json.dumps(update, ensure_ascii=False)),
        )
        if cursor.rowcount:
            fresh.append(update)
    return fresh


def _purge(db: sqlite3.Connection, now: float) -> None:
    db.execute("DELETE FROM inbox WHERE done < ?", (now - INBOX_KEEP_DAYS * 86400,))


def _resume(db: sqlite3.Connection, now: float) -> tuple[int, list[Payload]]:
    _purge(db, now)
    db.execute(
        "UPDATE inbox SET done = ?, outcome = ?, payload = NULL WHERE done IS NULL AND attempts >= ?",
        (now, f"dropped: begun by {MAX_ATTEMPTS} runs, finished by none", MAX_ATTEMPTS),
    )
    db.execute("UPDATE inbox SET attempts = attempts + 1 WHERE done IS NULL")
    (last,) = db.execute("SELECT MAX(update_id) FROM inbox").fetchone()
    rows = db.execute("SELECT payload FROM inbox WHERE done IS NULL ORDER BY update_id").fetchall()
    return (last + 1 if last is not None else 0), [json.loads(payload) for (payload,) in rows]


def _finish(db: sqlite3.Connection, update_id: int, outcome: str, now: float) -> None:
    db.execute("UPDATE inbox SET done = ?, outcome = ?, payload = NULL WHERE update_id = ?", (now, outcome, update_id))


def without_names(value: Any) -> Any:
    """The update with every name removed, at any depth (senders, chats, replied-to messages)."""
    if isinstance(value, list):
        return [without_names(item) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: "" if key == "first_name" else without_names(item) for key, item in value.items() if key not in _NAMES}
