"""Korean: morphemes from mecab-ko with its dictionary (mecab-ko-dic), read by part of speech.

The analyser segments spaceless Korean and separates particles and endings, so the rules here
are about parts of speech, not lists of endings: nouns and verb stems are content, particles,
endings, suffixes and copulas are not. A verb is indexed by its dictionary stem (열렸어 → 열리).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import mecab_ko

from bot import numbers
from bot.normalize import jamo
from bot.lang import CLOCK_HOUR, QUOTE, Role, Word

_TAGGER = mecab_ko.Tagger()

# Question words (lemmas) and the intent each asks.
QUESTION_WORDS = {
    "언제": "when", "며칠": "when", "어디": "where", "누구": "who", "누가": "who", "얼마": "how_much",
    "얼마나": "how_much", "몇": "how_many", "왜": "why", "어째서": "why", "어떻게": "how", "어케": "how",
    "어떡": "how", "어떻": "how", "무엇": "what", "뭐": "what", "뭘": "what", "무슨": "what", "어느": "what",
    "어떤": "what", "뭔": "what", "웬": "what",
}
# 몇 before a unit of time asks when (몇 시, 몇 월 며칠), not how many. A day, month or year is part of
# the question word; an hour (몇 시) stays, as what the answer must state. After 몇, a counter and a
# copula (몇시야, 몇개야, 몇시임) are read by the analyser as one noun (시야: field of view).
GLUED_COPULAS = ("야", "임")
HOUR_MISREAD = frozenset("시야 시임".split())
HOUR = "시"  # after a number or 몇: an hour of the day (9시, 몇 시), as 오전 and 저녁 are
TIME_UNITS = frozenset("시 월 일 년 년도 시쯤 학년도".split()) | HOUR_MISREAD
DATE_UNITS = frozenset("월 일 년 년도 학년도".split())
DURATION_UNITS = frozenset("시간 분 주 주일 개월".split())  # after 몇: a span (몇 시간 동안), not a count
# Counters of places, one counter: 120곳, 몇 군데, 5개소 (곳 alone, "a place", says nothing).
PLACE_COUNTERS = {"곳": "곳", "군데": "곳", "개소": "곳"}
TIMES_COUNTERS = {"번": "회", "회": "회", "차례": "회"}  # 몇 번, 3회, 두 차례: how often, one counter
# What follows a place's name to make its office, its head, its people (남강시 + 장: 시장): the name's
# last syllable belongs to that word too.
PLACE_OFFICES = {
    "시": ("장", "청", "민", "의회", "의원"), "군": ("수", "청", "민", "의회", "의원"),
    "구": ("청장", "청", "민", "의회", "의원"), "도": ("지사", "청", "민", "의회", "의원"),
}
PERSON_COUNTER = "명"  # the counter of people (612명): an answer counting in it answers how many people
GENERIC_COUNTERS = frozenset("개 가지".split())  # the counters of anything (몇 개): they name no unit an answer must count in
COUNT_NOUN = "수"  # after a noun, the number of it (간호사 수); after a verb, a possibility (갈 수 있어)
PERCENT_SHORT = "퍼"  # 몇 퍼, 30퍼: 퍼센트 cut short
PERCENT_WORDS = frozenset({PERCENT_SHORT, "프로", "퍼센트", "%"})
AMOUNT_MAGNITUDES = frozenset("억 조 십억 백억 천억".split())  # 몇억, 몇조(야): a sum of money, asked as 얼마 asks
# 내다 (pay) after money is misread by the dictionary (돈 내요 → 내요, a noun; 돈 내다 → 나다): it is paying.
MONEY = frozenset("돈 요금 비용 원 회비 입장료 참가비 료 비 얼마".split())  # 료, 비: a fee's last part (입장료, 참가비); 얼마 내
PAY_FORMS = re.compile(r"^(?:내|낸|낼|냈|냄|내요|내야|내나|내는|내면|내고)")
SHRINK_MISREAD = ("줄", "주")  # 줄 read as a form of 주다; before 어 or 었 it is 줄다 (주다 would be 줘)
# The reported-speech endings the analyser splits off as nouns after a verb (원한대 → 원한 + 대), and
# 거 with one glued (하는거래, 만든거래: 거래 read as trade, as in 주식거래).
REPORTED = frozenset("대 래 거래".split())
# The quotative after 뭐 (뭐라고 했어, 뭐래, 뭐라함): what was said, a quote.
QUOTATIVES = frozenset("라고 래 라 랬 래요 라셨".split())
PERIOD_EDGES = {"말": "end", "초": "start"}  # after a month or year (5월말, 연초는 연 + 초): its end, its start
# 부터 and 까지 mark where a span starts and ends (4월 1일부터, 6월 30일까지): the question of a start or an end.
RANGE_PARTICLES = {"부터": "start", "까지": "end"}
NEGATIONS = frozenset("안 못 않 말".split())  # 안 돼, 못 해, 하지 않아, 하지 마
# Endings of reported speech (못 간대, 안 한다고 했어): a negation before one is what was said, not the question's.
REPORTED_ENDING = re.compile(r"(?:대|래|다고|라고|냐고|대요|래요|다며|라며|다던데|라던데|답니다)$")
# What the analyser reads as a noun glued to a question word is its particle and ending: 어디서함 is
# 어디 + 서 + 함 (not 서함, a letter), 어디서해 not 서해 (the West Sea), 뭔가요 not 가요 (a song).
GLUED_TAILS = {"어디": ("서",), "뭔": ("가요",)}
# Chat's spellings, read as the words they stand for before the analyser cuts them wrong.
CHAT_SPELLINGS = (
    (re.compile(r"([월화수목금토일])욜"), r"\1요일"),  # 토욜, 월욜
    (re.compile(r"(?<=[에어아해나가죠])여(?=[?!.~\s]|$)"), "요"),  # 얼마에여, 열어여
    (re.compile(r"어[케캐]"), "어떻게"),  # 어케 신청해, which the analyser cuts into 어 + 케
    (re.compile(r"머(?=라고|래|라함|랬)"), "뭐"),  # 머라고 했어: what was said
)
HOW, BECOME = "어떻게", "되"  # 어떻게 돼?: what happens, what it is; no manner asked
# 짜리 (worth, sized: 몇조짜리, 5층짜리) glued to its amount is misread (몇조짜리임: 조짜 + 리임); spaced
# off, the amount is read alone, and 짜리 says nothing more.
WORTH = re.compile(r"(?<=[\uac00-\ud7a30-9])짜리")
GREETINGS = frozenset("안녕".split())  # 안녕(하세요): a greeting speaks to the bot, as 너 does
ADDRESSEE = frozenset("너 니 당신 네".split())  # pronouns of the one spoken to (너 이름 뭐야): the bot
CHECKS = frozenset("맞 맞음 아니 아님 그렇".split())  # 맞아?, 맞음?, 서울 아님?, 그렇지?
# Stems that carry no subject: doing, being, having, knowing, telling, asking; and the chat's own
# moment (오늘, 지금, 요즘, 올해), which names nothing an article reported.
STOP_LEMMAS = frozenset(
    "하 되 있 없 이 알 알리 주 보 말씀하 궁금 궁금하 가 오 나오 같 싶 그렇 이렇 저렇 어떻 대하 관하 "
    "좋 부탁 설명 질문 거 것 곳 수 때 등 중 좀 그 저 제 나 너 우리 저희 여기 거기 이거 그거 저거 혹시 "
    "진짜 정말 그냥 근데 그럼 그리고 아 음 네 예 응 ㅋㅋ ㅎㅎ 혹 또 다시 내용 얘기 이야기 한대 관련 "
    "해요 했어요 했음 됨 돼요 됐어요 오늘 지금 요즘 올해 금년 가능 짜리".split()
)
# A person's name as the dictionary marks one (인명), three syllables after a common surname: the
# dictionary marks loanwords too (드론, 스마트), which have no such shape.
SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 "
    "우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 "
    "제 모 탁 국 어 은 편 용 예 경".split()
)
LIGHT_VERBS = frozenset("받 당하 시키".split())  # glued to a noun they make it a verb and add nothing (지원받음, 처벌당해)
_CONTENT_TAGS = {"NNG": Role.NOUN, "NNP": Role.NOUN, "XR": Role.NOUN, "SH": Role.NOUN, "UNKNOWN": Role.NOUN,
                 "VV": Role.VERB, "VA": Role.VERB, "NNBC": Role.COUNTER, "SN": Role.NUMBER}


class Morpheme(NamedTuple):
    surface: str
    tag: str  # the first part-of-speech tag (VV of VV+EP)
    lemma: str  # an inflected form's first part (열렸 → 열리), else the surface
    starts_word: bool  # after a space: 안 해 (not) is a word, 최종안 (final plan) holds no 안
    kind: str = "*"  # the dictionary's class of a proper noun: 인명 (a person's name), 지명 (a place's)


@lru_cache(maxsize=16384)
def _morphemes(text: str) -> tuple[Morpheme, ...]:
    """The analyser's morphemes; a compound noun comes as its parts, a decimal as one number."""
    nodes: list[tuple[str, list[str], bool]] = []  # read whole first: the tagger reuses its nodes on the next parse
    node = _TAGGER.parseToNode(text)
    while node:
        if node.surface:
            nodes.append((node.surface, node.feature.split(","), node.rlength > node.length))
        node = node.next
    out: list[Morpheme] = []
    for k, (surface, feature, spaced) in enumerate(nodes):
        tag = feature[0].split("+")[0]
        starts_word = not out or spaced
        expression = feature[7] if len(feature) > 7 else "*"
        following = nodes[k + 1] if k + 1 < len(nodes) else None
        if feature[4:5] == ["Compound"] and surface not in STOP_LEMMAS:
            # A compound noun is read as its parts (총예산 → 총 + 예산), as a spaced compound is.
            parts = [part.split("/") for part in expression.split("+")]
            out += [Morpheme(p[0], p[1], p[0], starts_word and i == 0) for i, p in enumerate(parts)]
        elif tag == "SN" and len(out) >= 2 and out[-1].surface == "." and out[-2].tag == "SN" and "." not in out[-2].surface:
            decimal = out[-2].surface + "." + surface  # 2.4: the analyser splits it at the dot
            out[-2:] = [Morpheme(decimal, "SN", decimal, out[-2].starts_word)]
        elif (tag in ("VV", "VA") and feature[4:5] == ["Inflect"] and following and following[1][0] == "NNG"
              and len(following[0]) > 1 and not following[2] and _a_noun_alone(surface)):
            # A noun inside a word misread as a verb's form before the next noun (메일주소: 메이 + ㄹ
            # before 주소): alone the dictionary reads it as the noun it is.
            out.append(Morpheme(surface, "NNG", surface, starts_word))
        else:
            lemma = expression.split("/")[0] if feature[4:5] == ["Inflect"] else surface
            if jamo(lemma[:1])[:1] != jamo(surface[:1])[:1]:
                lemma = surface  # an inflection keeps its stem's first consonant: the dictionary's 막 → 박 is a slip
            out.append(Morpheme(surface, tag, lemma, starts_word, feature[1] if tag == "NNP" else "*"))
    return tuple(out)


