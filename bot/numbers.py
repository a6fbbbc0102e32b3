"""Numbers as values, however they are written: amounts, dates and counts in Korean and English.

The FAQ check and the matcher both read numbers through here, so `3천억`, `3000억`, `300 billion`
and `0.3조` are one amount, and `2020.04.02`, `4월 2일` and `April 2` one date, to both of them.
"""

from __future__ import annotations

import math
import re

# Korean scale words, in units: 1조5천억 is 1.5 × 10¹², 50만 is 5 × 10⁵.
_KO_SCALE = {"만": 10**4, "억": 10**8, "조": 10**12}
_KO_SMALL = {"천": 1000, "백": 100}
_SHORTENED = {"억": "만", "조": "억"}  # the scale a bare 천 or 백 after this one stands for (14억5천 is 14억 5천만)
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DECIMAL = r"\d+(?:\.\d+)?"
# A Korean number below 10⁴ (1천200, 5천, 25) and a run of them each before a scale (1조 5천억, 2만5천).
_KO_GROUP = rf"(?:{_DECIMAL}\s*천\s*)?(?:{_DECIMAL}\s*백\s*)?(?:{_DECIMAL})?"
_KO_AMOUNT = re.compile(rf"(?:(?=\d){_KO_GROUP}\s*[조억만]\s*)+(?:(?=\d){_KO_GROUP}(?![\d.]))?|{_DECIMAL}\s*천(?:\s*{_DECIMAL}\s*백)?(?:\s*\d+)?")
_KO_PART = re.compile(rf"({_DECIMAL})\s*([천백]?)")
_EN_AMOUNT = re.compile(rf"({_DECIMAL})\s*(thousand|million|billion|trillion)\b")
_EN_THOUSANDS = re.compile(rf"\b({_DECIMAL})k\b")  # 250k, chat's thousands
_WON_GLUED = re.compile(r"(\d)\s*원(?=[\uac00-\ud7a3])")  # 36억원인가요: 원 and what follows are two words, not 원인 (a cause)
# 1년에, 1인당, 1회마다: per year, per person, a rate's unit, no value of one.
_PER_ONE = re.compile(r"(?<![\d.])1\s*((?:년|달|개월|주|인|명|회)\s*(?:에|당|마다))")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DOTTED_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?![\d.]*\d)")  # glued to words too (입력2019.11.25에)
_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"), 1)
    for name in names.split()
}
MONTH_NAMES = frozenset(_MONTHS)  # words that are dates, never a typo of another word (sept is no seat)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORDINAL}\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH})\b")
_MONTH_ALONE = re.compile(rf"\b(?:in|by|from|until|till|since|of|early|late|mid|end of|until the end of)\s+({_MONTH})\b")


def _ko_value(text: str) -> int:
    """1조 5천억 → 1_500_000_000_000; 2만5천 → 25_000; 1천200억 → 120_000_000_000; and as people
    shorten it, 14억5천 → 1_450_000_000 (thousands after 억 are 천만, after 조 천억)."""
    total, last = 0.0, ""
    for group, scale in re.findall(r"([^조억만]*)([조억만]?)", text):
        parts = _KO_PART.findall(group)
        below = sum(float(n) * (_KO_SMALL[small] if small else 1) for n, small in parts)
        if not scale and last in _SHORTENED and any(small for _, small in parts):
            scale = _SHORTENED[last]
        total += below * (_KO_SCALE[scale] if scale else 1)
        last = scale or last
    return round(total) if math.isfinite(total) else 0  # 400 nines and 억: no amount anyone means


def _plain(value: float) -> str:
    return str(round(value)) if math.isfinite(value) else "0"


def normalise(text: str) -> str:
    """Cleaned text with every amount as plain digits and every date as 년 월 일.

    `1조5천억 원` → `1500000000000 원`, `300 billion` → `300000000000`, `5,000원` → `5000원`,
    `2020.04.02` → `2020년 4월 2일`, `April 2nd` → `4월 2일`, `in May` → `in 5월`."""
    text = _SQUARE_UNIT.sub(lambda m: f"{m[1]} sq{m[2]}m", _THOUSANDS.sub("", text))
    text = _PER_ONE.sub(r"\1", text)
    text = _HALF.sub("50%", _HALF_HOUR.sub("30 minutes", text))
    text = _DOTTED_DATE.sub(lambda m: f"{m[1]}년 {int(m[2])}월 {int(m[3])}일", text)
    text = _MONTH_DAY.sub(lambda m: f"{_MONTHS[m[1]]}월 {int(m[2])}일", text)
    text = _DAY_MONTH.sub(lambda m: f"{_MONTHS[m[2]]}월 {int(m[1])}일", text)
    text = _MONTH_ALONE.sub(lambda m: m[0][: -len(m[1])] + f"{_MONTHS[m[1]]}월", text)
    text = _EN_AMOUNT.sub(lambda m: _plain(float(m[1]) * _EN_SCALE[m[2]]), text)
    text = _EN_THOUSANDS.sub(lambda m: _plain(float(m[1]) * 1000), text)
    return _WON_GLUED.sub(r"\1원 ", _KO_AMOUNT.sub(lambda m: _plain(_ko_value(m[0])) + " ", text))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Half of them, 절반 넘어?: a share of 50%, checked against the share stated; half an hour is 30 minutes.
