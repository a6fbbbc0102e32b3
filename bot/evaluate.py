"""Measure the matcher on labelled question sets, beside naive rapidfuzz baselines.

A set is a TSV file (`expect`, `kind`, `question`): `expect` is the entry id that answers the
question (several joined with `|` when more than one answers it correctly) or `-`; `kind` is
`in`, `off` (off-topic) or `near` (plausible, but the article does not say).

The suite runs every FAQ folder of the test fixtures with its questions, its phrasings cut to the
first 2, 4 and 8 a language and whole, because a matcher is only as good as it is on folders it
was not tuned on and on entries written with few phrasings.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.answers import answer_for
from bot.faq import FAQ, LANGS, FAQError, default_faq_dir, load_faq
from bot.matcher import Matcher

KINDS = ("in", "off", "near")
CUTS = (2, 4, 8, None)  # phrasings kept per language and entry; None keeps them all
QUESTIONS_FILE = "questions.tsv"  # a fixture folder's labelled questions, beside its FAQ files


@dataclass(frozen=True)
class Labelled:
    expect: frozenset[str]
    kind: str
    question: str


@dataclass(frozen=True)
class Figures:
    """One matcher's results: shares right per kind, and its speed."""

    name: str
    right: dict[str, float]  # kind → share answered right (in) or abstained (off, near)
    counts: dict[str, int]
    micros_per_question: float
    misses: tuple[tuple[Labelled, str | None, str], ...] = ()  # (question, entry answered, reason)
    wrong: float = 0.0  # share of in-scope questions answered with a wrong entry: worse than abstaining


def read_set(path: Path) -> list[Labelled]:
    """Parse a labelled TSV set; a malformed line is an error naming the line."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or (number == 1 and line.startswith("expect\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[1] not in KINDS:
            raise FAQError([f"{path}:{number}: expected 'expect<TAB>kind<TAB>question' with kind in/off/near — fix the line"])
        expect, kind, question = fields
        items.append(Labelled(frozenset() if expect == "-" else frozenset(expect.split("|")), kind, question))
    return items


def _grade(name: str, items: list[Labelled], decide: Callable[[str], tuple[str | None, str]]) -> Figures:
    """Run `decide` (question → entry id or None, and why) over the set, timing the whole batch.

    With several articles served, an answer whose `earlier` offer is the expected entry counts as
    right: the reader sees both (decide returns "newer>older" for it)."""
    started = time.perf_counter()
    decisions = [decide(item.question) for item in items]
    elapsed = time.perf_counter() - started
    right = {kind: 0 for kind in KINDS}
    counts = {kind: 0 for kind in KINDS}
    wrong = 0
    misses = []
    for item, (decided, reason) in zip(items, decisions, strict=True):
        counts[item.kind] += 1
        ok = bool(set((decided or "").split(">")) & item.expect) if item.kind == "in" else decided is None
        right[item.kind] += ok
        wrong += item.kind == "in" and decided is not None and not ok
        if not ok:
            misses.append((item, decided, reason))
    shares = {kind: right[kind] / counts[kind] if counts[kind] else 0.0 for kind in KINDS}
    return Figures(name, shares, counts, elapsed / max(len(items), 1) * 1e6, tuple(misses), wrong / max(counts["in"], 1))


def project_figures(faq: FAQ, items: list[Labelled]) -> Figures:
    """The project's matcher, judged on what `ask --json` would say."""
    matcher = Matcher(faq)

    def project(question: str) -> tuple[str | None, str]:
        answer = answer_for(question, faq, matcher)
        if answer.entry and answer.earlier:
            return f"{answer.entry.id}>{answer.earlier.id}", answer.reason
        return (answer.entry.id if answer.entry else None), answer.reason

    return _grade("project matcher", items, project)


def naive_figures(faq: FAQ, items: list[Labelled], scorer: Callable[..., float], cutoff: int) -> Figures:
    """The nearest phrasing by a plain rapidfuzz scorer, answered when it reaches `cutoff`."""
    choices = [(q, entry.id) for entry in faq.entries.values() for lang in LANGS for q in entry.questions[lang]]
    texts = [q for q, _ in choices]

    def naive(question: str) -> tuple[str | None, str]:
        found = process.extractOne(question, texts, scorer=scorer, processor=utils.default_process, score_cutoff=cutoff)
        return (choices[found[2]][1] if found else None), ""

    return _grade(f"{scorer.__name__} cutoff {cutoff}", items, naive)


def evaluate(faq: FAQ, items: list[Labelled]) -> list[Figures]:
    """The project's matcher first, then naive baselines over the same phrasings."""
    results = [project_figures(faq, items)]
    for scorer in (fuzz.WRatio, fuzz.token_set_ratio, fuzz.partial_ratio):
        for cutoff in (0, 60):
            results.append(naive_figures(faq, items, scorer, cutoff))
    return results


def with_phrasings(faq: FAQ, cut: int | None) -> FAQ:
    """The FAQ with only the first `cut` phrasings a language per entry, as a curator in a hurry writes it."""
    if cut is None:
        return faq
    entries = {
        entry_id: dataclasses.replace(entry, questions={lang: entry.questions[lang][:cut] for lang in LANGS})
        for entry_id, entry in faq.entries.items()
    }
    return dataclasses.replace(faq, entries=entries)


