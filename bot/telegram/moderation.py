"""Admins', moderators' and police officers' commands and buttons in the bot.

Every privileged handler asks `Staff.allowed` first: someone without the role, or a forged
button, gets a refusal and an audit record, nothing else. Commands work in private chats only
(queue items carry evidence, tokens are secrets). This module holds the shared checks, roles,
tokens and the review queue; `bot.telegram.curation` holds the knowledge-base commands.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.moderation import PUBLISH_MODES, ROLES, SCOPES, can
from bot.render import catalog, t
from bot.settings import Settings
from bot.store import Store
from bot.store.moderation import Decision, QueueItem, ReviewError, RoleGrant
from bot.telegram.common import TYPED

PATTERN = r"^mq:"  # every queue button; a forged one is refused and audited here
_BUTTON = re.compile(r"^mq:([armo]):(\d{1,12})$")
QUEUE_PAGE = 5
PRIVATE = filters.ChatType.PRIVATE
# Commands in new private messages the user typed (TYPED): an old message edited into
# "/grant 50 admin" runs nothing, and neither does a forwarded one.
COMMANDS = PRIVATE & TYPED
Context = ContextTypes.DEFAULT_TYPE


# ASCII digits that fit SQLite's 64-bit integers, not 0: no user, report, token or audit id is 0
_NUMBER = re.compile(r"#?0{0,18}([1-9][0-9]{0,17})")


def number(arg: str) -> int | None:
    """An id typed in a command ("42" or "#42"), or None: str.isdigit() also takes "²", which
    int() refuses, SQLite refuses ids over 2**63, and 0 is nobody's id ('/grant 0 moderator'
    gave a role to no one)."""
    m = _NUMBER.fullmatch(arg)
    return int(m[1]) if m else None


def actor(user: User | None) -> str:
    """How a Telegram user is named in the audit log (as the rest of the bot names them)."""
    return f"telegram:{user.id}" if user else "telegram:unknown"


@dataclass
class Staff:
    """What every moderation handler shares: the store, the settings, the role check."""

    store: Store
    settings: Settings
    cache: dict[str, Any] = field(default_factory=dict)  # e.g. the benign sample, read once

    def lang(self, user: User | None) -> str:
        saved = self.store.get_user_settings(user.id) if user else None
        if saved is not None:
            return saved.lang
        code = (user.language_code or "") if user else ""
        return "zh-HK" if code.startswith("zh") else "en"

    def say(self, who: User | None, key: str, /, **params: Any) -> str:
        """A catalog entry in the user's language, escaped for Telegram HTML."""
        lang = self.lang(who)
        # Formatted here, not with render.t: our texts use {lang} as a placeholder too.
        text = catalog(lang).get(key) or catalog("en").get(key) or key
        text = text.format(**{k: str(v) for k, v in params.items()})
        return html.escape(text, quote=False)

    async def reply(self, update: Update, text: str, markup: Any = None) -> None:
        if (msg := update.effective_message) is not None:
            await msg.reply_text(_cut(text), parse_mode=ParseMode.HTML, reply_markup=markup)

    async def allowed(self, update: Update, action: str, detail: str = "") -> RoleGrant | None:
        """The user's role if it allows action; otherwise a refusal and an audit record."""
        user = update.effective_user
        grant = self.store.role_of(user.id) if user else None
        if can(grant.role if grant else None, action):
            return grant
        who = actor(user)
        await self.store.write_async(lambda w: w.record_refusal(who, action, detail))
        if (query := update.callback_query) is not None:
            await query.answer(t(self.lang(user), "mod.refused"), show_alert=True)
        else:
            await self.reply(update, self.say(user, "mod.refused"))
        return None

    async def usage(self, update: Update, command: str) -> None:
        await self.reply(update, self.say(update.effective_user, f"mod.usage.{command}"))

    async def failed(self, update: Update, error: Exception) -> None:
        await self.reply(update, self.say(update.effective_user, "mod.error", error=error))


# --- who is who ------------------------------------------------------------------------------


