"""The command line: `python -m bot ask|list|check|run|…`.

Each command is one function. Problems the user can fix (a broken FAQ, a missing token) end in
one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import messages
from bot.answers import Answer, answer_for, attribution, quotes
from bot.config import ConfigError, data_folder, faq_folders
from bot.faq import ENTRIES_FILE, FAQ, FAQError, LANGS, load_faq
from bot.learning import held_by_faq, learned_yaml, with_learned
from bot.logs import redact_output
from bot.matcher import Matcher
from bot.phrasings import Phrasings
from bot.review import review
from bot.store import DB_FILE, Store, StoreError

EXIT_INVALID_FAQ = 1
EXIT_USAGE = 2
TESTS_DIR = Path(__file__).resolve().parent.parent / "tests"  # the evaluation suite, in a checkout


def _load(args: argparse.Namespace) -> FAQ:
    return load_faq(faq_folders(args.faq))


def cmd_ask(args: argparse.Namespace) -> int:
    faq = _load(args)
    matcher = Matcher(faq)
    if args.question == "-":
        for raw in sys.stdin.buffer:
            question = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            _print_answer(answer_for(question, faq, matcher), faq, args.json)
            sys.stdout.flush()
        return 0
    _print_answer(answer_for(args.question, faq, matcher), faq, args.json)
    return 0


def _print_answer(answer: Answer, faq: FAQ, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    lang = answer.lang
    print(answer.text)
    for article, group in answer.by_article():
        for quote in group:
            print(f"\n  “{quote.sentence.text}”")
            if lang == "en" and quote.sentence.translation:
                print(f"  ({messages.text(lang, 'translation')}: {quote.sentence.translation})")
        print("  — " + attribution(article, lang) + (f" {article.url}" if article.url else ""))
    if answer.earlier and answer.earlier_article:
        print("\n" + messages.text(lang, "earlier", attribution=attribution(answer.earlier_article, lang)) + f" {answer.earlier.first_question(lang)}")
    if answer.suggestions:
        print("\n" + messages.text(lang, "did_you_mean" if answer.nearby else "can_answer"))
        for entry in answer.suggestions:
            print(f"  • {entry.first_question(lang)}")


def cmd_list(args: argparse.Namespace) -> int:
    faq = _load(args)
    for entry in faq.entries.values():
        sources = [quote.to_json() for quote in quotes(entry, faq)]
        if args.json:
            questions = [q for lang in LANGS for q in entry.questions[lang]]
            print(json.dumps({"id": entry.id, "questions": questions, "answer": entry.answer, "sources": sources}, ensure_ascii=False))
        else:
            print(f"{entry.id}: {entry.first_question('ko')} / {entry.first_question('en')}")
    return 0


def cmd_add_article(args: argparse.Namespace) -> int:
    """A pasted news page → a new FAQ folder; say what was kept and what was left out."""
    from bot.importer import read_page, write_folder

    source, folder = Path(args.file), Path(args.into)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {source}: cannot read it as UTF-8 text ({exc.__class__.__name__}) — save the page as a UTF-8 .txt file", file=sys.stderr)
        return EXIT_USAGE
    if folder.exists():
        print(f"error: {folder}: already exists — give --into a new folder's path", file=sys.stderr)
        return EXIT_USAGE
    page = read_page(text)
    if "headline" not in page.sentences:
        print(f"error: {source}: no article text found — paste the page's text, headline first", file=sys.stderr)
        return EXIT_USAGE
    write_folder(page, folder, args.outlet, args.published, args.url)
    body = sum(1 for sid in page.sentences if sid.startswith("s") and sid[1:].isdigit())
    print(f"{folder}: {body} body sentences, the headline and {len(page.bylines)} byline line(s) kept verbatim")
    for sid, sentence in page.sentences.items():
        print(f"  {sid}{' (byline)' if sid in page.bylines else ''}: {sentence}")
    print(f"left out ({len(page.left_out)} lines):")
    for why, line in page.left_out:
        print(f"  [{why}] {line}")
    print(f"next: write entries in {folder / 'faq.yaml'}, then run: python -m bot --faq {folder} check")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    """The articles served, newest first, one line each (or one JSON object each)."""
    faq = _load(args)
    for article in sorted(faq.articles.values(), key=lambda a: a.published, reverse=True):
        entries = sum(entry.folder == article.name for entry in faq.entries.values())
        row = {"article": article.name, "outlet": article.outlet, "published": article.published,
               "title": article.title or article.headline, "url": article.url, "entries": entries}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{article.name}: {article.outlet}, {article.date} — {row['title']} ({entries} entries){' ' + article.url if article.url else ''}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    faq = _load(args)
    entries = list(faq.entries.values())
    print(f"FAQ {', '.join(map(str, faq.folders))}: OK")
    print(f"  entries: {len(entries)}")
    for lang in LANGS:
        counts = [len(e.questions[lang]) for e in entries]
        print(f"  {lang} phrasings: {sum(counts)} (min {min(counts)}, avg {sum(counts) / len(counts):.1f} per entry)")
    body = [s for article in faq.articles.values() for s in article.sentences.values() if not s.byline]
    print(f"  article sentences cited: {len(body) - len(faq.warnings)} of {len(body)} (headline and body)")
    advice = review(faq, Matcher(faq))
    total = sum(len(e.questions[lang]) for e in faq.entries.values() for lang in LANGS)
    print(f"  questions the bot would answer with their own entry: {total - advice.answered_elsewhere} of {total}")
    for warning in (*faq.warnings, *advice.lines, *_merged_learned(faq)):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _merged_learned(faq: FAQ) -> list[str]:
    """Learned phrasings the FAQ's files now hold: merged by a curator, to be removed in /learned."""
    if not (data_folder() / DB_FILE).is_file():
        return []
    store = _open_store()
    learned = Phrasings(store).learned()
    store.close()
    return [
        f"{faq.entries[owner].folder}/{ENTRIES_FILE}: the learned phrasing {phrasing.text!r} of '{phrasing.entry}' is in the file now"
        + (f" (under '{owner}')" if owner != phrasing.entry else "") + " — remove it with /learned, the file keeps it"
        for phrasing, owner in held_by_faq(faq, learned)
    ]


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import build_seconds, evaluate, format_suite, format_table, format_together, project_figures, read_set, run_suite, run_together, suite_folders

    if args.file is None:
        if args.learned:
            print("error: --learned needs a question set — python -m bot eval FILE --learned compares the bot's FAQ without and with its learned phrasings", file=sys.stderr)
            return EXIT_USAGE
        if not TESTS_DIR.is_dir():
            print(f"error: {TESTS_DIR}: the evaluation suite lives in a checkout's tests/ — run from a clone, or give a TSV file: python -m bot eval FILE", file=sys.stderr)
            return EXIT_USAGE
        if args.together:
            print(format_together(run_together(suite_folders(TESTS_DIR, held_out=args.heldout))))
            return 0
        rows = run_suite(suite_folders(TESTS_DIR, held_out=args.heldout))
        print(format_suite(rows))
        if args.misses:
            for row in rows:
                for item, decided, reason in row.project.misses:
                    print(f"miss {row.folder} [{row.cut or 'all'}] [{item.kind}] expected {'|'.join(sorted(item.expect)) or '-'}, got {decided or '-'} ({reason}): {item.question}")
        return 0
    path = Path(args.file)
    if not path.is_file():
        print(f"error: {path}: no such question set — give a TSV file: python -m bot eval FILE", file=sys.stderr)
        return EXIT_USAGE
    faq = _load(args)
    items = read_set(path)
    results = evaluate(faq, items)
    if args.learned:
        store = _open_store()
        learned = Phrasings(store).learned()
        store.close()
        taught = with_learned(faq, learned)
        added = sum(len(e.questions[lang]) for e in taught.entries.values() for lang in LANGS) - sum(len(e.questions[lang]) for e in faq.entries.values() for lang in LANGS)
        results.insert(1, dataclasses.replace(project_figures(taught, items), name=f"project + {added} learned"))
    counts = results[0].counts
    print(f"{path.name}: {counts['in']} in-scope, {counts['off']} off-topic, {counts['near']} near-miss questions")
    print(f"index build: {build_seconds(faq) * 1000:.1f} ms")
    print(format_table(results))
    if args.misses:
        for item, decided, reason in results[0].misses:
            print(f"miss [{item.kind}] expected {'|'.join(sorted(item.expect)) or '-'}, got {decided or '-'} ({reason}): {item.question}")
    return 0


