"""Learned phrasings joined to the FAQ, and the FAQ's rules a new one must obey.

Pure: FAQ data and text in, FAQ data and reasons out. A learned phrasing is appended to its entry's
questions in its language, so the matcher reads it exactly as it reads the curator's own; the rules
are the FAQ's: one wording under one entry only (the loader's `phrasing_key` rule), and a question
another entry answers is no phrasing of this one (the rule `check` advises on), judged by the
matcher built with the phrasing added.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Protocol

import yaml

from bot.faq import FAQ, LANGS
from bot.matcher import Matcher
from bot.normalize import phrasing_key


class Phrasing(Protocol):
    entry: str
    text: str
    lang: str


def owners(faq: FAQ) -> dict[str, str]:
    """Each wording of the FAQ (by `phrasing_key`) → the entry it is a question of."""
    return {phrasing_key(q): entry.id for entry in faq.entries.values() for lang in LANGS for q in entry.questions[lang]}


def entry_in(faq: FAQ, key: str) -> str | None:
    """The entry a learned phrasing belongs to in this FAQ. A phrasing learned while one folder was
    served names its entry `id`, while several were `folder/id`: served the other way since, it
    still finds its entry when exactly one fits."""
    if key in faq.entries:
        return key
    folder, _, entry_id = key.rpartition("/")
    fits = [k for k, entry in faq.entries.items() if k.rpartition("/")[2] == entry_id and (not folder or entry.folder == folder)]
    return fits[0] if len(fits) == 1 else None


def with_learned(faq: FAQ, learned: Iterable[Phrasing]) -> FAQ:
    """The FAQ with each learned phrasing added to its entry. One whose entry the FAQ no longer has,
    or whose wording the FAQ now holds itself (a curator merged it), is left out."""
    held = owners(faq)
    added: dict[str, dict[str, list[str]]] = {}
    for phrasing in learned:
        key, entry_id = phrasing_key(phrasing.text), entry_in(faq, phrasing.entry)
        if entry_id is None or not key or key in held:
            continue
        held[key] = entry_id
        added.setdefault(entry_id, {lang: [] for lang in LANGS})[phrasing.lang].append(phrasing.text)
    if not added:
        return faq
    entries = {
        entry_id: dataclasses.replace(entry, questions={lang: entry.questions[lang] + tuple(added[entry_id][lang]) for lang in LANGS})
        if entry_id in added else entry
        for entry_id, entry in faq.entries.items()
    }
    return dataclasses.replace(faq, entries=entries)


def held_by_faq(faq: FAQ, learned: Iterable[Phrasing]) -> list[tuple[Phrasing, str]]:
    """Learned phrasings the FAQ's files now hold themselves, with the entry that holds each."""
    held = owners(faq)
    return [(phrasing, held[key]) for phrasing in learned if (key := phrasing_key(phrasing.text)) in held]


def clash(faq: FAQ, entry_id: str, text: str) -> str | None:
    """Why `text` cannot become a phrasing of the entry before any matching: the entry is gone, the
    text has no letters or digits, or the FAQ (with what it learned) has the wording already."""
    if entry_id not in faq.entries:
        return f"the FAQ has no entry '{entry_id}' any more"
    key = phrasing_key(text)
    if not key:
        return "it has no letters or digits"
    owner = owners(faq).get(key)
    if owner == entry_id:
        return f"'{entry_id}' has this wording already"
    if owner is not None:
        return f"it is already a question of '{owner}' — one wording belongs to one entry"
    return None


def answered_elsewhere(matcher: Matcher, entry_id: str, text: str) -> str | None:
    """With the phrasing added (`matcher` is built with it), the matcher must answer it with its
    entry, as `check` wants of every phrasing: None if it does, else why not."""
    found = matcher.match(text)
    if found.entry == entry_id:
        return None
    if found.entry is not None:
        return f"'{found.entry}' answers it better — pick '{found.entry}', or reword the FAQ"
    return f"the bot would still not answer it ({found.reason})"


def alternatives(faq: FAQ, entry_id: str, question: str, limit: int = 3) -> tuple[str, ...]:
    """What a member who says the entry's answer was wrong may have meant: what the matcher picks
    or offers from the FAQ without that entry, else the entry's related ones."""
    rest = dataclasses.replace(faq, entries={k: v for k, v in faq.entries.items() if k != entry_id})
    found = Matcher(rest).match(question) if rest.entries else None
    picks = ((found.entry,) if found and found.entry else ()) + (found.suggestions if found else ())
    related = tuple(r for r in faq.entries[entry_id].related if r in faq.entries)
    return tuple(dict.fromkeys(picks or related))[:limit]


def learned_yaml(learned: Iterable[Phrasing]) -> str:
    """The learned phrasings in faq.yaml's own format: each entry id with its new questions by
    language, for a curator to add under that entry's questions. With several folders served
    (entries known as folder/id), one part per folder, headed by the file it goes into."""
    by_entry: dict[str, dict[str, list[str]]] = {}
    for phrasing in learned:
        by_entry.setdefault(phrasing.entry, {lang: [] for lang in LANGS})[phrasing.lang].append(phrasing.text)
    lines = ["# Phrasings learned in the chat: add each under its entry's questions in faq.yaml, then run check."]
    folder_shown = ""
    for key, questions in sorted(by_entry.items(), key=lambda item: item[0].rpartition("/")[0]):
        folder, _, entry_id = key.rpartition("/")
        if folder and folder != folder_shown:
            lines.append(f"# --- {folder}/faq.yaml")
            folder_shown = folder
        lines += [f"- id: {entry_id}", "  questions:"]
        for lang in LANGS:
            if questions[lang]:
                lines.append(f"    {lang}:")
                lines += [f"      - {_scalar(text)}" for text in questions[lang]]
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """The text as one YAML scalar, quoted only when YAML needs it (as a curator would write it)."""
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").rstrip("\n")
