"""Inline mode: `@bot question` in any chat offers answers to send, with their quotes."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import ContextTypes

from bot import messages
from bot.answers import entry_answer
from bot.handlers.sender import user_lang
from bot.replies import answer_html, inline_result
from bot.state import state_of

MAX_RESULTS = 8  # Telegram allows 50; more than a handful is noise
TOPICS = 10
CACHE_SECONDS = 60  # short, so an FAQ /reload shows up soon


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Best matches for the query; an empty query lists the main topics."""
    query = update.inline_query
    state = state_of(context)
    faq = state.knowledge.faq
    text = query.query.strip()
    if not text:
        lang = user_lang(update)
        entries = list(faq.entries.values())[:TOPICS]
        results = [inline_result(e, entry_answer(e, lang, faq), faq, f"{messages.text(lang, 'inline_topics')}: ") for e in entries]
        await query.answer(results, cache_time=CACHE_SECONDS)
        return
    answer = state.ask_inline(text, query.from_user.id, context.application.create_task)
    lang = answer.lang
    results: list[InlineQueryResultArticle] = []
    if answer.entry:
        results.append(inline_result(answer.entry, answer, faq))
        others = [faq.entries[r] for r in answer.entry.related if r in faq.entries]
    else:
        results.append(
            InlineQueryResultArticle(
                id=f"{lang}.none",
                title=answer.text,
                description=", ".join(e.first_question(lang) for e in answer.suggestions),
                input_message_content=InputTextMessageContent(answer_html(answer, faq), parse_mode="HTML"),
            )
        )
        others = list(answer.suggestions)
    results += [inline_result(e, entry_answer(e, lang, faq), faq) for e in others if not answer.entry or e.id != answer.entry.id]
    await query.answer(results[:MAX_RESULTS], cache_time=CACHE_SECONDS)
