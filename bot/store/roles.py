"""Who may curate: roles, police organisations and their API tokens."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.moderation import PUBLISH_MODES, ROLES, SCOPES
from bot.store.base import StoreBase, now

TOKEN_PREFIX = "scp"
_ORG = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,31}$")


class UnknownOrganisation(ValueError):
    """An organisation code no one has added: most likely a mistyped one."""


class RoleGrant(BaseModel):
    """A Telegram user's role; police officers belong to an organisation."""

    user_id: int
    role: str
    organisation: str = ""
    region: str = ""
    granted_by: str = ""
    granted_at: str = ""


class Organisation(BaseModel):
    """A police force or agency; its submissions go live at once or through review."""

    id: str
    name: str = ""
    region: str = ""
    publish_mode: str = "review"


class ApiToken(BaseModel):
    """An API token as stored: never the secret, only its salted hash."""

    id: int
    organisation: str
    scopes: list[str]
    label: str = ""
    created_by: str = ""
    created_at: str = ""
    revoked_at: str | None = None
    expires_at: str | None = None  # ISO time in UTC; None: never


class IssuedToken(BaseModel):
    """A new token: `token` is shown once and cannot be recovered."""

    id: int
    organisation: str
    scopes: list[str]
    token: str


def telegram_id(actor: str) -> int | None:
    """The Telegram user id in an actor string ("telegram:42"), if it names one."""
    prefix, _, rest = actor.partition(":")
    return int(rest) if prefix in ("telegram", "tg") and rest.isdigit() else None


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256((salt + secret).encode()).hexdigest()


