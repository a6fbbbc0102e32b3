"""A loopback stand-in for the Telegram Bot API, for tests that run the real bot process.

The bot talks to it over HTTP exactly as it would to api.telegram.org (point
TELEGRAM_BASE_URL at ``api.base_url``), so tests go through python-telegram-bot's real
request, error and retry code. It rejects what Telegram rejects, with Telegram's own
error texts, so a message that would fail in production fails in a test first.
Stdlib only, so it cannot drift with the bot's dependencies.

    with BotAPIStandIn(token) as api:
        # start `python -m bot run` with TELEGRAM_BASE_URL=api.base_url, TELEGRAM_BOT_TOKEN=token
        api.send_text(42, "/start")
        [reply] = api.wait_for_messages(42, 1)
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import json
import math
import re
import socket
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict, TypeVar
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:  # annotations only: typing.Unpack needs Python 3.11, the bot supports 3.10
    from typing_extensions import Unpack

JSON = dict[str, Any]
T = TypeVar("T")

BOT_ID = 7000001
FIRST_UPDATE_ID = 1000
MAX_POLL_SECONDS = 2.0  # Telegram allows 50 s; tests must stay fast
PRIVATE_BURST = 3  # sends a private chat may make at once before the 1 per second rate applies

_SEND_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Parameters whose form value is the string itself; every other value is JSON, as PTB sends it.
_STRING_PARAMS = frozenset({
    "action", "business_connection_id", "callback_query_id", "caption", "description",
    "inline_message_id", "inline_query_id", "ip_address", "language_code", "message_effect_id",
    "next_offset", "parse_mode", "query", "secret_token", "short_description", "text", "url",
})
_BUTTON_ACTIONS = frozenset({
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
})
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
_NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_FAULTS = frozenset({"429", "502", "drop", "stall"})


class ApiError(Exception):
    """An error answer; its HTTP status is its error_code, as with Telegram."""

    def __init__(self, code: int, description: str, retry_after: int | None = None, migrate_to_chat_id: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        if self.migrate_to_chat_id is not None:
            body["parameters"] = {"migrate_to_chat_id": self.migrate_to_chat_id}
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _u16(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


# --- HTML parse mode: a port of tdlib's parser, so error texts and byte offsets match ---

_HTML_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "code", "pre", "blockquote", "tg-emoji",
})
_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\v\0"  # tdlib's is_space; "\0" also stands for the end of the text


def _char_ref(text: str, pos: int) -> tuple[str, int]:
    """Decode the character reference at text[pos]; ("", pos) if there is none Telegram knows.

    Unknown named references such as &nbsp; are not errors: Telegram keeps them as literal text.
    """
    if text[pos] != "&":
        return "", pos
    end = pos + 1
    if text[end:end + 1] == "#":
        hexadecimal = text[end + 1:end + 2] == "x"
        end += 2 if hexadecimal else 1
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(text) and text[end] in digits:
            end += 1
        code = int(text[start:end] or "0", 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return "", pos
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        char = _NAMED_REFS.get(text[pos + 1:end], "")
        if not char:
            return "", pos
    return char, end + 1 if text[end:end + 1] == ";" else end


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Parse parse_mode=HTML text into (plain text, entities) or raise Telegram's 400."""
    def at(k: int) -> str:
        return text[k] if k < len(text) else "\0"  # tdlib reads a NUL-terminated string

    def offset(k: int) -> int:
        return len(text[:k].encode())  # Telegram reports UTF-8 byte offsets

    def fail(message: str) -> ApiError:
        return _bad(f"can't parse entities: {message}")

    out: list[str] = []
    units = 0
    entities: list[JSON] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, UTF-16 offset, len(out)
    i = 0
    while i < len(text):
        char, end = _char_ref(text, i)
        if char:
            out.append(char)
            units += _u16(char)
            i = end
            continue
        if text[i] != "<":
            out.append(text[i])
            units += _u16(text[i])
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            if i >= len(text):
                raise fail(f"Unclosed start tag at byte offset {offset(begin)}")
            tag = text[begin + 1:i].lower()
            if tag not in _HTML_TAGS:
                raise fail(f'Unsupported start tag "{tag}" at byte offset {offset(begin)}')
            argument = ""
            while at(i) != ">":
                while i < len(text) and at(i) in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                name_start = i
                while at(i) not in _SPACE and at(i) not in "=>":
                    i += 1
                name = text[name_start:i]
                if not name:
                    raise fail(f'Empty attribute name in the tag "{tag}" at byte offset {offset(begin)}')
                while i < len(text) and at(i) in _SPACE:
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and name == "expandable":
                        argument = "expandable"
                        continue
                    raise fail(
                        f'Expected equal sign in declaration of an attribute of the tag "{tag}"'
                        f" at byte offset {offset(begin)}"
                    )
                i += 1
                while i < len(text) and at(i) in _SPACE:
                    i += 1
                if i >= len(text):
                    raise fail(f'Unclosed start tag "{tag}" at byte offset {offset(begin)}')
                if at(i) not in "'\"":
                    token_start = i
                    while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                        i += 1
                    value = text[token_start:i].lower()
                    if at(i) not in _SPACE and at(i) != ">":
                        raise fail(f"Unexpected end of name token at byte offset {offset(token_start)}")
                else:
                    quote, chars = at(i), []
                    i += 1
                    while i < len(text) and at(i) != quote:
                        char, end = _char_ref(text, i)
                        chars.append(char or at(i))
                        i = end if char else i + 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if i >= len(text):
                    raise fail(f"Unclosed start tag at byte offset {offset(begin)}")
                if (tag, name) in {("a", "href"), ("tg-emoji", "emoji-id")}:
                    argument = value
                elif (tag, name) == ("code", "class") and value.startswith("language-"):
                    argument = value[len("language-"):]
                elif (tag, name) == ("span", "class"):
                    argument = value
            if tag == "span" and argument != "tg-spoiler":
                raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset(begin)}')
            stack.append((tag, argument, units, len(out)))
        else:
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {offset(begin)}")
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            end_tag = text[begin + 2:i].lower()
            while i < len(text) and at(i) in _SPACE:
                i += 1
            if at(i) != ">":
                raise fail(f"Unclosed end tag at byte offset {offset(begin)}")
            tag, argument, start, out_start = stack.pop()
            if end_tag and end_tag != tag:
                raise fail(
                    f'Unmatched end tag at byte offset {offset(begin)}, expected "</{tag}>",'
                    f' found "</{end_tag}>"'
                )
            if units > start:
                entity = _html_entity(tag, argument, start, units - start, "".join(out[out_start:]))
                if entity:
                    _merge_pre_code(entities, entity)
        i += 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # only <pre> keeps a language
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _html_entity(tag: str, argument: str, offset: int, length: int, inner: str) -> JSON | None:
    """The MessageEntity a closed tag makes, or None if Telegram drops it (a link to nothing)."""
    entity: JSON = {"type": _ENTITY_TYPES[tag], "offset": offset, "length": length}
    if tag == "a":
        url = argument or inner
        if not url.strip():
            return None
        entity["url"] = url
    elif tag == "tg-emoji":
        if not argument.isdigit() or not 0 < int(argument) < 2**63:
            raise _bad("can't parse entities: Invalid custom emoji identifier specified")
        entity["custom_emoji_id"] = argument
    elif tag == "code" and argument:
        entity["language"] = argument
    elif tag == "blockquote" and argument:
        entity["type"] = "expandable_blockquote"
    return entity


