"""Learned phrasings, members' proposals and the admins' verdicts on unanswered questions, in the store.

A learned phrasing is FAQ text a member once typed, approved by an admin: it keeps the admin's
keyed hash, when, where the question was asked (private, group, inline) and its language, and no
member's hash (approval anonymises it). A proposal is a member's "did you mean" pick, kept with the
member's keyed hash until an admin accepts or rejects it, `/forget` deletes it, or it expires with
the retention period. A verdict ("none of these", "ignore") takes a question off `/unanswered`.
Every method runs in one transaction; the bot calls them through `Store.run`.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from bot.normalize import phrasing_key
from bot.store import Store

VERDICTS = ("none", "ignore")  # none of the offered entries fits; not a question for the FAQ


@dataclass(frozen=True)
class Learned:
    id: int
    entry: str
    text: str
    lang: str
    chat_type: str  # where it was asked: private, group, inline
    origin: str
    approved_by: str  # the approving admin's keyed hash
    at: float


@dataclass(frozen=True)
class Proposal:
    id: int  # the latest of the proposals of this wording for this entry
    entry: str
    text: str
    lang: str
    chat_type: str
    at: float
    members: int  # how many members proposed this wording for this entry


@dataclass(frozen=True)
class Asked:
    """An unanswered question the store kept, as an admin's tap refers to it."""

    id: int
    text: str
    lang: str
    chat_type: str


@dataclass(frozen=True)
class Verdict:
    id: int
    key: str
    verdict: str


