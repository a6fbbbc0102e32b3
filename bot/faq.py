"""Load the FAQ folder (article, entries, aliases) and validate it.

The FAQ is edited by people who are not developers, so every problem is reported as one line
that names the file, the line, the entry and the fix, and nothing half-loaded is ever returned.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import numbers
from bot.normalize import clean, phrase_pattern, phrasing_key

LANGS = ("ko", "en")
ARTICLE_FILE = "article.yaml"
ENTRIES_FILE = "faq.yaml"
ALIASES_FILE = "aliases.yaml"
ENTRY_FIELDS = {"id", "questions", "answer", "sources", "related", "unsaid", "supersedes"}
ARTICLE_FIELDS = {"outlet", "published", "updated", "reporter", "photo_credit", "url", "title", "sentences"}
SENTENCE_FIELDS = {"id", "text", "byline", "translation"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FOLDER_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,17}$")  # a folder/entry key must fit in 64 bytes of callback data
NAME_PATTERN = re.compile(r"^[a-z0-9]+$")  # an alias name: one word of lower-case Latin letters or digits
OUTLET_SOURCE = "outlet"  # the article's outlet, citable as a source ("which outlet?") like a byline line


class FAQError(Exception):
    """The FAQ folder cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems, first: {problems[0]}")
        self.problems = problems


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    byline: bool = False
    article: str = ""  # the name of the folder whose article it is: its attribution
    translation: str | None = None  # a curated English translation, shown under the verbatim quote


@dataclass(frozen=True)
class Article:
    outlet: str
    published: str
    headline: str
    sentences: dict[str, Sentence]
    name: str = ""  # its folder's name, which cites it from other folders (faq/s3)
    url: str | None = None
    title: str | None = None

    @property
    def date(self) -> str:
        """The publication day, as the attribution under every quote shows it."""
        return self.published.split()[0]


@dataclass(frozen=True)
class Entry:
    id: str
    questions: dict[str, tuple[str, ...]]
    answer: dict[str, str]
    sources: tuple[str, ...]
    related: tuple[str, ...] = ()
    unsaid: tuple[str, ...] = ()  # phrases asking what the article does not say about this subject (criteria, 어느 나라)
    supersedes: tuple[str, ...] = ()  # entries (of any folder) whose answer this newer one replaces
    folder: str = ""  # the name of the folder it comes from

    def first_question(self, lang: str) -> str:
        return self.questions[lang][0]


@dataclass(frozen=True)
class FAQ:
    """One folder, or several served together: then every entry id is `folder/id`."""

    folder: Path
    article: Article  # the first folder's article
    entries: dict[str, Entry]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    articles: dict[str, Article] = field(default_factory=dict)  # folder name → its article, in the order given
    folders: tuple[Path, ...] = ()

    def source_sentences(self, entry: Entry) -> list[Sentence]:
        return [self.sentence(entry, sid) for sid in entry.sources]

    def sentence(self, entry: Entry, sid: str) -> Sentence:
        """A source of an entry: `s3` in its own article, `faq/s3` in another folder's."""
        folder, _, own = sid.rpartition("/")
        return self.articles[folder or entry.folder].sentences[own]

    def article_of(self, sentence: Sentence) -> Article:
        return self.articles.get(sentence.article, self.article)

    def newest(self) -> Article:
        return max(self.articles.values(), key=lambda a: a.published)


def uncited(article: Article, entries: dict[str, Entry]) -> list[str]:
    """Headline and body sentences that no entry cites (byline lines need not be)."""
    cited = {sid for entry in entries.values() for sid in entry.sources}
    return [s.id for s in article.sentences.values() if not s.byline and s.id not in cited]


def default_faq_dir() -> Path:
    """The shipped FAQ: `faq/` beside the package in a checkout, `bot/faq_data/` when installed."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "faq"
    return checkout if (checkout / ENTRIES_FILE).is_file() else package / "faq_data"


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings remember the line they start on, for error messages."""


