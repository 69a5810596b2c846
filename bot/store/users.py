"""Users of the bot: settings, conversation state, group settings, anonymous outcome records.

Privacy: no table here holds message text. Conversation state keeps only button answers and
the indicators found in an answer (an address, a link), and is deleted when the conversation
ends or goes stale. Outcome records keep region, category, risk, choice and the day, nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel

from bot.store.base import StoreBase, now

GroupMode = Literal["off", "normal", "strict"]
GROUP_MODES: tuple[str, ...] = ("off", "normal", "strict")
Choice = Literal["stop", "verify", "continue"]
CHOICES: tuple[str, ...] = ("stop", "verify", "continue")
RECONSIDERED: tuple[str, ...] = ("stop", "verify")
Period = Literal["day", "week", "month", "all"]
STALE_WAIT_MS = 20
_PERIOD_SQL = {
    "day": "day",
    "week": "strftime('%Y-W%W', day)",
    "month": "substr(day, 1, 7)",
    "all": "'all'",
}


class UserSettings(BaseModel):
    """What a user chose: the language of replies and the region whose contacts they get."""

    user_id: int
    lang: str
    region: str


class Flow(BaseModel):
    """Where a user is in a guided conversation (/withdraw, /report), kept between updates."""

    user_id: int
    kind: str
    step: str
    data: dict[str, Any]
    updated_at: str


class OutcomeShare(BaseModel):
    """How many warned users answered, and how many of them reconsidered (stop or verify)."""

    region: str
    period: str
    answered: int
    reconsidered: int

    @property
    def share(self) -> float:
        return self.reconsidered / self.answered if self.answered else 0.0


class UserTables(StoreBase):
    """Per-user settings, flow state, group settings and what warned users chose to do."""

    def _create_tables(self) -> None:
        super()._create_tables()
        self.db.table("user_settings").create(
            {"user_id": int, "lang": str, "region": str, "created_at": str, "updated_at": str},
            pk="user_id",
            if_not_exists=True,
        )
        self.db.table("flows").create(
            {"user_id": int, "kind": str, "step": str, "data": str, "updated_at": str},
            pk="user_id",
            if_not_exists=True,
        )
        self.db.table("group_settings").create(
            {"chat_id": int, "mode": str, "lang": str, "updated_by": str, "updated_at": str},
            pk="chat_id",
            if_not_exists=True,
        )
        if "lang" not in self.db.table("group_settings").columns_dict:  # a database made before
            self.db.table("group_settings").add_column("lang", str)
        self._create_outcomes()
        # What must happen once across processes, remembered for a while (claim_once): the
        # Telegram updates handled (kind "update": bot id, update id) and the group messages
        # warned about (kind "group_warning": chat id, message id). Ids only, no content.
        self.db.table("once_keys").create(
            {"kind": str, "scope": int, "id": int, "seen_at": str},
            pk=("kind", "scope", "id"),
            if_not_exists=True,
        )
        self.db.table("once_keys").create_index(["kind", "seen_at"], if_not_exists=True)

    def _create_outcomes(self) -> None:
        # `ref` is an opaque digest of the warning the answer belongs to: one answer per warning.
        self.db.table("outcomes").create(
            {
                "id": int,
                "ref": str,
                "day": str,
                "region": str,
                "category": str,
                "risk": str,
                "choice": str,
                "source": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("outcomes").create_index(["ref"], unique=True, if_not_exists=True)
        self.db.table("outcomes").create_index(["day", "region"], if_not_exists=True)

    # --- user settings ----------------------------------------------------------------------

    def get_user_settings(self, user_id: int) -> UserSettings | None:
        """The user's saved language and region, or None for someone new."""
        row = self.db.execute(
            "select lang, region from user_settings where user_id = ?", [user_id]
        ).fetchone()
        return UserSettings(user_id=user_id, lang=row[0], region=row[1]) if row else None

    def save_user_settings(
        self,
        user_id: int,
        *,
        lang: str | None = None,
        region: str | None = None,
        default_lang: str = "en",
        default_region: str = "HK",
    ) -> UserSettings:
        """Creates or changes a user's settings; what is not given stays as it was."""
        with self.transaction():
            old = self.get_user_settings(user_id)
            new = UserSettings(
                user_id=user_id,
                lang=lang or (old.lang if old else default_lang),
                region=region or (old.region if old else default_region),
            )
            record = {**new.model_dump(), "updated_at": now()}
            if old is None:
                record["created_at"] = record["updated_at"]
            self.db.table("user_settings").upsert(record, pk="user_id")
        return new

    # --- guided conversations ---------------------------------------------------------------

    def start_flow(self, user_id: int, kind: str, step: str, data: dict[str, Any]) -> Flow:
        """Starts (or restarts) a conversation; a user is in at most one at a time."""
        flow = Flow(user_id=user_id, kind=kind, step=step, data=data, updated_at=now())
        with self.transaction():
            self.db.table("flows").upsert(
                {
                    "user_id": user_id,
                    "kind": kind,
                    "step": step,
                    "data": json.dumps(data, ensure_ascii=False),
                    "updated_at": flow.updated_at,
                },
                pk="user_id",
            )
        return flow

    def get_flow(self, user_id: int, max_age: dt.timedelta | None = None) -> Flow | None:
        """The user's open conversation; one older than max_age is deleted and None returned."""
        row = self.db.execute(
            "select kind, step, data, updated_at from flows where user_id = ?", [user_id]
        ).fetchone()
        if row is None:
            return None
        if max_age is not None and _age(row[3]) > max_age:
            self._forget_stale(user_id)
            return None
        return Flow(
            user_id=user_id, kind=row[0], step=row[1], data=json.loads(row[2]), updated_at=row[3]
        )

    def _forget_stale(self, user_id: int) -> None:
        # Met on the bot's event loop (its conversation filters read flows there): the delete
        # waits little for another writer's lock. Missed, it is done the next time the flow is
        # read, or by purge_flows when the bot starts; until then the flow counts as gone.
        self.write_briefly(lambda: self.end_flow(user_id), STALE_WAIT_MS, "a stale flow's delete")

    def advance_flow(
        self, user_id: int, kind: str, from_step: str, to_step: str, data: dict[str, Any]
    ) -> bool:
        """Moves a conversation on only if it is still at from_step (a double tap counts once)."""
        with self.transaction():
            cur = self.db.execute(
                "update flows set step = ?, data = ?, updated_at = ?"
                " where user_id = ? and kind = ? and step = ?",
                [to_step, json.dumps(data, ensure_ascii=False), now(), user_id, kind, from_step],
            )
            return cur.rowcount == 1

    def end_flow(self, user_id: int, kind: str | None = None) -> bool:
        """Forgets a user's conversation (of one kind, or any); True if there was one."""
        with self.transaction():
            if kind is None:
                cur = self.db.execute("delete from flows where user_id = ?", [user_id])
            else:
                cur = self.db.execute(
                    "delete from flows where user_id = ? and kind = ?", [user_id, kind]
                )
            return cur.rowcount > 0

    def purge_flows(self, older_than: dt.timedelta) -> int:
        """Deletes conversations left unfinished for longer than older_than; returns how many."""
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat(timespec="seconds")
        with self.transaction():
            return self.db.execute("delete from flows where updated_at < ?", [cutoff]).rowcount

    # --- Telegram updates ---------------------------------------------------------------------

    def claim_update(self, bot_id: int, update_id: int, keep: dt.timedelta) -> bool:
        """True the first time an update is handed in, False for a repeat."""
        return self.claim_once("update", bot_id, update_id, keep)

    def claim_group_warning(self, chat_id: int, message_id: int, keep: dt.timedelta) -> bool:
        """True the first time a group message is warned about (new or edited), else False."""
        return self.claim_once("group_warning", chat_id, message_id, keep)

    def claim_once(self, kind: str, scope: int, key: int, keep: dt.timedelta) -> bool:
        """True the first time (kind, scope, key) is claimed, False for a repeat: the one claim
        that counts across processes sharing the database. Claims of the kind older than keep
        are forgotten."""
        stamp = dt.datetime.now(dt.UTC)
        cutoff = (stamp - keep).isoformat(timespec="seconds")
        with self.transaction():
            self.db.execute("delete from once_keys where kind = ? and seen_at < ?", [kind, cutoff])
            cur = self.db.execute(
                "insert or ignore into once_keys (kind, scope, id, seen_at) values (?, ?, ?, ?)",
                [kind, scope, key, stamp.isoformat(timespec="seconds")],
            )
            return cur.rowcount == 1

    # --- groups -----------------------------------------------------------------------------

    def group_mode(self, chat_id: int) -> GroupMode:
        """How the bot behaves in a group: off, normal (the default) or strict."""
        row = self.db.execute(
            "select mode from group_settings where chat_id = ?", [chat_id]
        ).fetchone()
        return row[0] if row and row[0] else "normal"  # type: ignore[no-any-return]

    def move_group(self, old_id: int, new_id: int, actor: str) -> bool:
        """Carries a group's settings to its new chat id when Telegram upgrades it to a
        supergroup; False if there was nothing to carry or the new id has settings already."""
        with self.transaction():
            taken = self.db.execute(
                "select 1 from group_settings where chat_id = ?", [new_id]
            ).fetchone()
            if taken:
                return False
            moved = self.db.execute(
                "update group_settings set chat_id = ?, updated_at = ? where chat_id = ?",
                [new_id, now(), old_id],
            ).rowcount
            if moved:
                self.audit(actor, "move", "group_settings", str(new_id),
                           before={"chat_id": old_id}, after={"chat_id": new_id},
                           reason="group upgraded to a supergroup")  # fmt: skip
            return moved > 0

    def group_lang(self, chat_id: int) -> str | None:
        """The language a group's admins chose for the bot's warnings; None: not chosen."""
        row = self.db.execute(
            "select lang from group_settings where chat_id = ?", [chat_id]
        ).fetchone()
        return row[0] if row and row[0] else None

    def set_group_lang(self, chat_id: int, lang: str | None, actor: str) -> None:
        """Sets (None: clears) a group's language; audited, like the mode."""
        self._set_group(chat_id, "lang", lang, self.group_lang, actor)

    def set_group_mode(self, chat_id: int, mode: GroupMode, actor: str) -> None:
        """Changes a group's mode; audited, since only the group's admins may do it."""
        if mode not in GROUP_MODES:
            raise ValueError(f"unknown group mode: {mode!r}")
        self._set_group(chat_id, "mode", mode, self.group_mode, actor)

    def _set_group(
        self,
        chat_id: int,
        column: str,
        value: str | None,
        current: Callable[[int], str | None],
        actor: str,
    ) -> None:
        """One group setting changed, the others kept; audited with the value before."""
        with self.transaction():
            before = current(chat_id)
            self.db.table("group_settings").upsert(
                {"chat_id": chat_id, column: value, "updated_by": actor, "updated_at": now()},
                pk="chat_id",
            )
            self.audit(
                actor,
                "set",
                "group_settings",
                str(chat_id),
                before={column: before},
                after={column: value},
                reason="group admin",
            )

    # --- outcomes ---------------------------------------------------------------------------

    def record_outcome(
        self,
        ref: str,
        *,
        region: str,
        category: str | None,
        risk: str,
        choice: Choice,
        source: str = "check",
        day: dt.date | None = None,
    ) -> bool:
        """Stores what a warned user chose; True when new, False when it replaced an answer."""
        if choice not in CHOICES:
            raise ValueError(f"unknown choice: {choice!r}")
        record = {
            "ref": ref,
            "day": (day or dt.datetime.now(dt.UTC).date()).isoformat(),
            "region": region,
            "category": category or "",
            "risk": risk,
            "choice": choice,
            "source": source,
        }
        with self.transaction():
            old = self.db.execute("select id from outcomes where ref = ?", [ref]).fetchone()
            if old:
                self.db.table("outcomes").update(old[0], {"choice": choice})
            else:
                self.db.table("outcomes").insert(record)
        return old is None

    def reconsidered_share(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        region: str | None = None,
        period: Period = "month",
    ) -> list[OutcomeShare]:
        """The campaign's headline figure: warned users who chose stop or verify, per region."""
        where, params = ["1=1"], []
        for clause, value in (("day >= ?", since), ("day <= ?", until), ("region = ?", region)):
            if value is not None:
                where.append(clause)
                params.append(value.isoformat() if isinstance(value, dt.date) else value)
        bucket = _PERIOD_SQL[period]
        rows = self.db.execute(
            f"select region, {bucket} as p, count(*),"
            f" sum(choice in ('stop', 'verify')) from outcomes where {' and '.join(where)}"
            " group by region, p order by p, region",
            params,
        ).fetchall()
        return [
            OutcomeShare(region=r, period=p, answered=n, reconsidered=k or 0)
            for r, p, n, k in rows
        ]


def _age(stamp: str) -> dt.timedelta:
    return dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(stamp)
