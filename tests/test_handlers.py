"""Fast, deterministic tests of the handlers: the real application and handlers, with a fake
`telegram.request.BaseRequest` under the bot (as python-telegram-bot's own tests do).

Each update is handled to the end by `application.process_update`, so "nothing was sent" is a
fact once it returns, not a guess after a sleep. Fairness, the limits, and the cases that used to
raise tracebacks live here; what a user sees end to end lives in test_bot_e2e.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from faqkit import FAQ_YAML, SHIPPED_ARTICLE, edit, write_faq

from bot import messages
from bot.app import COMMANDS, register_handlers
from bot.config import load_config
from bot.faq import load_faq
from bot.matcher import Matcher
from bot.state import INLINE_QUERIES, USER_QUESTIONS, BotState, Knowledge, UserLimiter
from bot.store import Store

TOKEN = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop"
ME = {"id": 7000001, "is_bot": True, "first_name": "K-City FAQ", "username": "kscity_faq_bot"}
ADMIN = 900
GROUP = -1001234567777
ANONYMOUS_ADMIN = 1087968824
SLOW_DOWN = "That is a lot of questions at once"
# The application is initialised but not started, so PTB warns that it will not await the inline
# queries' settling writes: the harness cancels them itself.
pytestmark = pytest.mark.filterwarnings("ignore:Tasks created via `Application.create_task`")


class FakeTelegram(BaseRequest):
    """Records every call; answers like Telegram. A private chat in `unreachable` refuses sends (403)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.unreachable: set[int] = set()
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name == "getMe":
            return _ok(ME)
        self.calls.append((name, params))
        if name == "sendMessage":
            if params["chat_id"] in self.unreachable:
                return 403, json.dumps({"ok": False, "error_code": 403, "description": "Forbidden: bot can't initiate conversation with a user"}).encode()
            chat = {"id": params["chat_id"], "type": "private" if params["chat_id"] > 0 else "supergroup"}
            message = {"message_id": next(self._ids), "date": 0, "chat": chat, "from": ME, "text": params["text"]}
            if params.get("message_thread_id"):
                message |= {"message_thread_id": params["message_thread_id"], "is_topic_message": True}
            return _ok(message)
        return _ok(True)

    def sent(self, method: str = "sendMessage") -> list[dict]:
        return [params for name, params in self.calls if name == method]


def _ok(result: object) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


@dataclass
class Harness:
    app: Application
    telegram: FakeTelegram
    state: BotState
    _update_ids = itertools.count(1)

    async def feed(self, kind: str, payload: dict) -> None:
        """Handle one update to the end: everything it sends has been recorded when this returns."""
        update = Update.de_json({"update_id": next(self._update_ids), kind: payload}, self.app.bot)
        await self.app.process_update(update)


@asynccontextmanager
async def harness(tmp_path: Path, faq_dir: Path | None = None, matcher: object | None = None) -> AsyncIterator[Harness]:
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DATA_DIR": str(tmp_path / "data"), "BOT_ADMINS": str(ADMIN)})
    faq = load_faq(faq_dir)
    store = Store(config.data_dir)
    state = BotState(config, Knowledge(faq, matcher or Matcher(faq)), store)
    telegram = FakeTelegram()
    app = ApplicationBuilder().token(TOKEN).request(telegram).get_updates_request(telegram).build()
    app.bot_data["state"] = state
    register_handlers(app)
    try:
        async with app:  # initialised, not started: process_update needs no polling
            yield Harness(app, telegram, state)
            await asyncio.sleep(0)  # let the inline queries' settling writes start, so they can be cancelled
            settling = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in settling:
                task.cancel()
            await asyncio.gather(*settling, return_exceptions=True)
    finally:
        store.close()


_message_ids = itertools.count(1)


def message(chat: int, user: int | None = None, text: str | None = None, **fields) -> dict:
    """A message as Telegram sends it; commands and @mentions get their entities."""
    body: dict = {"message_id": next(_message_ids), "date": 0, "chat": {"id": chat, "type": "private" if chat > 0 else "supergroup"}}
    if user is not None:
        body["from"] = {"id": user, "is_bot": False, "first_name": "Test"}
    if text is not None:
        body["text"] = text
        words = text.split(" ")
        offset, entities = 0, []
        for word in words:
            if word.startswith(("/", "@")):
                entities.append({"type": "bot_command" if word.startswith("/") else "mention", "offset": offset, "length": len(word)})
            offset += len(word) + 1
        if entities:
            body["entities"] = entities
    return body | fields


def press(user: int, data: str, on: dict | None = None) -> dict:
    on = on or {"message_id": 1, "date": 0, "chat": {"id": user, "type": "private"}, "from": ME, "text": "an answer"}
    return {"id": str(next(_message_ids)), "from": {"id": user, "is_bot": False, "first_name": "Test"}, "chat_instance": "1", "data": data, "message": on}


def run(scenario) -> None:
    asyncio.run(scenario())


# --- fairness: what counts against the limit, and who hears about it ----------------------------


