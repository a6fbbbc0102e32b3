"""What the running bot holds: the FAQ with its matcher, the store, and the guards' memory.

Kept in `application.bot_data["state"]` and built once at start; `/reload` swaps the
knowledge in one assignment, so a question is always answered from one consistent FAQ.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Coroutine, Iterable
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from telegram.ext import ContextTypes

from bot.answers import Answer, answer_for
from bot.config import Config
from bot.faq import FAQ
from bot.learning import Phrasing, answered_elsewhere, clash, with_learned
from bot.matcher import Matcher
from bot.phrasings import Phrasings
from bot.store import Store

log = logging.getLogger(__name__)

USER_QUESTIONS = 8  # per user per window: more than any person types, less than a script
USER_WINDOW = 30.0  # seconds
INLINE_QUERIES = 20  # per user per INLINE_WINDOW: a query comes per keystroke, so more than questions
INLINE_WINDOW = 10.0  # seconds
INLINE_SETTLE = 3.0  # seconds without a newer inline query from the user: that one was meant
SEEN_UPDATES = 4096  # update ids remembered for dedupe; Telegram redelivers only recent ones
RECENT_ANSWERS = 1024  # questions remembered (in memory) behind the bot's latest answers


@dataclass(frozen=True)
class Knowledge:
    faq: FAQ  # the FAQ answered from: the folder's, with the learned phrasings added
    matcher: Matcher
    folder_faq: FAQ | None = None  # the folder's FAQ as loaded, when phrasings were added to it

    @classmethod
    def of(cls, faq: FAQ, learned: Iterable[Phrasing] = ()) -> Knowledge:
        served = with_learned(faq, learned)
        return cls(served, Matcher(served), faq)

    @property
    def loaded(self) -> FAQ:
        """The FAQ as its folder has it: what learned phrasings are added to when they change."""
        return self.folder_faq or self.faq


class SeenUpdates:
    """Remembers recent update ids, so an update delivered twice is answered once."""

    def __init__(self, size: int = SEEN_UPDATES) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def first_time(self, update_id: int) -> bool:
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


class UserLimiter:
    """A sliding window per sender: one flooding sender is slowed down, everyone else is not.

    Senders idle for a whole window are forgotten, so memory follows the active senders, not
    every sender ever seen."""

    def __init__(self, limit: int = USER_QUESTIONS, window: float = USER_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._times: OrderedDict[int, deque[float]] = OrderedDict()  # least recently active first
        self._warned: set[int] = set()

    def check(self, sender: int, now: float | None = None) -> str:
        """'ok' to answer, 'notice' to say "slow down" once, 'drop' to ignore silently."""
        now = time.monotonic() if now is None else now
        self._expire(now)
        times = self._times.setdefault(sender, deque())
        self._times.move_to_end(sender)
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(sender)
            return "ok"
        if sender in self._warned:
            return "drop"
        self._warned.add(sender)
        return "notice"

    def _expire(self, now: float) -> None:
        while self._times:
            sender, times = next(iter(self._times.items()))
            if times and now - times[-1] <= self.window:
                return
            del self._times[sender]
            self._warned.discard(sender)

    def __len__(self) -> int:
        return len(self._times)


@dataclass(frozen=True)
class Offered:
    """A question the bot answered in a chat, in memory only: for "did you mean" after a 👎 and
    for a member's pick among the entries offered (`offers`), which becomes a proposal."""

    question: str
    lang: str
    chat_type: str
    answered: str | None  # the entry answered with, None for an abstention
    offers: tuple[str, ...]  # the entries offered as what the question may mean


class RecentAnswers:
    """The questions behind the bot's latest messages, by (chat id, message id); the oldest are
    forgotten, so memory stays bounded and no text outlives RECENT_ANSWERS later answers."""

    def __init__(self, size: int = RECENT_ANSWERS) -> None:
        self._offered: OrderedDict[tuple[int, int], Offered] = OrderedDict()
        self._size = size

    def remember(self, chat_id: int, message_id: int, offered: Offered) -> None:
        self._offered[chat_id, message_id] = offered
        if len(self._offered) > self._size:
            self._offered.popitem(last=False)

    def get(self, chat_id: int, message_id: int) -> Offered | None:
        return self._offered.get((chat_id, message_id))

    def forget_chat(self, chat_id: int) -> None:
        for key in [key for key in self._offered if key[0] == chat_id]:
            del self._offered[key]


