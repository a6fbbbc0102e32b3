"""Several articles served together: each answer from its own article, dated and attributed.

The knowledge base is the shipped FAQ (KBS, 2019-11-25) and tests/kb/followup, a follow-up article
written for these tests (가상경제신문, 2020-06-15) whose kscon-launch entry supersedes kscon-when.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from faqkit import ROOT, SHIPPED_FAQ, run_bot

from bot.analysis import Analyser
from bot.answers import answer_for
from bot.faq import FAQError, load_faq
from bot.matcher import Matcher
from bot.replies import answer_html, sources_html, start_html

FOLLOWUP = ROOT / "tests" / "kb" / "followup"
KBS = ("faq", "KBS", "2019-11-25 11:02 KST")
FOLLOWUP_ARTICLE = ("followup", "가상경제신문", "2020-06-15 10:00 KST")


@pytest.fixture(scope="module")
def both():
    faq = load_faq([SHIPPED_FAQ, FOLLOWUP])
    return faq, Matcher(faq)


def ask_json(*questions: str, env: dict[str, str] | None = None, faq_args: tuple[str, ...] = ("--faq", "faq", "--faq", "tests/kb/followup")) -> list[dict]:
    result = run_bot(*faq_args, "ask", "--json", "-", stdin="".join(q + "\n" for q in questions), env=env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def attributions(obj: dict) -> list[tuple[str, str, str]]:
    return [(s["article"], s["outlet"], s["published"]) for s in obj["sources"]]


def test_each_quote_is_attributed_to_its_own_article():
    first, newer, across = ask_json("PIS 펀드 규모가 얼마야?", "How were the K-SCON countries chosen?", "K-SCON 계획 처음 어디서 발표했어?")
    assert first["entry"] == "faq/pis-fund-size" and set(attributions(first)) == {KBS}
    assert newer["entry"] == "followup/kscon-chosen" and set(attributions(newer)) == {FOLLOWUP_ARTICLE}
    # kscon-origin cites its own s2 and the first article's s5 (as faq/s5): two articles, two attributions.
    assert across["entry"] == "followup/kscon-origin"
    assert [(s["id"], s["article"]) for s in across["sources"]] == [("s2", "followup"), ("s5", "faq")]
    assert attributions(across) == [FOLLOWUP_ARTICLE, KBS]


def test_a_superseding_entry_answers_and_the_older_one_is_offered_as_earlier(both):
    faq, matcher = both
    # Worded as the older entry has it (내년, next year): it matches that one best, and is superseded.
    for obj in ask_json("K-SCON 내년부터 가동해?", "kscon starts next year?"):
        assert obj["entry"] == "followup/kscon-launch"
        assert obj["earlier"]["entry"] == "faq/kscon-when"
    html = answer_html(answer_for("When does K-SCON start?", faq, matcher), faq)
    assert "2020-06-15" in html and "Earlier (KBS, 2019-11-25)" in html
    assert faq.entries["faq/kscon-when"].answer["en"] in html  # what was said then, with its date


def test_without_the_superseding_folder_the_older_entry_answers_as_before():
    (obj,) = ask_json("K-SCON 언제부터 시작해?", faq_args=())
    assert obj["entry"] == "kscon-when" and obj["earlier"] is None  # one folder: ids as written


def test_bot_faq_dir_takes_folders_separated_by_colons():
    result = run_bot("sources", "--json", env={"BOT_FAQ_DIR": f"{SHIPPED_FAQ}:{FOLLOWUP}"})
    assert result.returncode == 0, result.stderr
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["article"], a["outlet"], a["entries"]) for a in listed] == [("followup", "가상경제신문", 5), ("faq", "KBS", 46)]
    assert listed[0]["url"] == "https://example.com/news/kscon-launch" and listed[0]["title"] == "K-SCON 공식 출범"


def test_sources_and_start_say_how_many_articles_and_the_latest(both):
    faq, _ = both
    listing = sources_html(faq, "en")
    assert listing.index("가상경제신문") < listing.index("KBS")  # newest first
    assert '<a href="https://example.com/news/kscon-launch">' in listing
    assert "2 news articles" in start_html(faq, "en") and "2020-06-15" in start_html(faq, "en")


def test_an_english_answer_shows_the_curated_translation_under_the_verbatim_quote(both):
    faq, matcher = both
    sentence = faq.articles["followup"].sentences["s3"]
    english = answer_html(answer_for("How were the K-SCON countries chosen?", faq, matcher), faq)
    assert f"<blockquote>{sentence.text}</blockquote>\n<i>Translation: {html.escape(sentence.translation)}</i>" in english
    korean = answer_html(answer_for("K-SCON 지원 대상 어떻게 골랐어?", faq, matcher), faq)
    assert sentence.text in korean and sentence.translation not in korean


def test_the_attribution_links_the_article(both):
    faq, matcher = both
    html = answer_html(answer_for("When did K-SCON launch?", faq, matcher), faq)
    assert '<i>— <a href="https://example.com/news/kscon-launch">가상경제신문, 2020-06-15</a></i>' in html


def test_a_source_in_a_folder_not_served_is_refused():
    result = run_bot("--faq", str(FOLLOWUP), "check")
    assert result.returncode == 1
    assert "faq/s5" in result.stderr and "--faq" in result.stderr and "Traceback" not in result.stderr


def test_two_folders_of_one_name_are_refused(tmp_path):
    copy = shutil.copytree(FOLLOWUP, tmp_path / "faq")
    with pytest.raises(FAQError, match="two folders share this name"):
        load_faq([SHIPPED_FAQ, copy])


# ---------------------------------------------------------------- what a curator can trust


def test_the_outlet_can_be_cited_as_a_source(tmp_path):
    folder = shutil.copytree(FOLLOWUP, tmp_path / "followup")
    text = (folder / "faq.yaml").read_text(encoding="utf-8").replace("  sources: [s5]", "  sources: [s5, outlet]")
    (folder / "faq.yaml").write_text(text, encoding="utf-8")
    faq = load_faq([SHIPPED_FAQ, folder])
    cited = [s.text for s in faq.source_sentences(faq.entries["followup/official-remark"])]
    assert cited[-1] == "가상경제신문"


@pytest.mark.parametrize("name", ["K-SCON", "k_scon", "케이스콘", "kscon two"])
def test_an_alias_name_that_breaks_the_rule_is_refused(tmp_path, name):
    folder = shutil.copytree(FOLLOWUP, tmp_path / "followup")
    (folder / "aliases.yaml").write_text(f'"{name}": [케이 스콘]\n', encoding="utf-8")
    with pytest.raises(FAQError, match="one word of lower-case Latin letters or digits") as error:
        load_faq([SHIPPED_FAQ, folder])
    assert "aliases.yaml:1" in str(error.value)


def test_a_whole_word_spelling_matches_only_as_a_whole_word_and_in_its_case():
    analyser = Analyser({"oman": ("=오만", "=Oman"), "usa": ("=US", "united states")})

    def terms(text: str) -> list[str]:
        return [w.term for w in analyser.words(text) if w.content]

    assert "oman" in terms("오만에 센터 생겨?") and "oman" in terms("Is Oman in it?")
    assert "oman" not in terms("오만원 내야 돼?")  # 50,000 won, not Oman
    assert "usa" in terms("Does the US support it?") and "usa" not in terms("tell us more")


def test_one_folder_alone_keeps_its_ids_and_its_answers():
    alone = load_faq(SHIPPED_FAQ)
    assert "kscon-when" in alone.entries and list(alone.articles) == ["faq"] and alone.folders == (Path(SHIPPED_FAQ),)


# ---------------------------------------------------------------- add-article

PASTED = ROOT / "tests" / "kb" / "pasted_page.txt"  # a page as a browser copies it: body twice, site chrome around


def test_add_article_keeps_the_story_once_verbatim_and_lists_what_it_left_out(tmp_path):
    folder = tmp_path / "library"
    result = run_bot("add-article", str(PASTED), "--into", str(folder), "--outlet", "가상뉴스", "--published", "2024-03-04 09:15 KST",
                     "--url", "https://example.com/library")
    assert result.returncode == 0, result.stderr
    article = load_article_yaml(folder)
    assert article["outlet"] == "가상뉴스" and article["url"] == "https://example.com/library"
    texts = {s["id"]: s["text"] for s in article["sentences"]}
    assert texts["headline"] == "가상시, 시립도서관 야간 개관 확대…평일 밤 10시까지"
    assert texts["s1"] == "가상시는 다음 달 1일부터 시립도서관 5곳의 평일 운영 시간을 밤 10시까지 늘린다고 4일 밝혔다."
    assert texts["s2"] == "이번 조치에 드는 예산은 2억 4천만 원이다."  # two sentences on one line, split
    assert list(texts) == ["headline", "published", "updated", "s1", "s2", "s3", "s4", "photo", "reporter"]
    assert {s["id"] for s in article["sentences"] if s.get("byline")} == {"published", "updated", "photo", "reporter"}
    page = PASTED.read_text(encoding="utf-8")
    assert all(text in page for text in texts.values())  # nothing reworded
    for left_out in ("[page text] ■ 제보하기", "[page text] 좋아요", "[repeated] 야간 개관에는 사서 12명이 새로 배치된다.",
                     "[repeated] 입력 2024-03-04 09:15:00", "[not a sentence] 도서관 운영"):
        assert left_out in result.stdout


def test_an_added_article_serves_once_its_first_entry_is_written(tmp_path):
    folder = tmp_path / "library"
    assert run_bot("add-article", str(PASTED), "--into", str(folder), "--outlet", "가상뉴스", "--published", "2024-03-04 09:15 KST").returncode == 0
    starter = (folder / "faq.yaml").read_text(encoding="utf-8")
    assert starter.count("# - id: ") == 5 and "#   sources: [s2]" in starter  # one commented entry per sentence
    entry = (
        "- id: budget\n  questions:\n    ko: [\"도서관 야간 개관 예산 얼마야?\", 야간 개관 예산, \"예산 규모는?\"]\n"
        "    en: [\"How much does the late opening cost?\", library budget, \"late opening budget?\"]\n"
        "  answer:\n    ko: 야간 개관 예산은 2억 4천만 원입니다.\n    en: The late opening costs 240 million won.\n  sources: [s2]\n"
    )
    (folder / "faq.yaml").write_text(starter + entry, encoding="utf-8")
    assert run_bot("--faq", str(folder), "check").returncode == 0
    (answer,) = ask_json("도서관 야간 개관 예산은?", faq_args=("--faq", str(folder)))
    assert answer["entry"] == "budget" and answer["sources"][0]["outlet"] == "가상뉴스"


def test_add_article_refuses_to_overwrite_a_folder(tmp_path):
    result = run_bot("add-article", str(PASTED), "--into", str(tmp_path), "--outlet", "x", "--published", "2024-03-04")
    assert result.returncode == 2 and "already exists" in result.stderr and "Traceback" not in result.stderr


def load_article_yaml(folder: Path) -> dict:
    import yaml

    return yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- through Telegram


def test_the_running_bot_serves_two_articles_each_quote_attributed(tmp_path):
    from botproc import running_bot
    from test_bot_e2e import ask, buttons

    with running_bot(BOT_FAQ_DIR=f"{SHIPPED_FAQ}:{FOLLOWUP}") as bot:
        listing = ask(bot, 701, "/sources")
        assert listing["text"].index("가상경제신문, 2020-06-15") < listing["text"].index("KBS, 2019-11-25")
        assert any(e["type"] == "text_link" and e["url"] == "https://example.com/news/kscon-launch" for e in listing.get("entities", []))
        answer = ask(bot, 701, "K-SCON 내년부터 가동해?")
        assert answer["text"].startswith("K-SCON은 2020년 6월 15일 공식 출범했습니다.")
        assert "가상경제신문, 2020-06-15" in answer["text"] and "이전 기사(KBS, 2019-11-25)에서는:" in answer["text"]
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(answer))
        assert "2" in ask(bot, 702, "/start")["text"].split("\n")[0]  # 기사 2편