@lru_cache(maxsize=4096)
def _a_noun_alone(surface: str) -> bool:
    """Whether the dictionary reads the text alone as one common noun."""
    node = _TAGGER.parseToNode(surface).next
    return bool(node and node.surface == surface and node.feature.startswith("NNG") and not node.next.surface)


# The kind of value an answer states by its unit, and the question it answers (4월 1일 answers when,
# 4주 동안 how long, 550원 how much, 25대, 3회 and 5군데 how many: the counters of things, times and places;
# 위해, 때문 and 목적 why: what it is for), in text whose numbers are digits (bot.numbers).
ANSWER_VALUES = {
    "when": re.compile(r"\d+\s*(?:년|월|일)(?!\s*(?:간|동안))"),
    "how_long": re.compile(r"\d+\s*(?:주|개월|년|일|시간|분)\s*(?:간|동안)"),
    "how_much": re.compile(rf"\d+\s*{numbers.APPROXIMATELY}(?:원|%)"),
    "why": re.compile(r"위해|때문|목적|취지"),
    "how_many": re.compile(rf"\d+\s*{numbers.APPROXIMATELY}(?:개국|{numbers.KOREAN_COUNTERS}|{'|'.join(sorted(GENERIC_COUNTERS | TIMES_COUNTERS.keys() | PLACE_COUNTERS.keys()))})"),
}


