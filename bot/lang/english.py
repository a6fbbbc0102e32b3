"""English: words, stopwords, question words and stems (Snowball, through PyStemmer).

Chat English first: shorthand (wen, wht, pls) is read as the word it stands for, and contractions
are split so `didn't` says `not`.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import Stemmer

from bot import numbers
from bot.lang import CLOCK_HOUR, QUOTE, Role, Word

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?%?|%")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")  # 3rd is 3

# Chat shorthand for question and function words, read as the word it stands for.
SHORTHAND = {
    "wen": "when", "whn": "when", "wht": "what", "wat": "what", "wut": "what", "whr": "where", "hw": "how",
    "y": "why", "abt": "about", "w": "with", "tho": "though", "u": "you", "ur": "your", "r": "are",
    "n": "and", "bc": "because", "cuz": "because", "coz": "because", "ppl": "people", "pls": "please",
    "plz": "please", "thx": "thanks", "ty": "thanks", "b4": "before", "bout": "about", "whats": "what",
    "wheres": "where", "whos": "who", "hows": "how", "howmuch": "how much", "howmany": "how many",
    "mtg": "meeting", "nite": "night", "tonite": "tonight", "tmrw": "tomorrow", "tmr": "tomorrow", "mtng": "meeting", "yr": "year", "yrs": "years", "pts": "points", "mins": "minutes", "hrs": "hours", "appt": "appointment", "ths": "this", "dept": "department", "edu": "education", "govt": "government", "docs": "documents", "doc": "doctor", "temp": "temperature", "libs": "libraries", "lib": "library", "reno": "renovation", "tix": "tickets", "thru": "through", "til": "until", "hwo": "how", "waht": "what", "whta": "what", "teh": "the", "bldg": "building", "bldgs": "buildings",
    "mny": "many", "mch": "much", "avg": "average", "pct": "percent", "num": "number", "assoc": "association",
    "apt": "apartment", "apts": "apartments", "univ": "university", "uni": "university", "elec": "electricity", "info": "information",
    "shld": "should", "frm": "from", "wll": "will",
}

_DIGIT_SHORTHAND = re.compile(r"\b(?:" + "|".join(k for k in SHORTHAND if any(c.isdigit() for c in k)) + r")\b")

# After a number, an hour of the day: 9am, 9 a.m. (read as a, m), 10 o'clock (read as o).
CLOCK_WORDS = frozenset({"am", "pm", "o"})
CLOCK_LETTERS = frozenset({("a", "m"), ("p", "m")})
CLOCK_QUESTION = ("what", "time")

# Question words and the intent each asks; two-word forms are read before one-word ones.
QUESTION_PHRASES = {
    ("how", "much"): "how_much", ("how", "big"): "how_much", ("how", "large"): "how_much",
    ("how", "expensive"): "how_much", ("how", "many"): "how_many", ("how", "long"): "how_long",
    ("what", "time"): "when", ("what", "date"): "when", ("what", "day"): "when", ("what", "year"): "when",
    ("which", "day"): "when", ("which", "date"): "when", ("which", "year"): "when", ("what", "for"): "why",
    ("how", "come"): "why", ("how", "early"): "when", ("point", "of"): "why", ("number", "of"): "how_many",
}
SHARES = frozenset("percent percentage proportion share".split())  # what % (what share) asks an amount, as how much does
DURATIONS = frozenset("minutes hours days weeks months years".split())  # how many of these asks how long
# Fixed expressions read as the one word they mean: "in charge" manages, it does not ask a price.
IDIOMS = {("in", "charge"): "manage", ("kick", "in"): "start", ("up", "to"): "maximum", ("down", "to"): "decrease", ("how", "old"): "age"}
IDIOMS |= {(each, "day"): "daily" for each in ("a", "per", "each")}  # 1,200 people a day: a rate, not a date
IDIOMS |= {(go, "up"): "increase" for go in ("go", "goes", "went", "gone", "going")}
IDIOMS |= {(go, "down"): "decrease" for go in ("go", "goes", "went", "gone", "going")}
IDIOMS |= {(chip, "in"): "spend" for chip in ("chip", "chips", "chipped", "chipping")}  # the city chips in: pays its part
IDIOMS |= {(show, "up"): "attend" for show in ("show", "shows", "showed", "shown", "showing")}
IDIOMS |= {(sign, "on"): "join" for sign in ("sign", "signs", "signed", "signing")}  # cafes signed on: joined
QUESTION_WORDS = {
    "when": "when", "where": "where", "who": "who", "whom": "who", "whose": "who", "why": "why",
    "how": "how", "what": "what", "which": "what",
}
# Irregular past forms people use in questions (where was it held, who ran it), read as the verb.
IRREGULAR = {
    "held": "hold", "ran": "run", "met": "meet", "wrote": "write", "written": "write", "came": "come",
    "took": "take", "taken": "take", "chose": "choose", "chosen": "choose", "began": "begin", "begun": "begin",
    "spoke": "speak", "spoken": "speak", "told": "tell", "led": "lead", "sent": "send", "built": "build",
    "brought": "bring", "thought": "think", "found": "find", "paid": "pay", "saw": "see", "seen": "see",
    "gave": "give", "given": "give", "made": "make", "meant": "mean", "sought": "seek", "set": "set",
    "cost": "cost", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "went": "go", "gone": "go",
    "kept": "keep", "left": "leave", "won": "won", "grew": "grow", "grown": "grow", "sold": "sell", "bought": "buy",
}
# Nouns of a doer the stemmer folds into their verb (reporter → report, publisher → publish), kept whole:
# the reporter is not the report, the publisher not the date published.
AGENT_NOUNS = {"reporter": "reporter", "reporters": "reporter", "publisher": "publisher", "publishers": "publisher"}
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
    if value >= 2  # "which one" counts nothing
}
NEGATIONS = frozenset("not no never n't without except".split())
# Verbs of saying: a negation after one is what was said (what % said they can't go), not the question's.
REPORTING = frozenset("say says said answer answered respond responded reply replied report reported claim claimed".split())
SAYING = frozenset("say says said".split())  # after "what" they ask for a quote: what did park say?
HAPPENING = frozenset("happen happens happened".split())  # after "what" they ask for what follows: what happens if i leave?
PEOPLE = frozenset("people ppl persons folks".split())  # how many people asks a count of persons, as 몇 명 does
# "the name of the land minister": what follows NAME_OF, articles and all, is the thing named.
NAME_OF = "of"
ARTICLES = frozenset("the a an".split())
# Contractions typed without their apostrophe (wasnt, dont): the negation they hold.
BARE_CONTRACTIONS = frozenset("dont doesnt didnt isnt wasnt arent werent cant couldnt wouldnt shouldnt havent hasnt".split())
# Words that ask about the one spoken to (your name, are you a bot): in a chat with the bot, the bot.
# A bare "you" is not among them: "can you tell me when" asks about the article.
# "are you" asks what the bot is when nothing or a noun follows (how are you, are you a bot), not in
# "are you allowed to park", where "you" is anyone.
ADDRESSEE = frozenset("your yours yourself".split())
ADDRESSEE_PHRASE = ("are", "you")
ADDRESSEE_FOLLOWERS = frozenset("a an the real human".split())
# Greetings speak to the bot, as "your" does (good morning all): chat, not a question about the article.
GREETINGS = frozenset({("good", "morning"), ("good", "afternoon"), ("good", "evening"), ("good", "night"), ("good", "day")})
CHECKS = frozenset("right correct true really check confirm verify".split())
AUXILIARIES = frozenset("is was are were did does do has have can will".split())  # a question they begin asks yes or no
# Korean names in Latin letters (kim do-hyun, park ji-hyun, kim minsu): a surname, then a given name
# of two romanised syllables, joined by a hyphen or written as one word. A surname that is also an
# English word (park, song, han) needs the hyphen: "park area" is no name.
_SYLLABLE = r"(?:kk|tt|pp|ss|jj|ch|[gkndtrlmbpsjhyw])?(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|[aeiou])(?:ng|[nmlkpt])?"
SURNAMES = frozenset("kim lee yi choi jung jeong chung kang cho jo yoon yun jang chang lim seo suh shin kwon hwang ahn yoo jeon "
                     "chun moon bae baek heo hur noh roh kwak chae byun yeom hyun ryu joo koo".split())
WORD_SURNAMES = frozenset("park han song son nam min oh ha go ko jin woo won yang hong sung cha".split())
_ROMANISED_NAME = re.compile(
    rf"\b(?:(?:{'|'.join(sorted(SURNAMES | WORD_SURNAMES))})\s+{_SYLLABLE}-{_SYLLABLE}|(?:{'|'.join(sorted(SURNAMES))})\s+{_SYLLABLE}{_SYLLABLE})\b"
)

STOPWORDS = frozenset(
    "a an the is are was were be been being am of to in on at by for with about from into onto and or but as "
    "than then it its it's this that these those there their they them he she his her him we our us you "
    "i me my mine do does did done doing can could would will shall should may might must have has had having "
    "tell know explain explained explaining explains please thanks thank hey hi hello bot any some more info information detail details "
    "regarding re get got give gave given exactly actually really just so also again basically kindly quick "
    "question ok okay like kind bit lot much very too even still yet only ever all both each other else "
    "here now there's let let's gonna wanna gotta btw though because idk anyone someone something anything "
    "thing things stuff need want wondering wonder curious asking ask say said saying talk talking "
    "im i'm ive i've lol lmao haha hmm um uh oh yeah yes yep please sure anyway guy guys folks "
    "if whether through go going come coming make made one specifically particularly generally side keep become "
    "became put regard regarding consider considered acc according per via etc exactly approx out already list "
    "thingy ah new newly today tonight nowadays currently theres thats gets getting".split()
)


def _split_contraction(word: str) -> list[str]:
    if word.endswith("n't"):
        return [word[:-3] or word, "n't"]
    if "'" in word:
        return [word.split("'", 1)[0]]
    return [word]


def raw_words(text: str) -> list[str]:
    """Lower-case words and numbers of cleaned text, shorthand spelt out, contractions split."""
    words: list[str] = []
    text = _DIGIT_SHORTHAND.sub(lambda found: SHORTHAND[found.group()], text)  # b4 before its digit is read as a number
    for found in _WORD.findall(_ORDINAL.sub(r"\1", text)):
        if found == "%":  # what % were elderly: the sign alone is the word
            words.append("percent")
            continue
        for part in _split_contraction(found):  # last yr's: the shorthand before its 's
            words += SHORTHAND.get(part, part).split()
        if found.endswith("%"):
            words.append("percent")
    return words


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The Snowball stem: cooperation, cooperating and cooperate are one term."""
    return _STEMMER.stemWord(word)


