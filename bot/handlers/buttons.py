"""Button presses. Callback data is untrusted: every press is answered, forged ones politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import messages
from bot.answers import entry_answer
from bot.delivery import send_html
from bot.handlers.sender import user_lang
from bot.replies import answer_html, answer_keyboard, parse_callback, topics_keyboard
from bot.state import state_of

log = logging.getLogger(__name__)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open an answer, record 👍/👎, or turn a /faq page."""
    query = update.callback_query
    state = state_of(context)
    faq = state.knowledge.faq
    data = parse_callback(query.data)
    if data is None or (data.action != "p" and data.argument not in faq.entries):
        await query.answer(messages.text(user_lang(update), "button_stale"))
        return
    if data.action in ("up", "down"):
        vote = 1 if data.action == "up" else -1
        await state.remember(lambda store: store.record_feedback(data.argument, vote, query.from_user.id))
        await query.answer(messages.text(data.lang, "feedback_thanks"))
        return
    await query.answer()
    message = query.message
    if message is None:
        return  # a button under a message sent inline: answered, and there is no chat to send to
    if data.action == "p":
        title, keyboard = topics_keyboard(faq, data.lang, int(data.argument))
        try:
            await query.edit_message_text(title, reply_markup=keyboard)
        except BadRequest as exc:  # "message is not modified" when the page is already shown
            log.info("page turn not applied: %s", exc)
        return
    answer = entry_answer(faq.entries[data.argument], data.lang, faq)
    group = message.chat.type != "private"
    await send_html(message, answer_html(answer, faq), answer_keyboard(answer, faq, compact=group))
