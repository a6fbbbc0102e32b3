"""Tests of the Bot API stand-in itself: if it is not faithful, the bot's tests prove nothing."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter

from standin import BOT_ID, BotAPIStandIn

TOKEN = "123456:TEST-token"
USER = 42  # a private chat's id is its user's id
GROUP = -4001


@pytest.fixture
def api() -> Iterator[BotAPIStandIn]:
    with BotAPIStandIn(TOKEN) as stand_in:
        yield stand_in


def raw(api: BotAPIStandIn, method: str, params: dict[str, Any] | None = None, *,
        token: str = TOKEN, timeout: float = 5) -> tuple[int, bytes]:
    """POST like PTB does: form-encoded, strings as is, everything else as JSON."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (params or {}).items()}
    request = urllib.request.Request(f"{api.base_url}{token}/{method}", data=urlencode(form).encode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def call(api: BotAPIStandIn, method: str, params: dict[str, Any] | None = None,
         **kw: Any) -> tuple[int, dict]:
    status, body = raw(api, method, params, **kw)
    return status, json.loads(body)


def ok(api: BotAPIStandIn, method: str, params: dict[str, Any] | None = None) -> Any:
    status, body = call(api, method, params)
    assert (status, body["ok"]) == (200, True), body
    return body["result"]


def refused(api: BotAPIStandIn, method: str, params: dict[str, Any]) -> str:
    """The description of a 400 answer."""
    status, body = call(api, method, params)
    assert (status, body["ok"], body.get("error_code")) == (400, False, 400), body
    return body["description"]


def send(api: BotAPIStandIn, text: str, chat_id: int = USER, **params: Any) -> dict:
    return ok(api, "sendMessage", {"chat_id": chat_id, "text": text, **params})


def keyboard(*buttons: dict) -> dict:
    return {"inline_keyboard": [list(buttons)]}


# --- routing ---

def test_get_me_describes_the_faq_bot(api: BotAPIStandIn) -> None:
    assert ok(api, "getMe") == {
        "id": BOT_ID, "is_bot": True, "first_name": "K-City FAQ", "username": "kscity_faq_bot",
        "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
        "can_connect_to_business": False, "has_main_web_app": False,
    }


def test_wrong_token_is_unauthorized_and_unknown_method_not_found(api: BotAPIStandIn) -> None:
    assert call(api, "getMe", token="999:WRONG") == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert call(api, "sendPoll", {"chat_id": USER}) == (
        404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert api.calls("sendPoll")[0]["status"] == 404


def test_method_names_are_case_insensitive_as_in_telegram(api: BotAPIStandIn) -> None:
    assert ok(api, "getme")["id"] == BOT_ID
    assert [c["method"] for c in api.calls()] == ["getMe"]


def test_parameters_may_come_as_query_string_json_or_multipart(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    base = f"{api.base_url}{TOKEN}/sendMessage"
    urllib.request.urlopen(f"{base}?chat_id={USER}&text=query", timeout=5).close()
    markup = keyboard({"text": "a", "callback_data": "a"})
    body = json.dumps({"chat_id": USER, "text": "json", "reply_markup": markup})
    urllib.request.urlopen(urllib.request.Request(
        base, data=body.encode(), headers={"Content-Type": "application/json"}), timeout=5).close()
    part = '--XX\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
    multipart = (part.format("chat_id", USER) + part.format("text", "멀티파트") + "--XX--\r\n").encode()
    headers = {"Content-Type": "multipart/form-data; boundary=XX"}
    urllib.request.urlopen(urllib.request.Request(base, data=multipart, headers=headers), timeout=5).close()
    assert [m["text"] for m in api.bot_messages(USER)] == ["query", "json", "멀티파트"]
    assert api.calls("sendMessage")[1]["params"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"


# --- sendMessage ---

def test_send_message_returns_a_real_message(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hello")  # message 1 in the chat
    markup = keyboard({"text": "자세히", "callback_data": "faq:1"})
    message = send(api, "<b>K-City</b> &amp; <i>스마트시티</i>", parse_mode="HTML", reply_markup=markup)
    assert message["message_id"] == 2
    assert message["from"]["id"] == BOT_ID and message["from"]["is_bot"] is True
    assert message["chat"] == {"id": USER, "type": "private", "first_name": "Test"}
    assert isinstance(message["date"], int)
    assert message["text"] == "K-City & 스마트시티"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 6},
                                   {"type": "italic", "offset": 9, "length": 5}]
    assert message["reply_markup"] == markup
    assert send(api, "again")["message_id"] == 3
    assert api.bot_messages(USER)[0] == message


def test_message_ids_are_counted_per_chat(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    api.send_text(GROUP, "hi", user_id=USER)
    assert send(api, "a")["message_id"] == 2
    group_message = send(api, "b", chat_id=GROUP)
    assert group_message["message_id"] == 2
    assert group_message["chat"] == {"id": GROUP, "type": "group", "title": "Test group"}


def test_send_to_a_chat_never_seen_is_chat_not_found(api: BotAPIStandIn) -> None:
    assert refused(api, "sendMessage", {"chat_id": 777, "text": "hi"}) == "Bad Request: chat not found"


@pytest.mark.parametrize("text", ["", "   \n", "<b> </b>", "<i></i>"])
def test_text_empty_after_parsing_is_refused(api: BotAPIStandIn, text: str) -> None:
    api.send_text(USER, "hi")
    params = {"chat_id": USER, "text": text, "parse_mode": "HTML"}
    assert refused(api, "sendMessage", params) == "Bad Request: message text is empty"


@pytest.mark.parametrize(("text", "fits"), [
    ("a" * 4096, True), ("a" * 4097, False),
    ("😀" * 2048, True), ("😀" * 2049, False),  # an emoji is two UTF-16 code units
    ("&lt;" * 4096, True), ("<b>" + "a" * 4096 + "</b>", True),  # counted after parsing
    ("  " + "a" * 4096 + "\n", True),  # surrounding whitespace is trimmed first
])
def test_message_length_is_4096_utf16_units_after_parsing(api: BotAPIStandIn, text: str, fits: bool) -> None:
    api.send_text(USER, "hi")
    params = {"chat_id": USER, "text": text, "parse_mode": "HTML"}
    if fits:
        assert ok(api, "sendMessage", params)
    else:
        assert refused(api, "sendMessage", params) == "Bad Request: message is too long"


@pytest.mark.parametrize(("html", "error"), [
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("🏟 <div>", 'Unsupported start tag "div" at byte offset 5'),  # offsets are UTF-8 bytes
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ('<a href="https://kbs.co.kr"', "Unclosed start tag at byte offset 0"),
    ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<i aba>x</i>", 'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 0'),
])
def test_html_telegram_cannot_parse_is_refused(api: BotAPIStandIn, html: str, error: str) -> None:
    api.send_text(USER, "hi")
    params = {"chat_id": USER, "text": html, "parse_mode": "HTML"}
    assert refused(api, "sendMessage", params) == f"Bad Request: can't parse entities: {error}"


def test_every_supported_html_tag_is_accepted(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    html = ("<b>b</b><strong>b</strong><i>i</i><em>i</em><u>u</u><ins>u</ins><s>s</s><strike>s</strike>"
            '<del>s</del><span class="tg-spoiler">p</span><tg-spoiler>p</tg-spoiler>'
            '<a href="https://www.kbs.co.kr/">a</a><code>c</code><pre>p</pre>'
            '<pre><code class="language-python">x</code></pre><blockquote>q</blockquote>'
            '<blockquote expandable>q</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
            "<B>upper</B>")
    message = send(api, html, parse_mode="HTML")
    assert message["text"] == "bbiiuusssppacpxqq👍upper"
    assert [e["type"] for e in message["entities"]] == [
        "bold", "bold", "italic", "italic", "underline", "underline", "strikethrough", "strikethrough",
        "strikethrough", "spoiler", "spoiler", "text_link", "code", "pre", "pre", "blockquote",
        "expandable_blockquote", "custom_emoji", "bold"]
    assert message["entities"][11]["url"] == "https://www.kbs.co.kr/"
    assert message["entities"][14]["language"] == "python"


def test_html_references_decode_as_in_telegram(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    text = send(api, "&lt;a&gt; &amp; &quot;q&quot; &#127881; &#x41;", parse_mode="HTML")["text"]
    assert text == '<a> & "q" 🎉 A'


def test_unsupported_named_reference_is_kept_literally_as_telegram_does(api: BotAPIStandIn) -> None:
    """Telegram (tdlib's parser) does not refuse &nbsp;: it shows it as the text "&nbsp;"."""
    api.send_text(USER, "hi")
    assert send(api, "K&nbsp;City", parse_mode="HTML")["text"] == "K&nbsp;City"


def test_without_parse_mode_tags_are_plain_text(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    message = send(api, "<b>not bold</b>")
    assert message["text"] == "<b>not bold</b>" and "entities" not in message


def test_only_html_parse_mode_is_emulated(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    assert refused(api, "sendMessage", {"chat_id": USER, "text": "*x*", "parse_mode": "MarkdownV2"}) == (
        "Bad Request: the stand-in emulates only parse_mode HTML")
    assert refused(api, "sendMessage", {"chat_id": USER, "text": "x", "parse_mode": "BBCode"}) == (
        "Bad Request: unsupported parse_mode")


@pytest.mark.parametrize(("button", "error"), [
    ({"text": "a", "callback_data": "가" * 21 + "a"}, None),  # 64 bytes
    ({"text": "a", "callback_data": "가" * 22}, "BUTTON_DATA_INVALID"),  # 66 bytes
    ({"text": "a", "callback_data": ""},
     "can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard"),
    ({"text": "a"}, "can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard"),
    ({"text": "", "callback_data": "x"}, "BUTTON_TEXT_INVALID"),
    ({"text": "site", "url": "https://www.kbs.co.kr/"}, None),
])
def test_inline_keyboard_buttons_are_validated(api: BotAPIStandIn, button: dict, error: str | None) -> None:
    api.send_text(USER, "hi")
    params = {"chat_id": USER, "text": "menu", "reply_markup": keyboard(button)}
    if error is None:
        assert ok(api, "sendMessage", params)["reply_markup"] == keyboard(button)
    else:
        assert refused(api, "sendMessage", params) == f"Bad Request: {error}"


def test_a_reply_keyboard_is_accepted_but_not_echoed(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    assert "reply_markup" not in send(api, "x", reply_markup={"keyboard": [[{"text": "FAQ"}]]})


def test_reply_parameters_are_accepted_and_recorded(api: BotAPIStandIn) -> None:
    question = api.send_text(USER, "부산 회의는 언제?")["message"]
    answer = send(api, "11월 25일", reply_parameters={"message_id": question["message_id"]})
    assert answer["reply_to_message"]["text"] == "부산 회의는 언제?"
    assert "reply_to_message" not in send(api, "x", reply_parameters={"message_id": 999})
    assert api.calls("sendMessage")[0]["params"]["reply_parameters"] == {"message_id": question["message_id"]}


# --- edits ---

def test_edit_message_text_replaces_text_and_drops_the_keyboard(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    sent = send(api, "v1", reply_markup=keyboard({"text": "a", "callback_data": "a"}))
    params = {"chat_id": USER, "message_id": sent["message_id"]}
    edited = ok(api, "editMessageText", {**params, "text": "<b>v2</b>", "parse_mode": "HTML"})
    assert edited["text"] == "v2" and "reply_markup" not in edited and "edit_date" in edited
    assert api.bot_messages(USER)[0]["text"] == "v2"
    assert refused(api, "editMessageText", {**params, "text": "<b>v2</b>", "parse_mode": "HTML"}).startswith(
        "Bad Request: message is not modified")
    markup = keyboard({"text": "b", "callback_data": "b"})
    assert ok(api, "editMessageReplyMarkup", {**params, "reply_markup": markup})["reply_markup"] == markup
    assert refused(api, "editMessageText", {"chat_id": USER, "message_id": 99, "text": "x"}) == (
        "Bad Request: message to edit not found")
    assert refused(api, "editMessageText", {"chat_id": USER, "message_id": 1, "text": "x"}) == (
        "Bad Request: message can't be edited")
    assert refused(api, "editMessageText", {**params, "text": "<p>", "parse_mode": "HTML"}).startswith(
        "Bad Request: can't parse entities")
    assert ok(api, "editMessageText", {"inline_message_id": "AAA", "text": "inline"}) is True


# --- callback and inline queries ---

def test_answer_callback_query_once_with_at_most_200_characters(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    send(api, "menu", reply_markup=keyboard({"text": "a", "callback_data": "a"}))
    query_id = api.send_callback(USER, USER, "a")["callback_query"]["id"]
    assert refused(api, "answerCallbackQuery", {"callback_query_id": query_id, "text": "가" * 201}) == (
        "Bad Request: MESSAGE_TOO_LONG")
    assert ok(api, "answerCallbackQuery", {"callback_query_id": query_id, "text": "가" * 200}) is True
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert refused(api, "answerCallbackQuery", {"callback_query_id": query_id}) == too_old
    assert refused(api, "answerCallbackQuery", {"callback_query_id": "123"}) == too_old


def article(result_id: Any, text: str = "answer") -> dict:
    return {"type": "article", "id": str(result_id), "title": "FAQ",
            "input_message_content": {"message_text": text, "parse_mode": "HTML"}}


@pytest.mark.parametrize(("results", "error"), [
    ([article(i) for i in range(51)], "RESULTS_TOO_MUCH"),
    ([article(1), article(1)], "RESULT_ID_DUPLICATE"),
    ([article("x" * 65)], "RESULT_ID_INVALID"),
    ([article(1, "<b>open")], 'can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'),
    ([article(1, "<b> </b>")], "message text is empty"),
    ([article(1, "a" * 4097)], "message is too long"),
])
def test_answer_inline_query_results_are_validated(api: BotAPIStandIn, results: list, error: str) -> None:
    query_id = api.send_inline_query(USER, "회의")["inline_query"]["id"]
    assert refused(api, "answerInlineQuery", {"inline_query_id": query_id, "results": results}) == (
        f"Bad Request: {error}")
    assert ok(api, "answerInlineQuery", {"inline_query_id": query_id, "results": [article("x" * 64)]})


def test_inline_query_is_answered_once(api: BotAPIStandIn) -> None:
    query_id = api.send_inline_query(USER, "q")["inline_query"]["id"]
    results = [article(i) for i in range(50)]
    assert ok(api, "answerInlineQuery", {"inline_query_id": query_id, "results": results})
    assert refused(api, "answerInlineQuery", {"inline_query_id": query_id, "results": []}) == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid")


# --- getUpdates ---

def poll(api: BotAPIStandIn, **params: Any) -> list[dict]:
    return ok(api, "getUpdates", params)


def test_unconfirmed_updates_are_delivered_again_until_confirmed(api: BotAPIStandIn) -> None:
    first = api.send_text(USER, "one")
    second = api.send_text(USER, "two")
    assert (first["update_id"], second["update_id"]) == (1000, 1001)
    assert poll(api) == [first, second]
    assert poll(api, offset=0) == [first, second]  # not confirmed yet: delivered again
    assert poll(api, offset=1001, limit=1) == [second]  # confirms the first
    assert poll(api, offset=1002) == []
    third = api.send_text(USER, "three")
    assert poll(api, offset=1002) == [third]


def test_negative_offset_keeps_only_the_newest_updates(api: BotAPIStandIn) -> None:
    for text in "abc":
        api.send_text(USER, text)
    assert [u["message"]["text"] for u in poll(api, offset=-1)] == ["c"]
    assert [u["message"]["text"] for u in poll(api)] == ["c"]


def test_long_poll_returns_as_soon_as_an_update_arrives(api: BotAPIStandIn) -> None:
    threading.Timer(0.3, api.send_text, (USER, "hi")).start()
    start = time.monotonic()
    updates = poll(api, timeout=30)
    assert 0.25 < time.monotonic() - start < 1.5
    assert updates[0]["message"]["text"] == "hi"


def test_long_poll_is_capped_at_two_seconds(api: BotAPIStandIn) -> None:
    start = time.monotonic()
    assert poll(api, timeout=50) == []
    assert 1.9 < time.monotonic() - start < 3


def test_a_second_poller_terminates_the_first_with_conflict(api: BotAPIStandIn) -> None:
    answers: list[tuple[int, dict]] = []
    first = threading.Thread(target=lambda: answers.append(call(api, "getUpdates", {"timeout": 2})))
    first.start()
    api.wait_for(lambda: api.calls("getUpdates"), timeout=2)
    time.sleep(0.1)
    assert poll(api) == []
    first.join(3)
    assert answers == [(409, {"ok": False, "error_code": 409, "description":
                              "Conflict: terminated by other getUpdates request;"
                              " make sure that only one bot instance is running"})]


def test_allowed_updates_filter_delivery_and_are_recorded(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    send(api, "menu", reply_markup=keyboard({"text": "a", "callback_data": "a"}))
    api.send_callback(USER, USER, "a")
    api.push_raw({"message_reaction": {"chat": {"id": USER, "type": "private"}, "message_id": 1}})
    def kinds(updates: list[dict]) -> list[str]:
        return [next(k for k in u if k != "update_id") for u in updates]

    assert kinds(poll(api)) == ["message", "callback_query"]
    assert kinds(poll(api, allowed_updates=["callback_query"])) == ["callback_query"]
    assert len(poll(api)) == 1  # the last setting stays in force
    assert len(poll(api, allowed_updates=[])) == 2  # empty: the default set again
    assert [c["params"].get("allowed_updates") for c in api.calls("getUpdates")] == [
        None, ["callback_query"], None, []]


def test_push_duplicate_redelivers_a_confirmed_update_once(api: BotAPIStandIn) -> None:
    update = api.send_text(USER, "/start")
    assert poll(api) == [update]
    assert poll(api, offset=update["update_id"] + 1) == []
    api.push_duplicate(update)
    assert poll(api, offset=update["update_id"] + 1) == [update]
    assert poll(api, offset=update["update_id"] + 1) == []


def test_webhook_methods_and_drop_pending_updates(api: BotAPIStandIn) -> None:
    api.send_text(USER, "pending")
    assert ok(api, "getWebhookInfo") == {
        "url": "", "has_custom_certificate": False, "pending_update_count": 1}
    assert ok(api, "setWebhook", {"url": "https://example.org/hook"}) is True
    assert call(api, "getUpdates")[0] == 409
    assert ok(api, "deleteWebhook", {"drop_pending_updates": True}) is True
    assert poll(api) == []


# --- other methods ---

def test_commands_descriptions_and_chat_methods(api: BotAPIStandIn) -> None:
    commands = [{"command": "start", "description": "시작"}, {"command": "faq", "description": "FAQ"}]
    assert ok(api, "setMyCommands", {"commands": commands}) is True
    assert ok(api, "getMyCommands") == commands
    assert ok(api, "getMyCommands", {"scope": {"type": "all_group_chats"}}) == []
    assert refused(api, "setMyCommands", {"commands": [{"command": "FAQ", "description": "x"}]}) == (
        "Bad Request: BOT_COMMAND_INVALID")
    assert ok(api, "deleteMyCommands") is True and ok(api, "getMyCommands") == []
    assert ok(api, "setMyDescription", {"description": "한-아세안 FAQ"}) is True
    assert ok(api, "setMyShortDescription", {"short_description": "FAQ"}) is True
    typing = {"chat_id": GROUP, "action": "typing"}
    assert refused(api, "sendChatAction", typing) == "Bad Request: chat not found"
    api.send_text(GROUP, "hi", user_id=USER)
    assert ok(api, "sendChatAction", typing) is True
    assert ok(api, "leaveChat", {"chat_id": GROUP}) is True
    assert ok(api, "close") is True and ok(api, "logOut") is True
    assert [c["method"] for c in api.calls()][-2:] == ["close", "logOut"]


# --- update builders ---

def test_text_builder_adds_command_and_mention_entities(api: BotAPIStandIn) -> None:
    message = api.send_text(USER, "/start@kscity_faq_bot 안녕 @kscity_helper")["message"]
    assert message["entities"] == [{"offset": 0, "length": 21, "type": "bot_command"},
                                   {"offset": 25, "length": 14, "type": "mention"}]
    assert message["from"] == {"id": USER, "is_bot": False, "first_name": "Test"}
    assert "entities" not in api.send_text(USER, "no command / here")["message"]


def test_group_messages_need_a_user_and_can_reply(api: BotAPIStandIn) -> None:
    with pytest.raises(ValueError):
        api.send_text(GROUP, "hi")
    api.send_text(GROUP, "hi", user_id=USER, username="tester", first_name="민수")
    bot_message = send(api, "hello", chat_id=GROUP)
    supergroup = -1001234567890123
    message = api.send_text(supergroup, "@kscity_faq_bot 질문", user_id=USER, reply_to_message=bot_message)["message"]
    assert message["chat"]["type"] == "supergroup"
    assert message["reply_to_message"]["text"] == "hello"
    assert message["entities"] == [{"offset": 0, "length": 15, "type": "mention"}]
    explicit = api.send_text(GROUP, "x", user_id=7, chat_type="supergroup")["message"]
    assert explicit["chat"]["type"] == "supergroup"


def test_edited_media_callback_and_inline_builders(api: BotAPIStandIn) -> None:
    original = api.send_text(USER, "/hepl")["message"]
    edited = api.send_edited_text(original, "/help")["edited_message"]
    assert (edited["message_id"], edited["text"]) == (original["message_id"], "/help")
    assert "edit_date" in edited
    assert api.send_sticker(USER)["message"]["sticker"]["emoji"] == "👍"
    assert len(api.send_photo(USER, caption="사진")["message"]["photo"]) == 2
    assert api.send_voice(USER, duration=5)["message"]["voice"]["duration"] == 5
    assert api.send_document(USER, file_name="faq.pdf")["message"]["document"]["file_name"] == "faq.pdf"
    with pytest.raises(ValueError):
        api.send_callback(USER, USER, "a")
    sent = send(api, "menu", reply_markup=keyboard({"text": "a", "callback_data": "a"}))
    query = api.send_callback(USER, USER, "a")["callback_query"]
    assert query["message"] == sent and query["data"] == "a" and query["from"]["id"] == USER
    inline = api.send_inline_query(USER, "스마트시티")["inline_query"]
    assert (inline["query"], inline["offset"], inline["chat_type"]) == ("스마트시티", "", "private")
    updates = poll(api)
    assert [u["update_id"] for u in updates] == list(range(1000, 1008))


def test_wait_for_explains_what_happened_on_timeout(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    send(api, "only one")
    assert api.wait_for_messages(USER, 1)[0]["text"] == "only one"
    explanation = r"(?s)2 bot message\(s\) in chat 42.*sendMessage -> 200.*only one"
    with pytest.raises(AssertionError, match=explanation):
        api.wait_for_messages(USER, 2, timeout=0.1)


# --- faults ---

def test_injected_429_answers_like_telegram_then_recovers(api: BotAPIStandIn) -> None:
    api.send_text(USER, "hi")
    api.inject("sendMessage", "429", count=2, retry_after=7)
    expected = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
                "parameters": {"retry_after": 7}}
    assert call(api, "sendMessage", {"chat_id": USER, "text": "x"}) == (429, expected)
    assert call(api, "sendMessage", {"chat_id": USER, "text": "x"}) == (429, expected)
    assert send(api, "x")["text"] == "x"
    assert [c["fault"] for c in api.calls("sendMessage")] == ["429", "429", None]
    assert api.calls("sendMessage")[0]["time"] <= api.calls("sendMessage")[2]["time"]


def test_injected_502_is_an_nginx_html_page(api: BotAPIStandIn) -> None:
    api.inject("getMe", "502")
    status, body = raw(api, "getMe")
    assert status == 502 and b"<h1>502 Bad Gateway</h1>" in body
    assert ok(api, "getMe")["id"] == BOT_ID


def test_injected_drop_closes_without_answer(api: BotAPIStandIn) -> None:
    api.inject("getMe", "drop")
    with pytest.raises(OSError):
        raw(api, "getMe")
    assert api.calls("getMe")[0]["fault"] == "drop" and api.calls("getMe")[0]["status"] is None


def test_injected_stall_holds_the_request_until_released(api: BotAPIStandIn) -> None:
    api.inject("getUpdates", "stall")
    outcome: list[str] = []

    def request() -> None:
        try:
            raw(api, "getUpdates", timeout=10)
            outcome.append("answered")
        except OSError:
            outcome.append("closed")

    thread = threading.Thread(target=request)
    thread.start()
    time.sleep(0.3)
    assert thread.is_alive()
    api.release_stalls()
    thread.join(2)
    assert outcome == ["closed"]
    assert poll(api) == []


def test_unknown_fault_kind_is_an_error(api: BotAPIStandIn) -> None:
    with pytest.raises(ValueError):
        api.inject("getMe", "timeout")


def test_stop_releases_stalls_closes_the_socket_and_leaves_no_threads() -> None:
    before = set(threading.enumerate())
    api = BotAPIStandIn(TOKEN).start()
    base_url = api.base_url
    api.inject("getMe", "stall")
    thread = threading.Thread(target=lambda: pytest.raises(OSError, raw, api, "getMe", timeout=10))
    thread.start()
    api.wait_for(lambda: api.calls("getMe"), timeout=2)
    api.stop()
    thread.join(2)
    assert not thread.is_alive()
    ours = [t for t in set(threading.enumerate()) - before if t.name == "standin-server" or "process_request" in t.name]
    assert not ours, "the stand-in's server and request threads end with stop()"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base_url}{TOKEN}/getMe", timeout=1)


# --- flood limits ---

def test_flood_limits_a_private_chat_to_a_short_burst_then_one_per_second() -> None:
    with BotAPIStandIn(TOKEN, flood_limits=True) as api:
        api.send_text(USER, "hi")
        for _ in range(3):
            send(api, "x")
        status, body = call(api, "sendMessage", {"chat_id": USER, "text": "x"})
        assert (status, body["parameters"]) == (429, {"retry_after": 1})
        assert (api.sends_accepted, api.sends_throttled) == (3, 1)
        assert api.calls("sendMessage")[-1]["fault"] == "flood"
        time.sleep(1.05)
        send(api, "x")


def test_flood_limits_a_group_to_20_a_minute() -> None:
    with BotAPIStandIn(TOKEN, flood_limits=True) as api:
        api.send_text(GROUP, "hi", user_id=USER)
        for _ in range(20):
            send(api, "x", chat_id=GROUP)
        status, body = call(api, "sendMessage", {"chat_id": GROUP, "text": "x"})
        assert status == 429 and 58 <= body["parameters"]["retry_after"] <= 60
        assert body["description"] == f"Too Many Requests: retry after {body['parameters']['retry_after']}"


def test_flood_limits_all_sends_to_30_a_second() -> None:
    with BotAPIStandIn(TOKEN, flood_limits=True) as api:
        for chat_id in range(1, 32):
            api.send_text(chat_id, "hi")
        statuses = [call(api, "sendMessage", {"chat_id": c, "text": "x"})[0] for c in range(1, 32)]
        assert statuses.count(200) == 30 and statuses[-1] == 429
        assert (api.sends_accepted, api.sends_throttled) == (30, 1)


# --- python-telegram-bot against the stand-in ---

def test_python_telegram_bot_understands_the_stand_in(api: BotAPIStandIn,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # retry_after as a timedelta, PTB's future default
    async def scenario() -> None:
        async with telegram.Bot(TOKEN, base_url=api.base_url) as bot:
            assert (bot.id, bot.username) == (BOT_ID, "kscity_faq_bot")
            api.send_text(USER, "/start")
            updates = await bot.get_updates(timeout=1)
            assert updates[0].message.text == "/start"
            assert updates[0].message.entities[0].type == "bot_command"
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("자세히", callback_data="faq:1")]])
            sent = await bot.send_message(USER, "<b>회의</b> &amp; 협의체", parse_mode="HTML",
                                          reply_markup=markup)
            assert (sent.text, sent.entities[0].type, sent.reply_markup) == ("회의 & 협의체", "bold", markup)

            api.inject("sendMessage", "429", retry_after=3)
            with pytest.raises(RetryAfter) as flood:
                await bot.send_message(USER, "x")
            assert flood.value.retry_after == dtm.timedelta(seconds=3)
            api.inject("sendMessage", "502")
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.send_message(USER, "x")
            api.inject("sendMessage", "drop")
            with pytest.raises(NetworkError):
                await bot.send_message(USER, "x")
            with pytest.raises(BadRequest, match='(?i)unsupported start tag "p" at byte offset 0'):
                await bot.send_message(USER, "<p>x</p>", parse_mode="HTML")
            assert (await bot.send_message(USER, "after faults")).message_id == sent.message_id + 1
        with pytest.raises(InvalidToken):
            await telegram.Bot("999:WRONG", base_url=api.base_url).get_me()

    asyncio.run(scenario())
