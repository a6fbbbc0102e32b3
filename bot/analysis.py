"""The analysis chain: text → words, the same for the FAQ and for questions.

clean (NFKC, case) → the FAQ folder's names folded to one term (aliases.yaml) → numbers as values
(bot.numbers) → each run of Korean or English through its language module (bot.lang) → the
package lexicon's synonyms folded to one concept. Article knowledge enters only through the
aliases; everything else is language knowledge shipped with the package.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from importlib import resources

import yaml

from bot import numbers
from bot.lang import INTENTS, Role, Word, english, korean
from bot.normalize import clean, is_hangul

_MAX_PHRASE = 3  # the longest lexicon spelling, in words
_HANGUL_EOJEOL = re.compile(r"\S*[\uac00-\ud7a3\u3131-\u318e]\S*")


class LexiconError(ValueError):
    """The package lexicon is malformed: a bug in the package, found by its tests."""


class Analyser:
    """Words of a text, with one FAQ folder's names (its aliases) known as single terms."""

    def __init__(self, aliases: dict[str, tuple[str, ...]], lexicon: bool = True) -> None:
        """`lexicon=False` reads words as the languages give them: how the lexicon's own spellings are read."""
        self._alias_pattern, self._alias_of = _compile_aliases(aliases)
        self._whole_words = _compile_whole_words(aliases)
        self.names = frozenset(self._alias_of.values()) | {name for _, name in self._whole_words}
        self._lexicon, self._classes = _lexicon() if lexicon else ({}, {})
        self.persons, self.places = _person_and_place_names(aliases)
        # A surname alone (what did kim say?) is the one person of the folder who bears it.
        bearers = {surname: [p for p in self.persons if p.startswith(surname)] for surname in english.SURNAMES}
        self._surnames = {surname: found[0] for surname, found in bearers.items() if len(found) == 1}
        self.name_parts = _name_parts(aliases, self.persons) if lexicon else {}

    def prepare(self, text: str) -> str:
        """Cleaned text with names folded and numbers as values: what the languages read."""
        # An address first, whole: a name inside it (kim@saebyeok.example) is no name said.
        text = _ADDRESSES.sub(lambda found: f" {_ADDRESS_WORDS[found.lastgroup]} ", unicodedata.normalize("NFKC", text))
        for pattern, name in self._whole_words:  # before case folding: US is a name, us is not
            text = pattern.sub(f" {name}", text)
        text = numbers.normalise(clean(text))
        if self._alias_pattern is not None:
            text = self._alias_pattern.sub(self._folded_name, text)
        return text

    def _folded_name(self, found: re.Match[str]) -> str:
        """The name a spelling matched, unless a Korean spelling spaced where it is not ends inside a word
        of its own (진주시청 in 진주시 청년, not 케이 에스 콘 in 케이 에스 콘이): then only what precedes
        that space is read for names."""
        matched, text, end = found.group(0), found.string, found.end()
        if found.group(1) and " " in matched and end < len(text) and is_hangul(text[end]):
            head, tail = matched.rsplit(" ", 1)
            rest = re.match(r"[\uac00-\ud7a3]*", text[end:]).group()
            if not korean.ends_a_morpheme(tail, tail + rest):
                return self._alias_pattern.sub(self._folded_name, head) + " " + tail
        # A place's office or head glued to its name keeps the place's last syllable: 남강시장 is 남강시's 시장
        # (mayor), not 남강시 and 장; 가온군수, 새봄구청, 해솔시민 alike.
        suffix = matched[-1:]
        if found.group(1) and suffix in korean.PLACE_OFFICES and text.startswith(korean.PLACE_OFFICES[suffix], end):
            return f" {self._canonical(found)} {suffix}"
        # The name stays glued to what follows, so a Korean particle after it stays a particle (K-SCON이 → kscon이).
        return f" {self._canonical(found)}"

    def names_a_part(self, term: str) -> bool:
        """Whether the word is the part someone plays (mayor, 과장, reporter): a noun asking who."""
        return self._classes.get(term) == "who"

    def knows(self, word: Word) -> bool:
        """Whether the lexicon has the word as a spelling of its own: a word of the language, no typo."""
        return (word.term,) in self._lexicon or word.term in self._classes

    def words(self, text: str) -> list[Word]:
        """Every word of the text, function words included (they mark negation and checks)."""
        return self.words_of_prepared(self.prepare(text))

    def words_of_prepared(self, text: str) -> list[Word]:
        return self.fold(self.raw_words(text))

    def raw_words(self, text: str) -> list[Word]:
        """The languages' words of prepared text, before the lexicon folds synonyms."""
        raw: list[Word] = []
        for segment, is_korean in _segments(text):
            if is_korean:
                raw += korean.words(segment, self._english_word)
            else:
                raw += english.words(segment, self.names)
        if not self.persons:
            return raw
        return [Word(w.surface, self._surnames.get(w.term, w.term), Role.PERSON) if w.term in self.persons or w.term in self._surnames
                else w for w in raw]

    def _english_word(self, word: str) -> Word:
        return english.word_of(word, self.names)

    def fold(self, raw: list[Word]) -> list[Word]:
        """Lexicon spellings (one word or a few in a row) read as their concept or intent."""
        out: list[Word] = []
        i = 0
        while i < len(raw):
            if raw[i].term in self.names:  # a name of the article is itself, never a synonym of a word
                out.append(raw[i])
                i += 1
                continue
            asked = self._class_asked(raw, i)
            if asked:
                noun, concept = raw[i + 1], self._lexicon.get((raw[i + 1].term,))
                # The class stays, weighing as a counter does: it says what kind of thing the answer is.
                out += [asked, Word(noun.surface, concept if concept and concept not in INTENTS else noun.term, Role.COUNTER)]
                i += 2
                continue
            asked = self._name_asked(raw, i)
            if asked:  # the name is asked, and who (or where) it is
                out += [Word(raw[i].surface, _NAME, Role.NOUN), asked]
                i += 1
                continue
            if raw[i].role is Role.NOUN and self._classes.get(raw[i].term) == "where" and len(raw[i].surface) == 1:
                out.append(Word(raw[i].surface, raw[i].term, Role.COUNTER))  # 시에서 발표: the story's own city, saying little
                i += 1
                continue
            for size in range(min(_MAX_PHRASE, len(raw) - i), 0, -1):
                window = raw[i : i + size]
                if size > 1 and any(w.role in (Role.FUNCTION, Role.QUESTION, Role.NUMBER) or w.term in self.names for w in window):
                    continue
                found = self._lexicon.get(tuple(w.term for w in window))
                if found and window[0].role is not Role.QUESTION:
                    role = Role.QUESTION if found in INTENTS else (Role.VERB if window[0].role is Role.VERB else Role.NOUN)
                    out.append(Word(" ".join(w.surface for w in window), found, role))
                    i += size
                    break
            else:
                out.append(raw[i])
                i += 1
        return out

    def _class_asked(self, raw: list[Word], i: int) -> Word | None:
        """`which city` is `where`, `어떤 기관` is `who`: a question word before a noun of a class."""
        if raw[i].role is Role.QUESTION and raw[i].term == "what" and i + 1 < len(raw):
            noun = raw[i + 1]
            if noun.role is Role.NOUN and noun.term in self._classes:
                return Word(f"{raw[i].surface} {noun.surface}", self._classes[noun.term], Role.QUESTION)
        return None

    def _name_asked(self, raw: list[Word], i: int) -> Word | None:
        """The word for name after a noun of a class (장관 이름, minister name) or before one (the
        name of the minister) asks, besides the name, what a question word before the noun would:
        the minister's name is who."""
        if raw[i].role is not Role.NOUN or self._lexicon.get((raw[i].term,)) != _NAME:
            return None
        noun = named_noun(raw, i)
        if noun and noun.term in self._classes:
            return Word(raw[i].surface, self._classes[noun.term], Role.QUESTION)
        return None

    def _canonical(self, found: re.Match[str]) -> str:
        key = _alias_key(found.group(1) or found.group(2))
        return self._alias_of.get(key) or self._alias_of[key + "e"]


