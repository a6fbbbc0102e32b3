"""Fast tests of sending, through a fake `telegram.request.BaseRequest` (as PTB's own tests do)."""

from __future__ import annotations

import asyncio
import json

import pytest
from telegram import Bot, Message
from telegram.error import NetworkError, RetryAfter
from telegram.request import RequestData
from test_handlers import TOKEN, FakeTelegram

from bot import delivery
from bot.delivery import DeliveryLimiter, SendingStopped, send_html

class RefusingHTML(FakeTelegram):
    """The handler tests' fake Bot API, refusing HTML as Telegram refuses markup it cannot parse (400)."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts) -> tuple[int, bytes]:
        if url.endswith("/sendMessage") and request_data and request_data.parameters.get("parse_mode") == "HTML":
            self.calls.append(("sendMessage", request_data.parameters))
            return 400, json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities: unsupported start tag"}).encode()
        return await super().do_request(url, method, request_data, **timeouts)


def _send(fake: FakeTelegram, html: str) -> Message:
    async def go() -> Message:
        async with Bot(TOKEN, request=fake) as bot:
            question = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "q"}, bot)
            return await send_html(question, html)

    return asyncio.run(go())


def test_html_telegram_refuses_is_resent_as_plain_text():
    fake = RefusingHTML()
    sent = _send(fake, "<b>Busan</b> &amp; <blockquote>부산에서</blockquote>")
    assert [p.get("parse_mode") for p in fake.sent()] == ["HTML", None]
    assert sent.text == "Busan & 부산에서"


def test_accepted_html_is_sent_once():
    fake = FakeTelegram()
    _send(fake, "<b>Busan</b>")
    assert len(fake.sent()) == 1 and fake.sent()[0]["parse_mode"] == "HTML"


# --- DeliveryLimiter: pacing, 429s per chat, retries, the stop gate -----------------------------------


class Flaky:
    """A Bot API call that fails `failures` times with `error`, then succeeds; records completions."""

    def __init__(self, name: str, log: list[str], error: Exception | None = None, failures: int = 0) -> None:
        self.name, self.log, self.error, self.failures, self.calls = name, log, error, failures, 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        self.log.append(self.name)
        return True


def _through(limiter: DeliveryLimiter, call: Flaky, endpoint: str = "sendMessage", chat_id: int | None = None):
    data = {"chat_id": chat_id} if chat_id is not None else {}
    return limiter.process_request(call, (), {}, endpoint, data, None)


def test_a_429_pauses_only_its_chat_and_never_inline_or_button_answers():
    async def scenario() -> list[str]:
        limiter, done = DeliveryLimiter(), []
        answered_429 = Flaky("chat A", done, RetryAfter(1), failures=1)
        paused = _through(limiter, answered_429, chat_id=1)
        others = [
            _through(limiter, Flaky("chat A again", done), chat_id=1),
            _through(limiter, Flaky("chat B", done), chat_id=2),
            _through(limiter, Flaky("group C", done), chat_id=-3),
            _through(limiter, Flaky("inline", done), "answerInlineQuery"),
            _through(limiter, Flaky("button", done), "answerCallbackQuery"),
        ]
        first = asyncio.ensure_future(paused)
        while not answered_429.calls:  # chat A's first try is answered 429 before the others start
            await asyncio.sleep(0.001)
        await asyncio.gather(first, *others)
        return done

    done = asyncio.run(scenario())
    assert done.index("chat A") > max(done.index(n) for n in ("chat B", "group C", "inline", "button"))
    assert done.index("chat A again") > max(done.index(n) for n in ("chat B", "group C", "inline", "button")), "the 429 paused its whole chat"


def test_a_send_is_retried_through_an_outage_far_longer_than_a_few_tries(monkeypatch):
    monkeypatch.setattr(delivery, "BACKOFF_FIRST", 0.001)
    monkeypatch.setattr(delivery, "BACKOFF_MAX", 0.002)
    send = Flaky("send", [], NetworkError("Bad Gateway (502)"), failures=30)
    assert asyncio.run(_through(DeliveryLimiter(), send, chat_id=5)) is True
    assert send.calls == 31


def test_a_send_still_failing_after_the_patience_is_given_up(monkeypatch):
    monkeypatch.setattr(delivery, "BACKOFF_FIRST", 0.001)
    monkeypatch.setattr(delivery, "DELIVERY_PATIENCE", 0.05)
    send = Flaky("send", [], NetworkError("Bad Gateway (502)"), failures=10**6)
    with pytest.raises(NetworkError):
        asyncio.run(_through(DeliveryLimiter(), send, chat_id=5))
    assert send.calls > 1, "retried before giving up"


def test_start_up_calls_are_not_retried_here():
    get_me = Flaky("getMe", [], NetworkError("Bad Gateway (502)"), failures=1)
    with pytest.raises(NetworkError):
        asyncio.run(_through(DeliveryLimiter(), get_me, "getMe"))
    assert get_me.calls == 1, "the caller (start-up) decides how to retry"


def test_closing_ends_a_429_wait_at_once_without_sending():
    async def scenario() -> tuple[Flaky, float]:
        limiter = DeliveryLimiter()
        send = Flaky("send", [], RetryAfter(60), failures=1)
        waiting = asyncio.ensure_future(_through(limiter, send, chat_id=7))
        while send.calls == 0:
            await asyncio.sleep(0.01)
        started = asyncio.get_running_loop().time()
        limiter.close()
        with pytest.raises(SendingStopped):
            await asyncio.wait_for(waiting, 5)
        return send, asyncio.get_running_loop().time() - started

    send, took = asyncio.run(scenario())
    assert send.calls == 1 and took < 1
