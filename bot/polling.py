"""Long polling the bot owns: fetch a batch, keep it in the inbox, and only then confirm it.

python-telegram-bot's Updater confirms a batch as soon as it is queued, so a crash loses what it
had not answered, and one update it cannot parse stops it for good. Here each getUpdates asks for
the offset after the last batch only once that batch is committed to the inbox; an update
python-telegram-bot cannot read is dropped with one content-free line. Messages are handled
MAX_HANDLING at a time, the rest waiting their turn in the inbox; inline queries and button presses
never wait for a turn, since they expire at Telegram within seconds. No more is fetched while
MAX_PENDING fetched updates are not done. A stop (SIGTERM, SIGINT) stops fetching, leaves the
messages still waiting for a turn in the inbox, gives those being answered STOP_GRACE seconds,
then refuses new sends and lets those on the wire finish; whatever is left stays in the inbox.
A second signal skips the grace. A watchdog stops the bot (exit 3) when no poll has completed for
BOT_STALL_SECONDS, so the supervisor restarts a silently stalled connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import sqlite3
import threading
import time
import warnings
from collections.abc import AsyncIterator

from telegram import Update
from telegram.error import BadRequest, Conflict, EndPointNotFound, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.config import POLL_READ_MARGIN
from bot.delivery import DeliveryLimiter, SendingStopped, brief, retry_seconds
from bot.inbox import Inbox, Payload
from bot.state import BotState
from bot.store import StoreError

log = logging.getLogger("bot.polling")

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
FETCH_LIMIT = 100  # Telegram's most per getUpdates
MAX_HANDLING = 100  # messages handled at once; at 30 sends a second, ~3 s of answers
MAX_PENDING = 1000  # fetched and not done: fetching pauses beyond (back-pressure)
STOP_GRACE = 3.0  # seconds the answers in flight get after a stop signal
STOP_WIRE = 2.0  # then, with new sends refused, seconds for the requests already sent
RETRY_LATER = 60.0  # seconds before an update whose answer could not be delivered is tried again
POLL_BACKOFF_MAX = 30.0
EXIT_STALLED = 3
STALL_EXIT_GRACE = 8.0  # seconds a stalled bot gets to stop cleanly before it is made to exit

# We read getUpdates as raw JSON (do_api_request) so that one update PTB cannot parse does not
# sink its whole batch; PTB suggests Bot.get_updates instead, which is exactly what we must avoid.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

CONFLICTS_TO_EXIT = 3  # 409s in a row: another copy polls with this token (a restart's overlap ends sooner)


class AnotherCopy(Exception):
    """Another copy of the bot polls with the same token; only one of them can get the updates."""


# A handler failing with these (BadRequest aside) leaves its update in the inbox, tried again later.
_DELIVER_LATER = (NetworkError, RetryAfter)


class Poller:
    """Runs the polling loop until a stop signal, a stall or a rejected token."""

    def __init__(self, application: Application, state: BotState, inbox: Inbox, limiter: DeliveryLimiter) -> None:
        self._app = application
        self._state = state
        self._inbox = inbox
        self._limiter = limiter
        self._tasks: set[asyncio.Task[None]] = set()  # every update fetched and not done
        self._waiting: set[asyncio.Task[None]] = set()  # messages waiting for their turn
        self._turns = asyncio.Semaphore(MAX_HANDLING)
        self._room = asyncio.Event()
        self._stop = asyncio.Event()
        self._hurry = asyncio.Event()
        self._failure: Exception | None = None  # what stopped the bot, raised after the drain
        self.exit_code = 0

    def request_stop(self) -> None:
        """A stop signal: the first stops fetching and starts the grace; a second ends the grace."""
        if self._stop.is_set():
            log.info("second stop signal: not waiting for the answers in flight (they stay in the inbox)")
            self._hurry.set()
            return
        log.info("stop signal: no more fetching; finishing the answers in flight")
        self._stop.set()

    async def stopped_within(self, seconds: float) -> bool:
        """Wait up to `seconds`; True if a stop was requested meanwhile (for start-up retries)."""
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except asyncio.TimeoutError:
            return False
        return True

    async def run(self) -> int:
        """Poll until stopped; returns the exit code. A rejected token is raised, after the drain."""
        offset, undone = await self._inbox.resume()
        if undone:
            log.info("%d update(s) left undone by the last run: handling them first", len(undone))
        self._start(undone)
        self._state.last_poll = time.monotonic()
        fetching = asyncio.create_task(self._fetch_forever(offset))
        watching = asyncio.create_task(self._watch())
        stopping = asyncio.create_task(self._stop.wait())
        try:
            await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (fetching, watching, stopping):
                task.cancel()
            await self._drain()
        if fetching.done() and not fetching.cancelled() and fetching.exception():
            raise fetching.exception()  # type: ignore[misc]
        if self._failure:
            raise self._failure
        return self.exit_code

    # --- fetching ---------------------------------------------------------------------------------

    async def _fetch_forever(self, offset: int) -> None:
        backoff = 1.0
        conflicts = 0  # in a row: each poll of another copy ends ours with 409, and ours ends its
        while True:
            while len(self._tasks) >= MAX_PENDING:  # back-pressure
                self._room.clear()
                await self._room.wait()
            try:
                batch = await self._fetch(offset, min(FETCH_LIMIT, MAX_PENDING - len(self._tasks)))
                fresh = await self._inbox.add(batch)
            except (InvalidToken, EndPointNotFound):
                raise
            except Conflict:
                conflicts += 1
                if conflicts >= CONFLICTS_TO_EXIT:
                    raise AnotherCopy from None
                self._state.last_poll = time.monotonic()
                await asyncio.sleep(backoff * random.uniform(0.75, 1.25))
                continue
            except RetryAfter as exc:
                self._state.last_poll = time.monotonic()
                log.warning("getUpdates: Telegram asked to wait (429 %s)", exc)
                await asyncio.sleep(retry_seconds(exc))
                continue
            except (TelegramError, sqlite3.Error) as exc:
                if not isinstance(exc, (TimedOut, sqlite3.Error)):
                    self._state.last_poll = time.monotonic()  # Telegram answered, if with an error
                wait = backoff * random.uniform(0.75, 1.25)
                backoff = min(backoff * 1.5, POLL_BACKOFF_MAX)
                what = "cannot keep updates in the store" if isinstance(exc, sqlite3.Error) else "getUpdates failed"
                log.warning("%s (%s); retry in %.1fs", what, brief(exc), wait)
                await asyncio.sleep(wait)
                continue
            backoff, conflicts = 1.0, 0
            self._state.last_poll = time.monotonic()
            if batch:
                offset = max(update["update_id"] for update in batch) + 1  # confirmed by the next fetch
                self._start(fresh)

    async def _fetch(self, offset: int, limit: int) -> list[Payload]:
        """One long poll, as raw JSON; only entries that carry an update id."""
        timeout = self._state.config.poll_timeout
        result = await self._app.bot.do_api_request(
            "getUpdates",
            api_kwargs={"offset": offset, "limit": limit, "timeout": timeout, "allowed_updates": ALLOWED_UPDATES},
            read_timeout=timeout + POLL_READ_MARGIN,
        )
        if not isinstance(result, list):
            raise NetworkError("getUpdates answered something other than a list of updates")
        return [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]

    async def _watch(self) -> None:
        """Stop (exit 3) when polling has silently stopped completing (a half-closed connection);
        stop with the store's error when its file was deleted or replaced."""
        limit = self._state.config.stall_seconds
        while True:
            await asyncio.sleep(min(limit / 4, 5.0))
            try:
                await self._inbox.check()
            except StoreError as exc:
                self._failure = exc
                self._stop.set()
                return
            if len(self._tasks) >= MAX_PENDING:
                self._state.last_poll = time.monotonic()  # holding back by choice, not stalled
            idle = time.monotonic() - self._state.last_poll
            if idle > limit:
                log.error("no poll completed for %.0fs (limit %.0fs): stopping so the supervisor restarts the bot", idle, limit)
                self.exit_code = EXIT_STALLED
                threading.Timer(STALL_EXIT_GRACE, os._exit, (EXIT_STALLED,)).start()  # if a stop cannot finish
                self._hurry.set()
                self._stop.set()
                return

    # --- handling -------------------------------------------------------------------------------

    def _start(self, updates: list[Payload]) -> None:
        for payload in updates:
            task = asyncio.create_task(self._handle(payload))
            self._tasks.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._room.set()

    async def _handle(self, payload: Payload) -> None:
        """Handle one update and mark it done, unless its answer could not be delivered yet."""
        update_id = payload["update_id"]
        try:
            update = Update.de_json(payload, self._app.bot)
        except Exception as exc:  # noqa: BLE001 - whatever PTB raises, the update is unreadable
            log.warning("update %d dropped: python-telegram-bot cannot read it (%s)", update_id, type(exc).__name__)
            await self._finish(update_id, f"dropped: unreadable ({type(exc).__name__})")
            return
        while True:
            async with self._turn(update):
                self._state.outcomes[update_id] = None
                try:
                    await self._app.process_update(update)
                finally:
                    outcome = self._state.outcomes.pop(update_id, None)
            if isinstance(outcome, (SendingStopped, InvalidToken, EndPointNotFound)):
                return  # stays in the inbox for the next run
            if not isinstance(outcome, _DELIVER_LATER) or isinstance(outcome, BadRequest):
                break
            log.warning("update %d: answer not delivered (%s); it stays in the inbox, next try in %.0fs", update_id, type(outcome).__name__, RETRY_LATER)
            await asyncio.sleep(RETRY_LATER)
        if outcome is None:
            result = "handled"
        elif isinstance(outcome, BaseException):
            result = f"failed: {type(outcome).__name__}"
        else:
            result = outcome
        await self._finish(update_id, result)

    @contextlib.asynccontextmanager
    async def _turn(self, update: Update) -> AsyncIterator[None]:
        """Messages take turns, MAX_HANDLING at once; inline queries and button presses never wait."""
        if update.inline_query or update.callback_query:
            yield
            return
        task = asyncio.current_task()
        assert task is not None
        self._waiting.add(task)
        try:
            await self._turns.acquire()
        finally:
            self._waiting.discard(task)
        try:
            yield
        finally:
            self._turns.release()

    async def _finish(self, update_id: int, outcome: str) -> None:
        try:
            await self._inbox.finish(update_id, outcome)
        except sqlite3.Error as exc:
            log.error("update %d: cannot mark it done in the store (%s); the next start handles it again", update_id, exc)

    # --- stopping -------------------------------------------------------------------------------

    async def _drain(self) -> None:
        """Finish what is being answered within the grace; leave the rest in the inbox."""
        self._state.settle_inline_now()
        if self._waiting:
            log.info("%d message(s) not begun stay in the inbox for the next start", len(self._waiting))
        for task in list(self._waiting):  # not begun: nothing to finish
            task.cancel()
        hurry = asyncio.create_task(self._hurry.wait())
        deadline = time.monotonic() + STOP_GRACE
        while self._tasks and not self._hurry.is_set() and (left := deadline - time.monotonic()) > 0:
            await asyncio.wait({*self._tasks, hurry}, timeout=left, return_when=asyncio.FIRST_COMPLETED)
        hurry.cancel()
        self._limiter.close()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=STOP_WIRE)
        left = list(self._tasks)
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        if left:
            log.info("%d update(s) not finished: they stay in the inbox for the next start", len(left))