# An address is read as the word for what it is: a byline's e-mail address says "email", a link "website".
_ADDRESSES = re.compile(r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<link>(?:https?://|www\.)\S+)")
_ADDRESS_WORDS = {"email": "email", "link": "website"}
_NAME = "name"  # the lexicon's concept of the word for name (이름, 명칭, called)


def named_noun(words: list[Word], i: int) -> Word | None:
    """The noun the word for name at `i` names: the last noun of the phrase after "of" (the name of
    the land minister), else the noun just before it (태국 장관 이름, thai minister name)."""
    if words[i + 1 : i + 2] and words[i + 1].surface == english.NAME_OF:
        phrase = itertools.takewhile(lambda w: w.role is Role.NOUN or w.surface in english.ARTICLES, words[i + 2 :])
        nouns = [w for w in phrase if w.role is Role.NOUN]
        return nouns[-1] if nouns else None
    before = [w for w in words[:i] if w.role is not Role.FUNCTION]
    return before[-1] if before and before[-1].role is Role.NOUN else None


def _person_and_place_names(aliases: dict[str, tuple[str, ...]]) -> tuple[frozenset[str], frozenset[str]]:
    """The folder's names that are people's, and those that are places': one of their spellings reads
    as one word, a person's name (김도윤, kim do-yun) or a place's (구미, gyeonggi-do); 경북청년창업진흥원
    is no place."""
    if not aliases:
        return frozenset(), frozenset()
    plain = Analyser({}, lexicon=False)
    found: dict[Role, set[str]] = {Role.PERSON: set(), Role.PLACE: set()}
    for canonical, spellings in aliases.items():
        for spelling in spellings:
            words = [w for w in plain.raw_words(plain.prepare(spelling.lstrip(WHOLE_WORD))) if w.content]
            if len(words) == 1 and words[0].role in found:
                found[words[0].role].add(clean(canonical))
    return frozenset(found[Role.PERSON]), frozenset(found[Role.PLACE])


def _name_parts(aliases: dict[str, tuple[str, ...]], persons: frozenset[str]) -> dict[str, frozenset[str]]:
    """The words each name of the folder is made of (은하구민체육센터: 구민, 체육, 센터), read without the
    names: a question may say part of a name (체육센터 맞아?). People's names are no words."""
    if not aliases:
        return {}
    plain = Analyser({})
    parts: dict[str, frozenset[str]] = {}
    for canonical, spellings in aliases.items():
        name = clean(canonical)
        if name in persons:
            continue
        words = {w.term for spelling in spellings for w in plain.words(spelling.lstrip(WHOLE_WORD))
                 if w.content and w.role is not Role.NUMBER and w.role is not Role.PERSON}
        parts[name] = frozenset(words - {name})
    return parts


def _segments(text: str) -> list[tuple[str, bool]]:
    """Runs of whole words, each Korean (it has Hangul) or not, in order."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        korean_word = bool(_HANGUL_EOJEOL.fullmatch(word))
        if out and out[-1][1] == korean_word:
            out[-1] = (out[-1][0] + " " + word, korean_word)
        else:
            out.append((word, korean_word))
    return out


MIN_LEXICON_TYPO_TARGET = 6  # shorter lexicon words are one edit from too many real words (form is no forum)


@cache
def _lexicon_data() -> dict:
    return yaml.safe_load(resources.files("bot.lang").joinpath("lexicon.yaml").read_text(encoding="utf-8"))


@cache
def lexicon_spellings() -> frozenset[str]:
    """The lexicon's longer words, as written: words of the languages a typo may have meant (afect: affect)."""
    data = _lexicon_data()
    return frozenset(clean(str(w)) for section in ("intents", "classes", "synonyms") for words in data[section].values()
                     for spelling in words for w in str(spelling).split() if len(w) >= MIN_LEXICON_TYPO_TARGET)


@cache
def _lexicon() -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """The package lexicon: term sequence → concept (or intent), and class noun → the intent it asks,
    each spelling read by the languages."""
    data = _lexicon_data()
    plain = Analyser({}, lexicon=False)
    classes: dict[str, str] = {}
    for intent, nouns in data["classes"].items():
        for noun in nouns:
            terms = [w.term for w in plain.raw_words(plain.prepare(str(noun))) if w.role is Role.NOUN]
            if len(terms) != 1 or classes.get(terms[0], intent) != intent:
                raise LexiconError(f"lexicon.yaml: class noun '{noun}' under '{intent}' reads as {terms} — respell it or keep it under one intent")
            classes[terms[0]] = intent
    table: dict[tuple[str, ...], str] = {}
    for section in ("intents", "synonyms"):
        for concept, spellings in data[section].items():
            for spelling in spellings:
                terms = tuple(w.term for w in plain.words(str(spelling)) if w.role is not Role.FUNCTION)
                if not terms or len(terms) > _MAX_PHRASE:
                    raise LexiconError(f"lexicon.yaml: '{spelling}' under '{concept}' reads as {list(terms)} — respell it")
                if table.get(terms, concept) != concept:
                    raise LexiconError(f"lexicon.yaml: '{spelling}' is under both '{table[terms]}' and '{concept}' — keep one")
                table[terms] = concept
    return table, classes


# --- the FAQ folder's names (aliases.yaml) ---------------------------------------------------------

_ENGLISH_ENDING = "(?:s|es|d|ed|ing)?"  # `sponsored` and `hosting` are spellings of `sponsor` and `host`
_KOREAN_VERB_ENDING = "(?:(?:하|했|해|한|할|함|합|되|됐|돼|된|될|됨|됩|시킨|시켜)[\uac00-\ud7a3]{0,3})?"
_SEPARATOR = r"[\s\-·.]"


def _alias_key(spelling: str) -> str:
    return re.sub(_SEPARATOR, "", spelling)


def _compile_aliases(aliases: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every spelling of every name.

    An English spelling stands alone (`lh` is not inside `health`) and may take a plain ending; a
    Korean one matches inside longer words, where particles and endings are glued on. Either may be
    spaced or dotted anywhere (k scon, p.i.s, 통합 사고력 평가)."""
    alias_of: dict[str, str] = {}
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            if spelling.startswith(WHOLE_WORD):
                continue
            key = _alias_key(clean(spelling))
            if key:
                alias_of[key] = clean(canonical)
    if not alias_of:
        return None, alias_of
    keys = sorted(alias_of, key=len, reverse=True)
    latin = "|".join(_silent_e(_spaced(key)) for key in keys if not any(map(is_hangul, key))) or "(?!)"
    hangul = "|".join(_spaced(key) for key in keys if any(map(is_hangul, key))) or "(?!)"
    # Spellings with Hangul first: lh공사 is one name, not lh followed by 공사.
    return re.compile(rf"({hangul}){_KOREAN_VERB_ENDING}|(?<![a-z0-9])({latin}){_ENGLISH_ENDING}(?![a-z0-9])"), alias_of


WHOLE_WORD = "="  # a spelling written =US or =오만 matches only as a whole word, Latin in its own case
# What may follow a whole-word Korean name: a particle, never more of a word (오만에 is Oman, 오만원 is not).
_PARTICLE_AFTER_NAME = "(?:이|가|은|는|을|를|에|에서|의|와|과|도|로|으로|랑|이랑|하고|까지|부터|만)?"


def _compile_whole_words(aliases: dict[str, tuple[str, ...]]) -> list[tuple[re.Pattern[str], str]]:
    """The `=` spellings: a Latin one in its own case between non-letters, a Korean one between
    non-Hangul (a particle may follow)."""
    found = []
    for canonical, spellings in aliases.items():
        for spelling in spellings:
            if not spelling.startswith(WHOLE_WORD) or not spelling[1:].strip():
                continue
            word = unicodedata.normalize("NFKC", spelling[1:].strip())
            if any(map(is_hangul, word)):
                pattern = rf"(?<![\uac00-\ud7a3]){re.escape(word)}(?={_PARTICLE_AFTER_NAME}(?![\uac00-\ud7a3]))"
            else:
                pattern = rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])"
            found.append((re.compile(pattern), clean(canonical)))
    return found


def _silent_e(pattern: str) -> str:
    """A final e may drop before -ing: `cooperate` also matches `cooperating`."""
    return pattern[:-1] + "(?:e|(?=ing))" if pattern.endswith("e") else pattern


def _spaced(key: str) -> str:
    """The key as a pattern with an optional separator between any two of its characters."""
    return f"{_SEPARATOR}*".join(map(re.escape, key))