class RoleTables(StoreBase):
    """Roles, organisations and API tokens; every change audited."""

    if TYPE_CHECKING:  # provided by KnowledgeTables in the assembled Store

        def region_codes(self) -> list[str]: ...

    def _create_tables(self) -> None:
        super()._create_tables()
        self.db.table("roles").create(
            {
                "user_id": int,
                "role": str,
                "organisation": str,
                "region": str,
                "granted_by": str,
                "granted_at": str,
            },
            pk="user_id",
            if_not_exists=True,
        )
        self.db.table("organisations").create(
            {
                "id": str,
                "name": str,
                "region": str,
                "publish_mode": str,
                "updated_by": str,
                "updated_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("api_tokens").create(
            {
                "id": int,
                "organisation": str,
                "scopes": str,
                "label": str,
                "salt": str,
                "hash": str,
                "created_by": str,
                "created_at": str,
                "revoked_by": str,
                "revoked_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        if "expires_at" not in self.db.table("api_tokens").columns_dict:  # older databases
            self.db.table("api_tokens").add_column("expires_at", str)

    # --- roles ----------------------------------------------------------------------------

    def _row(self, table: str, where: str, params: list[Any]) -> dict[str, Any] | None:
        rows = list(self.db.table(table).rows_where(where, params, limit=1))
        return dict(rows[0]) if rows else None

    def role_of(self, user_id: int) -> RoleGrant | None:
        """The user's role, or None for an ordinary user."""
        row = self._row("roles", "user_id = ?", [user_id])
        return RoleGrant.model_validate(row) if row else None

    def roles(self) -> list[RoleGrant]:
        return [
            RoleGrant.model_validate(r)
            for r in self.db.table("roles").rows_where(order_by="role, user_id")
        ]

    def is_admin_actor(self, actor: str) -> bool:
        """Whether an actor string names an admin: a Telegram admin or the operator's CLI."""
        if actor.startswith("cli") or actor == "config":
            return True
        if (user_id := telegram_id(actor)) is not None:
            grant = self.role_of(user_id)
            return grant is not None and grant.role == "admin"
        return False

    def public_actor(self, actor: str, organisation: str) -> str:
        """An actor as shown to an organisation: its own tokens by name, anyone else by role.

        Telegram ids of users and moderators stay private; other forces show as their name.
        """
        if actor.lower().startswith(f"api:{organisation.lower()}:"):
            return actor
        if actor.startswith("api:"):
            return "api:" + api_organisation(actor)
        if (user_id := telegram_id(actor)) is not None:
            grant = self.role_of(user_id)
            return grant.role if grant else "user"
        return "system"

    def police_organisation(self, actor: str) -> str:
        """The police organisation an actor acts for (lower case): an API token's, or a
        Telegram user's police grant; "" for anyone else (moderators, the shipped files)."""
        if actor.startswith("api:"):
            return api_organisation(actor).lower()
        uid = telegram_id(actor)
        grant = self.role_of(uid) if uid is not None else None
        return grant.organisation.lower() if grant and grant.role == "police" else ""

    def grant_role(
        self,
        user_id: int,
        role: str,
        actor: str,
        reason: str,
        *,
        organisation: str = "",
        region: str = "",
    ) -> RoleGrant:
        """Gives a user a role (replacing any other). A police officer belongs to a known
        organisation (UnknownOrganisation otherwise: granting once created a mistyped one) and
        works in its region, which is theirs when not given."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        if role == "police" and not organisation:
            raise ValueError("a police officer needs an organisation")
        self._check_region(region)
        grant = RoleGrant(
            user_id=user_id,
            role=role,
            granted_by=actor,
            granted_at=now(),
            region=region.upper(),
        )
        with self.transaction():
            if role == "police":
                org = self.known_organisation(organisation, grant.region)
                grant.organisation = org.id
                grant.region = _officer_region(org, grant.region)
            before = self._row("roles", "user_id = ?", [user_id])
            self.db.table("roles").upsert(grant.model_dump(), pk="user_id")
            self.audit(
                actor,
                "grant",
                "roles",
                str(user_id),
                before=before,
                after=grant.model_dump(),
                reason=reason,
            )
        return grant

    def revoke_role(self, user_id: int, actor: str, reason: str) -> bool:
        """Takes a user's role away; False if they had none."""
        with self.transaction():
            before = self._row("roles", "user_id = ?", [user_id])
            if before is None:
                return False
            self.db.execute("delete from roles where user_id = ?", [user_id])
            self.audit(actor, "revoke", "roles", str(user_id), before=before, reason=reason)
        return True

    def bootstrap_admins(self, user_ids: Iterable[int]) -> list[int]:
        """Makes the configured first admins admins; returns the ids that were not yet."""
        added = []
        for uid in user_ids:
            grant = self.role_of(uid)
            if grant is None or grant.role != "admin":
                self.grant_role(uid, "admin", "config", "first admin from settings.admins")
                added.append(uid)
        return added

    # --- organisations --------------------------------------------------------------------

    def organisation(self, org: str) -> Organisation | None:
        row = self._row("organisations", "lower(id) = lower(?)", [org.strip()])
        return Organisation.model_validate(row) if row else None

    def organisations(self) -> list[Organisation]:
        return [
            Organisation.model_validate(r)
            for r in self.db.table("organisations").rows_where(order_by="id")
        ]

    def known_organisation(self, org: str, region: str = "") -> Organisation:
        """The organisation of that code (in any case), or UnknownOrganisation naming the
        codes nearest to it. Setting how an organisation publishes and creating its tokens
        used to create an organisation they did not know: a typo (HKFP for HKPF) made a
        second, empty force, with its own token, that nobody noticed."""
        if (known := self.organisation(org)) is not None:
            return known
        codes = [o.id for o in self.organisations()]
        near = difflib.get_close_matches(
            org.strip().upper(), [c.upper() for c in codes], n=3, cutoff=0.5
        )
        named = [c for n in near for c in codes if c.upper() == n]
        hint = (
            f"did you mean {' or '.join(named)}?"
            if named
            else f"known: {', '.join(codes[:10])}"
            if codes
            else "none is known yet"
        )
        code, where = org.strip(), region.strip().upper()
        raise UnknownOrganisation(
            f"unknown organisation {code!r} ({hint}); a new one is added on purpose:"
            f" /org new {code} {where + ' ' if where else ''}review"
            f" (scamcheck admin org {code} review --new{' --region ' + where if where else ''})"
        )

    def _check_region(self, region: str) -> None:
        if region and region.upper() not in (known := self.region_codes()):
            raise ValueError(f"unknown region {region!r} (known regions: {', '.join(known)})")

    def ensure_organisation(
        self, org: str, actor: str, region: str = "", reason: str = "new organisation"
    ) -> Organisation:
        """The organisation, created (publishing through review) if it is new; a known one
        named with another region is refused rather than quietly kept as it is."""
        self._check_region(region)
        if (known := self.organisation(org)) is not None:
            if region and known.region and known.region != region.upper():
                raise ValueError(f"{known.id} is added already, in {known.region}")
            return known
        if not _ORG.match(org.strip()):
            raise ValueError(f"organisation code {org!r}: 2-32 letters, digits, _ or -")
        new = Organisation(id=org.strip(), name=org.strip(), region=region.upper())
        with self.transaction():
            self.db.table("organisations").insert(
                {**new.model_dump(), "updated_by": actor, "updated_at": now()}
            )
            self.audit(
                actor,
                "add",
                "organisations",
                new.id,
                after=new.model_dump(),
                reason=reason,
            )
        return new

    def set_publish_mode(
        self,
        org: str,
        mode: str,
        actor: str,
        reason: str,
        *,
        create: bool = False,
        region: str = "",
    ) -> Organisation:
        """live: the organisation's submissions publish at once; review: they wait in /queue.
        An unknown organisation is refused (UnknownOrganisation), or added (in `region`, or
        in none: an agency whose officers work in several) when `create`."""
        if mode not in PUBLISH_MODES:
            raise ValueError(f"publish mode is live or review, not {mode!r}")
        with self.transaction():
            before = (
                self.ensure_organisation(org, actor, region, reason=reason or "new organisation")
                if create
                else self.known_organisation(org)
            )
            after = before.model_copy(update={"publish_mode": mode})
            self.db.table("organisations").update(
                before.id, {"publish_mode": mode, "updated_by": actor, "updated_at": now()}
            )
            self.audit(
                actor,
                "set",
                "organisations",
                before.id,
                before=before.model_dump(),
                after=after.model_dump(),
                reason=reason,
            )
        return after

    def publish_mode(self, org: str) -> str:
        known = self.organisation(org) if org else None
        return known.publish_mode if known else "review"

    # --- API tokens -----------------------------------------------------------------------

    def create_token(
        self,
        organisation: str,
        scopes: Iterable[str],
        actor: str,
        reason: str,
        label: str = "",
        expires: dt.timedelta | None = None,
    ) -> IssuedToken:
        """A new API token for a known organisation (UnknownOrganisation otherwise); only its
        salted SHA-256 is stored."""
        wanted = sorted(set(scopes)) or list(SCOPES)
        if bad := [s for s in wanted if s not in SCOPES]:
            raise ValueError(f"unknown scope {bad[0]!r} (scopes: {', '.join(SCOPES)})")
        secret, salt = secrets.token_urlsafe(32), secrets.token_hex(16)
        with self.transaction():
            org = self.known_organisation(organisation)
            table = self.db.table("api_tokens")
            table.insert(
                {
                    "organisation": org.id,
                    "scopes": json.dumps(wanted),
                    "label": label,
                    "salt": salt,
                    "hash": _digest(salt, secret),
                    "created_by": actor,
                    "created_at": now(),
                    "expires_at": _later(expires),
                }
            )
            token_id = int(table.last_pk)  # type: ignore[arg-type]
            self.audit(
                actor,
                "create",
                "api_tokens",
                str(token_id),
                reason=reason,
                after={"organisation": org.id, "scopes": wanted, "label": label},
            )
        return IssuedToken(
            id=token_id,
            organisation=org.id,
            scopes=wanted,
            token=f"{TOKEN_PREFIX}_{token_id}_{secret}",
        )

    def verify_token(self, token: str) -> ApiToken | None:
        """The live token a bearer string names, or None (unknown, malformed or revoked)."""
        prefix, _, rest = token.strip().partition("_")
        token_id, _, secret = rest.partition("_")
        # isdigit() alone also takes '²' and other Unicode digits, which int() refuses (a 500),
        # and 5,000 digits make a number SQLite cannot bind: ASCII, and as long as an id gets.
        well_formed = token_id.isascii() and token_id.isdigit() and len(token_id) <= 18
        if prefix != TOKEN_PREFIX or not well_formed or not secret:
            return None
        row = self._row("api_tokens", "id = ?", [int(token_id)])
        if row is None or row["revoked_at"]:
            return None
        if row.get("expires_at") and row["expires_at"] <= now():
            return None
        if not hmac.compare_digest(row["hash"], _digest(row["salt"], secret)):
            return None
        return self._token(row)

    def _token(self, row: dict[str, Any]) -> ApiToken:
        return ApiToken.model_validate({**row, "scopes": json.loads(row["scopes"])})

    def revoke_token(self, token_id: int, actor: str, reason: str) -> bool:
        """Revokes a token for good; False if it does not exist or was already revoked."""
        with self.transaction():
            row = self._row("api_tokens", "id = ? and revoked_at is null", [token_id])
            if row is None:
                return False
            self.db.table("api_tokens").update(
                token_id, {"revoked_by": actor, "revoked_at": now()}
            )
            self.audit(
                actor,
                "revoke",
                "api_tokens",
                str(token_id),
                reason=reason,
                before={"organisation": row["organisation"], "revoked": False},
                after={"organisation": row["organisation"], "revoked": True},
            )
        return True

    def tokens(self, organisation: str | None = None) -> list[ApiToken]:
        where, params = (
            ("lower(organisation) = lower(?)", [organisation]) if organisation else ("1 = 1", [])
        )
        return [
            self._token(dict(r))
            for r in self.db.table("api_tokens").rows_where(where, params, order_by="id")
        ]


def _officer_region(org: Organisation, region: str) -> str:
    """The region a police officer of `org` works in. A force's officers work in its region:
    phones they report are read as its numbers, as its API tokens read them, and an officer
    of HKPF filing Singapore numbers is a mistaken grant, not a case. An organisation with no
    region (an agency across regions) takes the officer's."""
    if not org.region:
        if not region:
            raise ValueError(f"{org.id} has no region of its own: name the officer's region")
        return region
    if region and region != org.region:
        raise ValueError(
            f"{org.id} works in {org.region}, not {region}: its officers report in its region"
            f" (phones are read as {org.region} numbers); a force of {region} is an"
            f" organisation of its own (/org new CODE {region} review)"
        )
    return org.region


def _later(after: dt.timedelta | None) -> str | None:
    """The expiry time `after` from now, in the form now() writes (comparable as text)."""
    if after is None:
        return None
    return (dt.datetime.now(dt.UTC) + after).isoformat(timespec="seconds")


def parse_duration(text: str) -> dt.timedelta:
    """'90d', '12h', '30m' -> a timedelta; ValueError naming the form otherwise."""
    units = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks"}
    number, unit = text[:-1], text[-1:].lower()
    if unit not in units or not (number.isascii() and number.isdigit()) or len(number) > 5:
        raise ValueError(f"{text!r}: write a number and d, w, h or m, e.g. 90d")
    if int(number) == 0:  # a token or role that has expired before anyone could use it
        raise ValueError(f"{text!r}: at least 1, e.g. 90d")
    return dt.timedelta(**{units[unit]: int(number)})


def api_organisation(actor: str) -> str:
    """The organisation of an API token's actor string, "api:<organisation>:<token id>";
    "" for any other actor."""
    parts = actor.split(":")
    return parts[1] if len(parts) >= 3 and parts[0] == "api" else ""


def record_organisation(record: dict[str, Any]) -> str:
    """Whose case an audit record or a reported row is: its organisation, its change's, or its
    API actor's; "" for the moderators' and users' own. Another force sees such a case without
    its reference, note and reason (the API and the bot alike)."""
    for part in (record, record.get("after"), record.get("before")):
        if isinstance(part, dict) and part.get("organisation"):
            return str(part["organisation"])
    return api_organisation(str(record.get("actor") or ""))
