"""`python -m bot doctor`: is this installation ready to run? One line per check, then a verdict."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from pathlib import Path

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.config import ConfigError, data_folder, load_config
from bot.faq import FAQError, load_faq
from bot.health import STALE_AFTER, last_beat_age
from bot.store import DB_FILE, Store, StoreError


def _line(ok: bool | None, text: str) -> bool:
    mark = {True: "ok  ", False: "FAIL", None: "note"}[ok]
    print(f"[{mark}] {text}")
    return ok is not False


async def _telegram(token: str, base_url: str) -> list[bool]:
    results = []
    try:
        async with Bot(token, base_url=base_url) as bot:
            me = await bot.get_me()
            results.append(_line(True, f"token accepted: @{me.username} ({me.first_name})"))
            inline = me.supports_inline_queries
            _line(True if inline else None, "inline mode " + ("on" if inline else "off — @bot questions in other chats need it: @BotFather → /setinline"))
            private = not me.can_read_all_group_messages
            _line(None, "privacy mode " + ("on (groups: /ask, replies and, if the bot is admin, @mentions)" if private else "off (the bot sees all group messages)"))
            webhook = await bot.get_webhook_info()
            if webhook.url:
                _line(None, f"webhook set to {webhook.url} ({webhook.pending_update_count} pending) — long polling needs it removed; `run` without BOT_WEBHOOK_URL removes it")
            else:
                _line(True, "no webhook set: long polling will work")
    except InvalidToken:
        results.append(_line(False, "Telegram rejected the token — copy it again from @BotFather"))
    except TelegramError as exc:
        results.append(_line(False, f"cannot reach the Bot API ({type(exc).__name__}: {exc}) — check the network and TELEGRAM_BASE_URL"))
    return results


def diagnose(faq_dirs: Sequence[Path]) -> int:
    """`faq_dirs` are resolved by the command line (config.faq_folders), as for every command."""
    checks: list[bool] = []
    try:
        config = load_config()
    except ConfigError as exc:
        checks.append(_line(False, str(exc)))
        config = None
    if config is not None:
        checks += asyncio.run(_telegram(config.token.reveal(), config.base_url))
    try:
        faq = load_faq(faq_dirs)
        checks.append(_line(True, f"FAQ valid: {len(faq.entries)} entries in {', '.join(map(str, faq.folders))}"))
    except FAQError as exc:
        checks.append(_line(False, f"FAQ invalid: {exc.problems[0]}"))
    data_dir = config.data_dir if config else None
    if data_dir is not None:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=data_dir):
                pass
            checks.append(_line(True, f"data folder writable: {data_dir.resolve()}"))
            if config.store and (data_dir / DB_FILE).exists():
                Store(data_dir, read_only=True).close()  # read-only: a check migrates, purges and creates nothing
                checks.append(_line(True, f"store opens: {data_dir.resolve() / DB_FILE}"))
            elif config.store:
                checks.append(_line(None, f"no store yet: the bot creates {data_dir.resolve() / DB_FILE} at its first start"))
        except OSError as exc:
            checks.append(_line(False, f"data folder {data_dir} not writable ({exc.strerror}) — fix permissions or set BOT_DATA_DIR"))
        except StoreError as exc:
            checks.append(_line(False, str(exc)))
    verdict = all(checks)
    print("verdict: ready to run" if verdict else "verdict: NOT ready — fix the FAIL lines above")
    return 0 if verdict else 1


def alive() -> int:
    """`doctor --live`: 0 if the running bot's heartbeat is recent, else 1; reads only the data folder."""
    folder = data_folder()
    age = last_beat_age(folder)
    if age is None:
        _line(False, f"no heartbeat in {folder} — the bot is not running there (or BOT_DATA_DIR differs from the bot's)")
        return 1
    if age > STALE_AFTER:
        _line(False, f"heartbeat {age:.0f}s old (limit {STALE_AFTER:.0f}s) — the bot is hung or stopped: restart it")
        return 1
    _line(True, f"alive: heartbeat {age:.0f}s old")
    return 0
