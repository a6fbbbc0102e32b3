"""Every user-facing sentence, in Korean and English, in one place.

Texts with `{placeholders}` are filled with `.format()`; Telegram HTML markup is added by the
reply formatter, never here, so the same strings serve the command line and the bot.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "not_in_article": "기사에는 이 질문에 대한 내용이 없습니다.",
        "not_understood": "질문을 이해하지 못했습니다.",
        "spoken_to": "안녕하세요! 저는 기사에 관한 질문에 답하는 봇이에요.",
        "too_long": "질문이 너무 깁니다({limit}자 이내로 물어봐 주세요).",
        "can_answer": "이런 질문에는 답할 수 있어요:",
        "did_you_mean": "이런 질문이었나요?",
        "source_label": "출처",
        "attribution": "{outlet}, {date}",
        "translation": "번역",
        "earlier": "이전 기사({attribution})에서는:",
        "related": "관련 질문",
        "start": (
            "안녕하세요! 기사 한 편에 관한 질문에 답하는 FAQ 봇입니다.\n"
            "{outlet} 기사 「{headline}」({date})에 나온 내용만 답하고, 답마다 기사 원문 문장을 그대로 인용합니다. "
            "기사에 없는 내용은 없다고 말씀드려요.\n\n"
            "궁금한 것을 그냥 보내 주세요. 예를 들어:"
        ),
        "start_many": (
            "안녕하세요! 기사 {count}편에 관한 질문에 답하는 FAQ 봇입니다(가장 최근: {outlet}, {date}).\n"
            "답마다 기사 원문 문장을 그대로 인용하고 어느 기사인지 밝힙니다. 기사에 없는 내용은 없다고 말씀드려요. "
            "/sources 로 기사 목록을 볼 수 있어요.\n\n"
            "궁금한 것을 그냥 보내 주세요. 예를 들어:"
        ),
        "sources_title": "답의 출처인 기사 {count}편 (최근 순):",
        "sources_entries": "항목 {count}개",
        "help": (
            "질문을 보내면 기사에서 답을 찾아 원문과 함께 보여 드립니다. 출처: 기사 {count}편, 가장 최근은 {outlet} {date}.\n"
            "• /faq — 주제 목록, /sources — 출처 기사\n"
            "• 그룹: /ask 질문, @{bot} 질문, 또는 제 메시지에 답장\n"
            "• 다른 대화방에서: @{bot} 질문 (인라인 모드)\n"
            "• /privacy — 저장하는 정보"
        ),
        "faq_title": "주제를 고르세요 ({page}/{pages}쪽):",
        "ask_usage": "사용법: /ask 질문 (예: /ask {example})",
        "not_text": "텍스트로 질문해 주세요. 예: {example}",
        "button_stale": "이 버튼은 더 이상 쓸 수 없어요. /faq 를 눌러 주세요.",
        "feedback_thanks": "의견 고맙습니다!",
        "meant_instead": "죄송해요. 혹시 이런 질문이었나요? 고르시면 관리자가 검토해 봇을 가르칩니다.",
        "slow_down": "질문이 너무 빨라요. 잠시 후 다시 물어봐 주세요.",
        "leave_chat": "이 봇은 허용된 그룹에서만 쓸 수 있어 나갑니다. 개인 대화로는 언제든 물어보세요.",
        "inline_topics": "주요 주제",
        "inline_nearby": "기사에 없는 내용 — 가까운 질문",
        "privacy": (
            "저장하는 것: 답하지 못했거나 자신 없게 답한 질문의 글, 언어, 대화 종류, 시각, 가장 가까운 항목과 점수; "
            "👍/👎 의견; 날짜별 질문 수. 이름이나 사용자명은 저장하지 않고, 사용자 ID는 이 설치만의 키로 해시한 가명으로만 둡니다(키는 기록과 따로 보관). "
            "받은 메시지는 답할 때까지만 보관하고(재시작해도 잃지 않도록) 답한 뒤에는 글을 지웁니다. "
            "\"이런 질문이었나요?\"에서 고른 항목은 제안으로(가명 해시와 함께) 관리자가 검토할 때까지 둡니다. "
            "관리자가 승인한 질문은 FAQ 문구로 계속 남지만 누가 물었는지는 남기지 않습니다(승인한 관리자의 해시만). "
            "기록과 제안은 {days}일 뒤 지워집니다. /forget 을 보내면 내 기록과 검토 전 제안을 바로 지웁니다."
        ),
        "privacy_no_store": "이 봇은 아무것도 저장하지 않습니다.",
        "forgotten": "내 기록 {count}건을 지웠습니다.",
        "forget_shared": (
            "이 메시지는 여러 사람이 함께 쓰는 그룹·채널 이름(익명 관리자, 채널 게시)으로 와서 누구의 기록인지 구분할 수 없습니다. "
            "저와의 개인 대화에서 /forget 을 보내 주세요. 그 이름으로 보낸 질문은 {days}일 뒤 지워집니다."
        ),
        "reloaded": "FAQ를 다시 읽었습니다: 항목 {entries}개.",
        "reload_failed": "FAQ에 문제가 있어 이전 FAQ를 계속 씁니다:",
    },
    "en": {
        "not_in_article": "The article does not say.",
        "not_understood": "I did not understand the question.",
        "spoken_to": "Hello! I am a bot that answers questions about the article.",
        "too_long": "That question is too long (please keep it under {limit} characters).",
        "can_answer": "Questions I can answer:",
        "did_you_mean": "Did you mean:",
        "source_label": "Source",
        "attribution": "{outlet}, {date}",
        "translation": "Translation",
        "earlier": "Earlier ({attribution}):",
        "related": "Related",
        "start": (
            "Hello! I am a FAQ bot that answers questions about one news article.\n"
            "I answer only from the {outlet} article “{headline}” ({date}), and quote its sentence verbatim "
            "under every answer. When the article does not say, I tell you so.\n\n"
            "Just send a question, in Korean or English. For example:"
        ),
        "start_many": (
            "Hello! I am a FAQ bot that answers questions about {count} news articles (the latest: {outlet}, {date}).\n"
            "Every answer quotes its source sentence verbatim and says which article it is from. When the articles "
            "do not say, I tell you so. /sources lists them.\n\n"
            "Just send a question, in Korean or English. For example:"
        ),
        "sources_title": "The {count} articles I answer from (newest first):",
        "sources_entries": "{count} entries",
        "help": (
            "Send a question and I answer from the articles, with the source sentence. Sources: {count} article(s), the latest {outlet}, {date}.\n"
            "• /faq — the topics, /sources — the articles\n"
            "• In a group: /ask question, @{bot} question, or reply to my message\n"
            "• In any other chat: @{bot} question (inline mode)\n"
            "• /privacy — what I keep"
        ),
        "faq_title": "Pick a topic (page {page}/{pages}):",
        "ask_usage": "Usage: /ask question (e.g. /ask {example})",
        "not_text": "Please ask in text, e.g. {example}",
        "button_stale": "This button no longer works. Try /faq.",
        "feedback_thanks": "Thanks for the feedback!",
        "meant_instead": "Sorry about that. Did you mean one of these? Your pick helps an admin teach the bot.",
        "slow_down": "That is a lot of questions at once. Please wait a moment and ask again.",
        "leave_chat": "This bot only serves approved groups, so it is leaving. You can always ask it in a private chat.",
        "inline_topics": "Main topics",
        "inline_nearby": "Not in the article — nearby questions",
        "privacy": (
            "What I keep: the text of questions I could not answer or answered with low confidence, their language, "
            "chat type, time, nearest entry and score; 👍/👎 votes; daily question counts. No names or usernames; "
            "user ids only as a hash keyed to this installation: pseudonymous, the key kept apart from the records. "
            "Each message is held only until it is answered (so a restart loses none), then its text is cleared. "
            "A pick under \"did you mean\" is kept as a proposal (with that hash) until an admin reviews it; "
            "a question an admin approves stays as a phrasing of the FAQ, with no trace of who asked it (only the approving admin's hash). "
            "Records are deleted after {days} days. "
            "Send /forget to delete your records and unreviewed proposals now."
        ),
        "privacy_no_store": "This bot keeps nothing.",
        "forgotten": "Deleted {count} of your records.",
        "forget_shared": (
            "This message comes from a group or channel identity (an anonymous admin, a channel post) that many people share, "
            "so I cannot tell your records from theirs. Send /forget to me in a private chat; questions sent under that "
            "identity are deleted after {days} days."
        ),
        "reloaded": "FAQ reloaded: {entries} entries.",
        "reload_failed": "The FAQ has problems, so the previous FAQ stays in use:",
    },
}


COMMANDS: dict[str, dict[str, str]] = {
    "ko": {"start": "봇 소개와 예시 질문", "help": "사용법", "faq": "주제 목록", "sources": "출처 기사 목록", "ask": "질문하기 (그룹에서)", "privacy": "저장하는 정보", "forget": "내 기록 지우기"},
    "en": {"start": "About the bot, with example questions", "help": "How to use it", "faq": "Browse the topics", "sources": "The articles it answers from", "ask": "Ask a question (in groups)", "privacy": "What the bot keeps", "forget": "Delete my records"},
}


def text(lang: str, key: str, **values: object) -> str:
    template = TEXTS[lang][key]
    return template.format(**values) if values else template
