"""A strict fake Telegram Bot API server on 127.0.0.1, for driving the real PTB Application.

It speaks the wire format PTB uses (`POST /bot<token>/<method>`, form-encoded, JSON-encoded
non-string values) and refuses what Telegram refuses: text over 4096 characters after entity
parsing, broken HTML, callback_data outside 1-64 bytes, unknown chats and messages, answering a
callback query twice. Tests queue updates (served by getUpdates), then read the calls the bot made.
A 429 with retry_after, or any other error, can be ordered for the next calls of a method.
Files users send (`document`) are served as Telegram serves them: getFile answers a `file_path`,
and `GET /file/bot<token>/<file_path>` the bytes (bots may download files up to 20 MB).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import PurePosixPath
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
BOT_USERNAME = "scamcheck_test_bot"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses larger files
ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's GroupAnonymousBot

_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_HTML = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>\s[^<>]*)?>"
    r"|&(?P<ent>#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);"
    r"|(?P<stray>[<>&])"
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_JSON_PARAMS = {
    "reply_markup",
    "commands",
    "scope",
    "reply_parameters",
    "entities",
    "allowed_updates",
    "link_preview_options",
}


class ApiError(Exception):
    """What Telegram answers with ok=false."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def parse_html(text: str) -> str:
    """The plain text Telegram would show, or ApiError(400) where Telegram refuses the markup."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _HTML.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        offset = len(text[: m.start()].encode())
        if m["stray"]:
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: unexpected {m['stray']!r}"
                f" at byte offset {offset}",
            )
        if m["ent"]:
            out.append(unescape(m.group(0)))
        elif m["close"]:
            if not stack or stack.pop() != m["tag"].lower():
                raise ApiError(
                    400,
                    f"Bad Request: can't parse entities: unexpected end tag"
                    f" at byte offset {offset}",
                )
        elif m["tag"].lower() not in _TAGS:
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: unsupported start tag"
                f' "{m["tag"]}" at byte offset {offset}',
            )
        else:
            stack.append(m["tag"].lower())
    if stack:
        raise ApiError(
            400,
            f"Bad Request: can't parse entities: can't find end tag"
            f' corresponding to start tag "{stack[-1]}"',
        )
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    result: Any = None
    error: str | None = None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or url) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (b["text"], b.get("callback_data") or b.get("url", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]


@dataclass
class Failure:
    code: int
    description: str
    retry_after: int | None
    times: int


_UPDATE_IDS = itertools.count(1)


class FakeTelegram:
    """The fake server and the state Telegram would keep: chats, messages, callback queries."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.members: dict[tuple[int, int], str] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}  # file_id -> content
        self._file_names: dict[str, str] = {}  # file_id -> the name it was sent under
        self._file_paths: dict[str, str] = {}  # file_path -> file_id, once getFile named it
        self._file_ids = itertools.count(1)
        self._updates: list[dict[str, Any]] = []
        # Telegram never gives one bot the same update id twice (the bot drops repeats): every
        # fake shares one sequence, so a second fake of the same bot (a replica, a restart)
        # goes on from the first one's ids.
        self._update_ids = _UPDATE_IDS
        self._message_ids = itertools.count(1000)
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._failures: dict[str, list[Failure]] = {}
        self._consumed: set[int] = set()
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.last_update_id = 0
        self.confirmed = 0
        self.port = 0

    # --- running --------------------------------------------------------------------------

    async def start(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def release(self) -> None:
        """Ends long polls at once (the bot is shutting down), instead of at their timeout."""
        self._closing = True
        await self._notify()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(ApiError(401, "Unauthorized"))
        method = request.match_info["method"]
        call = Call(method, await _params(request))
        try:
            self._maybe_fail(method)
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            if method == "getUpdates":
                return web.json_response({"ok": True, "result": await handler(call.params)})
            call.result = handler(call.params)
            return web.json_response({"ok": True, "result": call.result})
        except ApiError as e:
            call.error = e.description
            return _error(e)
        finally:
            if method != "getUpdates":
                self.calls.append(call)
                await self._notify()

    async def _download(self, request: web.Request) -> web.Response:
        """GET /file/bot<token>/<file_path>: a file's bytes, for a path getFile gave out."""
        if request.match_info["token"] != TOKEN:
            return _error(ApiError(401, "Unauthorized"))
        file_id = self._file_paths.get(request.match_info["path"])
        if file_id is None:
            return _error(ApiError(404, "Not Found"))
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    def _maybe_fail(self, method: str) -> None:
        queue = self._failures.get(method)
        if not queue:
            return
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        raise ApiError(failure.code, failure.description, failure.retry_after)

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    # --- what tests do --------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        code: int = 429,
        description: str = "",
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Makes the next `times` calls of method fail like Telegram does (429: flood wait)."""
        if code == 429 and retry_after is None:
            retry_after = 1
        text = description or (
            f"Too Many Requests: retry after {retry_after}" if code == 429 else "Bad Request"
        )
        self._failures.setdefault(method, []).append(Failure(code, text, retry_after, times))

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queues an update for getUpdates; gives it its update_id."""
        update = {"update_id": next(self._update_ids), **update}
        self.last_update_id = update["update_id"]
        message = update.get("message")
        if message is not None:
            self.chats[message["chat"]["id"]] = message["chat"]
            self.messages[(message["chat"]["id"], message["message_id"])] = message
        if "callback_query" in update:
            self._open_queries.add(update["callback_query"]["id"])
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update

    async def next_call(
        self, method: str, chat_id: int | None = None, timeout: float = 5.0
    ) -> Call:
        """The oldest successful call of method (to chat_id) not handed out yet; waits for it."""
        assert self._changed is not None
        async with asyncio.timeout(timeout), self._changed:
            while True:
                for i, call in enumerate(self.calls):
                    if i in self._consumed or call.method != method or call.error:
                        continue
                    if chat_id is None or str(call.params.get("chat_id")) == str(chat_id):
                        self._consumed.add(i)
                        return call
                await self._changed.wait()

    def pending(self, method: str | None = None) -> list[Call]:
        """Successful calls not handed out yet (of one method)."""
        return [
            c
            for i, c in enumerate(self.calls)
            if i not in self._consumed and not c.error and (method is None or c.method == method)
        ]

    # --- Bot API methods ------------------------------------------------------------------

    def api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Scam Check",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
        self.confirmed = max(self.confirmed, offset - 1)  # the bot has every update up to here
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and not self._closing:
            assert self._changed is not None
            timeout = float(params.get("timeout", 0))
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait(), timeout)
                except TimeoutError:
                    return []
        return [u for u in self._updates if u["update_id"] >= offset][:limit]

    def api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100")
        for c in commands:
            if not _COMMAND.match(c.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        lang = params.get("language_code", "")
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
        scope = (params.get("scope") or {}).get("type", "default")
        self.commands[(scope, lang)] = commands
        return True

    def api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        return True

    def api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        plain = self._text(params)
        _check_markup(params.get("reply_markup"))
        self._check_reply(chat["id"], params)
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.api_getMe({}),
            "text": plain,
            "_html": params["text"],
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat["id"], message["message_id"])] = message
        return _public(message)

    def api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params)
        plain = self._text(params)
        _check_markup(params.get("reply_markup"))
        markup = params.get("reply_markup")
        if params["text"] == message["_html"] and markup == message.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message"
                " content and reply markup are exactly the same",
            )
        message.update(text=plain, _html=params["text"], edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return _public(message)

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params)
        markup = params.get("reply_markup")
        _check_markup(markup)
        if markup == message.get("reply_markup") or (not markup and "reply_markup" not in message):
            raise ApiError(400, "Bad Request: message is not modified")
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return _public(message)

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired"
                " or query ID is invalid",
            )
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        size = len(self.files[file_id])
        if size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        suffix = PurePosixPath(self._file_names.get(file_id, "")).suffix
        path = f"documents/file_{file_id.removeprefix('doc')}{suffix}"
        self._file_paths[path] = file_id
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": size,
            "file_path": path,
        }

    def api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        user_id = int(params["user_id"])
        status = self.members.get((chat["id"], user_id), "member")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        return _member(status, user)

    # --- strictness -----------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.chats[int(params["chat_id"])]
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def _text(self, params: dict[str, Any]) -> str:
        text = params.get("text")
        if not isinstance(text, str):
            raise ApiError(400, "Bad Request: message text is empty")
        mode = params.get("parse_mode")
        if mode not in (None, "HTML"):
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in this fake")
        plain = parse_html(text) if mode == "HTML" else text
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(plain) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return plain

    def _check_reply(self, chat_id: int, params: dict[str, Any]) -> None:
        reply = params.get("reply_parameters")
        if not reply:
            return
        if (chat_id, int(reply["message_id"])) not in self.messages and not reply.get(
            "allow_sending_without_reply"
        ):
            raise ApiError(400, "Bad Request: message to be replied not found")

    def _own_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        message = self.messages.get((chat["id"], int(params.get("message_id", 0))))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != BOT_ID:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    # --- update builders ------------------------------------------------------------------

    def user(self, user_id: int, language_code: str | None = "en", **extra: Any) -> dict[str, Any]:
        """A Telegram user (a dict as in updates)."""
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", **extra}
        if language_code:
            user["language_code"] = language_code
        return user

    def message(
        self,
        user: dict[str, Any],
        text: str = "",
        *,
        chat: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        caption: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """Queues a message from user (private unless chat is given); commands get an entity."""
        chat = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            **extra,
        }
        if entities is None and text.startswith("/"):
            entities = [
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": len(text.split()[0].encode("utf-16-le")) // 2,
                }
            ]
        if caption:
            message.update(caption=text, caption_entities=entities or [])
            if "document" not in message:  # a caption belongs to a photo unless said otherwise
                message.setdefault("photo", [_photo()])
        elif text:
            message.update(text=text, entities=entities or [])
        return self.push({"message": message})["message"]  # type: ignore[no-any-return]

    def document(
        self,
        user: dict[str, Any],
        name: str,
        data: bytes,
        mime: str,
        *,
        caption: str = "",
        chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queues a document sent by user (in a private chat unless chat is given)."""
        file_id = f"doc{next(self._file_ids)}"
        self.files[file_id], self._file_names[file_id] = data, name
        doc = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data),
        }
        return self.message(user, caption, chat=chat, caption=bool(caption), document=doc)

    def photo(
        self, user: dict[str, Any], data: bytes, *, caption: str = "", **extra: Any
    ) -> dict[str, Any]:
        """Queues a photo sent by user, downloadable like a document (album: media_group_id)."""
        file_id = f"doc{next(self._file_ids)}"
        self.files[file_id], self._file_names[file_id] = data, "photo.jpg"
        size = {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800,
                "height": 600, "file_size": len(data)}  # fmt: skip
        return self.message(user, caption, caption=bool(caption), photo=[size], **extra)

    def click(self, user: dict[str, Any], message: dict[str, Any] | Call, data: str) -> str:
        """Queues a button press on a message the bot sent; returns the callback query id."""
        if isinstance(message, Call):
            message = self.sent_message(message)
        query_id = f"q{next(self._query_ids)}"
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": "ci1",
            "data": data,
            "message": _public(message),
        }
        self.push({"callback_query": query})
        return query_id

    def sent_message(self, call: Call) -> dict[str, Any]:
        """The message as Telegram keeps it now, from the call that sent or edited it."""
        if not isinstance(call.result, dict):
            raise KeyError(f"{call.method} did not produce a message: {call.error}")
        return self.messages[(call.result["chat"]["id"], call.result["message_id"])]


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if not k.startswith("_")}


def _photo() -> dict[str, Any]:
    return {"file_id": "photo1", "file_unique_id": "p1", "width": 90, "height": 90}


def _check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            {
                k: False
                for k in (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                )
            }
        )
    return member


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        params[key] = (
            json.loads(value) if key in _JSON_PARAMS and isinstance(value, str) else value
        )
    return params


def _error(e: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": e.code, "description": e.description}
    if e.retry_after is not None:
        body["parameters"] = {"retry_after": e.retry_after}
    return web.json_response(body, status=e.code)
