"""Fast tests of the poller with a fake Bot API under PTB (a `telegram.request.BaseRequest`)."""

from __future__ import annotations

import asyncio
import json

from telegram.request import RequestData

from test_handlers import TOKEN, FakeTelegram

from bot import polling
from bot.app import build_application
from bot.config import load_config
from bot.delivery import DeliveryLimiter
from bot.faq import load_faq
from bot.inbox import Inbox
from bot.polling import Poller
from bot.state import BotState, Knowledge
from bot.store import Store

QUESTION = {"update_id": 500, "message": {"message_id": 1, "date": 0, "chat": {"id": 77, "type": "private"},
                                          "from": {"id": 77, "is_bot": False, "first_name": "T"}, "text": "What is K-SCON?"}}


class OneQuestionTelegram(FakeTelegram):
    """One question to fetch; its answer refused with a 429 longer than any patience, then taken."""

    def __init__(self) -> None:
        super().__init__()
        self.delivered = asyncio.Event()
        self._queue = [QUESTION]

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name == "getUpdates":
            batch, self._queue = [u for u in self._queue if u["update_id"] >= int(params.get("offset") or 0)], []
            if not batch:
                await asyncio.sleep(0.05)
            return 200, json.dumps({"ok": True, "result": batch}).encode()
        if name == "sendMessage" and not self.sent():
            self.calls.append((name, params))
            return 429, json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3600",
                                    "parameters": {"retry_after": 3600}}).encode()
        if name == "sendMessage":
            self.delivered.set()
        return await super().do_request(url, method, request_data, **timeouts)


def test_an_answer_that_could_not_be_delivered_is_tried_again_later_and_marked_done_once(monkeypatch, tmp_path):
    monkeypatch.setattr(polling, "RETRY_LATER", 0.05)
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DATA_DIR": str(tmp_path)})
    state = BotState(config, Knowledge.of(load_faq(None)), None)
    limiter = DeliveryLimiter()
    fake = OneQuestionTelegram()
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
    assert len(fake.sent()) == 2, "refused once (a wait longer than the patience), delivered on the next try"
    assert outcomes == {"handled": 1}
