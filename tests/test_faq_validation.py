"""FAQ validation: load_faq() and `python -m bot check` refuse a broken FAQ folder.

Each rule is shown with a small FAQ made in tmp_path that breaks exactly one thing. A refusal is
checked twice: load_faq() raises FAQError, and `check` prints the same problems, one
`error: …` line each on stderr, exits 1 and never shows a traceback. Each line must name the
file, the line (where one is known), the entry and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faqkit import (
    ALIASES_YAML,
    FAQ_YAML,
    SHIPPED_ARTICLE,
    edit,
    entry_lines,
    line_of,
    run_bot,
    set_field,
    write_faq,
)

from bot.faq import FAQError, load_faq

ARTICLE_YAML = SHIPPED_ARTICLE.read_text(encoding="utf-8")
FIX = " — "  # every message puts its fix after a dash: "... — do this"


def refusal(folder: Path) -> list[str]:
    """Assert the folder is refused the same way by load_faq() and by `check`; return the stderr lines."""
    with pytest.raises(FAQError) as raised:
        load_faq(folder)
    problems = raised.value.problems
    assert problems, "FAQError without any problem"
    for problem in problems:
        assert "\n" not in problem, f"a problem must be one line: {problem!r}"
        assert "Traceback" not in problem

    result = run_bot("check", "--faq", str(folder))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert lines == [f"error: {problem}" for problem in problems], "check must report exactly what load_faq() found"
    assert "OK" not in result.stdout
    return lines


def only_problem(folder: Path) -> str:
    lines = refusal(folder)
    assert len(lines) == 1, lines
    return lines[0]


def reported_line(message: str, file: str) -> int:
    found = re.search(rf"{re.escape(file)}:(\d+)", message)
    assert found, f"no {file}:LINE in {message!r}"
    return int(found.group(1))


def numbers_on(summary: str, *words: str) -> list[int]:
    """The numbers on the one summary line that has all these words (the folder's path aside)."""
    matching = [line for line in summary.splitlines() if all(re.search(rf"\b{w}\b", line.lower()) for w in words)]
    assert len(matching) == 1, (words, summary)
    return [int(n) for n in re.findall(r"\d+", matching[0])]


def lines_of(text: str, needle: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line]


def assert_names_entry(message: str, text: str, entry_id: str) -> None:
    """The message names the entry and a line inside it, and ends with a fix."""
    assert f"'{entry_id}'" in message, message
    assert reported_line(message, "faq.yaml") in entry_lines(text, entry_id), message
    assert FIX in message, f"no fix hint in {message!r}"


# ------------------------------------------------------------------ valid folders


def test_minimal_faq_loads_with_every_entry_and_no_warning(tmp_path):
    faq = load_faq(write_faq(tmp_path / "faq"))
    assert list(faq.entries) == ["meeting-place", "kscon-when", "overview"]
    assert faq.warnings == ()  # byline sentences (published, reporter, …) need no citing
    assert faq.entries["kscon-when"].related == ("meeting-place",)


def test_check_prints_entries_phrasings_per_language_and_cited_sentences(tmp_path):
    faq_text = edit(FAQ_YAML, "      - Summarize the article\n", "      - Summarize the article\n      - Give me the gist\n")
    result = run_bot("check", "--faq", str(write_faq(tmp_path / "faq", faq_text)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = result.stdout
    assert 3 in numbers_on(summary, "entries")
    assert 9 in numbers_on(summary, "ko", "phrasings")
    assert 10 in numbers_on(summary, "en", "phrasings")
    assert numbers_on(summary, "cited")[:2] == [12, 12]  # 12 headline and body sentences, all cited
    assert numbers_on(summary, "own entry")[:2] == [19, 19]


# ------------------------------------------------------------------ what check advises


def test_check_warns_about_an_entry_with_fewer_than_three_questions(tmp_path):
    text = edit(FAQ_YAML, "      - kscon launch date\n", "")
    result = run_bot("check", "--faq", str(write_faq(tmp_path / "faq", text)))
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning:") and "'kscon-when'" in warning and "2 en question" in warning and "at least 3" in warning


def test_check_names_a_question_another_entry_answers(tmp_path):
    text = edit(FAQ_YAML, "      - 장관회의 개최지\n", "      - 장관회의 개최지\n      - K-SCON 언제 시작함?\n")
    result = run_bot("check", "--faq", str(write_faq(tmp_path / "faq", text)))
    assert result.returncode == 0
    answered = [line for line in result.stderr.splitlines() if "is answered by" in line]
    assert len(answered) == 1
    assert "'meeting-place'" in answered[0] and "'K-SCON 언제 시작함?'" in answered[0] and "'kscon-when'" in answered[0]
    assert numbers_on(result.stdout, "own entry")[:2] == [18, 19]


def test_check_names_two_entries_whose_questions_read_alike(tmp_path):
    text = edit(FAQ_YAML, "      - gist of the news\n", "      - gist of the news\n      - date of the kscon launch\n")
    result = run_bot("check", "--faq", str(write_faq(tmp_path / "faq", text)))
    alike = [line for line in result.stderr.splitlines() if "reads alike" in line]
    assert len(alike) == 1 and "'kscon-when'" in alike[0] and "'overview'" in alike[0]


def test_shipped_faq_passes_check():
    result = run_bot("check")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    assert re.search(rf"entries\D*{len(load_faq().entries)}\b", result.stdout), result.stdout


def test_aliases_file_is_optional(tmp_path):
    assert len(load_faq(write_faq(tmp_path / "faq", aliases=None)).entries) == 3


# ------------------------------------------------------------------ unreadable files


def test_yaml_syntax_error_is_refused_with_its_line(tmp_path):
    # An unquoted ': ' inside an answer, the mistake faq.yaml's header warns about.
    broken = edit(FAQ_YAML, "    ko: K-SCON은 내년부터 가동됩니다.", "    ko: K-SCON은: 내년부터 가동됩니다.")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert message.startswith("error: ")
    assert reported_line(message, "faq.yaml") == line_of(broken, "K-SCON은: 내년")
    assert FIX in message and "quote" in message


def test_tab_indentation_is_refused_with_its_line(tmp_path):
    broken = edit(FAQ_YAML, "      - 기사 요약해줘", "\t- 기사 요약해줘")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert reported_line(message, "faq.yaml") == line_of(broken, "\t- 기사 요약해줘")
    assert FIX in message


def test_yaml_syntax_error_in_article_is_refused_with_its_line(tmp_path):
    broken = edit(ARTICLE_YAML, 'published: "2019-11-25 11:02 KST"', 'published: "2019-11-25 11:02 KST')
    message = only_problem(write_faq(tmp_path / "faq", article=broken))
    assert "article.yaml:" in message and FIX in message


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n"], ids=["empty", "whitespace", "comments-only"])
def test_empty_faq_file_is_refused(tmp_path, content):
    message = only_problem(write_faq(tmp_path / "faq", content))
    assert "faq.yaml" in message and FIX in message


def test_empty_article_file_is_refused(tmp_path):
    message = only_problem(write_faq(tmp_path / "faq", article=""))
    assert "article.yaml" in message and FIX in message


def test_non_utf8_faq_is_refused_at_the_line_of_the_bad_byte(tmp_path):
    broken = FAQ_YAML.encode("utf-8").replace("Busan".encode(), "Büsan".encode("latin-1"))
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert reported_line(message, "faq.yaml") == line_of(FAQ_YAML, "held in Busan")
    assert "UTF-8" in message and FIX in message


def test_utf16_faq_is_refused_as_not_utf8(tmp_path):
    message = only_problem(write_faq(tmp_path / "faq", FAQ_YAML.encode("utf-16")))
    assert "faq.yaml" in message and "UTF-8" in message


def test_non_utf8_article_is_refused(tmp_path):
    broken = ARTICLE_YAML.encode("utf-8").replace("연합뉴스]".encode(), "연합뉴스]".encode("euc-kr"))
    message = only_problem(write_faq(tmp_path / "faq", article=broken))
    assert reported_line(message, "article.yaml") == line_of(ARTICLE_YAML, "[사진 출처 : 연합뉴스]")
    assert "UTF-8" in message


@pytest.mark.parametrize("missing", ["faq.yaml", "article.yaml"])
def test_missing_file_is_refused(tmp_path, missing):
    folder = write_faq(tmp_path / "faq")
    (folder / missing).unlink()
    message = only_problem(folder)
    assert missing in message and FIX in message


def test_missing_faq_folder_is_refused(tmp_path):
    message = only_problem(tmp_path / "no-such-folder")
    assert "no-such-folder" in message and FIX in message


def test_control_character_in_faq_is_refused_on_one_line_with_its_line(tmp_path):
    broken = edit(FAQ_YAML, "held in Busan.", "held in Busan.\x07")
    folder = write_faq(tmp_path / "faq", broken)
    with pytest.raises(FAQError) as raised:
        load_faq(folder)
    (problem,) = raised.value.problems
    assert "\n" not in problem, problem
    assert reported_line(problem, "faq.yaml") == line_of(broken, "\x07")


# ------------------------------------------------------------------ the shape of the files


def test_faq_that_is_not_a_list_of_entries_is_refused(tmp_path):
    message = only_problem(write_faq(tmp_path / "faq", "id: meeting-place\nsources: [s2]\n"))
    assert "faq.yaml" in message and "- id:" in message


def test_faq_with_no_entries_is_refused(tmp_path):
    message = only_problem(write_faq(tmp_path / "faq", "[]\n"))
    assert "faq.yaml" in message and FIX in message


@pytest.mark.parametrize("field", ["outlet", "published", "sentences"])
def test_article_missing_field_is_refused(tmp_path, field):
    lines = ARTICLE_YAML.splitlines(keepends=True)
    if field == "sentences":
        start = line_of(ARTICLE_YAML, "sentences:") - 1
        kept = lines[:start]
    else:
        kept = [line for line in lines if not line.startswith(f"{field}:")]
    message = only_problem(write_faq(tmp_path / "faq", article="".join(kept)))
    assert "article.yaml" in message and f"'{field}'" in message and FIX in message


def test_duplicate_sentence_id_in_article_is_refused(tmp_path):
    broken = edit(ARTICLE_YAML, "  - id: s11\n", "  - id: s10\n")
    # s11 no longer exists, so the minimal FAQ must not cite it.
    faq_text = edit(FAQ_YAML, "s10, s11]", "s10]")
    message = only_problem(write_faq(tmp_path / "faq", faq_text, article=broken))
    assert "article.yaml" in message and "'s10'" in message and FIX in message
    assert reported_line(message, "article.yaml") == lines_of(broken, "- id: s10")[1]


@pytest.mark.parametrize("field", ["questions", "answer", "sources"])
def test_entry_missing_field_is_refused(tmp_path, field):
    broken = set_field(FAQ_YAML, "overview", field, None)
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "overview")
    assert f"'{field}'" in message


def test_entry_without_id_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "- id: overview\n  questions:", "- questions:")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert reported_line(message, "faq.yaml") == line_of(broken, "- questions:")
    assert "#3" in message and "'id'" in message and FIX in message


@pytest.mark.parametrize("bad_id", ["Overview", "over view", "über", "42x_"])
def test_malformed_entry_id_is_refused(tmp_path, bad_id):
    broken = edit(FAQ_YAML, "- id: overview", f"- id: {bad_id}")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert reported_line(message, "faq.yaml") == line_of(broken, f"- id: {bad_id}")
    assert "'id'" in message and FIX in message


def test_misspelt_field_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "  sources: [headline,", "  source: [headline,")
    lines = refusal(write_faq(tmp_path / "faq", broken))
    assert any("'source'" in line and "sources" in line for line in lines), lines
    for line in lines:
        assert_names_entry(line, broken, "overview")


