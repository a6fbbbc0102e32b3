"""Text normalisation shared by the FAQ loader and the matcher: Unicode, case, Hangul jamo, tokens.

No morphological analyser (too heavy for a small VPS): Korean is handled with NFKC, jamo
decomposition for typo distance, a short list of particles and verb endings, and a tokenizer that
splits Hangul from Latin so `depa랑` and `LH공사` become two tokens. English words are reduced by
a light suffix stemmer, so `attended`, `attendees` and `attend` are one word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")  # syllables and jamo (ㅋㅋ)
_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[a-z]+|[0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LEADING_ADDRESS = re.compile(r"^\s*(?:/[a-z_]+(?:@\w+)?|@\w+)[\s,:]*", re.IGNORECASE)

# Particles and copula endings glued to Korean nouns, longest first so 에서 is tried before 에.
PARTICLES = tuple(sorted(
    "은 는 이 가 을 를 에 에서 의 와 과 랑 이랑 하고 도 로 으로 에게 한테 까지 부터 만 이나 나 이란 란 이라는 라는 "
    "이야 야 이에요 예요 이죠 죠 이며 며 께서 서 에는 에선 으론 로는 으로는 에서는 보다 처럼 이랑은 랑은 "
    "임 이냐 냐 인가 인가요 인지 이지 인데 이고 이라고 이래 이었어 였어 였나 이었나 였지 이었지 였음 이었음 "
    "들 들이 들은 들도 들의 들과 들을 들에게 들한테 들이랑 이랑도 랑도 에도 으로도 로도 까지도 이라도 라도 이든 든 끼리 마다 밖에 뿐 쪽 쪽에서 측 측은".split(),
    key=len, reverse=True,
))


def clean(text: str) -> str:
    """NFKC, case-folded, control characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text).casefold()
    return " ".join(text.split())


def strip_address(text: str) -> str:
    """Drop a leading `/ask`, `/ask@bot` or `@bot` so the question is what remains."""
    return _LEADING_ADDRESS.sub("", text, count=1)


def phrasing_key(text: str) -> str:
    """Two phrasings with the same key are the same question (case, spacing, punctuation ignored)."""
    return "".join(ch for ch in clean(text) if ch.isalnum())


# Amounts of won, in any of the ways people write them, become one number of 억 (10⁸ won):
# 1조5천억, 1.5조, 15,000억 and 1.5 trillion are all 15000억; 3천억 and 300 billion are 3000억.
_AMOUNT = re.compile(
    r"(?P<jo>\d+(?:\.\d+)?)\s*조(?:\s*(?P<jo_rest>\d+(?:\.\d+)?)\s*(?P<jo_cheon>천)?\s*억)?"
    r"|(?P<cheon>\d+(?:\.\d+)?)\s*천\s*억"
    r"|(?P<eok>\d+(?:\.\d+)?)\s*억"
    r"|(?P<en>\d+(?:\.\d+)?)\s*(?P<scale>trillion|billion)\b"
)
_EOK_PER = {"trillion": 10_000, "billion": 10}
_DATE = re.compile(r"\b((?:19|20)\d\d)[./-]\s*(\d{1,2})[./-]\s*(\d{1,2})\b")  # 2019.11.25 is 2019년 11월 25일
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def spell_numbers(text: str) -> str:
    """Every amount of money as `<number>억` and every dotted date as 년 월 일, so a question and
    the article agree on their numbers."""

    def eok(found: re.Match[str]) -> str:
        if found["jo"]:
            rest = float(found["jo_rest"] or 0) * (1000 if found["jo_cheon"] else 1)
            value = float(found["jo"]) * 10_000 + rest
        elif found["cheon"]:
            value = float(found["cheon"]) * 1000
        elif found["eok"]:
            value = float(found["eok"])
        else:
            value = float(found["en"]) * _EOK_PER[found["scale"]]
        return f"{value:g}억 " if value != int(value) else f"{int(value)}억 "  # 1조원 → 10000억 원, as the FAQ writes it

    return _AMOUNT.sub(eok, _DATE.sub(r"\1년 \2월 \3일", _THOUSANDS.sub("", text)))


# Chat shorthand for question and function words (wen, wht, w, tho), read as the word it stands for.
_SHORTHAND = {
    "wen": "when", "whn": "when", "wht": "what", "wat": "what", "wut": "what", "whr": "where", "hw": "how",
    "y": "why", "abt": "about", "w": "with", "tho": "though", "u": "you", "ur": "your", "r": "are",
    "n": "and", "bc": "because", "cuz": "because", "coz": "because", "ppl": "people",
}
_SHORTHAND_WORD = re.compile(r"(?<![a-z0-9/])(" + "|".join(_SHORTHAND) + r")(?![a-z0-9'/])")  # not the y of y/n


def expand_shorthand(text: str) -> str:
    """`wen was it` → `when was it`: shorthand only where it stands as a word of its own."""
    return _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(1)], text)


