"""The real bot process against the loopback Bot API stand-in: what users and Telegram see."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from botproc import SECRET, TOKEN, running_bot, wait_until
from standin import BotAPIStandIn

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = {s["id"]: s["text"] for s in yaml.safe_load((ROOT / "faq" / "article.yaml").read_text(encoding="utf-8"))["sentences"]}
GROUP = -1001234567890


@pytest.fixture(scope="module")
def bot():
    """One bot for the behaviours that do not need a fresh process; each test uses its own user."""
    with running_bot(BOT_ADMINS="900") as bot:
        yield bot


def quotes(message: dict) -> list[str]:
    """The texts of a message's blockquotes, as Telegram parsed them."""
    text = message["text"]
    return [text[e["offset"] : e["offset"] + e["length"]] for e in message.get("entities", []) if e["type"] == "blockquote"]


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def ask(bot, chat_id: int, text: str, **sender) -> dict:
    before = len(bot.api.bot_messages(chat_id))
    bot.api.send_text(chat_id, text, user_id=sender.pop("user_id", chat_id if chat_id > 0 else 1), **sender)
    return bot.api.wait_for_messages(chat_id, before + 1)[-1]


# --- private chats ---------------------------------------------------------------------


def test_private_question_is_answered_with_the_verbatim_source_quote(bot):
    reply = ask(bot, 101, "협력센터는 어디에 생기나요?")
    assert "4개국" in reply["text"].split("\n")[0]
    assert quotes(reply) and all(q in ARTICLE.values() for q in quotes(reply))
    assert any("협력센터" in q for q in quotes(reply))
    assert "KBS, 2019-11-25" in reply["text"]
    votes = [b["callback_data"] for b in buttons(reply) if b["text"] in ("👍", "👎")]
    assert len(votes) == 2 and all(len(v.encode()) <= 64 for v in votes)


def test_answer_language_follows_the_question(bot):
    reply = ask(bot, 102, "Where was the ministerial meeting held?")
    assert "Busan" in reply["text"]
    assert any("부산" in q for q in quotes(reply))


def test_question_the_article_does_not_answer_quotes_nothing_and_offers_questions(bot):
    reply = ask(bot, 103, "부산 맛집 추천해줘")
    assert not quotes(reply)
    assert "기사에는" in reply["text"]
    offered = [b for b in buttons(reply) if b["callback_data"].startswith("a|ko|")]
    assert offered, "an abstention offers questions it can answer"


def test_start_shows_what_the_bot_knows_with_example_buttons(bot):
    reply = ask(bot, 104, "/start")
    assert "KBS" in reply["text"] and "2019-11-25" in reply["text"]
    assert len(buttons(reply)) >= 2


def test_help_explains_group_and_inline_use_with_the_bot_name(bot):
    reply = ask(bot, 106, "/help")
    assert "/ask" in reply["text"] and "@kscity_faq_bot" in reply["text"] and "/faq" in reply["text"]


def test_faq_pages_turn_by_editing_the_message(bot):
    reply = ask(bot, 105, "/faq")
    forward = [b for b in buttons(reply) if b["text"] == "▶"]
    assert forward
    bot.api.send_callback(105, 105, forward[0]["callback_data"], message=reply)
    bot.api.wait_for(lambda: bot.api.bot_messages(105)[-1]["text"] != reply["text"], what="the page to turn")
    turned = bot.api.bot_messages(105)[-1]
    assert turned["message_id"] == reply["message_id"]
    assert any(b["text"] == "◀" for b in buttons(turned))


def test_commands_are_registered_in_korean_and_english(bot):
    calls = bot.api.calls("setMyCommands")
    languages = {c["params"].get("language_code") for c in calls}
    assert {None, "ko"} <= languages
    scopes = {c["params"]["scope"]["type"] for c in calls}
    assert {"all_private_chats", "all_group_chats"} <= scopes


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document"])
def test_non_text_messages_get_a_hint_to_ask_in_text(bot, kind):
    chat = 110 + ["sticker", "photo", "voice", "document"].index(kind)
    getattr(bot.api, f"send_{kind}")(chat, user_id=chat)
    reply = bot.api.wait_for_messages(chat, 1)[-1]
    assert "text" in reply["text"].lower() or "텍스트" in reply["text"]


def test_a_photos_caption_is_answered_as_a_question(bot):
    bot.api.send_photo(123, user_id=123, caption="What is K-SCON?")
    reply = bot.api.wait_for_messages(123, 1)[-1]
    assert "K-SCON" in reply["text"] and quotes(reply)


