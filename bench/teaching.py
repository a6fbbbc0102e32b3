"""Teaching benchmark: an admin turns ten unanswered questions into phrasings from /unanswered.
The real `python -m bot run` against the loopback Bot API stand-in. Prints figures; it is not a
test and asserts nothing.

    .venv/bin/python bench/teaching.py        # about 15 s

Members ask QUESTIONS the shipped FAQ does not answer; the admin sends /unanswered and taps, on
each question, the entry button of the expected entry (the matcher's first candidate when it is
not offered). Timed: each tap from being queued to the admin's message edited, and the ten taps in
a row. Then each question, and the same question reworded a little, is asked again.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from botproc import running_bot  # noqa: E402

from bot.faq import load_faq  # noqa: E402
from bot.normalize import language_of  # noqa: E402
from bot.teaching_replies import entry_token  # noqa: E402

ADMIN = 900
# (question, the entry an admin would pick, a near variant)
QUESTIONS = [
    ("what's the deal with the busan thing", "meeting-place", "whats the deal w/ the busan thing?"),
    ("the gathering in busan was about what", "meeting-place", "what was the gathering in busan about"),
    ("busan summit lineup", "meeting-occasion", "the busan summit lineup"),
    ("돈 얼마나 들어", "pis-fund-size", "돈은 얼마나 들어요"),
    ("how big is the smart city market", "pis-fund-size", "how big is the smart-city market?"),
    ("smart city vibes", "korean-model", "smart city vibes?"),
    ("is there a training thing for asean officials", "training", "is there a training thing for the asean officials?"),
    ("korean know-how for asean cities?", "government-plans", "korean know how for asean cities"),
    ("busan expo dates", "meeting-date", "the busan expo dates?"),
    ("how many ppl came", "attendees", "how many ppl came?"),
]


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def main() -> int:
    faq = load_faq()
    with running_bot(BOT_ADMINS=str(ADMIN)) as bot:
        api = bot.api
        for n, (question, _, _) in enumerate(QUESTIONS):
            api.send_text(5000 + n, question, user_id=5000 + n)
            api.wait_for_messages(5000 + n, 1)
        api.send_text(ADMIN, "/unanswered", user_id=ADMIN)
        items = api.wait_for_messages(ADMIN, 1 + len(QUESTIONS), timeout=30)[1:]
        by_text = {next(q for q, _, _ in QUESTIONS if f"“{q}”" in m["text"]): m for m in items}
        taps, learned, refused, taught = [], 0, [], {}
        started = time.perf_counter()
        for question, entry, _ in QUESTIONS:
            item = by_text[question]
            choices = [b for b in buttons(item) if b["text"].startswith("→")]
            pick = next((b for b in choices if b["callback_data"].endswith(f"|{entry}")), choices[0] if choices else None)
            if pick is None:
                refused.append((question, "no candidate entry"))
                continue
            taught[question] = next(e for e in faq.entries if pick["callback_data"].endswith("|" + entry_token(e)))
            count = len(api.calls("answerCallbackQuery"))
            tapped = time.perf_counter()
            api.send_callback(ADMIN, ADMIN, pick["callback_data"], message=item)
            answer = api.wait_for(lambda: api.calls("answerCallbackQuery")[count:], what="the tap's answer")[-1]
            if "Not learned" in (answer["params"].get("text") or ""):
                refused.append((question, answer["params"]["text"]))
            else:
                api.wait_for(lambda: any(m["message_id"] == item["message_id"] and "Learned" in m["text"] for m in api.bot_messages(ADMIN)), what="the edit")
                learned += 1
            taps.append(time.perf_counter() - tapped)
        total = time.perf_counter() - started
        answered = variants = 0
        for n, (question, _, variant) in enumerate(QUESTIONS):
            entry = taught.get(question)
            for text, chat in ((question, 6000 + n), (variant, 7000 + n)):
                api.send_text(chat, text, user_id=chat)
                reply = api.wait_for_messages(chat, 1)[-1]
                hit = entry is not None and reply["text"].startswith(faq.entries[entry].answer[language_of(text)])  # with the entry taught
                answered += hit and text == question
                variants += hit and text == variant
    print(f"taps: {len(taps)}, learned: {learned}, refused: {len(refused)}; the entry expected was offered for {sum(taught.get(q) == e for q, e, _ in QUESTIONS)} of {len(QUESTIONS)}")
    for question, why in refused:
        print(f"  refused: {question!r}: {why}")
    if taps:
        print(f"tap → message edited: median {statistics.median(taps) * 1000:.0f} ms, max {max(taps) * 1000:.0f} ms; ten taps in a row: {total:.1f} s")
    print(f"asked again, answered with the entry taught: {answered} of {len(QUESTIONS)}; near variants: {variants} of {len(QUESTIONS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