_HALF = re.compile(r"\bhalf\b(?!\s+(?:an?\s+)?(?:hour|day|year|month|week|time|price)s?\b)|절반")
_HALF_HOUR = re.compile(r"\bhalf\s+(?:an\s+)?hour\b")
# An area's unit after a number (9200m2, 3.5 km2; ㎡ and m² read so by NFKC): a unit, not a second number.
_SQUARE_UNIT = re.compile(r"(\d)\s*(k?)m2(?!\d)")
MAX_DIGITS = 30  # longer runs of digits are text pasted, not a value: read as written (int() refuses 4,300 and more)


def canonical(number: str) -> str:
    """One spelling per value: 02 and 2, 2.40 and 2.4 are one number."""
    if "." in number:
        return f"{float(number):g}"
    return str(int(number)) if len(number) <= MAX_DIGITS else number.lstrip("0")


def values(text: str) -> set[str]:
    """The numbers a cleaned text states, as values (`3천억` and `3000억` both give 300000000000)."""
    return {canonical(n) for n in _NUMBER.findall(normalise(text.casefold()))}


# The Korean counters of things and people (37채, 14척, 1,200그루): a number before one is a count.
KOREAN_COUNTERS = "명|개|곳|대|건|가구|세대|채|척|마리|그루|권|석|편|팀|량|벌|장|병|층"
AGE = "age"  # the unit of a person's age (72세, 20대, im 35)
DATE, TIME = "date", "time"  # the units of days, weeks and months (3월 4일), and of hours and minutes (9시, 30분)
# The kind of value a number's unit makes it (30%, 5만 원, 612명, 60일간, 9시): a value checked in one
# (was turnout 60%?) is a wrong value of a share, not of a count. Hours and minutes, of the clock or
# a span, are one kind, time (24시간이야? is answered by the hours stated, does it start at 7am? by
# them, not by the date it starts); days, weeks, months and years another, date. A person's age is a
# kind of its own (72세, 20대, im 35). So are power, length and weight (3kW, 10km, 2톤). A number with
# no unit after it is of any kind.
_UNITS = {
    "percent": r"%|퍼센트|퍼|프로|percent\b|per\s*cent\b",
    "money": r"원|won\b|dollars?\b",
    DATE: r"년|월|일|주|개월|days?\b|weeks?\b|months?\b",
    TIME: r"시|분|hours?\b|minutes?\b|mins?\b|hrs?\b|[ap]\.?m\b\.?|o'clock\b",
    "count": rf"{KOREAN_COUNTERS}|people\b|ppl\b|persons\b|households?\b",
    AGE: r"세|살|years?\s*old\b|yrs?\s*old\b|yo\b",
    "power": r"kw\b|kwh\b|킬로와트|kilowatts?\b",
    "length": r"km\b|킬로미터|킬로|키로|kilomet(?:re|er)s?\b",
    "weight": r"kg\b|킬로그램|톤|tons?\b|tonnes?\b",
}
APPROXIMATELY = r"(?:여|남짓)?\s*"  # 500여 명, 30남짓: about that many, in the same unit
_UNIT = re.compile(rf"({_DECIMAL})\s*{APPROXIMATELY}(?:" + "|".join(f"(?P<{unit}>{pattern})" for unit, pattern in _UNITS.items()) + ")?")
_DECADES = frozenset(str(n) for n in range(10, 100, 10))
_AGE_BEFORE = re.compile(r"\b(?:i'?m|i am|aged?|turn(?:s|ed|ing)?|(?:ma|mum|mom|dad|grandma|grandpa|son|daughter|kid|child) is)\s+(\d+)\b(?!\s*(?:%|원|won\b))")


def units(text: str) -> dict[str, frozenset[str]]:
    """The units each number of a cleaned text is stated in (`42%` → percent); a bare one has none."""
    found: dict[str, set[str]] = {}
    text = normalise(text.casefold())
    for match in _UNIT.finditer(text):
        found.setdefault(canonical(match[1]), set()).update({match.lastgroup} if match.lastgroup else ())
        if match.lastgroup == "count" and match[0].endswith("대") and match[1] in _DECADES:
            found[canonical(match[1])].add(AGE)  # 20대: people in their twenties, or 20 buses
    for match in _AGE_BEFORE.finditer(text):  # im 35, my grandma is 72: an age, as 35살 is
        found.setdefault(canonical(match[1]), set()).add(AGE)
    return {number: frozenset(kinds) for number, kinds in found.items()}


# A year as people write one: four digits from 1900 to 2100, never with a thousands comma (2,000)
# and never before a unit of money or of a count (2000원, 2000명, 2000 people); a comma or full stop may end it.
_YEAR = re.compile(rf"(?<![\d,.])(?:19\d\d|20\d\d|2100)(?!\d|[,.]\d)(?!\s*(?:원|{KOREAN_COUNTERS}|회|번|%|won\b|people\b|ppl\b|persons\b))")


def years(text: str) -> set[str]:
    """The numbers a cleaned text states that are years (2025년, in 2027; not 2,000원)."""
    dated = _DOTTED_DATE.sub(lambda m: f"{m[1]}년", text.casefold())
    return set(_YEAR.findall(dated))
