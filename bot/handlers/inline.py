"""Inline mode: `@bot question` in any chat offers answers to send, with their quotes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.sender import user_lang
from bot.replies import inline_results, topic_results
from bot.state import state_of

MAX_RESULTS = 8  # Telegram allows 50; more than a handful is noise
TOPICS = 10
CACHE_SECONDS = 60  # short, so an FAQ /reload shows up soon


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Best matches for the query; an empty query lists the main topics. Over the per-user limit a
    query goes unanswered (the next keystroke's is answered), so a flood costs neither matcher nor API."""
    query = update.inline_query
    state = state_of(context)
    if state.inline_limiter.check(query.from_user.id) != "ok":
        state.note(update.update_id, "dropped: user over the inline query limit")
        return
    faq = state.knowledge.faq
    text = query.query.strip()
    if not text:
        await query.answer(topic_results(faq, user_lang(update), TOPICS), cache_time=CACHE_SECONDS)
        return
    answer = await state.ask_inline(text, query.from_user.id, context.application.create_task)
    await query.answer(inline_results(answer, faq, MAX_RESULTS), cache_time=CACHE_SECONDS)
