"""Language knowledge, one module per language behind one interface: text in, `Word`s out.

Each language turns a run of its own script into words with a role (what the word does in a
question) and a term (the form it is indexed under: a lemma or a stem). The FAQ and the question
go through the same chain, so they can never disagree. Nothing here knows any article: what the
package knows is how people write and ask in Korean and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    """What a word does in a question."""

    NOUN = "noun"  # names a thing: the subject of the question
    VERB = "verb"  # a predicate (열리다, sponsor): says what happened, less about which thing
    COUNTER = "counter"  # a unit beside a number (개국, 명, 원): what is counted
    NUMBER = "number"  # digits, already normalised to a value by bot.numbers
    PERSON = "person"  # a person's name (김도현, kim do-hyun): a value a yes-or-no question may state wrongly
    PLACE = "place"  # a place's name (서울, gyeonggi-do): the same
    QUESTION = "question"  # a question word; `term` is the intent it asks (when, where, …)
    NEGATION = "negation"  # not, 안, 않: the question asks the opposite
    CHECK = "check"  # right?, 맞아?, 아님?: the question checks a value it states
    ADDRESSEE = "addressee"  # your, are you, 너, 당신, a greeting: it speaks to the bot, not of the article
    FUNCTION = "function"  # particles, endings, pronouns, chatter: says nothing about the subject


@dataclass(frozen=True)
class Word:
    surface: str  # as written in the question (after cleaning)
    term: str  # the indexed form: a lemma, a stem, an intent or a number
    role: Role

    @property
    def content(self) -> bool:
        return self.role in _CONTENT_ROLES


_CONTENT_ROLES = frozenset({Role.NOUN, Role.VERB, Role.COUNTER, Role.NUMBER, Role.PERSON, Role.PLACE})  # what says what a question is about

# Intents a question word can ask. `what` is soft: it is read from loose wording (무슨, what about)
# and never keeps an entry from answering; an entry none of whose questions asks the others (when,
# where, how, …) does not answer a question that asks it.
INTENTS = ("when", "where", "who", "how_much", "how_many", "how_long", "why", "how", "what")
HARD_INTENTS = frozenset(INTENTS) - {"what"}
# Lexicon concepts that set a question in another time than the article's (last year's budget, the
# next meeting): an entry that never speaks of that time does not answer it.
TIME_FRAMES = frozenset({"last-year", "next-year", "next"})
SUMMARY = "summary"  # the lexicon concept of a summary (요약, gist), which an article's headline gives
ARTICLE = "article"  # the lexicon concept of the article itself (기사, news, story)
HEADLINE = "headline"  # the lexicon concept of its headline (제목, title)
QUOTE = "quote"  # the lexicon concept of what someone said (뭐라고 했어, what did she say, 발언)
CLOCK_HOUR = "o'clock"  # an hour of the clock: 9시, 몇 시, 9 a.m., 10 o'clock, what time