@pytest.mark.parametrize("field", ["questions", "answer"])
def test_empty_questions_or_answer_mapping_is_refused(tmp_path, field):
    broken = set_field(FAQ_YAML, "overview", field, "{}")
    lines = refusal(write_faq(tmp_path / "faq", broken))
    assert len(lines) == 2, "one line per missing language"
    for message, lang in zip(lines, ("ko", "en")):
        assert_names_entry(message, broken, "overview")
        assert f"'{lang}'" in message and field.rstrip("s") in message


# ------------------------------------------------------------------ references between entries and the article


def test_duplicate_entry_id_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "- id: overview", "- id: kscon-when")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    first, second = lines_of(broken, "- id: kscon-when")
    assert "'kscon-when'" in message and FIX in message
    assert reported_line(message, "faq.yaml") == second  # the second use is the one to rename
    location = f"faq.yaml:{second}"
    after_location = message[message.index(location) + len(location) :]
    assert re.search(rf"\b{first}\b", after_location), "the message points at the first use too"


def test_unknown_source_id_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "sources: [s5]", "sources: [s12]")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "kscon-when")
    assert "'s12'" in message
    assert "s5" in message[message.index(FIX) :]  # the fix lists the ids that do exist


def test_unknown_related_id_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "related: [meeting-place]", "related: [meeting-venue]")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "kscon-when")
    assert "'meeting-venue'" in message


