"""Build the Telegram application and run it: handlers in the order the bot behaves.

Long polling by default, through the bot's own poller and durable inbox (bot/polling.py); a webhook
when BOT_WEBHOOK_URL is set. A start-up that cannot reach Telegram retries a few times, one line
each, then exits 1 for the supervisor; a token Telegram rejects exits 2 (restarting cannot help).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from dataclasses import dataclass
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.error import EndPointNotFound, InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import health, messages
from bot.config import Config, ConfigError, load_config
from bot.delivery import DeliveryLimiter, SendingStopped, brief
from bot.faq import FAQError, load_faq
from bot.handlers import admin, buttons, group, guards, inline, privacy, private, teaching
from bot.inbox import Inbox
from bot.phrasings import Phrasings
from bot.logs import fatal, setup_logging
from bot.polling import ALLOWED_UPDATES, CONFLICTS_TO_EXIT, AnotherCopy, Poller
from bot.state import BotState, Knowledge, state_of
from bot.teaching_replies import PATTERN as TEACHING_PATTERN
from bot.store import Store, StoreError

log = logging.getLogger("bot")

CONCURRENT_UPDATES = 32  # webhook mode: answers wait on Telegram's rate limits, not on each other
STARTUP_ATTEMPTS = 5  # tries to reach Telegram at start (1 + 2 + 4 + 8 s apart) before exit 1
EXIT_REJECTED = 2


def build_application(config: Config, state: BotState, limiter: DeliveryLimiter, request: BaseRequest | None = None) -> Application:
    """The application; `request` replaces both HTTP connections (fast tests plug a fake Bot API there)."""
    application = (
        ApplicationBuilder()
        .token(config.token.reveal())
        .base_url(config.base_url)
        .request(request or HTTPXRequest(connection_pool_size=16, read_timeout=15.0, write_timeout=15.0, connect_timeout=10.0))
        .get_updates_request(request or HTTPXRequest(connection_pool_size=1, connect_timeout=10.0))
        .rate_limiter(limiter)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .build()
    )
    application.bot_data["state"] = state
    register_handlers(application)
    return application


@dataclass(frozen=True)
class Command:
    """A command: its handler, whether it works in private chats only, and the menus that list it
    (its description there comes from messages.COMMANDS). Admin commands are in no menu."""

    name: str
    handler: guards.Handler
    private_only: bool
    menus: tuple[str, ...]


# Every command, once: registration and the menus both read this (the menus in this order).
COMMANDS = (
    Command("start", private.start, True, ("private",)),
    Command("faq", private.faq_command, False, ("private",)),
    Command("sources", private.sources_command, False, ("private", "groups")),
    Command("ask", group.ask_command, False, ("groups",)),
    Command("help", private.help_command, False, ("private", "groups")),
    Command("privacy", privacy.privacy, False, ("private",)),
    Command("forget", privacy.forget, False, ("private",)),
    Command("stats", admin.stats, True, ()),
    Command("unanswered", teaching.unanswered, True, ()),
    Command("learned", teaching.learned, True, ()),
    Command("reload", admin.reload, True, ()),
)
MENU_SCOPES = {"private": BotCommandScopeAllPrivateChats(), "groups": BotCommandScopeAllGroupChats()}


def register_handlers(app: Application) -> None:
    """Every handler, in the order the bot behaves; also used by the fast handler tests."""
    private_chat, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    worded = filters.TEXT | filters.CAPTION  # a photo's caption is asked like a text
    limited = guards.limited  # a handler that answers counts against its sender's limit
    app.add_handler(TypeHandler(Update, guards.drop_duplicates), group=-2)
    app.add_handler(TypeHandler(Update, guards.leave_unapproved_groups), group=-1)

    for command in COMMANDS:
        app.add_handler(CommandHandler(command.name, limited(command.handler), filters=private_chat if command.private_only else None))
    app.add_handler(MessageHandler(private_chat & filters.COMMAND, limited(private.unknown_command)))
    app.add_handler(MessageHandler(private_chat & worded, private.private_text))  # counts only questions
    # Not text: a hint, but not for an edit (each position update of a live location is one).
    not_text = private_chat & ~worded & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(not_text, limited(private.not_text)))
    app.add_handler(MessageHandler(groups & worded & ~filters.COMMAND, group.group_text))  # counts only what is for the bot
    app.add_handler(InlineQueryHandler(inline.inline_query))  # its own limit: a query per keystroke
    app.add_handler(CallbackQueryHandler(teaching.teaching_button, pattern=TEACHING_PATTERN))  # admins' taps are not limited
    app.add_handler(CallbackQueryHandler(limited(buttons.button)))
    app.add_error_handler(_on_error)


async def _post_init(application: Application) -> None:
    """Register the command menus once, per scope and language."""
    state: BotState = application.bot_data["state"]
    for lang in ("en", "ko"):
        descriptions = messages.COMMANDS[lang]
        try:
            for menu, scope in MENU_SCOPES.items():
                listed = [BotCommand(c.name, descriptions[c.name]) for c in COMMANDS if menu in c.menus]
                await application.bot.set_my_commands(listed, scope, "ko" if lang == "ko" else None)
        except TelegramError as exc:
            log.warning("could not register the command menus (%s); the commands still work", exc)

    def alive() -> bool:  # with a webhook Telegram comes to us: then a running loop is alive
        return bool(state.config.webhook_url) or time.monotonic() - state.last_poll <= state.config.stall_seconds

    application.bot_data["heartbeat"] = asyncio.get_running_loop().create_task(health.beat(state.config.data_dir, alive))
    log.info("started as @%s with %d FAQ entries", application.bot.username, len(state.knowledge.faq.entries))


async def _post_stop(application: Application) -> None:
    heartbeat = application.bot_data.get("heartbeat")
    if heartbeat:
        heartbeat.cancel()
    state: BotState = application.bot_data["state"]
    if state.store:
        state.store.close()


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One line per failure; expected network trouble without a traceback, never a crash."""
    error = context.error
    if isinstance(update, Update):
        state_of(context).note(update.update_id, error)
    if isinstance(error, SendingStopped):
        return  # the bot is stopping; the update stays in the inbox
    where = f"update {update.update_id}" if isinstance(update, Update) else "polling"
    if isinstance(error, TelegramError):
        log.warning("%s: %s: %s", where, type(error).__name__, error)
    else:
        log.error("%s: unexpected %s", where, type(error).__name__, exc_info=error)