def test_edited_question_is_answered_again(bot):
    first = bot.api.send_text(120, "what is the weather", user_id=120)
    bot.api.wait_for_messages(120, 1)
    bot.api.send_edited_text(first["message"], "What is K-SCON?")
    reply = bot.api.wait_for_messages(120, 2)[-1]
    assert "K-SCON" in reply["text"] and quotes(reply)


def test_very_long_message_is_declined_politely(bot):
    reply = ask(bot, 121, "스마트시티 " * 900)
    assert "too long" in reply["text"] or "너무 깁니다" in reply["text"]
    assert not [c for c in bot.api.calls("sendMessage") if c["status"] == 400]


def test_markup_in_a_question_is_escaped(bot):
    reply = ask(bot, 122, "<b>K-SCON</b> & <i>PIS</i> <script>?")
    assert reply["text"]
    assert not [c for c in bot.api.calls("sendMessage") if c["status"] == 400]


def test_a_flooding_user_gets_one_notice_and_others_are_still_answered(bot):
    for i in range(12):
        bot.api.send_text(130, f"K-SCON이 뭐야 {i}", user_id=130)
    bot.api.wait_for(lambda: any("wait" in m["text"] or "잠시" in m["text"] for m in bot.api.bot_messages(130)), what="the slow-down notice")
    reply = ask(bot, 131, "What is K-SCON?")
    assert quotes(reply)
    # That the notice comes once and the rest is dropped: test_handlers.py, where "nothing more was
    # sent" is a fact once each update is handled, not a guess after a sleep.


# --- groups ------------------------------------------------------------------------------


def test_group_chatter_is_ignored(bot):
    group = GROUP - 1
    bot.api.send_text(group, "오늘 점심 뭐 먹지", user_id=140, chat_type="supergroup")
    bot.api.send_text(group, "K-SCON이 뭐야?", user_id=140, chat_type="supergroup")
    bot.api.send_text(group, "/ask@some_other_bot K-SCON이 뭐야?", user_id=140, chat_type="supergroup")
    marker = ask(bot, group, "/ask@kscity_faq_bot 회의 어디서 열렸어?", user_id=140, chat_type="supergroup")
    assert len(bot.api.bot_messages(group)) == 1, "only the /ask@bot question is answered"
    assert "부산" in marker["text"]


def test_a_photo_in_a_group_whose_caption_mentions_the_bot_is_answered(bot):
    group = GROUP - 4
    bot.api.send_photo(group, user_id=143, caption="@kscity_faq_bot PIS 펀드 규모는?", chat_type="supergroup")
    reply = bot.api.wait_for_messages(group, 1)[-1]
    assert "1조5천억" in reply["text"]


