"""Measure the matcher on a labelled question set, beside naive rapidfuzz baselines.

The set is a TSV file (`expect`, `kind`, `question`): `expect` is the entry id that answers the
question (several joined with `|` when more than one answers it correctly) or `-`; `kind` is
`in`, `off` (off-topic) or `near` (plausible, but the article does not say).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.answers import answer_for
from bot.faq import FAQ, LANGS, FAQError
from bot.matcher import Matcher

KINDS = ("in", "off", "near")


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
    misses: tuple[tuple[Labelled, str | None], ...] = ()


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


def _grade(name: str, items: list[Labelled], decide: Callable[[str], str | None]) -> Figures:
    """Run `decide` (question → entry id or None) over the set, timing the whole batch."""
    started = time.perf_counter()
    decisions = [decide(item.question) for item in items]
    elapsed = time.perf_counter() - started
    right = {kind: 0 for kind in KINDS}
    counts = {kind: 0 for kind in KINDS}
    misses = []
    for item, decided in zip(items, decisions, strict=True):
        counts[item.kind] += 1
        ok = decided in item.expect if item.kind == "in" else decided is None
        right[item.kind] += ok
        if not ok:
            misses.append((item, decided))
    shares = {kind: right[kind] / counts[kind] if counts[kind] else 0.0 for kind in KINDS}
    return Figures(name, shares, counts, elapsed / max(len(items), 1) * 1e6, tuple(misses))


def project_figures(faq: FAQ, items: list[Labelled]) -> Figures:
    """The project's matcher, judged on what `ask --json` would say."""
    matcher = Matcher(faq)

    def project(question: str) -> str | None:
        answer = answer_for(question, faq, matcher)
        return answer.entry.id if answer.entry else None

    return _grade("project matcher", items, project)


def evaluate(faq: FAQ, items: list[Labelled]) -> list[Figures]:
    """The project's matcher first, then naive baselines over the same phrasings."""
    results = [project_figures(faq, items)]
    choices = [(q, entry.id) for entry in faq.entries.values() for lang in LANGS for q in entry.questions[lang]]
    texts = [q for q, _ in choices]
    for scorer in (fuzz.WRatio, fuzz.token_set_ratio, fuzz.partial_ratio):
        for cutoff in (0, 60):

            def naive(question: str, scorer=scorer, cutoff=cutoff) -> str | None:
                found = process.extractOne(question, texts, scorer=scorer, processor=utils.default_process, score_cutoff=cutoff)
                return choices[found[2]][1] if found else None

            results.append(_grade(f"{scorer.__name__} cutoff {cutoff}", items, naive))
    return results


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
