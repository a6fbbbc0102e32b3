"""Unit tests of bot.store.Store in a temporary folder: schema, privacy, retention, reports, failures."""

from __future__ import annotations

import asyncio
import ctypes
import hashlib
import hmac
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import store as store_module
from bot.answers import Answer, answer_for
from bot.faq import load_faq
from bot.matcher import Matcher
from bot.store import DB_FILE, KEY_FILE, LOW_CONFIDENCE, MIGRATIONS, Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400.0
NOW = 1_763_000_000.0  # a fixed "now" (mid-November 2025, UTC) so day boundaries are deterministic
USER = 987_654_321


def entry(entry_id: str) -> SimpleNamespace:
    """The store needs only an entry's id."""
    return SimpleNamespace(id=entry_id)


def answered(question: str, entry_id: str = "kscon-what", score: float = 0.9, lang: str = "en") -> Answer:
    return Answer(question, lang, entry(entry_id), score, "answer", (), ())


def abstained(question: str, score: float = 0.2, lang: str = "en", nearby: tuple[str, ...] = ()) -> Answer:
    suggestions = tuple(entry(e) for e in nearby) or (entry("overview"), entry("meeting-what"))
    return Answer(question, lang, None, score, "The article does not say.", (), suggestions, bool(nearby))


def rows(store: Store, sql: str, *args: object) -> list[tuple]:
    with store._lock:
        return store._db.execute(sql, args).fetchall()


def daily(store: Store, key: str) -> int:
    return sum(count for (count,) in rows(store, "SELECT count FROM daily WHERE key = ?", key))


def assert_one_line(error: StoreError, *words: str) -> None:
    message = str(error)
    assert "\n" not in message and message.strip() == message
    assert "—" in message, f"the message says what to do: {message}"
    for word in words:
        assert word in message.lower(), f"{word!r} not in {message!r}"


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "data")
    yield opened
    opened.close()


# --- schema -------------------------------------------------------------------------------


def test_a_new_folder_gets_the_current_schema_in_wal_mode(tmp_path):
    store = Store(tmp_path / "new" / "data")  # the folder is created, parents too
    assert (tmp_path / "new" / "data" / DB_FILE).is_file()
    assert rows(store, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert rows(store, "PRAGMA journal_mode") == [("wal",)]
    tables = {name for (name,) in rows(store, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"meta", "questions", "feedback", "daily"} <= tables
    store.close()


def test_an_empty_file_is_migrated_like_a_new_one(tmp_path):
    (tmp_path / DB_FILE).write_bytes(b"")
    store = Store(tmp_path)
    assert rows(store, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    store.close()


def test_reopening_is_idempotent_and_keeps_rows_and_key(tmp_path):
    first = Store(tmp_path)
    first.record_question(abstained("where can I park"), "private", USER, at=time.time())
    digest = first.user_hash(USER)
    first.close()
    for _ in range(2):
        again = Store(tmp_path)
        assert rows(again, "PRAGMA user_version") == [(len(MIGRATIONS),)]
        assert again.user_hash(USER) == digest, "the per-install key survives a restart"
        assert rows(again, "SELECT text FROM questions") == [("where can I park",)]
        assert (tmp_path / KEY_FILE).is_file()
        again.close()


def test_a_later_migration_upgrades_an_existing_database_in_place(tmp_path, monkeypatch):
    old = Store(tmp_path)
    old.record_question(abstained("kept across the upgrade"), "private", USER, at=time.time())
    old.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS + ("ALTER TABLE questions ADD COLUMN note TEXT",))
    new = Store(tmp_path)
    assert rows(new, "PRAGMA user_version") == [(len(MIGRATIONS) + 1,)]
    assert rows(new, "SELECT text, note FROM questions") == [("kept across the upgrade", None)]
    new.close()


def test_a_failing_migration_is_rolled_back_whole(tmp_path, monkeypatch):
    Store(tmp_path).close()
    broken = "ALTER TABLE questions ADD COLUMN half TEXT; CREATE TABLE questions (x)"  # second statement fails
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS + (broken,))
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value)
    check = sqlite3.connect(tmp_path / DB_FILE)
    assert check.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
    columns = [c[1] for c in check.execute("PRAGMA table_info(questions)")]
    assert "half" not in columns, "the first statement of the failed migration was rolled back too"
    check.close()


