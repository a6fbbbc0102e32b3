"""The admins' teaching messages: an unanswered question or a member's proposal with its buttons,
what a tap did (with "undo"), and the pages of /learned.

Formatting only, like bot/replies.py: handlers decide what happens. Admin texts are English, like
the other admin reports. Callback data is "t<verb>|<number>[|<entry token or number>]", at most 28
bytes, and untrusted: `parse_teaching` accepts only that shape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.faq import FAQ
from bot.phrasings import Learned, Proposal
from bot.replies import MAX_BUTTON_TEXT

PATTERN = r"^t[a-z]\|"  # the handler's filter: every teaching callback, forged ones too
LEARNED_PER_PAGE = 5
MAX_QUOTED = 300  # characters of a member's question quoted in an admin message

# The verbs: learn, none of these, ignore (a question); accept, reject (a proposal); undo a learned
# phrasing, undo a verdict; remove a learned phrasing from a /learned page; turn a /learned page.
VERBS = {"l": "learn", "n": "none", "i": "ignore", "a": "accept", "r": "reject", "u": "unlearn", "v": "unjudge", "x": "remove", "g": "page"}
_SHAPE = re.compile(r"t([lniaruvxg])\|([0-9]{1,12})(?:\|([0-9a-f]{1,12}))?")


@dataclass(frozen=True)
class Tap:
    verb: str
    number: int  # a question, proposal, learned phrasing or verdict id; a page for "page"
    argument: str = ""  # an entry's token for "learn"; the question or page to show again for undo and remove


def entry_token(entry_id: str) -> str:
    """An entry named in 8 hex digits: `folder/id` keys are up to 59 bytes, too long beside a question id."""
    return hashlib.sha256(entry_id.encode()).hexdigest()[:8]


def entry_of(faq: FAQ, token: str) -> str | None:
    """The entry a token names, if exactly one does."""
    found = [entry_id for entry_id in faq.entries if entry_token(entry_id) == token]
    return found[0] if len(found) == 1 else None


def teaching_data(verb: str, number: int, argument: str | int = "") -> str:
    short = next(k for k, v in VERBS.items() if v == verb)
    data = f"t{short}|{number}" + (f"|{argument}" if argument != "" else "")
    assert len(data.encode()) <= 64, data
    return data


def parse_teaching(data: str | None) -> Tap | None:
    found = _SHAPE.fullmatch(data or "")
    if found is None:
        return None
    return Tap(VERBS[found[1]], int(found[2]), found[3] or "")


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return html.escape(f"“{text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + '…'}”")


def _when(at: float) -> str:
    return f"{dt.datetime.fromtimestamp(at, dt.timezone.utc):%Y-%m-%d %H:%M} UTC"


def _entry_label(faq: FAQ, entry_id: str, lang: str) -> str:
    entry = faq.entries.get(entry_id)
    question = entry.first_question(lang) if entry else "no longer in the FAQ"
    return f"<b>{html.escape(entry_id)}</b> ({html.escape(question)})"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text if len(text) <= MAX_BUTTON_TEXT else text[: MAX_BUTTON_TEXT - 1] + "…", callback_data=data)


def header_html(proposals: int, questions: int, more: bool) -> str:
    if not proposals and not questions:
        return "No unanswered questions and no proposals: nothing to teach."
    rest = " More are waiting: what you handle here leaves the list, so /unanswered again shows the next ones." if more else ""
    return (f"<b>To teach:</b> {proposals} proposal(s) from members, {questions} unanswered question(s).{rest}\n"
            "Tap the entry that answers a question: the bot answers it so from now on.")


def question_html(text: str, count: int, lang: str, chat_type: str, at: float) -> str:
    return f"❓ {count}× {_quoted(text)}\n<i>{lang} · {chat_type} · last asked {_when(at)}</i>\nWhich entry answers it?"


def question_keyboard(faq: FAQ, question_id: int, lang: str, candidates: tuple[str, ...]) -> InlineKeyboardMarkup:
    """The matcher's candidate entries, each as "→ its first question", then "none of these" and "ignore"."""
    rows = [[_button(f"→ {faq.entries[e].first_question(lang)}", teaching_data("learn", question_id, entry_token(e)))] for e in candidates if e in faq.entries]
    rows.append([_button("none of these", teaching_data("none", question_id)), _button("ignore", teaching_data("ignore", question_id))])
    return InlineKeyboardMarkup(rows)


def proposal_html(proposal: Proposal, faq: FAQ) -> str:
    who = "a member" if proposal.members == 1 else f"{proposal.members} members"
    return (f"💬 Proposal from {who}: {_quoted(proposal.text)}\n→ {_entry_label(faq, proposal.entry, proposal.lang)}\n"
            f"<i>{proposal.lang} · {proposal.chat_type} · {_when(proposal.at)}</i>")


def proposal_keyboard(proposal: Proposal) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("✅ accept", teaching_data("accept", proposal.id)), _button("✖ reject", teaching_data("reject", proposal.id))]])


def learned_html(text: str, entry_id: str, lang: str, faq: FAQ) -> str:
    return f"✅ Learned: {_quoted(text)} → {_entry_label(faq, entry_id, lang)}\nThe bot answers it with this entry from now on."


def undo_keyboard(verb: str, number: int, question_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("↩ undo", teaching_data(verb, number, question_id))]])


def judged_html(text: str, verdict: str) -> str:
    if verdict == "none":
        return f"➖ None of these: {_quoted(text)} is off /unanswered; it asks for an entry the FAQ does not have."
    return f"🙈 Ignored: {_quoted(text)} is off /unanswered."


def rejected_html(proposal: Proposal, faq: FAQ) -> str:
    return f"✖ Rejected: {_quoted(proposal.text)} → {_entry_label(faq, proposal.entry, proposal.lang)}"


def removed_html(text: str, entry_id: str) -> str:
    return f"↩ Removed: {_quoted(text)} is no phrasing of <b>{html.escape(entry_id)}</b> any more."


def learned_page(learned: list[Learned], page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of /learned, newest first: each phrasing with its provenance and a "remove" button."""
    if not learned:
        return "No learned phrasings yet: teach them from /unanswered.", None
    newest = learned[::-1]
    pages = -(-len(newest) // LEARNED_PER_PAGE)
    page = min(max(page, 1), pages)
    start = (page - 1) * LEARNED_PER_PAGE
    lines = [f"<b>Learned phrasings</b> ({len(newest)}, page {page}/{pages}):"]
    rows = []
    for number, item in enumerate(newest[start : start + LEARNED_PER_PAGE], start + 1):
        origin = "a member's proposal" if item.origin == "proposal" else "/unanswered"
        lines.append(f"{number}. {_quoted(item.text)} → <b>{html.escape(item.entry)}</b>\n"
                     f"   <i>{item.lang} · asked in {item.chat_type} · from {origin} · approved {_when(item.at)} by admin {item.approved_by[:6]}</i>")
        rows.append([_button(f"✖ remove {number}. {' '.join(item.text.split())}", teaching_data("remove", item.id, page))])
    turns = []
    if page > 1:
        turns.append(_button("◀", teaching_data("page", page - 1)))
    if page < pages:
        turns.append(_button("▶", teaching_data("page", page + 1)))
    if turns:
        rows.append(turns)
    return "\n".join(lines), InlineKeyboardMarkup(rows)