# Korean places in Latin letters: a romanised name with its kind (gyeonggi-do, suwon-si, haeundae-gu),
# or one of the country's provinces and large cities.
_ROMANISED_PLACE = re.compile(rf"\b(?:{_SYLLABLE}){{1,3}}-(?:do|si|gun|gu|dong|eup|myeon)\b")
PLACES = frozenset(
    "seoul busan incheon daegu daejeon gwangju ulsan sejong jeju suwon changwon goyang yongin seongnam cheongju jeonju "
    "cheonan ansan pohang gimhae gyeonggi gangwon chungcheong jeolla gyeongsang gyeongbuk gyeongnam jeonbuk jeonnam "
    "chungbuk chungnam".split()
)


def words(text: str, names: frozenset[str] = frozenset()) -> list[Word]:
    """Words of a run of English (or of digits and Latin letters); `names` are kept as written."""
    persons = {_joined(found.group()) for found in _ROMANISED_NAME.finditer(text)}
    places = {_joined(found.group()) for found in _ROMANISED_PLACE.finditer(text)}
    for pattern, found in ((_ROMANISED_NAME, persons), (_ROMANISED_PLACE, places)):
        if found:
            text = pattern.sub(lambda name: _joined(name.group()), text)
    raw = raw_words(text)
    out: list[Word] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        pair = tuple(raw[i : i + 2])
        if pair == ("how", "many") and raw[i + 2 : i + 3] and raw[i + 2] in DURATIONS:
            out.append(Word(" ".join(raw[i : i + 3]), "how_long", Role.QUESTION))  # how many days: how long
            i += 3
            continue
        if word == "what" and raw[i + 1 : i + 2] and raw[i + 1] in SHARES:
            out.append(Word(word, "how_much", Role.QUESTION))  # the share's word stays: what % were elderly
            i += 1
            continue
        if pair == ("how", "many") and raw[i + 2 : i + 3] and raw[i + 2] in SHARES:
            out.append(Word(" ".join(pair), "how_much", Role.QUESTION))  # how many percent: a share, as what % is
            i += 2
            continue
        if out and out[-1].role is Role.NUMBER and (word in CLOCK_WORDS or pair in CLOCK_LETTERS):
            size = 2 if pair in CLOCK_LETTERS else 1  # 9am, 9 a.m., 10 o'clock: an hour of the day, as 9시 is
            out.append(Word(" ".join(raw[i : i + size]), CLOCK_HOUR, Role.COUNTER))
            i += size
            continue
        if pair in QUESTION_PHRASES:
            out.append(Word(" ".join(pair), QUESTION_PHRASES[pair], Role.QUESTION))
            if pair == CLOCK_QUESTION:  # what time: when, and an hour of the clock, as 몇 시 asks
                out.append(Word(pair[1], CLOCK_HOUR, Role.COUNTER))
            i += 2
            continue
        if pair in IDIOMS:
            out.append(dataclasses.replace(word_of(IDIOMS[pair], names), surface=" ".join(pair)))
            i += 2
            continue
        if pair in GREETINGS or (pair == ADDRESSEE_PHRASE and (i + 2 == len(raw) or raw[i + 2] in ADDRESSEE_FOLLOWERS)):
            out.append(Word(" ".join(pair), "you", Role.ADDRESSEE))
            i += 2
            continue
        kind = Role.PERSON if word in persons else Role.PLACE if word in places or word in PLACES else None
        found = Word(word, word, kind) if kind and word not in names else word_of(word, names)
        if word in SAYING and "what" in raw[:i]:
            found = dataclasses.replace(word_of(QUOTE), surface=word, role=Role.VERB)
        if word in HAPPENING and "what" in raw[:i]:
            found = Word(word, word, Role.FUNCTION)
        if found.role is Role.NEGATION and any(w in REPORTING for w in raw[:i]):
            found = dataclasses.replace(found, role=Role.FUNCTION)
        out.append(found)
        i += 1
    return out


