"""Who sent an update: the key the bot counts and stores them by, and the language of their menus.

Telegram sends every anonymous group admin as one user (GroupAnonymousBot) and every post made on
behalf of a channel as another (Channel_Bot), each with `sender_chat` set: such a sender is the chat
it speaks for, so one group's anonymous admins never share a limit or records with another's.
"""

from __future__ import annotations

from telegram import Message, Update


def sender_id(update: Update) -> int | None:
    """The chat a message speaks for when it has one (a negative id, apart from every user's), else the user."""
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    user = update.effective_user
    return user.id if user else None


def is_shared_sender(update: Update) -> bool:
    """True when the user id stands for many people (anonymous admins, a channel's posts)."""
    message = update.effective_message
    return message is not None and message.sender_chat is not None


def user_lang(update: Update) -> str:
    """The user's Telegram language decides the language of menus; questions decide answers."""
    user = update.effective_user
    return "ko" if user and (user.language_code or "").startswith("ko") else "en"


def is_own_inline_answer(message: Message, bot_id: int) -> bool:
    """A message a user sent via this bot's inline mode: our own answer, not a question."""
    return message.via_bot is not None and message.via_bot.id == bot_id
