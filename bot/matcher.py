"""Find the FAQ entry a question asks for, or decide that the article does not answer it.

Pure: it sees FAQ data and text, never Telegram or files. The index is built once; a question
is turned into weighted canonical terms (aliases folded, particles stripped, English stemmed,
spaceless Korean segmented against the FAQ's own vocabulary, typos resolved by jamo-level edit
distance with rapidfuzz) plus its intents, then scored against every phrasing that shares a term.
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
from bot.normalize import (
    PARTICLES,
    STOPWORDS,
    clean,
    expand_shorthand,
    is_hangul,
    is_predicate,
    jamo,
    phrase_pattern,
    predicate_stem,
    spell_numbers,
    stem_english,
    strip_address,
    strip_particle,
    tokens,
)

INTENT_WEIGHT = 2.0  # an intent counts about as much as a distinctive subject term
UNKNOWN_WEIGHT = 1.0  # relative to the rarest known term: a word the FAQ never uses
PREDICATE_WEIGHT = 0.25  # a Korean verb form (열렸어, 뭐함) says little about the subject
FRAGMENT_WEIGHT = 0.25  # what is left of a word an alias was cut out of (주최측이 → host + 측이), or the value a check questions (서울 아님?)
INTENT_MISMATCH = 0.7  # an entry none of whose phrasings asks what the question asks
# Intents a question states unambiguously; an entry that never answers them cannot answer it.
# (what_for, how and name are read from looser wording, so a mismatch there only lowers the score.)
HARD_INTENTS = frozenset({"when", "where", "who", "how_much", "how_many", "head_count", "why"})
# 어디 asks for an organisation as often as for a place (주최측이 어디야), so where and who pass one gate.
_SAME_GATE = {"where": "who"}
CONTEXT_SHARE = 0.3  # a word in this share of the article's sentences is its topic (아세안, 협력), never off-topic
RECURRING_SHARE = 0.25  # a word in this share of an entry's phrasings is part of its subject
SOURCE_CREDIT = 0.5  # a word only the entry's source sentence has: part of its context, not what it answers
RECALL_BETA = 1.5  # covering the question matters more than covering the phrasing
MIN_ENGLISH_TYPO = 6  # letters an English word needs before a one-letter typo is corrected to a content word
MIN_KOREAN_TYPO = 3  # syllables a Korean word needs for the same
KOREAN_TYPO_SIMILARITY = 0.78  # jamo-level: one jamo wrong in a two-syllable word (언재 → 언제)
ENGLISH_TYPO_SIMILARITY = 0.75  # one letter wrong in a four-letter word (wher → where)

# Chosen on the tuning sets in tests/data/ (dev*.tsv); `python -m bot eval FILE` shows the trade-off.
ANSWER_SCORE = 0.45  # the best phrasing's F-measure must reach this
ANSWER_COVERAGE = 0.65  # and this share of the question's weight must be words the entry knows
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
    intents: frozenset[str]
    counts: frozenset[str] = frozenset()  # numbers that count or date something (4개국, 6 countries, 26 nov)
    text: str = ""  # the prepared question, for phrases read as a whole


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
        questions = [(entry.id, _prepared(q)) for entry in faq.entries.values() for lang in LANGS for q in entry.questions[lang]]
        answers = {entry.id: [_prepared(text) for text in entry.answer.values()] for entry in faq.entries.values()}
        sources = {entry.id: [_prepared(s.text) for s in faq.source_sentences(entry)] for entry in faq.entries.values()}
        known_texts = [q for _, q in questions] + [t for texts in (*answers.values(), *sources.values()) for t in texts]
        self._nouns = _nouns([self._fold_aliases(text) for text in known_texts])
        self._index_phrasings([(entry_id, *self._analyse_known(text)) for entry_id, text in questions])
        said = {entry_id: self._terms_of(texts) for entry_id, texts in answers.items()}
        self._numbers = {entry_id: {t for t in terms if t.isdigit()} for entry_id, terms in said.items()}
        self._unsaid = {entry.id: phrase_pattern(entry.unsaid) for entry in faq.entries.values()}
        # What an entry is about: what its answer and sources say, the words that recur in its
        # phrasings (기사 in "what is this article about"), and every alias concept.
        self._topical = {entry_id: said[entry_id] | self._terms_of(sources[entry_id]) | self._recurring_terms(entry_id) for entry_id in answers}
        self._concepts = frozenset(self._alias_of.values())
        # The words a question may use and still be answered by an entry: its phrasings' and its
        # answer's; its sources' count half (one long sentence states several facts: s10 has the LH
        # MOU and DEPA).
        self._entry_vocab = {entry_id: said[entry_id] | self._entry_terms[entry_id] for entry_id in answers}
        self._context = self._topic_words([_prepared(s.text) for s in faq.article.sentences.values() if not s.byline])
        self._segment_words = set().union(self._vocab, *self._topical.values(), _FUNCTION_WORDS, PARTICLES)
        self._fuzzy_choices = self._spellings(known_texts)
        self._written_korean_list = sorted({w for text in known_texts for w in _HANGUL_WORD.findall(text)} | {s for s in self._alias_of if is_hangul(s)})
        self._written_korean = frozenset(self._written_korean_list)
        self._written_jamo = [jamo(word) for word in self._written_korean_list]
        self._fuzzy_jamo = [jamo(spelling) for spelling, _ in self._fuzzy_choices]

    def _index_phrasings(self, analysed: list[tuple[str, list[str], frozenset[str]]]) -> None:
        """Vocabulary, term weights and the term → phrasings index, from (entry, terms, intents) per phrasing."""
        self._vocab = {term for _, terms, _ in analysed for term in terms}
        self._entry_terms: dict[str, set[str]] = defaultdict(set)
        self._entry_intents: dict[str, set[str]] = defaultdict(set)
        for entry_id, terms, intents in analysed:
            self._entry_terms[entry_id].update(terms)
            self._entry_intents[entry_id] |= intents
        self._idf = _idf(self._entry_terms)
        self._unknown_weight = UNKNOWN_WEIGHT * max(self._idf.values(), default=1.0)
        self._phrasings = [
            _Phrasing(entry_id, frozenset(terms), intents, sum(self._weight(t, True) for t in set(terms)) + INTENT_WEIGHT * len(intents))
            for entry_id, terms, intents in analysed
        ]
        self._by_term: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self._phrasings):
            for term in phrasing.terms:
                self._by_term[term].append(index)

    def _terms_of(self, texts: list[str]) -> set[str]:
        return {term for text in texts for term in self._analyse_known(text)[0]}

    def _recurring_terms(self, entry_id: str) -> set[str]:
        """Words in a good share of an entry's phrasings: its subject, even where its answer never says them."""
        phrasings = [p for p in self._phrasings if p.entry == entry_id]
        counts: dict[str, int] = defaultdict(int)
        for phrasing in phrasings:
            for term in phrasing.terms:
                counts[term] += 1
        return {term for term, count in counts.items() if count >= max(2, RECURRING_SHARE * len(phrasings))}

    def _spellings(self, texts: list[str]) -> list[tuple[str, tuple[str, ...]]]:
        """(spelling, terms) pairs a typo is corrected against: FAQ terms, alias spellings
        (케이스곤 → 케이스콘 → kscon) and every word as the FAQ writes it, which is nearer to a typo
        than its stem or its parts (`sponsers` → `sponsors`, 잔관회의 → 장관회의 → ministerialmeeting)."""
        spellings: dict[str, tuple[str, ...]] = {word: (word,) for word in self._vocab | _FUNCTION_WORDS}
        spellings.update({spelling: (self._term(canonical),) for spelling, canonical in self._alias_of.items() if " " not in spelling})
        for word in {token for text in texts for token in tokens(text) if not token.isdigit()}:
            terms = tuple(t if _is_function_word(t) else self._term(t) for t in tokens(self._fold_aliases(word)))
            if word not in spellings and terms and all(_is_function_word(t) or t in self._vocab for t in terms):
                spellings[word] = terms
        return sorted(spellings.items())

    def match(self, question: str) -> Match:
        text = self._respell(expand_shorthand(strip_address(_prepared(question))))
        verdict = self._match_text(text)
        if verdict.answered:
            return verdict
        # An aside around the question (for my briefing: …, … — need it for a caption) hides it:
        # a clause answered on its own by an entry the whole question is close to is what was asked.
        # An aside asks nothing: a clause with a question word or a number of its own (PIS 펀드 언제
        # 조성돼? launch date; cost sharing ratio? 50/50?) is part of the question, and what the whole
        # question asks that the article does not say still stands (kscon selection — criteria pls).
        clauses = [clause for clause in _CLAUSE_BREAK.split(text) if clause.strip()]
        if len(clauses) < 2:
            return verdict
        asking = [clause for clause in clauses if intents_of(clause) or any(ch.isdigit() for ch in clause)]
        candidates = asking if len(asking) == 1 else clauses if not asking else []
        answered = [
            v
            for v in map(self._match_text, candidates)
            if v.answered and v.entry in verdict.suggestions and not self._asks_unsaid(v.entry, text)
        ]
        return max(answered, key=lambda v: v.score) if answered else verdict

    def _match_text(self, text: str) -> Match:
        query = self._analyse_query(text)
        if not query.terms and not query.intents:
            return Match(None, 0.0, ())
        scores = self._score(query)
        if not scores:
            return Match(None, 0.0, ())
        # An intent only some candidates answer separates them; one none answers (뭐함 of an MOU) is
        # read loosely, unless it is one a question states unambiguously (언제, 어디).
        answering = {i for e in scores for i in query.intents & self._entry_intents[e]}
        asked = query.intents & (answering | HARD_INTENTS)
        if asked:
            scores = {e: s if asked & self._entry_intents[e] else s * INTENT_MISMATCH for e, s in scores.items()}
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
        hard = {_SAME_GATE.get(i, i) for i in query.intents & HARD_INTENTS}
        if hard and not hard & {_SAME_GATE.get(i, i) for i in self._entry_intents[entry]}:
            return False
        numbers = {t for t in query.terms if t.isdigit()}
        if numbers and numbers == set(query.terms) and not query.intents:
            return False  # a number alone (2019, 4) is not a question, whatever it happens to match
        kinds = {_number_kind(n) for n in self._numbers[entry]}
        checked = {n for n in numbers if _number_kind(n, n in query.counts) in kinds}
        if numbers - checked - self._numbers[entry]:
            return False  # a number of a kind the entry's answer never states (2차, a year): it asks something else
        if self._asks_unsaid(entry, query.text):
            return False  # it asks what the entry says the article does not say (selection criteria): offer it, do not answer
        if not any(t in self._topical[entry] or t in self._concepts for t in query.terms):
            return False  # only question words in common (good, big, 이름): nothing says it is about this entry
        vocab = self._entry_vocab[entry]
        total = sum(query.terms.values())
        # A number the entry states, or one of the same kind it corrects (4개국? 5개국?), is covered.
        covered = sum(
            w if t in vocab or t in self._context or t in numbers else w * SOURCE_CREDIT if t in self._topical[entry] else 0.0
            for t, w in query.terms.items()
        )
        return total == 0 or covered / total >= ANSWER_COVERAGE

    def _asks_unsaid(self, entry: str, text: str) -> bool:
        unsaid = self._unsaid[entry]
        return bool(unsaid and unsaid.search(text))

    def _score(self, query: _Query) -> dict[str, float]:
        """Best phrasing score per entry: an F-measure of weighted terms and intents shared.

        A phrasing must share a subject term with the question: sharing only the intent or a verb
        (a `when` about something else) is no match."""
        subjects = [t for t in query.terms if self._is_subject(t)]
        candidates = {index for term in subjects for index in self._by_term.get(term, ())}
        query_weight = sum(query.terms.values()) + INTENT_WEIGHT * len(query.intents)
        beta2 = RECALL_BETA**2
        best: dict[str, float] = {}
        for index in candidates:
            phrasing = self._phrasings[index]
            subject = sum(w for t, w in query.terms.items() if t in phrasing.terms)
            shared = subject + INTENT_WEIGHT * len(query.intents & phrasing.intents)
            recall, precision = shared / query_weight, shared / phrasing.weight
            score = (1 + beta2) * precision * recall / (beta2 * precision + recall)
            if score > best.get(phrasing.entry, 0.0):
                best[phrasing.entry] = score
        return best

    def _topic_words(self, sentences: list[str]) -> set[str]:
        """Terms in a good share of the article's sentences (아세안, 스마트시티, 협력): the article's topic,
        which a question may name without asking about anything else."""
        counts: dict[str, int] = defaultdict(int)
        for sentence in sentences:
            for term in set(self._analyse_known(sentence)[0]):
                counts[term] += 1
        return {term for term, count in counts.items() if count >= CONTEXT_SHARE * len(sentences)}

    def _weight(self, term: str, known: bool) -> float:
        """Rarer across entries weighs more; an unknown word as much as the rarest; a verb form little."""
        base = self._idf.get(term, self._unknown_weight) if known else self._unknown_weight
        return base if self._is_subject(term) else base * PREDICATE_WEIGHT

    def _is_subject(self, term: str) -> bool:
        """A noun or name, not a Korean verb form: only a subject makes two texts about one thing."""
        return not term.startswith("~") and (term in self._nouns or not is_predicate(term))

    def _canonical(self, found: re.Match[str]) -> str:
        """The canonical term of an alias match (`cooperat` before -ing is `cooperate`)."""
        key = _alias_key(found.group(1) or found.group(2))
        return self._alias_of.get(key) or self._alias_of[key + "e"]

    def _fold_aliases(self, text: str) -> str:
        """Every alias spelling replaced by its canonical term, as a word of its own."""
        if self._alias_pattern is None:
            return text
        return self._alias_pattern.sub(lambda m: f" {self._canonical(m)} ", text)

    def _term(self, token: str) -> str:
        """The form a token is indexed under: English stemmed; Korean particle stripped, a verb reduced to its stem.

        A Korean word the FAQ uses with particles (영어로, 메시지가) is a noun whatever its ending;
        only other words go through the rule-based particle and predicate heuristics."""
        if token.isdigit():
            return token
        if not is_hangul(token):
            return stem_english(token)
        if token in self._nouns:
            return token
        for particle in PARTICLES:
            if token.endswith(particle) and token[: -len(particle)] in self._nouns:
                return token[: -len(particle)]
        term = strip_particle(token)
        if not is_predicate(term):
            return term
        # A known noun with a copula or ending glued on (의미냐고, 시장이래) is that noun.
        noun = next((term[:cut] for cut in range(len(term) - 1, 1, -1) if term[:cut] in self._nouns), None)
        return noun or predicate_stem(term)

    def _analyse_known(self, text: str) -> tuple[list[str], frozenset[str]]:
        """Terms and intents of cleaned FAQ text: every content token is vocabulary by definition."""
        terms = []
        for token in tokens(self._fold_aliases(text)):
            if _is_function_word(token):
                continue
            term = self._term(token)
            if term not in _FUNCTION_WORDS:
                terms.append(term)
        return terms, intents_of(text)

    def _analyse_query(self, text: str) -> _Query:
        """Weighted terms and intents of prepared question text; intents are read before aliases fold 몇개국 into `country`."""
        intents = set(intents_of(text))
        # In a check (서울 아님? sarawak right?) the unknown word is the value being checked; the
        # answer states the true one, so the word counts little.
        checking = bool(_CHECK.search(text))
        terms: dict[str, float] = {}
        for token, fragment in self._query_tokens(text):
            for term, known in self._resolve(token):
                if term in INTENT_WORDS and term != token:
                    intents |= intents_of(term)  # a mistyped intent word (wher, 언재) still counts
                if _is_function_word(term):
                    continue
                share = 1.0 if known else FRAGMENT_WEIGHT if fragment or checking else _unknown_share(term)
                terms[term] = self._weight(term, known) * share
        counted = frozenset(number for found in _COUNTED.finditer(text) for number in found.groups() if number)
        return _Query(terms, frozenset(intents), counted, text)

    def _respell(self, text: str) -> str:
        """Korean words one jamo away from a word the FAQ writes, written its way (잔관회의 → 장관회의),
        before aliases cut a mistyped compound into pieces too short to correct."""
        for word in set(_HANGUL_WORD.findall(text)) - self._written_korean:
            if self._term(word) in self._vocab or strip_particle(word) in self._written_korean:
                continue  # a known word with an ending the FAQ never wrote (시장이야), not a typo
            found = process.extractOne(jamo(word), self._written_jamo, scorer=OSA.distance, score_cutoff=1)
            if found:
                text = text.replace(word, self._written_korean_list[found[2]])
        return text

    def _query_tokens(self, text: str) -> list[tuple[str, bool]]:
        """Tokens after alias folding, each marked True when it is the rest of a Korean word an alias
        was cut out of (주최측이 → host, 측이): a particle or ending, not a word the user chose."""
        if self._alias_pattern is None:
            return [(token, False) for token in tokens(text)]
        marked: list[tuple[str, bool]] = []
        glued = False  # the text before this point ended inside a word, right after an alias
        position = 0
        for found in self._alias_pattern.finditer(text):
            before = tokens(text[position : found.start()])
            cut_before = found.start() > 0 and is_hangul(text[found.start() - 1])
            marked += [(token, (glued and i == 0) or (cut_before and i == len(before) - 1)) for i, token in enumerate(before)]
            marked.append((self._canonical(found), False))
            position = found.end()
            glued = position < len(text) and is_hangul(text[position])
        marked += [(token, glued and i == 0) for i, token in enumerate(tokens(text[position:]))]
        return marked

    def _resolve(self, token: str) -> list[tuple[str, bool]]:
        """A query token as FAQ terms: exact, particle stripped, segmented, or a near spelling."""
        if _is_function_word(token):
            bare = strip_particle(token)
            return [(bare if bare in _FUNCTION_WORDS else token, True)]
        for form in (self._term(token), token):
            if form in self._vocab or form in _FUNCTION_WORDS:
                return [(form, True)]
        near = self._nearest(token)
        if near:
            return near
        pieces = _segment(token, self._segment_words) if is_hangul(token) else [token]
        resolved = []
        for piece in pieces:
            term = self._term(piece)
            if piece in self._segment_words:
                resolved.append((piece, True))
            elif term in self._vocab:
                resolved.append((term, True))
            else:
                resolved += self._nearest(piece) or [(term, False)]
        return resolved

    def _nearest(self, piece: str) -> list[tuple[str, bool]] | None:
        """The terms of the FAQ word one typo away (jamo-level for Hangul), if the piece is long enough to tell.

        Among equally near words a function word wins: a mistyped `what` is likelier than a
        mistyped rare term. A content word must be long to be corrected: one letter or jamo turns
        many short words into others (kick → pick, 주말 → 준말)."""
        hangul = is_hangul(piece)
        if len(piece) < (2 if hangul else 4):
            return None
        cutoff = KOREAN_TYPO_SIMILARITY if hangul else ENGLISH_TYPO_SIMILARITY
        for form in dict.fromkeys((piece, strip_particle(piece) if hangul else piece)):
            long_enough = len(form) >= (MIN_KOREAN_TYPO if hangul else MIN_ENGLISH_TYPO)
            found = process.extract(jamo(form), self._fuzzy_jamo, scorer=OSA.normalized_similarity, score_cutoff=cutoff, limit=5)
            top = [self._fuzzy_choices[index] for _, score, index in found if score == found[0][1]]
            top = [(spelling, terms) for spelling, terms in top if _all_function(terms) or self._typo_of(form, spelling, long_enough)]
            if top:
                return [(term, True) for term in min(top, key=lambda pair: (not _all_function(pair[1]), pair[1]))[1]]
        return None

    @staticmethod
    def _typo_of(form: str, spelling: str, long_enough: bool) -> bool:
        """A content word is corrected when long enough to tell, or when the typo only dropped a
        letter (stnds → stands, cntres → centres): a dropped letter rarely makes another word."""
        if is_hangul(form):
            return long_enough
        distance = OSA.distance(form, spelling)
        return distance <= 1 and (long_enough or len(spelling) == len(form) + 1)


