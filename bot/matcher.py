"""Find the FAQ entry a question asks for, or decide that the article does not answer it.

Pure: it sees FAQ data and text, never Telegram or files. Every text of an entry (its questions,
its answers, its source sentences) goes through the analysis chain once, at start; a question
goes through the same chain and is scored against each entry by two measures:

- coverage: how much of the question's weight the entry's texts say, each term counted at the
  weight of the field it is found in (a question phrasing counts most, a source sentence least);
- closeness: how near the question is to the entry's nearest phrasing (an F-measure of shared
  weighted terms and intents).

Terms are weighted by how few entries use them (IDF), so a word every entry has decides little. The
best entry is the answer only when its texts say more than half of the question, every name it asks
about is one the entry speaks of (the names of the article's own subject excepted), it speaks of the
time the question is set in (next year, the next meeting), its intent is one the entry answers (one
its phrasings ask, or one its answer states a value for: a date answers when, a person named who,
what it is for why), its numbers are ones the entry states (or a value checked near one it states,
in the same kind of unit; a person's age is a condition, no value to state), what it counts or asks
the name of is what the entry itself says (not only its source sentence), a name it asks is one the
answer gives, what someone said is asked of an entry that gives it (not of one asked only who said
it, unless its answer quotes it), it is not negated, and it asks nothing the entry says the article
does not give; a question holding one of the entry's phrasings word for word asks it, whatever else
it says. Of two entries about as close (of a value checked, a little further apart), the one whose
answer states a value nearer the question's is meant, or the one answering the kind of value a
yes-or-no question checks (a place: where; a person: who; a value in a unit: that unit), or, of a
who-question, the one asked who, and either answers a question asking no when, how much, … when both
cite one sentence and state one value (the total and its split); a person's or place's name no entry
speaks of, in a question asked yes or no, is a value checked, as is a person of the article checked
in another's part, and a checked number, person or part weighs half. A name alone asks what it is; a
question naming only the kind of thing asked (which city is this?) is answered only by an entry
asked so, else by the headline's own entry, which also answers what the article is about and answers
only of the story, not of a fact its headline names; a question word alone is answered by the one
entry that answers it, and an hour alone (what time is it?) by none. An entry with few phrasings is
known more by its answer. Every verdict carries its reason.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process, utils
from rapidfuzz.distance import OSA, Indel

from bot import numbers
from bot.analysis import Analyser, lexicon_spellings, named_noun
from bot.faq import FAQ, LANGS, Article, Entry
from bot.lang import ARTICLE, CLOCK_HOUR, HARD_INTENTS, HEADLINE, QUOTE, SUMMARY, TIME_FRAMES, Role, Word, english, korean
from bot.normalize import clean, is_hangul, jamo, phrase_pattern, strip_address

# How much a term found in each of an entry's texts counts towards covering a question.
QUESTION_FIELD = 1.0  # a phrasing the curator wrote for this entry
ANSWER_FIELD = 0.8  # the entry's answer, in either language
THIN_ANSWER_FIELD = 0.9  # the answer of an entry with THIN_PHRASINGS or fewer a language: it speaks for the entry more
THIN_PHRASINGS = 4
SOURCE_FIELD = 0.2  # a cited sentence: it often states several facts, of several entries, so it says least
NAME_PART_SHARE = 0.5  # a word of a name the entry speaks of (체육센터 of 은하구민체육센터) counts this share of the name's field
# How much a word counts, by what it does: a verb says less about the subject than a noun.
ROLE_WEIGHT = {Role.NOUN: 1.0, Role.VERB: 0.6, Role.COUNTER: 0.4, Role.NUMBER: 1.0, Role.PERSON: 1.0, Role.PLACE: 1.0}
INTENT_WEIGHT = 1.0  # an intent, in units of the mean term weight
INTENT_MISMATCH = 0.5  # the score of an entry none of whose phrasings asks the question's when/where/who/…
COVERAGE_SHARE = 0.5  # the score's part from coverage; the rest from closeness to a phrasing
# A word no entry has weighs as the rarest word would, times this share by what it does: an unknown
# verb or a one-syllable Korean word (한대, 듦: often a colloquial ending the analyser read as a
# word) is rather a paraphrase than a new subject.
UNKNOWN_ROLE_SHARE = {Role.NOUN: 1.0, Role.VERB: 0.5, Role.COUNTER: 0.5, Role.NUMBER: 1.0, Role.PERSON: 1.0, Role.PLACE: 1.0}
SHORT_UNKNOWN_SHARE = 0.4
CHECKED_VALUE_SHARE = 0.5  # a number, person or part a yes-or-no question checks may be a wrong value, another entry's: it weighs less
UNCOVERED_WEIGHT = 0.8  # how much what an entry does not say of the question counts against its score

# The decision, chosen on all tuning folders at once (python -m bot eval).
ANSWER_SCORE = 0.40  # the best entry's score must reach this
ANSWER_SAID = 0.5  # and its texts must say more than this share of the question's weight
MARGIN = 0.03  # the best entry must lead the next by this much, else both are offered,
VALUE_MARGIN = 0.15  # of a value checked, the entry stating one nearer it is meant though this far behind
VOTE_BAND = 0.06  # unless twice as many of its phrasings are within this of its closest
SAME_ANSWER_MARGIN = MARGIN  # entries of two articles this close both answer it: the newest is given, the older offered
WRONG_VALUE_RATIO = 100  # a checked value this many times a stated one, or less, is a wrong value of it
NEARER_VALUE_FACTOR = 2  # of two entries about as close, one stating a value this many times nearer the question's is meant
MAX_DAY = 31  # a bare number above this is no day of a month, month or hour of the clock
CLOCK_NUMBER = 12  # numbers up to this are months, hours and small counts alike (6 months, till 11): they tell no entry apart
# The question words a negation turns around (who did not sponsor it?); a date, a span, a count or an
# amount asked of what did not happen (몇 시간 동안 물 안 나와, how many were never shown) is still a figure the entry states.
NEGATION_REVERSES = frozenset({"who", "where", "why", "how", "what"})
SUGGEST_SCORE = 0.15  # entries offered as "did you mean" when abstaining
MAX_SUGGESTIONS = 3
ASIDE_PHRASING_WORDS = 2  # a phrasing of this many words or more, held whole in a question, is what it asks

# Typos: how near an unknown word must be to a word the FAQ writes to be read as it.
MIN_TYPO_LETTERS = 4  # shorter English words are too easily another word (kick, pick)
MIN_TYPO_SYLLABLES = 3  # shorter Korean words too (주말, 준말); question words excepted (언재 → 언제)


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question, and why."""

    entry: str | None  # the entry answered with, None when abstaining
    score: float  # 0..1, the best entry's score even when abstaining
    suggestions: tuple[str, ...]  # entry ids worth offering ("did you mean")
    best: str | None = None  # the best-scoring entry, answered or not
    reason: str = ""  # why it answered or abstained, for `eval --misses` and the logs
    earlier: str | None = None  # an older article's entry that answers it too (or the one superseded)
    spoken_to: bool = False  # it greets the bot or asks about it (hi, 너 이름 뭐야), not about the article

    @property
    def answered(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True)