def test_a_database_from_a_newer_bot_is_refused(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / DB_FILE)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value, "newer", "upgrade")


# --- privacy ------------------------------------------------------------------------------


def test_user_hash_is_keyed_per_install_and_never_the_raw_id(tmp_path):
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    try:
        assert one.user_hash(USER) == one.user_hash(USER)
        assert one.user_hash(USER) != two.user_hash(USER), "another installation hashes the same user differently"
        assert one.user_hash(USER) != one.user_hash(USER + 1)
        assert one.user_hash(None) is None
        for digest in (one.user_hash(USER), two.user_hash(USER)):
            assert str(USER) not in digest
            assert digest != hashlib.sha256(str(USER).encode()).hexdigest()[: len(digest)], "an unkeyed hash could be reversed by trying ids"
        key = (tmp_path / "one" / KEY_FILE).read_text().strip()
        assert len(bytes.fromhex(key)) >= 32
        assert one.user_hash(USER) == hmac.new(bytes.fromhex(key), str(USER).encode(), hashlib.sha256).hexdigest()[:24]
    finally:
        one.close()
        two.close()


def on_disk(folder: Path) -> bytes:
    """Every byte of the database's files: the main file, the WAL and its index."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(DB_FILE))


def test_the_hash_key_lives_in_its_own_0600_file_not_in_the_database(tmp_path):
    store = Store(tmp_path)
    store.record_question(abstained("where can I park"), "private", USER)
    store.close()
    key_file = tmp_path / KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text().strip()
    assert key.encode() not in on_disk(tmp_path) and bytes.fromhex(key) not in on_disk(tmp_path)
    check = sqlite3.connect(tmp_path / DB_FILE)
    assert check.execute("SELECT COUNT(*) FROM meta").fetchone() == (0,)
    check.close()


def test_a_key_an_older_bot_kept_in_the_database_moves_to_its_file_and_hashes_still_match(tmp_path):
    old_key = "ab" * 32
    store = Store(tmp_path / "scratch")  # the schema, then the database as an older bot left it
    store.close()
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "scratch" / DB_FILE).rename(folder / DB_FILE)
    old = sqlite3.connect(folder / DB_FILE)
    old.execute("INSERT INTO meta (key, value) VALUES ('user_hash_key', ?)", (old_key,))
    old.commit()
    old.close()
    store = Store(folder)
    try:
        assert store.user_hash(USER) == hmac.new(bytes.fromhex(old_key), str(USER).encode(), hashlib.sha256).hexdigest()[:24]
        assert (folder / KEY_FILE).read_text().strip() == old_key
        assert old_key.encode() not in on_disk(folder), "the key is wiped from the database, not just unlinked"
    finally:
        store.close()


def test_a_damaged_key_file_is_refused_with_one_line(tmp_path):
    Store(tmp_path).close()
    (tmp_path / KEY_FILE).write_text("not hex")
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value, "key", "backup")


def test_no_raw_user_id_or_name_is_written_anywhere(tmp_path):
    store = Store(tmp_path)
    store.record_question(abstained("what's for lunch"), "group", USER)
    store.record_question(answered("what is kscon", score=0.3), "inline", USER)
    store.record_feedback("kscon-what", 1, USER)
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert str(USER).encode() not in raw
    assert USER.to_bytes(8, "big").lstrip(b"\0") not in raw, "not even as an integer column"


# --- what is written --------------------------------------------------------------------------


def test_text_is_kept_only_for_abstentions_and_low_confidence_counters_for_all(store):
    at = time.time()
    store.record_question(answered("What is K-SCON?", score=0.95), "private", 1, at=at)
    store.record_question(answered("kscon is which thing", score=LOW_CONFIDENCE - 0.1), "group", 2, at=at)
    store.record_question(abstained("best pizza nearby", nearby=("meeting-where",)), "inline", 3, at=at)
    store.record_question(abstained("hello there"), "private", None, at=at)
    kept = rows(store, "SELECT text, lang, chat_type, answered, entry, score, at, user_hash FROM questions ORDER BY id")
    assert [r[0] for r in kept] == ["kscon is which thing", "best pizza nearby", "hello there"]
    low, near, plain = kept
    assert low[1:6] == ("en", "group", 1, "kscon-what", pytest.approx(LOW_CONFIDENCE - 0.1))
    assert near[1:5] == ("en", "inline", 0, "meeting-where"), "an abstention keeps its nearest entry"
    assert plain[4] is None, "suggestions that are only examples are not a 'best entry'"
    assert all(r[6] == at for r in kept)
    assert low[7] == store.user_hash(2) and plain[7] is None
    assert daily(store, "questions") == 4
    assert daily(store, "answered") == 2
    assert daily(store, "entry:kscon-what") == 2


def test_korean_questions_keep_their_language(store):
    store.record_question(abstained("부산 맛집 추천해줘", lang="ko"), "private", 5)
    assert rows(store, "SELECT text, lang FROM questions") == [("부산 맛집 추천해줘", "ko")]


def test_one_vote_per_user_per_entry_and_pressing_again_changes_it(store):
    for _ in range(30):
        store.record_feedback("kscon-what", 1, 7)
    store.record_feedback("kscon-what", 1, 8)
    assert store.stats().votes == {"kscon-what": (2, 0)}
    store.record_feedback("kscon-what", -1, 7)
    assert store.stats().votes == {"kscon-what": (1, 1)}, "the other button replaces the user's vote"
    store.record_feedback("pis-fund", 1, 7)
    assert store.stats().votes == {"kscon-what": (1, 1), "pis-fund": (1, 0)}, "a vote per entry"


def test_feedback_is_kept_with_entry_and_time(store):
    at = time.time()
    store.record_feedback("kscon-what", 1, 7, at=at)
    store.record_feedback("kscon-what", -1, 8, at=at)
    store.record_feedback("pis-fund", -1, 7, at=at)
    assert rows(store, "SELECT entry, vote, at FROM feedback ORDER BY id") == [("kscon-what", 1, at), ("kscon-what", -1, at), ("pis-fund", -1, at)]
    assert store.stats().votes == {"kscon-what": (1, 1), "pis-fund": (0, 1)}
    with pytest.raises(sqlite3.IntegrityError):
        store.record_feedback("kscon-what", 5, 7)


# --- retention and /forget --------------------------------------------------------------------


def test_retention_purges_rows_older_than_the_period_and_keeps_the_rest(tmp_path):
    store = Store(tmp_path, retention_days=90)
    store.record_question(abstained("old question"), "private", 1, at=NOW - 91 * DAY)
    store.record_feedback("kscon-what", 1, 1, at=NOW - 91 * DAY)
    store.record_question(abstained("recent question"), "private", 1, at=NOW - 89 * DAY)
    store.record_feedback("pis-fund", -1, 1, at=NOW - 1 * DAY)
    removed = store.purge(now=NOW)
    assert removed == 3, "old question, old vote and the old day's counter"
    assert rows(store, "SELECT text FROM questions") == [("recent question",)]
    assert rows(store, "SELECT entry FROM feedback") == [("pis-fund",)]
    assert [day for (day,) in rows(store, "SELECT DISTINCT day FROM daily")] == [store_module._day(NOW - 89 * DAY)]
    assert store.purge(now=NOW) == 0, "a second purge has nothing left to do"
    store.close()


def test_retention_period_is_configurable(tmp_path):
    store = Store(tmp_path, retention_days=7)
    store.record_question(abstained("eight days ago"), "private", 1, at=NOW - 8 * DAY)
    store.record_question(abstained("six days ago"), "private", 1, at=NOW - 6 * DAY)
    store.purge(now=NOW)
    assert rows(store, "SELECT text FROM questions") == [("six days ago",)]
    store.close()


def test_opening_the_store_purges_expired_rows(tmp_path):
    store = Store(tmp_path, retention_days=90)
    store.record_question(abstained("from last year"), "private", 1, at=time.time() - 400 * DAY)
    store.close()
    reopened = Store(tmp_path, retention_days=90)
    assert rows(reopened, "SELECT COUNT(*) FROM questions") == [(0,)]
    reopened.close()


def test_forget_deletes_only_that_users_rows(store):
    store.record_question(abstained("mine one"), "private", 1)
    store.record_question(answered("mine two", score=0.3), "group", 1)
    store.record_feedback("kscon-what", 1, 1)
    store.record_question(abstained("someone else's"), "private", 2)
    store.record_feedback("kscon-what", -1, 2)
    assert store.forget(1) == 3
    assert rows(store, "SELECT text FROM questions") == [("someone else's",)]
    assert rows(store, "SELECT vote FROM feedback") == [(-1,)]
    assert daily(store, "questions") == 3, "anonymous daily counters stay"
    assert store.forget(1) == 0
    assert store.forget(3) == 0


def test_forgotten_text_is_wiped_from_every_file_once_a_reader_lets_go(tmp_path):
    """A backup or shell report holding a read transaction keeps the old pages alive; the store wipes
    them as soon as it lets go, while the bot runs, and never makes a write wait for the reader."""
    store = Store(tmp_path)
    try:
        for n in range(20):
            store.record_question(abstained(f"someone else's question {n}"), "private", 2)
        store.record_question(abstained("my private question about zanzibar"), "private", 1)
        reader = sqlite3.connect(tmp_path / DB_FILE)
        reader.execute("BEGIN")
        assert reader.execute("SELECT COUNT(*) FROM questions").fetchone() == (21,)  # holds this snapshot
        started = time.monotonic()
        assert store.forget(1) == 1
        store.record_question(abstained("asked while the reader reads"), "private", 3)
        assert time.monotonic() - started < 1.0, "a reader must not hold up the store's writes"
        assert b"zanzibar" in on_disk(tmp_path), "the reader's snapshot still holds it (SQLite's rule)"
        reader.rollback()
        reader.close()
        deadline = time.monotonic() + 10
        while b"zanzibar" in on_disk(tmp_path):
            assert time.monotonic() < deadline, "the forgotten text is still on disk after the reader let go"
            time.sleep(0.05)
        assert rows(store, "SELECT COUNT(*) FROM questions") == [(21,)]
    finally:
        store.close()


def test_purged_text_is_gone_from_every_file_while_the_store_is_open(tmp_path):
    store = Store(tmp_path, retention_days=30)
    store.record_question(abstained("an old question about zanzibar"), "private", 1, at=time.time() - 40 * DAY)
    store.record_question(abstained("a recent question"), "private", 1)
    store.close()
    store = Store(tmp_path, retention_days=365)  # as after a restart: the rows now live in the main file
    try:
        assert b"zanzibar" in on_disk(tmp_path)
        store.retention_days = 30
        assert store.purge() == 2  # the question and its day's counter
        assert b"zanzibar" not in on_disk(tmp_path)
    finally:
        store.close()


def test_forgotten_text_is_gone_from_the_files_on_disk(tmp_path):
    store = Store(tmp_path)
    for n in range(20):
        store.record_question(abstained(f"someone else's question {n}"), "private", 2)
    store.record_question(abstained("my private question about zanzibar"), "private", 1)
    store.close()
    store = Store(tmp_path)  # as after a restart: the rows now live in the main file
    try:
        assert store.forget(1) == 1
        on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(DB_FILE))
        assert b"zanzibar" not in on_disk
    finally:
        store.close()


# --- reports -----------------------------------------------------------------------------------


def test_stats_counts_today_week_and_all_time_with_share_answered_and_top_entries(store):
    store.record_question(answered("a", "kscon-what"), "private", 1, at=NOW)
    store.record_question(answered("b", "kscon-what"), "private", 1, at=NOW - 2 * DAY)
    store.record_question(answered("c", "pis-fund"), "private", 1, at=NOW - 3 * DAY)
    store.record_question(abstained("d"), "private", 1, at=NOW - 10 * DAY)
    store.record_feedback("pis-fund", 1, 1, at=NOW)
    stats = store.stats(now=NOW, top=1)
    assert (stats.today, stats.week, stats.total) == (1, 3, 4)
    assert stats.answered_share == pytest.approx(0.75)
    assert stats.top_entries == [("kscon-what", 2)]
    assert stats.votes == {"pis-fund": (1, 0)}


def test_stats_of_an_empty_store(store):
    stats = store.stats()
    assert (stats.today, stats.week, stats.total, stats.answered_share) == (0, 0, 0, 0.0)
    assert stats.top_entries == [] and stats.votes == {}


def test_unanswered_groups_near_duplicates_latest_first(store):
    store.record_question(abstained("What is the weather?"), "private", 1, at=NOW - 30)
    store.record_question(abstained("where can I park"), "private", 2, at=NOW - 20)
    store.record_question(abstained("what is the  WEATHER"), "group", 3, at=NOW - 10)
    store.record_question(abstained("What is the weather!!", nearby=("overview",)), "inline", 4, at=NOW)
    store.record_question(answered("kscon which", score=0.3), "private", 5, at=NOW + 5)  # answered, low confidence
    groups = store.unanswered()
    assert [(g.text, g.count) for g in groups] == [("What is the weather!!", 3), ("where can I park", 1)]
    assert groups[0].last_at == NOW and groups[0].best == "overview"
    assert [g.text for g in store.unanswered(limit=1)] == ["What is the weather!!"]


def test_a_greeting_is_counted_but_never_listed_as_unanswered(store):
    faq = load_faq()
    matcher = Matcher(faq)
    for text in ("안녕하세요", "good morning all", "협력센터 2025년에 문 열어?"):
        store.record_question(answer_for(text, faq, matcher), "private", 1, at=NOW)
    assert [g.text for g in store.unanswered()] == ["협력센터 2025년에 문 열어?"]
    assert rows(store, "SELECT count FROM daily WHERE key = 'questions'") == [(3,)]


def test_unanswered_keeps_questions_without_letters_apart(store):
    store.record_question(abstained("???"), "private", 1, at=NOW)
    store.record_question(abstained("!!!"), "private", 1, at=NOW + 1)
    assert sorted(g.text for g in store.unanswered()) == ["!!!", "???"]


# --- the bot's door: writes on the writer thread -----------------------------------------------------


def test_writes_run_on_the_writer_thread_and_the_event_loop_keeps_running(store):
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a slow writer elsewhere: our write has to wait for the lock

    async def scenario() -> tuple[int, str]:
        names: list[str] = []

        def write() -> None:
            names.append(threading.current_thread().name)
            store.record_question(abstained("waited for the lock"), "private", 1)

        pending = asyncio.ensure_future(store.run(write))
        ticks = 0
        deadline = time.monotonic() + 0.4
        while time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            ticks += 1
        assert not pending.done(), "the write is still waiting for the lock"
        other.execute("ROLLBACK")
        await pending
        return ticks, names[0]

    ticks, thread_name = asyncio.run(scenario())
    other.close()
    assert ticks >= 20, "the event loop kept running while the write waited"
    assert thread_name.startswith("store") and thread_name != threading.main_thread().name
    assert rows(store, "SELECT text FROM questions") == [("waited for the lock",)]


def test_a_committed_write_survives_kill_9(tmp_path):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import abstained
        from bot.store import Store
        store = Store(Path({str(tmp_path)!r}))
        for i in range(25):
            store.record_question(abstained(f"question {{i}}"), "private", i)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr
    store = Store(tmp_path)
    assert rows(store, "SELECT COUNT(*) FROM questions") == [(25,)]
    assert daily(store, "questions") == 25
    store.close()


# --- a database the bot cannot use ------------------------------------------------------------------


def test_a_corrupt_file_is_refused_with_one_line_and_left_untouched(tmp_path):
    garbage = bytes(range(256)) * 64
    (tmp_path / DB_FILE).write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value, "corrupt", str(tmp_path / DB_FILE).lower())
    assert "BOT_NO_STORE=1" in str(caught.value)
    assert (tmp_path / DB_FILE).read_bytes() == garbage, "the corrupt file is kept for the operator to inspect"


def test_a_short_garbage_file_is_refused_as_corrupt(tmp_path):
    (tmp_path / DB_FILE).write_bytes(b"this is not sqlite")
    with pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value, "corrupt")


@contextmanager
def exclusively_locked(db: Path, before: str = "", during: str = "") -> Iterator[None]:
    """Another connection holds an exclusive lock on the database (running `before` first and
    `during` inside its transaction) until the block ends."""
    holder = sqlite3.connect(db, isolation_level=None)
    if before:
        holder.execute(before)
    holder.execute("BEGIN EXCLUSIVE")
    if during:
        holder.execute(during)
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_database_is_refused_quickly_with_one_line(tmp_path):
    Store(tmp_path).close()
    started = time.monotonic()
    with exclusively_locked(tmp_path / DB_FILE), pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert time.monotonic() - started < 10, "it gives up after the busy timeout instead of hanging"
    assert_one_line(caught.value, "locked", "another")
    Store(tmp_path).close()  # usable again once the other holder is gone


def test_a_database_locked_before_it_was_ever_in_wal_mode_is_refused(tmp_path):
    with exclusively_locked(tmp_path / DB_FILE, "CREATE TABLE other (x)", "INSERT INTO other VALUES (1)"), pytest.raises(StoreError) as caught:
        Store(tmp_path)
    assert_one_line(caught.value, "locked")


# Read-only: as root, file modes do not stop writes (CAP_DAC_OVERRIDE). The child process that opens
# the store drops that capability from its bounding set before exec, so the kernel enforces the
# modes for it exactly as for an ordinary service user; as non-root the modes work as they are.

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_enforce_modes(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            preexec_fn=_drop_file_capabilities if os.geteuid() == 0 else None,
            capture_output=True,
            timeout=30,
        )
    except subprocess.SubprocessError:
        return False
    finally:
        probe.unlink()
    return done.returncode != 0


def open_store_without_write_permission(folder: Path) -> subprocess.CompletedProcess[str]:
    """Open the store in a child process for which file modes are enforced; prints the StoreError."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from bot.store import Store, StoreError
        try:
            Store(Path({str(folder)!r}))
        except StoreError as exc:
            print(exc)
            sys.exit(1)
        print("opened")
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        preexec_fn=_drop_file_capabilities if os.geteuid() == 0 else None,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def enforced_modes(tmp_path):
    if not _can_enforce_modes(tmp_path):
        pytest.skip("file modes cannot be enforced here: running as root and CAP_DAC_OVERRIDE cannot be dropped (no CAP_SETPCAP)")


@pytest.mark.parametrize("folder_mode", [0o555, 0o755], ids=["read-only-folder", "writable-folder"])
def test_a_read_only_database_file_is_refused_with_one_line(tmp_path, enforced_modes, folder_mode):
    folder = tmp_path / "data"
    Store(folder).close()
    for sidecar in ("-wal", "-shm"):
        (folder / (DB_FILE + sidecar)).unlink(missing_ok=True)
    before = (folder / DB_FILE).read_bytes()
    (folder / DB_FILE).chmod(0o444)
    folder.chmod(folder_mode)
    try:
        done = open_store_without_write_permission(folder)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and "cannot be written" in lines[0] and "—" in lines[0], lines
    assert (folder / DB_FILE).read_bytes() == before


def test_a_data_folder_that_cannot_be_created_is_refused_with_one_line(tmp_path, enforced_modes):
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        done = open_store_without_write_permission(parent / "data")
    finally:
        parent.chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and "BOT_DATA_DIR" in lines[0], lines