def _merge_pre_code(entities: list[JSON], entity: JSON) -> None:
    """<pre><code class="language-x"> is one pre entity with a language, as Telegram makes it."""
    last = entities[-1] if entities else None
    same_span = last is not None and (last["offset"], last["length"]) == (entity["offset"], entity["length"])
    if entity["type"] == "pre" and same_span and last["type"] == "code" and "language" in last:
        entities[-1] = {**entity, "language": last["language"]}
    else:
        entities.append(entity)


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Strip surrounding whitespace as Telegram does, keeping entity offsets right."""
    body = text.strip(_SPACE)
    lead = _u16(text[:len(text) - len(text.lstrip(_SPACE))])
    size = _u16(body)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return body, kept


def _formatted(text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JSON]]:
    """A message text as Telegram stores it, or Telegram's 400 for it."""
    raw = "" if text is None else str(text)
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, found = parse_html(raw)
    elif not mode:
        plain, found = raw, list(entities) if isinstance(entities, list) else []
    elif mode in {"markdown", "markdownv2"}:
        raise _bad("the stand-in emulates only parse_mode HTML")
    else:
        raise _bad("unsupported parse_mode")
    plain, found = _trim(plain, found)
    if not plain:
        raise _bad("message text is empty")
    if _u16(plain) > 4096:
        raise _bad("message is too long")
    return plain, found


