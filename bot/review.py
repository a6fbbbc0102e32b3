"""What the matcher will make of a FAQ folder: advice `check` gives the curator before users find out.

Not errors: a folder with these problems loads and runs. Each line names the entry, the question
and what to do, the way the loader's errors do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.faq import ENTRIES_FILE, FAQ, LANGS
from bot.matcher import Matcher

MIN_QUESTIONS = 3  # fewer phrasings a language leave an entry with too few ways to be found


@dataclass(frozen=True)
class Advice:
    lines: list[str]  # one warning a line, naming the file, the entry and what to do
    answered_elsewhere: int  # questions the matcher answers with another entry than their own


def review(faq: FAQ, matcher: Matcher) -> Advice:
    """Entries with too few questions, questions another entry answers, questions two entries share."""
    lines = []
    elsewhere = 0
    for entry in faq.entries.values():
        where = f"{entry.folder}/{ENTRIES_FILE}"
        for lang in LANGS:
            count = len(entry.questions[lang])
            if count < MIN_QUESTIONS:
                lines.append(f"{where}: entry '{entry.id}' has {count} {lang} question(s) — write at least {MIN_QUESTIONS}, each a different way of asking")
    readings: dict[tuple[frozenset[str], frozenset[str]], dict[str, str]] = defaultdict(dict)
    for entry in faq.entries.values():
        where = f"{entry.folder}/{ENTRIES_FILE}"
        for lang in LANGS:
            for question in entry.questions[lang]:
                found = matcher.match(question)
                superseded = found.entry is not None and entry.id in faq.entries[found.entry].supersedes
                if found.entry is not None and found.entry != entry.id and not superseded:
                    elsewhere += 1
                    lines.append(f"{where}: entry '{entry.id}': the question {question!r} is answered by '{found.entry}' — reword it to ask what only '{entry.id}' answers")
                terms, intents = matcher.reading(question)
                if terms:
                    readings[terms, intents].setdefault(entry.id, question)
    for by_entry in readings.values():
        if len(by_entry) > 1:
            (first, one), (second, other) = list(by_entry.items())[:2]
            lines.append(f"{faq.entries[first].folder}/{ENTRIES_FILE}: entries '{first}' and '{second}' have questions the bot reads alike ({one!r}, {other!r}) — make them differ by what they ask")
    return Advice(lines, elsewhere)
