"""Fast tests of the poller with a fake Bot API under PTB (a `telegram.request.BaseRequest`)."""

from __future__ import annotations

import asyncio
import json

from telegram.request import BaseRequest, RequestData

from bot import polling
from bot.app import build_application
from bot.config import load_config
from bot.delivery import DeliveryLimiter
from bot.faq import load_faq
from bot.inbox import Inbox
from bot.polling import Poller
from bot.state import BotState, Knowledge
from bot.store import Store

TOKEN = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop"
ME = {"id": 7000001, "is_bot": True, "first_name": "K-City FAQ", "username": "kscity_faq_bot"}
QUESTION = {"update_id": 500, "message": {"message_id": 1, "date": 0, "chat": {"id": 77, "type": "private"},
                                          "from": {"id": 77, "is_bot": False, "first_name": "T"}, "text": "What is K-SCON?"}}


class FakeTelegram(BaseRequest):
    """One question to fetch; sendMessage answered 429 with a wait longer than any patience, then 200."""

    def __init__(self) -> None:
        self.sends: list[dict] = []
        self.delivered = asyncio.Event()
        self._queue = [QUESTION]

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts) -> tuple[int, bytes]:
        params = request_data.parameters if request_data else {}
        endpoint = url.rsplit("/", 1)[1]
        if endpoint == "getMe":
            return self._ok(ME)
        if endpoint == "getUpdates":
            batch, self._queue = [u for u in self._queue if u["update_id"] >= int(params.get("offset") or 0)], []
            if not batch:
                await asyncio.sleep(0.05)
            return self._ok(batch)
        if endpoint == "sendMessage":
            self.sends.append(params)
            if len(self.sends) == 1:
                return 429, json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3600",
                                        "parameters": {"retry_after": 3600}}).encode()
            self.delivered.set()
            return self._ok({"message_id": 2, "date": 0, "chat": {"id": params["chat_id"], "type": "private"}, "from": ME, "text": params["text"]})
        return self._ok(True)

    @staticmethod
    def _ok(result: object) -> tuple[int, bytes]:
        return 200, json.dumps({"ok": True, "result": result}).encode()


def test_an_answer_that_could_not_be_delivered_is_tried_again_later_and_marked_done_once(monkeypatch, tmp_path):
    monkeypatch.setattr(polling, "RETRY_LATER", 0.05)
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DATA_DIR": str(tmp_path)})
    state = BotState(config, Knowledge.of(load_faq(None)), None)
    limiter = DeliveryLimiter()
    fake = FakeTelegram()
    store = Store(None)
    inbox = Inbox(store)

    async def scenario() -> dict[str, int]:
        app = build_application(config, state, limiter, request=fake)
        poller = Poller(app, state, inbox, limiter)
        await app.initialize()
        await app.start()
        running = asyncio.ensure_future(poller.run())
        await asyncio.wait_for(fake.delivered.wait(), 10)
        while (outcomes := await inbox.outcomes()).get("pending"):
            await asyncio.sleep(0.01)
        poller.request_stop()
        await running
        await app.stop()
        await app.shutdown()
        return outcomes

    outcomes = asyncio.run(scenario())
    store.close()
    assert len(fake.sends) == 2, "refused once (a wait longer than the patience), delivered on the next try"
    assert outcomes == {"handled": 1}
