"""Checks that run before any handler: duplicates, unapproved groups, flooding users."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.delivery import send_html
from bot.handlers.sender import sender_id, user_lang
from bot.replies import notice_html
from bot.state import state_of

log = logging.getLogger(__name__)


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update Telegram delivers twice (after a crash, say) is handled once."""
    if not state_of(context).seen.first_time(update.update_id):
        log.info("update %s seen before; skipped", update.update_id)
        state_of(context).note(update.update_id, "dropped: seen before")
        raise ApplicationHandlerStop


async def leave_unapproved_groups(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """With BOT_ALLOWED_CHATS set, the bot says why and leaves any other group."""
    allowed = state_of(context).config.allowed_chats
    chat = update.effective_chat
    if allowed is None or chat is None or chat.type == ChatType.PRIVATE or chat.id in allowed:
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


async def limit_flooding_users(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One user sending questions faster than a person types gets one notice, then silence."""
    user = update.effective_user
    if user is None or update.callback_query or update.inline_query:
        return  # presses must always be answered; inline queries come per keystroke and send nothing
    verdict = state_of(context).limiter.check(sender_id(update))
    if verdict == "ok":
        return
    log.info("user over the question limit: %s", verdict)
    state_of(context).note(update.update_id, "dropped: user over the question limit")
    if verdict == "notice" and update.effective_message:
        await send_html(update.effective_message, notice_html(user_lang(update), "slow_down"))
    raise ApplicationHandlerStop
