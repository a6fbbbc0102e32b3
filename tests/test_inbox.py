"""Nothing acknowledged is lost: the real `python -m bot run` killed, stopped and faulted mid-burst.

Every question is queued at the stand-in first, which, like Telegram, delivers again whatever a
getUpdates has not confirmed. After each scenario every user must have exactly one answer.
"""

from __future__ import annotations

import signal
import time
import sqlite3
from pathlib import Path

from botproc import TOKEN, running_bot
from standin import BotAPIStandIn

from bot.store import DB_FILE

QUESTIONS = ["What is K-SCON?", "Where was the meeting held?", "K-SCON이 뭐야?", "how do I renew my passport"]
FAST = {"BOT_SENDS_PER_SECOND": "1000"}  # the stand-in has no flood limits; keep the bursts quick


def queue_questions(api: BotAPIStandIn, users: range) -> None:
    for user in users:
        api.send_text(user, QUESTIONS[user % len(QUESTIONS)], user_id=user)


def answers_per_user(api: BotAPIStandIn, users: range) -> dict[int, int]:
    counts = dict.fromkeys(users, 0)
    for message in api.bot_messages():
        if message["chat"]["id"] in counts:
            counts[message["chat"]["id"]] += 1
    return counts


def answered(api: BotAPIStandIn, users: range) -> int:
    return sum(1 for n in answers_per_user(api, users).values() if n)