_FUNCTION_WORDS = STOPWORDS | INTENT_WORDS


def _number_kind(number: str, counted: bool = True) -> str:
    """What a number is: a year, an amount (in 억) or a count. A question's number of a kind the
    answer states is a check of that fact (2021년부터 맞아? 5개국?), not another question; a small
    number in a question is a count only when it counts something (5개국, 6 countries), not 2차."""
    value = int(number)
    if 1900 <= value <= 2100:
        return "year"
    if value >= 100:
        return "amount"
    return "count" if counted else "other"


def _prepared(text: str) -> str:
    """Text as the matcher reads it, FAQ and question alike: cleaned, amounts in one unit."""
    return spell_numbers(clean(text))


def _is_function_word(token: str) -> bool:
    """A stopword or intent word, bare or with a particle (뭐가, 언제야), or a verb form built on
    뭐/뭘 or 하다/되다 alone (뭐하는거야, 했냐): never a content term."""
    return (
        token in _FUNCTION_WORDS
        or token in PARTICLES
        or strip_particle(token) in _FUNCTION_WORDS
        or (token[0] in _WHAT and is_predicate(token))
        or (len(token) > 1 and token[0] in _LIGHT_VERB and token[1] in _VERB_TAIL)
    )


# A verb form built on 뭐/뭘 or on 하다/되다 alone (뭐하는거야, 했냐, 해주는, 되나) asks, it names nothing;
# the second syllable tells 했냐 and 해주는 from nouns that start alike (합의, 해외, 한국).
_WHAT = frozenset("뭐뭘")
_LIGHT_VERB = frozenset("하했해한할함합되됐돼된될됨됩")
_VERB_TAIL = frozenset("어아야여요냐니나까죠지임음셈줘주래고다데대네게며는면서세시셨려겠기거건")
# Words that make a question a check of a value (… right? 서울 아님? 맞나?).
_CHECK = re.compile(
    r"\b(?:right|correct|true|isn'?t it|wasn'?t it|y/n|yes or no)\b|^(?:wasn'?t|isn'?t)\b"
    r"|맞아|맞지|맞나|맞음|맞죠|맞니|맞냐|맞습니까|맞는지|아님|아니야|아니지|아닌가|아니었|였나|이었나|였지|이었지"
)
# A number beside what it counts or dates (4개국, 6 countries, 26 nov, 11월 25).
_COUNTED = re.compile(
    r"(\d+)\s*(?:개국|개|곳|군데|나라|국가|일|(?:asean\s+)?(?:countries|country|nations|states|centres|centers)|nov(?:ember)?)"
    r"|(?:nov(?:ember)?|11월)\s*(\d+)"
)
_CLAUSE_BREAK = re.compile(r"\s[—–-]+\s|[—–:;?!]+|,\s|\.\s")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{3,}")  # shorter words are too easily one jamo from another (주말, 준말)


