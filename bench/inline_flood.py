"""Inline flood benchmark: how long does one user's flood of long inline queries delay another
user's private answer? The real `python -m bot run` against the loopback Bot API stand-in.
Prints figures; it is not a test and asserts nothing.

    .venv/bin/python bench/inline_flood.py              # about 25 s
    .venv/bin/python bench/inline_flood.py --users 50   # the flood spread over 50 users

Each round queues QUERIES inline queries of 200-255 characters at once, then a private question
from someone else, and times that question from being queued to its answer reaching the stand-in.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from botproc import running_bot  # noqa: E402

LONG_QUERY = ("K-SCON 협력센터 부산 장관회의 스마트시티 " * 12)[:256]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200, help="inline queries per round (default 200)")
    parser.add_argument("--users", type=int, default=1, help="users the flood comes from (default 1)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    delays = []
    with running_bot() as bot:
        for round_ in range(args.rounds):
            answered_before = len(bot.api.calls("answerInlineQuery"))
            for n in range(args.queries):
                bot.api.send_inline_query(100_000 + round_ * 1000 + n % args.users, LONG_QUERY[: 200 + n % 56])
            chat = 500 + round_
            queued = time.monotonic()
            bot.api.send_text(chat, "Where was the ministerial meeting held?", user_id=chat)
            bot.api.wait_for_messages(chat, 1, timeout=60)
            delays.append(time.monotonic() - queued)
            time.sleep(3)  # let the flood's answers finish before the next round
            print(f"round {round_ + 1}: private answer after {delays[-1]:.3f} s; inline queries answered {len(bot.api.calls('answerInlineQuery')) - answered_before} of {args.queries}")
    print(f"median delay of the private answer: {statistics.median(delays):.3f} s (max {max(delays):.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