def _inline_markup(markup: Any) -> JSON | None:
    """Validate an inline keyboard; returns it, or None for other markups (not echoed)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise _bad("BUTTON_TEXT_INVALID")
            if not _BUTTON_ACTIONS & button.keys() or button.get("callback_data") == "":
                raise _bad(
                    "can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard"
                )
            if len(str(button.get("callback_data", "")).encode()) > 64:
                raise _bad("BUTTON_DATA_INVALID")
    return markup


_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{5,32}(?!\w)")


def _auto_entities(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram adds to a user's text."""
    found = [
        {"offset": _u16(text[:m.start()]), "length": _u16(m.group()), "type": kind}
        for kind, pattern in (("bot_command", _COMMAND), ("mention", _MENTION))
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda e: e["offset"])


# --- request decoding ---

def _decode(name: str, value: Any) -> Any:
    if isinstance(value, str) and name not in _STRING_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def _read_params(query: str, content_type: str, body: bytes) -> JSON:
    """Decode parameters the ways Telegram accepts: query string, form, JSON or multipart."""
    raw: JSON = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        raw.update(json.loads(body or b"{}"))
    elif kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        form = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        for part in form.iter_parts():
            data = part.get_payload(decode=True)
            name = part.get_param("name", header="content-disposition")
            raw[name] = data if part.get_filename() else data.decode()
    else:
        raw.update(parse_qsl(body.decode(), keep_blank_values=True))
    return {name: _decode(name, value) for name, value in raw.items()}


# --- server state ---

class Sender(TypedDict, total=False):
    """Optional keywords of the update builders: who writes, and where."""

    chat_type: str  # "private" | "group" | "supergroup"; by default from the chat id
    first_name: str
    username: str | None
    reply_to_message: JSON | None
    sender_chat: JSON | None  # an anonymous admin (user 1087968824) or a channel (136817688) speaking for this chat
    message_thread_id: int  # a forum topic


@dataclass
class _Queued:
    update: JSON
    forced: bool = False  # a push_duplicate copy: delivered once even below the offset
    delivered: bool = False


class _Reply(NamedTuple):
    status: int  # 0: close the connection without answering
    body: bytes = b""
    content_type: str = "application/json"
    hold: threading.Event | None = None  # a stall: keep the request open until this is set