class _Query:
    terms: dict[str, float]  # content term → weight
    surfaces: dict[str, str]  # content term → the word as written, for reasons
    intents: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[str]  # those of its numbers that are years
    units: dict[str, frozenset[str]]  # the unit each of its numbers is asked in (60% → percent), if any
    persons: frozenset[str]  # names of people no entry speaks of, in a question asked yes or no: values it checks
    places: frozenset[str]  # names of places, the same (was it in seoul?)
    negated: bool
    checking: bool
    checks: bool  # it says it checks: 맞아?, right?, or it begins as a yes-or-no question does (is it…, did they…)
    worded: bool  # it has a question word (언제, how many); without one it asks yes or no (320억이죠?)
    subjectless: bool  # it names only the kind of thing asked for (which city is this, 몇 명이야): no subject
    conditional: bool
    addressed: bool  # it asks about the one spoken to (your name, 너 뭐야): the bot
    counted: str | None  # what a how-many question counts (몇 대 → 대, how many booths → booth)
    named: str | None  # what a question asks the name of (태국 장관 이름 → 장관, name of the fund → fund)
    text: str  # the cleaned question, for unsaid phrases


@dataclass(frozen=True)
class _Phrasing:
    entry: str
    terms: dict[str, float]  # term → weight
    intents: frozenset[str]
    weight: float


