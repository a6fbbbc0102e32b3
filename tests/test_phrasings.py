"""Learned phrasings, proposals and verdicts in the store: provenance, anonymity, /forget, retention."""

from __future__ import annotations

import sqlite3

import pytest

from test_store import DAY, NOW, abstained, assert_one_line, rows

from bot.normalize import phrasing_key
from bot.phrasings import Phrasings
from bot.store import DB_FILE, MIGRATIONS, Store, StoreError

ADMIN, MEMBER, OTHER = 900, 4242, 4343


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "data")
    yield opened
    opened.close()


def test_a_learned_phrasing_keeps_who_approved_it_when_and_where_from_and_no_member(store):
    phrasings = Phrasings(store)
    assert phrasings.propose("kscon-what", "wat is kscon", "en", "group", MEMBER, at=NOW)
    learned_id = phrasings.learn("kscon-what", "wat is kscon", "en", "group", "proposal", ADMIN, at=NOW + 1)
    (learned,) = phrasings.learned()
    assert (learned.id, learned.entry, learned.text, learned.lang, learned.chat_type, learned.origin, learned.at) == (
        learned_id, "kscon-what", "wat is kscon", "en", "group", "proposal", NOW + 1)
    assert learned.approved_by == store.user_hash(ADMIN) and str(ADMIN) not in learned.approved_by
    assert rows(store, "SELECT COUNT(*) FROM proposals") == [(0,)], "approval anonymises: the member's proposal row is gone"
    assert store.user_hash(MEMBER) not in str(rows(store, "SELECT * FROM learned"))


def test_a_wording_already_learned_is_not_proposed_again(store):
    phrasings = Phrasings(store)
    phrasings.learn("kscon-what", "What is KSCON?", "en", "private", "unanswered", ADMIN)
    assert not phrasings.propose("overview", "what is kscon", "en", "private", MEMBER)
    assert not phrasings.propose("overview", "???", "en", "private", MEMBER), "no letters or digits: nothing to learn"
    assert phrasings.proposals() == []


def test_proposals_are_grouped_by_wording_and_entry_most_proposed_first_one_per_member(store):
    phrasings = Phrasings(store)
    phrasings.propose("pis-fund", "how much money", "en", "private", MEMBER, at=NOW)
    phrasings.propose("kscon-what", "wat is kscon", "en", "private", MEMBER, at=NOW + 1)
    phrasings.propose("kscon-what", "Wat is KSCON?", "en", "group", OTHER, at=NOW + 2)
    phrasings.propose("overview", "wat is kscon", "en", "private", MEMBER, at=NOW + 3)  # MEMBER changes their pick
    listed = [(p.entry, p.members) for p in phrasings.proposals()]
    assert listed == [("overview", 1), ("kscon-what", 1), ("pis-fund", 1)]
    phrasings.propose("overview", "wat is kscon", "en", "group", OTHER, at=NOW + 4)
    top = phrasings.proposals()[0]
    assert (top.entry, top.members, top.text) == ("overview", 2, "wat is kscon")
    assert phrasings.proposal(top.id).members == 2


def test_rejecting_deletes_every_members_proposal_of_that_wording_for_that_entry(store):
    phrasings = Phrasings(store)
    phrasings.propose("kscon-what", "wat is kscon", "en", "private", MEMBER)
    phrasings.propose("kscon-what", "wat is kscon", "en", "private", OTHER)
    phrasings.propose("pis-fund", "how much money", "en", "private", OTHER)
    assert phrasings.reject(phrasings.proposals()[0].id) == 2
    assert [p.entry for p in phrasings.proposals()] == ["pis-fund"]
    assert phrasings.reject(10_000) == 0


def test_forget_deletes_the_members_unapproved_proposals_and_leaves_learned_phrasings(store):
    phrasings = Phrasings(store)
    phrasings.propose("kscon-what", "wat is kscon", "en", "private", MEMBER)
    phrasings.propose("pis-fund", "how much money", "en", "private", MEMBER)
    phrasings.learn("pis-fund", "how much money", "en", "private", "proposal", ADMIN)
    phrasings.propose("overview", "what happened", "en", "private", OTHER)
    assert store.forget(MEMBER) == 1
    assert [p.entry for p in phrasings.proposals()] == ["overview"]
    assert [learned.text for learned in phrasings.learned()] == ["how much money"]


