"""Turn a news page pasted as text into a new FAQ folder: the article verbatim, a faq.yaml to start from.

A page copied from a browser holds the story once or several times, wrapped in the site's chrome
(tip-off lines, share and like buttons, "read aloud" notices). The sentences are kept exactly as
written and given ids; the byline lines (date, reporter, photo credit) are marked; everything else
is left out and listed, so the curator can see that nothing of the story was dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.faq import ALIASES_FILE, ARTICLE_FILE, ENTRIES_FILE

# Byline lines, by the id they get: the first of each kind is kept, verbatim.
_BYLINE = {
    "published": re.compile(r"^(?:입력|등록|기사입력|게재|published)\s*[:：]?\s*\(?\d{4}", re.IGNORECASE),
    "updated": re.compile(r"^(?:수정|최종수정|업데이트|updated)\s*[:：]?\s*\(?\d{4}", re.IGNORECASE),
    "photo": re.compile(r"^\[?\s*(?:사진|그래픽|영상)\s*(?:출처|제공)?\s*[:：]"),
    "reporter": re.compile(r"(?:기자|특파원|reporter)\s*\S*@\S+|^\S{2,4}\s*(?:기자|특파원)$"),
}
# The page's own chrome, in any news site's wording: never part of the story.
_BOILERPLATE = re.compile(
    r"제보|카카오톡|채널 추가|구독|좋아요|응원해요|후속 원해요|기사가 좋으셨다면|의견을 남겨|기사 모음|읽어주기|브라우저에서만"
    r"|무단\s*전재|재배포|저작권|copyright|ⓒ|©|공유하기|페이스북|트위터|많이 본|관련\s*기사|이전 기사|다음 기사|글자\s*크기|인쇄|스크랩"
    r"|^▷|^■|^이슈$|^\d+$|^[-–—•·]+$|^(?:전화|이메일|홈페이지)\s*[:：]",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^[-–—•·]\s+")  # a page's list of teaser items repeats the headline as "- 제목"
_ENDS = re.compile(r"(?:[.!?]|다|요)[\"'”’)\]]*$")  # how a body sentence ends, in Korean or English news
_SENTENCE_END = re.compile(r"(?<=[\uac00-\ud7a3A-Za-z0-9)][.!?])\s+|(?<=[.!?][\"'”’])\s+")


@dataclass
class Imported:
    """What the page held: the sentences kept (id → text), and the lines left out, with why."""

    sentences: dict[str, str] = field(default_factory=dict)
    bylines: set[str] = field(default_factory=set)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (why, line)


def read_page(text: str) -> Imported:
    """The headline (the first line), the byline lines and the body sentences of a pasted page."""
    result = Imported()
    seen: set[str] = set()
    body = 0
    for raw in text.splitlines():
        line = _LIST_MARK.sub("", " ".join(raw.split()))
        if not line:
            continue
        kind = next((kind for kind, pattern in _BYLINE.items() if pattern.search(line)), None)
        if kind:
            if kind in result.sentences:
                result.left_out.append(("repeated", line))
            else:
                result.sentences[kind] = line
                result.bylines.add(kind)
            continue
        if _BOILERPLATE.search(line):
            result.left_out.append(("page text", line))
            continue
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if not sentence:
                continue
            if sentence in seen:
                result.left_out.append(("repeated", sentence))
                continue
            if "headline" in result.sentences and not _ENDS.search(sentence):
                result.left_out.append(("not a sentence", sentence))  # a tag, a caption, a teaser title
                continue
            seen.add(sentence)
            if "headline" not in result.sentences:
                result.sentences["headline"] = sentence
            else:
                body += 1
                result.sentences[f"s{body}"] = sentence
    return result


def write_folder(page: Imported, folder: Path, outlet: str, published: str, url: str | None) -> None:
    """article.yaml with every sentence verbatim, a faq.yaml of commented entries (one per sentence), an empty aliases.yaml."""
    folder.mkdir(parents=True)
    order = ["headline", "published", "updated", *[k for k in page.sentences if k.startswith("s") and k[1:].isdigit()], "photo", "reporter"]
    lines = [
        "# The article, verbatim: a quote is only a quote if it is exact. Made by `python -m bot add-article`;",
        "# check each sentence against the page, and never correct its wording.",
        f"outlet: {_quoted(outlet)}",
        f"published: {_quoted(published)}",
        *([f"url: {_quoted(url)}"] if url else []),
        "sentences:",
    ]
    for sid in order:
        if sid in page.sentences:
            lines.append(f"  - id: {sid}")
            if sid in page.bylines:
                lines.append("    byline: true")
            lines.append(f"    text: {_quoted(page.sentences[sid])}")
    (folder / ARTICLE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    entries = [
        "# Entries to start from: one per sentence, commented out. For each fact a reader may ask about,",
        "# uncomment one, give it an id, 3–8 questions a language, the answer in both languages, and keep",
        "# `sources` to the sentences that state it (faq/README.md explains every field). Then run",
        "#     python -m bot --faq <this folder> check",
    ]
    for sid in order:
        if sid in page.sentences and sid not in page.bylines:
            entries += [
                "",
                f"# from {sid}: {page.sentences[sid]}",
                f"# - id: {sid}-",
                "#   questions:",
                "#     ko:",
                "#       - ",
                "#     en:",
                "#       - ",
                "#   answer:",
                "#     ko: ",
                "#     en: ",
                f"#   sources: [{sid}]",
            ]
    (folder / ENTRIES_FILE).write_text("\n".join(entries) + "\n", encoding="utf-8")
    (folder / ALIASES_FILE).write_text(
        "# The article's own names and the spellings people use for them, e.g.\n# kscon: [케이스콘, k-scon]\n", encoding="utf-8"
    )


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's), so no text can break the file."""
    return json.dumps(text, ensure_ascii=False)
