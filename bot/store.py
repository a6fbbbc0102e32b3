"""The SQLite store: what people asked that the FAQ did not answer well, feedback, daily counts.

Privacy by default: no names, user ids only as a keyed hash (pseudonymous: the key is made on
first start and kept in its own 0600 file beside the database, never in it, so a copy of the
database alone cannot link a row to a user id), rows older than the retention period purged, and
what is deleted is wiped from every file on disk, not merely unlinked. Durable: WAL mode, and
the bot sends its reply only after the row is committed, so a reply the user saw is a row on disk
even if the process is killed. The bot calls the `*_async` methods, which run on one writer
thread so that SQLite never blocks answering.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.answers import Answer
from bot.normalize import phrasing_key

DB_FILE = "bot.sqlite3"
KEY_FILE = "user_hash.key"  # the hash key, apart from the hashes
BUSY_TIMEOUT_MS = 2000  # a write waits this long for another writer before "locked"
WIPE_RETRY = 1.0  # seconds between attempts to wipe deleted rows while a reader holds the old ones
LOW_CONFIDENCE = 0.6  # an answer scored below this is kept for review, like an abstention
PURGE_EVERY = 3600.0  # seconds between retention purges

# Each migration moves the schema one version up; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        chat_type TEXT NOT NULL,
        user_hash TEXT,
        answered INTEGER NOT NULL,
        entry TEXT,
        score REAL NOT NULL
    );
    CREATE INDEX questions_at ON questions (at);
    CREATE INDEX questions_user ON questions (user_hash);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        entry TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        user_hash TEXT
    );
    CREATE INDEX feedback_at ON feedback (at);
    CREATE TABLE daily (
        day TEXT NOT NULL,
        key TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, key)
    );
    """,
    # The inbox (bot/inbox.py): every update as Telegram sent it, kept until it is answered.
    """
    CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        received REAL NOT NULL,
        payload TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        done REAL,
        outcome TEXT
    );
    CREATE INDEX inbox_done ON inbox (done);
    """,
    # Teaching from the chat (bot/phrasings.py): learned phrasings, members' proposals, verdicts.
    """
    CREATE TABLE learned (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        entry TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        chat_type TEXT NOT NULL,
        origin TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        entry TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        chat_type TEXT NOT NULL,
        user_hash TEXT,
        at REAL NOT NULL
    );
    CREATE INDEX proposals_key ON proposals (key);
    CREATE INDEX proposals_user ON proposals (user_hash);
    CREATE TABLE triaged (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        verdict TEXT NOT NULL,
        by TEXT NOT NULL,
        at REAL NOT NULL
    );
    """,
)

T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreError(Exception):
    """The database cannot be used; the message is one line that says what to do."""


@dataclass(frozen=True)
class Stats:
    today: int
    week: int
    total: int
    answered_share: float  # of all questions counted
    top_entries: list[tuple[str, int]]
    votes: dict[str, tuple[int, int]]  # entry → (👍, 👎)
    learned_week: int = 0  # phrasings admins approved in the last 7 days


@dataclass(frozen=True)
class Unanswered:
    text: str
    count: int
    last_at: float
    best: str | None
    id: int  # the latest question of the group, as the admin's buttons refer to it


def _day(at: float) -> str:
    return dt.datetime.fromtimestamp(at, dt.timezone.utc).strftime("%Y-%m-%d")