def inbox_done(data_dir: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{data_dir / DB_FILE}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return -1
    try:
        return conn.execute("SELECT COUNT(*) FROM inbox WHERE done IS NOT NULL").fetchone()[0]
    except sqlite3.OperationalError:
        return -1
    finally:
        conn.close()


def assert_each_answered_once(api: BotAPIStandIn, users: range) -> None:
    counts = answers_per_user(api, users)
    lost = [user for user, n in counts.items() if n == 0]
    repeated = [user for user, n in counts.items() if n > 1]
    assert not lost and not repeated, f"{len(lost)} never answered, {len(repeated)} answered twice"


def test_kill_9_at_several_points_of_a_burst_loses_and_repeats_nothing(tmp_path):
    """Killed with a batch kept but unanswered, then a third and two thirds of the way through."""
    data_dir = tmp_path / "data"
    users = range(20_000, 20_300)
    with BotAPIStandIn(TOKEN) as api:
        queue_questions(api, users)
        for point in (0, 100, 200):
            if point == 0:
                api.inject("sendMessage", "stall", count=10_000)
            with running_bot(api=api, data_dir=data_dir, **FAST) as bot:
                api.wait_for(lambda: answered(api, users) >= point, timeout=30, what=f"{point} answers")
                api.inject("sendMessage", "stall", count=10_000)
                # The moment to kill: sends are held (not performed), and every answer Telegram did
                # take is marked done. Between a send and its mark a kill repeats that answer; that
                # window is the documented exception, not what this test measures.
                api.wait_for(
                    lambda: any(c["fault"] == "stall" for c in api.calls("sendMessage")) and inbox_done(data_dir) >= answered(api, users),
                    timeout=30,
                    what="held sends and an inbox caught up with the answers",
                )
                bot.process.send_signal(signal.SIGKILL)
                assert bot.process.wait(10) == -signal.SIGKILL
            api.settle_connections()
            api.clear_faults()
            assert answered(api, users) < len(users), "killed mid-burst"
        with running_bot(api=api, data_dir=data_dir, **FAST) as bot:
            api.wait_for(lambda: answered(api, users) == len(users), timeout=60, what="every question answered")
            assert bot.stop() == 0
        assert_each_answered_once(api, users)


def stop_mid_burst(api: BotAPIStandIn, data_dir: Path, users: range, signals: list[int]) -> float:
    """Start the bot at Telegram's own pace on a queued burst, signal it once answers flow; the
    seconds from the first signal to its exit (which must be 0)."""
    with running_bot(api=api, data_dir=data_dir) as bot:
        api.wait_for(lambda: answered(api, users) >= 10, timeout=30, what="the first answers")
        started = time.monotonic()
        for n, sig in enumerate(signals):
            if n:
                time.sleep(0.3)  # a supervisor's or an impatient operator's second signal
            bot.process.send_signal(sig)
        code = bot.stop(timeout=20)
        took = time.monotonic() - started
        assert code == 0, bot.output
        assert "Traceback" not in bot.output and "Task was destroyed" not in bot.output, bot.output
    return took


def test_sigterm_with_1000_queued_exits_within_8_s_and_the_rest_is_answered_after_restart(tmp_path):
    data_dir = tmp_path / "data"
    users = range(30_000, 31_000)
    with BotAPIStandIn(TOKEN) as api:
        queue_questions(api, users)
        took = stop_mid_burst(api, data_dir, users, [signal.SIGTERM])
        assert took < 8, f"exit took {took:.1f}s"
        assert answered(api, users) < len(users) - 500, "most of the burst was still queued at the stop"
        with running_bot(api=api, data_dir=data_dir, **FAST) as bot:
            api.wait_for(lambda: answered(api, users) == len(users), timeout=60, what="every question answered")
            assert bot.stop() == 0
        assert_each_answered_once(api, users)
    print(f"SIGTERM with {len(users)} queued: exit 0 after {took:.1f}s; after restart 0 lost, 0 repeated")


def test_a_second_signal_cuts_the_grace_short_and_loses_nothing(tmp_path):
    data_dir = tmp_path / "data"
    users = range(32_000, 32_300)
    with BotAPIStandIn(TOKEN) as api:
        queue_questions(api, users)
        took = stop_mid_burst(api, data_dir, users, [signal.SIGINT, signal.SIGTERM])
        with running_bot(api=api, data_dir=data_dir, **FAST) as bot:
            api.wait_for(lambda: answered(api, users) == len(users), timeout=60, what="every question answered")
            assert bot.stop() == 0
        assert_each_answered_once(api, users)
    print(f"SIGINT then SIGTERM: exit 0 after {took:.1f}s; after restart 0 lost, 0 repeated")


def inbox_pending(data_dir: Path) -> int:
    conn = sqlite3.connect(f"file:{data_dir / DB_FILE}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM inbox WHERE done IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_429s_longer_than_a_few_tries_are_waited_out_with_the_answer_kept_in_the_inbox():
    with running_bot() as bot:
        bot.api.inject("sendMessage", "429", count=7, retry_after=1)  # the old limiter gave up after 5
        bot.api.send_text(40_001, "What is K-SCON?", user_id=40_001)
        bot.api.wait_for(lambda: len(bot.api.calls("sendMessage")) >= 3, timeout=15, what="the third 429")
        assert inbox_pending(bot.data_dir) == 1, "the unanswered question is in the inbox meanwhile"
        [reply] = bot.api.wait_for_messages(40_001, 1, timeout=30)
        assert "K-SCON" in reply["text"]
        bot.api.wait_for(lambda: inbox_pending(bot.data_dir) == 0, what="the update marked done")
        assert bot.stop() == 0
        assert "py.warnings" not in bot.output and "Traceback" not in bot.output


def test_one_chats_429_delays_no_other_user_nor_inline_answers_and_a_stop_keeps_it_in_the_inbox(tmp_path):
    data_dir = tmp_path / "data"
    busy, others = 40_100, range(40_101, 40_106)
    with BotAPIStandIn(TOKEN) as api:
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.inject("sendMessage", "429", count=1, retry_after=30)
            api.send_text(busy, "What is K-SCON?", user_id=busy)
            api.wait_for(lambda: any(c["fault"] == "429" for c in api.calls("sendMessage")), what="the busy chat's 429")
            for user in others:
                api.send_text(user, "Where was the meeting held?", user_id=user)
            api.send_inline_query(40_106, "K-SCON")
            api.wait_for(lambda: all(api.bot_messages(u) for u in others), what="the other users' answers")
            api.wait_for(lambda: api.calls("answerInlineQuery"), what="the inline answer")
            assert not api.bot_messages(busy), "the busy chat still waits out its 30 s"
            started = time.monotonic()
            assert bot.stop() == 0
            took = time.monotonic() - started
        assert took < 8, f"a stop waited {took:.1f}s on a 429"
        assert inbox_pending(data_dir) == 1, "the undelivered answer stays in the inbox"
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.wait_for_messages(busy, 1)
            assert bot.stop() == 0
        assert_each_answered_once(api, range(busy, busy + 6))


def test_a_database_deleted_under_the_running_bot_stops_it_with_one_line_and_a_restart_recovers(tmp_path):
    data_dir = tmp_path / "data"
    with BotAPIStandIn(TOKEN) as api:
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.send_text(41_000, "What is K-SCON?", user_id=41_000)
            api.wait_for_messages(41_000, 1)
            for path in data_dir.glob(DB_FILE + "*"):
                path.unlink()
            code = bot.process.wait(timeout=15)
            output = bot.output
        assert code == 1, output
        last = output.strip().splitlines()[-1]
        assert last.startswith("error: ") and "deleted or replaced" in last, output
        assert "Traceback" not in output
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.send_text(41_001, "What is K-SCON?", user_id=41_001)
            api.wait_for_messages(41_001, 1)
            assert bot.stop() == 0
        assert (data_dir / DB_FILE).is_file(), "the restart made a new store"


def test_a_group_that_becomes_a_supergroup_gets_its_answer_and_stays_approved(tmp_path):
    data_dir = tmp_path / "data"
    old, new, member = -4_000, -1_000_000_004_000, 42_000
    with BotAPIStandIn(TOKEN) as api:
        api.send_text(old, "/ask What is K-SCON?", user_id=member, chat_type="group")
        api.migrate_group(old, new, user_id=member)  # after the question, before its answer
        with running_bot(api=api, data_dir=data_dir, BOT_ALLOWED_CHATS=str(old)) as bot:
            [answer] = api.wait_for_messages(new, 1)
            assert "K-SCON" in answer["text"], "the answer re-sent to the supergroup"
            api.send_text(new, "/ask Where was the meeting held?", user_id=member, chat_type="supergroup")
            api.wait_for_messages(new, 2)
            assert bot.stop() == 0
            output = bot.output
        assert f"put {new} in BOT_ALLOWED_CHATS in place of {old}" in output
        with running_bot(api=api, data_dir=data_dir, BOT_ALLOWED_CHATS=str(old)) as bot:
            api.send_text(new, "/ask Where was the meeting held?", user_id=member + 1, chat_type="supergroup")
            api.wait_for_messages(new, 3)
            assert bot.stop() == 0
        assert not api.calls("leaveChat"), "the supergroup stays approved, across a restart too"
        assert len(api.bot_messages(new)) == 3


def test_a_stop_during_an_outage_takes_seconds_and_loses_nothing(tmp_path):
    """Telegram stops answering (sends and polls hang): SIGTERM still ends the bot within the grace."""
    data_dir = tmp_path / "data"
    users = range(43_000, 43_005)
    with BotAPIStandIn(TOKEN) as api:
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.inject("sendMessage", "stall", count=10_000)
            api.inject("getUpdates", "stall", count=10_000)
            queue_questions(api, users)
            api.wait_for(lambda: any(c["fault"] == "stall" for c in api.calls("sendMessage")), what="a send hanging")
            started = time.monotonic()
            assert bot.stop() == 0
            took = time.monotonic() - started
            assert "Traceback" not in bot.output
        assert took < 8, f"the stop took {took:.1f}s"
        print(f"SIGTERM during an outage: exit 0 after {took:.1f}s")
        api.settle_connections()
        api.clear_faults()
        with running_bot(api=api, data_dir=data_dir) as bot:
            api.wait_for(lambda: answered(api, users) == len(users), what="every question answered")
            assert bot.stop() == 0
        assert_each_answered_once(api, users)


def test_an_inline_query_behind_a_burst_of_messages_is_answered_at_once(tmp_path):
    """Telegram delivers in order: the query comes after 400 questions that take ~13 s to answer at
    30 a second. Fetching must not wait for them, nor the inline answer for a turn."""
    users = range(44_000, 44_400)
    with BotAPIStandIn(TOKEN) as api:
        queue_questions(api, users)
        api.send_inline_query(44_999, "What is K-SCON?")
        with running_bot(api=api, data_dir=tmp_path / "data") as bot:
            api.wait_for(lambda: api.calls("answerInlineQuery"), timeout=20, what="the inline answer")
            answered_before = answered(api, users)
            assert bot.stop() == 0
    assert answered_before < 150, f"the inline answer waited behind {answered_before} messages"
    print(f"inline query behind 400 questions: answered after {answered_before} of them")
