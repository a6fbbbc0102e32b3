"""Load benchmark: the real `python -m bot run` against the loopback Bot API stand-in with Telegram's
flood limits switched on (30 messages/s overall, 20/min per group, ~1/s per private chat; 429 with
retry_after beyond). Prints figures against targets; it is not a test and asserts nothing.

    .venv/bin/python bench/load.py            # about 20-30 s
    .venv/bin/python bench/load.py --burst 600

Measures: start-up to first poll, reply latency when not throttled (sequential questions from
different users), a burst of N questions from N different private chats (answered, lost,
duplicated, throughput, 429s issued), and the bot's peak RSS (VmHWM). Loopback only; the whole run
is bounded by --deadline seconds (default 120).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from botproc import TOKEN, running_bot  # noqa: E402
from standin import BotAPIStandIn  # noqa: E402

OVERALL_LIMIT = 30.0  # messages per second Telegram allows a bot overall
TARGETS = {
    "startup": 2.0,  # s, process start to first getUpdates
    "throughput": 0.8 * OVERALL_LIMIT,  # answers/s in the burst
    "rss": 80.0,  # MB, peak resident set
}
QUESTIONS = [
    "What is K-SCON?",
    "Where was the ministerial meeting held?",
    "협력센터는 어디에 생기나요?",
    "PIS 펀드 규모는?",
    "K-SCON 언제 시작해?",
    "회의 어디서 열렸어?",
    "how big is the PIS fund",
    "recommend a vegan bakery please",  # off-topic: an abstention, so the store writes a row
    "부산 맛집 추천해줘",
    "what is the capital of peru",
]


class Deadline(Exception):
    pass


def proc_status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def memory_mb(pid: int, field: str) -> float:
    value = proc_status(pid).get(field, "0 kB").split()[0]
    return int(value) / 1024


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def first_reply_times(api: BotAPIStandIn, chats: set[int]) -> dict[int, float]:
    """When the stand-in accepted the first reply to each chat (its own clock, time.monotonic())."""
    times: dict[int, float] = {}
    for call in api.calls("sendMessage"):
        chat = call["params"].get("chat_id")
        if chat in chats and call["status"] == 200 and chat not in times:
            times[chat] = call["time"]
    return times


def wait(predicate, until: float, poll: float = 0.01):
    while not (value := predicate()):
        if time.monotonic() > until:
            raise Deadline
        time.sleep(poll)
    return value


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=300, help="questions in the burst, each from its own private chat (default 300)")
    parser.add_argument("--sequential", type=int, default=20, help="sequential questions for the latency figure (default 20)")
    parser.add_argument("--deadline", type=float, default=120.0, help="abort after this many seconds (default 120)")
    parser.add_argument("--no-flood-limits", action="store_true", help="switch the stand-in's flood limits off (for comparison)")
    parser.add_argument("--nodelay", action="store_true", help="set TCP_NODELAY on the stand-in's sockets (removes its ~40 ms Nagle delay from latency)")
    args = parser.parse_args(argv)
    if args.nodelay:
        import standin

        standin._Handler.disable_nagle_algorithm = True

    hard_stop = time.monotonic() + args.deadline
    missed: list[str] = []
    api = BotAPIStandIn(TOKEN, flood_limits=not args.no_flood_limits).start()
    print(f"stand-in: {api.base_url}  flood limits: {'off' if args.no_flood_limits else 'on (30/s overall, 20/min per group, ~1/s per private chat)'}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            with running_bot(api=api, data_dir=Path(tmp) / "data", wait=False) as bot:
                pid = bot.process.pid
                # --- start-up -------------------------------------------------------------------
                first_poll = wait(lambda: api.calls("getUpdates") or bot.process.poll() is not None, min(hard_stop, started + 30))
                if bot.process.poll() is not None:
                    print(f"the bot exited during start-up:\n{bot.output}")
                    return 1
                startup = first_poll[0]["time"] - started
                ok = startup <= TARGETS["startup"]
                missed += [] if ok else ["startup"]
                print(f"start-up to first poll:  {startup:6.2f} s   (target <= {TARGETS['startup']:.0f} s: {verdict(ok)})")
                print(f"RSS after start-up:      {memory_mb(pid, 'VmRSS'):6.1f} MB")

                # --- latency, not throttled: one question per user, one at a time ------------------
                latencies, own = [], []
                for n in range(args.sequential):
                    chat = 200_000 + n
                    sent = time.monotonic()
                    api.send_text(chat, QUESTIONS[n % len(QUESTIONS)], user_id=chat)
                    wait(lambda: first_reply_times(api, {chat}), min(hard_stop, sent + 20), poll=0.002)
                    replied = first_reply_times(api, {chat})[chat]
                    latencies.append(replied - sent)
                    # The bot asks for more updates as soon as it has a batch: that poll marks receipt.
                    received = min((c["time"] for c in api.calls("getUpdates") if c["time"] > sent), default=sent)
                    own.append(replied - received)
                    time.sleep(0.05)  # well under 30/s: nothing here is throttled
                print(f"reply latency ({len(latencies)} sequential, different users): {summary(latencies)}")
                print(f"  of which the bot's own (update received -> sendMessage): {summary(own)}")

                # --- burst: N questions from N different private chats ------------------------------
                chats = {300_000 + n for n in range(args.burst)}
                throttled_before = api.sends_throttled
                sends_before = len(api.calls("sendMessage"))
                cpu_before = cpu_seconds(pid)
                burst_start = time.monotonic()
                for n, chat in enumerate(sorted(chats)):
                    api.send_text(chat, QUESTIONS[n % len(QUESTIONS)], user_id=chat)
                pushed = time.monotonic() - burst_start
                aborted = False
                try:
                    wait(lambda: len(first_reply_times(api, chats)) >= len(chats), hard_stop, poll=0.1)
                except Deadline:
                    aborted = True
                replies = first_reply_times(api, chats)
                cpu = cpu_seconds(pid) - cpu_before
                per_chat: dict[int, int] = {}
                for message in api.bot_messages():
                    if message["chat"]["id"] in chats:
                        per_chat[message["chat"]["id"]] = per_chat.get(message["chat"]["id"], 0) + 1
                last = max(replies.values(), default=burst_start)
                duration = last - burst_start
                throughput = len(replies) / duration if duration > 0 else 0.0
                attempts = len(api.calls("sendMessage")) - sends_before
                throttled = api.sends_throttled - throttled_before
                lost = len(chats) - len(replies)
                duplicated = sum(1 for c in per_chat.values() if c > 1)
                ok = throughput >= TARGETS["throughput"] and not lost and not aborted
                missed += [] if ok else ["throughput"]
                print(f"burst: {args.burst} questions from {args.burst} private chats (pushed in {pushed * 1000:.0f} ms)" + ("  ABORTED at the deadline" if aborted else ""))
                print(f"  answered:              {len(replies)} / {len(chats)}   lost: {lost}   answered twice: {duplicated}")
                print(f"  first to last answer:  {duration:6.2f} s")
                print(f"  throughput:            {throughput:6.1f} answers/s   (target >= {TARGETS['throughput']:.0f}/s: {verdict(ok)})")
                print(f"  sendMessage attempts:  {attempts}   429s issued by the stand-in: {throttled}")
                print(f"  bot CPU during burst:  {cpu:6.2f} s   ({cpu / max(len(replies), 1) * 1000:.1f} ms per answer)")
                windows = per_second(replies, burst_start)
                print(f"  answers per second:    {' '.join(str(n) for n in windows)}")

                # --- memory ---------------------------------------------------------------------------
                # The Korean dictionary is read through mmap: its pages are file-backed and clean (the kernel
                # drops and re-reads them under pressure, and processes share them), so the target is on the
                # bot's own memory, the anonymous pages.
                peak, own, mapped = memory_mb(pid, "VmHWM"), memory_mb(pid, "RssAnon"), memory_mb(pid, "RssFile")
                ok = own <= TARGETS["rss"]
                missed += [] if ok else ["rss"]
                print(f"peak RSS (VmHWM):        {peak:6.1f} MB   of which now: own (RssAnon) {own:.1f} MB, file-backed (RssFile) {mapped:.1f} MB")
                print(f"own memory:              {own:6.1f} MB   (target <= {TARGETS['rss']:.0f} MB: {verdict(ok)})")
                code = bot.stop()
                print(f"bot stopped with exit code {code}")
    except Deadline:
        print(f"aborted: the benchmark passed its {args.deadline:.0f} s deadline")
        return 1
    finally:
        api.stop()
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 0


def summary(seconds: list[float]) -> str:
    values = sorted(x * 1000 for x in seconds)
    return f"p50 {statistics.median(values):.1f} ms, p90 {values[int(0.9 * (len(values) - 1))]:.1f} ms, max {values[-1]:.1f} ms"


def per_second(replies: dict[int, float], start: float) -> list[int]:
    """How many answers the stand-in accepted in each second after the burst began."""
    if not replies:
        return []
    counts = [0] * (int(max(replies.values()) - start) + 1)
    for at in replies.values():
        counts[int(at - start)] += 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
