"""From a question to an answer: the matcher's verdict joined with the FAQ's texts and quotes.

Shared by the command line and the Telegram handlers, so both say the same thing. A quote is
attached only to an answer given: an abstention quotes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import messages
from bot.faq import FAQ, Article, Entry, Sentence
from bot.matcher import Matcher
from bot.normalize import language_of, phrasing_key

MAX_QUESTION_CHARS = 500  # a longer text is not a question; Telegram's own limit is 4096
DEFAULT_SUGGESTIONS = 3


@dataclass(frozen=True)
class Quote:
    """A source sentence, verbatim, with the article it is from."""

    sentence: Sentence
    article: Article

    def to_json(self) -> dict[str, str]:
        return {"id": self.sentence.id, "text": self.sentence.text, "article": self.article.name,
                "outlet": self.article.outlet, "published": self.article.published}


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str
    entry: Entry | None
    score: float
    text: str  # the answer, or the abstention notice
    sources: tuple[Quote, ...]
    suggestions: tuple[Entry, ...]
    nearby: bool = False  # the suggestions are close to the question, not just examples
    reason: str = ""  # the matcher's reason for answering or abstaining
    earlier: Entry | None = None  # an older article's entry that answered it too, offered under the answer
    earlier_article: Article | None = None
    chat: bool = False  # it greets the bot or asks about it (hi, 너 이름 뭐야): no question the FAQ failed

    @property
    def answered(self) -> bool:
        return self.entry is not None

    def by_article(self) -> list[tuple[Article, list[Quote]]]:
        """The quotes grouped by the article they are from, in order: each group gets its attribution."""
        groups: list[tuple[Article, list[Quote]]] = []
        for quote in self.sources:
            if groups and groups[-1][0] is quote.article:
                groups[-1][1].append(quote)
            else:
                groups.append((quote.article, [quote]))
        return groups

    def to_json(self) -> dict[str, Any]:
        """The `ask --json` contract: one object per question."""
        return {
            "question": self.question,
            "answered": self.answered,
            "lang": self.lang,
            "entry": self.entry.id if self.entry else None,
            "answer": self.text,
            "score": round(self.score, 4),
            "sources": [quote.to_json() for quote in self.sources],
            "suggestions": [{"entry": e.id, "question": e.first_question(self.lang)} for e in self.suggestions],
            "earlier": {"entry": self.earlier.id, "question": self.earlier.first_question(self.lang)} if self.earlier else None,
        }


def answer_for(question: str, faq: FAQ, matcher: Matcher) -> Answer:
    """Answer in the question's language, or say plainly that the article does not."""
    lang = language_of(question)
    if len(question) > MAX_QUESTION_CHARS:
        return _abstain(question, lang, faq, 0.0, (), messages.text(lang, "too_long", limit=MAX_QUESTION_CHARS), "too long")
    match = matcher.match(question)
    if match.entry is not None:
        entry = faq.entries[match.entry]
        earlier = faq.entries[match.earlier] if match.earlier else None
        return Answer(question, lang, entry, match.score, entry.answer[lang], quotes(entry, faq), (), reason=match.reason,
                      earlier=earlier, earlier_article=earlier and faq.articles[earlier.folder])
    notice = messages.text(lang, "spoken_to" if match.spoken_to else "not_in_article" if phrasing_key(question) else "not_understood")
    return _abstain(question, lang, faq, match.score, match.suggestions, notice, match.reason, chat=match.spoken_to)


def entry_answer(entry: Entry, lang: str, faq: FAQ) -> Answer:
    """The answer of one entry chosen by a button, as if its first phrasing had been asked."""
    return Answer(entry.first_question(lang), lang, entry, 1.0, entry.answer[lang], quotes(entry, faq), ())


def attribution(article: Article, lang: str) -> str:
    """Outlet and day under a quote: `KBS, 2019-11-25`."""
    return messages.text(lang, "attribution", outlet=article.outlet, date=article.date)


def quotes(entry: Entry, faq: FAQ) -> tuple[Quote, ...]:
    return tuple(Quote(sentence, faq.article_of(sentence)) for sentence in faq.source_sentences(entry))


def _abstain(question: str, lang: str, faq: FAQ, score: float, nearby: tuple[str, ...], notice: str, reason: str,
             chat: bool = False) -> Answer:
    """An abstention offers the nearby entries, or else the first few the FAQ lists."""
    ids = nearby or tuple(faq.entries)[:DEFAULT_SUGGESTIONS]
    return Answer(question, lang, None, score, notice, (), tuple(faq.entries[i] for i in ids), bool(nearby), reason, chat=chat)
