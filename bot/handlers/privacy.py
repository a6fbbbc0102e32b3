"""/privacy and /forget, for everyone: what the bot keeps, and deleting one's own records."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.delivery import send_html
from bot.handlers.sender import is_shared_sender, user_lang
from bot.replies import notice_html
from bot.state import state_of


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot keeps about people, and for how long."""
    state, lang = state_of(context), user_lang(update)
    key = "privacy" if state.store else "privacy_no_store"
    await send_html(update.effective_message, notice_html(lang, key, days=state.config.retention_days))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete every stored row of this user; refused for a sender id many people share."""
    state, user = state_of(context), update.effective_user
    if user is None or is_shared_sender(update):
        await send_html(update.effective_message, notice_html(user_lang(update), "forget_shared", days=state.config.retention_days))
        return
    state.drop_pending_inline(user.id)
    state.recent.forget_chat(user.id)  # the questions behind the answers in this private chat
    count = await state.store.run(state.store.forget, user.id) if state.store else 0
    await send_html(update.effective_message, notice_html(user_lang(update), "forgotten", count=count))
