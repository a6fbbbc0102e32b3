"""Plain-text reports of the store for admins, in the bot and on the shell alike."""

from __future__ import annotations

import csv
import datetime as dt
from typing import TextIO

from bot.store import Stats, Unanswered


def stats_text(stats: Stats) -> str:
    lines = [
        f"questions today: {stats.today}",
        f"questions 7 days: {stats.week}",
        f"questions all time: {stats.total}",
        f"answered: {stats.answered_share:.0%}",
        f"phrasings learned 7 days: {stats.learned_week}",
        "top entries:",
        *(f"  {entry}: {count}" for entry, count in stats.top_entries),
        "feedback (👍/👎):",
        *(f"  {entry}: {up}/{down}" for entry, (up, down) in stats.votes.items()),
    ]
    return "\n".join(lines)


def unanswered_text(rows: list[Unanswered]) -> str:
    if not rows:
        return "no unanswered questions"
    return "\n".join(
        f"{row.count}× {row.text}  ({dt.datetime.fromtimestamp(row.last_at, dt.timezone.utc):%Y-%m-%d %H:%M}, nearest: {row.best or '-'})"
        for row in rows
    )


# A spreadsheet runs a cell beginning with one of these as a formula (=HYPERLINK(...) sends data away).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """User text as a spreadsheet shows it, never as a formula: a leading quote neutralises it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_unanswered_csv(rows: list[Unanswered], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(["count", "question", "last_asked_utc", "nearest_entry"])
    for row in rows:
        at = dt.datetime.fromtimestamp(row.last_at, dt.timezone.utc).isoformat(timespec="seconds")
        writer.writerow([row.count, _cell(row.text), at, row.best or ""])
