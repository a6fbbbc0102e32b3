"""Getting messages to Telegram and updates from it, through the faults a real network has.

python-telegram-bot never retries a send itself: `DeliveryLimiter` keeps AIORateLimiter's pacing
(30 messages a second overall, 20 a minute per group, waiting out every 429) and adds retries with
back-off for 5xx answers and dropped connections, so an answer is not silently lost.
`PollingRequest` stamps each completed getUpdates, so a silently stalled poll can be noticed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

from bot.replies import plain_text

log = logging.getLogger(__name__)

RETRY_AFTER_ATTEMPTS = 5  # 429s waited out per request before giving up
NETWORK_ATTEMPTS = 5  # 5xx / dropped connection retries per request
BACKOFF_FIRST = 0.5  # seconds, doubled each retry
BACKOFF_MAX = 8.0


class DeliveryLimiter(AIORateLimiter):
    """AIORateLimiter that also retries server errors and dropped connections, with back-off."""

    def __init__(self) -> None:
        # Evenly spaced, not in bursts: Telegram counts messages per second and per minute in
        # windows, and AIORateLimiter answers a 429 by pausing every chat, so a burst that trips
        # the limit costs everyone. 30/s overall, one group message every 3 s (20 a minute).
        super().__init__(
            overall_max_rate=1,
            overall_time_period=1 / 30,
            group_max_rate=1,
            group_time_period=3,
            max_retries=RETRY_AFTER_ATTEMPTS,
        )

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        delay = BACKOFF_FIRST
        for attempt in range(1, NETWORK_ATTEMPTS + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise  # our request is wrong; sending it again changes nothing
            except NetworkError as exc:  # 5xx, a dropped connection, a timeout
                if attempt == NETWORK_ATTEMPTS:
                    log.error("%s failed after %d attempts: %s", endpoint, attempt, exc)
                    raise
                log.warning("%s failed (%s); retry %d in %.1fs", endpoint, exc, attempt, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
        raise AssertionError("unreachable")


class PollingRequest(HTTPXRequest):
    """The getUpdates connection, noting when a poll last completed (see app.watch_polling)."""

    def __init__(self, on_poll: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_poll = on_poll

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        result = await super().do_request(*args, **kwargs)
        self._on_poll()
        return result


async def send_html(
    message: Message,
    html: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    as_reply: bool = False,
) -> Message:
    """Send HTML to the message's chat; if Telegram refuses the markup, send it as plain text."""
    reply = ReplyParameters(message.message_id, allow_sending_without_reply=True) if as_reply else None
    options = {"reply_markup": markup, "reply_parameters": reply, "link_preview_options": LinkPreviewOptions(is_disabled=True)}
    try:
        return await message.get_bot().send_message(message.chat_id, html, parse_mode="HTML", **options)
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        log.warning("Telegram refused the HTML (%s); sending plain text", exc)
        return await message.get_bot().send_message(message.chat_id, plain_text(html), **options)
