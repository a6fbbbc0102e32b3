"""Groups (and a channel's discussion group): /ask, @mentions and replies to the bot; nothing else.

With privacy mode on, Telegram delivers only commands, replies to the bot and messages sent via
it; @mentions arrive only when privacy mode is off or the bot is an admin.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot.delivery import send_html
from bot.handlers.answering import answer_question
from bot.handlers.guards import within_limit
from bot.handlers.sender import is_own_inline_answer, user_lang
from bot.replies import example_html
from bot.state import state_of


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask question (also /ask@bot question), in any chat."""
    message = update.effective_message
    question = " ".join(context.args or [])
    if not question.strip():
        await send_html(message, example_html(state_of(context).knowledge.faq, user_lang(update), "ask_usage"), as_reply=message.chat.type != "private")
        return
    await answer_question(state_of(context), update, question, group=message.chat.type != "private")


def _addressed_question(message: Message, bot_id: int, username: str) -> str | None:
    """The question if the message (its text, or a photo's caption) is for the bot: a mention or a
    reply to it; else None."""
    text = message.text or message.caption or ""
    mention = f"@{username}"
    mentions = message.parse_entities([MessageEntity.MENTION]) if message.text else message.parse_caption_entities([MessageEntity.MENTION])
    if any(found.casefold() == mention.casefold() for found in mentions.values()):
        return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text
    return None


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A mention of the bot or a reply to it is a question; all other chatter is ignored, uncounted."""
    message = update.effective_message
    if is_own_inline_answer(message, context.bot.id):
        return
    question = _addressed_question(message, context.bot.id, context.bot.username)
    if question is None or not await within_limit(update, context):
        return
    if not question:
        await send_html(message, example_html(state_of(context).knowledge.faq, user_lang(update), "ask_usage"), as_reply=True)
        return
    await answer_question(state_of(context), update, question, group=True)
