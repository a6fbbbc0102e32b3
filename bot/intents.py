"""Question intent words (when, where, who, …) in Korean and English.

Entries about one subject differ mostly by what is asked of it (K-SCON: what is it, what is its
name, when does it start, how many countries), so the intent is matched as a term of its own, and a question whose
intent no phrasing of an entry shares is not answered by that entry.
"""

from __future__ import annotations

import re

# Each intent: patterns over cleaned (NFKC, case-folded) text. Korean patterns match inside
# words because particles and endings are glued on (언제야, 어디서, 몇개국).
_PATTERNS: dict[str, tuple[str, ...]] = {
    "when": (r"언제", r"며칠", r"몇\s*일", r"몇\s*년", r"몇\s*월", r"몇\s*시", r"날짜", r"일자", r"일시", r"시기", r"시각", r"\bwhen\b", r"\bwhat\s+(?:date|day|time|year)\b", r"\bwhich\s+(?:date|day|year)\b", r"\bdate\b"),
    "where": (r"어디", r"장소", r"위치", r"어느\s*(?:도시|나라|곳|지역)", r"\bwhere\b", r"\blocation\b", r"\bvenue\b", r"\bwhich\s+(?:\d+\s+)?(?:city|cities|place|country|countries|region)\b"),
    "who": (r"누가", r"누구", r"누군", r"\bwho\b", r"\bwhom\b", r"\bwhose\b"),
    "how_much": (r"얼마", r"규모", r"금액", r"액수", r"비중", r"\bhow\s+(?:much|big|large)\b", r"\bsize\b", r"\bamount\b", r"\bproportion\b", r"\bportion\b"),
    "how_many": (r"몇\s*(?:개|곳|나라|국|군데)", r"개수", r"갯수", r"\bhow\s+many\b", r"\b(?:number|no\.?)\s+of\b", r"\bcount\b"),
    # A count of people is a question of its own: the article counts countries, never people.
    "head_count": (r"몇\s*(?:명|분|사람)", r"\bhow\s+many\s+(?:\w+\s+)?(?:people|persons|participants|attendees|delegates|officials|guests|visitors)\b", r"\bheadcount\b", r"\bnumber\s+of\s+(?:people|participants|attendees|delegates)\b"),
    "why": (r"왜", r"이유", r"\bwhy\b", r"\breason\b"),
    "what_for": (r"뭐\s*(?:하|함|해)", r"뭘\s*(?:하|함|해)", r"무슨\s*일", r"역할", r"목적", r"용도", r"\bwhat\s+for\b", r"\bwhat\b.*\bfor\s*\?*$", r"\bpurpose\b", r"\brole\b", r"\bwhat\s+(?:do|does|did|will)\s+(?:\w+\s+){1,4}do\b"),
    "name": (r"이름", r"명칭", r"풀\s*네임", r"약자", r"약어", r"줄임말", r"\bnames?\b", r"\bcalled\b", r"\bstands?\s+for\b", r"\bfull\s+form\b", r"\babbreviation\b", r"\bacronym\b", r"\bshort\s+for\b", r"\btitle\b"),
    "how": (r"어떻게", r"어케", r"방식", r"방법", r"\bhow\b(?!\s+(?:much|many|big|large))"),
}
_COMPILED = {intent: re.compile("|".join(patterns)) for intent, patterns in _PATTERNS.items()}

# Words that carry the intent and nothing else; removed before content terms are read.
INTENT_WORDS = frozenset(
    "언제 며칠 몇일 몇년 몇년도 몇월 날짜 일자 일시 시기 시각 개수 갯수 어디 어디야 어디서 어디에 장소 위치 어디어디 누가 누구 누군 누구누구 얼마 얼마나 금액 액수 "
    "왜 이유 어떻게 어케 방법 몇 몇개 몇개국 몇곳 몇나라 몇명 몇분 뭐하 뭐해 뭐함 뭘해 뭘하 "
    "when where who whom whose why how much many".split()
)


def intents_of(text: str) -> frozenset[str]:
    """The intents a cleaned question expresses (may be empty: keyword-only questions)."""
    found = {intent for intent, pattern in _COMPILED.items() if pattern.search(text)}
    if "head_count" in found:
        found.discard("how_many")  # how many people: not the how many of countries or centres
    return frozenset(found)