def test_entry_related_to_itself_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "related: [meeting-place]", "related: [kscon-when]")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "kscon-when")


def test_defect_in_one_entry_is_not_reported_again_by_entries_relating_to_it(tmp_path):
    broken = edit(FAQ_YAML, "    en: K-SCON starts next year (2020).\n", "")
    lines = refusal(write_faq(tmp_path / "faq", broken))
    assert len(lines) == 1, lines


# ------------------------------------------------------------------ phrasings


@pytest.mark.parametrize(
    "variant",
    [
        "When does K-SCON start?",  # the same text
        "when does k-scon start?",  # case
        "When  does K-SCON start",  # spaces, punctuation
        "WHEN DOES KSCON START!!",  # case, punctuation inside a word
        "Ｗｈｅｎ does K-SCON start？",  # full-width letters
        "케이스콘은언제부터가동돼",  # Korean without spaces
        "케이스콘은 언제부터 가동돼?!",  # Korean, punctuation
    ],
)
def test_duplicate_phrasing_across_entries_is_refused(tmp_path, variant):
    # Added to overview's list of the variant's own language.
    last = "      - 기사 요약해줘\n" if re.search("[가-힣]", variant) else "      - Summarize the article\n"
    broken = edit(FAQ_YAML, last, f"{last}      - {variant}\n")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "overview")
    assert "'kscon-when'" in message  # the entry that already has it
    assert str(line_of(broken, "- id: kscon-when")) in message


