"""Text normalisation every part of the bot shares: Unicode, case, scripts, phrasing keys.

Language knowledge (words, particles, stems) lives in bot.lang; this is only what holds for any text.
"""

from __future__ import annotations

import re
import unicodedata

HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")  # syllables and jamo (ㅋㅋ)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LEADING_ADDRESS = re.compile(r"^\s*(?:/[a-z_]+(?:@\w+)?|@\w+)[\s,:]*", re.IGNORECASE)


def clean(text: str) -> str:
    """NFKC, case-folded, control characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text).casefold()
    return " ".join(text.split())


def strip_address(text: str) -> str:
    """Drop a leading `/ask`, `/ask@bot` or `@bot` so the question is what remains."""
    return _LEADING_ADDRESS.sub("", text, count=1)


def phrasing_key(text: str) -> str:
    """Two phrasings with the same key are the same question (case, spacing, punctuation ignored)."""
    return "".join(ch for ch in clean(text) if ch.isalnum())


def phrase_pattern(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the phrases in cleaned text: an English phrase as whole words
    (ratio is not inside cooperation), a plural and one extra word between two allowed (which
    specific countries); a Korean one inside words, spaces optional."""
    alternatives = []
    for phrase in phrases:
        words = clean(phrase).split()
        if phrase.isascii():
            alternatives.append(r"(?<![a-z0-9])" + r"\s+(?:[a-z0-9]+\s+)?".join(map(re.escape, words)) + r"(?:s|es)?(?![a-z0-9])")
        else:
            alternatives.append(r"\s*".join(map(re.escape, words)))
    return re.compile("|".join(alternatives)) if alternatives else None


def language_of(text: str) -> str:
    """Hangul in the question means a Korean answer; anything else gets English."""
    return "ko" if _HANGUL_ANY.search(text) else "en"


def jamo(text: str) -> str:
    """Hangul syllables decomposed to jamo, so one wrong consonant costs one edit, not a syllable."""
    return unicodedata.normalize("NFD", text)


def is_hangul(token: str) -> bool:
    return bool(HANGUL_SYLLABLE.match(token))
