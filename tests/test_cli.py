"""The command line as a user runs it: `python -m bot ask|list`, with --faq and BOT_FAQ_DIR.

Every test starts the real process. Most questions go through one `ask --json -` stream over the
small FAQ of faqkit (whose answers the tests know); the shipped FAQ is only asked what the article
itself fixes (the meeting was held in 부산; KBS, 2019-11-25).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from faqkit import ENTRY_IDS, FAQ_YAML, ROOT, article_sentences, edit, run_bot, write_faq

CONTRACT_KEYS = {"question", "answered", "lang", "entry", "answer", "score", "sources", "suggestions", "earlier"}
ATTRIBUTION = "KBS, 2019-11-25"
HANGUL = re.compile("[가-힣]")
SENTENCES = article_sentences()
ENTRIES = {raw["id"]: raw for raw in yaml.safe_load(FAQ_YAML)}  # the small FAQ, as the tests read it

# An exact phrasing of an entry of the small FAQ: any matcher must answer it.
ASKED = "Where was the ministerial meeting held?"

# (kind, line as bytes, expected entry). Every junk line is followed by ASKED, which must still be answered.
STREAM: list[tuple[str, bytes, str | None]] = [
    ("question", ASKED.encode(), "meeting-place"),
    ("question", "K-SCON 언제 시작해?".encode(), "kscon-when"),
    ("junk", b"", None),
    ("question", ASKED.encode(), "meeting-place"),
    ("junk", b" \t   ", None),
    ("question", ASKED.encode(), "meeting-place"),
    # 10,000 characters, made of a question the FAQ does answer: too long to be one question.
    ("junk", ((ASKED + " ") * 300)[:10_000].encode(), None),
    ("question", ASKED.encode(), "meeting-place"),
    ("junk", b"\x00\x01\x07\x08\x1b[2J\x7f\x0b\x0c", None),
    ("question", ASKED.encode(), "meeting-place"),
    ("junk", "😀🎉👍🏽".encode(), None),
    ("question", ASKED.encode(), "meeting-place"),
    ("junk", b"\xff\xfe\xc3(\x80\xed\xa0\x80", None),  # invalid UTF-8, an encoded surrogate among it
    ("question", ASKED.encode(), "meeting-place"),
    ("off-topic", "파리 날씨 어때?".encode(), None),
    ("off-topic", b"What is the weather in Paris tomorrow?", None),
    ("mixed", "Where is 부산?".encode(), "?"),
    ("jamo", "ㅋㅋㅋ".encode(), "?"),
    ("question", b"When does K-SCON start?\r", "kscon-when"),  # a Windows line end
    ("question", "이 기사 무슨 내용이야?".encode(), "overview"),  # the last line has no newline
]


@pytest.fixture(scope="module")
def small_faq(tmp_path_factory) -> Path:
    return write_faq(tmp_path_factory.mktemp("small") / "faq")


@pytest.fixture(scope="module")
def stream(small_faq) -> list[tuple[str, bytes, str | None, dict]]:
    """STREAM sent through one `ask --json -`; each item with the object answered for it."""
    result = run_bot("ask", "--json", "-", "--faq", str(small_faq), stdin=b"\n".join(line for _, line, _ in STREAM))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.endswith("\n")
    lines = result.stdout[:-1].split("\n")  # JSON Lines: only \n ends a line
    assert len(lines) == len(STREAM), f"{len(STREAM)} questions in, {len(lines)} lines out"
    return [(kind, line, entry, json.loads(out)) for (kind, line, entry), out in zip(STREAM, lines)]


def listed_questions(lang: str) -> dict[str, list[str]]:
    return {entry_id: raw["questions"][lang] for entry_id, raw in ENTRIES.items()}


# ------------------------------------------------------------------ ask --json -: the stream


def test_stream_gives_one_object_per_line_in_order(stream):
    for kind, line, _, obj in stream:
        if kind != "junk":
            assert obj["question"] == line.decode().rstrip("\r"), "answers must come back in the order asked"


def test_stream_objects_have_exactly_the_contract_keys_and_types(stream):
    for _, _, _, obj in stream:
        assert set(obj) == CONTRACT_KEYS
        assert isinstance(obj["question"], str)
        assert isinstance(obj["answered"], bool)
        assert obj["lang"] in ("ko", "en")
        assert obj["entry"] is None or obj["entry"] in ENTRY_IDS
        assert obj["answered"] == (obj["entry"] is not None)
        assert isinstance(obj["answer"], str) and obj["answer"].strip()
        assert isinstance(obj["score"], float) and 0.0 <= obj["score"] <= 1.0
        assert isinstance(obj["sources"], list) and isinstance(obj["suggestions"], list)
        for source in obj["sources"]:
            assert set(source) == {"id", "text", "article", "outlet", "published"}
            assert (source["article"], source["outlet"], source["published"]) == ("faq", "KBS", "2019-11-25 11:02 KST")
        assert obj["earlier"] is None  # one article: nothing was said earlier
        for suggestion in obj["suggestions"]:
            assert set(suggestion) == {"entry", "question"}


def test_junk_lines_are_not_answered_and_do_not_stop_the_stream(stream):
    junk = [i for i, (kind, *_) in enumerate(stream) if kind == "junk"]
    assert len(junk) == 6
    for i in junk:
        obj = stream[i][3]
        assert obj["answered"] is False and obj["entry"] is None and obj["sources"] == [], obj
        after = stream[i + 1][3]
        assert after["answered"] is True and after["entry"] == "meeting-place", "the line after junk must still be answered"


def test_answered_question_gets_its_entry_answer_in_its_language_with_verbatim_quotes(stream):
    for kind, line, expected, obj in stream:
        if kind != "question":
            continue
        lang = "ko" if HANGUL.search(line.decode()) else "en"
        assert obj["answered"] is True and obj["entry"] == expected, obj
        assert obj["lang"] == lang
        assert obj["answer"] == ENTRIES[expected]["answer"][lang].strip()
        assert [s["id"] for s in obj["sources"]] == ENTRIES[expected]["sources"]
        for source in obj["sources"]:
            assert source["text"] == SENTENCES[source["id"]], "a quote must be verbatim from faq/article.yaml"


def test_answer_language_follows_hangul_in_the_question(stream):
    for kind, line, _, obj in stream:
        if kind == "jamo":
            continue  # see test_jamo_only_question_is_answered_in_korean
        question = obj["question"]
        assert obj["lang"] == ("ko" if HANGUL.search(question) else "en"), question
        if not obj["answered"]:
            # The notice is in that language too.
            assert bool(HANGUL.search(obj["answer"])) == (obj["lang"] == "ko"), obj


def test_jamo_only_question_is_answered_in_korean(stream):
    (obj,) = [obj for kind, _, _, obj in stream if kind == "jamo"]
    assert obj["lang"] == "ko", obj


def test_unanswered_question_says_so_and_suggests_questions_it_can_answer(stream):
    answers = {raw["answer"][lang].strip() for raw in ENTRIES.values() for lang in ("ko", "en")}
    unanswered = [obj for _, _, _, obj in stream if not obj["answered"]]
    assert len(unanswered) >= 8
    for obj in unanswered:
        assert obj["answer"] not in answers, "an unanswered question must not get an entry's answer"
        assert 1 <= len(obj["suggestions"]) <= 5, obj
        questions = listed_questions(obj["lang"])
        for suggestion in obj["suggestions"]:
            assert suggestion["question"] in questions[suggestion["entry"]], suggestion


# ------------------------------------------------------------------ ask: text output


def test_ask_prints_the_answer_then_the_verbatim_source_sentence_and_attribution():
    result = run_bot("ask", "장관회의는 어디서 열렸어?")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    quotes = re.findall(r"“(.+?)”", result.stdout)
    assert quotes, result.stdout
    assert HANGUL.search(lines[0]) and "“" not in lines[0], "the answer comes first, in Korean"
    assert all(quote in SENTENCES.values() for quote in quotes), "quotes must be verbatim from faq/article.yaml"
    assert any("부산" in quote for quote in quotes), "the meeting was held in 부산 (s2)"
    last_quote = max(i for i, line in enumerate(lines) if "“" in line)
    assert any(ATTRIBUTION in line for line in lines[last_quote + 1 :]), result.stdout


def test_ask_without_a_match_says_so_and_lists_questions_it_can_answer(small_faq):
    result = run_bot("ask", "What is the weather in Paris tomorrow?", "--faq", str(small_faq))
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert "“" not in result.stdout and ATTRIBUTION not in result.stdout, "nothing is quoted for a non-answer"
    answers = {raw["answer"]["en"] for raw in ENTRIES.values()}
    assert lines and lines[0] not in answers
    english = {q for qs in listed_questions("en").values() for q in qs}
    offered = [line for line in lines[1:] if any(line.endswith(q) for q in english)]
    assert 1 <= len(offered) <= 5, result.stdout


@pytest.mark.parametrize(("question", "greeting"), [("안녕하세요!", "안녕하세요! 저는"), ("good morning all", "Hello! I am a bot")])
def test_a_greeting_is_greeted_back_with_what_the_bot_answers(small_faq, question, greeting):
    result = run_bot("ask", question, "--faq", str(small_faq))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(greeting), result.stdout  # not "the article does not say"
    assert len([line for line in result.stdout.splitlines() if line.strip().startswith("•")]) >= 1


def test_shipped_faq_answers_where_the_meeting_was_held_with_the_busan_sentence():
    result = run_bot("ask", "--json", "-", stdin="장관회의 어디서 열렸어?\nWhere was the meeting held?\n")
    assert result.returncode == 0, result.stderr
    korean, english = (json.loads(line) for line in result.stdout.splitlines())
    assert (korean["lang"], english["lang"]) == ("ko", "en")
    for obj in (korean, english):
        assert obj["answered"] is True, obj
        assert all(s["text"] == SENTENCES[s["id"]] for s in obj["sources"])
        assert any("부산" in s["text"] for s in obj["sources"]), obj
    assert korean["entry"] == english["entry"]


def test_asking_what_the_article_does_not_give_is_an_abstention_offering_the_entry():
    result = run_bot("ask", "--json", "-", stdin="K-SCON 선정 기준이 뭐야?\nwhat are the kscon selection criteria?\n")
    assert result.returncode == 0, result.stderr
    for obj in map(json.loads, result.stdout.splitlines()):
        assert obj["answered"] is False and obj["sources"] == [], obj
        assert obj["suggestions"][0]["entry"] == "kscon-selection", obj


# ------------------------------------------------------------------ list --json


def test_list_json_gives_one_object_per_entry(small_faq):
    result = run_bot("list", "--json", "--faq", str(small_faq))
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [obj["id"] for obj in objects] == list(ENTRY_IDS)
    for obj in objects:
        raw = ENTRIES[obj["id"]]
        assert set(obj) == {"id", "questions", "answer", "sources"}
        assert obj["questions"] == raw["questions"]["ko"] + raw["questions"]["en"]
        assert obj["answer"] == {"ko": raw["answer"]["ko"], "en": raw["answer"]["en"]}
        assert [{"id": s["id"], "text": s["text"]} for s in obj["sources"]] == [{"id": sid, "text": SENTENCES[sid]} for sid in raw["sources"]]
        assert {(s["article"], s["outlet"]) for s in obj["sources"]} == {("faq", "KBS")}


def test_every_quote_of_the_shipped_faq_is_verbatim_from_the_article():
    result = run_bot("list", "--json")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert objects
    assert len({obj["id"] for obj in objects}) == len(objects)
    for obj in objects:
        assert obj["sources"], obj["id"]
        for source in obj["sources"]:
            assert source["text"] == SENTENCES[source["id"]], (obj["id"], source["id"])
        assert obj["answer"]["ko"].strip() and obj["answer"]["en"].strip()
        assert any(HANGUL.search(q) for q in obj["questions"]) and any(not HANGUL.search(q) for q in obj["questions"])


# ------------------------------------------------------------------ choosing the FAQ folder


def test_bot_faq_dir_points_commands_at_another_folder(small_faq, tmp_path):
    result = run_bot("list", "--json", cwd=tmp_path, env={"BOT_FAQ_DIR": str(small_faq)})
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == list(ENTRY_IDS)


def test_faq_option_points_commands_at_another_folder_over_bot_faq_dir(small_faq, tmp_path):
    env = {"BOT_FAQ_DIR": str(tmp_path / "not-there")}
    result = run_bot("ask", "--json", "--faq", str(small_faq), "When does K-SCON start?", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entry"] == "kscon-when"


def test_faq_option_before_the_command_is_honoured(small_faq, tmp_path):
    result = run_bot("--faq", str(small_faq), "list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == list(ENTRY_IDS)


@pytest.mark.parametrize("command", [["ask", "K-SCON이 뭐야?"], ["ask", "--json", "-"], ["list", "--json"]])
def test_commands_refuse_a_broken_faq_with_one_line_errors(tmp_path, command):
    broken = write_faq(tmp_path / "faq", edit(FAQ_YAML, "sources: [s5]", "sources: [s12]"))
    result = run_bot(*command, "--faq", str(broken), stdin="K-SCON이 뭐야?\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") and "faq.yaml" in line for line in lines), lines


# ------------------------------------------------------------------ the installed package


def _can_build_without_network() -> bool:
    """setuptools < 70.1 builds wheels only with the `wheel` package at hand."""
    import setuptools

    version = tuple(int(part) for part in re.findall(r"\d+", setuptools.__version__)[:2])
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


def test_installed_package_finds_the_shipped_faq_from_another_directory(tmp_path):
    if not _can_build_without_network():
        pytest.skip("this venv cannot build a wheel offline: setuptools < 70.1 and no `wheel` package (pip install wheel)")
    # Build from a copy, so pip's in-tree build leaves nothing in the work tree and nothing of it is reachable later.
    source, target = tmp_path / "src", tmp_path / "site"
    top_level_skip = {".git", ".venv", ".ci", "build", "dist", "tests", "data", ".pytest_cache"}
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda folder, names: [
            n for n in names
            if n == "__pycache__" or n.endswith(".egg-info") or (Path(folder) == ROOT and n in top_level_skip)
        ],
    )
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir",
         "--disable-pip-version-check", "--quiet", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    if pip.returncode != 0:
        raise RuntimeError(f"pip install failed:\n{pip.stdout}\n{pip.stderr}")  # not the bug this test expects
    shutil.rmtree(source)

    result = run_bot(
        "ask", "--json", "-",
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        stdin="장관회의 어디서 열렸어?\nWhere was the meeting held?\n",
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2
    for obj in objects:
        assert obj["answered"] is True, obj
        assert any("부산" in s["text"] for s in obj["sources"]), obj