def test_duplicate_phrasing_within_one_entry_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "      - Summarize the article\n", "      - Summarize the article\n      - summarize the article!\n")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "overview")


def test_phrasing_without_letters_or_digits_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "      - Summarize the article\n", "      - Summarize the article\n      - '?!'\n")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "overview")


# ------------------------------------------------------------------ answers


@pytest.mark.parametrize("how", ["removed", "blank"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_answer_missing_in_one_language_is_refused(tmp_path, lang, how):
    old = {"ko": "    ko: 우리나라와 아세안 10개국이 스마트시티 장관급 협의체를 구축합니다.\n",
           "en": "    en: Korea and the 10 ASEAN countries are setting up a ministerial body on smart cities.\n"}[lang]
    broken = edit(FAQ_YAML, old, "" if how == "removed" else f'    {lang}: "  "\n')
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert_names_entry(message, broken, "overview")
    assert f"'{lang}'" in message


@pytest.mark.parametrize(
    "old, new",
    [
        ("K-SCON은 내년부터", "K-SCON은 2020년부터"),  # a year the cited sentence (s5) does not give
        ("아세안 10개국이", "아세안 11개국이"),  # a count the cited sentence (s1) does not give
        ("장관회의는 부산에서", "장관회의는 5일 부산에서"),  # s2 says 25일: a digit of a number is not that number
        ("10개국이", "5개국이"),  # s8 says 4개국 and 1조5천억: the 5 of an amount is not a count of 5
    ],
)
def test_number_in_korean_answer_not_stated_by_its_sources_is_refused(tmp_path, old, new):
    broken = edit(FAQ_YAML, old, new)
    message = only_problem(write_faq(tmp_path / "faq", broken))
    entry = {"K": "kscon-when", "아": "overview", "1": "overview", "장": "meeting-place"}[old[0]]
    assert_names_entry(message, broken, entry)
    number = re.search(r"\d+", new).group()
    assert number in message


def test_numbers_stated_by_the_sources_or_only_in_english_answers_are_accepted(tmp_path):
    # overview's Korean answer says 10 (s1 states it); kscon-when's English answer says 2020 (nothing
    # cites 2020, but only Korean answers are checked); this adds 3천억 from s8.
    text = edit(FAQ_YAML, "장관급 협의체를 구축합니다.", "장관급 협의체를 구축합니다. 3천억 원 내외를 투자합니다.")
    assert load_faq(write_faq(tmp_path / "faq", text)).entries["overview"].answer["ko"].endswith("투자합니다.")


@pytest.mark.parametrize(
    "written",
    ["3000억 원", "3천억 원", "0.3조 원", "2019년 11월 25일", "2019.11.25"],
)
def test_numbers_are_compared_as_values_however_written(tmp_path, written):
    # s8 states 3천억 원; the byline line `published` states 2019.11.25.
    text = edit(FAQ_YAML, "장관급 협의체를 구축합니다.", f"장관급 협의체를 구축합니다. {written}.")
    text = edit(text, "[headline, s1, s3,", "[headline, published, s1, s3,")
    assert load_faq(write_faq(tmp_path / "faq", text)).entries["overview"].answer["ko"].endswith(f"{written}.")


# ------------------------------------------------------------------ the uncited-sentence warning


def test_uncited_article_sentence_is_a_warning_not_an_error(tmp_path):
    text = edit(FAQ_YAML, "[headline, s1, s3", "[s1, s3")
    folder = write_faq(tmp_path / "faq", text)
    faq = load_faq(folder)
    assert len(faq.warnings) == 1 and "'headline'" in faq.warnings[0]

    result = run_bot("check", "--faq", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning:") and "article.yaml" in warning and "'headline'" in warning
    assert FIX in warning
    assert numbers_on(result.stdout, "cited")[:2] == [11, 12]


# ------------------------------------------------------------------ aliases and several problems at once


def test_alias_that_is_not_a_list_is_refused(tmp_path):
    message = only_problem(write_faq(tmp_path / "faq", aliases="kscon: k-scon\n"))
    assert "aliases.yaml:1" in message and "'kscon'" in message
    assert "kscon: [" in message  # the fix: an example of the right form


def test_bad_alias_is_refused_at_its_own_line(tmp_path):
    aliases = "# spellings\n" + ALIASES_YAML + "depa: 디파\n"
    message = only_problem(write_faq(tmp_path / "faq", aliases=aliases))
    assert reported_line(message, "aliases.yaml") == line_of(aliases, "depa:")


def test_a_spelling_under_two_terms_is_refused(tmp_path):
    aliases = ALIASES_YAML + "venue: [Busan, 개최지]\n"
    message = only_problem(write_faq(tmp_path / "faq", aliases=aliases))
    assert reported_line(message, "aliases.yaml") == line_of(aliases, "venue:")
    assert "'Busan'" in message and "'busan'" in message and "'venue'" in message


def test_unsaid_must_be_a_list_of_words(tmp_path):
    broken = edit(FAQ_YAML, "  related: [meeting-place]\n", "  related: [meeting-place]\n  unsaid: budget\n")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert "'kscon-when'" in message and "'unsaid'" in message and "unsaid: [" in message


def test_an_unsaid_word_the_entry_also_asks_is_refused(tmp_path):
    broken = edit(FAQ_YAML, "  related: [meeting-place]\n", "  related: [meeting-place]\n  unsaid: [launched, 예산]\n")
    message = only_problem(write_faq(tmp_path / "faq", broken))
    assert "'kscon-when'" in message and "'launched'" in message and "When will K-SCON be launched?" in message


def test_every_problem_is_reported_each_on_its_own_line(tmp_path):
    broken = edit(FAQ_YAML, "sources: [s5]", "sources: [s99]")
    broken = edit(broken, "    en: Korea and the 10 ASEAN countries are setting up a ministerial body on smart cities.\n", "")
    lines = refusal(write_faq(tmp_path / "faq", broken))
    assert len(lines) == 2, lines
    assert any("'kscon-when'" in line and "'s99'" in line for line in lines)
    assert any("'overview'" in line and "'en'" in line for line in lines)
