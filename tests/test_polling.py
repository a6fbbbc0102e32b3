"""Polling that always recovers, or stops at once with the reason: the real `python -m bot run`."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from botproc import ROOT, SECRET, TOKEN, bot_env, running_bot
from standin import BotAPIStandIn


def run_to_exit(api: BotAPIStandIn, tmp_path, timeout: float = 20, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=bot_env(api, tmp_path / "data", **env), capture_output=True, text=True, timeout=timeout
    )


def test_an_update_the_library_cannot_read_is_dropped_with_one_line_and_the_next_is_answered():
    with running_bot() as bot:
        secret_words = "the marmalade question nobody may read"
        bot.api.push_raw(  # a message without its date: python-telegram-bot cannot build it
            {"message": {"message_id": 9, "chat": {"id": 302, "type": "private"}, "from": {"id": 302, "is_bot": False, "first_name": "Ottoline"}, "text": secret_words}})
        polls_before = len(bot.api.calls("getUpdates"))
        bot.api.send_text(303, "What is K-SCON?", user_id=303)
        reply = bot.api.wait_for_messages(303, 1)[-1]
        assert "K-SCON" in reply["text"]
        assert len(bot.api.calls("getUpdates")) - polls_before < 10, "the offset moved past the broken update"
        assert bot.stop() == 0
        output = bot.output
    warnings = [line for line in output.splitlines() if "cannot read it" in line]
    assert len(warnings) == 1, output
    assert "marmalade" not in output and "Ottoline" not in output, "no update content in the log"
    assert "CRITICAL" not in output and "Traceback" not in output


def test_a_token_revoked_mid_run_exits_2_at_once_with_the_token_message():
    with running_bot() as bot:
        bot.api.send_text(310, "What is K-SCON?", user_id=310)
        bot.api.wait_for_messages(310, 1)
        bot.api.token = "7000001:AAnotTheBotsTokenAnyMore_abcdefghijklmnop"  # every call now gets 401
        started = time.monotonic()
        code = bot.process.wait(timeout=15)
        took = time.monotonic() - started
        output = bot.output
    assert code == 2, output
    assert took < 5, f"took {took:.1f}s to notice"
    last = output.strip().splitlines()[-1]
    assert last.startswith("error: Telegram rejected TELEGRAM_BOT_TOKEN"), output
    assert "Traceback" not in output


def test_a_base_url_without_bot_says_it_answers_404(tmp_path):
    with BotAPIStandIn(TOKEN) as api:
        done = run_to_exit(api, tmp_path, TELEGRAM_BASE_URL=api.base_url.removesuffix("bot"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "404 Not Found" in lines[0] and "/bot" in lines[0], done.stderr
    assert "rejected" not in lines[0]
    assert SECRET not in done.stderr


def test_a_stall_limit_shorter_than_a_healthy_poll_is_refused_at_start(tmp_path):
    with BotAPIStandIn(TOKEN) as api:
        done = run_to_exit(api, tmp_path, BOT_POLL_TIMEOUT="30", BOT_STALL_SECONDS="20")
        assert not api.calls(), "refused before talking to Telegram"
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: BOT_STALL_SECONDS=20") and "BOT_POLL_TIMEOUT" in line and "above 35" in line


def test_a_fatal_line_is_json_under_log_format_json(tmp_path):
    with BotAPIStandIn(TOKEN) as api:
        api.token = "7000001:AAsomeOtherBotsToken_abcdefghijklmnopq"
        done = run_to_exit(api, tmp_path, LOG_FORMAT="json")
    assert done.returncode == 2
    events = [json.loads(line) for line in done.stderr.strip().splitlines()]
    assert events[-1]["level"] == "ERROR" and "rejected TELEGRAM_BOT_TOKEN" in events[-1]["message"]
    assert {"time", "level", "logger", "message"} <= set(events[-1])


def test_an_outage_at_start_up_is_one_line_per_retry_then_the_bot_starts():
    with BotAPIStandIn(TOKEN) as api:
        api.inject("getMe", "502", count=2)
        with running_bot(api=api, LOG_FORMAT="json") as bot:
            assert bot.stop() == 0
            output = bot.output
    events = [json.loads(line) for line in output.strip().splitlines()]  # every line JSON
    retries = [e["message"] for e in events if "cannot reach Telegram at start-up" in e["message"]]
    assert len(retries) == 2 and "retry 1 of" in retries[0], output
    assert "Traceback" not in output and not any("error" in e for e in events)