class Phrasings:
    """The learned, proposals and triaged tables; sync methods, for `Store.run` and the shell."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- learned phrasings ------------------------------------------------------------------

    def learned(self) -> list[Learned]:
        """Every learned phrasing, oldest first (the order they are added to their entries)."""
        rows = self._store.transaction(lambda db: db.execute(f"SELECT {_LEARNED} FROM learned ORDER BY id").fetchall())
        return [Learned(*row) for row in rows]

    def learned_by_id(self, learned_id: int) -> Learned | None:
        row = self._store.transaction(lambda db: db.execute(f"SELECT {_LEARNED} FROM learned WHERE id = ?", (learned_id,)).fetchone())
        return Learned(*row) if row else None

    def learn(self, entry: str, text: str, lang: str, chat_type: str, origin: str, admin_id: int, at: float | None = None) -> int:
        """Keep an approved phrasing; its proposals (every member's) are deleted: it is anonymous now."""
        at = time.time() if at is None else at
        key, admin = phrasing_key(text), self._store.user_hash(admin_id)

        def work(db: sqlite3.Connection) -> int:
            db.execute("DELETE FROM proposals WHERE key = ?", (key,))
            db.execute("DELETE FROM triaged WHERE key = ?", (key,))
            cursor = db.execute(
                "INSERT INTO learned (key, entry, text, lang, chat_type, origin, approved_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, entry, text, lang, chat_type, origin, admin, at),
            )
            return int(cursor.lastrowid)

        return self._store.transaction(work, wipe=True)

    def unlearn(self, learned_id: int) -> Learned | None:
        """Remove a learned phrasing (undo, or "remove" in /learned); None if it was already gone."""

        def work(db: sqlite3.Connection) -> Learned | None:
            row = db.execute(f"SELECT {_LEARNED} FROM learned WHERE id = ?", (learned_id,)).fetchone()
            db.execute("DELETE FROM learned WHERE id = ?", (learned_id,))
            return Learned(*row) if row else None

        return self._store.transaction(work)

    # --- proposals ----------------------------------------------------------------------------

    def propose(self, entry: str, text: str, lang: str, chat_type: str, user_id: int | None, at: float | None = None) -> bool:
        """A member's pick; one per member and wording (a new pick replaces theirs). False when the
        wording is already learned, or has no letters or digits."""
        at = time.time() if at is None else at
        key, member = phrasing_key(text), self._store.user_hash(user_id)
        if not key:
            return False

        def work(db: sqlite3.Connection) -> bool:
            if db.execute("SELECT 1 FROM learned WHERE key = ?", (key,)).fetchone():
                return False
            if member is not None:
                db.execute("DELETE FROM proposals WHERE key = ? AND user_hash = ?", (key, member))
            db.execute(
                "INSERT INTO proposals (key, entry, text, lang, chat_type, user_hash, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, entry, text, lang, chat_type, member, at),
            )
            return True

        return self._store.transaction(work)

    def proposals(self, limit: int = 20) -> list[Proposal]:
        """Pending proposals, one per wording and entry, the most proposed first, then the latest."""
        rows = self._store.transaction(lambda db: db.execute(
            "SELECT MAX(id), entry, text, lang, chat_type, MAX(at), COUNT(*) AS n FROM proposals "
            "GROUP BY key, entry ORDER BY n DESC, MAX(at) DESC LIMIT ?", (limit,)
        ).fetchall())
        return [Proposal(*row) for row in rows]

    def proposal(self, proposal_id: int) -> Proposal | None:
        rows = self._store.transaction(lambda db: db.execute(
            "SELECT p.id, p.entry, p.text, p.lang, p.chat_type, p.at, "
            "(SELECT COUNT(*) FROM proposals q WHERE q.key = p.key AND q.entry = p.entry) FROM proposals p WHERE p.id = ?",
            (proposal_id,),
        ).fetchall())
        return Proposal(*rows[0]) if rows else None

    def reject(self, proposal_id: int) -> int:
        """Delete the proposal and every other member's of the same wording for the same entry."""

        def work(db: sqlite3.Connection) -> int:
            row = db.execute("SELECT key, entry FROM proposals WHERE id = ?", (proposal_id,)).fetchone()
            return db.execute("DELETE FROM proposals WHERE key = ? AND entry = ?", row).rowcount if row else 0

        return self._store.transaction(work, wipe=True)

    # --- unanswered questions and the verdicts on them ------------------------------------------

    def asked(self, question_id: int) -> Asked | None:
        """An unanswered question the store still keeps (not purged, not forgotten)."""
        row = self._store.transaction(lambda db: db.execute(
            "SELECT id, text, lang, chat_type FROM questions WHERE id = ? AND answered = 0", (question_id,)
        ).fetchone())
        return Asked(*row) if row else None

    def judge(self, text: str, verdict: str, admin_id: int, at: float | None = None) -> int:
        """Take a wording off /unanswered: "none" (no entry fits) or "ignore"."""
        assert verdict in VERDICTS, verdict
        at = time.time() if at is None else at
        key = phrasing_key(text) or text
        return self._store.transaction(lambda db: int(db.execute(
            "INSERT INTO triaged (key, verdict, by, at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET verdict = excluded.verdict, by = excluded.by, at = excluded.at RETURNING id",
            (key, verdict, self._store.user_hash(admin_id), at),
        ).fetchone()[0]))

    def unjudge(self, verdict_id: int) -> bool:
        """Undo a verdict: the question is back on /unanswered."""
        return bool(self._store.transaction(lambda db: db.execute("DELETE FROM triaged WHERE id = ?", (verdict_id,)).rowcount))

    def handled_keys(self, keep_none: bool = False) -> set[str]:
        """Wordings /unanswered shows no more as questions: learned, given a verdict, or proposed
        (shown as proposals, until rejected). `keep_none` keeps those judged "none of these" out
        of the set: for a curator they are questions a new entry should answer."""
        verdicts = "SELECT key FROM triaged" + (" WHERE verdict != 'none'" if keep_none else "")
        rows = self._store.transaction(lambda db: db.execute(f"SELECT key FROM learned UNION {verdicts} UNION SELECT key FROM proposals").fetchall())
        return {key for (key,) in rows}


_LEARNED = "id, entry, text, lang, chat_type, origin, approved_by, at"
