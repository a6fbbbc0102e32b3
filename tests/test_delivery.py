"""Fast tests of sending, through a fake `telegram.request.BaseRequest` (as PTB's own tests do)."""

from __future__ import annotations

import asyncio
import json

from telegram import Bot, Message
from telegram.request import BaseRequest, RequestData

from bot.delivery import send_html

TOKEN = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop"
ME = {"id": 7000001, "is_bot": True, "first_name": "K-City FAQ", "username": "kscity_faq_bot"}


class FakeTelegram(BaseRequest):
    """Answers getMe, and sendMessage like Telegram: HTML it cannot parse is a 400."""

    def __init__(self, refuse_html: bool) -> None:
        self.refuse_html = refuse_html
        self.sent: list[dict] = []

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts) -> tuple[int, bytes]:
        params = request_data.parameters if request_data else {}
        if url.endswith("/getMe"):
            return 200, json.dumps({"ok": True, "result": ME}).encode()
        self.sent.append(params)
        if self.refuse_html and params.get("parse_mode") == "HTML":
            return 400, json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities: unsupported start tag"}).encode()
        message = {"message_id": len(self.sent), "date": 0, "chat": {"id": params["chat_id"], "type": "private"}, "from": ME, "text": params["text"]}
        return 200, json.dumps({"ok": True, "result": message}).encode()


def _send(fake: FakeTelegram, html: str) -> Message:
    async def go() -> Message:
        async with Bot(TOKEN, request=fake) as bot:
            question = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "q"}, bot)
            return await send_html(question, html)

    return asyncio.run(go())


def test_html_telegram_refuses_is_resent_as_plain_text():
    fake = FakeTelegram(refuse_html=True)
    sent = _send(fake, "<b>Busan</b> &amp; <blockquote>부산에서</blockquote>")
    assert [p.get("parse_mode") for p in fake.sent] == ["HTML", None]
    assert sent.text == "Busan & 부산에서"


def test_accepted_html_is_sent_once():
    fake = FakeTelegram(refuse_html=False)
    _send(fake, "<b>Busan</b>")
    assert len(fake.sent) == 1 and fake.sent[0]["parse_mode"] == "HTML"
