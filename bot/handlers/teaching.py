"""/unanswered and /learned, and their buttons: admins teach the bot from the chat.

A tap on an entry makes the question a learned phrasing of it, answered at once (bot/state.py
`learn`); the message is then edited to say what was done, with "undo". Teaching buttons pressed by
anyone but an admin, and forged ones, change nothing and are answered like a stale button.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import messages, teaching_replies as teaching
from bot.delivery import send_html
from bot.handlers.admin import is_admin
from bot.handlers.guards import within_limit
from bot.handlers.private import help_command
from bot.handlers.sender import user_lang
from bot.phrasings import Phrasings
from bot.state import BotState, state_of

log = logging.getLogger(__name__)

SHOWN = 10  # proposals and questions per /unanswered: each is a message of its own


async def unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Members' proposals first, then the latest unanswered questions, each with its buttons."""
    if not is_admin(update, context):
        await help_command(update, context)
        return
    state = state_of(context)
    message = update.effective_message
    if state.store is None:
        await send_html(message, html.escape(messages.text(user_lang(update), "privacy_no_store")))
        return
    store, phrasings = state.store, Phrasings(state.store)
    proposals = await store.run(phrasings.proposals, SHOWN + 1)
    handled = await store.run(phrasings.handled_keys)
    questions = await store.run(lambda: store.unanswered(SHOWN + 1 - min(len(proposals), SHOWN), handled))
    shown_proposals = proposals[:SHOWN]
    shown_questions = questions[: SHOWN - len(shown_proposals)]
    more = len(proposals) + len(questions) > len(shown_proposals) + len(shown_questions)
    await send_html(message, teaching.header_html(len(shown_proposals), len(shown_questions), more))
    faq = state.knowledge.faq
    for proposal in shown_proposals:
        await send_html(message, teaching.proposal_html(proposal, faq), teaching.proposal_keyboard(proposal))
    for group in shown_questions:
        asked = await store.run(phrasings.asked, group.id)
        if asked is not None:  # None: forgotten meanwhile
            await send_html(
                message,
                teaching.question_html(group.text, group.count, asked.lang, asked.chat_type, group.last_at),
                teaching.question_keyboard(faq, group.id, asked.lang, await _candidates(state, group.text)),
            )


async def learned(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The learned phrasings, newest first, a page at a time, each with "remove"."""
    if not is_admin(update, context):
        await help_command(update, context)
        return
    state = state_of(context)
    if state.store is None:
        await send_html(update.effective_message, html.escape(messages.text(user_lang(update), "privacy_no_store")))
        return
    text, keyboard = teaching.learned_page(await state.store.run(Phrasings(state.store).learned), 1)
    await send_html(update.effective_message, text, keyboard)


async def teaching_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A teaching button: done and shown, refused with the reason, or (not an admin, forged) nothing."""
    query = update.callback_query
    state = state_of(context)
    tap = teaching.parse_teaching(query.data)
    if not is_admin(update, context) or tap is None or state.store is None or query.message is None:
        if is_admin(update, context) or await within_limit(update, context):
            await query.answer(messages.text(user_lang(update), "button_stale"))
        return
    done = await _act(state, tap, query.from_user.id)
    if done is None:
        await query.answer(messages.text("en", "button_stale"))
        return
    toast, text, keyboard = done
    await query.answer(toast, show_alert=bool(toast) and text is None)
    if text is not None:
        try:
            await query.edit_message_text(text, parse_mode="HTML", reply_markup=keyboard)
        except BadRequest as exc:  # "message is not modified": the same tap twice
            log.info("teaching message not edited: %s", exc)


Done = tuple[str, str | None, InlineKeyboardMarkup | None]  # a toast; the message's new text and buttons (None: leave it)


async def _act(state: BotState, tap: teaching.Tap, admin_id: int) -> Done | None:
    """Do what the tap asks; None when what it refers to is gone (or the data is not ours)."""
    store, phrasings = state.store, Phrasings(state.store)
    faq = state.knowledge.faq
    if tap.verb in ("learn", "none", "ignore"):
        asked = await store.run(phrasings.asked, tap.number)
        if asked is None:
            return None
        if tap.verb == "learn":
            entry_id = teaching.entry_of(faq, tap.argument)
            if entry_id is None:
                return None
            learned_id, refused = await state.learn(entry_id, asked.text, asked.lang, asked.chat_type, "unanswered", admin_id)
            if learned_id is None:
                return f"Not learned: {refused}"[:200], None, None
            return "Learned", teaching.learned_html(asked.text, entry_id, asked.lang, state.knowledge.faq), teaching.undo_keyboard("unlearn", learned_id, asked.id)
        verdict_id = await store.run(phrasings.judge, asked.text, tap.verb, admin_id)
        return "", teaching.judged_html(asked.text, tap.verb), teaching.undo_keyboard("unjudge", verdict_id, asked.id)
    if tap.verb in ("accept", "reject"):
        proposal = await store.run(phrasings.proposal, tap.number)
        if proposal is None:
            return None
        if tap.verb == "reject":
            await store.run(phrasings.reject, proposal.id)
            return "Rejected", teaching.rejected_html(proposal, faq), None
        learned_id, refused = await state.learn(proposal.entry, proposal.text, proposal.lang, proposal.chat_type, "proposal", admin_id)
        if learned_id is None:
            return f"Not learned: {refused}"[:200], None, None
        return "Learned", teaching.learned_html(proposal.text, proposal.entry, proposal.lang, state.knowledge.faq), teaching.undo_keyboard("unlearn", learned_id, 0)
    if tap.verb in ("unlearn", "unjudge"):
        undone = await state.unlearn(tap.number) if tap.verb == "unlearn" else await store.run(phrasings.unjudge, tap.number)
        if not undone:
            return None
        asked = await store.run(phrasings.asked, _number(tap.argument))
        if asked is None:  # an accepted proposal, or a question purged since: nothing to ask again
            return "Undone", teaching.removed_html(undone.text, undone.entry) if tap.verb == "unlearn" else "↩ Undone.", None
        group = next((g for g in await store.run(store.unanswered, 2000) if g.id == asked.id), None)
        count, at = (group.count, group.last_at) if group else (1, 0.0)
        return "Undone", teaching.question_html(asked.text, count, asked.lang, asked.chat_type, at), teaching.question_keyboard(
            state.knowledge.faq, asked.id, asked.lang, await _candidates(state, asked.text))
    if tap.verb in ("remove", "page"):
        if tap.verb == "remove" and await state.unlearn(tap.number) is None:
            return None
        page = tap.number if tap.verb == "page" else _number(tap.argument)
        text, keyboard = teaching.learned_page(await store.run(phrasings.learned), page)
        return ("Removed" if tap.verb == "remove" else ""), text, keyboard
    return None


def _number(argument: str) -> int:
    """A question id or page from callback data (an entry token there is forged: 0)."""
    return int(argument) if argument.isdigit() else 0


async def _candidates(state: BotState, text: str) -> tuple[str, ...]:
    """The matcher's best candidate entries for the question, as it reads it now."""
    found = await asyncio.to_thread(state.knowledge.matcher.match, text)
    return found.suggestions or ((found.best,) if found.best else ())