def run(faq_dirs: Sequence[Path] = ()) -> int:
    """`python -m bot run`: one clear line and a non-zero exit for anything the operator must fix."""
    try:
        config = load_config()
    except ConfigError as exc:
        fatal(str(exc))
        return 2
    setup_logging(config.log_level, config.log_format)
    try:
        faq = load_faq(faq_dirs)
    except FAQError as exc:
        for problem in exc.problems:
            fatal(problem)
        return 1
    try:
        store = Store(config.data_dir, config.retention_days) if config.store else None
    except StoreError as exc:
        fatal(str(exc))
        return 1
    knowledge = Knowledge.of(faq, Phrasings(store).learned() if store else ())
    state = BotState(config, knowledge, store)
    limiter = DeliveryLimiter(config.sends_per_second)
    application = build_application(config, state, limiter)
    try:
        if config.webhook_url:
            application.run_webhook(
                listen=config.webhook_listen,
                port=config.webhook_port,
                url_path=urlparse(config.webhook_url).path.strip("/"),
                webhook_url=config.webhook_url,
                secret_token=config.webhook_secret.reveal() if config.webhook_secret else None,
                allowed_updates=ALLOWED_UPDATES,
            )
            return 0
        return asyncio.run(_serve(application, state, limiter))
    except (InvalidToken, EndPointNotFound) as exc:
        fatal(_rejected(exc, config))
        return EXIT_REJECTED
    except StoreError as exc:
        fatal(str(exc))
        return 1
    except AnotherCopy:
        fatal(
            "another copy of the bot is polling with this token (Telegram answered 409 Conflict "
            f"{CONFLICTS_TO_EXIT} times in a row) — stop the other copy (systemctl status, docker ps, another machine) or give this one its own bot"
        )
        return EXIT_REJECTED
    except TelegramError as exc:
        fatal(f"cannot reach Telegram at start-up ({brief(exc)}) — check the network and TELEGRAM_BASE_URL")
        return 1


async def _serve(application: Application, state: BotState, limiter: DeliveryLimiter) -> int:
    """Long polling: start up, poll until a stop signal, stop within the grace."""
    inbox_store = state.store or Store(None)  # without the store, an inbox in memory: nothing survives a restart
    poller = Poller(application, state, Inbox(inbox_store), limiter)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, poller.request_stop)
    try:
        if not await _connect(application, poller):
            return 0
        await application.bot.delete_webhook()  # a webhook left set would answer every getUpdates 409
        await application.start()
        await _post_init(application)
        return await poller.run()
    finally:
        if application.running:
            await application.stop()
        await _post_stop(application)
        if inbox_store is not state.store:
            inbox_store.close()
        await application.shutdown()


async def _connect(application: Application, poller: Poller) -> bool:
    """Initialize (getMe), retrying an unreachable Telegram with one line per retry; False if
    stopped meanwhile. A rejected token is raised at once."""
    delay = 1.0
    for attempt in range(1, STARTUP_ATTEMPTS + 1):
        try:
            await application.initialize()
            return True
        except (InvalidToken, EndPointNotFound):
            raise
        except TelegramError as exc:
            if attempt == STARTUP_ATTEMPTS:
                raise
            log.warning("cannot reach Telegram at start-up (%s); retry %d of %d in %.0fs", brief(exc), attempt, STARTUP_ATTEMPTS - 1, delay)
        if await poller.stopped_within(delay):
            return False
        delay *= 2
    return False


def _rejected(exc: TelegramError, config: Config) -> str:
    """What a 401 or 404 from the Bot API means for the operator."""
    # PTB re-raises the answer's own error (Unauthorized, Not Found) as the cause of its own.
    if "not found" in str(exc.__cause__ or exc).lower():
        return (
            f"the Bot API at TELEGRAM_BASE_URL={config.base_url} answers 404 Not Found — the address must end in /bot "
            "(default https://api.telegram.org/bot); if it does, Telegram does not know the token: copy it again from @BotFather"
        )
    return "Telegram rejected TELEGRAM_BOT_TOKEN — copy the token again from @BotFather (/mybots → API Token)"
