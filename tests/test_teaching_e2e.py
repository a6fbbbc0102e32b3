"""Teaching from the chat through the real bot process and the Bot API stand-in."""

from __future__ import annotations

import re

import pytest

from botproc import TOKEN, running_bot
from bot.faq import load_faq
from standin import BotAPIStandIn

ADMIN = 900
UNANSWERED = "what's the deal with the busan thing"
VARIANT = "whats the deal w/ the busan thing?"


@pytest.fixture(scope="module")
def bot():
    with running_bot(BOT_ADMINS=str(ADMIN)) as bot:
        yield bot


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def ask(bot, chat_id: int, text: str) -> dict:
    before = len(bot.api.bot_messages(chat_id))
    bot.api.send_text(chat_id, text, user_id=chat_id)
    return bot.api.wait_for_messages(chat_id, before + 1)[-1]


def press(bot, user: int, data: str, message: dict) -> dict:
    """Press a button; returns the callback's answer once the bot has given it."""
    count = len(bot.api.calls("answerCallbackQuery"))
    bot.api.send_callback(message["chat"]["id"], user, data, message=message)
    return bot.api.wait_for(lambda: bot.api.calls("answerCallbackQuery")[count:], what="the callback answer")[-1]


def current(bot, message: dict) -> dict:
    """The message as it is now, after edits."""
    return next(m for m in bot.api.bot_messages(message["chat"]["id"]) if m["message_id"] == message["message_id"])


def test_an_admin_teaches_an_unanswered_question_with_one_tap_and_can_undo_it(bot):
    assert "does not say" in ask(bot, 3101, UNANSWERED)["text"]
    before = len(bot.api.bot_messages(ADMIN))
    bot.api.send_text(ADMIN, "/unanswered", user_id=ADMIN)
    header, item = bot.api.wait_for_messages(ADMIN, before + 2)[before:]
    assert "To teach" in header["text"] and UNANSWERED in item["text"]
    learn = next(b["callback_data"] for b in buttons(item) if b["text"].startswith("→ Where"))

    assert press(bot, 3102, learn, item)["status"] == 200  # a member pressing the admin's button (forwarded, forged)
    assert current(bot, item)["text"] == item["text"], "a non-admin's press changes nothing"
    assert "does not say" in ask(bot, 3103, UNANSWERED)["text"]

    press(bot, ADMIN, learn, item)
    done = bot.api.wait_for(lambda: "Learned" in current(bot, item)["text"] and current(bot, item), what="the admin's message edited")
    assert [b["text"] for b in buttons(done)] == ["↩ undo"]
    assert "Busan" in ask(bot, 3104, UNANSWERED)["text"], "answered at once"
    assert "Busan" in ask(bot, 3105, VARIANT)["text"], "and a near variant"

    press(bot, ADMIN, buttons(done)[0]["callback_data"], done)
    bot.api.wait_for(lambda: "Which entry answers it?" in current(bot, item)["text"], what="the question shown again")
    assert "does not say" in ask(bot, 3106, UNANSWERED)["text"], "undone at once"


def test_a_learned_phrasing_is_answered_after_a_restart(tmp_path):
    api = BotAPIStandIn(TOKEN).start()  # one Telegram for both runs: update ids go on
    try:
        _teach_then_restart(api, tmp_path / "data")
    finally:
        api.stop()


def _teach_then_restart(api, data_dir) -> None:
    with running_bot(api, data_dir, BOT_ADMINS=str(ADMIN)) as bot:
        ask(bot, 3201, UNANSWERED)
        bot.api.send_text(ADMIN, "/unanswered", user_id=ADMIN)
        item = bot.api.wait_for_messages(ADMIN, 2)[-1]
        press(bot, ADMIN, next(b["callback_data"] for b in buttons(item) if b["text"].startswith("→ Where")), item)
        bot.api.wait_for(lambda: "Learned" in current(bot, item)["text"], what="the admin's message edited")
        assert bot.stop() == 0
    with running_bot(api, data_dir, BOT_ADMINS=str(ADMIN)) as bot:
        assert "Busan" in ask(bot, 3202, UNANSWERED)["text"]


def admin_items(bot) -> list[dict]:
    """/unanswered as the admin sees it: the header, then one message per proposal or question."""
    before = len(bot.api.bot_messages(ADMIN))
    bot.api.send_text(ADMIN, "/unanswered", user_id=ADMIN)
    header = bot.api.wait_for_messages(ADMIN, before + 1)[before]
    count = sum(map(int, re.findall(r"[0-9]+", header["text"])[:2])) if "To teach" in header["text"] else 0
    return bot.api.wait_for_messages(ADMIN, before + 1 + count)[before + 1 :]


def test_a_members_pick_after_a_thumbs_down_is_a_proposal_an_admin_accepts_with_one_tap(bot):
    faq = load_faq()
    member, wrong = 3301, "which city played host"  # answered with meeting-sponsors: not what was meant
    answer = ask(bot, member, wrong)
    assert answer["text"].startswith(faq.entries["meeting-sponsors"].answer["en"][:20])
    press(bot, member, next(b["callback_data"] for b in buttons(answer) if b["text"] == "👎"), answer)
    offer = bot.api.wait_for_messages(member, 2)[-1]
    assert "Did you mean" in offer["text"]
    pick = next(b for b in buttons(offer) if b["callback_data"] == "a|en|meeting-place")
    press(bot, member, pick["callback_data"], offer)
    assert bot.api.wait_for_messages(member, 3)[-1]["text"].startswith(faq.entries["meeting-place"].answer["en"][:20])
    assert ask(bot, 3302, wrong)["text"] == answer["text"], "a proposal alone teaches nothing"

    items = admin_items(bot)
    proposal = items[0]
    assert "Proposal from a member" in proposal["text"] and wrong in proposal["text"] and "meeting-place" in proposal["text"]
    press(bot, ADMIN, next(b["callback_data"] for b in buttons(proposal) if "accept" in b["text"]), proposal)
    bot.api.wait_for(lambda: "Learned" in current(bot, proposal)["text"], what="the proposal accepted")
    assert ask(bot, 3303, wrong)["text"].startswith(faq.entries["meeting-place"].answer["en"][:20])
    assert not any(wrong in item["text"] for item in admin_items(bot)), "accepted: off /unanswered"


def test_forget_deletes_a_members_pending_proposal(bot):
    member = 3401
    reply = ask(bot, member, "the gathering in busan was about what")  # an abstention offering nearby entries
    assert "Did you mean" in reply["text"]
    press(bot, member, buttons(reply)[0]["callback_data"], reply)
    bot.api.wait_for_messages(member, 2)
    assert any("the gathering in busan" in item["text"] and "Proposal" in item["text"] for item in admin_items(bot))
    assert "Deleted 2 of your records" in ask(bot, member, "/forget")["text"], "the question and the proposal"
    assert not any("the gathering in busan" in item["text"] for item in admin_items(bot))