def _joined(name: str) -> str:
    return re.sub(r"[\s-]+", "", name)


def word_of(word: str, names: frozenset[str] = frozenset()) -> Word:
    """One English word with its role and term."""
    if word in names:
        return Word(word, word, Role.NOUN)
    if word in NUMBER_WORDS:
        return Word(word, NUMBER_WORDS[word], Role.NUMBER)
    if word[0].isdigit():
        return Word(word, numbers.canonical(word.rstrip("%")), Role.NUMBER)
    if word in ("until", "till"):
        return Word(word, "end", Role.NOUN)
    if word in QUESTION_WORDS:
        return Word(word, QUESTION_WORDS[word], Role.QUESTION)
    if word in NEGATIONS or word in BARE_CONTRACTIONS:
        return Word(word, "not", Role.NEGATION)
    if word in CHECKS:
        return Word(word, "check", Role.CHECK)
    if word in ADDRESSEE:
        return Word(word, "you", Role.ADDRESSEE)
    if word in STOPWORDS or len(word) == 1:
        return Word(word, word, Role.FUNCTION)
    return Word(word, AGENT_NOUNS.get(word) or stem(IRREGULAR.get(word, word)), Role.NOUN)


# Typos: the keys around each key of a QWERTY keyboard, where a slip lands.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    key: {row2[j] for row2 in _KEY_ROWS[max(r - 1, 0) : r + 2] for j in (col - 1, col, col + 1) if 0 <= j < len(row2)} - {key}
    for r, row in enumerate(_KEY_ROWS) for col, key in enumerate(row)
}
_VOWELS = frozenset("aeiouy")
_SOUNDALIKE = frozenset(map(frozenset, ("gj", "ck", "cs", "kq", "sz", "bv")))  # budjet for budget: spelt as it sounds


def could_be_typo(typed: str, word: str) -> bool:
    """Whether `typed` (one edit from `word`) is a slip for it: a typo rarely hits the first letter
    (last is not east), and a letter typed for another is a neighbouring key, a vowel for a vowel or
    a consonant that sounds alike (sponsers for sponsors, budjet for budget; west is not went)."""
    if typed[0] != word[0] and typed[:2] != word[1::-1]:
        return False
    if len(typed) != len(word):
        return True
    diff = [(a, b) for a, b in zip(typed, word) if a != b]
    if len(diff) != 1:
        return True  # two letters swapped
    a, b = diff[0]
    return b in _NEIGHBOURS.get(a, ()) or {a, b} <= _VOWELS or frozenset((a, b)) in _SOUNDALIKE