@dataclass
class Roles:
    staff: Staff

    async def whoami(self, update: Update, context: Context) -> None:
        """Tells anyone their Telegram id and role: what an admin needs to grant one."""
        user = update.effective_user
        if user is None:
            return
        grant = self.staff.store.role_of(user.id)
        role = _role_text(grant) if grant else t(self.staff.lang(user), "mod.role.none")
        await self.staff.reply(update, self.staff.say(user, "mod.whoami", id=user.id, role=role))

    async def show_help(self, update: Update, context: Context) -> None:
        """The moderation commands the user's role may use."""
        if (grant := await self.staff.allowed(update, "stats", "/modhelp")) is None:
            return
        await self.staff.reply(
            update, self.staff.say(update.effective_user, f"mod.help.{grant.role}")
        )

    async def grant(self, update: Update, context: Context) -> None:
        """/grant <user id> <role> [ORGANISATION REGION] [reason]: admins give roles."""
        if await self.staff.allowed(update, "grant", "/grant") is None:
            return
        args = context.args or []
        user_id = number(args[0]) if args else None
        if len(args) < 2 or user_id is None or args[1] not in ROLES:
            return await self.staff.usage(update, "grant")
        if user_id in self.staff.settings.admins and args[1] != "admin":
            text = self.staff.say(update.effective_user, "mod.config_admin", user=args[0])
            return await self.staff.reply(update, text)
        org, region, rest = "", "", args[2:]
        if args[1] == "police":
            if len(rest) < 2:
                return await self.staff.usage(update, "grant")
            org, region, rest = rest[0], rest[1], rest[2:]
            if region.upper() not in (known := self.staff.store.region_codes()):
                text = self.staff.say(
                    update.effective_user,
                    "mod.unknown_region",
                    region=region,
                    regions=", ".join(known),
                )
                return await self.staff.reply(update, text)
        try:
            role, who, why = args[1], actor(update.effective_user), " ".join(rest) or "/grant"
            grant = await self.staff.store.write_async(
                lambda w: w.grant_role(user_id, role, who, why, organisation=org, region=region)
            )
        except ValueError as e:
            return await self.staff.failed(update, e)
        text = self.staff.say(
            update.effective_user, "mod.granted", user=args[0], role=_role_text(grant)
        )
        await self.staff.reply(update, text)

    async def revoke(self, update: Update, context: Context) -> None:
        """/revoke <user id> [reason]: admins take a role away."""
        if await self.staff.allowed(update, "grant", "/revoke") is None:
            return
        args = context.args or []
        user_id, user = number(args[0]) if args else None, update.effective_user
        if user_id is None:
            return await self.staff.usage(update, "revoke")
        if user_id in self.staff.settings.admins:
            return await self.staff.reply(
                update, self.staff.say(user, "mod.config_admin", user=user_id)
            )
        who, why = actor(user), " ".join(args[1:]) or "/revoke"
        done = await self.staff.store.write_async(lambda w: w.revoke_role(user_id, who, why))
        await self.staff.reply(
            update, self.staff.say(user, "mod.revoked" if done else "mod.no_role", user=user_id)
        )

    async def organisation(self, update: Update, context: Context) -> None:
        """/org [new] <ORGANISATION> [REGION] <live|review> [reason]: how a police force's
        submissions publish; `new` adds an organisation (in REGION, where its officers work),
        which is otherwise refused as unknown."""
        if await self.staff.allowed(update, "organisation", "/org") is None:
            return
        args, region = context.args or [], ""
        create = len(args) > 2 and args[0].lower() == "new"
        if create and len(args) > 3 and args[2] not in PUBLISH_MODES:
            # the region comes before the mode, so that a reason is never read as one
            region, args = args[2], [args[1], *args[3:]]
        elif create:
            args = args[1:]
        if len(args) < 2 or args[1] not in PUBLISH_MODES:
            return await self.staff.usage(update, "org")
        user = update.effective_user
        try:
            name, mode, who, why = args[0], args[1], actor(user), " ".join(args[2:]) or "/org"
            org = await self.staff.store.write_async(
                lambda w: w.set_publish_mode(name, mode, who, why, create=create, region=region)
            )
        except ValueError as e:
            return await self.staff.failed(update, e)
        await self.staff.reply(
            update, self.staff.say(user, f"mod.org.{org.publish_mode}", org=org.id)
        )

    async def token(self, update: Update, context: Context) -> None:
        """/token create <ORG> [scopes] [label] | revoke <id> [reason] | list: API tokens."""
        if await self.staff.allowed(update, "token", "/token") is None:
            return
        args = context.args or []
        sub, rest = (args[0], args[1:]) if args else ("", [])
        if sub == "create" and rest:
            return await self._create_token(update, rest)
        if sub == "revoke" and rest and (token_id := number(rest[0])) is not None:
            reason = " ".join(rest[1:]) or "/token revoke"
            who = actor(update.effective_user)
            done = await self.staff.store.write_async(
                lambda w: w.revoke_token(token_id, who, reason)
            )
            key = "mod.token.revoked" if done else "mod.token.not_found"
            return await self.staff.reply(
                update, self.staff.say(update.effective_user, key, id=rest[0])
            )
        if sub == "list":
            return await self._list_tokens(update)
        await self.staff.usage(update, "token")

    async def _create_token(self, update: Update, args: list[str]) -> None:
        org, rest = args[0], args[1:]
        scopes = (
            rest.pop(0).split(",") if rest and rest[0].startswith("reported:") else list(SCOPES)
        )
        user = update.effective_user
        try:
            who, label = actor(user), " ".join(rest)
            issued = await self.staff.store.write_async(
                lambda w: w.create_token(org, scopes, who, "/token create", label=label)
            )
        except ValueError as e:
            return await self.staff.failed(update, e)
        text = self.staff.say(
            user,
            "mod.token.created",
            id=issued.id,
            org=issued.organisation,
            scopes=", ".join(issued.scopes),
        )
        await self.staff.reply(update, f"{text}\n\n<code>{html.escape(issued.token)}</code>")

    async def _list_tokens(self, update: Update) -> None:
        user = update.effective_user
        lines = [
            self.staff.say(
                user,
                "mod.token.line",
                id=tok.id,
                org=tok.organisation,
                scopes=", ".join(tok.scopes),
                label=tok.label or "-",
                state=tok.revoked_at or "live",
            )
            for tok in self.staff.store.tokens()
        ]
        await self.staff.reply(update, "\n".join(lines) or self.staff.say(user, "mod.token.none"))


