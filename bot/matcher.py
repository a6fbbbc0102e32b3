"""Find the FAQ entry a question asks for, or decide that the article does not answer it.

Pure: it sees FAQ data and text, never Telegram or files. The index is built once; a question
is turned into weighted canonical terms (aliases folded, particles stripped, spaceless Korean
segmented against the FAQ's own vocabulary, typos resolved by jamo-level edit distance with
rapidfuzz) plus its intents, then scored against every phrasing that shares a term.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.faq import FAQ, LANGS
from bot.intents import INTENT_WORDS, intents_of
from bot.normalize import PARTICLES, STOPWORDS, clean, is_hangul, is_predicate, jamo, predicate_stem, strip_address, strip_particle, tokens

INTENT_WEIGHT = 2.0  # an intent counts about as much as a distinctive subject term
UNKNOWN_WEIGHT = 1.0  # relative to the rarest known term: a word the FAQ never uses
PREDICATE_WEIGHT = 0.25  # a Korean verb form (열렸어, 뭐함) says little about the subject
INTENT_MISMATCH = 0.7  # an entry none of whose phrasings asks what the question asks
CONTEXT_SHARE = 0.2  # a word in this share of entries or more is context (아세안, meeting), never off-topic
RECALL_BETA = 1.5  # covering the question matters more than covering the phrasing

ANSWER_SCORE = 0.45
ANSWER_COVERAGE = 0.70
SUGGEST_SCORE = 0.20
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    entry: str | None  # the entry answered with, None when abstaining
    score: float  # 0..1, the best entry's score even when abstaining
    suggestions: tuple[str, ...]  # entry ids worth offering ("did you mean")
    best: str | None = None  # the best-scoring entry, answered or not

    @property
    def answered(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True)
class _Query:
    terms: dict[str, float]  # canonical term → weight (unknown words included)
    unknown: frozenset[str]
    intents: frozenset[str]


@dataclass(frozen=True)
class _Phrasing:
    entry: str
    terms: frozenset[str]
    intents: frozenset[str]
    weight: float


class Matcher:
    """An index over one FAQ; `match()` is the hot path and does no repeated work."""

    def __init__(self, faq: FAQ) -> None:
        self._alias_pattern, self._alias_of = _compile_aliases(faq.aliases)
        self._entry_ids = list(faq.entries)
        raw = [(entry.id, _analyse_known(self._fold_aliases(clean(q)))) for entry in faq.entries.values() for lang in LANGS for q in entry.questions[lang]]
        self._vocab = {term for _, (terms, _) in raw for term in terms}
        entry_terms: dict[str, set[str]] = defaultdict(set)
        for entry_id, (terms, _) in raw:
            entry_terms[entry_id].update(terms)
        self._idf = _idf(entry_terms)
        self._context = {t for t, idf in self._idf.items() if idf <= math.log((len(entry_terms) + 1) / (CONTEXT_SHARE * len(entry_terms)))}
        self._unknown_weight = UNKNOWN_WEIGHT * max(self._idf.values(), default=1.0)
        self._phrasings = [
            _Phrasing(entry_id, frozenset(terms), intents, sum(self._weight(t, True) for t in set(terms)) + INTENT_WEIGHT * len(intents))
            for entry_id, (terms, intents) in raw
        ]
        self._by_term: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self._phrasings):
            for key in phrasing.terms | {"?" + i for i in phrasing.intents}:
                self._by_term[key].append(index)
        self._entry_intents: dict[str, set[str]] = defaultdict(set)
        for phrasing in self._phrasings:
            self._entry_intents[phrasing.entry] |= phrasing.intents
        self._entry_vocab = {
            entry.id: {t for text in (*entry.answer.values(), *(s.text for s in faq.source_sentences(entry))) for t in _analyse_known(self._fold_aliases(clean(text)))[0]}
            | {t for p in self._phrasings if p.entry == entry.id for t in p.terms}
            for entry in faq.entries.values()
        }
        self._segment_words = self._vocab | STOPWORDS | INTENT_WORDS | set(PARTICLES)
        # Near spellings are looked up among FAQ words and alias spellings (케이스곤 → 케이스콘 → kscon).
        spellings = {word: word for word in self._vocab | STOPWORDS | INTENT_WORDS}
        spellings.update({spelling: canonical for spelling, canonical in self._alias_of.items() if " " not in spelling})
        self._fuzzy_choices = sorted(spellings.items())
        self._fuzzy_jamo = [jamo(spelling) for spelling, _ in self._fuzzy_choices]

    def match(self, question: str) -> Match:
        query = self._analyse_query(question)
        if not query.terms and not query.intents:
            return Match(None, 0.0, ())
        scores = self._score(query)
        if not scores:
            return Match(None, 0.0, ())
        if query.intents:
            scores = {e: s if query.intents & self._entry_intents[e] else s * INTENT_MISMATCH for e, s in scores.items()}
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        best, best_score = ranked[0]
        suggestions = tuple(entry for entry, score in ranked[:MAX_SUGGESTIONS] if score >= SUGGEST_SCORE)
        if self._confident(query, best, best_score):
            return Match(best, best_score, (), best)
        return Match(None, best_score, suggestions, best)

    def _confident(self, query: _Query, entry: str, score: float) -> bool:
        """Answer only when the entry scores well, covers the question's words and its intent."""
        if score < ANSWER_SCORE:
            return False
        if query.intents and not query.intents & self._entry_intents[entry]:
            return False
        total = sum(query.terms.values())
        vocab = self._entry_vocab[entry]
        if any(t.isdigit() and t not in vocab for t in query.terms):
            return False  # a number the entry's sources do not state: it asks something else
        covered = sum(w for t, w in query.terms.items() if t in vocab or t in self._context)
        return total == 0 or covered / total >= ANSWER_COVERAGE

    def _score(self, query: _Query) -> dict[str, float]:
        """Best phrasing score per entry: an F-measure of weighted terms and intents shared."""
        keys = list(query.terms) + ["?" + i for i in query.intents]
        candidates = {index for key in keys for index in self._by_term.get(key, ())}
        query_weight = sum(query.terms.values()) + INTENT_WEIGHT * len(query.intents)
        beta2 = RECALL_BETA**2
        best: dict[str, float] = {}
        for index in candidates:
            phrasing = self._phrasings[index]
            subject = sum(w for t, w in query.terms.items() if t in phrasing.terms)
            if subject <= 0 and query.terms:
                continue  # sharing only the intent (a `when` about something else) is no match
            shared = subject + INTENT_WEIGHT * len(query.intents & phrasing.intents)
            recall, precision = shared / query_weight, shared / phrasing.weight
            score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
            if score > best.get(phrasing.entry, 0.0):
                best[phrasing.entry] = score
        return best

    def _weight(self, term: str, known: bool) -> float:
        base = self._idf.get(term, self._unknown_weight) if known else self._unknown_weight
        return base * PREDICATE_WEIGHT if term.startswith("~") or is_predicate(term) else base

    def _fold_aliases(self, text: str) -> str:
        if self._alias_pattern is None:
            return text
        return self._alias_pattern.sub(lambda m: f" {self._alias_of[_alias_key(m.group(0))]} ", text)

    def _analyse_query(self, question: str) -> _Query:
        text = self._fold_aliases(strip_address(clean(question)))
        terms: dict[str, float] = {}
        unknown: set[str] = set()
        intents = set(intents_of(text))
        for token in tokens(text):
            for term, known in self._resolve(token):
                if term in INTENT_WORDS and term != token:
                    intents |= intents_of(term)  # a mistyped intent word (wher, 언재) still counts
                if term in STOPWORDS or term in INTENT_WORDS or term in PARTICLES:
                    continue
                terms[term] = self._weight(term, known) * (1.0 if known else _unknown_share(term))
                if not known:
                    unknown.add(term)
        return _Query(terms, frozenset(unknown), frozenset(intents))

    def _resolve(self, token: str) -> list[tuple[str, bool]]:
        """A query token as FAQ terms: exact, particle stripped, segmented, or a near spelling."""
        for form in (strip_particle(token), token):
            if form in STOPWORDS or form in INTENT_WORDS:
                return [(form, True)]
        for form in (_term(token), token):
            if form in self._vocab:
                return [(form, True)]
        pieces = _segment(token, self._segment_words) if is_hangul(token) else [token]
        resolved = []
        for piece in pieces:
            if piece in self._segment_words:
                resolved.append((piece, True))
            elif is_predicate(piece) and predicate_stem(piece) in self._vocab:
                resolved.append((predicate_stem(piece), True))
            else:
                near = self._nearest(piece)
                resolved.append((near, True) if near else (piece, False))
        return resolved

    def _nearest(self, piece: str) -> str | None:
        """The FAQ word one typo away (jamo-level for Hangul), if the piece is long enough to tell.

        Among equally near words a function word wins: a mistyped `what` is likelier than a
        mistyped rare term."""
        hangul = is_hangul(piece)
        if len(piece) < (2 if hangul else 4):
            return None
        cutoff = 0.8 if hangul else 0.75
        for form in dict.fromkeys((piece, strip_particle(piece) if hangul else piece)):
            found = process.extract(jamo(form), self._fuzzy_jamo, scorer=OSA.normalized_similarity, score_cutoff=cutoff, limit=5)
            if found:
                top = [self._fuzzy_choices[index][1] for _, score, index in found if score == found[0][1]]
                return min(top, key=lambda word: (word not in STOPWORDS and word not in INTENT_WORDS, word))
        return None