# The slips of Korean typing: a vowel heard alike (ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅞ/ㅚ) or on a key beside it (ㅏ/ㅣ,
# ㅓ/ㅕ: the two-set keyboard's), and a consonant with or without shift (ㄱ/ㄲ, ㅅ/ㅆ …). Indexes into
# the syllable's initial, vowel and final jamo (Unicode order).
_CONFUSED_INITIALS = ((0, 1), (3, 4), (7, 8), (9, 10), (12, 13))
_CONFUSED_VOWELS = ((1, 5), (3, 7), (10, 15), (10, 11), (11, 15),
                    # and a vowel key next to the one meant, in a row or above or below (검잔 → 검진, 신쳥 → 신청)
                    (12, 6), (6, 2), (2, 1), (8, 4), (4, 0), (0, 20), (17, 13), (13, 18),
                    (12, 8), (6, 4), (2, 0), (1, 20), (4, 13), (0, 18))
_CONFUSED_FINALS = ((1, 2), (19, 20))


def confusable_spellings(word: str) -> list[str]:
    """The spellings one typing slip away from a Hangul word (예싼 → 예산, 침데 → 침대)."""
    out = []
    for i, syllable in enumerate(word):
        code = ord(syllable) - 0xAC00
        if not 0 <= code < 11172:
            continue
        initial, vowel, final = code // 588, code % 588 // 28, code % 28
        for pairs, part in ((_CONFUSED_INITIALS, 0), (_CONFUSED_VOWELS, 1), (_CONFUSED_FINALS, 2)):
            for a, b in pairs:
                parts = [initial, vowel, final]
                if parts[part] in (a, b):
                    parts[part] = b if parts[part] == a else a
                    out.append(word[:i] + chr(0xAC00 + parts[0] * 588 + parts[1] * 28 + parts[2]) + word[i + 1:])
    return out