def _cut(text: str, limit: int = 4000) -> str:
    """Text under Telegram's limit, never cut inside an HTML entity such as &amp;."""
    return text if len(text) <= limit else re.sub(r"&#?\w*$", "", text[:limit]) + "…"


def _role_text(grant: RoleGrant) -> str:
    where = f" ({grant.organisation}, {grant.region})" if grant.organisation else ""
    return f"{grant.role}{where}"


# --- the review queue ------------------------------------------------------------------------


@dataclass
class Queue:
    staff: Staff

    async def show(self, update: Update, context: Context) -> None:
        """/queue: the oldest pending indicators, each with its evidence and buttons."""
        if (grant := await self.staff.allowed(update, "queue", "/queue")) is None:
            return
        store, user = self.staff.store, update.effective_user
        admin = can(grant.role, "override")
        items = store.review_queue(QUEUE_PAGE)
        if not items:
            return await self.staff.reply(update, self.staff.say(user, "mod.queue.empty"))
        flagged = len(store.flagged_reporters())
        header = self.staff.say(
            user, "mod.queue.header", count=store.queue_size(), flagged=flagged
        )
        await self.staff.reply(update, header)
        for item in items:
            markup = self.buttons(user, item, admin)
            await self.staff.reply(update, self.item_text(user, item), markup)

    def item_text(self, user: User | None, item: QueueItem) -> str:
        say = self.staff.say
        cats = ", ".join(f"{c} ×{n}" for c, n in item.categories.items())
        lines = [
            say(
                user,
                "mod.queue.item",
                id=item.report_id,
                kind=item.kind,
                value=item.value,
                category=item.category,
                categories=cats,
                reporters=item.reporters,
                first=item.first_at[:10],
            )
        ]
        if item.source == "police":
            lines.append(
                say(
                    user,
                    "mod.queue.police",
                    org=item.organisation,
                    reference=item.reference or "-",
                )
            )
        if item.listed:
            lines.append(
                say(
                    user,
                    "mod.queue.listed",
                    category=item.listed["category"],
                    source=item.listed["source"],
                    reports=item.listed["reports"],
                )
            )
        if item.official:
            lines.append(say(user, "mod.queue.official", brand=item.official))
        lines += [f"• {html.escape(note[:300])}" for note in item.notes]
        return "\n".join(lines)

    def buttons(self, user: User | None, item: QueueItem, admin: bool) -> InlineKeyboardMarkup:
        """Approve, reject, merge (if already live); on an official list, only admins override."""
        lang, rid = self.staff.lang(user), item.report_id
        row = [
            (t(lang, "mod.button.approve"), f"mq:a:{rid}"),
            (t(lang, "mod.button.reject"), f"mq:r:{rid}"),
        ]
        if item.listed:
            row.append((t(lang, "mod.button.merge"), f"mq:m:{rid}"))
        if item.official and admin:
            row[0] = (t(lang, "mod.button.override"), f"mq:o:{rid}")
        elif item.official:
            row.pop(0)
        return InlineKeyboardMarkup([[InlineKeyboardButton(x, callback_data=d) for x, d in row]])

    async def press(self, update: Update, context: Context) -> None:
        """A queue button: approve, reject, merge, or an admin's override of the official list."""
        query, user = update.callback_query, update.effective_user
        if query is None:
            return
        match = _BUTTON.match(query.data or "")
        action = "override" if match and match[1] == "o" else "decide"
        if await self.staff.allowed(update, action, query.data or "") is None:
            return
        if match is None:
            await query.answer(t(self.staff.lang(user), "mod.button.unknown"))
            return
        try:
            decision = await self.decide(match[1], int(match[2]), actor(user))
        except ReviewError as e:
            await query.answer(str(e)[:200], show_alert=True)
            return
        result = self.result_text(user, decision)
        await query.answer(html.unescape(result)[:200])
        if query.message is not None and hasattr(query.message, "text"):
            await query.edit_message_text(
                f"{html.escape(query.message.text or '')}\n\n{result}", parse_mode=ParseMode.HTML
            )

    async def decide(
        self, letter: str, report_id: int, who: str, category: str | None = None, reason: str = ""
    ) -> Decision:
        """Rejects, merges or approves a report, in the store's writer thread."""

        def write(store: Store) -> Decision:
            if letter == "r":
                return store.reject_report(report_id, who, reason or "rejected from /queue")
            if letter == "m":
                return store.merge_report(report_id, who, reason or "merged from /queue")
            return store.approve_report(
                report_id,
                who,
                reason or "approved from /queue",
                category=category,
                override=letter == "o",
            )

        return await self.staff.store.write_async(write)

    def result_text(self, user: User | None, d: Decision) -> str:
        return self.staff.say(
            user,
            f"mod.decided.{d.status}",
            id=d.ids[0],
            count=len(d.ids),
            audit=d.audit_id,
            detail=d.detail,
        )

    async def approve(self, update: Update, context: Context) -> None:
        """/approve <id> [category] [reason]: publish, with another category if need be."""
        await self._decide_command(update, context, "a")

    async def reject(self, update: Update, context: Context) -> None:
        """/reject <id> [reason]: the report was wrong."""
        await self._decide_command(update, context, "r")

    async def _decide_command(self, update: Update, context: Context, letter: str) -> None:
        if await self.staff.allowed(update, "decide", f"/{letter}") is None:
            return
        args = context.args or []
        report_id = number(args[0]) if args else None
        if report_id is None:
            return await self.staff.usage(update, "approve" if letter == "a" else "reject")
        rest = args[1:]
        category = (
            rest.pop(0)
            if letter == "a" and rest and rest[0] in self.staff.store.category_ids()
            else None
        )
        try:
            decision = await self.decide(
                letter, report_id, actor(update.effective_user), category, " ".join(rest)
            )
        except ReviewError as e:
            return await self.staff.failed(update, e)
        await self.staff.reply(update, self.result_text(update.effective_user, decision))

    async def merge(self, update: Update, context: Context) -> None:
        """/merge <id> <other id | kind value> [reason]: fold a duplicate into another item."""
        if await self.staff.allowed(update, "decide", "/merge") is None:
            return
        args, store = context.args or [], self.staff.store
        report_id = number(args[0]) if args else None
        if len(args) < 2 or report_id is None:
            return await self.staff.usage(update, "merge")
        try:
            if (other_id := number(args[1])) is not None:
                other = store.queue_item(other_id)
                if other is None:
                    raise ReviewError(f"#{args[1]} is not waiting in the queue")
                into, rest = (other.kind, other.value), args[2:]
            elif len(args) >= 3:
                into, rest = (args[1], args[2]), args[3:]
            else:
                return await self.staff.usage(update, "merge")
            who, why = actor(update.effective_user), " ".join(rest)
            decision = await store.write_async(
                lambda w: w.merge_report(report_id, who, why, into=into)
            )
        except ReviewError as e:
            return await self.staff.failed(update, e)
        await self.staff.reply(update, self.result_text(update.effective_user, decision))


# --- the composition ---------------------------------------------------------------------------


def moderation_handlers(store: Store, settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """Every moderation handler; makes the configured first admins admins."""
    from bot.telegram.curation import Curation, StaffDocuments
    from bot.telegram.examples import Examples

    store.bootstrap_admins(settings.admins)
    staff = Staff(store, settings)
    roles, queue, kb = Roles(staff), Queue(staff), Curation(staff)
    commands = {
        "whoami": roles.whoami,
        "modhelp": roles.show_help,
        "grant": roles.grant,
        "revoke": roles.revoke,
        "org": roles.organisation,
        "token": roles.token,
        "queue": queue.show,
        "approve": queue.approve,
        "reject": queue.reject,
        "merge": queue.merge,
        "phrase": kb.phrase,
        "reported": kb.reported,
        "revert": kb.revert,
        "stats": kb.stats,
        "example": Examples(staff).example,
    }
    return [
        *(CommandHandler(name, fn, COMMANDS) for name, fn in commands.items()),
        CallbackQueryHandler(queue.press, pattern=PATTERN),
        # Only staff's CSV/JSON files are uploads; anyone else's document goes on to the checks.
        kb.upload_handler(StaffDocuments(store)),
    ]


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
