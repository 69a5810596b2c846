"""Keeping the knowledge base current from the bot: phrases, reported indicators, police
uploads, reverts and the figures of /stats. The shared role checks live in moderation.py.
"""

from __future__ import annotations

import datetime as dt
import html
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Document, Update, User
from telegram import Message as TgMessage
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from bot.knowledge import LANGS, KnowledgeError
from bot.moderation import (
    MAX_BULK_BYTES,
    REVERT_NEEDS,
    BenignMessage,
    BulkRow,
    DryRunHit,
    LineError,
    RowRules,
    benign_sample,
    bulk_format,
    can,
    check_row,
    dry_run,
    guess_lang,
    hold_false_positives,
    indicator_key,
    knowledge_file,
    parse_bulk,
    read_knowledge_file,
)
from bot.store import Store
from bot.store.moderation import RevertError, RoleGrant, RowResult, SubmitOutcome
from bot.store.roles import record_organisation
from bot.telegram.moderation import PRIVATE, Staff, actor, number, today

Context = ContextTypes.DEFAULT_TYPE
MAX_SHOWN = 15  # lines of errors, hits or history in one reply


class StaffDocuments(filters.MessageFilter):
    """A CSV or JSON document sent by someone with a moderation role."""

    def __init__(self, store: Store) -> None:
        super().__init__(name="StaffDocuments")
        self.store = store

    def filter(self, message: TgMessage) -> bool:
        doc, user = message.document, message.from_user
        if doc is None or user is None:
            return False
        name = doc.file_name or ""
        if bulk_format(name, doc.mime_type or "") is None and not knowledge_file(name):
            return False
        return self.store.role_of(user.id) is not None