def _all_function(terms: tuple[str, ...]) -> bool:
    return all(_is_function_word(term) for term in terms)


def _nouns(texts: list[str]) -> frozenset[str]:
    """Korean words the FAQ uses both bare and with a particle (영어, 영어로): nouns, never verb forms."""
    bare = {token for text in texts for token in tokens(text) if is_hangul(token)}
    return frozenset(
        token[: -len(particle)]
        for token in bare
        for particle in PARTICLES
        if token.endswith(particle) and len(token) > len(particle) and token[: -len(particle)] in bare
        and token[: -len(particle)] not in PARTICLES  # 나이 is a word, not the particle 나 with 이
    )


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
    """How much an unknown word counts: a fragment (one syllable, a short English word) counts less,
    and so does a number, which the number check judges on its own."""
    if term.isdigit():
        return 0.5
    if is_hangul(term):
        return PREDICATE_WEIGHT if len(term) == 1 else 1.0
    return 0.5 if len(term) <= 3 else 1.0


_ENGLISH_ENDING = "(?:s|es|d|ed|ing)?"  # `sponsored` and `hosting` are spellings of `sponsor` and `host`
# 하다/되다 endings after a Korean spelling belong to it: 설치될 and 참석했어 are `install`, `attend`.
_KOREAN_VERB_ENDING = "(?:(?:하|했|해|한|할|함|합|되|됐|돼|된|될|됨|됩|시킨|시켜)[\uac00-\ud7a3]{0,3})?"