def answered_intents(text: str) -> set[str]:
    """The questions a text states a value for: an answer giving a date answers when, however asked."""
    return {intent for intent, pattern in ANSWER_VALUES.items() if pattern.search(text)}


def ends_a_morpheme(start: str, word: str) -> bool:
    """Whether the analyser ends a morpheme after `start` in `word` (콘 in 콘이 does, 청 in 청년 does not)."""
    length = 0
    for morpheme in _morphemes(word):
        length += len(morpheme.surface)
        if length >= len(start):
            return length == len(start)
    return True


def _after_money(morphemes: tuple[Morpheme, ...], i: int) -> bool:
    """Whether the morpheme follows a word for money, a particle perhaps between (돈을 내다, 5만원 내?)."""
    return any(m.lemma in MONEY for m in morphemes[max(i - 2, 0) : i])


def _magnitude(surface: str) -> bool:
    """Whether the word is a sum's magnitude, a copula perhaps glued to it (억, 조야)."""
    return surface in AMOUNT_MAGNITUDES or (surface.endswith(GLUED_COPULAS) and surface[:-1] in AMOUNT_MAGNITUDES)


def _reported(morphemes: tuple[Morpheme, ...], i: int) -> bool:
    """Whether the negation at i negates a verb in reported speech: the word holding the verb (the
    negation's own, or the next one's after 안/못) ends in a reported-speech ending."""
    verb = i if morphemes[i].tag != "MAG" else next((j for j in range(i + 1, len(morphemes)) if morphemes[j].tag in ("VV", "VA")), None)
    if verb is None:
        return False
    end = next((j for j in range(verb + 1, len(morphemes)) if morphemes[j].starts_word), len(morphemes))
    return bool(REPORTED_ENDING.search("".join(m.surface for m in morphemes[verb:end])))