def _term(token: str) -> str:
    """The form a token is indexed under: particle stripped, a verb reduced to its stem."""
    if not is_hangul(token):
        return token
    term = strip_particle(token)
    return predicate_stem(term) if is_predicate(term) else term


def _analyse_known(text: str) -> tuple[list[str], frozenset[str]]:
    """Terms and intents of FAQ text: every content token is vocabulary by definition."""
    terms = []
    for token in tokens(text):
        term = _term(token)
        if not {term, token, strip_particle(token)} & (STOPWORDS | INTENT_WORDS) and token not in PARTICLES:
            terms.append(term)
    return terms, intents_of(text)


def _idf(entry_terms: dict[str, set[str]]) -> dict[str, float]:
    """Inverse entry frequency: a word in every entry (스마트시티, ASEAN) decides almost nothing."""
    df: dict[str, int] = defaultdict(int)
    for terms in entry_terms.values():
        for term in terms:
            df[term] += 1
    n = len(entry_terms)
    return {term: math.log((n + 1) / count) for term, count in df.items()}


def _segment(token: str, words: set[str]) -> list[str]:
    """Split spaceless Korean (`협력센터어디생겨`) by greedy longest match against known words."""
    pieces: list[str] = []
    unknown = ""
    i = 0
    while i < len(token):
        for j in range(len(token), i, -1):
            if token[i:j] in words and (j - i >= 2 or token[i:j] in _ONE_SYLLABLE_WORDS):
                if unknown:
                    pieces.append(unknown)
                    unknown = ""
                pieces.append(token[i:j])
                i = j
                break
        else:
            unknown += token[i]
            i += 1
    if unknown:
        pieces.append(unknown)
    return pieces


_ONE_SYLLABLE_WORDS = frozenset("왜 몇 뭐".split())


def _unknown_share(term: str) -> float:
    """How much an unknown word counts: a fragment (one syllable, a short English word) counts less."""
    if term.isdigit():
        return 1.0
    if is_hangul(term):
        return PREDICATE_WEIGHT if len(term) == 1 else 1.0
    return 0.5 if len(term) <= 3 else 1.0


def _alias_key(spelling: str) -> str:
    return re.sub(r"[\s\-·.]", "", spelling)


def _compile_aliases(aliases: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every spelling of every alias; spaces, dashes and dots inside are optional."""
    alias_of: dict[str, str] = {}
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            alias_of[_alias_key(clean(spelling))] = clean(canonical)
    if not alias_of:
        return None, alias_of
    parts = []
    for key in sorted(alias_of, key=len, reverse=True):
        body = r"[\s\-·.]*".join(re.escape(ch) for ch in key)
        parts.append(rf"(?<![a-z0-9]){body}(?![a-z0-9])" if key.isascii() else body)
    return re.compile("|".join(parts)), alias_of
