"""Every user-facing sentence, in Korean and English, in one place.

Texts with `{placeholders}` are filled with `.format()`; Telegram HTML markup is added by the
reply formatter, never here, so the same strings serve the command line and the bot.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "not_in_article": "기사에는 이 질문에 대한 내용이 없습니다.",
        "not_understood": "질문을 이해하지 못했습니다.",
        "too_long": "질문이 너무 깁니다({limit}자 이내로 물어봐 주세요).",
        "can_answer": "이런 질문에는 답할 수 있어요:",
        "did_you_mean": "이런 질문이었나요?",
        "source_label": "출처",
        "attribution": "{outlet}, {date}",
        "related": "관련 질문",
    },
    "en": {
        "not_in_article": "The article does not say.",
        "not_understood": "I did not understand the question.",
        "too_long": "That question is too long (please keep it under {limit} characters).",
        "can_answer": "Questions I can answer:",
        "did_you_mean": "Did you mean:",
        "source_label": "Source",
        "attribution": "{outlet}, {date}",
        "related": "Related",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    template = TEXTS[lang][key]
    return template.format(**values) if values else template
