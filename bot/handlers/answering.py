"""The one path from a question in a message to an answer in the chat."""

from __future__ import annotations

from telegram import Update

from bot.delivery import send_html
from bot.handlers.sender import sender_id
from bot.replies import answer_html, answer_keyboard
from bot.state import BotState, Offered


async def answer_question(state: BotState, update: Update, question: str, *, group: bool) -> None:
    """Answer (or abstain) in the message's chat; in groups compactly, as a reply to the question."""
    message = update.effective_message
    answer = await state.ask(question, "group" if group else "private", sender_id(update))
    faq = state.knowledge.faq
    sent = await send_html(message, answer_html(answer, faq), answer_keyboard(answer, faq, compact=group), as_reply=group)
    offers = tuple(entry.id for entry in answer.suggestions) if answer.nearby else ()
    if answer.answered or offers:
        state.recent.remember(sent.chat_id, sent.message_id, Offered(question, answer.lang, "group" if group else "private", answer.entry and answer.entry.id, offers))
