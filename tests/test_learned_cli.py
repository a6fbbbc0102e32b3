"""Back to the files: `learned [--yaml]` merged into a copy of the FAQ, `check` after the merge,
`eval --learned`, `stats`; every command run as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from faqkit import SHIPPED_FAQ, run_bot

from bot.answers import answer_for
from bot.faq import load_faq
from bot.learning import learned_yaml, with_learned
from bot.matcher import Matcher
from bot.phrasings import Phrasings
from bot.store import Store

ADMIN = 900
# Questions the shipped FAQ does not answer, each learned under the entry an admin picked.
TAUGHT = [
    ("meeting-place", "what's the deal with the busan thing", "en"),
    ("pis-fund-size", "돈 얼마나 들어", "ko"),
    ("meeting-occasion", "busan summit lineup", "en"),
]
VARIANTS = ["whats the deal w/ the busan thing?", "돈은 얼마나 들어요", "the busan summit lineup"]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    store = Store(tmp_path / "data")
    for entry, text, lang in TAUGHT:
        Phrasings(store).learn(entry, text, lang, "private", "unanswered", ADMIN)
    store.close()
    return tmp_path / "data"


def env(data_dir: Path) -> dict[str, str]:
    return {"BOT_DATA_DIR": str(data_dir)}


def merged_copy(tmp_path: Path, patch: str) -> Path:
    """The shipped FAQ copied, with the patch's questions added to their entries, as a curator would."""
    folder = tmp_path / "faq"
    shutil.copytree(SHIPPED_FAQ, folder)
    entries = yaml.safe_load((folder / "faq.yaml").read_text(encoding="utf-8"))
    by_id = {entry["id"]: entry for entry in entries}
    for addition in yaml.safe_load(patch):
        for lang, questions in addition["questions"].items():
            by_id[addition["id"]]["questions"][lang].extend(questions)
    (folder / "faq.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_learned_lists_each_phrasing_with_its_provenance(data_dir):
    result = run_bot("learned", env=env(data_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(TAUGHT)
    assert lines[0].startswith("meeting-place\ten\twhat's the deal with the busan thing\t(asked in private, from unanswered, approved ")


def test_the_yaml_export_merged_into_a_copy_of_the_faq_passes_check_and_answers_the_same_way(data_dir, tmp_path):
    patch = run_bot("learned", "--yaml", env=env(data_dir))
    assert patch.returncode == 0, patch.stderr
    assert "- id: meeting-place\n  questions:\n    en:\n      - what's the deal with the busan thing\n" in patch.stdout, "faq.yaml's own format"
    folder = merged_copy(tmp_path, patch.stdout)

    check = run_bot("--faq", str(folder), "check", env=env(data_dir))
    assert check.returncode == 0, check.stderr
    for entry, text, _ in TAUGHT:
        assert f"the learned phrasing {text!r} of '{entry}' is in the file now" in check.stderr
    before = run_bot("check", env=env(data_dir))
    assert "is in the file now" not in before.stderr, "not before the merge"

    questions = [text for _, text, _ in TAUGHT] + VARIANTS
    asked = run_bot("--faq", str(folder), "ask", "--json", "-", stdin="\n".join(questions) + "\n")
    from_files = [json.loads(line)["entry"] for line in asked.stdout.splitlines()]
    served = with_learned(load_faq(), [_Taught(*t) for t in TAUGHT])  # what the bot answers from, before the merge
    matcher = Matcher(served)
    from_bot = [answer_for(q, served, matcher).entry.id for q in questions]
    assert from_files == from_bot == [entry for entry, _, _ in TAUGHT] * 2


def test_eval_with_learned_shows_the_accuracy_bought(data_dir, tmp_path):
    questions = tmp_path / "taught.tsv"
    questions.write_text("".join(f"{entry}\tin\t{text}\n" for (entry, _, _), text in zip(TAUGHT, VARIANTS)), encoding="utf-8")
    result = run_bot("eval", str(questions), "--learned", env=env(data_dir))
    assert result.returncode == 0, result.stderr
    rows = {line[:26].strip(): line[26:].split() for line in result.stdout.splitlines() if line.startswith("project")}
    assert rows["project matcher"][0] == "0.0%" and rows["project + 3 learned"][0] == "100.0%"
    suite = run_bot("eval", "--learned", env=env(data_dir))
    assert suite.returncode == 2 and suite.stderr.count("\n") == 1 and "needs a question set" in suite.stderr


def test_stats_counts_the_phrasings_learned_this_week(data_dir):
    result = run_bot("stats", env=env(data_dir))
    assert "phrasings learned 7 days: 3" in result.stdout


def test_learned_without_a_store_is_one_line(tmp_path):
    result = run_bot("learned", "--yaml", env={"BOT_DATA_DIR": str(tmp_path / "none")})
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "no store yet" in result.stderr


class _Taught:
    def __init__(self, entry: str, text: str, lang: str) -> None:
        self.entry, self.text, self.lang = entry, text, lang


def test_with_several_folders_the_yaml_says_which_file_each_part_goes_into():
    patch = learned_yaml([_Taught("followup/budget", "how much now", "en"), _Taught("faq/meeting-place", "busan thing?", "en"), _Taught("faq/meeting-place", "부산 그거", "ko")])
    assert patch.split("\n", 1)[1] == (
        "# --- faq/faq.yaml\n- id: meeting-place\n  questions:\n    ko:\n      - 부산 그거\n    en:\n      - busan thing?\n"
        "# --- followup/faq.yaml\n- id: budget\n  questions:\n    en:\n      - how much now\n"
    )


def test_a_learned_phrasing_the_files_hold_or_whose_entry_is_gone_is_left_out():
    faq = load_faq()
    held = faq.entries["overview"].first_question("en")  # a curator merged it, under another entry than it was learned for
    served = with_learned(faq, [_Taught("meeting-place", held, "en"), _Taught("no-such-entry", "what's the deal with the busan thing", "en")])
    assert served == faq, "one wording stays under one entry; an entry removed from the files takes its phrasings along"


def test_phrasings_learned_with_one_folder_served_find_their_entries_when_several_are_and_back():
    one, several = load_faq(), load_faq([SHIPPED_FAQ, SHIPPED_FAQ.parent / "tests" / "kb" / "followup"])
    text = "what's the deal with the busan thing"
    assert Matcher(with_learned(several, [_Taught("meeting-place", text, "en")])).match(text).entry == "faq/meeting-place"
    assert Matcher(with_learned(one, [_Taught("faq/meeting-place", text, "en")])).match(text).entry == "meeting-place"
    assert with_learned(several, [_Taught("followup/meeting-place", text, "en")]) == several, "a folder without that entry: left out, never guessed"


def test_the_shell_unanswered_keeps_none_of_these_and_leaves_out_what_was_ignored_or_taught(data_dir):
    from test_store import abstained

    store = Store(data_dir)
    for text in ("is there parking", "is it raining", TAUGHT[0][1]):
        store.record_question(abstained(text), "private", 4242)
    Phrasings(store).judge("is there parking", "none", ADMIN)
    Phrasings(store).judge("is it raining", "ignore", ADMIN)
    store.close()
    result = run_bot("unanswered", env=env(data_dir))
    assert result.returncode == 0, result.stderr
    assert "is there parking" in result.stdout
    assert "is it raining" not in result.stdout and TAUGHT[0][1] not in result.stdout
