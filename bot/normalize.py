"""Text normalisation shared by the FAQ loader and the matcher: Unicode, case, Hangul jamo, tokens.

No morphological analyser (too heavy for a small VPS): Korean is handled with NFKC, jamo
decomposition for typo distance, a short list of particles, and a tokenizer that splits Hangul
from Latin so `depa랑` and `LH공사` become two tokens.
"""

from __future__ import annotations

import re
import unicodedata

HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[a-z]+|[0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LEADING_ADDRESS = re.compile(r"^\s*(?:/[a-z_]+(?:@\w+)?|@\w+)[\s,:]*", re.IGNORECASE)

# Particles glued to Korean nouns, longest first so 에서 is tried before 에.
PARTICLES = tuple(sorted(
    "은 는 이 가 을 를 에 에서 의 와 과 랑 이랑 하고 도 로 으로 에게 한테 까지 부터 만 이나 나 이란 란 이라는 라는 "
    "이야 야 이에요 예요 이죠 죠 이며 며 께서 서 에는 에선 으론 로는 으로는 에서는 보다 처럼 이랑은 랑은 "
    "임 이냐 인가 인가요 인지 이지 인데 이고 이라고 이래 이었어 였어 였나 이었나 였지 이었지 였음 이었음".split(),
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


def language_of(text: str) -> str:
    """Hangul in the question means a Korean answer; anything else gets English."""
    return "ko" if HANGUL_SYLLABLE.search(text) else "en"


def jamo(text: str) -> str:
    """Hangul syllables decomposed to jamo, so one wrong consonant costs one edit, not a syllable."""
    return unicodedata.normalize("NFD", text)


def tokens(text: str) -> list[str]:
    """Runs of Hangul, Latin letters or digits from already-cleaned text; English plurals singular."""
    return [_singular(token) for token in _TOKEN.findall(text)]


def _singular(token: str) -> str:
    if len(token) > 3 and token.isascii() and token.endswith("s") and not token.endswith("ss"):
        return token[:-3] + "y" if token.endswith("ies") else token[:-1]
    return token


# Nouns whose last syllable looks like a particle (회의 is not 회 + 의).
_PROTECTED_ENDINGS = ("회의", "협의", "논의", "합의", "의의", "국가", "추가", "참가", "평가", "증가", "제도", "정도", "지도", "속도", "사이", "나라")
# One-syllable particles that may leave a one-syllable noun behind (뜻이 → 뜻); the rest need two.
_SHORT_STEM_PARTICLES = frozenset("이 가 은 는 을 를 임 와 과 랑 에".split())


def strip_particle(token: str) -> str:
    """`협력센터는` → `협력센터`, `뜻임` → `뜻`; nouns like 회의 and 국가 are left whole."""
    if token.endswith(_PROTECTED_ENDINGS):
        return token
    for particle in PARTICLES:
        stem = len(token) - len(particle)
        if token.endswith(particle) and (stem >= 2 or (stem == 1 and particle in _SHORT_STEM_PARTICLES)):
            return token[:stem]
    return token


def is_hangul(token: str) -> bool:
    return bool(HANGUL_SYLLABLE.match(token))


# Final syllables of Korean verb and sentence endings (열렸어, 뭐함, 생기나요, 했대): such a token is
# a predicate, which says little about the subject, whatever its rarity.
_PREDICATE_ENDINGS = frozenset("어아야요냐니까죠지임함됨셈줘래고다데대음네게했됐돼봐며거는은감");
# 하다/되다 verbs are a noun plus an ending: 주관했어 → 주관, 설치되나요 → 설치.
_LIGHT_VERB = re.compile(r"^([\uac00-\ud7a3]{2,}?)(?:하|했|해|한|할|함|합|되|됐|돼|된|될|됨|됩)[\uac00-\ud7a3]*$")
_NOT_PREDICATES = frozenset("분야 처음 다음 지금 마음 요금 이름 시대 참여 확대 기대 배려".split())


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
    "a an the is are was were be been being am of to in on at by for with about from into and or but "
    "it its it's this that these those there their they them he she his her we our us you your i me my "
    "do does did done can could would will shall should may might must have has had "
    "what which whats what's tell know explain please pls plz thanks hey hi hello bot "
    "any some more info information details detail regarding re s t get got give "
    "exactly actually really just so also again basically please kindly quick quickly question ok okay "
    # Korean question endings and chatter, as whole tokens after particle stripping
    "뭐 뭐야 뭐임 뭐냐 뭔가요 뭔데 뭐지 뭐에요 뭐예요 뭡니까 무엇 무엇인가요 무엇입니까 무슨 어떤 어떤거야 "
    "알려줘 알려주세요 알려주셈 알려줄래 알려줄래요 알려주라 알려주삼 말해줘 설명해줘 설명 궁금 궁금해 궁금해요 궁금함 "
    "좀 그 이 저 거 것 건 게 요 혹시 그럼 그래서 근데 그리고 해 해줘 해요 했어 했나요 했음 함 됨 됐어 되나요 돼 "
    "인가요 인가 인지 이야 이에요 예요 입니까 입니다 임 냐 니 나요 어 지 음 삼 셈 있어 있나요 있음 없어 "
    "이번 그거 이거 저거 얘기 내용 관련 대해 대해서 대한 관해 관해서".split()
)