class _LineDict(dict):
    line: int = 0
    key_lines: dict[Any, int]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, optional: bool = False) -> Any:
    """Parse one YAML file, turning every way it can be unreadable into a FAQError. An `optional`
    file may hold nothing (None)."""
    name = _display(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FAQError([f"{name}: file not found — the FAQ folder needs {ARTICLE_FILE} and {ENTRIES_FILE}"]) from None
    except OSError as exc:
        raise FAQError([f"{name}: cannot read ({exc.strerror}) — check the path and its permissions"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FAQError([f"{name}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}) — save the file as UTF-8"]) from None
    if not text.strip() and not optional:
        raise FAQError([f"{name}: the file is empty — see faq/README.md for its format"]) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise FAQError([f"{where}: YAML syntax error: {exc.problem} — check indentation, and quote text containing ': ' or '#'"]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise FAQError([f"{name}:{line}: a control character (0x{exc.character:02x}) YAML does not allow — delete it"]) from None
    except yaml.YAMLError as exc:
        raise FAQError([f"{name}: YAML error: {' '.join(str(exc).split())} — check the file's syntax"]) from None
    if data is None and not optional:
        raise FAQError([f"{name}: the file holds only comments — uncomment or write an entry (see faq/README.md for its format)"])
    return data


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _load_article(path: Path) -> Article:
    name = _display(path)
    folder = path.parent.name
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise FAQError([f"{name}: expected a mapping with outlet, published and sentences — see faq/README.md"])
    problems = [
        f"{name}:{data.line}: missing '{key}' — add it (see faq/README.md)"
        for key in ("outlet", "published", "sentences")
        if not data.get(key)
    ]
    if problems:
        raise FAQError(problems)
    sentences: dict[str, Sentence] = {}
    for item in data["sentences"] if isinstance(data["sentences"], list) else [data["sentences"]]:
        line = getattr(item, "line", data.line)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("text"), str) or not item["text"].strip():
            problems.append(f"{name}:{line}: each sentence needs an 'id' and a non-empty 'text' — add the missing field")
            continue
        if item["id"] in sentences:
            problems.append(f"{name}:{line}: sentence id '{item['id']}' is used twice — give each sentence its own id")
            continue
        for key in sorted(set(item) - SENTENCE_FIELDS):
            problems.append(f"{name}:{line}: sentence '{item['id']}' has an unknown field '{key}' — the fields are {', '.join(sorted(SENTENCE_FIELDS))}")
        translation = item.get("translation")
        if translation is not None and not (isinstance(translation, str) and translation.strip()):
            problems.append(f"{name}:{line}: sentence '{item['id']}' has an empty 'translation' — write the English translation or remove the field")
        sentences[item["id"]] = Sentence(item["id"], item["text"], bool(item.get("byline", False)), folder, translation and translation.strip())
    for key in sorted(set(data) - ARTICLE_FIELDS):
        problems.append(f"{name}:{data.key_lines.get(key, data.line)}: unknown field '{key}' — the fields are {', '.join(sorted(ARTICLE_FIELDS))}")
    if problems:
        raise FAQError(problems)
    # The outlet is a fact of the article a reader may ask (which outlet?): citable, quoted as its name.
    sentences.setdefault(OUTLET_SOURCE, Sentence(OUTLET_SOURCE, str(data["outlet"]), True, folder))
    headline = sentences["headline"].text if "headline" in sentences else next(iter(sentences.values())).text
    optional = {key: str(data[key]).strip() for key in ("url", "title") if data.get(key)}
    return Article(str(data["outlet"]), str(data["published"]), headline, sentences, folder, **optional)


def _load_aliases(path: Path) -> dict[str, tuple[str, ...]]:
    """Optional: canonical term → the spellings people use for it."""
    if not path.exists():
        return {}
    name = _display(path)
    data = _read_yaml(path, optional=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FAQError([f"{name}: expected a mapping of term: [spellings] — see faq/README.md"])
    aliases: dict[str, tuple[str, ...]] = {}
    for term, spellings in data.items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) and s.strip() for s in spellings):
            line = data.key_lines.get(term, data.line)
            raise FAQError([f"{name}:{line}: '{term}' must map to a list of spellings, e.g. {term}: [spelling one, spelling two]"])
        if not NAME_PATTERN.match(str(term)):
            line = data.key_lines.get(term, data.line)
            raise FAQError([f"{name}:{line}: the name '{term}' must be one word of lower-case Latin letters or digits — e.g. {re.sub(r'[^a-z0-9]', '', str(term).lower()) or 'kscon'}: [{term}, …]"])
        aliases[str(term)] = tuple(spellings)
    # One spelling under two terms would silently mean only one of them to the matcher.
    owner: dict[str, str] = {}
    problems = []
    for term, spellings in aliases.items():
        for spelling in dict.fromkeys((term, *spellings)):
            key = phrasing_key(spelling)
            if owner.setdefault(key, term) != term:
                line = data.key_lines.get(term, data.line)
                problems.append(f"{name}:{line}: '{spelling}' is a spelling of both '{owner[key]}' and '{term}' — keep it under one of them")
    if problems:
        raise FAQError(problems)
    return aliases


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return value
    return None


def _parse_entry(raw: Any, name: str, folder: str, index: int, problems: list[str]) -> Entry | None:
    """Turn one raw YAML entry into an Entry, appending a line to `problems` for each defect."""
    line = getattr(raw, "line", 0)
    where = f"{name}:{line}" if line else name
    if not isinstance(raw, dict):
        problems.append(f"{where}: entry #{index} is not a mapping — start each entry with '- id: ...'")
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
        problems.append(f"{where}: entry #{index} needs an 'id' of lower-case letters, digits and dashes — e.g. id: meeting-date")
        return None
    label = f"{where}: entry '{entry_id}'"
    before = len(problems)
    for key in sorted(set(raw) - ENTRY_FIELDS):
        problems.append(f"{label} has an unknown field '{key}' — the fields are {', '.join(sorted(ENTRY_FIELDS))}")
    questions, answer = raw.get("questions"), raw.get("answer")
    if not isinstance(questions, dict):
        problems.append(f"{label} has no 'questions' — add questions: with ko: and en: lists")
        questions = {}
    if not isinstance(answer, dict):
        problems.append(f"{label} has no 'answer' — add answer: with ko: and en: texts")
        answer = {}
    for lang in LANGS:
        if isinstance(raw.get("questions"), dict) and _string_list(questions.get(lang)) is None:
            problems.append(f"{label} has no '{lang}' questions — add questions: {lang}: as a list of phrasings")
        if isinstance(raw.get("answer"), dict) and not (isinstance(answer.get(lang), str) and answer[lang].strip()):
            problems.append(f"{label} has no '{lang}' answer — add answer: {lang}: with the answer in that language")
    sources, related = raw.get("sources"), raw.get("related", [])
    if _string_list(sources) is None:
        problems.append(f"{label} has no 'sources' — list the ids of the article sentences that state the answer, e.g. sources: [s2]")
    if related and _string_list(related) is None:
        problems.append(f"{label}: 'related' must be a list of entry ids — e.g. related: [meeting-date]")
    supersedes = raw.get("supersedes", [])
    if supersedes and _string_list(supersedes) is None:
        problems.append(f"{label}: 'supersedes' must be a list of entry ids — e.g. supersedes: [faq/kscon-when]")
    unsaid = raw.get("unsaid", [])
    if unsaid and _string_list(unsaid) is None:
        problems.append(f"{label}: 'unsaid' must be a list of words or phrases — e.g. unsaid: [criteria, 선정 기준]")
    elif isinstance(raw.get("questions"), dict):
        for phrase in unsaid or ():
            pattern = phrase_pattern([phrase])
            asked = [q for lang in LANGS for q in _string_list(questions.get(lang)) or () if pattern and pattern.search(clean(q))]
            if asked:
                problems.append(f"{label} says the article does not say '{phrase}', yet asks it in {asked[0]!r} — remove it from one of them")
    if len(problems) > before:
        return None
    return Entry(
        id=entry_id,
        questions={lang: tuple(q.strip() for q in questions[lang]) for lang in LANGS},
        answer={lang: answer[lang].strip() for lang in LANGS},
        sources=tuple(sources),
        related=tuple(related or ()),
        unsaid=tuple(phrase.strip() for phrase in unsaid or ()),
        supersedes=tuple(supersedes or ()),
        folder=folder,
    )


def _check_references(entries: list[tuple[int, Entry]], ids: set[str], article: Article, name: str, problems: list[str]) -> None:
    """Sources must be article sentences; related ids must be entries (even ones with problems of their own).
    A reference into another folder (`faq/s3`) is checked when the folders are served together."""
    known_sources = ", ".join(article.sentences)
    for line, entry in entries:
        label = f"{name}:{line}: entry '{entry.id}'"
        for sid in entry.sources:
            if "/" not in sid and sid not in article.sentences:
                problems.append(f"{label} cites source '{sid}', which is not in {ARTICLE_FILE} — use one of: {known_sources}")
        for rid in (*entry.related, *entry.supersedes):
            if "/" in rid:
                continue
            if rid not in ids:
                problems.append(f"{label} has related id '{rid}', which is no entry — use an existing entry id or remove it")
            elif rid == entry.id:
                problems.append(f"{label} lists itself as related — remove '{rid}' from related")


def _check_phrasings(entries: list[tuple[int, Entry]], name: str, problems: list[str]) -> None:
    """The same phrasing under two entries makes the answer a coin toss, so refuse it."""
    owner: dict[str, tuple[str, int]] = {}
    for line, entry in entries:
        for lang in LANGS:
            for question in entry.questions[lang]:
                key = phrasing_key(question)
                if not key:
                    problems.append(f"{name}:{line}: entry '{entry.id}' has the question {question!r} with no letters or digits — reword or remove it")
                    continue
                if key in owner:
                    first_id, first_line = owner[key]
                    where = "twice in this entry" if first_id == entry.id else f"also under '{first_id}' (line {first_line})"
                    problems.append(f"{name}:{line}: entry '{entry.id}' has the question {question!r} {where} — keep it under one entry only")
                else:
                    owner[key] = (entry.id, line)


def _check_numbers(entries: list[tuple[int, Entry]], article: Article, name: str, problems: list[str]) -> None:
    """A number in a Korean answer that its cited sentences do not state is a made-up fact.

    Numbers are compared as values, however written: 3천억 is 3000억, 2019.11.25 states 11월 25일."""
    for line, entry in entries:
        if any(sid not in article.sentences for sid in entry.sources):
            continue  # a source of another folder, or none: checked where the folders are served together
        stated = numbers.values(" ".join(article.sentences[sid].text for sid in entry.sources))
        for number in sorted(numbers.values(entry.answer["ko"]) - stated, key=float):
            problems.append(
                f"{name}:{line}: entry '{entry.id}': the Korean answer says {number}, which its sources "
                f"({', '.join(entry.sources)}) do not state — cite the sentence that does, or correct the answer"
            )


def load_faq(folders: Path | str | Sequence[Path | str] | None = None) -> FAQ:
    """Read and validate a FAQ folder, or several served together; raise FAQError listing every problem found."""
    if folders is None or isinstance(folders, (str, Path)):
        return _merged([_load_folder(Path(folders) if folders is not None else default_faq_dir())])
    if not folders:
        return load_faq(None)
    loaded, problems = [], []
    for folder in folders:
        try:
            loaded.append(_load_folder(Path(folder)))
        except FAQError as exc:
            problems += exc.problems
    if problems:
        raise FAQError(problems)
    return _merged(loaded)


def _merged(faqs: list[FAQ]) -> FAQ:
    """Folders served together: each entry known as `folder/id`, its references resolved across them.

    One folder is served as it always was: entry ids stay as written."""
    names = [faq.folder.name for faq in faqs]
    problems = [
        f"{faq.folder}: the folder name '{faq.folder.name}' cannot name entries of several folders — rename the folder "
        "to lower-case letters, digits, dashes (at most 18)"
        for faq in faqs if len(faqs) > 1 and not FOLDER_PATTERN.match(faq.folder.name)
    ]
    problems += [f"{name}: two folders share this name — rename one (their entries are cited as {name}/id)" for name in sorted({n for n in names if names.count(n) > 1})]
    if problems:
        raise FAQError(problems)
    articles = {faq.folder.name: faq.article for faq in faqs}
    several = len(faqs) > 1

    def key(folder: str, ref: str) -> str:
        return ref if "/" in ref or not several else f"{folder}/{ref}"

    entries: dict[str, Entry] = {}
    for faq in faqs:
        for entry in faq.entries.values():
            qualified = dataclasses.replace(
                entry,
                id=key(entry.folder, entry.id),
                related=tuple(key(entry.folder, r) for r in entry.related),
                supersedes=tuple(key(entry.folder, r) for r in entry.supersedes),
            )
            entries[qualified.id] = qualified
    for entry in entries.values():
        where = f"{entry.folder}/{ENTRIES_FILE}: entry '{entry.id}'"
        for sid in entry.sources:
            folder, _, own = sid.rpartition("/")
            if folder and (folder not in articles or own not in articles[folder].sentences):
                problems.append(f"{where} cites '{sid}', which no folder served here holds — serve folder '{folder}' too (--faq), or cite a sentence of its own article")
        for ref in (*entry.related, *entry.supersedes):
            if ref not in entries:
                problems.append(f"{where} refers to '{ref}', which no folder served here holds — use folder/id of an entry of a served folder")
    aliases: dict[str, tuple[str, ...]] = {}
    for faq in faqs:
        for term, spellings in faq.aliases.items():
            aliases[term] = tuple(dict.fromkeys((*aliases.get(term, ()), *spellings)))
    owner: dict[str, str] = {}
    for faq in faqs:
        for term, spellings in faq.aliases.items():
            for spelling in spellings:
                if owner.setdefault(phrasing_key(spelling), term) != term:
                    problems.append(f"{faq.folder.name}/{ALIASES_FILE}: '{spelling}' is a spelling of '{owner[phrasing_key(spelling)]}' in another folder and of '{term}' here — keep it under one name")
    if problems:
        raise FAQError(problems)
    first = faqs[0]
    warnings = tuple(w for faq in faqs for w in faq.warnings)
    return FAQ(first.folder, first.article, entries, aliases, warnings, articles, tuple(faq.folder for faq in faqs))


def _load_folder(folder: Path) -> FAQ:
    """One folder, validated on its own (references into other folders are checked by _merged)."""
    if not folder.is_dir():
        raise FAQError([f"{folder}: no such FAQ folder — point --faq or BOT_FAQ_DIR at a folder holding {ARTICLE_FILE} and {ENTRIES_FILE}"])
    article = _load_article(folder / ARTICLE_FILE)
    aliases = _load_aliases(folder / ALIASES_FILE)
    path = folder / ENTRIES_FILE
    name = _display(path)
    raw_entries = _read_yaml(path)
    if not isinstance(raw_entries, list):
        raise FAQError([f"{name}: expected a list of entries, each starting with '- id: ...' — see faq/README.md"])
    problems: list[str] = []
    parsed: list[tuple[int, Entry]] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(raw_entries, 1):
        entry = _parse_entry(raw, name, folder.name, index, problems)
        if entry is None:
            continue
        line = getattr(raw, "line", 0)
        if entry.id in first_line:
            problems.append(f"{name}:{line}: entry id '{entry.id}' is used twice (first at line {first_line[entry.id]}) — give each entry its own id")
            continue
        first_line[entry.id] = line
        parsed.append((line, entry))
    declared = {raw["id"] for raw in raw_entries if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    _check_references(parsed, declared, article, name, problems)
    _check_phrasings(parsed, name, problems)
    _check_numbers(parsed, article, name, problems)
    if problems:
        raise FAQError(problems)
    if not parsed:
        raise FAQError([f"{name}: no entries — add at least one (see faq/README.md)"])
    entries = {entry.id: entry for _, entry in parsed}
    warnings = tuple(
        f"{_display(folder / ARTICLE_FILE)}: sentence '{sid}' is cited by no entry — add an entry that answers from it"
        for sid in uncited(article, entries)
    )
    return FAQ(folder, article, entries, aliases, warnings)
