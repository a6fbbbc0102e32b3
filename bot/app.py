"""Build the Telegram application and run it: handlers in the order the bot behaves.

Long polling by default (webhook when BOT_WEBHOOK_URL is set). A watchdog exits non-zero when no
poll has completed for BOT_STALL_SECONDS, so the supervisor restarts a silently stalled bot.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.error import InvalidToken, TelegramError
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
from telegram.request import HTTPXRequest

from bot import messages
from bot.config import Config, ConfigError, load_config
from bot.delivery import DeliveryLimiter, PollingRequest
from bot.faq import FAQError, load_faq
from bot.handlers import admin, buttons, group, guards, inline, privacy, private
from bot.logs import setup_logging
from bot.state import BotState, Knowledge
from bot.store import Store, StoreError

log = logging.getLogger("bot")

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 32  # answers wait on Telegram's rate limits, not on each other
SHUTDOWN_GRACE = 8.0  # seconds a stalled bot gets to stop cleanly before it is made to exit
EXIT_STALLED = 3


def build_application(config: Config, state: BotState) -> Application:
    polling = PollingRequest(lambda: setattr(state, "last_poll", time.monotonic()), connection_pool_size=1, read_timeout=10.0)
    application = (
        ApplicationBuilder()
        .token(config.token.reveal())
        .base_url(config.base_url)
        .request(HTTPXRequest(connection_pool_size=16, read_timeout=15.0, write_timeout=15.0, connect_timeout=10.0))
        .get_updates_request(polling)
        .rate_limiter(DeliveryLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .build()
    )
    application.bot_data["state"] = state
    _register(application)
    return application


def _register(app: Application) -> None:
    private_chat, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(TypeHandler(Update, guards.drop_duplicates), group=-3)
    app.add_handler(TypeHandler(Update, guards.leave_unapproved_groups), group=-2)
    app.add_handler(TypeHandler(Update, guards.limit_flooding_users), group=-1)

    app.add_handler(CommandHandler("start", private.start, filters=private_chat))
    app.add_handler(CommandHandler("help", private.help_command))
    app.add_handler(CommandHandler("faq", private.faq_command))
    app.add_handler(CommandHandler("ask", group.ask_command))
    app.add_handler(CommandHandler("privacy", privacy.privacy))
    app.add_handler(CommandHandler("forget", privacy.forget))
    app.add_handler(CommandHandler("stats", admin.stats, filters=private_chat))
    app.add_handler(CommandHandler("unanswered", admin.unanswered, filters=private_chat))
    app.add_handler(CommandHandler("reload", admin.reload, filters=private_chat))
    app.add_handler(MessageHandler(private_chat & filters.COMMAND, private.unknown_command))
    app.add_handler(MessageHandler(private_chat & filters.TEXT, private.private_text))
    app.add_handler(MessageHandler(private_chat & ~filters.TEXT & ~filters.StatusUpdate.ALL, private.not_text))
    app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, group.group_text))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_handler(CallbackQueryHandler(buttons.button))
    app.add_error_handler(_on_error)


async def _post_init(application: Application) -> None:
    """Register the command menus once, per scope and language, and start the watchdog."""
    state: BotState = application.bot_data["state"]
    for lang in ("en", "ko"):
        code = "ko" if lang == "ko" else None
        names = messages.COMMANDS[lang]
        try:
            await application.bot.set_my_commands(
                [BotCommand(c, names[c]) for c in ("start", "faq", "help", "privacy", "forget")], BotCommandScopeAllPrivateChats(), code
            )
            await application.bot.set_my_commands([BotCommand(c, names[c]) for c in ("ask", "help")], BotCommandScopeAllGroupChats(), code)
        except TelegramError as exc:
            log.warning("could not register the command menus (%s); the commands still work", exc)
    if not state.config.webhook_url:  # with a webhook Telegram comes to us: there is no poll to watch
        state.last_poll = time.monotonic()
        application.bot_data["watchdog"] = asyncio.get_running_loop().create_task(_watch_polling(application, state))
    log.info("started as @%s with %d FAQ entries", application.bot.username, len(state.knowledge.faq.entries))


async def _post_stop(application: Application) -> None:
    watchdog = application.bot_data.get("watchdog")
    if watchdog:
        watchdog.cancel()
    state: BotState = application.bot_data["state"]
    if state.store:
        state.store.close()


async def _watch_polling(application: Application, state: BotState) -> None:
    """Exit non-zero when polling has silently stopped completing (a half-closed connection)."""
    limit = state.config.stall_seconds
    while True:
        await asyncio.sleep(min(limit / 4, 5.0))
        idle = time.monotonic() - state.last_poll
        if idle > limit:
            log.error("no poll completed for %.0fs (limit %.0fs): stopping so the supervisor restarts the bot", idle, limit)
            state.exit_code = EXIT_STALLED
            threading.Timer(SHUTDOWN_GRACE, os._exit, (EXIT_STALLED,)).start()  # if a stop cannot finish
            application.stop_running()
            return


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One line per failure; expected network trouble without a traceback, never a crash."""
    error = context.error
    where = f"update {update.update_id}" if isinstance(update, Update) else "polling"
    if isinstance(error, TelegramError):
        log.warning("%s: %s: %s", where, type(error).__name__, error)
    else:
        log.error("%s: unexpected %s", where, type(error).__name__, exc_info=error)


def run(faq_dir: str | None = None) -> int:
    """`python -m bot run`: one clear line and a non-zero exit for anything the operator must fix."""
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup_logging(config.log_level, config.log_format)
    try:
        knowledge = Knowledge.of(load_faq(faq_dir or config.faq_dir))
    except FAQError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        store = Store(config.data_dir, config.retention_days) if config.store else None
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    state = BotState(config, knowledge, store)
    application = build_application(config, state)
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
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=config.poll_timeout, bootstrap_retries=3)
    except InvalidToken:
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN — copy the token again from @BotFather (/mybots → API Token)", file=sys.stderr)
        return 2
    except TelegramError as exc:
        print(f"error: cannot reach Telegram at start-up ({type(exc).__name__}: {exc}) — check the network and TELEGRAM_BASE_URL", file=sys.stderr)
        return 1
    return state.exit_code