class BotState:
    def __init__(self, config: Config, knowledge: Knowledge, store: Store | None) -> None:
        self.config = config
        self.knowledge = knowledge
        self.store = store
        self.seen = SeenUpdates()
        self.recent = RecentAnswers()
        self.limiter = UserLimiter()  # questions and presses the bot answers
        self.inline_limiter = UserLimiter(INLINE_QUERIES, INLINE_WINDOW)
        self.last_poll = time.monotonic()  # set by the poller after every completed poll
        # How each update the poller is handling ended: None (handled), a drop reason, or the
        # error its handler raised; the poller reads it to mark the update done in the inbox.
        self.outcomes: dict[int, str | BaseException | None] = {}
        self._inline_pending: dict[int, asyncio.Task[None]] = {}
        self.migrations = store.migrations() if store else {}  # old group id → the supergroup it became
        self._teaching = asyncio.Lock()  # one change of the learned phrasings at a time: none is lost

    def serves(self, chat_id: int) -> bool:
        """BOT_ALLOWED_CHATS allows this chat, itself or as the group it was before it became a supergroup."""
        allowed = self.config.allowed_chats
        return allowed is None or chat_id in allowed or any(new == chat_id and old in allowed for old, new in self.migrations.items())

    async def follow_migration(self, old: int, new: int) -> None:
        """A group became a supergroup (Telegram says so in both chats): an approval carries over."""
        if self.migrations.get(old) == new:
            return
        self.migrations[old] = new
        await self.remember(lambda store: store.record_migration(old, new))
        allowed = self.config.allowed_chats
        if allowed is not None and old in allowed and new not in allowed:
            log.warning("group %s became supergroup %s and is still served: put %s in BOT_ALLOWED_CHATS in place of %s", old, new, new, old)

    async def learn(self, entry_id: str, text: str, lang: str, chat_type: str, origin: str, admin_id: int) -> tuple[int | None, str]:
        """Make `text` a phrasing of the entry, answered at once: (its id, "") or (None, why not).

        Checked against the FAQ's rules on the matcher built with it, which is then swapped in
        whole; the store has it before the bot answers with it."""
        async with self._teaching:
            knowledge = self.knowledge
            refused = clash(knowledge.faq, entry_id, text)
            if refused:
                return None, refused
            phrasings = Phrasings(self.store)
            learned = await self.store.run(phrasings.learned)
            candidate = await asyncio.to_thread(Knowledge.of, knowledge.loaded, [*learned, _New(entry_id, text, lang)])
            refused = answered_elsewhere(candidate.matcher, entry_id, text)
            if refused:
                return None, refused
            learned_id = await self.store.run(phrasings.learn, entry_id, text, lang, chat_type, origin, admin_id)
            self.knowledge = candidate
            return learned_id, ""

    async def unlearn(self, learned_id: int) -> Phrasing | None:
        """Remove a learned phrasing; the bot stops answering with it at once. None if already gone."""
        async with self._teaching:
            phrasings = Phrasings(self.store)
            removed = await self.store.run(phrasings.unlearn, learned_id)
            if removed is not None:
                learned = await self.store.run(phrasings.learned)
                self.knowledge = await asyncio.to_thread(Knowledge.of, self.knowledge.loaded, learned)
            return removed

    async def reload(self, faq: FAQ) -> Knowledge:
        """Serve a freshly loaded FAQ with the learned phrasings added."""
        async with self._teaching:
            learned = await self.store.run(Phrasings(self.store).learned) if self.store else []
            self.knowledge = await asyncio.to_thread(Knowledge.of, faq, learned)
            return self.knowledge

    def note(self, update_id: int, outcome: str | BaseException) -> None:
        """Record why an update ended without an answer (only for updates the poller tracks)."""
        if update_id in self.outcomes and self.outcomes[update_id] is None:
            self.outcomes[update_id] = outcome

    async def ask(self, question: str, chat_type: str, user_id: int | None) -> Answer:
        """Answer from the current FAQ; the store has the question before the reply goes out."""
        answer = await self._match(question)
        await self.remember(lambda store: store.record_question(answer, chat_type, user_id))
        return answer

    async def ask_inline(self, question: str, user_id: int, spawn: Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]]) -> Answer:
        """Inline queries come per keystroke: store only the one the user stopped typing at.

        `spawn` is the application's create_task, so a clean stop waits for the pending write."""
        answer = await self._match(question)
        self.drop_pending_inline(user_id)
        if self.store is not None:
            self._inline_pending[user_id] = spawn(self._record_settled(answer, user_id))
        return answer

    def settle_inline_now(self) -> None:
        """On stop: store each pending inline query now rather than after its settling time."""
        for task in list(self._inline_pending.values()):
            task.cancel()

    async def _match(self, question: str) -> Answer:
        """The matcher on a worker thread: its worst case (a long query) never stalls the event loop,
        so one user's flood of long inline queries does not delay everyone else's answers."""
        knowledge = self.knowledge
        return await asyncio.to_thread(answer_for, question, knowledge.faq, knowledge.matcher)

    def drop_pending_inline(self, user_id: int) -> None:
        pending = self._inline_pending.pop(user_id, None)
        if pending is not None:
            pending.cancel()

    async def _record_settled(self, answer: Answer, user_id: int) -> None:
        try:
            await asyncio.sleep(INLINE_SETTLE)
        except asyncio.CancelledError:
            if self._inline_pending.get(user_id) is not asyncio.current_task():
                return  # superseded by a newer query, or forgotten
            # cancelled by a stop: the user did stop typing here, so store it now
        self._inline_pending.pop(user_id, None)
        await self.remember(lambda store: store.record_question(answer, "inline", user_id))

    async def remember(self, write: Callable[[Store], object]) -> None:
        """Run a store write on the store's thread; without a store, or when it fails (disk full),
        answering goes on."""
        if self.store is None:
            return
        try:
            await self.store.run(write, self.store)
        except sqlite3.Error as exc:
            log.error("store write failed: %s", exc)


@dataclass(frozen=True)
class _New:
    """A phrasing about to be learned."""

    entry: str
    text: str
    lang: str


def state_of(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data["state"]
