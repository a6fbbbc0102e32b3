"""Checks before a handler answers: duplicates and unapproved groups first, then the sender's limit."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.delivery import send_html
from bot.handlers.sender import is_shared_sender, sender_id, user_lang
from bot.replies import notice_html
from bot.state import state_of

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update Telegram delivers twice (after a crash, say) is handled once. The poller's inbox
    admits each update id once already, and handles one again only to retry its answer."""
    state = state_of(context)
    if update.update_id in state.outcomes:
        return
    if not state.seen.first_time(update.update_id):
        log.info("update %s seen before; skipped", update.update_id)
        raise ApplicationHandlerStop


async def leave_unapproved_groups(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """With BOT_ALLOWED_CHATS set, the bot says why and leaves any other group; a group that
    became a supergroup stays approved."""
    state = state_of(context)
    chat, message = update.effective_chat, update.effective_message
    if chat and message and (message.migrate_from_chat_id or message.migrate_to_chat_id):
        await state.follow_migration(message.migrate_from_chat_id or chat.id, message.migrate_to_chat_id or chat.id)
    if chat is None or chat.type == ChatType.PRIVATE or state.serves(chat.id):
        return
    log.info("leaving chat %s: not in BOT_ALLOWED_CHATS", chat.id)
    state_of(context).note(update.update_id, "dropped: group not in BOT_ALLOWED_CHATS")
    try:
        if update.effective_message:
            await send_html(update.effective_message, notice_html(user_lang(update), "leave_chat"))
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:
        log.warning("could not leave chat %s: %s", chat.id, exc)
    raise ApplicationHandlerStop


def limited(handler: Handler) -> Handler:
    """A handler that answers, counted against its sender's limit (see within_limit)."""

    @functools.wraps(handler)
    async def counted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await within_limit(update, context):
            await handler(update, context)

    return counted


async def within_limit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Count a question or press the bot is about to answer (chatter and service messages never
    count). Over the limit the member alone is told, once: a press gets the notice as its answer;
    a message gets it in their private chat, never in the group; later ones are dropped quietly."""
    sender = sender_id(update)
    if sender is None:
        return True
    verdict = state_of(context).limiter.check(sender)
    if verdict == "ok":
        return True
    log.info("sender over the question limit: %s", verdict)
    state_of(context).note(update.update_id, "dropped: sender over the question limit")
    notice = messages.text(user_lang(update), "slow_down")
    if update.callback_query:
        await update.callback_query.answer(notice)  # a press is always answered, and only its presser sees this
    elif verdict == "notice":
        await _tell_member(update, context, notice)
    return False


async def _tell_member(update: Update, context: ContextTypes.DEFAULT_TYPE, notice: str) -> None:
    """In a private chat, there; from a group, privately, if the member ever started the bot."""
    user = update.effective_user
    if user is None or is_shared_sender(update):
        return
    try:
        await context.bot.send_message(user.id, html.escape(notice), parse_mode="HTML")
    except TelegramError as exc:  # Forbidden: never started a private chat with the bot
        log.info("could not tell an over-the-limit member privately: %s", exc)
