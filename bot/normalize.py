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
    "이야 야 이에요 예요 이죠 죠 이며 며 께서 서 에는 에선 으론 로는 으로는 에서는 보다 처럼 이랑은 랑은".split(),
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
    """Runs of Hangul, Latin letters or digits from already-cleaned text."""
    return _TOKEN.findall(text)


def strip_particle(token: str) -> str:
    """`협력센터는` → `협력센터`; a token that is only a particle, or too short, is left alone."""
    for particle in PARTICLES:
        if token.endswith(particle) and len(token) - len(particle) >= 2:
            return token[: -len(particle)]
    return token


def is_hangul(token: str) -> bool:
    return bool(HANGUL_SYLLABLE.match(token))

# Function words and question chatter: they say nothing about which entry is meant.
STOPWORDS = frozenset(
    # English
    "a an the is are was were be been being am of to in on at by for with about from into and or but "
    "it its it's this that these those there their they them he she his her we our us you your i me my "
    "do does did done can could would will shall should may might must have has had "
    "what which whats what's tell know explain please pls plz thanks hey hi hello bot the "
    "any some more info information details detail about regarding re s t get got give "
    # Korean question endings and chatter, as whole tokens after particle stripping
    "뭐 뭐야 뭐임 뭐냐 뭔가요 뭔데 뭐지 뭐에요 뭐예요 뭡니까 무엇 무엇인가요 무엇입니까 무슨 어떤 어떤거야 "
    "알려줘 알려주세요 알려주셈 알려줄래 알려줄래요 알려주라 알려주삼 말해줘 설명해줘 설명 궁금 궁금해 궁금해요 궁금함 "
    "좀 그 이 저 거 것 건 게 요 혹시 그럼 그래서 근데 그리고 해 해줘 해요 했어 했나요 했음 함 됨 됐어 되나요 돼 "
    "인가요 인가 인지 이야 이에요 예요 입니까 입니다 임 냐 니 나요 어 지 음 삼 셈 있어 있나요 있음 없어 "
    "이번 그거 이거 저거 얘기 내용 관련 대해 대해서 대한 관해 관해서".split()
)
