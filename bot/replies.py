"""Render answers as Telegram messages: escaped HTML, quoted sources, buttons, inline results.

Formatting lives here, with the things formatted; handlers only decide where a reply goes.
Everything from the FAQ or from a user is escaped, and every message stays within Telegram's
limits (4096 characters of text, 64 bytes of callback data).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent

from bot import messages
from bot.answers import Answer, attribution, entry_answer
from bot.faq import FAQ, LANGS, Article, Entry

MAX_TEXT = 4096
MAX_REPORT_UNITS = 4000  # UTF-16 units of report text, under MAX_TEXT with room to spare
MAX_BUTTON_TEXT = 60
TOPICS_PER_PAGE = 8
MAX_RELATED = 3

# Callback data is "action|lang|argument": a:open an answer, up/down: feedback, p: a /faq page.
ACTIONS = ("a", "up", "down", "p")


@dataclass(frozen=True)
class Callback:
    action: str
    lang: str
    argument: str


def callback_data(action: str, lang: str, argument: str) -> str:
    data = f"{action}|{lang}|{argument}"
    assert len(data.encode()) <= 64, data  # entry ids are at most 40 characters (faq.ID_PATTERN)
    return data


def parse_callback(data: str | None) -> Callback | None:
    """Callback data is untrusted input: anything not in our own format is None."""
    parts = (data or "").split("|")
    if len(parts) != 3 or parts[0] not in ACTIONS or parts[1] not in LANGS or not parts[2]:
        return None
    if parts[0] == "p" and not re.fullmatch(r"[0-9]{1,4}", parts[2]):  # str.isdigit() takes ² and ٣ too
        return None
    return Callback(*parts)


def _button_text(question: str) -> str:
    return question if len(question) <= MAX_BUTTON_TEXT else question[: MAX_BUTTON_TEXT - 1] + "…"


def question_button(entry: Entry, lang: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_button_text(entry.first_question(lang)), callback_data=callback_data("a", lang, entry.id))


def answer_html(answer: Answer, faq: FAQ) -> str:
    """The answer, then each source sentence quoted verbatim under its own article's attribution
    (and, for English readers, a curated translation beneath it); or the abstention."""
    lang = answer.lang
    if not answer.answered:
        offer = messages.text(lang, "did_you_mean" if answer.nearby else "can_answer")
        listed = "".join(f"\n• {html.escape(e.first_question(lang))}" for e in answer.suggestions)
        return f"{html.escape(answer.text)}\n{html.escape(offer)}{listed}"
    body = html.escape(answer.text)
    earlier = ""
    if answer.earlier and answer.earlier_article:
        said = messages.text(lang, "earlier", attribution=attribution(answer.earlier_article, lang))
        earlier = f"\n\n{html.escape(said)} {html.escape(answer.earlier.answer[lang])}"
    room = MAX_TEXT - len(body) - len(earlier) - 2  # raw HTML is never shorter than what Telegram counts
    parts = []
    for article, group in answer.by_article():
        footer = f"<i>— {_attribution_html(article, lang)}</i>"
        room -= len(footer) + 1
        quotes = []
        for quote in group:
            text = f"<blockquote>{html.escape(quote.sentence.text)}</blockquote>"
            if lang == "en" and quote.sentence.translation:
                text += f"\n<i>{html.escape(messages.text(lang, 'translation'))}: {html.escape(quote.sentence.translation)}</i>"
            if len(text) + 1 > room:
                break
            quotes.append(text)
            room -= len(text) + 1
        if not quotes:
            break
        parts.append("\n".join(quotes) + f"\n{footer}")
    return f"{body}\n\n" + "\n".join(parts) + earlier


def _attribution_html(article: Article, lang: str) -> str:
    """`KBS, 2019-11-25`, a link to the article when article.yaml gives its url."""
    text = html.escape(attribution(article, lang))
    return f'<a href="{html.escape(article.url, quote=True)}">{text}</a>' if article.url else text


def answer_keyboard(answer: Answer, faq: FAQ, compact: bool) -> InlineKeyboardMarkup:
    """Related questions and 👍/👎 under an answer; suggestion buttons under an abstention."""
    lang = answer.lang
    if not answer.answered:
        return InlineKeyboardMarkup([[question_button(entry, lang)] for entry in answer.suggestions])
    rows = []
    if not compact:
        related = [faq.entries[rid] for rid in answer.entry.related[:MAX_RELATED] if rid in faq.entries]
        rows = [[question_button(entry, lang)] for entry in related]
    rows.append([
        InlineKeyboardButton("👍", callback_data=callback_data("up", lang, answer.entry.id)),
        InlineKeyboardButton("👎", callback_data=callback_data("down", lang, answer.entry.id)),
    ])
    return InlineKeyboardMarkup(rows)


def topics_keyboard(faq: FAQ, lang: str, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """One page of /faq: a button per entry, with ◀ ▶ to turn pages."""
    entries = list(faq.entries.values())
    pages = max(1, -(-len(entries) // TOPICS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * TOPICS_PER_PAGE
    rows = [[question_button(entry, lang)] for entry in entries[start : start + TOPICS_PER_PAGE]]
    turns = []
    if page > 1:
        turns.append(InlineKeyboardButton("◀", callback_data=callback_data("p", lang, str(page - 1))))
    if page < pages:
        turns.append(InlineKeyboardButton("▶", callback_data=callback_data("p", lang, str(page + 1))))
    if turns:
        rows.append(turns)
    return messages.text(lang, "faq_title", page=page, pages=pages), InlineKeyboardMarkup(rows)


def notice_html(lang: str, key: str, **values: object) -> str:
    """A fixed text from bot.messages, escaped for HTML."""
    return html.escape(messages.text(lang, key, **values))


def example_html(faq: FAQ, lang: str, key: str) -> str:
    """A usage text with an example question from the FAQ itself (its first entry's first question)."""
    return notice_html(lang, key, example=next(iter(faq.entries.values())).first_question(lang))


def start_html(faq: FAQ, lang: str) -> str:
    """Who the bot is and what it knows: the one article, or how many and the latest."""
    if len(faq.articles) > 1:
        latest = faq.newest()
        return html.escape(messages.text(lang, "start_many", count=len(faq.articles), outlet=latest.outlet, date=latest.date))
    article = faq.article
    return html.escape(messages.text(lang, "start", outlet=article.outlet, headline=article.headline, date=article.date))


def help_html(faq: FAQ, lang: str, bot: str) -> str:
    latest = faq.newest()
    return notice_html(lang, "help", bot=bot, count=len(faq.articles), outlet=latest.outlet, date=latest.date)


def sources_html(faq: FAQ, lang: str) -> str:
    """/sources: every article served, newest first: outlet, day, title, link and entry count."""
    lines = [html.escape(messages.text(lang, "sources_title", count=len(faq.articles)))]
    for article in sorted(faq.articles.values(), key=lambda a: a.published, reverse=True):
        entries = sum(entry.folder == article.name for entry in faq.entries.values())
        title = html.escape(article.title or article.headline)
        lines.append(f"• {_attribution_html(article, lang)} — {title} ({html.escape(messages.text(lang, 'sources_entries', count=entries))})")
    return "\n".join(lines)


def _inline_result(entry: Entry, answer: Answer, faq: FAQ, title_prefix: str = "") -> InlineQueryResultArticle:
    """An inline result whose message is the entry's answer with its quote; the id is short and unique per entry."""
    lang = answer.lang
    return InlineQueryResultArticle(
        id=f"{lang}.{entry.id}",
        title=title_prefix + entry.first_question(lang),
        description=entry.answer[lang][:120],
        input_message_content=InputTextMessageContent(answer_html(answer, faq), parse_mode="HTML"),
    )


def inline_results(answer: Answer, faq: FAQ, limit: int) -> list[InlineQueryResultArticle]:
    """The answer first, then its related entries; or the abstention, then the nearby entries."""
    lang = answer.lang
    if answer.entry:
        first = _inline_result(answer.entry, answer, faq)
        others = [faq.entries[r] for r in answer.entry.related if r in faq.entries and r != answer.entry.id]
    else:
        first = InlineQueryResultArticle(
            id=f"{lang}.none",
            title=answer.text,
            description=", ".join(e.first_question(lang) for e in answer.suggestions),
            input_message_content=InputTextMessageContent(answer_html(answer, faq), parse_mode="HTML"),
        )
        others = list(answer.suggestions)
    return ([first] + [_inline_result(e, entry_answer(e, lang, faq), faq) for e in others])[:limit]


def topic_results(faq: FAQ, lang: str, count: int) -> list[InlineQueryResultArticle]:
    """The first entries as inline results, for an empty query."""
    prefix = f"{messages.text(lang, 'inline_topics')}: "
    return [_inline_result(e, entry_answer(e, lang, faq), faq, prefix) for e in list(faq.entries.values())[:count]]


def report_html(text: str) -> str:
    """An admin report as one preformatted message, cut to what Telegram takes: it counts UTF-16
    units, so one stored question of 2,048 emoji is 4,096 of them."""
    return f"<pre>{html.escape(_cut_utf16(text, MAX_REPORT_UNITS))}</pre>"


def _cut_utf16(text: str, limit: int) -> str:
    units = text.encode("utf-16-le")
    if len(units) <= limit * 2:
        return text
    return units[: (limit - 1) * 2].decode("utf-16-le", errors="ignore") + "…"  # never half an emoji


def plain_text(html_text: str) -> str:
    """The same message without markup, for when Telegram refuses our HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
