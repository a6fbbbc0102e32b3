"""Admins teach the bot from the chat: /unanswered's buttons, undo, refusals, /learned, proposals.

Fast tests through the real handlers on a fake BaseRequest (see test_handlers.py); the same flow
through the real bot process and the stand-in is in test_bot_e2e.py.
"""

from __future__ import annotations

import html
import json
import re

from faqkit import ROOT
from test_handlers import ADMIN, ME, harness, message, press, run

from bot.phrasings import Phrasings

MEMBER = 4242
UNANSWERED = "what's the deal with the busan thing"  # the shipped FAQ abstains, offering meeting-place among others
VARIANT = "whats the deal w/ the busan thing?"


def shown(params: dict) -> dict:
    """A sent message as the user reads it: the HTML parsed to its text."""
    return params | {"text": html.unescape(re.sub(r"<[^>]+>", "", params["text"]))}


def keyboard(params: dict) -> list[dict]:
    markup = params.get("reply_markup")
    markup = json.loads(markup) if isinstance(markup, str) else markup or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def on(params: dict) -> dict:
    """The admin's message a press comes from."""
    return {"message_id": 77, "date": 0, "chat": {"id": ADMIN, "type": "private"}, "from": ME, "text": params["text"]}


async def ask(h, text: str, user: int = MEMBER) -> dict:
    await h.feed("message", message(user, user, text))
    return shown(h.telegram.sent()[-1])


async def unanswered_items(h) -> list[dict]:
    before = len(h.telegram.sent())
    await h.feed("message", message(ADMIN, ADMIN, "/unanswered"))
    return [shown(params) for params in h.telegram.sent()[before + 1 :]]  # after the header


def tap(buttons: list[dict], starts: str) -> str:
    return next(b["callback_data"] for b in buttons if b["text"].startswith(starts))


def edits(h) -> list[dict]:
    return [shown(params) for params in h.telegram.sent("editMessageText")]


def toasts(h) -> list[str]:
    return [params.get("text", "") for params in h.telegram.sent("answerCallbackQuery")]


