"""Getting answers to Telegram through the faults a real network has.

python-telegram-bot never retries a send itself. `DeliveryLimiter` paces sends under Telegram's
limits (30 messages a second overall, 20 a minute per group, evenly spaced), waits out a 429 for
the chat that got it only (a 429 in one chat delays no other, and inline and button answers, which
carry no chat, never wait behind sends), and retries 429s, 5xx answers and dropped connections with
growing, jittered back-off: a send for DELIVERY_PATIENCE (the poller then keeps its update in the
inbox), an inline or button answer for ANSWER_PATIENCE (Telegram drops it after ~10 s), anything
else (getMe, setMyCommands) not at all: its caller knows better. On stop, `close()` refuses new
requests at once, so a stop does not wait on them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.replies import plain_text

log = logging.getLogger(__name__)

DELIVERY_PATIENCE = 300.0  # seconds a send is retried through 429s and outages before it fails
ANSWER_PATIENCE = 8.0  # the same for answers to inline queries and button presses
_ANSWERS = frozenset({"answerInlineQuery", "answerCallbackQuery"})

# PTB 22 warns on every 429 (even building its own RetryAfter) that `retry_after` will become a
# timedelta; retry_seconds reads either, so the warning would only be noise in the log.
warnings.filterwarnings("ignore", message=r".*`retry_after` will be of type", category=PTBDeprecationWarning)
BACKOFF_FIRST = 0.5  # seconds, doubled each retry, with jitter
BACKOFF_MAX = 30.0
GROUP_INTERVAL = 3.0  # seconds between messages to one group: 20 a minute, evenly spaced


class SendingStopped(Exception):
    """The bot is stopping: this request was not sent, and its update stays in the inbox."""


class DeliveryLimiter(BaseRateLimiter[None]):
    """Pacing overall and per group, 429 pauses per chat, retries with back-off, a stop gate."""

    def __init__(self, sends_per_second: float = 30.0) -> None:
        # Evenly spaced, not in bursts: Telegram counts messages in windows, and a burst that
        # trips its limit costs a 429.
        self._overall = AsyncLimiter(1, 1 / sends_per_second)
        self._groups: dict[int, AsyncLimiter] = {}
        self._paused_until: dict[object, float] = {}  # chat id → monotonic time its 429 ends
        self._closed = asyncio.Event()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def close(self) -> None:
        """Refuse every request from now on, and end the waits of those pending."""
        self._closed.set()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        chat_id = data.get("chat_id")
        patience = DELIVERY_PATIENCE if chat_id is not None else ANSWER_PATIENCE if endpoint in _ANSWERS else 0.0
        give_up = time.monotonic() + patience
        backoff = BACKOFF_FIRST
        while True:
            await self._wait_turn(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                error: Exception = exc
                wait = retry_seconds(exc) + random.uniform(0.1, 0.5)
                if patience:
                    log.warning("%s: Telegram asked to wait %.0fs (429)", endpoint, retry_seconds(exc))
            except BadRequest:
                raise  # our request is wrong; sending it again changes nothing
            except NetworkError as exc:  # 5xx, a dropped connection, a timeout
                error = exc
                wait = backoff * random.uniform(0.5, 1.5)
                backoff = min(backoff * 2, BACKOFF_MAX)
            if time.monotonic() + wait > give_up:
                if patience:
                    log.error("%s still failing after %.0fs (%s); giving up", endpoint, patience, brief(error))
                raise error
            if not isinstance(error, RetryAfter):
                log.warning("%s failed (%s); retry in %.1fs", endpoint, brief(error), wait)
            if isinstance(error, RetryAfter) and chat_id is not None:
                # The whole chat waits (its other answers too), and no other chat does.
                until = time.monotonic() + wait
                self._paused_until[chat_id] = max(self._paused_until.get(chat_id, 0.0), until)
            else:
                await self._pause(wait)

    async def _wait_turn(self, chat_id: object) -> None:
        """Wait out this chat's 429, then its group's pace, then the overall pace (sends only)."""
        while (left := self._paused_until.get(chat_id, 0.0) - time.monotonic()) > 0:
            await self._pause(left)
        self._paused_until.pop(chat_id, None)
        if self._closed.is_set():
            raise SendingStopped
        if chat_id is None:
            return  # inline and button answers: Telegram does not count them against a chat
        if isinstance(chat_id, int) and chat_id < 0:
            group = self._groups.setdefault(chat_id, AsyncLimiter(1, GROUP_INTERVAL))
            await self._gate(group)
        await self._gate(self._overall)

    async def _gate(self, limiter: AsyncLimiter) -> None:
        acquire = asyncio.ensure_future(limiter.acquire())
        closed = asyncio.ensure_future(self._closed.wait())
        try:
            await asyncio.wait({acquire, closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            closed.cancel()
            if not acquire.done():
                acquire.cancel()
        if self._closed.is_set():
            raise SendingStopped

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._closed.wait(), seconds)
        except asyncio.TimeoutError:
            return
        raise SendingStopped


def brief(error: BaseException) -> str:
    """An error in a few words: a 5xx from a proxy carries its whole HTML page."""
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 100 else text[:99] + "…"


def retry_seconds(error: RetryAfter) -> float:
    """A 429's wait in seconds, whether this PTB gives `retry_after` as seconds or a timedelta."""
    retry_after = error.retry_after
    return retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else float(retry_after)


async def send_html(
    message: Message,
    html: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    as_reply: bool = False,
) -> Message:
    """Send HTML to the message's chat (and forum topic); if Telegram refuses the markup, send it as plain text."""
    reply = ReplyParameters(message.message_id, allow_sending_without_reply=True) if as_reply else None
    topic = message.message_thread_id if message.is_topic_message else None  # without it a send lands in General
    options = {
        "reply_markup": markup,
        "reply_parameters": reply,
        "message_thread_id": topic,
        "link_preview_options": LinkPreviewOptions(is_disabled=True),
    }
    bot = message.get_bot()
    try:
        return await _send(bot, message.chat_id, html, options)
    except ChatMigrated as exc:
        # The group became a supergroup after the question was asked: the answer goes there, not as
        # a reply (the question stayed in the old chat).
        log.info("chat %s is now supergroup %s: the answer goes there", message.chat_id, exc.new_chat_id)
        return await _send(bot, exc.new_chat_id, html, options | {"reply_parameters": None, "message_thread_id": None})


async def _send(bot: Bot, chat_id: int, html: str, options: dict[str, Any]) -> Message:
    try:
        return await bot.send_message(chat_id, html, parse_mode="HTML", **options)
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        log.warning("Telegram refused the HTML (%s); sending plain text", exc)
        return await bot.send_message(chat_id, plain_text(html), **options)