@dataclass(frozen=True)
class Folder:
    """One FAQ folder of the suite and its labelled question sets."""

    name: str
    faq_dir: Path
    sets: tuple[Path, ...]


def suite_folders(tests: Path, held_out: bool) -> list[Folder]:
    """The tuning folders (the shipped FAQ with tests/data/*.tsv, and tests/folders/*), or the held-out ones."""
    if held_out:
        shipped = [Folder("faq (shipped), held-out sets", default_faq_dir(), tuple(sorted((tests / "data" / "heldout").glob("*.tsv"))))]
        base = tests / "folders" / "heldout"
    else:
        shipped = [Folder("faq (shipped)", default_faq_dir(), tuple(sorted((tests / "data").glob("*.tsv"))))]
        base = tests / "folders"
    others = [Folder(d.name, d, (d / QUESTIONS_FILE,)) for d in sorted(base.iterdir()) if (d / QUESTIONS_FILE).is_file()]
    return shipped + others


def run_together(folders: list[Folder]) -> list[tuple[str, Figures, Figures]]:
    """The first folder served with each other one: every folder's questions graded alone and together
    (their expected ids read as folder/id), whole phrasings."""
    items = {folder.name: [item for path in folder.sets for item in read_set(path)] for folder in folders}
    alone = {folder.name: project_figures(load_faq(folder.faq_dir), items[folder.name]) for folder in folders}
    rows = []
    first = folders[0]
    for other in folders[1:]:
        together = load_faq([first.faq_dir, other.faq_dir])
        for folder, served, partner in ((first, together.folders[0], other), (other, together.folders[1], first)):
            qualified = [dataclasses.replace(item, expect=frozenset(f"{served.name}/{e}" for e in item.expect)) for item in items[folder.name]]
            rows.append((f"{folder.name} with {partner.name}", alone[folder.name], project_figures(together, qualified)))
    return rows


def format_together(rows: list[tuple[str, Figures, Figures]]) -> str:
    header = f"{'questions of':<40} {'alone: in / off / near':>26}   {'served together: in / off / near':>34}"
    lines = [header, "-" * len(header)]
    for name, alone, together in rows:
        a, t = alone.right, together.right
        lines.append(f"{name:<40} {a['in']:>8.1%} / {a['off']:>6.1%} / {a['near']:>6.1%}   {t['in']:>16.1%} / {t['off']:>6.1%} / {t['near']:>6.1%}")
    return "\n".join(lines)


@dataclass(frozen=True)
class SuiteRow:
    folder: str
    cut: int | None
    project: Figures
    baselines: tuple[Figures, ...]


def run_suite(folders: list[Folder], cuts: tuple[int | None, ...] = CUTS) -> list[SuiteRow]:
    """Every folder at every cut: the project's matcher beside token_set_ratio without and with a cutoff."""
    rows = []
    for folder in folders:
        faq = load_faq(folder.faq_dir)
        items = [item for path in folder.sets for item in read_set(path)]
        for cut in cuts:
            cut_faq = with_phrasings(faq, cut)
            baselines = tuple(naive_figures(cut_faq, items, fuzz.token_set_ratio, cutoff) for cutoff in (0, 60))
            rows.append(SuiteRow(folder.name, cut, project_figures(cut_faq, items), baselines))
    return rows


def format_suite(rows: list[SuiteRow]) -> str:
    """One line per folder and cut: right / abstained shares, confident wrong answers, the baselines."""
    header = (f"{'folder':<30} {'phrasings':>9} {'questions':>11}   {'project: in / off / near':>25} {'wrong':>6}"
              f"   {'token_set_ratio 0: in':>21}   {'token_set_ratio 60: in / off / near':>36}")
    lines = [header, "-" * len(header)]
    for row in rows:
        p, (b0, b60) = row.project, row.baselines
        counts = "/".join(str(p.counts[k]) for k in KINDS)
        lines.append(
            f"{row.folder:<30} {row.cut or 'all':>9} {counts:>11}   "
            f"{p.right['in']:>7.1%} / {p.right['off']:>6.1%} / {p.right['near']:>6.1%} {p.wrong:>6.1%}   "
            f"{b0.right['in']:>21.1%}   {b60.right['in']:>14.1%} / {b60.right['off']:>8.1%} / {b60.right['near']:>8.1%}"
        )
    return "\n".join(lines)


def build_seconds(faq: FAQ) -> float:
    started = time.perf_counter()
    Matcher(faq)
    return time.perf_counter() - started


def format_table(results: list[Figures]) -> str:
    header = f"{'matcher':<26} {'in-scope right':>15} {'off-topic abst.':>16} {'near-miss abst.':>16} {'µs/question':>12}"
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.name:<26} {r.right['in']:>15.1%} {r.right['off']:>16.1%} {r.right['near']:>16.1%} {r.micros_per_question:>12.1f}"
        )
    return "\n".join(lines)