class BotAPIStandIn:
    """The fake Telegram: chats, messages, the update queue and the recorded calls.

    All state is guarded by one condition variable, so request threads and the test thread
    can use it at once; getUpdates waits on it for new updates.
    """

    def __init__(self, token: str, bot_username: str = "kscity_faq_bot", flood_limits: bool = False) -> None:
        self.token = token
        self.flood_limits = flood_limits
        self.bot_user: JSON = {"id": BOT_ID, "is_bot": True, "first_name": "K-City FAQ",
                               "username": bot_username}
        self._cond = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._stalls: list[threading.Event] = []
        self._calls: list[JSON] = []
        self._faults: dict[str, deque[tuple[str, int]]] = {}
        self._chats: dict[int, JSON] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._sent: list[JSON] = []
        self._last_message_id: dict[int, int] = {}
        self._queue: list[_Queued] = []
        self._next_update_id = FIRST_UPDATE_ID
        self._next_id = 1
        self._poll_generation = 0
        self._allowed_updates: set[str] = set()
        self._open_callbacks: set[str] = set()
        self._open_inline: set[str] = set()
        self._commands: dict[str, list[JSON]] = {}
        self._webhook_url = ""
        self._flood_global: deque[float] = deque()
        self._flood_groups: dict[int, deque[float]] = {}
        self._flood_private: dict[Any, tuple[float, float]] = {}
        self._accepted = 0
        self._throttled = 0
        self._migrated: dict[int, int] = {}  # old group id → the supergroup it became
        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda p: self.bot_user | {
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True, "can_connect_to_business": False,
                "has_main_web_app": False,
            },
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self._commands.get(self._scope_key(p), []),
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p: True,
            "setMyShortDescription": lambda p: True,
            "leaveChat": self._in_known_chat,
            "sendChatAction": self._in_known_chat,
            "getWebhookInfo": lambda p: {
                "url": self._webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._queue),
            },
            "setWebhook": lambda p: self._set_webhook(str(p.get("url") or ""), p),
            "deleteWebhook": lambda p: self._set_webhook("", p),
            "close": lambda p: True,
            "logOut": lambda p: True,
        }
        self._by_lower_name = {name.lower(): name for name in self._methods}

    # --- lifecycle ---

    def start(self) -> BotAPIStandIn:
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="standin-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake long polls, release stalls, close every connection, join threads."""
        if self._server is None or self._thread is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self.release_stalls()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> BotAPIStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to give the bot as TELEGRAM_BASE_URL; PTB appends "<token>/<method>"."""
        if self._server is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # --- fault injection ---

    def inject(self, method: str, kind: str, count: int = 1, retry_after: int = 1) -> None:
        """Make the next `count` calls of `method` fail: "429", "502", "drop" or "stall"."""
        if kind not in _FAULTS:
            raise ValueError(f"unknown fault {kind!r}; use one of {sorted(_FAULTS)}")
        with self._cond:
            self._faults.setdefault(method, deque()).extend([(kind, retry_after)] * count)

    def settle_connections(self, timeout: float = 10) -> None:
        """After the bot died: release its held requests until every connection it opened is
        closed, so that no request it wrote before dying is performed later, under other faults."""
        def settled() -> bool:
            self.release_stalls()
            assert self._server is not None
            with self._server.live_lock:
                return not self._server.live
        self.wait_for(settled, timeout, "the dead bot's connections to close")

    def clear_faults(self) -> None:
        """Forget the faults injected and not yet used."""
        with self._cond:
            self._faults.clear()

    def release_stalls(self) -> None:
        """Close the held ("stall") requests without an answer, as a dead connection would."""
        with self._cond:
            stalls, self._stalls = self._stalls, []
        for event in stalls:
            event.set()

    # --- what the bot did ---

    def calls(self, method: str | None = None) -> list[JSON]:
        """Recorded requests: method, params (nested JSON decoded), time (time.monotonic()),
        fault (None, "429", "502", "drop", "stall" or "flood"), status (None: no answer) and
        response (the JSON answer)."""
        with self._cond:
            return copy.deepcopy([c for c in self._calls if method in (None, c["method"])])

    def bot_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages the bot sent, oldest first, in their current (possibly edited) state."""
        with self._cond:
            return copy.deepcopy([m for m in self._sent if chat_id in (None, m["chat"]["id"])])

    @property
    def sends_accepted(self) -> int:
        """Message sends and edits that succeeded."""
        with self._cond:
            return self._accepted

    @property
    def sends_throttled(self) -> int:
        """Message sends and edits refused by the flood limits."""
        with self._cond:
            return self._throttled

    def wait_for(self, predicate: Callable[[], T], timeout: float = 10, what: str | None = None) -> T:
        """Poll `predicate` every 20 ms until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            if time.monotonic() >= deadline:
                name = what or getattr(predicate, "__name__", "the condition")
                raise AssertionError(f"timed out after {timeout} s waiting for {name}\n{self._summary()}")
            time.sleep(0.02)
        return value

    def wait_for_messages(self, chat_id: int, n: int, timeout: float = 10) -> list[JSON]:
        """Wait until the bot has sent at least `n` messages to the chat; returns them all."""
        def enough() -> list[JSON]:
            messages = self.bot_messages(chat_id)
            return messages if len(messages) >= n else []
        return self.wait_for(enough, timeout, f"{n} bot message(s) in chat {chat_id}")

    def _summary(self) -> str:
        """Recent traffic, so a timed-out wait says what the bot did instead."""
        lines = ["last calls:"]
        for call in self.calls()[-15:]:
            error = (call["response"] or {}).get("description", "")
            params = json.dumps(call["params"], ensure_ascii=False, default=repr)[:200]
            lines.append(f"  {call['method']} -> {call['status']} {call['fault'] or ''} {error} {params}")
        lines.append("bot messages:")
        lines += [f"  chat {m['chat']['id']}: {m['text'][:200]!r}" for m in self.bot_messages()[-10:]]
        return "\n".join(lines)

    # --- update builders ---

    def send_text(self, chat_id: int, text: str, user_id: int | None = None,
                  entities: list[JSON] | None = None, **sender: Unpack[Sender]) -> JSON:
        """A user's text message; commands and @mentions get their entities as in Telegram."""
        content: JSON = {"text": text}
        found = _auto_entities(text) if entities is None else entities
        if found:
            content["entities"] = found
        return self._push({"message": self._user_message(chat_id, user_id, sender, content)})

    def send_edited_text(self, message: JSON, text: str, entities: list[JSON] | None = None) -> JSON:
        """The user edits an earlier message (from an update of send_text) to `text`."""
        edited = {k: v for k, v in message.items() if k != "entities"}
        edited |= {"text": text, "edit_date": int(time.time())}
        found = _auto_entities(text) if entities is None else entities
        if found:
            edited["entities"] = found
        with self._cond:
            self._messages[(edited["chat"]["id"], edited["message_id"])] = edited
        return self._push({"edited_message": edited})

    def send_sticker(self, chat_id: int, user_id: int | None = None, emoji: str = "👍",
                     **sender: Unpack[Sender]) -> JSON:
        sticker = self._file(type="regular", width=512, height=512, is_animated=False, is_video=False,
                             emoji=emoji)
        return self._push({"message": self._user_message(chat_id, user_id, sender, {"sticker": sticker})})

    def send_photo(self, chat_id: int, user_id: int | None = None, caption: str | None = None,
                   **sender: Unpack[Sender]) -> JSON:
        content: JSON = {"photo": [self._file(width=90, height=90, file_size=1_300),
                                   self._file(width=800, height=800, file_size=52_000)]}
        if caption:
            content["caption"] = caption
            if found := _auto_entities(caption):
                content["caption_entities"] = found
        return self._push({"message": self._user_message(chat_id, user_id, sender, content)})

    def send_voice(self, chat_id: int, user_id: int | None = None, duration: int = 3,
                   **sender: Unpack[Sender]) -> JSON:
        voice = self._file(duration=duration, mime_type="audio/ogg", file_size=9_000)
        return self._push({"message": self._user_message(chat_id, user_id, sender, {"voice": voice})})

    def send_document(self, chat_id: int, user_id: int | None = None, file_name: str = "document.pdf",
                      mime_type: str = "application/pdf", caption: str | None = None,
                      **sender: Unpack[Sender]) -> JSON:
        content: JSON = {"document": self._file(file_name=file_name, mime_type=mime_type, file_size=120_000)}
        if caption:
            content["caption"] = caption
        return self._push({"message": self._user_message(chat_id, user_id, sender, content)})

    def send_callback(self, chat_id: int, user_id: int, data: str, message: JSON | None = None) -> JSON:
        """A button press; the message defaults to the bot's latest message in the chat."""
        with self._cond:
            if message is None:
                own = [m for m in self._sent if m["chat"]["id"] == chat_id]
                if not own:
                    raise ValueError(f"the bot has sent no message in chat {chat_id} to press a button on")
                message = own[-1]
            query = {
                "id": self._new_id(), "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
                "message": copy.deepcopy(message), "chat_instance": str(4_000_000_000 + abs(chat_id)),
                "data": data,
            }
        return self._push({"callback_query": query})

    def send_inline_query(self, user_id: int, query: str, offset: str = "",
                          chat_type: str = "private") -> JSON:
        inline = {"id": self._new_id(), "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
                  "query": query, "offset": offset, "chat_type": chat_type}
        return self._push({"inline_query": inline})

    def migrate_group(self, old: int, new: int, user_id: int) -> None:
        """The group becomes supergroup `new`, as when an admin upgrades it: the service messages
        in both chats, and every later send to the old id answered 400 with migrate_to_chat_id."""
        with self._cond:
            self._migrated[old] = new
        self._push({"message": self._user_message(old, user_id, {"chat_type": "group"}, {"migrate_to_chat_id": new})})
        self._push({"message": self._user_message(new, user_id, {"chat_type": "supergroup"}, {"migrate_from_chat_id": old})})

    def push_raw(self, update: JSON) -> JSON:
        """Queue any update; an update_id is assigned if it has none."""
        return self._push(update)

    def push_duplicate(self, update: JSON) -> JSON:
        """Deliver an update again with its update_id, even if already confirmed."""
        with self._cond:
            self._enqueue(_Queued(copy.deepcopy(update), forced=True))
        return update

    def _user_message(self, chat_id: int, user_id: int | None, sender: Sender, content: JSON) -> JSON:
        chat_type = sender.get("chat_type") or (
            "private" if chat_id > 0 else "supergroup" if chat_id < -10**12 else "group")
        if user_id is None:
            if chat_type != "private":
                raise ValueError("a message in a group needs a user_id")
            user_id = chat_id
        user: JSON = {"id": user_id, "is_bot": False, "first_name": sender.get("first_name", "Test")}
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = user["first_name"]
        else:
            chat["title"] = "Test group"
        if sender.get("username"):
            user["username"] = sender["username"]
            if chat_type == "private":
                chat["username"] = sender["username"]
        with self._cond:
            self._chats[chat_id] = chat
            message = {"message_id": self._new_message_id(chat_id), "from": user, "chat": chat,
                       "date": int(time.time())} | content
            if sender.get("reply_to_message"):
                message["reply_to_message"] = _without_reply(sender["reply_to_message"])
            if sender.get("sender_chat"):
                message["sender_chat"] = sender["sender_chat"]
            if sender.get("message_thread_id"):
                message |= {"message_thread_id": sender["message_thread_id"], "is_topic_message": True}
                chat["is_forum"] = True
            self._messages[(chat_id, message["message_id"])] = message
            return copy.deepcopy(message)

    def _file(self, **fields: Any) -> JSON:
        number = self._new_id()
        return {"file_id": f"AgACAgIAAxkBAAI{number}", "file_unique_id": f"AQAD{number}"} | fields

    def _push(self, update: JSON) -> JSON:
        with self._cond:
            update = copy.deepcopy(update)
            update.setdefault("update_id", self._next_update_id)
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            # Chats an update shows become known, so the bot may answer there.
            holders = [v for v in update.values() if isinstance(v, dict)]
            holders += [h["message"] for h in holders if isinstance(h.get("message"), dict)]
            for holder in holders:
                if isinstance(holder.get("chat"), dict):
                    self._chats.setdefault(holder["chat"]["id"], holder["chat"])
            if "callback_query" in update:
                self._open_callbacks.add(str(update["callback_query"]["id"]))
            if "inline_query" in update:
                self._open_inline.add(str(update["inline_query"]["id"]))
            self._enqueue(_Queued(update))
            return copy.deepcopy(update)

    def _enqueue(self, entry: _Queued) -> None:
        position = len(self._queue)
        while position and self._queue[position - 1].update["update_id"] > entry.update["update_id"]:
            position -= 1
        self._queue.insert(position, entry)
        self._cond.notify_all()

    def _new_id(self) -> str:
        with self._cond:
            self._next_id += 1
            return str(5_000_000_000 + self._next_id)

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    # --- serving a request ---

    def _handle(self, path: str, params: JSON) -> _Reply:
        """Answer one request as Telegram would, applying injected faults and flood limits."""
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        if not match:
            return _json_reply(ApiError(404, "Not Found").payload())
        if match[1] != self.token:
            return _json_reply(ApiError(401, "Unauthorized").payload())
        name = self._by_lower_name.get(match[2].lower(), match[2])
        record: JSON = {"method": name, "params": params, "time": time.monotonic(),
                        "fault": None, "status": None, "response": None}
        with self._cond:
            self._calls.append(record)
            queued = self._faults.get(name)
            fault, retry_after = queued.popleft() if queued else (None, 0)
            record["fault"] = fault
            if fault == "drop":
                return _Reply(0)
            if fault == "stall":
                release = threading.Event()
                self._stalls.append(release)
                if self._stopping:
                    release.set()
                return _Reply(0, hold=release)
            if fault == "502":
                record["status"] = 502
                return _Reply(502, _NGINX_502, "text/html")
            try:
                if fault == "429":
                    raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
                if name not in self._methods:
                    raise ApiError(404, "Not Found")
                if self.flood_limits and name in _SEND_METHODS:
                    wait = self._flood_wait(params.get("chat_id"))
                    if wait:
                        record["fault"] = "flood"
                        self._throttled += 1
                        raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
                response: JSON = {"ok": True, "result": self._methods[name](params)}
                if name in _SEND_METHODS:
                    self._accepted += 1
            except ApiError as error:
                response = error.payload()
            except Exception as error:  # a stand-in bug: say so instead of dropping the connection
                traceback.print_exc()
                response = {"ok": False, "error_code": 500, "description": f"stand-in error: {error!r}"}
            record["status"] = response.get("error_code", 200)
            record["response"] = response
            return _json_reply(response)

    def _flood_wait(self, chat_id: Any) -> int:
        """Seconds before this send is allowed (0: now), per Telegram's documented limits:
        30 messages a second overall, 20 a minute per group, about 1 a second per private chat."""
        now = time.monotonic()
        waits = []
        overall = self._flood_global
        while overall and now - overall[0] >= 1:
            overall.popleft()
        if len(overall) >= 30:
            waits.append(overall[0] + 1 - now)
        is_group = isinstance(chat_id, int) and chat_id < 0
        group = self._flood_groups.setdefault(chat_id, deque()) if is_group else deque()
        while group and now - group[0] >= 60:
            group.popleft()
        if len(group) >= 20:
            waits.append(group[0] + 60 - now)
        tokens, last = self._flood_private.get(chat_id, (PRIVATE_BURST, now))
        tokens = min(PRIVATE_BURST, tokens + now - last)
        if not is_group and tokens < 1:
            waits.append(1 - tokens)
        if waits:
            return max(1, math.ceil(max(waits)))
        overall.append(now)
        if is_group:
            group.append(now)
        else:
            self._flood_private[chat_id] = (tokens - 1, now)
        return 0

    # --- Bot API methods (called with the lock held) ---

    def _get_updates(self, p: JSON) -> list[JSON]:
        if self._webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                                " use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset") or 0)
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        timeout = min(max(float(p.get("timeout") or 0), 0.0), MAX_POLL_SECONDS)
        if p.get("allowed_updates") is not None:
            self._allowed_updates = set(p["allowed_updates"])
        if offset < 0:
            self._queue = self._queue[offset:]
        elif offset > 0:
            self._queue = [e for e in self._queue
                           if e.update["update_id"] >= offset or (e.forced and not e.delivered)]
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()  # an older poll still waiting now ends with 409 Conflict
        deadline = time.monotonic() + timeout
        while not (batch := self._deliverable(limit)) and not self._stopping:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._cond.wait(remaining)
            if self._poll_generation != generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request;"
                                    " make sure that only one bot instance is running")
        for entry in batch:
            entry.delivered = True
        return [copy.deepcopy(e.update) for e in batch]

    def _deliverable(self, limit: int) -> list[_Queued]:
        def wanted(entry: _Queued) -> bool:
            kind = next(k for k in entry.update if k != "update_id")
            if self._allowed_updates:
                return kind in self._allowed_updates
            return kind not in _DEFAULT_EXCLUDED_UPDATES
        return [e for e in self._queue if wanted(e) and not (e.forced and e.delivered)][:limit]

    def _chat(self, p: JSON) -> JSON:
        chat_id = p.get("chat_id")
        if chat_id in (None, ""):
            raise _bad("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _bad("chat not found")
        return chat

    def _in_known_chat(self, p: JSON) -> bool:
        self._chat(p)
        return True

    def _send_message(self, p: JSON) -> JSON:
        chat = self._chat(p)
        if chat["id"] in self._migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to_chat_id=self._migrated[chat["id"]])
        text, entities = _formatted(p.get("text"), p.get("parse_mode"), p.get("entities"))
        markup = _inline_markup(p.get("reply_markup"))
        message: JSON = {"message_id": self._new_message_id(chat["id"]), "from": self.bot_user,
                         "chat": chat, "date": int(time.time()), "text": text}
        if entities:
            message["entities"] = entities
        if p.get("message_thread_id"):
            message |= {"message_thread_id": p["message_thread_id"], "is_topic_message": True}
        reply = p.get("reply_parameters")
        original = isinstance(reply, dict) and self._messages.get((chat["id"], reply.get("message_id")))
        if original:
            message["reply_to_message"] = _without_reply(original)
        if markup:
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        self._sent.append(message)
        return copy.deepcopy(message)

    def _editable(self, p: JSON) -> JSON:
        chat = self._chat(p)
        message = self._messages.get((chat["id"], p.get("message_id")))
        if message is None:
            raise _bad("message to edit not found")
        if message["from"]["id"] != BOT_ID:
            raise _bad("message can't be edited")
        return message

    def _edit_message_text(self, p: JSON) -> JSON | bool:
        text, entities = _formatted(p.get("text"), p.get("parse_mode"), p.get("entities"))
        markup = _inline_markup(p.get("reply_markup"))
        if p.get("inline_message_id"):
            return True
        return _edit(self._editable(p), text, entities, markup)

    def _edit_message_reply_markup(self, p: JSON) -> JSON | bool:
        markup = _inline_markup(p.get("reply_markup"))
        if p.get("inline_message_id"):
            return True
        message = self._editable(p)
        return _edit(message, message["text"], message.get("entities", []), markup)

    def _answer_callback_query(self, p: JSON) -> bool:
        if _u16(str(p.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        query_id = str(p.get("callback_query_id"))
        if query_id not in self._open_callbacks:
            raise ApiError(400, _QUERY_INVALID)
        self._open_callbacks.remove(query_id)
        return True

    def _answer_inline_query(self, p: JSON) -> bool:
        results = p.get("results") or []
        if len(results) > 50:
            raise _bad("RESULTS_TOO_MUCH")
        ids = [str(result.get("id", "")) for result in results]
        if any(not rid or len(rid.encode()) > 64 for rid in ids):
            raise _bad("RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise _bad("RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                _formatted(content["message_text"], content.get("parse_mode"), content.get("entities"))
            _inline_markup(result.get("reply_markup"))
        query_id = str(p.get("inline_query_id"))
        if query_id not in self._open_inline:
            raise ApiError(400, _QUERY_INVALID)
        self._open_inline.remove(query_id)
        return True

    def _set_my_commands(self, p: JSON) -> bool:
        commands = p.get("commands") or []
        if any(not re.fullmatch(r"[a-z0-9_]{1,32}", str(c.get("command", ""))) for c in commands):
            raise _bad("BOT_COMMAND_INVALID")
        self._commands[self._scope_key(p)] = commands
        return True

    def _delete_my_commands(self, p: JSON) -> bool:
        self._commands.pop(self._scope_key(p), None)
        return True

    @staticmethod
    def _scope_key(p: JSON) -> str:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps([scope, p.get("language_code") or ""], sort_keys=True)

    def _set_webhook(self, url: str, p: JSON) -> bool:
        self._webhook_url = url
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True


def _without_reply(message: JSON) -> JSON:
    """A replied-to message as Telegram nests it: one level deep."""
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def _edit(message: JSON, text: str, entities: list[JSON], markup: JSON | None) -> JSON:
    """Apply an edit in place; no reply_markup removes the keyboard, as in Telegram."""
    current = (message["text"], message.get("entities", []), message.get("reply_markup"))
    if current == (text, entities, markup):
        raise ApiError(400, _NOT_MODIFIED)
    message.update(text=text, edit_date=int(time.time()))
    for key, value in (("entities", entities), ("reply_markup", markup)):
        if value:
            message[key] = value
        else:
            message.pop(key, None)
    return copy.deepcopy(message)


def _json_reply(payload: JSON) -> _Reply:
    status = payload.get("error_code", 200)
    return _Reply(status, json.dumps(payload, ensure_ascii=False).encode())


# --- HTTP plumbing ---

class _Server(ThreadingHTTPServer):
    """The HTTP server; tracks open connections so stop() can close them and join threads."""

    daemon_threads = True

    def __init__(self, api: BotAPIStandIn) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api
        self.live: dict[threading.Thread, socket.socket] = {}
        self.started: set[threading.Thread] = set()  # every request thread, from before it runs
        self.live_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address), daemon=True)
        with self.live_lock:
            self.started.add(thread)
        thread.start()

    def close_connections(self, patience: float = 5.0) -> None:
        """Close every connection and join every request thread, also one accepted just before the
        server stopped that has not yet registered its connection."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            with self.live_lock:
                self.started = {t for t in self.started if t.is_alive()}
                threads, live = set(self.started), dict(self.live)
            if not threads:
                return
            for connection in live.values():
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            for thread in threads:
                thread.join(timeout=0.1)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (timeouts, faults, stop()) are expected; anything else is a bug.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True  # else every small answer waits ~40 ms for a delayed ACK

    protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx pool expects
    server_version = "nginx/1.18.0"
    sys_version = ""
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.live_lock:
            self.server.live[threading.current_thread()] = self.connection

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.live_lock:
                self.server.live.pop(threading.current_thread(), None)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the recorded calls say more than an access log

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        try:
            params = _read_params(url.query, self.headers.get("Content-Type", ""), body)
        except ValueError:
            reply = _json_reply(_bad("can't parse request parameters").payload())
        else:
            reply = self.server.api._handle(url.path, params)
        if reply.hold:
            reply.hold.wait()  # until release_stalls() or stop()
        if not reply.status:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST
