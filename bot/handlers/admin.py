"""/stats and /reload, for BOT_ADMINS only (/unanswered and /learned: bot/handlers/teaching.py).

To anyone else the admin commands do not exist: they get the same reply as an unknown command.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot import messages
from bot.delivery import send_html
from bot.faq import FAQError, load_faq
from bot.handlers.private import help_command
from bot.handlers.sender import user_lang
from bot.replies import notice_html, report_html
from bot.report import stats_text
from bot.state import state_of
from bot.store import Store


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in state_of(context).config.admins


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Questions today / 7 days / all time, share answered, top entries, votes."""
    await _report(update, context, lambda store: stats_text(store.stats()))


async def _report(update: Update, context: ContextTypes.DEFAULT_TYPE, build: Callable[[Store], str]) -> None:
    """An admin report from the store, read on its thread; to anyone else, the help."""
    if not is_admin(update, context):
        await help_command(update, context)
        return
    state = state_of(context)
    text = await state.store.run(build, state.store) if state.store else messages.text(user_lang(update), "privacy_no_store")
    await send_html(update.effective_message, report_html(text))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-read the FAQ folder; swap it in whole, or keep the old one and say why."""
    if not is_admin(update, context):
        await help_command(update, context)
        return
    state, lang = state_of(context), user_lang(update)
    folders = state.knowledge.faq.folders
    try:
        faq = await asyncio.to_thread(load_faq, folders)
    except FAQError as exc:
        lines = "\n".join(f"• {p}" for p in exc.problems[:10])
        await send_html(update.effective_message, f"{notice_html(lang, 'reload_failed')}\n{html.escape(lines)}")
        return
    knowledge = await state.reload(faq)  # with the learned phrasings
    await send_html(update.effective_message, notice_html(lang, "reloaded", entries=len(knowledge.faq.entries)))