class Matcher:
    """An index over one FAQ; `match()` is the hot path and does no repeated work."""

    def __init__(self, faq: FAQ) -> None:
        self._analyser = Analyser(faq.aliases)
        fields: dict[str, dict[str, float]] = {}
        analysed: list[tuple[str, list[Word]]] = []
        self._stated: dict[str, frozenset[str]] = {}
        self._years: dict[str, frozenset[str]] = {}  # the stated numbers that are years
        self._units: dict[str, dict[str, frozenset[str]]] = {}  # the units each stated number is given in
        self._names_someone: dict[str, bool] = {}  # its answer gives a person's name
        self._names_a_place: dict[str, bool] = {}  # its answer gives a place's name
        self._sources: dict[str, frozenset[str]] = {}  # the sentences it cites
        self._gives_name: dict[str, bool] = {}  # its answer gives a name of the folder's (aliases) or a person's
        written: set[str] = set()
        for entry in faq.entries.values():
            field: dict[str, float] = {}
            texts = [(q, QUESTION_FIELD) for lang in LANGS for q in entry.questions[lang]]
            thin = min(len(entry.questions[lang]) for lang in LANGS) <= THIN_PHRASINGS
            texts += [(entry.answer[lang], THIN_ANSWER_FIELD if thin else ANSWER_FIELD) for lang in LANGS]
            sources = faq.source_sentences(entry)
            texts += [(s.text, SOURCE_FIELD) for s in sources]
            answer_roles: set[Role] = set()
            gives_name = False
            for text, weight in texts:
                words = self._analyser.words(text)
                written.update(clean(text).split())
                for word in words:
                    if word.content:
                        field[word.term] = max(field.get(word.term, 0.0), weight)
                if weight == QUESTION_FIELD:
                    analysed.append((entry.id, words))
                if text in entry.answer.values():
                    answer_roles |= {w.role for w in words}
                    gives_name = gives_name or any(w.term in self._analyser.names or w.role is Role.PERSON for w in words)
            for name, weight in [(t, w) for t, w in field.items() if t in self._analyser.name_parts]:
                for part in self._analyser.name_parts[name]:
                    field[part] = max(field.get(part, 0.0), weight * NAME_PART_SHARE)
            if any(s.text == faq.article_of(s).headline for s in sources):
                field[SUMMARY] = max(field.get(SUMMARY, 0.0), ANSWER_FIELD)  # a headline is its article's summary
            fields[entry.id] = field
            self._sources[entry.id] = frozenset(s.text for s in sources)
            answers = " ".join(entry.answer.values())
            self._names_someone[entry.id] = Role.PERSON in answer_roles
            self._gives_name[entry.id] = gives_name
            self._names_a_place[entry.id] = Role.PLACE in answer_roles
            self._stated[entry.id] = frozenset(numbers.values(answers))
            self._years[entry.id] = frozenset(numbers.years(answers))
            self._units[entry.id] = numbers.units(answers)
        self._fields = fields
        headline_entries = [entry.id for entry in faq.entries.values() if _cites_only_its_headline(faq, entry)]
        self._headline_entry = headline_entries[0] if len(headline_entries) == 1 else None  # what the story is, where it is
        self._context = {name: self._context_names(article) for name, article in faq.articles.items()}
        count = len(fields)
        df: dict[str, int] = defaultdict(int)
        for field in fields.values():
            for term in field:
                df[term] += 1
        self._idf = {term: math.log(1 + count / n) for term, n in df.items()}
        self._unknown_idf = math.log(1 + count)  # the weight of a word in one entry only
        mean_idf = sum(self._idf.values()) / max(len(self._idf), 1)
        self._intent_weight = INTENT_WEIGHT * mean_idf
        self._phrasings = [self._phrasing(entry_id, words) for entry_id, words in analysed]
        self._phrasing_words = {entry.id: [set(utils.default_process(q).split()) for lang in LANGS for q in entry.questions[lang]]
                                for entry in faq.entries.values()}
        self._by_term: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self._phrasings):
            for term in phrasing.terms:
                self._by_term[term].append(index)
        self._intents: dict[str, set[str]] = defaultdict(set)
        for phrasing in self._phrasings:
            self._intents[phrasing.entry] |= phrasing.intents
        self._asked_who = frozenset(entry for entry, intents in self._intents.items() if "who" in intents)  # by its phrasings
        # The entries that give what was said: asked so (not who said it), or quoting it in their answer.
        self._gives_said = frozenset({p.entry for p in self._phrasings if QUOTE in p.terms and "who" not in p.intents}
                                     | {e.id for e in faq.entries.values() if any(map(_QUOTATION.search, e.answer.values()))})
        for entry in faq.entries.values():  # an answer that states a date answers when, however it was asked
            self._intents[entry.id] |= korean.answered_intents(numbers.normalise(entry.answer["ko"]))
            if self._names_someone[entry.id]:  # and one naming a person answers who (who is park eun-seo?)
                self._intents[entry.id].add("who")
        self._unsaid = {entry.id: phrase_pattern(entry.unsaid) for entry in faq.entries.values()}
        self._folder = {entry.id: entry.folder for entry in faq.entries.values()}
        self._published = {entry.id: faq.articles[entry.folder].published for entry in faq.entries.values()}
        self._superseded_by = {old: entry.id for entry in faq.entries.values() for old in entry.supersedes}
        self._english_words, self._hangul_words = self._typo_words(
            written | {clean(s) for spellings in faq.aliases.values() for s in spellings} | lexicon_spellings())
        self._english_set = frozenset(self._english_words)
        self._hangul_jamo = [jamo(w) for w in self._hangul_words]
        self._question_words = list(korean.QUESTION_WORDS.items())
        self._question_jamo = [jamo(w) for w, _ in self._question_words]

    def _context_names(self, article: Article) -> frozenset[str]:
        """The names every entry of an article is about, said or not: its outlet's, and those of its
        headline and lead sentence (the city, the ministry, the festival the story is about)."""
        lead = next((s.text for s in article.sentences.values() if not s.byline and s.text != article.headline), "")
        texts = (article.outlet, article.headline, lead)
        return frozenset(w.term for text in texts for w in self._analyser.words(text) if w.term in self._analyser.names)

    def _phrasing(self, entry_id: str, words: list[Word]) -> _Phrasing:
        terms = {w.term: self._idf[w.term] * ROLE_WEIGHT[w.role] for w in words if w.content}
        intents = frozenset(w.term for w in words if w.role is Role.QUESTION)
        return _Phrasing(entry_id, terms, intents, sum(terms.values()) + self._intent_weight * len(intents))

    @staticmethod
    def _typo_words(written: set[str]) -> tuple[list[str], list[str]]:
        """Words a typo is corrected to, English and Korean: the FAQ's words as written (names' spellings
        included), the lexicon's words, the languages' question words (how mnay: many), and the months."""
        english_words = sorted({w for text in written for w in english.raw_words(text) if len(w) >= MIN_TYPO_LETTERS - 1}
                               | set(english.QUESTION_WORDS) | {w for phrase in english.QUESTION_PHRASES for w in phrase} | numbers.MONTH_NAMES)
        hangul = sorted({w for w in written if is_hangul(w) and all(map(is_hangul, w))} | set(korean.QUESTION_WORDS))
        return english_words, hangul

    # --- the question ----------------------------------------------------------------------------

    def match(self, question: str) -> Match:
        verdict = self._match_text(question)
        if verdict.answered or not verdict.reason.startswith(("uncovered", "weak")):
            return verdict
        # A question that holds one of its best entry's phrasings word for word asks that phrasing;
        # the rest of it, however much the entry does not say, is an aside (need it for my memo).
        if verdict.reason.startswith("uncovered") and self._holds_phrasing(question, verdict.best):
            return dataclasses.replace(verdict, entry=verdict.best, suggestions=(),
                                       reason=f"answered: holds a phrasing of {verdict.best}, the rest an aside ({verdict.reason})")
        # An aside around the question (for my briefing: …, … — need it for a caption) hides it. The
        # one clause that asks (a question word or mark) is the question when the rest asks nothing
        # and holds no number, and it is answered by an entry the whole question was already near.
        clauses = [c.strip() for c in _CLAUSE_BREAK.split(question) if c.strip()]
        if len(clauses) < 2:
            return verdict
        asking = [c for c in clauses if self._asks(c)]
        rest = [c for c in clauses if c not in asking]
        if len(asking) != 1 or any(any(ch.isdigit() for ch in c) for c in rest):
            return verdict
        clause = self._match_text(asking[0])
        if clause.answered and clause.entry in (verdict.best, *verdict.suggestions):
            return dataclasses.replace(clause, reason=f"{clause.reason}, the rest an aside")
        return verdict

    def _holds_phrasing(self, question: str, entry: str | None) -> bool:
        words = set(utils.default_process(question).split())
        return any(len(phrasing) >= ASIDE_PHRASING_WORDS and phrasing <= words for phrasing in self._phrasing_words.get(entry, ()))

    def reading(self, question: str) -> tuple[frozenset[str], frozenset[str]]:
        """The question as the matcher reads it: its terms and its intents."""
        query = self._query(question)
        return frozenset(query.terms), query.intents

    def _asks(self, clause: str) -> bool:
        return "?" in clause or any(w.role is Role.QUESTION for w in self._analyser.words(clause))

    def _match_text(self, question: str) -> Match:
        return self._verdict(self._query(question))

    def _verdict(self, query: _Query) -> Match:
        if query.addressed:
            return Match(None, 0.0, (), None, "chat: the question is about the bot, not the article", spoken_to=True)
        if not query.terms and query.intents & HARD_INTENTS and not query.negated:
            # Only a question word (원인이 뭐래, 어떻게 알게 된 거야): it asks that of the story itself, which
            # the one entry answering it gives; several are offered.
            asked = query.intents & HARD_INTENTS
            answering = [e for e, intents in self._intents.items() if asked <= intents]
            if len(answering) == 1:
                return Match(answering[0], ANSWER_SCORE, (), answering[0], f"answered: the one entry that answers {'/'.join(sorted(asked))}")
            return Match(None, 0.0, tuple(answering[:MAX_SUGGESTIONS]), None, "no subject: the question names nothing an entry could be about")
        if not query.terms or (query.terms.keys() <= query.numbers and not query.checking) or query.terms.keys() == {CLOCK_HOUR}:
            # Nothing but numbers, or but an hour (what time is it?, 지금 몇시야): the time now, no article's.
            return Match(None, 0.0, (), None, "no subject: the question names nothing an entry could be about")
        if query.terms.keys() == {ARTICLE} and query.intents == {"what"} and not query.numbers and self._headline_entry:
            # What is this article (about)?, 무슨 기사야: its subject, which its headline gives.
            headline = self._headline_entry
            return Match(headline, ANSWER_SCORE, (), headline, "answered: what the story is about, its headline's entry")
        scores, said, votes = self._score(query)
        if not scores:
            unknown = ", ".join(query.surfaces[t] for t in query.terms)
            return Match(None, 0.0, (), None, f"off-topic: no entry has {unknown}")
        if self._headline_entry in scores and len(scores) > 1 and not query.terms.keys() & _ARTICLE_PARTS:
            # The headline's own entry says what the story is; a question on one of its facts, in no word
            # for the article or its headline (what is the clinic bus called?), asks the entry of that fact.
            del scores[self._headline_entry]
        ranked = sorted(scores, key=lambda e: (scores[e], votes.get(e, 0)), reverse=True)
        best = ranked[0]
        suggestions = tuple(e for e in ranked[:MAX_SUGGESTIONS] if scores[e] >= SUGGEST_SCORE)
        doubt = self._doubt(query, best, scores[best], said[best])
        runner_up = ranked[1] if len(ranked) > 1 else None
        reason = f"answered: score {scores[best]:.2f}, said {said[best]:.2f}"
        if not doubt and best in self._superseded_by:
            newer = self._superseded_by[best]
            return Match(newer, scores[best], (), best, f"{reason}; {newer} supersedes {best}", earlier=best)
        if (not doubt and runner_up and self._folder[runner_up] != self._folder[best]
                and scores[runner_up] >= scores[best] - SAME_ANSWER_MARGIN
                and not self._doubt(query, runner_up, scores[runner_up], said[runner_up])):
            # Two articles answer it: the newest answers, the older is offered as what was said earlier.
            newer, older = sorted((best, runner_up), key=lambda e: self._published[e], reverse=True)
            return Match(newer, scores[newer], (), best, f"{reason}; {newer} is newer than {older}", earlier=older)
        if ((not doubt or doubt.startswith("number")) and runner_up and MARGIN <= scores[best] - scores[runner_up] < VALUE_MARGIN
                and (query.checks or not query.worded) and query.numbers - query.years
                and self._nearer_value(query, best, runner_up) == runner_up
                and not self._doubt(query, runner_up, scores[runner_up], said[runner_up])):
            # A value checked (비상벨 450대지?): of two entries a little further apart, the one stating a value
            # nearer it is meant.
            return Match(runner_up, scores[runner_up], (), best, f"answered: score {scores[runner_up]:.2f}, "
                         f"said {said[runner_up]:.2f}, states a value nearer the one checked than {best}")
        # Two entries about as close: the one many phrasings ask this way is meant, or the one that
        # states a value nearest the question's (is it 213 shelters? of 198 shelters, not of 9 o'clock);
        # else offer both.
        if ((not doubt or doubt.startswith("number")) and runner_up and scores[best] - scores[runner_up] < MARGIN
                and votes.get(best, 0) < 2 * votes.get(runner_up, 0) + 1):
            nearest = (self._nearer_value(query, best, runner_up) or self._answers_value_kind(query, best, runner_up)
                       or self._asked_who_of(query, best, runner_up))
            if nearest == runner_up and not self._doubt(query, runner_up, scores[runner_up], said[runner_up]):
                return Match(runner_up, scores[runner_up], (), best, f"answered: score {scores[runner_up]:.2f}, "
                             f"said {said[runner_up]:.2f}, states a value nearer the question's than {best}")
            if nearest == best and not doubt:
                reason += f", states a value nearer the question's than {runner_up}"
            elif not doubt and not query.intents & HARD_INTENTS and self._say_alike(best, runner_up):
                # Two entries stating a value of one sentence (the total and its split): a question
                # asking no when, how much, … of them (예산 30억 맞아?) is answered by either.
                reason += f", {runner_up} states the same value from the same sentence"
            elif not doubt:  # a best stating none of the question's values stays doubted as such
                doubt = f"ambiguous: {best} {scores[best]:.2f}, {runner_up} {scores[runner_up]:.2f}"
        if doubt.startswith("unnamed") and (query.checks or not query.worded):
            # A person of the article checked against another's part (is the reporter kim do-yun?, when
            # he is the mayor): the name is the value checked, as a wrong number is.
            wrong = frozenset(t for t in query.terms if t in self._analyser.persons and not self._fields[best].get(t))
            if wrong:
                terms = {t: w for t, w in query.terms.items() if t not in wrong}
                return self._verdict(dataclasses.replace(query, terms=terms, persons=query.persons | wrong))
        if doubt.startswith("no subject") and "where" in query.intents and self._headline_entry:
            # Which city is this (about)?, 어느 동네 얘기야, asked so of no entry: where the story is, which its
            # headline says. The entry citing the headline alone answers.
            headline = self._headline_entry
            return Match(headline, scores.get(headline, 0.0), (), best, "answered: which place the story is about, its headline's entry")
        if doubt:
            return Match(None, scores[best], suggestions, best, doubt)
        return Match(best, scores[best], (), best, reason)

    def _doubt(self, query: _Query, entry: str, score: float, said: float) -> str:
        """Why the best entry must not answer, or "" when it may."""
        if score < ANSWER_SCORE:
            return f"weak: best score {score:.2f} < {ANSWER_SCORE}"
        unnamed = [t for t in query.terms if t in self._analyser.names and t not in self._context[self._folder[entry]]
                   and self._fields[entry].get(t, 0.0) == 0.0]
        if unnamed:
            return f"unnamed: {entry} does not speak of {', '.join(query.surfaces[t] for t in unnamed)}"
        other_time = [query.surfaces[t] for t in query.terms if t in TIME_FRAMES and not self._fields[entry].get(t)]
        if other_time:
            return f"another time: {entry} does not speak of {', '.join(other_time)}"
        if said <= ANSWER_SAID:
            missing = [query.surfaces[t] for t in query.terms if self._fields[entry].get(t, 0.0) == 0.0]
            return f"uncovered: {entry} does not say {', '.join(missing) or 'enough of it'} (said {said:.2f})"
        if query.subjectless and not self._asked_so(query, entry):
            # Which city is this?: only an entry asked so (which city…) answers it, not one whose answer names a city.
            return f"no subject: the question asks only for a {', '.join(query.surfaces[t] for t in query.terms)}, which {entry}'s questions do not ask"
        hard = query.intents & HARD_INTENTS
        if QUOTE in query.terms and not hard and not query.checks and entry in self._asked_who and entry not in self._gives_said:
            # What did the official say?: what was said, which an entry asked who said it gives only in a quote.
            return f"intent: asks what was said, {entry} is asked who said it"
        if hard and not hard & self._intents[entry]:
            return f"intent: asks {'/'.join(sorted(hard))}, {entry} answers {'/'.join(sorted(self._intents[entry])) or 'no such question'}"
        if query.persons and "who" not in self._intents[entry] and not self._names_someone[entry]:
            return f"person: {entry} names no one, and the question checks {', '.join(query.surfaces[t] for t in sorted(query.persons))}"
        if query.places and "where" not in self._intents[entry] and not self._names_a_place[entry]:
            return f"place: {entry} names no place, and the question checks {', '.join(query.surfaces[t] for t in sorted(query.places))}"
        unstated = query.numbers - self._stated[entry]
        if any(numbers.AGE in units for units in self._units[entry].values()):
            # A question's age (im 72) is a condition the entry's ages answer, no value it must state.
            unstated = frozenset(n for n in unstated if numbers.AGE not in query.units.get(n, ()))
        if unstated and not self._corrects(query, unstated, entry):
            return f"number: {entry} states no {', '.join(sorted(unstated))}"
        if query.counted and self._fields[entry].get(query.counted, 0.0) < ANSWER_FIELD:
            return f"counted: {entry} does not count {query.surfaces.get(query.counted, query.counted)}"
        if query.named and not self._gives_name[entry]:
            return f"named: the question asks a name, and {entry} gives none in its answer"
        if query.named and self._fields[entry].get(query.named, 0.0) < ANSWER_FIELD:
            return f"named: {entry} does not name {query.surfaces.get(query.named, query.named)}"
        unsaid = self._unsaid[entry]
        if unsaid and unsaid.search(query.text):
            return f"unsaid: {entry} says the article does not give this"
        if query.negated and not query.conditional and query.intents & NEGATION_REVERSES:
            return "negated: the article says what is, not what is not"
        return ""

    def _asked_so(self, query: _Query, entry: str) -> bool:
        """Whether one of the entry's phrasings asks what the question asks, in its words (which city…)."""
        phrasings = (self._phrasings[i] for i in self._by_term.get(next(iter(query.terms)), ()))
        return any(p.entry == entry and query.terms.keys() <= p.terms.keys() and query.intents <= p.intents for p in phrasings)

    def _nearer_value(self, query: _Query, first: str, second: str) -> str | None:
        """Of two entries, the one whose answer states a value nearer every number of the question, by
        NEARER_VALUE_FACTOR or more; None when neither is."""
        telling = [n for n in query.numbers if float(n) > CLOCK_NUMBER]
        if not telling:
            return None
        distance = {entry: self._value_distance(telling, query.years, query.units, entry) for entry in (first, second)}
        if distance[first] + math.log(NEARER_VALUE_FACTOR) <= distance[second]:
            return first
        if distance[second] + math.log(NEARER_VALUE_FACTOR) <= distance[first]:
            return second
        return None

    def _answers_value_kind(self, query: _Query, first: str, second: str) -> str | None:
        """Of two entries, the one that answers the kind of value a yes-or-no question checks: a place
        (부산에서 했다며?) the one that asks where, else the one that names a place; a person, who; a
        value in a unit (5월말까지 맞아?, closure ends 11pm right?) the one stating a value in that unit."""
        if query.worded and not query.checking:
            return None
        kinds = ((self._analyser.places | query.places, "where", self._names_a_place), (self._analyser.persons | query.persons, "who", self._names_someone))
        for names, intent, names_one in kinds:
            if not names & (query.terms.keys() | query.places | query.persons):
                continue
            for fits in (lambda e: intent in self._intents[e], names_one.get):
                answering = [e for e in (first, second) if fits(e)]
                if len(answering) == 1:
                    return answering[0]
        asked_units = {unit for units in query.units.values() for unit in units}
        if asked_units:
            answering = [e for e in (first, second) if asked_units & {u for units in self._units[e].values() for u in units}]
            if len(answering) == 1:
                return answering[0]
        return None

    def _say_alike(self, first: str, second: str) -> bool:
        """Whether two entries cite a sentence in common and state a value in common."""
        return bool(self._sources[first] & self._sources[second] and self._stated[first] & self._stated[second])

    def _asked_who_of(self, query: _Query, first: str, second: str) -> str | None:
        """Of two entries answering a who-question, the one whose phrasings ask who, not only its answer
        naming someone (who is kim?: the entry asked who kim is, not the one quoting her)."""
        if query.intents & HARD_INTENTS != {"who"}:
            return None
        asking = [e for e in (first, second) if e in self._asked_who]
        return asking[0] if len(asking) == 1 else None

    def _value_distance(self, numbers_asked: list[str], years_asked: frozenset[str], query_units: dict[str, frozenset[str]],
                        entry: str) -> float:
        """How far, in orders of magnitude, the question's numbers are from the nearest ones the entry states."""
        stated, years, units = self._stated[entry], self._years[entry], self._units[entry]
        total = 0.0
        for number in numbers_asked:
            is_year = number in years_asked
            gaps = [abs(math.log(max(float(number), 1e-9) / max(float(other), 1e-9))) for other in stated
                    if (other in years) == is_year and _unit_fits(query_units.get(number), units.get(other))]
            total += min(gaps, default=math.inf)
        return total

    def _corrects(self, query: _Query, unstated: frozenset[str], entry: str) -> bool:
        """Whether the entry's answer corrects the values a question states that it does not: a value
        checked (맞아?) or asked yes or no (did it cost 320 million? when it is 320억) near one it
        states, or, in a question that asks no when, how much, …, a value of a kind it states (6 countries?)."""
        stated, years = self._stated[entry], self._years[entry]
        units = self._units[entry]
        if (query.checking or not query.worded) and all(
                _near_value(n, n in query.years, {o for o in stated if _value_fits(n, n in query.years, query.units.get(n), units.get(o))}, years)
                for n in unstated):
            return True
        return not query.intents & HARD_INTENTS and all(
            any(_kind(n, query.years) == _kind(o, years) and _value_fits(n, n in query.years, query.units.get(n), units.get(o)) for o in stated) for n in unstated)

    def _score(self, query: _Query) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
        """Score of every entry that shares a term with the question, the share of the question's
        weight its texts say, and how many of its phrasings are as close to the question as its
        closest (its votes)."""
        total = sum(query.terms.values())
        query_weight = total + self._intent_weight * len(query.intents)
        closeness: dict[str, float] = defaultdict(float)
        votes: dict[str, int] = defaultdict(int)
        for index in {i for term in query.terms for i in self._by_term.get(term, ())}:
            phrasing = self._phrasings[index]
            shared = sum(min(w, phrasing.terms[t]) for t, w in query.terms.items() if t in phrasing.terms)
            shared += self._intent_weight * len(query.intents & phrasing.intents)
            recall, precision = shared / query_weight, shared / phrasing.weight
            f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
            if f1 > closeness[phrasing.entry] + VOTE_BAND:
                votes[phrasing.entry] = 0
            if f1 >= closeness[phrasing.entry] - VOTE_BAND:
                votes[phrasing.entry] += 1
            closeness[phrasing.entry] = max(closeness[phrasing.entry], f1)
        scores, said = {}, {}
        hard = query.intents & HARD_INTENTS
        for entry, field in self._fields.items():
            covered = sum(w * field.get(t, 0.0) for t, w in query.terms.items())
            if not covered:
                continue
            said[entry] = covered / total
            coverage = covered / (covered + UNCOVERED_WEIGHT * (total - covered))
            score = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * closeness.get(entry, 0.0)
            if hard and not hard & self._intents[entry]:
                score *= INTENT_MISMATCH
            scores[entry] = score
        return scores, said, votes

    def _query(self, question: str) -> _Query:
        text = self._analyser.prepare(self._respelt(unicodedata.normalize("NFKC", strip_address(question))))
        raw = [part for w in self._analyser.raw_words(text) for part in self._split(self._corrected(w))]
        words = self._analyser.fold(raw)
        terms: dict[str, float] = {}
        surfaces: dict[str, str] = {}
        worded = any(w.role is Role.QUESTION for w in raw)
        checking = any(w.role is Role.CHECK for w in words)
        # A person's or place's name no entry speaks of, in a question asked yes or no (is the reporter
        # kim do-hyun?, was it in seoul?), is the value checked, judged apart as an unstated number is:
        # an entry that names someone (states a place) answers, and corrects it.
        checked = [w for w in words if w.role in (Role.PERSON, Role.PLACE) and w.term not in self._idf and (checking or not worded)]
        persons = frozenset(w.term for w in checked if w.role is Role.PERSON)
        places = frozenset(w.term for w in checked if w.role is Role.PLACE)
        for word in words:
            if word.term in persons | places:
                surfaces.setdefault(word.term, word.surface)
            elif word.content and (word.role is not Role.NUMBER or word.term in self._idf):  # an unstated number is judged apart
                idf = self._idf.get(word.term) or self._unknown_idf * UNKNOWN_ROLE_SHARE[word.role] * (
                    SHORT_UNKNOWN_SHARE if len(word.surface) == 1 and is_hangul(word.surface) else 1.0)
                # A number or a person checked, or the part someone plays that no entry speaks of (is kim the
                # mayor?, when she heads a division): the value checked, perhaps wrong.
                checked_value = word.role in (Role.NUMBER, Role.PERSON) or (
                    word.term not in self._idf and self._analyser.names_a_part(word.term))
                share = CHECKED_VALUE_SHARE if checked_value and (checking or not worded) else 1.0
                terms[word.term] = max(terms.get(word.term, 0.0), idf * ROLE_WEIGHT[word.role] * share)
                surfaces.setdefault(word.term, word.surface)
        intents = frozenset(w.term for w in words if w.role is Role.QUESTION)
        if not intents and len(terms) == 1 and next(iter(terms)) in self._analyser.names:
            intents = frozenset({"what"})  # a name alone (kscon???, 케이스콘?) asks what it is
        roles = {w.role for w in words}
        cleaned = clean(question)
        return _Query(
            terms=terms,
            surfaces=surfaces,
            intents=intents,
            numbers=frozenset(w.term for w in words if w.role is Role.NUMBER),
            years=frozenset(numbers.years(cleaned)),
            units=numbers.units(cleaned),
            persons=persons,
            places=places,
            negated=Role.NEGATION in roles,
            checking=checking,
            checks=checking or bool(raw and raw[0].surface in english.AUXILIARIES),
            worded=worded,
            subjectless=bool(terms) and all(w.role is Role.COUNTER for w in words if w.term in terms),
            conditional=any(w.surface in _CONDITIONALS or w.term in _CONDITIONALS for w in words),
            addressed=Role.ADDRESSEE in roles,
            counted=_counted(words),
            named=_named(words),
            text=cleaned,
        )

    def _respelt(self, text: str) -> str:
        """Words one edit from a word the FAQ writes, written its way, before the aliases and the
        analyser read them: an English typo inside a name (lantern fesitval), a Korean word one jamo
        off (잔관회의 → 장관회의) before the analyser cuts it into pieces too short to correct."""
        text = _LATIN_WORD.sub(lambda found: self._respelt_english(found.group()), text)  # in its case: =US is a name
        hangul, hangul_jamo = self._hangul_words, self._hangul_jamo
        known = set(hangul)
        out = []
        for word in text.split():
            if is_hangul(word) and len(word) >= 2 and word not in known and self._has_unknown(word):
                # The word itself, or without its last syllable (a particle: 케이수콘이 → 케이수콘). A short
                # word is respelt only for a slip of typing (예싼 → 예산): one jamo off, it is as often another word.
                for cut in (len(word), len(word) - 1):
                    if cut >= MIN_TYPO_SYLLABLES:
                        found = process.extractOne(jamo(word[:cut]), hangul_jamo, scorer=OSA.distance, score_cutoff=1)
                        if found:
                            word = hangul[found[2]] + word[cut:]
                            break
                    elif cut >= 2:
                        slips = [v for v in korean.confusable_spellings(word[:cut]) if v in known]
                        if len(slips) == 1:
                            word = slips[0] + word[cut:]
                            break
            out.append(word)
        return " ".join(out)

    def _respelt_english(self, written: str) -> str:
        """An unknown English word one letter from a word the FAQ writes (sponsers → sponsors)."""
        word = written.casefold()
        if (len(word) < MIN_TYPO_LETTERS or word in self._english_set or not self._has_unknown(word)
                or self._analyser.knows(english.word_of(word)) or word in english.PLACES):  # mayor is no typo of major, seoul of seul
            return written
        found = process.extract(word, self._english_words, scorer=OSA.distance, score_cutoff=1, limit=8)
        found = [choice for choice, _, _ in found if english.could_be_typo(word, choice)]
        if not found:
            return written
        # A word of content is likelier meant than a function word (mnay is many, not may); a typo of a
        # function word only (wiht) is that word, and says nothing.
        content = [choice for choice in found if english.word_of(choice).role is not Role.FUNCTION]
        # Among words one edit away, a dropped letter is the likeliest typo (wher → where, not when).
        return min(content or found, key=lambda choice: (Indel.distance(word, choice), len(choice) < len(word), choice))

    def _has_unknown(self, word: str) -> bool:
        return any(w.content and w.role is not Role.NUMBER and w.term not in self._idf for w in self._analyser.words(word))

    def _split(self, word: Word) -> list[Word]:
        """An unknown Korean noun that begins or ends with a word the FAQ uses is that word and the
        rest (지원국 → 지원 + 국): a compound the dictionary does not list."""
        if word.role is not Role.NOUN or not is_hangul(word.surface) or len(word.term) < 3 or self._known(word):
            return [word]
        for cut in range(len(word.term) - 1, 1, -1):
            head, tail = Word(word.term[:cut], word.term[:cut], Role.NOUN), Word(word.term[cut:], word.term[cut:], Role.NOUN)
            if self._known(head):
                return [head, tail]
            head, tail = Word(word.term[:-cut], word.term[:-cut], Role.NOUN), Word(word.term[-cut:], word.term[-cut:], Role.NOUN)
            if self._known(tail):
                return [head, tail]
        return [word]

    def _known(self, word: Word) -> bool:
        return self._analyser.fold([word])[0].term in self._idf

    def _corrected(self, word: Word) -> Word:
        """An unknown Korean word one jamo from a question word (언재 → 언제), read as that word."""
        if not word.content or word.role is Role.NUMBER or self._known(word):
            return word
        if is_hangul(word.surface) and len(word.surface) >= 2:
            found = process.extractOne(jamo(word.surface), self._question_jamo, scorer=OSA.distance, score_cutoff=1)
            if found:
                return Word(word.surface, self._question_words[found[2]][1], Role.QUESTION)
        return word