def _open_store() -> Store:
    """The bot's store, read from the shell: opened read-only, so a report never changes it (no
    purge: the bot alone applies BOT_RETENTION_DAYS); never created here (the bot creates it)."""
    folder = data_folder()
    if not (folder / DB_FILE).is_file():
        raise StoreError(f"{folder / DB_FILE}: no store yet — the bot creates it on its first run; set BOT_DATA_DIR to the bot's data folder")
    return Store(folder, read_only=True)


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.report import stats_text

    store = _open_store()
    print(stats_text(store.stats()))
    store.close()
    return 0


def cmd_unanswered(args: argparse.Namespace) -> int:
    from bot.report import unanswered_text, write_unanswered_csv

    store = _open_store()
    rows = store.unanswered(args.limit, Phrasings(store).handled_keys(keep_none=True))  # "none of these": for a new entry
    store.close()
    if args.csv:
        write_unanswered_csv(rows, sys.stdout)
    else:
        print(unanswered_text(rows))
    return 0


def cmd_learned(args: argparse.Namespace) -> int:
    """The learned phrasings: one a line with their provenance, or as YAML to merge into faq.yaml."""
    store = _open_store()
    learned = Phrasings(store).learned()
    store.close()
    if args.yaml:
        print(learned_yaml(learned), end="")
        return 0
    for item in learned:
        when = dt.datetime.fromtimestamp(item.at, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        print(f"{item.entry}\t{item.lang}\t{item.text}\t(asked in {item.chat_type}, from {item.origin}, approved {when} UTC by {item.approved_by[:6]})")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.doctor import alive, diagnose

    if args.live:
        return alive()
    return diagnose(faq_folders(args.faq))


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run  # imported here: the Telegram stack is only needed by `run`

    return run(faq_folders(args.faq))


def build_parser() -> argparse.ArgumentParser:
    # --faq may come before or after the command; after it, a missing --faq must not undo one given before.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--faq", metavar="DIR", action="append", default=argparse.SUPPRESS, help="a FAQ folder; repeat to serve several (default: $BOT_FAQ_DIR, folders separated by ':', else the shipped faq/)")
    parser = argparse.ArgumentParser(prog="python -m bot", description="Korea–ASEAN smart city FAQ bot.")
    parser.add_argument("--faq", metavar="DIR", action="append", default=None, help="a FAQ folder; repeat to serve several (default: $BOT_FAQ_DIR, folders separated by ':', else the shipped faq/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", parents=[common], help="answer a question (or '-' for one per line on stdin)")
    ask.add_argument("question", help="the question, or '-' to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.set_defaults(func=cmd_ask)

    listing = commands.add_parser("list", parents=[common], help="list every FAQ entry")
    listing.add_argument("--json", action="store_true", help="one JSON object per entry")
    listing.set_defaults(func=cmd_list)

    add = commands.add_parser("add-article", help="turn a news page pasted as text into a new FAQ folder")
    add.add_argument("file", help="the page's text, as pasted from the browser (UTF-8)")
    add.add_argument("--into", required=True, metavar="DIR", help="the new folder to write")
    add.add_argument("--outlet", required=True, help="who published it, e.g. KBS")
    add.add_argument("--published", required=True, help='when, e.g. "2019-11-25 11:02 KST"')
    add.add_argument("--url", help="the article's address, linked under every quote")
    add.set_defaults(func=cmd_add_article)

    sources = commands.add_parser("sources", parents=[common], help="the articles served: outlet, day, title, entries")
    sources.add_argument("--json", action="store_true", help="one JSON object per article")
    sources.set_defaults(func=cmd_sources)

    check = commands.add_parser("check", parents=[common], help="validate the FAQ and print a summary")
    check.set_defaults(func=cmd_check)

    evaluation = commands.add_parser("eval", parents=[common], help="measure the matcher: the suite of FAQ folders, or one question set")
    evaluation.add_argument("file", nargs="?", help="a TSV question set for --faq (default: the suite: every folder of tests/ at 2, 4, 8 and all phrasings)")
    evaluation.add_argument("--heldout", action="store_true", help="the suite's held-out folders and sets instead of the tuning ones")
    evaluation.add_argument("--together", action="store_true", help="serve the shipped FAQ with each other folder: every folder's questions alone and together")
    evaluation.add_argument("--misses", action="store_true", help="also list every question the matcher got wrong, with its reason")
    evaluation.add_argument("--learned", action="store_true", help="with FILE: also the FAQ with the phrasings learned in the chat (the store in BOT_DATA_DIR)")
    evaluation.set_defaults(func=cmd_eval)

    stats = commands.add_parser("stats", parents=[common], help="question counts, share answered, top entries, feedback")
    stats.set_defaults(func=cmd_stats)

    unanswered = commands.add_parser("unanswered", parents=[common], help="latest unanswered questions, grouped")
    unanswered.add_argument("--csv", action="store_true", help="CSV for a spreadsheet")
    unanswered.add_argument("--limit", type=int, default=50, help="how many groups (default 50)")
    unanswered.set_defaults(func=cmd_unanswered)

    learned = commands.add_parser("learned", parents=[common], help="the phrasings admins taught the bot in the chat")
    learned.add_argument("--yaml", action="store_true", help="as YAML in faq.yaml's format, to merge into it")
    learned.set_defaults(func=cmd_learned)

    doctor = commands.add_parser("doctor", parents=[common], help="check the token, webhook, FAQ and data folder")
    doctor.add_argument("--live", action="store_true", help="only: is the running bot alive (its heartbeat recent)? for a HEALTHCHECK")
    doctor.set_defaults(func=cmd_doctor)

    run = commands.add_parser("run", parents=[common], help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    redact_output()  # before anything prints: a setting echoed in an error may hold a token
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FAQError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID_FAQ
    except (StoreError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID_FAQ
    except BrokenPipeError:
        return 0