def test_a_tap_on_an_entry_learns_the_question_and_the_bot_answers_it_and_a_variant_at_once(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            assert "does not say" in (await ask(h, UNANSWERED))["text"]
            (item,) = await unanswered_items(h)
            assert UNANSWERED in item["text"] and "1×" in item["text"]
            buttons = keyboard(item)
            assert [b["text"] for b in buttons][-2:] == ["none of these", "ignore"]
            meeting_place = h.state.knowledge.faq.entries["meeting-place"]
            assert f"→ {meeting_place.first_question('en')}" in [b["text"] for b in buttons], "the matcher's candidates as buttons"
            await h.feed("callback_query", press(ADMIN, tap(buttons, "→ Where"), on(item)))
            edited = edits(h)[-1]
            assert "Learned" in edited["text"] and "meeting-place" in edited["text"]
            assert [b["text"] for b in keyboard(edited)] == ["↩ undo"]
            assert "Busan" in (await ask(h, UNANSWERED, 4343))["text"], "answered at once, no reload"
            assert "Busan" in (await ask(h, VARIANT, 4344))["text"], "a near variant too"
            assert await unanswered_items(h) == [], "a learned question is off /unanswered"
            (learned,) = await h.state.store.run(Phrasings(h.state.store).learned)
            assert (learned.entry, learned.text, learned.lang, learned.chat_type, learned.origin) == ("meeting-place", UNANSWERED, "en", "private", "unanswered")
            assert learned.approved_by == h.state.store.user_hash(ADMIN)

    run(scenario)


def test_undo_forgets_the_phrasing_at_once_and_shows_the_question_with_its_buttons_again(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await ask(h, UNANSWERED)
            (item,) = await unanswered_items(h)
            await h.feed("callback_query", press(ADMIN, tap(keyboard(item), "→ Where"), on(item)))
            learned = edits(h)[-1]
            await h.feed("callback_query", press(ADMIN, tap(keyboard(learned), "↩"), on(learned)))
            undone = edits(h)[-1]
            assert UNANSWERED in undone["text"] and "Which entry answers it?" in undone["text"]
            assert keyboard(undone) == keyboard(item), "the same choice as before"
            assert "does not say" in (await ask(h, UNANSWERED, 4343))["text"]
            assert await h.state.store.run(Phrasings(h.state.store).learned) == []
            assert len(await unanswered_items(h)) == 1
            # An undo whose question part is forged still undoes, and says so without the question.
            await h.feed("callback_query", press(ADMIN, tap(keyboard(undone), "→ Where"), on(undone)))
            learned_id = tap(keyboard(edits(h)[-1]), "↩").split("|")[1]
            await h.feed("callback_query", press(ADMIN, f"tu|{learned_id}|abc", on(undone)))
            assert "Removed" in edits(h)[-1]["text"] and toasts(h)[-1] == "Undone"

    run(scenario)


def test_a_non_admins_or_a_forged_teaching_callback_is_refused_and_changes_nothing(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await ask(h, UNANSWERED)
            (item,) = await unanswered_items(h)
            learn = tap(keyboard(item), "→ Where")
            question_id = int(learn.split("|")[1])
            await h.feed("callback_query", press(MEMBER, learn, on(item)))  # the admin's data, a member's press
            token = learn.split("|")[2]
            for forged in (f"tl|{question_id}|deadbeef", f"tl|{question_id}|meeting-place", f"tl|{question_id + 99}|{token}", f"tl|x|{token}", f"tq|{question_id}", f"tu|{question_id}|0", f"tu|{question_id}|abc", f"tx|{question_id}|ff"):
                await h.feed("callback_query", press(ADMIN, forged, on(item)))
            assert edits(h) == [], "no message was edited"
            assert len(toasts(h)) == 9, "every press is answered"
            assert all("no longer works" in text or "Not learned" in text for text in toasts(h))
            assert await h.state.store.run(Phrasings(h.state.store).learned) == []
            assert "does not say" in (await ask(h, UNANSWERED, 4343))["text"]

    run(scenario)


def test_a_wording_another_entry_has_is_refused_with_the_reason_not_learned(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            store = h.state.store
            for user, text in enumerate((UNANSWERED, "the gathering in busan was about what"), start=MEMBER):
                await ask(h, text, user)
            first, second = await unanswered_items(h)
            phrasings = Phrasings(store)
            # A curator's own wording, learned under another entry, would be one wording under two entries.
            taken = h.state.knowledge.faq.entries["overview"].first_question("en")
            learned_id, refused = await h.state.learn("meeting-place", taken, "en", "private", "unanswered", ADMIN)
            assert learned_id is None and "'overview'" in refused
            await h.feed("callback_query", press(ADMIN, tap(keyboard(second), "→ Where"), on(second)))
            (learned,) = await store.run(phrasings.learned)
            learned_id, refused = await h.state.learn("overview", learned.text, "en", "private", "unanswered", ADMIN)
            assert learned_id is None and "'meeting-place'" in refused, "a learned wording belongs to its entry too"
            assert len(await store.run(phrasings.learned)) == 1
            # What the matcher would still answer otherwise, or not at all, is no phrasing of the entry.
            learned_id, refused = await h.state.learn("overview", "kscon schedule pls", "en", "private", "unanswered", ADMIN)
            assert learned_id is None and "would still not answer it (ambiguous: kscon-when" in refused
            learned_id, refused = await h.state.learn("meeting-date", "what took place in 1850", "en", "private", "unanswered", ADMIN)
            assert learned_id is None and "would still not answer it (number" in refused
            assert len(await store.run(phrasings.learned)) == 1
            assert h.state.knowledge.matcher.match("kscon schedule pls").entry == "kscon-when"

    run(scenario)


def test_ignore_and_none_of_these_take_a_question_off_unanswered_until_undone(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await ask(h, UNANSWERED)
            await ask(h, "how big is the smart city market", 4343)
            market, busan = await unanswered_items(h)
            await h.feed("callback_query", press(ADMIN, tap(keyboard(busan), "ignore"), on(busan)))
            await h.feed("callback_query", press(ADMIN, tap(keyboard(market), "none of these"), on(market)))
            ignored, none = edits(h)
            assert "Ignored" in ignored["text"] and "None of these" in none["text"]
            assert await unanswered_items(h) == []
            await h.feed("callback_query", press(ADMIN, tap(keyboard(ignored), "↩"), on(ignored)))
            (back,) = await unanswered_items(h)
            assert UNANSWERED in back["text"]
            assert "does not say" in (await ask(h, UNANSWERED, 4344))["text"], "a verdict teaches the matcher nothing"

    run(scenario)


def test_learned_lists_each_phrasing_with_its_provenance_and_remove_forgets_it(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await ask(h, UNANSWERED)
            (item,) = await unanswered_items(h)
            await h.feed("callback_query", press(ADMIN, tap(keyboard(item), "→ Where"), on(item)))
            await h.feed("message", message(ADMIN, ADMIN, "/learned"))
            page = shown(h.telegram.sent()[-1])
            assert UNANSWERED in page["text"] and "meeting-place" in page["text"] and "asked in private" in page["text"]
            assert h.state.store.user_hash(ADMIN)[:6] in page["text"] and str(ADMIN) not in page["text"]
            await h.feed("callback_query", press(ADMIN, tap(keyboard(page), "✖ remove 1."), on(page)))
            assert "No learned phrasings" in edits(h)[-1]["text"]
            assert "does not say" in (await ask(h, UNANSWERED, 4343))["text"]
            await h.feed("message", message(MEMBER, MEMBER, "/learned"))
            assert "Learned phrasings" not in h.telegram.sent()[-1]["text"], "not for members"

    run(scenario)


def test_reload_keeps_the_learned_phrasings(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            await ask(h, UNANSWERED)
            (item,) = await unanswered_items(h)
            await h.feed("callback_query", press(ADMIN, tap(keyboard(item), "→ Where"), on(item)))
            await h.feed("message", message(ADMIN, ADMIN, "/reload"))
            assert "FAQ reloaded" in h.telegram.sent()[-1]["text"]
            assert "Busan" in (await ask(h, UNANSWERED, 4343))["text"]

    run(scenario)


def test_with_several_folders_served_an_entry_is_taught_as_folder_and_id_within_64_bytes(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path, [ROOT / "faq", ROOT / "tests" / "kb" / "followup"]) as h:
            await ask(h, UNANSWERED)
            (item,) = await unanswered_items(h)
            assert all(len(b["callback_data"].encode()) <= 64 for b in keyboard(item))
            await h.feed("callback_query", press(ADMIN, tap(keyboard(item), "→ Where"), on(item)))
            assert "faq/meeting-place" in edits(h)[-1]["text"]
            assert "Busan" in (await ask(h, UNANSWERED, 4343))["text"]

    run(scenario)


def test_unanswered_shows_ten_at_a_time_and_the_next_once_these_are_handled(tmp_path):
    async def scenario() -> None:
        async with harness(tmp_path) as h:
            asked = [f"is there a bakery number {n} near the venue" for n in range(12)]
            for n, text in enumerate(asked):
                await ask(h, text, 5000 + n)
            before = len(h.telegram.sent())
            first = await unanswered_items(h)
            assert "More are waiting" in h.telegram.sent()[before]["text"] and len(first) == 10
            for item in first:
                await h.feed("callback_query", press(ADMIN, tap(keyboard(item), "ignore"), on(item)))
            rest = await unanswered_items(h)
            assert sorted(shown["text"].split("“")[1].split("”")[0] for shown in rest) == sorted(asked[:2])

    run(scenario)