_ARTICLE_PARTS = frozenset({ARTICLE, SUMMARY, HEADLINE})  # the words that ask of the story itself
_QUOTATION = re.compile(r'["“”「『][^"“”」』]{4,}["“”」』]')  # words in quotation marks: what someone said, as said
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CLAUSE_BREAK = re.compile(r"\s[—–-]+\s|[—–:;]+|(?<=\?)|,\s|\.\s")

# Words that make a negation conditional (what if I do not sort? 안 하면?): it asks of the rule, not its opposite.
_CONDITIONALS = frozenset("if unless without 면 으면 않으면 안하면".split())


def _counted(words: list[Word]) -> str | None:
    """The word a how-many question counts: the first noun or counter within a few words after it."""
    for i, word in enumerate(words):
        if word.role is Role.QUESTION and word.term == "how_many":
            following = [w for w in words[i + 1 : i + 4] if w.role in (Role.NOUN, Role.COUNTER)]
            if following and following[0].surface in english.PEOPLE:
                return korean.PERSON_COUNTER  # how many people: 몇 명
            return following[0].term if following and following[0].term not in korean.GENERIC_COUNTERS else None
    return None


def _named(words: list[Word]) -> str | None:
    """The thing a question asks the name of (the name of the land minister, 태국 장관 이름): its
    answer must say it, not only its source."""
    for i, word in enumerate(words):
        if word.term == "name" and word.role is Role.NOUN:
            noun = named_noun(words, i)
            return noun.term if noun else None
    return None


