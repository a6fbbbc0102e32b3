"""Button presses. Callback data is untrusted: every press is answered, forged ones politely."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import messages
from bot.answers import entry_answer
from bot.delivery import send_html
from bot.handlers.sender import user_lang
from bot.learning import alternatives
from bot.phrasings import Phrasings
from bot.replies import answer_html, answer_keyboard, notice_html, parse_callback, question_button, topics_keyboard
from bot.state import BotState, state_of

log = logging.getLogger(__name__)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open an answer (a pick among "did you mean" is a proposal), record 👍/👎 (after 👎, "did you mean…?"), or turn a /faq page."""
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
        if vote < 0 and query.message is not None:
            await _offer_instead(state, query.message, data.argument)
        return
    await query.answer()
    message = query.message
    if message is None:
        return  # a button under a message sent inline: answered, and there is no chat to send to
    offered = state.recent.get(message.chat_id, message.message_id)
    if data.action == "a" and offered is not None and data.argument in offered.offers:  # "did you mean" picked: a proposal
        await state.remember(lambda store: Phrasings(store).propose(data.argument, offered.question, offered.lang, offered.chat_type, query.from_user.id))
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


async def _offer_instead(state: BotState, message: Message, entry_id: str) -> None:
    """After a 👎 on an answer: "did you mean…?" with what else the question may ask, once per answer."""
    offered = state.recent.get(message.chat_id, message.message_id)
    if offered is None or offered.answered != entry_id or state.store is None:
        return
    state.recent.remember(message.chat_id, message.message_id, dataclasses.replace(offered, answered=None))  # a second 👎 asks nothing
    faq = state.knowledge.faq
    offers = await asyncio.to_thread(alternatives, faq, entry_id, offered.question)
    if not offers:
        return
    keyboard = InlineKeyboardMarkup([[question_button(faq.entries[e], offered.lang)] for e in offers])
    sent = await send_html(message, notice_html(offered.lang, "meant_instead"), keyboard, as_reply=message.chat.type != "private")
    state.recent.remember(sent.chat_id, sent.message_id, dataclasses.replace(offered, answered=None, offers=offers))