@dataclass
class Curation:
    staff: Staff

    # --- shared ---------------------------------------------------------------------------

    def rules(self, grant: RoleGrant) -> RowRules:
        """What this person's submissions are checked against."""
        police = grant.role == "police"
        org = self.staff.store.organisation(grant.organisation) if police else None
        region = grant.region or (org.region if org else "") or self.staff.settings.default_region
        return RowRules(
            categories=self.staff.store.category_ids(),
            region=region,
            organisation=grant.organisation if police else "",
            require_reference=police,
        )

    async def submit(
        self,
        grant: RoleGrant,
        user: User | None,
        rows: list[BulkRow],
        *,
        override: bool = False,
        unit: str = "line",
    ) -> SubmitOutcome:
        """Police rows publish as their organisation is set, moderators' at once; phrases that
        flag benign messages wait for review whoever sends them."""
        police = grant.role == "police"
        live = not police or self.staff.store.publish_mode(grant.organisation) == "live"
        how: dict[str, Any] = {
            "source": "police" if police else "moderator",
            "organisation": grant.organisation if police else "",
            "override": override,
            "unit": unit,
        }
        rows, held = hold_false_positives(rows, self.sample())
        return await self.staff.store.submit_rows_async(
            rows, actor(user), live=live, held=held, **how
        )

    def sample(self) -> tuple[BenignMessage, ...]:
        """The stored benign sample phrases are tried against."""
        return benign_sample(self.staff.settings.knowledge_dir)

    # --- phrases --------------------------------------------------------------------------

    async def phrase(self, update: Update, context: Context) -> None:
        """/phrase add|disable <category> [lang] <text> | dryrun [lang] <text>."""
        if (grant := await self.staff.allowed(update, "phrase", "/phrase")) is None:
            return
        args = context.args or []
        sub, rest = (args[0], args[1:]) if args else ("", [])
        if sub == "dryrun" and rest:
            lang, text = _lang_and_text(rest)
            return await self._dry_run(update, text, lang)
        if sub not in ("add", "disable") or len(rest) < 2:
            return await self.staff.usage(update, "phrase")
        category, (lang, text) = rest[0], _lang_and_text(rest[1:])
        if category not in self.staff.store.category_ids():
            return await self.staff.failed(update, ValueError(f"unknown category {category!r}"))
        if sub == "disable":
            return await self._disable_phrase(update, grant, category, lang, text)
        await self._add_phrase(update, grant, category, lang, text)

    async def _dry_run(self, update: Update, text: str, lang: str) -> None:
        try:
            hits = dry_run(text, "dry_run", lang, self.sample())
        except ValueError as e:
            return await self.staff.failed(update, e)
        await self.staff.reply(update, self.hits_text(update.effective_user, hits))

    def hits_text(self, user: User | None, hits: list[DryRunHit]) -> str:
        total = len(self.sample())
        if not hits:
            return self.staff.say(user, "mod.dryrun.clean", total=total)
        lines = [self.staff.say(user, "mod.dryrun.hits", count=len(hits), total=total)]
        lines += [
            self.staff.say(user, "mod.dryrun.hit", id=h.message.id, text=h.message.text[:120])
            for h in hits[:MAX_SHOWN]
        ]
        return "\n".join(lines)

    async def _add_phrase(
        self, update: Update, grant: RoleGrant, category: str, lang: str, text: str
    ) -> None:
        """A new phrase goes live only if it flags nothing in the benign sample."""
        user = update.effective_user
        try:
            value, key = indicator_key("phrase", text)
            hits = dry_run(value, category, lang, self.sample())
        except ValueError as e:
            return await self.staff.failed(update, e)
        org = grant.organisation if grant.role == "police" else ""
        row = BulkRow(
            line=0,
            kind="phrase",
            value=value,
            key=key,
            category=category,
            lang=lang,
            organisation=org,
        )
        outcome = await self.submit(grant, user, [row])
        if outcome.refused:  # the poisoning guard: an official name, or too common
            return await self.staff.failed(update, ValueError(outcome.refused[0].error))
        result = outcome.results[0]
        if hits:  # false positives: a moderator decides, with the hits in front of them
            held = self.staff.say(user, "mod.phrase.held", id=result.ref)
            return await self.staff.reply(update, f"{self.hits_text(user, hits)}\n\n{held}")
        key_ = "mod.phrase.added" if result.status == "published" else "mod.phrase.queued"
        text = self.staff.say(
            user, key_, category=category, lang=lang, id=result.ref, audit=result.ref
        )
        await self.staff.reply(update, self._held_by_takedown(user, result, text))

    async def _disable_phrase(
        self, update: Update, grant: RoleGrant, category: str, lang: str, text: str
    ) -> None:
        """Police take down their own organisation's phrases only, as with indicators."""
        user, store = update.effective_user, self.staff.store
        creator = store.phrase_creator(lang, category, text)
        owner = store.police_organisation(creator or "")
        if grant.role == "police" and creator is not None and owner != grant.organisation.lower():
            said = self.staff.say(
                user, "mod.reported.not_yours", value=text, org=owner.upper() or "moderator"
            )
            return await self.staff.reply(update, said)
        who = actor(user)
        audit = await store.write_async(
            lambda w: w.last_audit_id()
            if w.disable_phrase(lang, category, text, who, "/phrase disable")
            else None
        )
        if audit is None:
            return await self.staff.reply(update, self.staff.say(user, "mod.phrase.not_found"))
        await self.staff.reply(update, self.staff.say(user, "mod.phrase.disabled", audit=audit))

    # --- reported indicators --------------------------------------------------------------

    async def reported(self, update: Update, context: Context) -> None:
        """/reported add <kind> <value> <category> [reference] | disable <kind> <value> [why]
        | history <kind> <value>."""
        action = "history" if (context.args or [""])[0] == "history" else "reported"
        if (grant := await self.staff.allowed(update, action, "/reported")) is None:
            return
        args = context.args or []
        sub, rest = (args[0], args[1:]) if args else ("", [])
        if (
            sub == "add"
            and len([a for a in rest if a != "--override"]) >= 3
            and rest[0] != "phrase"
        ):
            return await self._add_reported(update, grant, rest)
        if sub == "disable" and len(rest) >= 2:
            return await self._disable_reported(update, grant, rest)
        if sub == "history" and len(rest) >= 2:
            return await self._history(update, grant, rest[0], rest[1])
        await self.staff.usage(update, "reported")

    async def _add_reported(self, update: Update, grant: RoleGrant, args: list[str]) -> None:
        user = update.effective_user
        override = "--override" in args
        args = [a for a in args if a != "--override"]
        data = {
            "kind": args[0],
            "value": args[1],
            "category": args[2],
            "reference": " ".join(args[3:]),
        }
        try:
            row = check_row(data, 0, self.rules(grant))
        except ValueError as e:
            return await self.staff.failed(update, e)
        allowed_override = override and can(grant.role, "override")
        outcome = await self.submit(grant, user, [row], override=allowed_override)
        if outcome.refused:
            return await self.staff.failed(update, ValueError(outcome.refused[0].error))
        result = outcome.results[0]
        key = "mod.reported.added" if result.status == "published" else "mod.reported.queued"
        text = self.staff.say(
            user,
            key,
            kind=row.kind,
            value=row.value,
            category=row.category,
            id=result.ref,
            audit=result.ref,
        )
        await self.staff.reply(update, self._held_by_takedown(user, result, text))

    def _held_by_takedown(self, user: User | None, result: RowResult, text: str) -> str:
        """A queued row's reply, led by the takedown that kept it from going live."""
        if not result.takedown:
            return text
        why = self.staff.say(
            user, "mod.held_by_takedown", by=result.taken_down_by, audit=result.takedown
        )
        return f"{why}\n{text}"

    async def _disable_reported(self, update: Update, grant: RoleGrant, args: list[str]) -> None:
        user, store = update.effective_user, self.staff.store
        try:
            value, _ = indicator_key(args[0], args[1], self.rules(grant).region)
        except ValueError as e:
            return await self.staff.failed(update, e)
        row = store.find_reported(args[0], value)
        if row is None:
            return await self.staff.reply(
                update, self.staff.say(user, "mod.reported.not_found", value=value)
            )
        org = row["organisation"] or ""
        if grant.role == "police" and org.lower() != grant.organisation.lower():
            text = self.staff.say(
                user, "mod.reported.not_yours", value=value, org=org or row["source"]
            )
            return await self.staff.reply(update, text)
        kind, who, why = args[0], actor(user), " ".join(args[2:]) or "/reported disable"

        def disable(w: Store) -> int:
            w.disable_reported(kind, value, who, why)
            return w.last_audit_id()

        audit = await store.write_async(disable)
        text = self.staff.say(user, "mod.reported.disabled", value=value, audit=audit)
        await self.staff.reply(update, text)

    async def _history(self, update: Update, grant: RoleGrant, kind: str, value: str) -> None:
        """Moderators see who did what; police see other people by role, not Telegram id."""
        user, store = update.effective_user, self.staff.store
        records = store.indicator_history(kind, value)
        if grant.role == "police":
            own = grant.organisation.lower()
            for r in records:
                # as the police API shows it: another force's case reference and note, which
                # the reason quotes, stay with that force
                if record_organisation(r).lower() not in ("", own):
                    r["reason"] = ""
                r["actor"] = store.public_actor(r["actor"], grant.organisation)
        if not records:
            return await self.staff.reply(
                update, self.staff.say(user, "mod.history.empty", value=value)
            )
        lines = [self.staff.say(user, "mod.history.title", kind=kind, value=value)]
        lines += [
            self.staff.say(
                user,
                "mod.history.line",
                id=r["id"],
                at=r["at"][:16],
                actor=r["actor"],
                action=r["action"],
                reason=r["reason"] or "-",
            )
            for r in records[-MAX_SHOWN:]
        ]
        await self.staff.reply(update, "\n".join(lines))

    # --- revert and stats -----------------------------------------------------------------

    async def revert(self, update: Update, context: Context) -> None:
        """/revert <audit id> [force] [reason]: undo one audited change."""
        if (grant := await self.staff.allowed(update, "revert", "/revert")) is None:
            return
        args, store, user = context.args or [], self.staff.store, update.effective_user
        audit_id = number(args[0]) if args else None
        if audit_id is None:
            return await self.staff.usage(update, "revert")
        rest = args[1:]
        force = bool(rest) and rest[0] == "force"
        record = store.audit_record(audit_id)
        needed = REVERT_NEEDS.get(record["entity"], "revert") if record else "revert"
        if not can(grant.role, needed):
            who = actor(user)
            await store.write_async(lambda w: w.record_refusal(who, needed, f"/revert {audit_id}"))
            return await self.staff.reply(update, self.staff.say(user, "mod.refused"))
        try:
            who, why = actor(user), " ".join(rest[force:]) or "/revert"
            new = await store.write_async(lambda w: w.revert(audit_id, who, why, force=force))
        except RevertError as e:
            return await self.staff.failed(update, e)
        await self.staff.reply(
            update, self.staff.say(user, "mod.reverted", id=audit_id, audit=new)
        )

    async def stats(self, update: Update, context: Context) -> None:
        """/stats [days] [region]: checks, scams, the queue, and who reconsidered."""
        if await self.staff.allowed(update, "stats", "/stats") is None:
            return
        args = context.args or []
        typed = number(args[0]) if args else None
        days = typed if typed is not None and 0 < typed <= 3660 else 30
        region = next((a.upper() for a in args if a.isalpha() and len(a) == 2), None)
        since = today() - dt.timedelta(days=days - 1)
        s = self.staff.store.moderation_stats(since=since, region=region)
        await self.staff.reply(update, self.stats_text(update.effective_user, s, days))

    def stats_text(self, user: User | None, s: Any, days: int) -> str:
        say = self.staff.say
        checks = sum(n for _, n in s.checks_per_day)
        per_day = ", ".join(f"{d[5:]}: {n}" for d, n in s.checks_per_day[-7:]) or "-"
        cats = ", ".join(f"{c} {n}" for c, n in s.warned_by_category) or "-"
        top = ", ".join(f"{r['value']} ({r['reports']})" for r in s.top_reported) or "-"
        lines = [
            say(
                user,
                "mod.stats",
                days=days,
                region=s.region or "all",
                checks=checks,
                per_day=per_day,
                categories=cats,
                reported=top,
                queue=s.queue,
                flagged=s.flagged,
            )
        ]
        if s.reconsidered is None:
            lines.append(say(user, "mod.stats.no_outcomes"))
        for r in s.reconsidered or []:
            lines.append(
                say(
                    user,
                    "mod.stats.reconsidered",
                    region=r["region"],
                    answered=r["answered"],
                    share=f"{r['share']:.0%}",
                )
            )
        return "\n".join(lines)

    # --- bulk uploads ---------------------------------------------------------------------

    def upload_handler(self, documents: filters.MessageFilter) -> BaseHandler[Any, Any, Any]:
        return MessageHandler(filters.UpdateType.MESSAGE & PRIVATE & documents, self.upload)

    async def upload(self, update: Update, context: Context) -> None:
        """A CSV or JSON file from police or moderators: good rows go in, bad rows are listed."""
        msg, user = update.effective_message, update.effective_user
        if msg is None or (doc := msg.document) is None:
            return
        if (grant := await self.staff.allowed(update, "bulk", doc.file_name or "")) is None:
            return
        knowledge = knowledge_file(doc.file_name or "")
        # Nothing is downloaded, let alone parsed, for someone who may not load it.
        if knowledge and not can(grant.role, "knowledge"):
            self.staff.store.record_refusal(actor(user), "knowledge", doc.file_name or "")
            return await self.staff.reply(update, self.staff.say(user, "mod.refused"))
        fmt = bulk_format(doc.file_name or "", doc.mime_type or "")
        if fmt is None and not knowledge:
            return await self.staff.usage(update, "upload")
        if (doc.file_size or 0) > MAX_BULK_BYTES:  # knowledge files too: parsed on the loop
            return await self.staff.reply(
                update, self.staff.say(user, "mod.upload.too_big", max=MAX_BULK_BYTES // 1_000_000)
            )
        if knowledge or fmt is None:
            return await self._upload_knowledge(update, grant, doc)
        parsed = parse_bulk(await _download(doc), fmt, self.rules(grant))
        unit = "item" if fmt == "json" else "line"
        outcome = await self.submit(grant, user, parsed.rows, unit=unit)
        errors = sorted(parsed.errors + outcome.refused, key=lambda e: e.line)
        await self.staff.reply(
            update, self.upload_text(user, doc.file_name or fmt, outcome, errors)
        )

    async def _upload_knowledge(self, update: Update, grant: RoleGrant, doc: Document) -> None:
        """A category, region or brands file: validated with its lines, loaded, audited."""
        user, store = update.effective_user, self.staff.store
        name = Path(doc.file_name or "knowledge.yaml").name
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(await _download(doc))
            try:
                kb = read_knowledge_file(path, store.category_ids())
            except KnowledgeError as e:
                return await self.staff.failed(update, ValueError(str(e).replace(str(path), name)))
        needed = "brands" if kb.brands else "knowledge"
        if not can(grant.role, needed):
            who = actor(user)
            await store.write_async(lambda w: w.record_refusal(who, needed, name))
            return await self.staff.reply(update, self.staff.say(user, "mod.refused"))
        who, why = actor(user), f"{name} sent in Telegram"
        stats = await store.write_async(lambda w: w.load_knowledge(kb, who, why))
        if not stats.audit:  # no change of its own to revert: naming the newest one misleads
            text = self.staff.say(
                user, "mod.kbfile.unchanged", name=name, unchanged=stats.unchanged
            )
            return await self.staff.reply(update, text)
        text = self.staff.say(
            user,
            "mod.kbfile.result",
            name=name,
            added=stats.added,
            changed=stats.changed,
            unchanged=stats.unchanged,
            audit=stats.audit,
        )
        await self.staff.reply(update, text)

    def upload_text(
        self, user: User | None, name: str, outcome: SubmitOutcome, errors: list[LineError]
    ) -> str:
        say = self.staff.say
        lines = [
            say(
                user,
                "mod.upload.result",
                name=name,
                published=outcome.count("published"),
                queued=outcome.count("queued"),
                refused=len(errors),
            )
        ]
        lines += [
            f"• {html.escape(e.label())}: {html.escape(e.error)}" for e in errors[:MAX_SHOWN]
        ]
        held = [r for r in outcome.results if r.takedown]
        lines += [
            "• "
            + say(
                user,
                "mod.upload.held_line",
                line=r.line,
                kind=r.kind,
                value=html.escape(r.key),
                by=r.taken_down_by,
                audit=r.takedown,
            )
            for r in held[:MAX_SHOWN]
        ]
        if len(held) > MAX_SHOWN:
            lines.append(say(user, "mod.upload.more", count=len(held) - MAX_SHOWN))
        if len(errors) > MAX_SHOWN:
            lines.append(say(user, "mod.upload.more", count=len(errors) - MAX_SHOWN))
        return "\n".join(lines)


async def _download(doc: Document) -> bytes:
    return bytes(await (await doc.get_file()).download_as_bytearray())


def _lang_and_text(args: list[str]) -> tuple[str, str]:
    """An optional language first ("zh-HK ..."), then the phrase; else guessed from the text."""
    if args and args[0] in LANGS and len(args) > 1:
        return args[0], " ".join(args[1:])
    text = " ".join(args)
    return guess_lang(text), text
