"""Helpers for tests that need a small FAQ folder of their own, or the real `python -m bot`.

`write_faq(tmp_path)` lays out a minimal *valid* FAQ: the shipped article.yaml (copied, so every
source id and quote is the real one), a three-entry faq.yaml that cites every headline and body
sentence (so it loads without warnings), and an aliases.yaml. A test breaks exactly one thing by
passing its own text, usually `edit(FAQ_YAML, old, new)`, and finds the line it broke with
`line_of(text, needle)` instead of hard-coding line numbers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # so `import bot` works however pytest was started
    sys.path.insert(0, str(ROOT))
SHIPPED_FAQ = ROOT / "faq"
SHIPPED_ARTICLE = SHIPPED_FAQ / "article.yaml"

# Three entries: 'meeting-place' (s2, 부산), 'kscon-when' (s5) and 'overview', which cites every
# other headline/body sentence so that nothing is left uncited; three questions a language each,
# the fewest `check` does not warn about.
FAQ_YAML = """\
# A minimal FAQ for tests.
- id: meeting-place
  questions:
    ko:
      - 장관회의 어디서 열렸어?
      - 회의 장소가 어디야?
      - 장관회의 개최지
    en:
      - Where was the ministerial meeting held?
      - Which city hosted the meeting?
      - meeting venue?
  answer:
    ko: 한-아세안 스마트시티 장관회의는 부산에서 열렸습니다.
    en: The Korea–ASEAN Smart City Ministerial Meeting was held in Busan.
  sources: [s2]
  related: [kscon-when]

- id: kscon-when
  questions:
    ko:
      - K-SCON 언제 시작해?
      - 케이스콘은 언제부터 가동돼?
      - 케이스콘 시작 시기
    en:
      - When does K-SCON start?
      - When will K-SCON be launched?
      - kscon launch date
  answer:
    ko: K-SCON은 내년부터 가동됩니다.
    en: K-SCON starts next year (2020).
  sources: [s5]
  related: [meeting-place]

- id: overview
  questions:
    ko:
      - 이 기사 무슨 내용이야?
      - 기사 요약해줘
      - 뉴스 핵심만
    en:
      - What is this article about?
      - Summarize the article
      - gist of the news
  answer:
    ko: 우리나라와 아세안 10개국이 스마트시티 장관급 협의체를 구축합니다.
    en: Korea and the 10 ASEAN countries are setting up a ministerial body on smart cities.
  sources: [headline, s1, s3, s4, s6, s7, s8, s9, s10, s11]
"""

ALIASES_YAML = """\
kscon: [k-scon, 케이스콘]
busan: [부산]
"""

ENTRY_IDS = ("meeting-place", "kscon-when", "overview")


def edit(text: str, old: str, new: str) -> str:
    """`text` with its one occurrence of `old` replaced, so a test breaks exactly what it means to."""
    count = text.count(old)
    assert count == 1, f"expected exactly one {old!r} in the FAQ text, found {count}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def entry_lines(text: str, entry_id: str) -> range:
    """The lines (1-based) of one entry of a faq.yaml text: from its `- id:` line to the next entry."""
    lines = text.splitlines()
    start = line_of(text, f"- id: {entry_id}")
    end = next((n for n in range(start + 1, len(lines) + 1) if lines[n - 1].startswith("- ")), len(lines) + 1)
    return range(start, end)


def set_field(text: str, entry_id: str, field: str, value: str | None) -> str:
    """`text` with one field of one entry rewritten as `field: value` (one line), or removed if value is None."""
    lines = text.splitlines(keepends=True)
    span = entry_lines(text, entry_id)
    start = next((i for i in range(span.start - 1, span.stop - 1) if lines[i].startswith(f"  {field}:")), None)
    assert start is not None, f"entry {entry_id!r} has no field {field!r}"
    end = start + 1
    while end < span.stop - 1 and lines[end].startswith("    "):
        end += 1
    lines[start:end] = [] if value is None else [f"  {field}: {value}\n"]
    return "".join(lines)


def article_sentences() -> dict[str, str]:
    """The shipped article's sentences, id → text, read with plain PyYAML (not the bot's loader)."""
    data = yaml.safe_load(SHIPPED_ARTICLE.read_text(encoding="utf-8"))
    return {item["id"]: item["text"] for item in data["sentences"]}


def write_faq(
    folder: Path,
    faq: str | bytes = FAQ_YAML,
    *,
    aliases: str | bytes | None = ALIASES_YAML,
    article: str | bytes | None = None,
) -> Path:
    """Write a FAQ folder at `folder` (created if needed) and return it.

    `article=None` copies the shipped article; `aliases=None` leaves aliases.yaml out (it is
    optional). Text is written as UTF-8; bytes are written as they are.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if article is None:
        shutil.copyfile(SHIPPED_ARTICLE, folder / "article.yaml")
    else:
        _write(folder / "article.yaml", article)
    _write(folder / "faq.yaml", faq)
    if aliases is not None:
        _write(folder / "aliases.yaml", aliases)
    return folder


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def run_bot(
    *args: str,
    cwd: Path = ROOT,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` as a user would; stdout and stderr are decoded as UTF-8.

    BOT_FAQ_DIR is removed from the inherited environment so only `env` can set it.
    """
    full_env = {k: v for k, v in os.environ.items() if k != "BOT_FAQ_DIR"}
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        input=data if data is not None else b"",
        capture_output=True,
        env=full_env,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", errors="replace"),
        proc.stderr.decode("utf-8", errors="replace"),
    )