def words(text: str, english: Callable[[str], Word]) -> list[Word]:
    """Words of a run of Korean; Latin letters inside it go to `english` (LH공사 → lh, 공사)."""
    out: list[Word] = []
    text = WORTH.sub(" 짜리", text)
    for spelling, word in CHAT_SPELLINGS:
        text = spelling.sub(word, text)
    morphemes = _morphemes(text)
    for i, (surface, tag, lemma, starts_word, kind) in enumerate(morphemes):
        if (surface, lemma) == SHRINK_MISREAD and morphemes[i + 1 : i + 2] and morphemes[i + 1].surface.startswith(("어", "었")):
            lemma = surface  # 줄었어, 줄어요: 줄다 (shrink), which the dictionary reads as 주다 (give) + ㄹ
        if i and PAY_FORMS.match(surface) and _after_money(morphemes, i):
            out.append(Word(surface, "pay", Role.VERB))
            continue
        if all("\u3131" <= ch <= "\u318e" or "\u1100" <= ch <= "\u11ff" for ch in surface):
            out.append(Word(surface, surface, Role.FUNCTION))  # ㅋㅋ, ㅎㅎ: laughter, not words
        elif lemma == "몇" and i + 1 < len(morphemes) and morphemes[i + 1][0] in TIME_UNITS:
            out.append(Word(surface, "when", Role.QUESTION))
        elif lemma == "몇" and i + 1 < len(morphemes) and morphemes[i + 1][0] in DURATION_UNITS:
            out.append(Word(surface, "how_long", Role.QUESTION))  # 몇 시간, 몇 개월: how long, as how many hours is
        elif lemma == "몇" and i + 1 < len(morphemes) and (morphemes[i + 1][0] in PERCENT_WORDS or _magnitude(morphemes[i + 1][0])):
            out.append(Word(surface, "how_much", Role.QUESTION))  # 몇 프로, 몇 %: a share, stated as an amount is
        elif (surface in DATE_UNITS or _magnitude(surface)) and i and morphemes[i - 1].lemma == "몇":
            out.append(Word(surface, surface, Role.FUNCTION))
        elif i and morphemes[i - 1].lemma == "몇" and tag == "NNG" and len(surface) > 1 and surface.endswith(GLUED_COPULAS):
            counter = surface[:-1]  # 몇개야, 몇시야: the counter and a copula, read as one noun
            out.append(Word(surface, CLOCK_HOUR if counter == HOUR else counter, Role.COUNTER))
        elif surface == HOUR and i and (morphemes[i - 1].tag == "SN" or morphemes[i - 1].lemma == "몇"):
            out.append(Word(surface, CLOCK_HOUR, Role.COUNTER))  # 9시, 몇 시: an hour of the day
        elif surface in QUOTATIVES and i and morphemes[i - 1].lemma == "뭐":
            out.append(Word(surface, QUOTE, Role.VERB))
        elif surface in REPORTED and not starts_word and i and morphemes[i - 1].tag in ("VV", "VA", "VX", "XSV", "XSA", "EP", "MM", "ETM"):
            out.append(Word(surface, surface, Role.FUNCTION))  # 원한대, 달라진대: "they say", split off as if a word
        elif tag == "SL":
            out.append(english(surface.lower()))
        elif i and not starts_word and tag in ("NNG", "NNP") and surface.startswith(GLUED_TAILS.get(morphemes[i - 1].lemma, ())):
            out.append(Word(surface, surface, Role.FUNCTION))
        elif surface in PERIOD_EDGES and i and morphemes[i - 1].surface in DATE_UNITS | {"주"}:
            out.append(Word(surface, PERIOD_EDGES[surface], Role.NOUN))  # 8월말, 연초: the month's end, the year's start
        elif surface == "말" and lemma == "맡":  # 말고 (other than) read as 맡다 (take charge), which never spells 말
            out.append(Word(surface, "말다", Role.FUNCTION))
        elif lemma == HOW and morphemes[i + 1 : i + 2] and morphemes[i + 1].lemma == BECOME:
            out.append(Word(surface, "what", Role.QUESTION))
        elif lemma in QUESTION_WORDS or surface in QUESTION_WORDS:
            out.append(Word(surface, QUESTION_WORDS.get(lemma) or QUESTION_WORDS[surface], Role.QUESTION))
        elif lemma in NEGATIONS and (tag in ("VX", "VV") or (tag == "MAG" and starts_word)):  # 최종안 is no 안
            out.append(Word(surface, surface, Role.FUNCTION) if _reported(morphemes, i) else Word(surface, "not", Role.NEGATION))
        elif (lemma in ADDRESSEE and tag == "NP") or (lemma in GREETINGS and starts_word):
            out.append(Word(surface, "you", Role.ADDRESSEE))
        elif lemma in CHECKS and tag in ("VA", "VV", "VCN", "NNG"):
            out.append(Word(surface, "check", Role.CHECK))
        elif tag == "SN":
            out.append(Word(surface, numbers.canonical(surface), Role.NUMBER))
        elif lemma in PLACE_COUNTERS and (tag == "NNBC" or (i and morphemes[i - 1].tag == "SN") or (i and morphemes[i - 1].lemma == "몇")):
            out.append(Word(surface, PLACE_COUNTERS[lemma], Role.COUNTER))
        elif lemma in TIMES_COUNTERS and i and (morphemes[i - 1].tag == "SN" or morphemes[i - 1].lemma == "몇"):
            out.append(Word(surface, TIMES_COUNTERS[lemma], Role.COUNTER))
        elif surface == COUNT_NOUN and tag == "NNG" and i and morphemes[i - 1].tag in ("NNG", "NNP"):
            out.append(Word(surface, "how_many", Role.QUESTION))  # 간호사 수, 학생수: the number of, as 몇 명 asks
        elif surface == PERCENT_SHORT and i and (morphemes[i - 1].tag == "SN" or morphemes[i - 1].lemma == "몇"):
            out.append(Word(surface, "percent", Role.NOUN))
        elif surface == "%":
            out.append(Word(surface, "percent", Role.NOUN))
        elif surface in RANGE_PARTICLES and tag.startswith("J"):
            out.append(Word(surface, RANGE_PARTICLES[surface], Role.NOUN))
        elif kind == "인명" and len(surface) == 3 and surface[0] in SURNAMES:
            out.append(Word(surface, surface, Role.PERSON))
        elif kind == "지명" and len(surface) >= 2:  # 서울, 경기도; one syllable (한, 미) is as often no place
            out.append(Word(surface, surface, Role.PLACE))
        elif lemma in LIGHT_VERBS and not starts_word and i and morphemes[i - 1].tag in ("NNG", "NNP"):
            out.append(Word(surface, lemma, Role.FUNCTION))  # 지원받다, 영향받다: the noun says it all
        elif tag in _CONTENT_TAGS and lemma not in STOP_LEMMAS:
            out.append(Word(surface, lemma, _CONTENT_TAGS[tag]))
        else:
            out.append(Word(surface, lemma, Role.FUNCTION))
    return out