def test_chatter_and_service_messages_in_a_group_do_not_count_against_the_limit(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            member = 501
            for n in range(3 * USER_QUESTIONS):
                await h.feed("message", message(GROUP, member, f"lunch plans {n}"))
            await h.feed("message", message(GROUP, member, new_chat_members=[{"id": 502, "is_bot": False, "first_name": "New"}]))
            await h.feed("message", message(GROUP, member, pinned_message=message(GROUP, member, "pinned")))
            await h.feed("message", message(GROUP, 777000, "a channel post", is_automatic_forward=True, sender_chat={"id": -100777, "type": "channel", "title": "News"}))
            assert h.telegram.sent() == [], "chatter and service messages get no reply"
            await h.feed("message", message(GROUP, member, "/ask Where was the ministerial meeting held?"))
            answers = h.telegram.sent()
            assert len(answers) == 1 and "Busan" in answers[0]["text"], "the member's real question is answered"

    run(scenario)


def test_a_member_over_the_limit_is_told_once_privately_never_in_the_group(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            member, unreachable = 503, 504
            h.telegram.unreachable.add(unreachable)
            for user in (member, unreachable):
                for n in range(USER_QUESTIONS + 3):
                    await h.feed("message", message(GROUP, user, f"/ask What is K-SCON? {n}"))
            in_group = [p for p in h.telegram.sent() if p["chat_id"] == GROUP]
            assert len(in_group) == 2 * USER_QUESTIONS, "questions within the limit are answered"
            assert not [p for p in in_group if SLOW_DOWN in p["text"]], "no public notice"
            told = [p for p in h.telegram.sent() if p["chat_id"] == member]
            assert len(told) == 1 and SLOW_DOWN in told[0]["text"], "the member hears it once, privately"

    run(scenario)


def test_anonymous_admins_of_two_groups_do_not_share_a_limit(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            one, two = GROUP - 1, GROUP - 2
            for chat in (one, two):
                for n in range(USER_QUESTIONS):
                    sender_chat = {"id": chat, "type": "supergroup", "title": "Group"}
                    await h.feed("message", message(chat, ANONYMOUS_ADMIN, f"/ask What is K-SCON? {n}", sender_chat=sender_chat))
            assert len([p for p in h.telegram.sent() if p["chat_id"] == two]) == USER_QUESTIONS

    run(scenario)


def test_button_presses_count_against_the_limit_and_every_press_is_answered(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            for _ in range(40):
                await h.feed("callback_query", press(505, "a|en|meeting-place"))
            assert len(h.telegram.sent()) == USER_QUESTIONS, "40 taps are not 40 answers"
            answered = h.telegram.sent("answerCallbackQuery")
            assert len(answered) == 40, "every press is answered, so no client spins"
            assert all(SLOW_DOWN in (a.get("text") or "") for a in answered[USER_QUESTIONS:])

    run(scenario)


def test_inline_queries_are_limited_per_user(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            for n in range(3 * INLINE_QUERIES):
                await h.feed("inline_query", {"id": str(n), "from": {"id": 506, "is_bot": False, "first_name": "T"}, "query": "K-SCON " + "x" * 240, "offset": ""})
            assert len(h.telegram.sent("answerInlineQuery")) == INLINE_QUERIES
            await h.feed("inline_query", {"id": "other", "from": {"id": 507, "is_bot": False, "first_name": "T"}, "query": "pis fund", "offset": ""})
            assert h.telegram.sent("answerInlineQuery")[-1]["inline_query_id"] == "other", "another user is still answered"

    run(scenario)


class BlockingMatcher:
    """The real matcher, except that the question "slow" waits until the test lets it go."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self.release = threading.Event()
        self.released_in_time: bool | None = None

    def match(self, question: str):
        if question == "slow":
            self.released_in_time = self.release.wait(timeout=5)
        return self._matcher.match(question)


def test_a_slow_match_does_not_hold_up_other_answers(tmp_path):
    """While one inline query is stuck in the matcher, another user's question is answered; with the
    matcher on the event loop the second would wait for the first (and the first would time out)."""

    async def scenario() -> None:
        faq = load_faq(None)
        matcher = BlockingMatcher(Matcher(faq))
        async with harness(tmp_path, matcher=matcher) as h:
            slow = asyncio.create_task(h.feed("inline_query", {"id": "1", "from": {"id": 508, "is_bot": False, "first_name": "T"}, "query": "slow", "offset": ""}))
            await h.feed("message", message(509, 509, "Where was the ministerial meeting held?"))
            assert "Busan" in h.telegram.sent()[-1]["text"]
            matcher.release.set()
            await slow
            assert matcher.released_in_time, "the slow match blocked the event loop"

    run(scenario)


def test_the_limiter_forgets_idle_senders():
    limiter = UserLimiter(limit=8, window=30.0)
    for sender in range(50_000):
        limiter.check(sender, now=0.0)
    assert len(limiter) == 50_000
    assert limiter.check(1, now=31.0) == "ok"
    assert len(limiter) == 1, "senders idle for a whole window are forgotten"


# --- messages that are not questions, and ones that used to raise -----------------------------------


def test_a_live_locations_position_updates_get_no_reply(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            location = {"latitude": 35.1, "longitude": 129.0, "live_period": 900}
            first = message(510, 510, location=location)
            await h.feed("message", first)
            assert len(h.telegram.sent()) == 1, "the location itself gets the hint to ask in text"
            for step in range(5):
                await h.feed("edited_message", first | {"edit_date": step + 1, "location": location | {"latitude": 35.1 + step / 100}})
            assert len(h.telegram.sent()) == 1, "its position updates get nothing"

    run(scenario)


def test_the_bots_own_inline_answer_sent_into_its_private_chat_is_not_a_question(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            for _ in range(2 * USER_QUESTIONS):
                await h.feed("message", message(511, 511, "The meeting was held in Busan.", via_bot=ME))
            assert h.telegram.sent() == []
            await h.feed("message", message(511, 511, "What is K-SCON?"))
            assert len(h.telegram.sent()) == 1, "nor counted against the sender's limit"

    run(scenario)


def test_forget_in_a_message_without_a_sender_is_refused_with_the_reason(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await h.feed("message", message(GROUP, None, "/forget"))
            (reply,) = h.telegram.sent()
            assert "private chat" in reply["text"]

    run(scenario)


def test_replies_in_a_forum_topic_land_in_that_topic(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            topic = {"message_thread_id": 42, "is_topic_message": True}
            for text in ("/help", "/faq", "/ask What is K-SCON?", "@kscity_faq_bot what is the weather"):
                await h.feed("message", message(GROUP, 512, text, **topic))
            answer = h.telegram.sent()[2]
            on = {"message_id": 99, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}, "from": ME, "text": answer["text"]} | topic
            await h.feed("callback_query", press(512, "a|en|meeting-place", on))
            sent = h.telegram.sent()
            assert len(sent) == 5 and all(p.get("message_thread_id") == 42 for p in sent), [p.get("message_thread_id") for p in sent]

    run(scenario)


# --- the admin commands, and escaping ---------------------------------------------------------------


def test_admin_commands_in_a_group_get_no_reply_even_from_an_admin(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            for text in ("/stats", "/stats@kscity_faq_bot", "/unanswered", "/reload"):
                await h.feed("message", message(GROUP, ADMIN, text))
            assert h.telegram.sent() == []
            await h.feed("message", message(ADMIN, ADMIN, "/stats"))
            assert "questions today" in h.telegram.sent()[-1]["text"], "the same admin gets them in private"

    run(scenario)


def test_user_and_faq_text_is_escaped_in_every_reply(tmp_path):
    """`<` and `&` from a user (the admin report) or the FAQ (answers, suggestions, inline results)
    reach Telegram as entities, never as markup."""
    article = edit(SHIPPED_ARTICLE.read_text(encoding="utf-8"), "오늘(25일) 부산에서", "오늘(25일) <부산> & 에서")
    faq_dir = write_faq(
        tmp_path / "faq",
        article=article,
        faq=edit(
            edit(FAQ_YAML, "      - When does K-SCON start?", "      - When does <b>K-SCON</b> & co start?"),
            "    en: The Korea–ASEAN Smart City Ministerial Meeting was held in Busan.",
            "    en: The Korea–ASEAN Smart City Ministerial Meeting was held in Busan <i>&</i> nowhere else.",
        ),
    )

    async def scenario() -> None:
        async with harness(tmp_path, faq_dir) as h:
            await h.feed("message", message(ADMIN, ADMIN, "Where was the ministerial meeting held?"))
            await h.feed("message", message(ADMIN, ADMIN, "<script>alert(1)</script> & more"))
            await h.feed("message", message(ADMIN, ADMIN, "/unanswered"))
            await h.feed("inline_query", {"id": "1", "from": {"id": ADMIN, "is_bot": False, "first_name": "T"}, "query": "Where was the meeting held?", "offset": ""})
            answer, abstention, _, report = (p["text"] for p in h.telegram.sent())  # /unanswered: a header, then the question
            assert "Busan &lt;i&gt;&amp;&lt;/i&gt; nowhere else" in answer
            assert "&lt;부산&gt; &amp; 에서" in answer, "the quoted source sentence"
            assert "When does &lt;b&gt;K-SCON&lt;/b&gt; &amp; co start?" in abstention, "the suggestions"
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in report
            (results,) = (p["results"] for p in h.telegram.sent("answerInlineQuery"))
            assert "Busan &lt;i&gt;&amp;&lt;/i&gt; nowhere else" in results[0]["input_message_content"]["message_text"]

    run(scenario)


def test_every_command_in_a_menu_has_a_description_in_both_languages():
    """The command list is written once (bot.app.COMMANDS); the menus' texts must cover it exactly."""
    in_menus = {c.name for c in COMMANDS if c.menus}
    assert in_menus == set(messages.COMMANDS["en"]) == set(messages.COMMANDS["ko"])
