"""Private chats: /start, /help, /faq, any text, and what is not text."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.delivery import send_html
from bot.handlers.answering import answer_question
from bot.handlers.guards import within_limit
from bot.handlers.sender import is_own_inline_answer, user_lang
from bot.replies import example_html, help_html, question_button, sources_html, start_html, topics_keyboard
from bot.state import state_of

EXAMPLES = 3


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Who the bot is, what it knows, and example questions as buttons."""
    state, lang = state_of(context), user_lang(update)
    faq = state.knowledge.faq
    examples = InlineKeyboardMarkup([[question_button(e, lang)] for e in list(faq.entries.values())[:EXAMPLES]])
    await send_html(update.effective_message, start_html(faq, lang), examples)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """How to ask, in private, in groups and inline, and how many articles the answers come from."""
    await send_html(update.effective_message, help_html(state_of(context).knowledge.faq, user_lang(update), context.bot.username))


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The articles the bot answers from, newest first."""
    await send_html(update.effective_message, sources_html(state_of(context).knowledge.faq, user_lang(update)))


async def faq_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The topics as buttons, a page at a time."""
    title, keyboard = topics_keyboard(state_of(context).knowledge.faq, user_lang(update), 1)
    await send_html(update.effective_message, html.escape(title), keyboard)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text in a private chat is a question, and so is a photo's caption; not our own inline answer."""
    message = update.effective_message
    if is_own_inline_answer(message, context.bot.id) or not await within_limit(update, context):
        return
    await answer_question(state_of(context), update, message.text or message.caption, group=False)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files: a hint to ask in text."""
    await send_html(update.effective_message, example_html(state_of(context).knowledge.faq, user_lang(update), "not_text"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: the help, rather than silence."""
    await help_command(update, context)