class Store:
    def __init__(self, folder: Path | None, retention_days: int = 90, read_only: bool = False) -> None:
        """The store in `folder`; with None, one in memory that keeps nothing past the process.

        `read_only` is for reports: the file opened as it is, nothing migrated, purged or created."""
        self.path = folder / DB_FILE if folder else Path(":memory:")
        self.key_path = folder / KEY_FILE if folder else None
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._last_purge = 0.0
        self._wipe_timer: threading.Timer | None = None
        self._closed = False
        self._identity: tuple[int, int] | None = None  # the file we opened (see check_file)
        try:
            if read_only:
                self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
                self._check_version()
                if self._db.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
                    raise StoreError(f"{self.path}: the database is from an older version of the bot — start the bot once (it upgrades the file), then ask again")
                self._key = b""  # reports never hash a user id
                return
            if folder:
                folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
            self._db.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten, not left in free pages
            self._migrate()
            self._key = self._secret() if self.key_path else secrets.token_bytes(32)
            self.purge()
            self._identity = _identity(self.path) if folder else None
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None
        except OSError as exc:
            raise StoreError(f"{exc.filename or self.path}: cannot create or read it ({exc.strerror}) — set BOT_DATA_DIR to a writable folder") from None

    # --- set-up ---------------------------------------------------------------------------

    def _check_version(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: schema version {version} is newer than this bot knows ({len(MIGRATIONS)}) — upgrade the bot")

    def _migrate(self) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")  # fails fast with "locked" if another bot holds the file
            try:
                self._check_version()
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                for number in range(version, len(MIGRATIONS)):
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _secret(self) -> bytes:
        """The hash key from its own file; a key from an older bot's meta table is moved there."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'user_hash_key'").fetchone()
        if not self.key_path.exists():
            self._write_key(row[0] if row else secrets.token_hex(32))
        try:
            key = bytes.fromhex(self.key_path.read_text(encoding="ascii").strip())
        except (ValueError, UnicodeDecodeError):
            raise StoreError(
                f"{self.key_path}: the hash key is damaged — restore it from your backup (or move it aside: a new key is made, and /forget no longer finds older rows)"
            ) from None
        if row is not None:
            with self._lock, self._db:
                self._db.execute("BEGIN")
                self._db.execute("DELETE FROM meta WHERE key = 'user_hash_key'")
            self._wipe()
        return key

    def _write_key(self, value: str) -> None:
        """Created 0600 and complete, or not at all: a half-written key would orphan every hash."""
        partial = self.key_path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(value + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.key_path)

    def user_hash(self, user_id: int | None) -> str | None:
        """A keyed hash: the same user maps to the same value here, and to nothing outside."""
        if user_id is None:
            return None
        return hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()[:24]

    # --- writes ---------------------------------------------------------------------------

    def record_question(self, answer: Answer, chat_type: str, user_id: int | None, at: float | None = None) -> None:
        """Count every question; keep the text only of those not answered, or answered with low confidence
        (chat with the bot, a greeting or its name, is counted, not kept: it shows no gap in the FAQ)."""
        at = time.time() if at is None else at
        day = _day(at)
        keys = ["questions"] + (["answered", f"entry:{answer.entry.id}"] if answer.entry else [])
        with self._lock, self._db:
            self._db.execute("BEGIN")
            for key in keys:
                self._db.execute(
                    "INSERT INTO daily (day, key, count) VALUES (?, ?, 1) ON CONFLICT (day, key) DO UPDATE SET count = count + 1",
                    (day, key),
                )
            if not answer.chat and (not answer.answered or answer.score < LOW_CONFIDENCE):
                best = answer.entry.id if answer.entry else (answer.suggestions[0].id if answer.suggestions and answer.nearby else None)
                self._db.execute(
                    "INSERT INTO questions (at, text, lang, chat_type, user_hash, answered, entry, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, answer.question, answer.lang, chat_type, self.user_hash(user_id), int(answer.answered), best, answer.score),
                )
        self._maybe_purge()

    def record_feedback(self, entry: str, vote: int, user_id: int | None, at: float | None = None) -> None:
        """One vote per user per entry: pressing again, or the other button, replaces it."""
        at = time.time() if at is None else at
        digest = self.user_hash(user_id)
        with self._lock, self._db:
            self._db.execute("BEGIN")
            if digest is not None:
                self._db.execute("DELETE FROM feedback WHERE entry = ? AND user_hash = ?", (entry, digest))
            self._db.execute("INSERT INTO feedback (at, entry, vote, user_hash) VALUES (?, ?, ?, ?)", (at, entry, vote, digest))

    def forget(self, user_id: int) -> int:
        """Delete every row tied to this user; returns how many."""
        digest = self.user_hash(user_id)
        with self._lock, self._db:
            self._db.execute("BEGIN")
            removed = self._db.execute("DELETE FROM questions WHERE user_hash = ?", (digest,)).rowcount
            removed += self._db.execute("DELETE FROM feedback WHERE user_hash = ?", (digest,)).rowcount
            removed += self._db.execute("DELETE FROM proposals WHERE user_hash = ?", (digest,)).rowcount  # learned ones keep no hash
        self._wipe()
        return removed

    def purge(self, now: float | None = None) -> int:
        """Delete rows older than the retention period."""
        now = time.time() if now is None else now
        cutoff = now - self.retention_days * 86400
        with self._lock, self._db:
            self._db.execute("BEGIN")
            removed = self._db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount
            removed += self._db.execute("DELETE FROM feedback WHERE at < ?", (cutoff,)).rowcount
            removed += self._db.execute("DELETE FROM proposals WHERE at < ?", (cutoff,)).rowcount
            removed += self._db.execute("DELETE FROM triaged WHERE at < ?", (cutoff,)).rowcount
            removed += self._db.execute("DELETE FROM daily WHERE day < ?", (_day(cutoff),)).rowcount
        self._last_purge = time.monotonic()
        if removed:
            self._wipe()
        return removed

    def _wipe(self, retry: bool = False) -> None:
        """Make deleted rows gone from every file now. secure_delete zeroes them in the new pages, but
        the old pages stay in the WAL and the main file until a checkpoint copies the new ones over
        and the WAL is truncated. A reader (a backup, a shell report) may still hold the old pages:
        then try again every WIPE_RETRY seconds on the store's thread until it has let go."""
        with self._lock:
            if self._closed:
                return
            self._db.execute("PRAGMA busy_timeout = 0")  # never make answers wait for a reader
            try:
                busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if busy:
            if not retry:
                log.info("another connection still reads the deleted rows; wiping them as soon as it lets go")
            self._wipe_timer = threading.Timer(WIPE_RETRY, self._retry_wipe)
            self._wipe_timer.daemon = True
            self._wipe_timer.start()

    def _retry_wipe(self) -> None:
        try:
            self._writer.submit(self._wipe, True)
        except RuntimeError:
            pass  # the store was closed meanwhile: closing checkpoints the WAL away anyway

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge > PURGE_EVERY:
            self.purge()

    def record_migration(self, old: int, new: int) -> None:
        """A group became supergroup `new`: kept so that an approval of `old` carries over restarts."""
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"chat_migrated:{old}", str(new)))

    def migrations(self) -> dict[int, int]:
        """Every group known to have become a supergroup: old id → new id."""
        with self._lock:
            rows = self._db.execute("SELECT key, value FROM meta WHERE key LIKE 'chat_migrated:%'").fetchall()
        return {int(key.split(":", 1)[1]): int(value) for key, value in rows}

    def check_file(self) -> None:
        """Refuse to go on when the database file was deleted or replaced under the running bot:
        every write would then go to a file nobody reads again."""
        if self._identity is not None and _identity(self.path) != self._identity:
            raise StoreError(
                f"{self.path}: the database file was deleted or replaced while the bot ran — stopping, so that the restart "
                "opens the file that is there now; stop the bot before moving or restoring its database"
            )

    def transaction(self, work: Callable[[sqlite3.Connection], T], wipe: bool = False) -> T:
        """Run `work` in one transaction; for a module that owns tables of its own (the inbox).
        With `wipe`, what it deleted is then wiped from the files too."""
        with self._lock, self._db:
            self._db.execute("BEGIN")
            result = work(self._db)
        if wipe:
            self._wipe()
        return result

    # --- reads ----------------------------------------------------------------------------

    def stats(self, now: float | None = None, top: int = 5) -> Stats:
        now = time.time() if now is None else now
        today, week_start = _day(now), _day(now - 6 * 86400)
        with self._lock:
            def total(key: str, since: str = "") -> int:
                row = self._db.execute("SELECT COALESCE(SUM(count), 0) FROM daily WHERE key = ? AND day >= ?", (key, since)).fetchone()
                return int(row[0])

            asked, answered = total("questions"), total("answered")
            top_rows = self._db.execute(
                "SELECT substr(key, 7), SUM(count) AS n FROM daily WHERE key LIKE 'entry:%' GROUP BY key ORDER BY n DESC, key LIMIT ?", (top,)
            ).fetchall()
            vote_rows = self._db.execute(
                "SELECT entry, SUM(vote > 0), SUM(vote < 0) FROM feedback GROUP BY entry ORDER BY entry"
            ).fetchall()
            (learned,) = self._db.execute("SELECT COUNT(*) FROM learned WHERE at >= ?", (now - 7 * 86400,)).fetchone()
            return Stats(
                learned_week=int(learned),
                today=total("questions", today),
                week=total("questions", week_start),
                total=asked,
                answered_share=answered / asked if asked else 0.0,
                top_entries=[(entry, int(n)) for entry, n in top_rows],
                votes={entry: (int(up), int(down)) for entry, up, down in vote_rows},
            )

    def unanswered(self, limit: int = 20, handled: Collection[str] = frozenset()) -> list[Unanswered]:
        """Latest unanswered questions, near-duplicates grouped (case, spacing, punctuation ignored);
        without the groups whose key is in `handled` (learned, or given a verdict)."""
        with self._lock:
            rows = self._db.execute("SELECT text, at, entry, id FROM questions WHERE answered = 0 ORDER BY at DESC LIMIT 2000").fetchall()
        groups: dict[str, list[Any]] = {}
        for text, at, entry, question_id in rows:
            key = phrasing_key(text) or text
            if key in handled:
                continue
            if key in groups:
                groups[key][1] += 1
            else:
                groups[key] = [text, 1, at, entry, question_id]
        return [Unanswered(*group) for group in list(groups.values())[:limit]]

    def close(self) -> None:
        if self._wipe_timer is not None:
            self._wipe_timer.cancel()
        self._writer.shutdown(wait=True)
        with self._lock:
            self._closed = True
            self._db.close()

    # --- the bot's non-blocking door ----------------------------------------------------------

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """Run a store method on the writer thread, so the event loop keeps answering."""
        return await asyncio.get_running_loop().run_in_executor(self._writer, work, *args)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def _explain(path: Path, exc: sqlite3.DatabaseError) -> str:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return f"{path}: the database is locked by another process — stop the other copy of the bot, or set BOT_DATA_DIR to another folder"
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return f"{path}: the database cannot be written (read-only file or folder) — fix its permissions or set BOT_DATA_DIR to a writable folder"
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return f"{path}: the database file is corrupt — move it aside (the bot starts a new one) or restore a backup; BOT_NO_STORE=1 runs without a store"
    return f"{path}: cannot use the database ({exc}) — check the file, or set BOT_NO_STORE=1 to run without a store"