def phrase_pattern(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the phrases in cleaned text: an English phrase as whole words
    (ratio is not inside cooperation), a plural and one extra word between two allowed (which
    specific countries); a Korean one inside words, spaces optional."""
    alternatives = []
    for phrase in phrases:
        words = clean(phrase).split()
        if phrase.isascii():
            alternatives.append(r"(?<![a-z0-9])" + r"\s+(?:[a-z0-9]+\s+)?".join(map(re.escape, words)) + r"(?:s|es)?(?![a-z0-9])")
        else:
            alternatives.append(r"\s*".join(map(re.escape, words)))
    return re.compile("|".join(alternatives)) if alternatives else None


def language_of(text: str) -> str:
    """Hangul in the question means a Korean answer; anything else gets English."""
    return "ko" if _HANGUL_ANY.search(text) else "en"


def jamo(text: str) -> str:
    """Hangul syllables decomposed to jamo, so one wrong consonant costs one edit, not a syllable."""
    return unicodedata.normalize("NFD", text)


def tokens(text: str) -> list[str]:
    """Runs of Hangul, Latin letters or digits from already-cleaned text."""
    return _TOKEN.findall(text)


def is_hangul(token: str) -> bool:
    return bool(HANGUL_SYLLABLE.match(token))


# Suffixes the English stemmer removes, longest first; `ies`/`ied` become `y`.
_EN_SUFFIXES = tuple(sorted(
    "s ies ied ed ing ings er ers ee ees ment ments ation ations ion ions ance ence ive ative ate al ship".split(),
    key=len, reverse=True,
))
_EN_KEEP_S = ("ss", "us", "is", "ews")  # class, status, analysis, news: a final s that is no plural
_EN_MIN_STEM = 3
_IZE = re.compile(r"(?<=[a-z]{3})iz(?=e|ing|ation|er)")  # American -ize meets British -ise: organize → organise


# Irregular past forms people use in questions (where was it held, who ran it), read as the verb.
_IRREGULAR = {
    "held": "hold", "ran": "run", "met": "meet", "said": "say", "wrote": "write", "written": "write",
    "came": "come", "took": "take", "taken": "take", "chose": "choose", "chosen": "choose", "began": "begin",
    "begun": "begin", "spoke": "speak", "spoken": "speak", "told": "tell", "led": "lead", "sent": "send",
    "built": "build", "brought": "bring", "thought": "think", "found": "find", "paid": "pay",
    "went": "go", "gone": "go", "saw": "see", "seen": "see", "got": "get", "gave": "give", "given": "give",
    "made": "make", "meant": "mean", "sought": "seek",
}


@lru_cache(maxsize=8192)  # every FAQ text and question goes through it; words repeat
def stem_english(word: str) -> str:
    """A light suffix stemmer: `organised`, `organizers`, `organisation` → `organis`; `held` → `hold`.

    Not Porter: it only has to send the inflections people type for one concept to one form,
    the same way in the FAQ and in questions. Short words and acronyms (kbs, lh) are kept."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= _EN_MIN_STEM or not word.isascii() or not word.isalpha():
        return word
    word = _IZE.sub("is", word)
    for _ in range(2):  # `organisers` → `organiser` → `organis`
        word = _strip_suffix(word)
    if word.endswith("e") and len(word) > _EN_MIN_STEM:
        word = word[:-1]
    return _undouble(word)


def _strip_suffix(word: str) -> str:
    for suffix in _EN_SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < _EN_MIN_STEM:
            continue
        if suffix == "s" and word.endswith(_EN_KEEP_S):
            return word
        if suffix in ("ies", "ied"):
            return stem + "y"
        return stem
    return word


def _undouble(word: str) -> str:
    """`planned` → `plan`, `programme` → `program`: a doubled final consonant is one."""
    if len(word) > _EN_MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiouylsz":
        return word[:-1]
    return word


# Nouns whose last syllable looks like a particle (회의 is not 회 + 의).
_PROTECTED_ENDINGS = (
    "회의", "협의", "논의", "합의", "의의", "국가", "추가", "참가", "평가", "증가", "제도", "정도", "지도", "속도",
    "사이", "나라", "결과", "성과", "효과", "교과", "양해각서", "문서", "순서", "질서", "도시", "아시아", "말레이시아",
)
# One-syllable particles that may leave a one-syllable noun behind (곳은 → 곳); the rest need two.
# 이, 가, 도, 과 and 와 also end many nouns (나이, 국가, 정도, 결과), so they need two.
_SHORT_STEM_PARTICLES = frozenset("은 는 을 를 임 랑 에".split())


@lru_cache(maxsize=8192)  # called for every token and fuzzy candidate; tokens repeat
def strip_particle(token: str) -> str:
    """`협력센터는` → `협력센터`, `뜻임` → `뜻`; nouns like 회의 and 국가 are left whole."""
    if token.endswith(_PROTECTED_ENDINGS):
        return token
    for particle in PARTICLES:
        stem = len(token) - len(particle)
        if token.endswith(particle) and (stem >= 2 or (stem == 1 and particle in _SHORT_STEM_PARTICLES)):
            return token[:stem]
    return token


# Final syllables of Korean verb and sentence endings (열렸어, 뭐함, 생기나요, 했대): such a token is
# a predicate, which says little about the subject, whatever its rarity. Nouns that end alike
# (메시지, 영어) are told apart by the matcher, which knows the FAQ's nouns.
_PREDICATE_ENDINGS = frozenset("어아야여요냐니나까죠지임함됨셈줘래고다데대음네게해했됐돼봐며거는은감옴면듦");
# 하다/되다 verbs are a noun plus an ending: 주관했어 → 주관, 설치되나요 → 설치.
_LIGHT_VERB = re.compile(r"^([\uac00-\ud7a3]{2,}?)(?:하|했|해|한|할|함|합|되|됐|돼|된|될|됨|됩|시키|시켜|시킨)[\uac00-\ud7a3]*$")
_NOT_PREDICATES = frozenset("분야 처음 다음 지금 마음 요금 이름 시대 참여 확대 기대 배려 기여 의지 메시지 이미지 영어 약어 단어".split())


def is_predicate(token: str) -> bool:
    """Ends like a verb: a known ending syllable, a past tense (했, 열렸), or a contraction (생겨, 열려)."""
    if not is_hangul(token) or len(token) < 2 or token in _NOT_PREDICATES:
        return False
    last = token[-1]
    if last in _PREDICATE_ENDINGS:
        return True
    code = ord(last) - 0xAC00
    if not 0 <= code < 11172:
        return False
    vowel, final = (code // 28) % 21, code % 28
    return final == 20 or (final == 0 and vowel in (6, 14))  # ㅆ final; ㅕ or ㅝ with none


def predicate_stem(token: str) -> str:
    """주관했어 → 주관 (the noun of a 하다/되다 verb); 열렸어, 열리나요, 열린 → `~열`."""
    light = _LIGHT_VERB.match(token)
    return light.group(1) if light else "~" + token[0]


# Function words and question chatter: they say nothing about which entry is meant.
STOPWORDS = frozenset(
    # English
    "a an the is are was were be been being am of to in on at by for with about from into and or but as than then "
    "it its it's this that these those there their they them he she his her we our us you your i me my "
    "do does did done doing can could would will shall should may might must have has had having "
    "what which whats what's tell know explain please pls plz thanks thank hey hi hello bot "
    "any some more info information details detail regarding re s t get got give gives given "
    "exactly actually really just so also again basically kindly quick quickly question ok okay "
    "like kind sort type bit lot much very too even still yet only ever all both each other else "
    "here now then there's there're let let's "
    "gonna wanna gotta u ur pls plz thx ty btw though because idk anyone someone something anything thing things "
    "come comes came go goes going went gone make makes made making provide provided offer offered supply supplied "
    "list example examples instance new toward towards meant supposed simple simply term terms already involved "
    "side sides out up need needed needs specifically specific exact overall roughly approximately approx official officially between according check confirm verify per im ive lol lmao haha keep not no "
    "regard regards regarded consider considers considered proportion portion "
    # Korean question endings and chatter, as whole tokens after particle stripping
    "뭐 뭐야 뭐임 뭐냐 뭔가요 뭔데 뭐지 뭐에요 뭐예요 뭡니까 무엇 무엇인가요 무엇입니까 무슨 어떤 어떤거야 "
    "알려줘 알려주세요 알려주셈 알려줄래 알려줄래요 알려주라 알려주삼 말해줘 설명해줘 설명 궁금 궁금해 궁금해요 궁금함 "
    "좀 그 이 저 거 것 건 게 요 혹시 그럼 그래서 근데 그리고 해 해줘 해요 했어 했나요 했음 함 됨 됐어 되나요 돼 "
    "하기 하기로 하는 하면 하고 하게 한다 한대 했대 할 했다 하려고 되기 되는 되면 "
    "인가요 인가 인지 이야 이에요 예요 입니까 입니다 임 냐 니 나요 어 지 음 삼 셈 있어 있나요 있음 없어 "
    "이번 그거 이거 저거 얘기 내용 관련 대해 대해서 대한 관해 관해서 "
    "정확히 정확하게 대체 도대체 그냥 진짜 정말 완전 약간 대충 간단히 간단하게 자세히 자세하게 "
    "어느 곳 데 등 예시 종류 유형 항목 목록 하필 다시 또 제발 빨리 얼른 한번 혹은 아니면 근데요 그러니까 그니까 암튼 아무튼 "
    "ㅋㅋ ㅎㅎ 알고 싶어 싶어요 궁금한데 궁금한데요 물어볼게 질문 "
    "뭔지 뭐였지 뭐였어 뭐래 뭐라고 뭐라는 뭘 뭐가 뭐를 뭔 말이야 말임 "
    "그때 당시 구체적 구체적으로 전체적 전체적으로 대략 대략적 대략적으로 대충 정리 정리해줘 요약 요약해줘 뭔소리 무슨소리 "
    "누구였지 누구였어 누구더라 뭐였더라 뭐더라 있 있는 있던 있었 있나 있음 없 없는 나와 나와요 나왔어 나온 나옴 나오나 그중 그중에 가서 다 "
    "맞 맞아 맞음 맞나 맞지 맞죠 맞나요 맞아요 맞습니까 맞니 맞냐 맞는지 맞는지요 맞을까 맞는거 맞는거야 맞게".split()
)