def test_group_ask_is_answered_as_a_reply_to_the_question(bot):
    group = GROUP - 2
    update = bot.api.send_text(group, "/ask K-SCON 언제 시작해?", user_id=141, chat_type="supergroup")
    reply = bot.api.wait_for_messages(group, 1)[-1]
    sent = [c for c in bot.api.calls("sendMessage") if c["params"]["chat_id"] == group][-1]
    assert sent["params"]["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert quotes(reply)
    assert len([b for b in buttons(reply) if b["text"] not in ("👍", "👎")]) == 0, "group answers are compact"


def test_group_mention_and_reply_to_the_bot_are_questions(bot):
    group = GROUP - 3
    first = ask(bot, group, "@kscity_faq_bot PIS 펀드 규모는?", user_id=142, chat_type="supergroup")
    assert "1조5천억" in first["text"]
    second = ask(bot, group, "그럼 아세안에는 얼마 투자해?", user_id=142, chat_type="supergroup", reply_to_message=first)
    assert "3천억" in second["text"]


def test_unapproved_group_is_left_politely():
    with running_bot(BOT_ALLOWED_CHATS=str(GROUP)) as bot:
        bot.api.send_text(GROUP - 9, "/ask K-SCON?", user_id=150, chat_type="supergroup")
        bot.api.wait_for(lambda: bot.api.calls("leaveChat"), what="leaveChat")
        assert bot.api.bot_messages(GROUP - 9), "it says why before leaving"
        reply = ask(bot, GROUP, "/ask K-SCON?", user_id=150, chat_type="supergroup")
        assert quotes(reply)


# --- inline mode -------------------------------------------------------------------------


def test_inline_query_offers_answers_with_their_quotes(bot):
    bot.api.send_inline_query(160, "pis fund size")
    call = bot.api.wait_for(lambda: bot.api.calls("answerInlineQuery"), what="an inline answer")[-1]
    assert call["status"] == 200
    results = call["params"]["results"]
    ids = [r["id"] for r in results]
    assert 1 <= len(results) <= 50 and len(set(ids)) == len(ids) and all(len(i.encode()) <= 64 for i in ids)
    first = results[0]["input_message_content"]["message_text"]
    assert "1.5 trillion" in first and "<blockquote>" in first


def test_empty_inline_query_lists_topics(bot):
    count = len(bot.api.calls("answerInlineQuery"))
    bot.api.send_inline_query(161, "")
    call = bot.api.wait_for(lambda: bot.api.calls("answerInlineQuery")[count:], what="an inline answer")[-1]
    assert call["status"] == 200 and len(call["params"]["results"]) >= 5


# --- buttons -----------------------------------------------------------------------------


def test_question_button_opens_its_answer(bot):
    reply = ask(bot, 170, "/start")
    data = buttons(reply)[0]["callback_data"]
    bot.api.send_callback(170, 170, data, message=reply)
    answer = bot.api.wait_for_messages(170, 2)[-1]
    assert quotes(answer)
    answered = bot.api.calls("answerCallbackQuery")
    assert answered and answered[-1]["status"] == 200


FORGED = ["garbage", "a|ko|no-such-entry", "p|en|x", "p|en|²", "p|en|٣", "up|xx|overview", "a|en|" + "z" * 58]


@pytest.mark.parametrize(("user", "data"), list(enumerate(FORGED, start=1710)), ids=FORGED)  # a user each: presses count against the limit
def test_forged_callback_is_answered_politely(bot, user, data):
    reply = ask(bot, user, "What is K-SCON?")
    count = len(bot.api.calls("answerCallbackQuery"))
    bot.api.send_callback(user, user, data, message=reply)
    call = bot.api.wait_for(lambda: bot.api.calls("answerCallbackQuery")[count:], what="the callback answer")[-1]
    assert call["status"] == 200 and "no longer works" in call["params"].get("text", "")
    assert bot.api.bot_messages(user)[-1]["message_id"] == reply["message_id"], "no message sent for a forged button"


def test_feedback_buttons_are_thanked(bot):
    reply = ask(bot, 172, "What is K-SCON?")
    up = next(b for b in buttons(reply) if b["text"] == "👍")
    count = len(bot.api.calls("answerCallbackQuery"))
    bot.api.send_callback(172, 172, up["callback_data"], message=reply)
    call = bot.api.wait_for(lambda: bot.api.calls("answerCallbackQuery")[count:], what="the callback answer")[-1]
    assert "Thanks" in call["params"]["text"]


# --- Telegram's delivery semantics and faults ----------------------------------------------


def test_update_delivered_twice_is_answered_once(bot):
    update = bot.api.send_text(180, "What is K-SCON?", user_id=180)
    bot.api.wait_for_messages(180, 1)
    bot.api.push_duplicate(update)
    marker = ask(bot, 180, "Where was the meeting held?")
    assert "Busan" in marker["text"]
    assert len(bot.api.bot_messages(180)) == 2


@pytest.mark.parametrize("fault", ["429", "502", "drop"])
def test_send_failures_are_retried_until_the_answer_arrives(fault):
    with running_bot() as bot:
        bot.api.inject("sendMessage", fault, count=2, retry_after=1)
        started = time.monotonic()
        bot.api.send_text(190, "What is K-SCON?", user_id=190)
        reply = bot.api.wait_for_messages(190, 1, timeout=20)[-1]
        assert quotes(reply)
        if fault == "429":
            assert time.monotonic() - started >= 2, "each 429 is waited out for retry_after"
        assert len(bot.api.bot_messages(190)) == 1


@pytest.mark.parametrize("fault", ["502", "drop"])
def test_polling_survives_get_updates_failures(fault):
    with running_bot() as bot:
        bot.api.inject("getUpdates", fault, count=3)
        reply = ask(bot, 191, "What is K-SCON?")
        assert quotes(reply)
        assert bot.process.poll() is None


def test_stalled_polling_makes_the_bot_exit_non_zero_for_its_supervisor():
    with running_bot(BOT_STALL_SECONDS="6.5") as bot:  # above BOT_POLL_TIMEOUT=1 plus the 5 s margin
        bot.api.inject("getUpdates", "stall", count=100)
        code = bot.process.wait(timeout=30)
        assert code == 3, "the documented exit code of a stall (deploy/README)"
        assert "no poll completed" in bot.output


def test_a_second_copy_with_the_same_token_is_told_once_and_one_copy_exits_2():
    """Telegram ends each poll of one copy with 409 when the other polls: one line, not a warning
    every few seconds, and the copy left answers alone."""
    with BotAPIStandIn(TOKEN) as api, running_bot(api) as first, running_bot(api) as second:
        copies = (first, second)
        # Which copy collects three 409s in a row first is chance (each backs off ~1 s at random): usually
        # a few seconds, on a loaded machine sometimes more than 30.
        quitter = wait_until(lambda: next((c for c in copies if c.process.poll() is not None), None), timeout=120, what="one copy to exit")
        assert quitter.process.returncode == 2
        lines = quitter.output.strip().splitlines()
        assert "another copy of the bot is polling with this token" in lines[-1] and lines[-1].startswith("error: ")
        assert sum("Conflict" in line for line in lines) == 1, quitter.output
        survivor = second if quitter is first else first
        assert survivor.process.poll() is None
        reply = ask(survivor, 195, "What is K-SCON?")
        assert quotes(reply)


def test_a_webhook_left_set_is_removed_when_the_bot_polls():
    """While a webhook is set, every getUpdates is answered 409: going back to polling removes it."""
    import urllib.parse
    import urllib.request

    with BotAPIStandIn(TOKEN) as api:
        body = urllib.parse.urlencode({"url": "https://example.org/telegram"}).encode()
        urllib.request.urlopen(f"{api.base_url}{TOKEN}/setWebhook", body, timeout=10).close()
        with running_bot(api) as bot:
            assert quotes(ask(bot, 196, "What is K-SCON?"))
            assert "Conflict" not in bot.output


def test_sigterm_finishes_the_answer_in_flight_and_exits_zero():
    with running_bot() as bot:
        bot.api.inject("sendMessage", "429", count=1, retry_after=2)
        bot.api.send_text(192, "What is K-SCON?", user_id=192)
        bot.api.wait_for(lambda: bot.api.calls("sendMessage"), what="the first send attempt")
        started = time.monotonic()
        code = bot.stop()
        assert code == 0 and time.monotonic() - started < 10
        assert bot.api.bot_messages(192), "the answer in flight was delivered before exit"
        assert "Traceback" not in bot.output


def test_token_never_appears_even_at_debug_level():
    with running_bot(LOG_LEVEL="DEBUG") as bot:
        ask(bot, 193, "What is K-SCON?")
        bot.stop()
        assert "bot<token>" in bot.output, "the request URL was logged, with the token redacted"
        # running_bot asserts on exit that the token itself never appeared


@pytest.mark.parametrize(("token", "expected"), [("", "@BotFather"), ("not-a-token-" + SECRET, "malformed")])
def test_missing_or_malformed_token_is_one_line_and_exit_2(token, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=token, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert SECRET not in done.stderr + done.stdout and "Traceback" not in done.stderr


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_webhook_mode_checks_telegrams_secret_token():
    import json
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = "https://bot.example.org/telegram"  # the public address; a TLS proxy forwards it to the port
    local = f"http://127.0.0.1:{port}/telegram"
    with running_bot(wait=False, BOT_WEBHOOK_URL=url, BOT_WEBHOOK_PORT=str(port), BOT_WEBHOOK_LISTEN="127.0.0.1", BOT_WEBHOOK_SECRET="s3cret_value") as bot:
        registered = bot.api.wait_for(lambda: bot.api.calls("setWebhook"), timeout=15, what="setWebhook")[-1]["params"]
        assert registered["url"] == url and registered["secret_token"] == "s3cret_value"
        update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 194, "type": "private"},
                                               "from": {"id": 194, "is_bot": False, "first_name": "T"}, "text": "What is K-SCON?"}}

        def post(secret: str) -> int:
            request = urllib.request.Request(local, json.dumps(update).encode(), {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
            try:
                return urllib.request.urlopen(request, timeout=5).status
            except urllib.error.HTTPError as exc:
                return exc.code

        bot.api.push_raw({"message": update["message"]})  # makes chat 194 known to the stand-in; no poll fetches it
        wait_until(lambda: _listening(port), what="the webhook server")
        assert post("wrong") == 403, "refused before it is queued: it is never handled"
        assert post("") == 403
        assert post("s3cret_value") == 200
        reply = bot.api.wait_for_messages(194, 1)[-1]
        assert quotes(reply)
        assert not bot.api.calls("getUpdates"), "no polling in webhook mode"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"BOT_WEBHOOK_URL": "https://bot.example.org/telegram"}, "BOT_WEBHOOK_SECRET is not"),
        ({"BOT_WEBHOOK_URL": "http://bot.example.org/telegram", "BOT_WEBHOOK_SECRET": "s3cret_value"}, "https://"),
    ],
    ids=["no-secret", "http"],
)
def test_webhook_refuses_to_start_without_a_secret_or_over_plain_http(env, expected):
    """Without the secret anyone who finds the URL could post an admin's /unanswered to their own chat."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    base.update(TELEGRAM_BOT_TOKEN="7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop", TELEGRAM_BASE_URL="http://127.0.0.1:9/bot", PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=base, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], done.stderr
