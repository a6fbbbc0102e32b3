"""From a question to an answer: the matcher's verdict joined with the FAQ's texts and quotes.

Shared by the command line and the Telegram handlers, so both say the same thing. A quote is
attached only to an answer given: an abstention quotes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import messages
from bot.faq import FAQ, Entry, Sentence
from bot.matcher import Matcher
from bot.normalize import language_of, phrasing_key

MAX_QUESTION_CHARS = 500  # a longer text is not a question; Telegram's own limit is 4096
DEFAULT_SUGGESTIONS = 3


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str
    entry: Entry | None
    score: float
    text: str  # the answer, or the abstention notice
    sources: tuple[Sentence, ...]
    suggestions: tuple[Entry, ...]
    nearby: bool = False  # the suggestions are close to the question, not just examples
    reason: str = ""  # the matcher's reason for answering or abstaining

    @property
    def answered(self) -> bool:
        return self.entry is not None

    def to_json(self) -> dict[str, Any]:
        """The `ask --json` contract: one object per question."""
        return {
            "question": self.question,
            "answered": self.answered,
            "lang": self.lang,
            "entry": self.entry.id if self.entry else None,
            "answer": self.text,
            "score": round(self.score, 4),
            "sources": [{"id": s.id, "text": s.text} for s in self.sources],
            "suggestions": [{"entry": e.id, "question": e.first_question(self.lang)} for e in self.suggestions],
        }


def answer_for(question: str, faq: FAQ, matcher: Matcher) -> Answer:
    """Answer in the question's language, or say plainly that the article does not."""
    lang = language_of(question)
    if len(question) > MAX_QUESTION_CHARS:
        return _abstain(question, lang, faq, 0.0, (), messages.text(lang, "too_long", limit=MAX_QUESTION_CHARS), "too long")
    match = matcher.match(question)
    if match.entry is not None:
        entry = faq.entries[match.entry]
        return Answer(question, lang, entry, match.score, entry.answer[lang], tuple(faq.source_sentences(entry)), (), reason=match.reason)
    notice = messages.text(lang, "not_in_article" if phrasing_key(question) else "not_understood")
    return _abstain(question, lang, faq, match.score, match.suggestions, notice, match.reason)


def entry_answer(entry: Entry, lang: str, faq: FAQ) -> Answer:
    """The answer of one entry chosen by a button, as if its first phrasing had been asked."""
    return Answer(entry.first_question(lang), lang, entry, 1.0, entry.answer[lang], tuple(faq.source_sentences(entry)), ())


def _abstain(question: str, lang: str, faq: FAQ, score: float, nearby: tuple[str, ...], notice: str, reason: str) -> Answer:
    """An abstention offers the nearby entries, or else the first few the FAQ lists."""
    ids = nearby or tuple(faq.entries)[:DEFAULT_SUGGESTIONS]
    return Answer(question, lang, None, score, notice, (), tuple(faq.entries[i] for i in ids), bool(nearby), reason)