def test_retention_purges_proposals_and_verdicts_but_never_learned_phrasings(tmp_path):
    store = Store(tmp_path / "data", retention_days=30)
    phrasings = Phrasings(store)
    phrasings.propose("kscon-what", "old pick", "en", "private", MEMBER, at=NOW - 31 * DAY)
    phrasings.propose("kscon-what", "new pick", "en", "private", MEMBER, at=NOW)
    phrasings.judge("old chatter", "ignore", ADMIN, at=NOW - 31 * DAY)
    phrasings.learn("kscon-what", "old phrasing", "en", "private", "unanswered", ADMIN, at=NOW - 400 * DAY)
    store.purge(now=NOW)
    assert [p.text for p in phrasings.proposals()] == ["new pick"]
    assert [learned.text for learned in phrasings.learned()] == ["old phrasing"]
    assert phrasing_key("old chatter") not in phrasings.handled_keys(), "the old verdict is gone"
    store.close()


def test_unanswered_leaves_out_learned_and_judged_wordings_until_undone(store):
    phrasings = Phrasings(store)
    for seconds, text in enumerate(("Wat is KSCON?", "wat is kscon", "is it raining", "where can I park")):
        store.record_question(abstained(text), "private", MEMBER, at=NOW + seconds)
    learned_id = phrasings.learn("kscon-what", "wat is kscon", "en", "private", "unanswered", ADMIN)
    verdict_id = phrasings.judge("is it raining", "ignore", ADMIN)
    assert [g.text for g in store.unanswered(handled=phrasings.handled_keys())] == ["where can I park"]
    phrasings.unlearn(learned_id)
    assert phrasings.unjudge(verdict_id)
    assert {g.text: g.count for g in store.unanswered(handled=phrasings.handled_keys())} == {"wat is kscon": 2, "is it raining": 1, "where can I park": 1}


def test_a_question_is_found_by_its_id_only_while_kept_and_unanswered(store):
    phrasings = Phrasings(store)
    store.record_question(abstained("wat is kscon"), "group", MEMBER, at=NOW)
    (group,) = store.unanswered()
    asked = phrasings.asked(group.id)
    assert (asked.text, asked.lang, asked.chat_type) == ("wat is kscon", "en", "group")
    store.forget(MEMBER)
    assert phrasings.asked(group.id) is None


def test_learned_this_week_counts_by_approval_time(store):
    phrasings = Phrasings(store)
    phrasings.learn("kscon-what", "one", "en", "private", "unanswered", ADMIN, at=NOW - 8 * DAY)
    phrasings.learn("kscon-what", "two", "en", "private", "unanswered", ADMIN, at=NOW - DAY)
    assert store.stats(now=NOW).learned_week == 1


def test_a_report_on_a_database_the_bot_has_not_upgraded_yet_is_one_line_not_a_traceback(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / DB_FILE)
    for table in ("learned", "proposals", "triaged"):  # as the bot before teaching left it
        db.execute(f"DROP TABLE {table}")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path, read_only=True)
    assert_one_line(caught.value, "older", "start the bot")
    Store(tmp_path).close()  # the bot itself upgrades it
    Store(tmp_path, read_only=True).close()


def test_questions_judged_none_of_these_stay_on_the_curators_list(store):
    phrasings = Phrasings(store)
    for seconds, text in enumerate(("is there parking", "is it raining", "wat is kscon")):
        store.record_question(abstained(text), "private", MEMBER, at=NOW + seconds)
    phrasings.judge("is there parking", "none", ADMIN)
    phrasings.judge("is it raining", "ignore", ADMIN)
    phrasings.propose("kscon-what", "wat is kscon", "en", "private", MEMBER)
    assert [g.text for g in store.unanswered(handled=phrasings.handled_keys())] == []
    assert [g.text for g in store.unanswered(handled=phrasings.handled_keys(keep_none=True))] == ["is there parking"]