def _cites_only_its_headline(faq: FAQ, entry: Entry) -> bool:
    """Whether the entry's one source is its article's headline: the entry saying what the story is."""
    sources = faq.source_sentences(entry)
    return len(sources) == 1 and sources[0].text == faq.article_of(sources[0]).headline


def _value_fits(number: str, is_year: bool, asked: frozenset[str] | None, stated: frozenset[str] | None) -> bool:
    """Whether a number asked may be a value stated in a unit: as _unit_fits, and a bare number above
    MAX_DAY, no year, is no day, month or hour (were there 214 submissions? is no wrong value of July 31)."""
    if not asked and not is_year and stated and stated & {numbers.DATE, numbers.TIME} and float(number) > MAX_DAY:
        return False
    return _unit_fits(asked, stated)


def _unit_fits(asked: frozenset[str] | None, stated: frozenset[str] | None) -> bool:
    """Whether a value asked in a unit may be a value stated in another: when either has none, or they share one."""
    return not asked or not stated or bool(asked & stated)


def _kind(number: str, years: frozenset[str]) -> str:
    """What a number is, so a wrong value can be told from another question: a year, an amount, a count."""
    if number in years:
        return "year"
    return "amount" if float(number) >= 1000 else "count"


def _near_value(number: str, is_year: bool, stated: frozenset[str], years: frozenset[str]) -> bool:
    """A year checked against a year the entry states, any other value against one within
    WRONG_VALUE_RATIO of one it states (320 million for 320억 is a wrong value of it; 24 hours
    checked against 21,000 m² is another question)."""
    value = float(number)
    for other in stated:
        if (other in years) != is_year:
            continue
        if is_year or max(value, float(other)) <= WRONG_VALUE_RATIO * max(min(value, float(other)), 1e-9):
            return True
    return False
