"""Behaviour of the question matcher on the shipped FAQ, and of the language knowledge it rests on.

The example questions are written for these tests (none is taken from the dev or held-out sets);
an entry id is asserted only where the article fixes the answer.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import bot.matcher
from bot import numbers
from bot.analysis import Analyser, _lexicon
from bot.faq import load_faq
from bot.evaluate import with_phrasings
from bot.matcher import Matcher
from bot.lang import Role, english, korean

@pytest.fixture(scope="module")
def faq():
    return load_faq()


@pytest.fixture(scope="module")
def matcher(faq) -> Matcher:
    return Matcher(faq)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("장관회의언제열렸어?", "meeting-date"),
        ("협력센터어디에생겨?", "centres-where"),
        ("연수프로그램이뭐야?", "training"),
        ("DEPA가뭐야?", "depa"),
    ],
)
def test_spaces_do_not_matter(matcher, question, entry):
    assert matcher.match(question).entry == entry


def test_a_phrasing_of_the_faq_still_matches_without_its_spaces(faq, matcher):
    phrasing = faq.entries["meeting-place"].questions["ko"][0]
    assert " " in phrasing
    assert matcher.match(phrasing.replace(" ", "")).entry == "meeting-place"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("장관회의 언재 열렸어?", "meeting-date"),  # 언재 for 언제: one jamo
        ("wher was the ministerial meeting held?", "meeting-place"),
    ],
)
def test_one_typo_is_forgiven(matcher, question, entry):
    assert matcher.match(question).entry == entry


@pytest.mark.parametrize("spelling", ["케이스콘", "K-SCON", "k scon", "KSCON", "케이 에스 콘"])
def test_alias_spellings_are_one_name(matcher, spelling):
    assert matcher.match(f"{spelling} 언제 시작해?").entry == "kscon-when"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("협력센터는 어디에 세워지나요?", "centres-where"),
        ("디지털경제진흥원이랑은 어떤 분야에서 협력하나요?", "depa-fields"),
        ("부산에서는 무슨 회의가 열렸나요?", "meeting-place"),
        ("국토교통부가 회의를 주관했나요?", "meeting-organiser"),
    ],
)
def test_particles_glued_to_nouns(matcher, question, entry):
    assert matcher.match(question).entry == entry


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("K-SCON은 언제부터 시작돼요?", "kscon-when"),
        ("K-SCON은 몇 개 나라를 지원하나요?", "kscon-countries"),
        ("When will K-SCON begin?", "kscon-when"),
        ("How many countries will K-SCON help?", "kscon-countries"),
    ],
)
def test_the_intent_separates_entries_of_one_subject(matcher, question, entry):
    assert matcher.match(question).entry == entry


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("Who organised the ministerial meeting in Busan?", "meeting-organiser"),  # organise → host
        ("which newspaper published the story?", "article-outlet"),  # newspaper → outlet
        ("회의 후원 기관이 어디예요?", "meeting-sponsors"),
    ],
)
def test_synonyms_reach_the_entry(matcher, question, entry):
    assert matcher.match(question).entry == entry


def test_a_text_alert_is_the_message_a_warning_sends():
    # anshim-what: 태풍 특보가 발효되면 … 문자로 자동 발송하는 시스템 (the answer says 특보, 문자, 발송).
    assert _folder("typhoon", 8).match("what does the txt alert tell you").entry == "anshim-what"


@pytest.mark.parametrize(
    "question",
    ["오늘 저녁 메뉴 추천해줘", "Can you recommend a good movie?", "지하철 막차 시간 알려줘", "What's the exchange rate of the won?", "ㅋㅋㅋ", ""],
)
def test_off_topic_questions_are_not_answered(matcher, question):
    assert not matcher.match(question).answered


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("PIS 펀드 8조 원이야?", "pis-fund-size"),  # 1.5 trillion won
    ],
)
def test_a_wrong_number_of_a_kind_the_entry_states_gets_the_right_one(matcher, question, entry):
    assert matcher.match(question).entry == entry


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("PIS 펀드 1조5천억 원이야?", "pis-fund-size"),
        ("is the pis fund 15,000억?", "pis-fund-size"),
        ("아세안에 0.3조 투자해?", "pis-fund-asean"),
    ],
)
def test_an_amount_is_one_number_however_it_is_written(matcher, question, entry):
    assert matcher.match(question).entry == entry


@pytest.mark.parametrize("question", ["협력센터 2025년에 문 열어?", "K-SCON 2021년 예산은?", "2019", "4", "300"])
def test_a_number_of_a_kind_no_answer_states_or_a_bare_number_is_not_answered(matcher, question):
    assert not matcher.match(question).answered


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("K-SCON 선정 기준이 뭐야?", "kscon-selection"),
        ("비용 매칭 비율은?", "kscon-funding"),
    ],
)
def test_what_an_entry_says_the_article_does_not_say_is_offered_not_answered(matcher, question, entry):
    match = matcher.match(question)
    assert not match.answered
    assert match.suggestions[0] == entry


@pytest.mark.parametrize("question", ["which 4 asean countries get k-scon support?", "협력센터 어느 나라에 생겨?", "which specific countries will host the centres?"])
def test_which_countries_the_article_never_names_is_not_answered(matcher, question):
    assert not matcher.match(question).answered


def test_an_aside_cannot_carry_the_unsaid_word_past_the_check(matcher):
    assert not matcher.match("kscon selection — criteria pls").answered


def test_an_unsaid_word_is_a_whole_word(matcher):
    assert matcher.match("how does kscon cooperation get funded?").entry == "kscon-funding"  # ratio is not inside cooperation


def test_the_entry_still_answers_what_the_article_does_say(matcher):
    assert matcher.match("K-SCON 지원국은 어떻게 선정해?").entry == "kscon-selection"
    assert matcher.match("where will the cooperation centres be?").entry == "centres-where"


@pytest.mark.parametrize(
    ("question", "entries"),
    [
        ("장관회의 서울에서 한거 아님?", {"meeting-place", "meeting-date"}),  # the answer says Busan
        ("펀드 1조원 맞나?", {"pis-fund-size", "pis-fund-asean"}),  # both answers say 1.5 trillion won
    ],
)
def test_a_check_of_a_wrong_value_gets_the_true_one(matcher, question, entries):
    assert matcher.match(question).entry in entries


@pytest.fixture(scope="module")
def library() -> Matcher:
    return Matcher(load_faq(Path(__file__).parent / "folders" / "library"))


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("did building it cost 320 million won?", "cost"),  # a how-much word, but no question word: a check (it cost 320억)
        ("대출 기간 30일이죠?", "loan-period"),  # 기간 asks how long; the answer says 14 days
        ("was the loan period 3 days?", "loan-period"),
    ],
)
def test_a_value_asked_without_a_question_word_is_checked(library, question, entry):
    assert library.match(question).entry == entry


@pytest.mark.parametrize("question", ["is the reporter lee ji-won?", "기자 이지원 맞아?", "기자가 김민수임?"])
def test_a_wrong_name_checked_gets_the_entry_that_names_the_right_one(library, question):
    assert library.match(question).entry == "reporter"  # the reporter is 정하늘


def test_a_name_asked_about_with_a_question_word_is_not_a_checked_value(library):
    assert not library.match("who is lee ji-won").answered


def test_korean_names_in_latin_letters_are_names_and_english_words_are_not():
    persons = lambda text: [w.term for w in english.words(text) if w.role is Role.PERSON]
    assert persons("is it kim do-hyun or park ji-won or kim minsu") == ["kimdohyun", "parkjiwon", "kimminsu"]
    assert persons("is the director kim eunyoung") == ["kimeunyoung"]  # 영 spelt young
    assert persons("is the park area open, lee said") == []


@pytest.fixture(scope="module")
def heatwave_4() -> Matcher:
    return Matcher(with_phrasings(load_faq(Path(__file__).parent / "folders" / "heatwave"), 4))


def test_of_two_entries_about_as_close_the_one_stating_a_value_near_the_checked_one_answers(heatwave_4):
    match = heatwave_4.match("is it 215 shelters?")  # shelter-count says 198, shelter-hours 9 o'clock
    assert (match.entry, match.reason.endswith("nearer the question's than shelter-hours")) == ("shelter-count", True)


def test_a_small_number_tells_no_entry_apart_by_its_value():
    bookdelivery = Matcher(load_faq(Path(__file__).parent / "folders" / "bookdelivery"))
    assert bookdelivery.match("is the pilot 1 year").entry != "extension-start"  # whose 1 is a day of the month


def test_a_checked_value_far_from_every_stated_one_is_another_question(library):
    assert library.match("did building it cost 5 won?").reason.startswith("number:")


@pytest.mark.parametrize("question", ["how many ppl attended in total", "1.5 trillion won in usd?"])
def test_what_the_article_never_states_is_not_answered(matcher, question):
    assert not matcher.match(question).answered


def test_an_abstention_offers_nearby_entries(matcher):
    match = matcher.match("협력센터 2025년에 문 열어?")
    assert "centres-where" in match.suggestions


def test_shorthand_is_read_as_the_word_it_stands_for():
    assert english.raw_words("wen r u free, wht abt it") == ["when", "are", "you", "free", "what", "about", "it"]
    assert english.raw_words("what did it cost b4") == ["what", "did", "it", "cost", "before"]  # not b and 4


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("wen was the meeting", "meeting-date"),
        ("wht will the centres do", "centres-purpose"),
        ("잔관회의 언제함", "meeting-date"),  # 잔관 for 장관, inside a compound
        ("who orgnised the meeting", "meeting-organiser"),
        ("sponsers of the meeting", "meeting-sponsors"),
        ("whn does kscon strt", "kscon-when"),  # a dropped letter in a short word
        ("trainng program", "training"),  # corrected to an alias, read as its term
        ("사바주랑 뭐함", "lh-sabah-mou"),  # 뭐함 asks loosely when no entry of Sabah answers "what for"
    ],
)
def test_chat_shorthand_and_typos_inside_words(matcher, question, entry):
    assert matcher.match(question).entry == entry


def test_a_typo_inside_a_name_of_several_words_still_reads_as_the_name():
    matcher = Matcher(load_faq(Path(__file__).parent / "folders" / "festival"))
    terms, _ = matcher.reading("when does the lantern fesitval start")
    assert "lanternfestival" in terms


@pytest.mark.parametrize(("question", "not_read_as"), [("any deadline?", "headline")])
def test_a_word_that_differs_in_its_first_letter_is_another_word_not_a_typo(matcher, question, not_read_as):
    terms, _ = matcher.reading(question)
    assert not_read_as not in terms


def test_a_question_in_the_faq_needs_no_typo_search(faq, monkeypatch):
    """The fuzzy search is the slow path: a question made of FAQ words never reaches it."""
    matcher = Matcher(faq)
    calls = []
    monkeypatch.setattr(bot.matcher.process, "extract", lambda *args, **kwargs: calls.append(args) or [])
    for entry in faq.entries.values():
        for lang in ("ko", "en"):
            matcher.match(entry.questions[lang][0])
    assert calls == []




def test_a_negated_question_is_not_answered_as_its_opposite(matcher):
    """The article says who sponsored the meeting, never who did not."""
    assert matcher.match("Who sponsored the ministerial meeting?").entry == "meeting-sponsors"
    negated = matcher.match("Who did not sponsor the ministerial meeting?")
    assert not negated.answered and negated.reason.startswith("negated")


def test_a_negation_in_a_condition_still_asks_the_rule(matcher):
    assert "negated" not in matcher.match("what happens if the centres are not built?").reason


def test_every_verdict_says_why(matcher):
    assert matcher.match("K-SCON은 언제부터 시작돼요?").reason.startswith("answered")
    assert matcher.match("오늘 점심 메뉴 추천해줘").reason.startswith(("off-topic", "weak", "uncovered"))
    assert matcher.match("ㅋㅋ").reason.startswith("no subject")


def test_the_package_lexicon_loads_without_a_spelling_under_two_concepts():
    """The lexicon refuses, at load, a spelling under two concepts or one the languages read as nothing."""
    _lexicon()  # raises LexiconError on a malformed lexicon
    analyser = Analyser({})
    assert [w.term for w in analyser.words("과태료")] == [w.term for w in analyser.words("penalty")] == ["fine"]
    assert [w.term for w in analyser.words("회의 날짜")] == [w.term for w in analyser.words("회의 언제")] == ["meeting", "when"]


@pytest.mark.parametrize(
    ("written", "value"),
    [("1조5천억 원", "1500000000000"), ("1.5 trillion won", "1500000000000"), ("3천억", "300000000000"),
     ("0.3조", "300000000000"), ("2만5천 원", "25000"), ("1천200억", "120000000000"), ("5,000원", "5000"), ("14억5천", "1450000000"), ("1조5천", "1500000000000")],
)
def test_amounts_are_one_value_however_written(written, value):
    assert value in numbers.values(written)


def test_dates_are_read_as_year_month_day():
    assert numbers.values("2020.04.02") == numbers.values("2020년 4월 2일") == numbers.values("April 2nd, 2020") == {"2020", "4", "2"}


@pytest.mark.parametrize("question", ["너 이름 뭐야?", "넌 누구야", "what's your name", "are you a bot", "r u a real person"])
def test_a_question_about_the_bot_is_chat_not_a_question_about_the_article(matcher, question):
    verdict = matcher.match(question)
    assert verdict.entry is None and verdict.reason.startswith("chat")


def test_a_you_that_means_anyone_still_asks_about_the_article(matcher):
    assert matcher.match("can you tell me when the ministerial meeting was held").entry == "meeting-date"


@pytest.mark.parametrize("question", ["오늘 몇 일이야", "what's the date today"])
def test_the_chats_own_moment_names_nothing_the_article_reported(matcher, question):
    assert matcher.match(question).entry is None


def test_in_charge_asks_who_runs_it_not_a_price(matcher):
    terms, intents = matcher.reading("who was in charge of the meeting")
    assert "how_much" not in intents and "organise" in terms


@pytest.mark.parametrize("question", ["who is the chief minister of sabah", "who is the head of DEPA"])
def test_an_entry_that_never_speaks_of_a_name_the_question_asks_about_does_not_answer(matcher, question):
    verdict = matcher.match(question)
    assert verdict.entry is None and verdict.reason.startswith("unnamed")


def test_the_name_the_whole_article_is_about_needs_no_mention_in_the_entry():
    """수원 is in the headline: every entry of the waste article is about Suwon, said or not."""
    faq = load_faq(Path(__file__).parent / "folders" / "waste")
    matcher = Matcher(faq)
    assert "suwon" not in matcher._fields["food-fee"]  # the entry itself never names the city
    assert matcher.match("수원시 음식물 쓰레기 수수료 얼마야").entry == "food-fee"


@pytest.mark.parametrize("question", ["태국 장관 이름 뭐야", "thai minister name?"])
def test_the_name_of_something_only_a_source_sentence_mentions_is_not_answered(matcher, question):
    """DEPA's cited sentence mentions a minister; its answer names none: the Thai minister's name is not in the article."""
    verdict = matcher.match(question)
    assert verdict.entry is None


def test_the_name_of_the_head_of_a_phrase_is_asked(matcher):
    assert matcher.match("name of the MOLIT minister at the meeting").entry == "minister"


@pytest.mark.parametrize("question", ["기사 몇시임", "기사 몇시야", "기사 몇 시에 나왔어"])
def test_what_time_in_korean_asks_when_and_for_an_hour_however_the_analyser_cuts_it(matcher, question):
    terms, intents = matcher.reading(question)
    assert intents == {"when"} and "o'clock" in terms


def test_chat_spellings_of_night_and_tomorrow():
    assert [w.term for w in english.words("nite tmrw")] == [english.stem("night"), english.stem("tomorrow")]


@pytest.mark.parametrize(("question", "entry"), [("회의 어디서함", "meeting-place"), ("회의 정식 명칭이 뭔가요", "meeting-name")])
def test_an_ending_glued_to_a_question_word_is_not_read_as_a_noun(matcher, question, entry):
    assert matcher.match(question).entry == entry


def test_a_contraction_typed_without_its_apostrophe_is_a_negation():
    assert [w.term for w in english.words("wasnt it")][0] == "not"


def test_an_entry_answers_the_question_its_answer_states_a_value_for():
    """Written with two phrasings that never ask how many, the entry still answers a how-many: its answer states a count."""
    faq = with_phrasings(load_faq(Path(__file__).parent / "folders" / "festival"), 2)
    assert "how_many" not in {w.term for q in faq.entries["food-market"].questions["en"] for w in english.words(q)}
    assert Matcher(faq).match("how many food trucks").entry == "food-market"


def test_malgo_other_than_is_not_taking_charge():
    from bot.lang import korean
    assert [w.term for w in korean.words("장관들 말고 누가 왔어", english.word_of) if w.content] == ["장관"]


def test_a_korean_name_spaced_where_it_is_not_does_not_eat_the_next_word():
    """진주시청 (city hall) is not in 진주시 청년 (Jinju's young people); 케이 에스 콘이 is still K-SCON."""
    rent = Analyser(load_faq(Path(__file__).parent / "folders" / "rent").aliases)
    assert rent.prepare("진주시 청년 월세").split()[0] == "jinju"
    assert Analyser(load_faq().aliases).prepare("케이 에스 콘이 뭐야").split()[0] == "kscon이"


def test_chat_thousands_and_won_glued_to_an_ending_are_read_as_amounts():
    assert numbers.values("is it 250k won") == {"250000"}
    terms, intents = Matcher(load_faq()).reading("펀드 1조5천억원인가요")
    assert "why" not in intents  # not 원인 (a cause)


@pytest.mark.parametrize(
    ("text", "years"),
    [("2027학년도부터", {"2027"}), ("in 2019 right?", {"2019"}), ("2020.04.02", {"2020"}),
     ("배달비 2,000원", set()), ("2000명 맞아?", set()), ("2000 people", set()),
     ("from 1 to 31 July 2024.", {"2024"}), ("in 2024, the city", {"2024"}), ("2024.5", set())],
)
def test_a_year_is_told_from_an_amount_of_the_same_digits(text, years):
    assert numbers.years(text) == years


def test_a_count_checked_against_two_thousand_is_not_checked_against_a_year(library):
    # The library's answers state 850 seats; 2,000 seats is a wrong value of them, not a year.
    assert library.match("2,000 seats right?").entry == "seats"


@pytest.mark.parametrize("text", ["장관 이름 뭐야", "minister name?", "what's the name of the korean minister"])
def test_the_name_of_a_person_asks_who_it_is(text):
    words = Analyser({}).words(text)
    assert "who" in {w.term for w in words if w.role.name == "QUESTION"}
    assert "name" in {w.term for w in words}  # the name is still asked: an entry must give it


def test_the_name_of_a_thing_asks_no_who():
    assert "who" not in {w.term for w in Analyser({}).words("회의 이름 뭐야")}


def test_the_ministers_name_is_not_the_meetings_name(matcher):
    # 장관회의 (the ministerial meeting) has 장관 in its name; the minister's name asks who.
    assert matcher.match("what's the name of the korean minister").entry == "minister"


def test_an_address_is_read_as_what_it_is():
    # A byline's e-mail address answers "reporter email?" though no word of it says email.
    terms = {w.term for w in Analyser({}).words("한빛신문 김하늘 기자 sky.kim@hanbit.example, www.hanbit.example")}
    assert {"contact", "online"} <= terms
    assert terms & {w.term for w in Analyser({}).words("기자 이메일?")} >= {"contact"}


@pytest.mark.parametrize(
    ("text", "negated"),
    [("몇 퍼센트가 못 간대", False), ("안 간다고 답한 사람 몇 명", False), ("what % said they cant go", False),
     ("참석 안 한 나라는?", True), ("who did not attend", True)],
)
def test_a_negation_in_reported_speech_is_what_was_said(text, negated):
    assert any(w.role.name == "NEGATION" for w in Analyser({}).words(text)) is negated


def test_a_whole_word_name_is_read_in_the_case_the_question_writes_it(faq):
    matcher = Matcher(dataclasses.replace(faq, aliases={**faq.aliases, "usa": ("=US", "united states")}))
    assert "usa" in matcher.reading("did the US attend?")[0]
    assert "usa" not in matcher.reading("did they invite us?")[0]


def test_a_month_is_no_typo(library):
    # sept is one letter from seat (a word of the FAQ), but it is September.
    assert "seat" not in library.reading("was this published on sept 4?")[0]


def test_a_question_holding_a_phrasing_whole_asks_it_whatever_else_it_says():
    library = Matcher(with_phrasings(load_faq(Path(__file__).parent / "folders" / "library"), 4))
    match = library.match("newsletter editor asking what was the total project cost of the whole thing")
    assert match.entry == "cost" and "aside" in match.reason


@pytest.mark.parametrize(("text", "chat"), [("good morning all", True), ("안녕하세요~", True), ("what is korea good at", False)])
def test_a_greeting_speaks_to_the_bot(text, chat):
    assert any(w.role.name == "ADDRESSEE" for w in Analyser({}).words(text)) is chat


def test_a_question_set_in_another_time_is_not_answered_by_an_entry_of_the_articles_time(matcher):
    assert matcher.match("다음 장관회의는 어디서 열려?").reason.startswith("another time")
    assert matcher.match("where will the next ministerial meeting be held?").reason.startswith("another time")
    assert matcher.match("장관회의 어디서 열렸어?").entry == "meeting-place"


def test_this_year_is_the_articles_own_time():
    assert [w.term for w in Analyser({}).words("올해 예산 얼마야") if w.content] == ["budget"]


@pytest.mark.parametrize(
    ("text", "concept"),
    [("how do i return the books", "apply"), ("which building is it in", "install"), ("give them back", "sponsor"),
     ("is it a written test", "reporter"), ("take the cap off", "maximum"), ("노선 번호가 뭐야", "phone")],
)
def test_a_word_of_two_meanings_is_not_folded_into_one_of_them(text, concept):
    # a book is no booking, a building no construction, a written test no reporter, a cap no ceiling.
    assert concept not in {w.term for w in Analyser({}).words(text)}


@pytest.mark.parametrize(("text", "decrease"), [("이용객 줄었어?", True), ("많이 줄어요?", True), ("예산 줄였어", True), ("내가 줄게", False)])
def test_shrinking_is_read_as_shrinking_not_giving(text, decrease):
    assert ("decrease" in {w.term for w in Analyser({}).words(text)}) is decrease


@pytest.mark.parametrize("text", ["설치 장소 몇 군데", "120곳에 설치", "5개소"])
def test_places_counted_are_one_counter_however_counted(text):
    assert ("곳", "COUNTER") in {(w.term, w.role.name) for w in Analyser({}).words(text)}


def test_a_place_not_counted_says_nothing():
    assert [w for w in Analyser({}).words("여는 곳이 어디") if w.content] == []


@pytest.mark.parametrize(
    ("typed", "word", "slip"),
    [("sponsers", "sponsors", True), ("entrence", "entrance", True), ("wher", "where", True), ("teh", "the", True),
     ("budjet", "budget", True),
     ("west", "went", False), ("last", "east", False)],
)
def test_a_typo_is_a_slip_of_the_fingers(typed, word, slip):
    # a vowel for a vowel, a neighbouring key, a letter dropped or two swapped; not another word
    assert english.could_be_typo(typed, word) is slip


@pytest.mark.parametrize(("text", "counter"), [("관찰실 몇개야", "개"), ("몇시야", "o'clock"), ("몇곳이야", "곳")])
def test_a_counter_glued_to_a_copula_after_a_question_word_is_the_counter(text, counter):
    assert (counter, "COUNTER") in {(w.term, w.role.name) for w in Analyser({}).words(text)}


def test_doors_and_gates_are_one_entrance_but_an_entrance_exam_is_no_door():
    assert {w.term for w in Analyser({}).words("which gate")} & {w.term for w in Analyser({}).words("출입구 어디야")} == {"entrance"}
    assert "entrance" not in {w.term for w in Analyser({}).words("university entrance exam")}


def test_the_class_a_question_asks_for_stays_as_what_kind_of_answer_it_wants():
    words = Analyser({}).words("which city is this about")
    assert ("where", "QUESTION") in {(w.term, w.role.name) for w in words}
    assert ("city", "COUNTER") in {(w.term, w.role.name) for w in words}  # weighs little: the subject is elsewhere


@pytest.mark.parametrize(
    ("text", "term"),
    [("박지현 직책이 뭐야", "who"), ("담당 부서", "organise"),
     ("what's the point of this project", "why"), ("pts per kg?", english.stem("points"))],
)
def test_how_people_ask_reads_as_what_they_ask(text, term):
    assert term in {w.term for w in Analyser({}).words(text)}


def test_a_goal_asks_no_why():
    # a goal is as often a target (the recycling rate goal) as a purpose
    assert "why" not in {w.term for w in Analyser({}).words("recycling rate goal?")}


@pytest.mark.parametrize("folder", ["emergency", "transit"])
def test_a_summary_is_what_the_headline_gives(folder):
    # no entry of these folders speaks of a summary; the one citing the headline answers it
    assert Matcher(load_faq(Path(__file__).parent / "folders" / folder)).match("summarise the article for me").entry == "headline"


@pytest.mark.parametrize(("one", "other", "concept"), [("승객 몇 명", "how many riders", "user"), ("채용 인원", "how many jobs", "hire")])
def test_the_words_of_public_services_are_one_concept_across_languages(one, other, concept):
    assert concept in {w.term for w in Analyser({}).words(one)} & {w.term for w in Analyser({}).words(other)}


def test_a_percent_sign_alone_asks_for_a_percentage():
    assert "percent" in english.raw_words("what % were elderly")


def test_how_many_days_asks_how_long():
    assert [w.term for w in english.words("how many days does it run") if w.role.name == "QUESTION"] == ["how_long"]


def test_a_word_the_lexicon_knows_is_no_typo_of_a_word_the_faq_writes():
    admissions = Matcher(load_faq(Path(__file__).parent / "folders" / "admissions"))  # its FAQ writes "major"
    assert admissions.reading("who is the mayor")[0] == {"mayor"}


@pytest.mark.parametrize(
    ("one", "other", "concept"),
    [("교통사고 늘었어?", "did crashes go up", "accident"), ("학부모 찬성률", "how many parents agree", "parent"),
     ("시의원 누구", "which councillor", "legislator"), ("통계 어디서 나왔어", "who released the stats", "statistics"),
     ("몇 퍼", "what percent", "percent"), ("30퍼 맞아?", "is it 30 percent", "percent"),
     ("월요일에 열어?", "open on monday?", "monday"), ("할머니도 무료야?", "is it free for grandma", "senior"),
     ("애기도 돼?", "what about babies", "child"), ("애들 접종 언제", "when do kids get the shot", "child"), ("나이 제한", "how old do u have to be", "age"), ("인터뷰한 공무원", "who was interviewed", "quote"), ("상인회장 발언", "what does the merchants head think", "quote"), ("지원 한도", "the upper limit of the subsidy", "maximum"), ("예전 운영시간", "what were the old hours", "previous"), ("몇 키로야", "how many km", "kilometre"),
     ("사전에 신청해야 돼?", "do i apply in advance", "advance"), ("문의는 어디로", "where do i send an enquiry", "inquiry"),
     ("맥주 마시고 수영해도 돼?", "can i swim after a beer", "alcohol"), ("저소득층 할인", "low income discount", "low-income"),
     ("청소년 요금", "price for teens", "youth"),
     ("다친 사람 있어?", "anyone hurt?", "injury"), ("사망자 있어?", "anyone killed?", "death"),
     ("점포 몇 개", "how many stalls", "shop"), ("상인들 반응", "what do merchants say", "merchant"), ("화재 언제", "when was the blaze", "fire"),
     ("자원봉사 신청", "how do i volunteer", "volunteer"), ("응답 시간", "how fast do they respond", "respond"),
     ("민원 넣으면", "if i file a complaint", "complaint"), ("반발 있어?", "any opposition", "oppose"),
     ("고딩도 돼?", "can high school students go", "student"), ("헬멧 빌릴 수 있어?", "helmet lending", "borrow"),
     ("3만 개 넘었어?", "did it exceed 30000", "exceed"), ("기자 멜주소", "reporter email", "contact")],
)
def test_everyday_words_are_one_concept_across_languages(one, other, concept):
    assert concept in {w.term for w in Analyser({}).words(one)} & {w.term for w in Analyser({}).words(other)}


@pytest.mark.parametrize(("text", "word"), [("which dept", "department"), ("who wrote ths", "this"), ("when does it kick in", "start"),
                                            ("can i ride thru it", "through"), ("last yr's budget", "year"),
                                            ("how long til they come", "end"), ("wher is teh new bldg", "building")])
def test_chat_shorthand_and_idioms_are_read_as_what_they_mean(text, word):
    assert word in {w.term for w in english.words(text)} | set(english.raw_words(text))


def test_a_negated_when_asks_when_a_rule_begins():
    scooters = Matcher(load_faq(Path(__file__).parent / "folders" / "scooters"))
    assert scooters.match("언제부터 못 타요?").entry == "ban-start"


@pytest.mark.parametrize("text", ["애들도 돈 내야돼?", "입장료 내요?", "5만원 내?", "do kids have to pay"])
def test_paying_asks_how_much_in_both_languages(text):
    # the dictionary misreads 내다 after money (내요 as a noun, 내다 as 나다)
    assert "how_much" in {w.term for w in Analyser({}).words(text) if w.role is Role.QUESTION}


def test_a_word_that_begins_like_paying_is_not_paying():
    assert "how_much" not in {w.term for w in Analyser({}).words("내일 와요?")}


def test_a_person_of_the_article_checked_in_anothers_part_is_a_wrong_value():
    pool = Matcher(with_phrasings(load_faq(Path(__file__).parent / "folders" / "pool"), 4))
    match = pool.match("is the reporter kim doyun?")  # 김도윤 heads the district; the reporter is 박서연
    assert match.entry == "reporter"
    assert pool.match("what did kim doyun say").entry == "mayor-quote"


@pytest.mark.parametrize("text", ["할인 몇 프로야", "몇%나 찬성했어", "how many percent got in"])
def test_how_many_percent_asks_for_an_amount_not_a_count(text):
    intents = {w.term for w in Analyser({}).words(text) if w.role is Role.QUESTION}
    assert intents == {"how_much"}


@pytest.mark.parametrize(("text", "trade"), [("왜 이 사업 하는거래", False), ("누가 만든거래", False), ("주식거래 규모", True)])
def test_it_is_said_glued_to_a_verb_is_no_trade(text, trade):
    # 하는거래 is 하는 거(것) + 래 (they say); the dictionary reads 거래, trade, as in 주식거래.
    assert ("거래" in {w.term for w in Analyser({}).words(text) if w.content}) is trade


@pytest.mark.parametrize("text", ["펀드 몇조야", "시비 몇억", "몇억원 들었어"])
def test_how_many_hundred_millions_asks_for_a_sum_not_a_count(text):
    words = Analyser({}).words(text)
    assert {w.term for w in words if w.role is Role.QUESTION} == {"how_much"}
    assert {"조", "억"}.isdisjoint(w.term for w in words if w.content)


@pytest.mark.parametrize(("text", "content"), [("펀드 몇조짜리임", ["fund"]), ("몇층짜리 건물이에요", ["층"]),
                                               ("상품권 얼마짜리", ["상품"])])
def test_worth_glued_to_its_amount_is_no_word_of_its_own(text, content):
    # The dictionary reads 몇조짜리임 as 조짜 + 리임, two nouns no entry has.
    assert sorted(w.term for w in Analyser({}).words(text) if w.content and w.role is not Role.QUESTION) == sorted(content)


def test_a_negated_how_long_asks_how_long_the_lack_lasts():
    water = Matcher(load_faq(Path(__file__).parent / "folders" / "water"))
    assert water.match("몇 시간 동안 물이 안 나와요?").entry == "outage-duration"


@pytest.mark.parametrize(
    ("text", "concept"),
    [("did fares go up?", "increase"), ("so it went down to 40?", "decrease"), ("up to 4 people?", "maximum")],
)
def test_a_verb_and_its_particle_are_read_as_what_they_mean(text, concept):
    assert concept in {w.term for w in Analyser({}).words(text)}


@pytest.mark.parametrize(("text", "word"), [("남강시장 이름", "시장"), ("가온군수 누구야", "mayor"), ("새봄구청 어디", "구청")])
def test_a_places_head_or_office_glued_to_its_name_keeps_the_names_last_syllable(text, word):
    analyser = Analyser({"namgang": ("남강시",), "gaon": ("가온군",), "saebom": ("새봄구",)})
    assert word in [w.term for w in analyser.words(text) if w.content]


def test_the_name_of_a_mayor_the_article_never_names_is_not_answered():
    water = Matcher(load_faq(Path(__file__).parent / "folders" / "water"))  # it names the water authority's head only
    assert not water.match("남강시장 이름이 뭐야").answered


def test_a_question_word_alone_is_answered_by_the_one_entry_that_answers_it():
    trails = Matcher(load_faq(Path(__file__).parent / "folders" / "trails"))
    assert trails.match("why are they doing it?").entry == "why"  # no other entry answers why
    assert not trails.match("when?").answered  # many entries answer when: offered, not answered


@pytest.mark.parametrize("text", ["지원받음?", "처벌당해?"])
def test_a_light_verb_glued_to_a_noun_adds_nothing(text):
    assert [w.role for w in Analyser({}).words(text) if w.content] == [Role.NOUN]


@pytest.mark.parametrize("question", ["is hanbit city in gyeonggi-do?", "is hanbit in seoul?"])
def test_a_wrong_place_checked_gets_the_entry_that_states_the_place(question):
    textiles = Matcher(load_faq(Path(__file__).parent / "folders" / "textiles"))
    assert textiles.match(question).entry == "city-location"  # its answer gives the city's province


def test_another_places_event_is_not_answered_by_this_ones_entry():
    festival = Matcher(load_faq(Path(__file__).parent / "folders" / "festival"))
    assert festival.match("진주 벚꽃축제 입장료 있어?").reason.startswith("place:")


def test_korean_places_in_latin_letters_are_places():
    places = [w.term for w in english.words("is it in gyeonggi-do or seoul, near the bus area") if w.role is Role.PLACE]
    assert places == ["gyeonggido", "seoul"]


@pytest.mark.parametrize("question", ["kscon???", "케이스콘?", "K-SCON explained pls"])
def test_a_name_alone_asks_what_it_is(question):
    matcher = Matcher(with_phrasings(load_faq(), 4))
    assert matcher.match(question).entry == "kscon-what"


def test_the_reporter_is_not_the_report_nor_the_publisher_the_date_published():
    assert english.word_of("reporter").term != english.word_of("report").term
    assert english.word_of("publisher").term != english.word_of("published").term


@pytest.mark.parametrize("text", ["기자 메일주소 알려주세요", "기자메일주소"])
def test_a_noun_the_dictionary_misreads_as_a_verb_before_a_noun_is_that_noun(text):
    # mecab reads 메일 before 주소 as 메이다 + ㄹ; alone it reads 메일, a noun
    assert "contact" in {w.term for w in Analyser({}).words(text)}


def test_a_verbs_form_before_an_ending_split_off_as_a_noun_stays_a_verb():
    assert "원하" in {w.term for w in Analyser({}).words("뭘 원한대")}  # not 원한, a grudge


def test_a_count_asked_with_the_counter_of_anything_needs_no_unit_said():
    bookdelivery = Matcher(load_faq(Path(__file__).parent / "folders" / "bookdelivery"))
    assert bookdelivery.match("나머지 도서관 몇개").reason.startswith("answered")  # 개 counts anything


def test_a_thin_entry_is_known_more_by_its_answer(monkeypatch):
    # with four phrasings a language, an update of the article is said only by the article-date entry's answer
    question = "when was the article last updated"
    assert Matcher(with_phrasings(load_faq(), 4)).match(question).entry == "article-date"
    monkeypatch.setattr(bot.matcher, "THIN_ANSWER_FIELD", bot.matcher.ANSWER_FIELD)
    assert Matcher(with_phrasings(load_faq(), 4)).match(question).entry is None


def test_a_negated_count_is_answered_by_the_entry_that_counts():
    museum = Matcher(load_faq(Path(__file__).parent / "folders" / "museum"))
    assert museum.match("how many pieces were never shown before?").entry == "first-shown"


@pytest.mark.parametrize("text", ["몇 시간 걸려?", "몇 개월 동안 해?"])
def test_how_many_hours_or_months_asks_how_long(text):
    assert "how_long" in {w.term for w in Analyser({}).words(text) if w.role is Role.QUESTION}


@pytest.mark.parametrize("written", ["9,200㎡", "9200m2", "9200 m²"])
def test_an_area_unit_after_a_number_is_a_unit_not_a_second_number(written):
    words = [w for w in Analyser({}).words(written) if w.content]
    assert [(w.term, w.role) for w in words] == [("9200", Role.NUMBER), ("square-metre", Role.NOUN)]


def test_the_time_an_article_was_posted_is_its_publishing():
    assert "publish" in {w.term for w in Analyser({}).words("입력시간 몇 시야")}


def _folder(name: str, cut: int | None = None) -> Matcher:
    return Matcher(with_phrasings(load_faq(Path(__file__).parent / "folders" / name), cut))


@pytest.mark.parametrize("text", ["what did park say", "what does the mayor say about it", "시장이 뭐라고 했어", "시청에서 뭐래", "과장 뭐라함",
                                  "과장이 머라고 했어"])
def test_what_was_said_asks_for_a_quote(text):
    assert "quote" in {w.term for w in Analyser({}).words(text)}


def test_saying_without_what_is_no_quote():
    assert "quote" not in {w.term for w in Analyser({}).words("did they say it is free")}


def test_a_question_of_what_an_official_said_gets_the_quote():
    assert _folder("scooters", 4).match("과장이 뭐라고 했어").entry == "official-quote"


def test_what_an_official_said_is_not_who_the_official_is():
    # toollibrary's `official` is asked who the official is, and quotes nothing: it does not answer
    # what was said. pets' `official` quotes her words in its answer, so it does.
    assert _folder("toollibrary", 4).match("what did the official say").entry != "official"
    assert _folder("toollibrary", 4).match("과장님이 뭐라고 했어").entry != "official"
    assert _folder("pets", 4).match("what did the official say").entry == "official"


@pytest.mark.parametrize(
    ("text", "units"),
    [("was turnout 60%?", {"60": {"percent"}}), ("5만원 내?", {"50000": {"money"}}), ("60 days or 6개월", {"60": {"date"}, "6": {"date"}}),
     ("7 a.m. or 24시간", {"7": {"time"}, "24": {"time"}}),
     ("612명(42%)", {"612": {"count"}, "42": {"percent"}}), ("20억 맞아", {"2000000000": set()})],
)
def test_a_numbers_unit_is_the_kind_of_value_it_is(text, units):
    assert numbers.units(text) == units


def test_an_hour_checked_is_not_corrected_by_a_date():
    water = _folder("water", 4)  # construction-start states the day the works begin, not the hour the water stops
    assert water.match("does it start at 10am?").entry != "construction-start"


@pytest.mark.parametrize("text", ["opens at 9am", "from 6 a.m. to 9 p.m.", "till 10 o'clock", "what time does it close", "오전 9시", "몇 시에 열어"])
def test_an_hour_of_the_clock_is_one_term_in_both_languages(text):
    assert "o'clock" in {w.term for w in Analyser({}).words(text)}


def test_what_time_asks_an_hour_not_a_day():
    # cablecar's closed-days says which days it shuts, operating-hours the hour it closes
    assert _folder("cablecar", 4).match("what time does it close").entry != "closed-days"


@pytest.mark.parametrize("text", ["what time is it", "지금 몇시야"])
def test_an_hour_alone_asks_the_time_now_which_no_entry_answers(text):
    assert _folder("pets", 8).match(text).reason.startswith("no subject")


def test_the_city_alone_is_the_articles_own_and_says_little():
    # 시에서: the story's city, which the lexicon knows as a place; a word of one syllable, it weighs as a counter
    assert ("시", "COUNTER") in {(w.term, w.role.name) for w in Analyser({}).words("시에서 언제 발표했어")}
    assert _folder("streetlights", 4).match("시에서 언제 발표했어").entry == "announce-date"


def test_a_share_checked_is_not_corrected_by_a_count():
    breakfast = _folder("breakfast", 4)  # first-day-count states 612 pupils, participation-rate 42%
    assert breakfast.match("was turnout 60%?").entry != "first-day-count"


def test_a_share_checked_is_corrected_by_the_entry_stating_a_share():
    assert _folder("library", 2).match("did 78% of people want night access in the survey?").entry == "survey-result"


@pytest.mark.parametrize("question", ["회의 부산에서 했다며?", "부산 맞지?", "장관회의 개최지가 부산 맞습니까"])
def test_a_place_checked_is_answered_by_the_entry_asked_where(faq, question):
    assert Matcher(with_phrasings(faq, 4)).match(question).entry == "meeting-place"  # not meeting-date, as close


def test_another_place_checked_is_answered_by_the_entry_asked_where():
    assert _folder("startup", 4).match("결선 대구에서 해?").entry == "final-venue"  # not final-date


def test_a_question_naming_only_the_kind_asked_is_answered_only_by_an_entry_asked_so():
    match = _folder("bikes", 4).match("which city is this")  # the charging entry's answer names the city
    assert (match.best, match.entry) == ("charging", "headline")  # where the story is: its headline says
    assert _folder("snow", 4).match("which city is this about").entry == "seoha-location"  # asked: which city is 서하시 in


def test_a_typo_is_never_read_as_a_function_word():
    match = _folder("snow", 4).match("how mnay dump trucks")  # many, not may
    assert match.entry == "dump-trucks"


def test_what_share_asks_an_amount_and_keeps_the_share():
    words = {(w.term, w.role) for w in english.words("what % of the injured")}
    assert {("how_much", Role.QUESTION), ("percent", Role.NOUN)} <= words


def test_a_number_a_day_is_a_rate_not_a_date():
    words = Analyser({}).words("is the limit 2000 ppl a day?")
    assert "daily" in {w.term for w in words} and not any(w.role is Role.QUESTION for w in words)
    assert numbers.years("is the limit 2000 ppl a day?") == set()  # 2000 people, not the year 2000


def test_a_value_checked_in_a_unit_is_answered_by_the_entry_stating_that_unit():
    assert _folder("recall", 4).match("환불 5월말까지 맞아?").entry == "refund-deadline"  # a date, not the refund's amount


@pytest.mark.parametrize("text", ["간호사 수", "학생수", "number of nurses"])
def test_the_number_of_a_thing_asks_how_many(text):
    assert "how_many" in {w.term for w in Analyser({}).words(text) if w.role is Role.QUESTION}


def test_a_possibility_is_no_number():
    assert not any(w.role is Role.QUESTION for w in Analyser({}).words("갈 수 있어"))


def test_a_typo_of_a_function_word_only_says_nothing():
    terms, _ = _folder("pool", 4).reading("can i swim wiht my kids")  # wiht: with
    assert "wiht" not in terms and "with" not in terms


def test_the_counters_of_times_are_one_counter():
    terms = lambda text: [w.term for w in Analyser({}).words(text) if w.role is Role.COUNTER]
    assert terms("몇번 터졌어") == terms("3회 터졌다") == ["회"]


@pytest.mark.parametrize(("text", "concept"), [("8월말까지", "end"), ("9월 말", "end"), ("3월초", "start")])
def test_a_months_end_is_an_end_not_a_word_said(text, concept):
    terms = {w.term for w in Analyser({}).words(text)}
    assert concept in terms and "quote" not in terms


def test_a_typo_of_a_word_the_lexicon_knows_is_that_word():
    terms, _ = _folder("bookdelivery", 4).reading("when did the city anounce it")  # the FAQ writes only 'announced'
    assert "announce" in terms


def test_a_dropped_letter_is_likelier_than_an_extra_one():
    terms, _ = _folder("pool", 4).reading("reportr name?")
    assert "reporter" in terms  # not report


@pytest.mark.parametrize(("text", "number"), [("im 35 can i apply", "35"), ("my grandma is 72", "72"), ("40살인데 돼?", "40"), ("20대 비율", "20")])
def test_a_persons_age_is_a_unit_of_its_own(text, number):
    assert "age" in numbers.units(text)[number]


def test_households_counted_are_no_age():
    assert numbers.units("1,200세대") == {"1200": {"count"}}


def test_an_age_the_question_gives_is_a_condition_not_a_value_to_state():
    assert _folder("flu", 8).match("my grandma is 72 when can she go").entry == "senior-schedule"  # it states 65, 70, 75


def test_a_real_word_one_edit_from_a_short_lexicon_word_is_no_typo():
    terms, _ = _folder("flu", 4).reading("how long for antibodies to form")
    assert "forum" not in terms


def test_part_of_a_name_reaches_the_entry_that_speaks_of_the_name():
    # 은하구민체육센터 is one name, made of words a question may say alone (its sports centre); the
    # admissions answer names the ministry of education only by its name.
    assert Analyser(load_faq(Path(__file__).parent / "folders" / "jobfair").aliases).name_parts["sportscenter"] >= {"sport", "centre"}
    assert _folder("admissions", 4).match("where did the ministry announce this?").entry == "announce-place"


def test_an_answer_counting_things_answers_how_many_however_its_questions_ask():
    # last-year-damage's first phrasings ask how bad it was; its answer counts 37채 and 14척.
    assert "how_many" in korean.answered_intents("주택 37채가 잠기고 어선 14척이 부서졌습니다")
    assert _folder("typhoon", 4).match("how many houses flooded last yr").entry == "last-year-damage"


def test_about_so_many_is_a_count_of_them():
    # drill-participants's answer: 주민 500여 명 (about 500 residents); its phrasings ask who takes part.
    assert numbers.units(numbers.normalise("주민 500여 명과 2억여 원"))["500"] == {"count"}
    assert _folder("typhoon", 4).match("훈련 몇명 참가").entry == "drill-participants"


def test_an_address_is_read_whole_before_the_names_inside_it():
    words = Analyser({"saebyeok": ("=saebyeok", "새벽일보")}).words("기자 jiwoo.han@saebyeok.example")
    assert [w.term for w in words if w.content] == ["reporter", "contact"]


@pytest.mark.parametrize("question", ["which city is this about", "어느 도시 얘기야"])
def test_which_place_the_story_is_about_is_the_headlines_entry_when_no_entry_is_asked_so(question):
    match = _folder("scooters", 4).match(question)
    assert (match.entry, match.reason) == ("headline", "answered: which place the story is about, its headline's entry")


def test_possible_asks_yes_or_no_and_names_no_subject():
    assert "가능" not in {w.term for w in Analyser({}).words("초음파 검사 가능?") if w.content}
    assert _folder("clinicbus", 4).match("초음파 검사 가능?").entry == "equipment"


@pytest.mark.parametrize("question", ["2019.11.25에열렸어?", "입력2019.11.25", "버전1.2.3이야?", "에4.2.52", "1조2.552.54일@년2"])
def test_numbers_with_several_dots_glued_to_words_are_read_not_raised_on(matcher, question):
    assert matcher.match(question).reason  # a verdict, with its reason, never an exception


def test_a_dotted_date_glued_to_a_word_is_a_date():
    assert [w.term for w in Analyser({}).words("입력2019.11.25") if w.role is Role.NUMBER] == ["2019", "11", "25"]


@pytest.mark.parametrize("question", ["이거 무슨 기사야?", "whats this article about"])
def test_what_the_article_is_about_is_the_headlines_entry(question):
    match = _folder("eyecheck", 4).match(question)  # as close to the outlet's entry as to the headline's
    assert (match.entry, match.reason) == ("headline", "answered: what the story is about, its headline's entry")


def test_an_article_asked_with_no_question_word_is_not_asked_what_it_is_about():
    # 기사언제나왔어: the analyser reads 언제나 (always) in it; it does not ask what the story is about.
    assert "what the story is about" not in _folder("laundry", 4).match("기사언제나왔어").reason


def test_booking_tickets_is_applying_and_a_floor_area_is_in_square_metres():
    terms = lambda text: {w.term for w in Analyser({}).words(text) if w.content}
    assert terms("어디서 예매함") == {"apply"} and "square-metre" in terms("부지 면적 얼마나 돼요")
    assert _folder("camping", 4).match("부지 면적 얼마나 돼요").entry == "camp-area"


def test_a_dictionary_slip_in_an_inflection_does_not_change_the_stem():
    # mecab-ko-dic gives 막다's stem as 박: every night (3박) and Mr Park (박 과장) read as closing.
    terms = lambda text: [w.term for w in Analyser({}).words(text) if w.content]
    assert terms("3박") == ["3", "박"] and terms("도로를 막아") == ["traffic", "close"]


def test_the_name_of_something_is_answered_only_by_an_answer_giving_a_name():
    # The doctors' entry counts the paediatricians; the article names none of them.
    match = _folder("emergency", 4).match("소아과 의사들 이름 알려줘")
    assert (match.entry, match.reason) == (None, "named: the question asks a name, and doctors gives none in its answer")
    assert _folder("jobfair", 4).match("기자 이름 뭐야").entry == "reporter"  # the byline's name is a name


def test_a_number_checked_yes_or_no_weighs_less_than_what_it_counts():
    # 24 is another entry's number (24 hours); the question checks the count of smoking zones.
    assert _folder("smoking", 4).match("are there 24 smoking zones?").entry == "zones-by-district"


def test_a_person_of_the_article_checked_in_another_part_without_a_check_word_is_corrected():
    # 김도현 is the marathon's city official; 기자가 김도현이에요? asks yes or no without 맞아.
    assert _folder("marathon", 4).match("기자가 김도현이에요?").entry == "reporter"


def test_an_entry_is_asked_which_city_only_by_a_phrasing_asking_it():
    # textiles' budget-funding has "city" in a phrasing (how much does the city pay), not "which city".
    assert _folder("textiles", 4).match("어느 도시 얘기야").entry == "headline"


def test_power_length_and_weight_are_kinds_of_value_of_their_own():
    assert numbers.units("최대 3kW, 10km, 2톤") == {"3": {"power"}, "10": {"length"}, "2": {"weight"}}
    # solar's generation entry states 5kW; a date checked (march 5) is no wrong value of it.
    assert _folder("solar", 4).match("is this from march 5?").entry != "generation"


@pytest.mark.parametrize("question", ["1" * 5000, "9" * 400 + "억원", "회의 " * 2000 + "언제"])
def test_a_pasted_run_of_digits_or_a_very_long_question_gets_a_verdict(matcher, question):
    assert matcher.match(question).reason


def test_one_before_a_rates_unit_is_per_not_a_value():
    numbers_of = lambda text: [w.term for w in Analyser({}).words(text) if w.role is Role.NUMBER]
    assert numbers_of("1년에 10억 아끼는거야?") == ["1000000000"] and numbers_of("1월 1일에") == ["1", "1"]
    assert _folder("streetlights", 4).match("전기료 절감액 1년에").entry == "money-saving"


def test_a_korean_city_in_latin_letters_is_no_typo_of_a_word_the_faq_writes():
    # The FAQ writes seul (in lee seul-gi), one letter from seoul; seoul is a place, checked as one.
    match = Matcher(with_phrasings(load_faq(), 2)).match("was the meeting in seoul or busan")
    assert match.entry == "meeting-place"


def test_a_person_checked_yes_or_no_weighs_as_a_value_that_may_be_wrong():
    # 김하늘 is the bride quoted in the article; the writer is the reporter, whose entry corrects it.
    assert _folder("weddings", 4).match("is the writer kim haneul?").entry == "reporter"


def test_a_surname_alone_is_the_one_person_of_the_folder_who_bears_it():
    weddings = load_faq(Path(__file__).parent / "folders" / "weddings")  # kim haneul, lee seojun, park jeongmi
    persons = lambda text: [w.term for w in Analyser(weddings.aliases).words(text) if w.role is Role.PERSON]
    assert persons("when did kim get married") == ["kimhaneul"]
    assert persons("what did lee say") == ["leeseojun"]
    assert persons("when did kim get married") != persons("when did jung get married")


def test_a_two_syllable_word_is_respelt_only_for_a_slip_of_typing():
    assert {"예산", "침대"} <= set(korean.confusable_spellings("예싼")) | set(korean.confusable_spellings("침데"))
    floornoise = _folder("floornoise", 4)
    assert floornoise.match("예싼 얼마").entry == "budget"  # ㅅ typed with shift


@pytest.mark.parametrize(("text", "concept"), [("how much is the city chipping in", "budget"), ("did the minister show up", "attend"),
                                               ("how many cafes signed on", "attend")])
def test_a_phrasal_verb_is_read_as_what_it_means(text, concept):
    assert concept in {w.term for w in Analyser({}).words(text)}


@pytest.mark.parametrize(("text", "concept"), [("tl;dr pls", "summary"), ("pub date?", "publish"), ("does signup start at 10am", "apply")])
def test_chat_words_for_the_article_and_applying(text, concept):
    assert concept in {w.term for w in Analyser({}).words(text)}


def test_chats_eoke_is_how_and_how_it_becomes_is_what_happens():
    assert [w.term for w in Analyser({}).words("어케 신청해") if w.role.name == "QUESTION"] == ["how"]
    assert [w.term for w in Analyser({}).words("늦게 반납하면 어떻게 돼") if w.role.name == "QUESTION"] == ["what"]
    assert _folder("umbrellas", 4).match("어케 빌려요").entry == "how-borrow"
    assert _folder("toollibrary", 4).match("늦게 반납하면 어떻게돼").entry == "late-fee"


def test_a_bare_number_above_a_days_is_no_wrong_value_of_a_date():
    # budgetvote's proposal-period states 1 to 31 July: 214 submissions are no wrong value of the 31st
    assert _folder("budgetvote", 4).match("were there 214 submissions?").entry != "proposal-period"


def test_a_value_checked_is_answered_by_the_entry_stating_one_nearer_though_a_little_behind():
    # callbells: expansion (120 more) scores a little above bell-count (540 bells)
    assert _folder("callbells", 4).match("비상벨 450대지?").entry == "bell-count"


def test_of_two_entries_stating_one_sentences_value_either_answers_a_check():
    # rent's budget and budget-source both give the 36억 of one sentence: a yes-or-no check is answered
    assert _folder("rent", 4).match("예산이 36억원인가요?").entry in {"budget", "budget-source"}


@pytest.mark.parametrize(("text", "term"), [("how mny beds", "how_many"), ("avg cost", english.stem("average")),
                                            ("what docs do i need", english.stem("documents")), ("can i get this for my apt", english.stem("apartment"))])
def test_chat_shorthand_is_the_word_it_stands_for(text, term):
    assert term in {w.term for w in english.words(text)}


@pytest.mark.parametrize(("text", "term"), [("어느 도에서 하는거야", "where"), ("which village gets it", "where"), ("which division runs it", "ministry")])
def test_a_province_or_village_asked_is_a_place_and_a_division_a_department(text, term):
    assert term in {w.term for w in Analyser({}).words(text)}


def test_how_early_asks_when():
    assert [w.term for w in Analyser({}).words("how early do i book") if w.role.name == "QUESTION"] == ["when"]


def test_every_form_of_get_says_nothing_as_get_does():
    assert not [w for w in Analyser({}).words("who gets it, who is getting it, who got it") if w.content]


def test_chats_yeo_for_yo_is_an_ending():
    assert [w.term for w in Analyser({}).words("한달 요금 얼마에여") if w.content] == ["month"]
    assert "500" in {w.term for w in Analyser({}).words("500여 명")}


@pytest.mark.parametrize(("text", "day"), [("토욜도 해?", "weekend"), ("월욜에 가도돼?", "monday"), ("open on mon?", "monday"), ("금욜 밤", "friday")])
def test_a_weekday_in_chat_shorthand_is_that_day(text, day):
    assert day in {w.term for w in Analyser({}).words(text)}


def test_a_vowel_key_beside_the_one_meant_is_a_slip():
    # ㅏ for ㅣ, ㅕ for ㅓ: keys side by side, or one above the other, on the two-set keyboard
    assert "검진" in korean.confusable_spellings("검잔") and "신청" in korean.confusable_spellings("신쳥")
    assert _folder("dementia", 4).match("신쳥 언제부터").entry == "apply-when"


def test_a_part_checked_that_no_entry_speaks_of_weighs_as_a_value_that_may_be_wrong():
    # The quote is a division head's; no entry speaks of a governor, so the one quoting corrects it.
    assert _folder("clinicbus", 4).match("was the quote from the governor?").entry == "official-quote"
    assert Analyser({}).names_a_part("mayor") and not Analyser({}).names_a_part("budget")


@pytest.mark.parametrize(("text", "read"), [("사망자 절반 넘어?", "사망자 50% 넘어?"), ("is the city paying half the cost?", "is the city paying 50% the cost?"),
                                            ("price for the first half hour?", "price for the first 30 minutes?"), ("half price", "half price")])
def test_half_is_a_share_of_fifty_percent_and_half_an_hour_thirty_minutes(text, read):
    assert numbers.normalise(text) == read


def test_half_checked_is_corrected_by_the_share_the_article_states():
    assert _folder("speedcams", 4).match("사망자 절반 넘어?").entry == "deaths-share"  # 56%


def test_what_happens_asks_what_follows_not_when_it_takes_place():
    assert "hold" not in {w.term for w in Analyser({}).words("what happens if two graders disagree?")}
    assert "hold" in {w.term for w in Analyser({}).words("when does it happen")}


def test_how_many_people_counts_persons_as_myeong_does():
    # The visitors' entry counts 명 (in Korean) and says visitors, not people (in English).
    assert _folder("festival", 4).match("how many ppl came last year").entry == "visitors"


def test_an_answer_naming_a_person_answers_who_however_its_phrasings_ask():
    # The merchants' entry is asked what they fear; its answer names their association's head.
    assert _folder("cruise", 4).match("who heads the market traders association").entry == "merchants-concern"


def test_floors_are_counted_things_an_answer_stating_them_answers_how_many():
    assert "how_many" in korean.answered_intents(numbers.normalise("지상 3층 규모로 지어집니다"))
    assert _folder("airport", 4).match("출국장 몇층이야").entry == "terminal"


@pytest.mark.parametrize("text", ["인적 교류를 위해 연수를 연다", "비용 때문에 미뤘다", "협의체의 목적은 협력 강화다"])
def test_an_answer_saying_what_for_answers_why(text):
    assert "why" in korean.answered_intents(text)


def test_of_two_entries_answering_who_the_one_asked_who_is_meant():
    # official is asked who spoke; official-quote is asked what was said, and its answer names him too.
    assert _folder("textiles", 4).match("박지현 직책이 뭐야").entry == "official"


def test_the_headlines_entry_answers_of_the_story_not_of_a_fact_its_headline_names():
    clinicbus = _folder("clinicbus", 8)
    assert clinicbus.match("what is the clinic bus called").entry == "what-is-it"  # not the headline's entry
    assert clinicbus.match("기사 제목 뭐야").entry == "headline"