_SEPARATOR = r"[\s\-·.]"


def _alias_key(spelling: str) -> str:
    return re.sub(_SEPARATOR, "", spelling)


def _compile_aliases(aliases: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every spelling of every alias.

    An English spelling stands alone (`lh` is not inside `health`), may take a plain ending, and
    may be spaced or dotted anywhere (k scon, p.i.s). A Korean one matches inside longer words,
    where particles and endings are glued on, and may be split only where some written spelling
    splits it (케이 스콘) or the script changes (lh 공사): else 회의장 would match across 회의 장소."""
    alias_of: dict[str, str] = {}
    breaks: dict[str, set[int]] = defaultdict(set)
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            written = clean(spelling)
            key = _alias_key(written)
            alias_of[key] = clean(canonical)
            breaks[key] |= _break_positions(written)
    if not alias_of:
        return None, alias_of
    keys = sorted(alias_of, key=len, reverse=True)
    english = "|".join(_silent_e(_spaced(key, set(range(1, len(key))))) for key in keys if key.isascii()) or "(?!)"
    korean = "|".join(_spaced(key, breaks[key]) for key in keys if not key.isascii()) or "(?!)"
    return re.compile(rf"(?<![a-z0-9])({english}){_ENGLISH_ENDING}(?![a-z0-9])|({korean}){_KOREAN_VERB_ENDING}"), alias_of


def _silent_e(pattern: str) -> str:
    """A final e may drop before -ing: `cooperate` also matches `cooperating`."""
    return pattern[:-1] + "(?:e|(?=ing))" if pattern.endswith("e") else pattern


def _break_positions(written: str) -> set[int]:
    """Where a written spelling is split (케이 스콘 → {2}), counted in the characters of its key."""
    positions, count = set(), 0
    for ch in written:
        if re.fullmatch(_SEPARATOR, ch):
            positions.add(count)
        else:
            count += 1
    return positions


def _spaced(key: str, breaks: set[int]) -> str:
    """The key as a pattern: a separator may stand at a break or where Latin meets Hangul."""
    pattern = re.escape(key[0])
    for i in range(1, len(key)):
        optional = i in breaks or key[i - 1].isascii() != key[i].isascii()
        pattern += (f"{_SEPARATOR}*" if optional else "") + re.escape(key[i])
    return pattern
