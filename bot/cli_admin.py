"""scamcheck admin: what an operator does on the server: roles, organisations, API tokens,
and the purge of users' reports past their retention.

The operator is trusted (they hold the database); every change is still audited, as
`cli:<login name>`. A new token is printed alone on stdout, once, so it can be piped into a
secret store; what it is goes to stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.access import PUBLISH_MODES, ROLES, SCOPES

if TYPE_CHECKING:  # the store is imported when an admin command runs, not to build the parser
    from bot.settings import Settings
    from bot.store import Store


MAX_ID = 2**63 - 1  # SQLite's largest integer; a Telegram user id is far below it


def _id(text: str) -> int:
    """A Telegram user id or a token number: a whole number from 1 (argparse says otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text}: a number from 1 to {MAX_ID}")
    return value


def _days(text: str) -> int:
    """A retention period in days, as the settings take it (1 to 3650)."""
    value = _id(text)
    if value > 3650:
        raise argparse.ArgumentTypeError(f"{text}: a number of days from 1 to 3650")
    return value


def add_parser(sub: Any, settings: Callable[[argparse.Namespace], Settings]) -> None:
    """Adds `scamcheck admin ...` to the command's subparsers."""
    a = sub.add_parser("admin", help="roles, police organisations and API tokens")
    subs = a.add_subparsers(dest="admin_cmd", required=True)
    token = subs.add_parser("token", help="API tokens for police organisations")
    tokens = token.add_subparsers(dest="token_cmd", required=True)
    c = tokens.add_parser("create", help="create a token for ORG; printed once")
    c.add_argument("org", help="organisation code, e.g. HKPF")
    c.add_argument(
        "--scopes", default=",".join(SCOPES), help="comma-separated: " + ", ".join(SCOPES)
    )
    c.add_argument("--label", default="", help="what the token is for, e.g. the case system")
    c.add_argument("--expires", default=None, help="valid for this long, e.g. 90d, 12w, 24h")
    r = tokens.add_parser("revoke", help="revoke a token for good")
    r.add_argument("id", type=_id)
    tokens.add_parser("list", help="tokens and their state (never the secrets)")
    g = subs.add_parser("grant", help="give a Telegram user a role")
    g.add_argument("user_id", type=_id, help="Telegram user id (the user can ask the bot /whoami)")
    g.add_argument("role", choices=ROLES)
    g.add_argument("--org", default="", help="police: organisation code")
    g.add_argument(
        "--region", default="", help="police: region code, e.g. HK (default: the organisation's)"
    )
    rv = subs.add_parser("revoke", help="take a Telegram user's role away")
    rv.add_argument("user_id", type=_id)
    o = subs.add_parser("org", help="whether ORG's submissions go live at once or through review")
    o.add_argument("org")
    o.add_argument("mode", choices=PUBLISH_MODES)
    o.add_argument("--new", action="store_true", help="add ORG: an unknown code is refused")
    o.add_argument(
        "--region", default="", help="with --new: where its officers work, e.g. HK (none: any)"
    )
    pr = subs.add_parser(
        "purge-reports",
        help="erase users' report notes and ids past their retention (serve and bot do it too)",
    )
    pr.add_argument(
        "--decided-days",
        type=_days,
        default=None,
        help="days after the decision (default $SCAMCHECK_REPORT_RETENTION_DAYS, 90)",
    )
    pr.add_argument(
        "--undecided-days",
        type=_days,
        default=None,
        help="days undecided (default $SCAMCHECK_REPORT_UNDECIDED_DAYS, 180)",
    )
    for p in (c, r, g, rv, o):
        p.add_argument("--reason", default="", help="why (recorded in the audit log)")

    def start(args: argparse.Namespace) -> int:
        configured = settings(args)
        if args.admin_cmd == "purge-reports":
            return _purge(args, _open_store(configured), configured)
        return run(args, _open_store(configured))

    a.set_defaults(func=start)


def _open_store(settings: Settings) -> Store:
    from bot.runtime import open_store

    return open_store(settings)


def operator() -> str:
    """Who runs a command from the shell, as the audit log names them: cli:<login name>."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # a container's user with no name and no LOGNAME/USER set
        return f"cli:uid{os.getuid()}"


def run(args: argparse.Namespace, store: Store) -> int:
    """Carries out one admin command; 1 with a message on stderr if it cannot be done."""
    who = operator()
    reason = getattr(args, "reason", "") or f"scamcheck admin {args.admin_cmd}"
    try:
        if args.admin_cmd == "token":
            return _token(args, store, who, reason)
        if args.admin_cmd == "grant":
            grant = store.grant_role(
                args.user_id, args.role, who, reason, organisation=args.org, region=args.region
            )
            print(json.dumps(grant.model_dump()))
        elif args.admin_cmd == "revoke":
            if not store.revoke_role(args.user_id, who, reason):
                return _fail(f"user {args.user_id} has no role")
        elif args.admin_cmd == "org":
            print(
                json.dumps(
                    store.set_publish_mode(
                        args.org, args.mode, who, reason, create=args.new, region=args.region
                    ).model_dump()
                )
            )
    except ValueError as e:
        return _fail(str(e))
    finally:
        store.close()
    return 0


def _purge(args: argparse.Namespace, store: Store, configured: Settings) -> int:
    """Erases what retention says is due now, as the service would at its next round."""
    try:
        stats = store.purge_reports(
            decided_days=args.decided_days or configured.report_retention_days,
            undecided_days=args.undecided_days or configured.report_undecided_days,
            actor=operator(),
        )
    finally:
        store.close()
    print(json.dumps(stats.model_dump()))
    return 0


def _token(args: argparse.Namespace, store: Store, who: str, reason: str) -> int:
    if args.token_cmd == "create":
        scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
        from bot.store.roles import parse_duration

        try:
            expires = parse_duration(args.expires) if args.expires else None
        except ValueError as e:
            return _fail(str(e))
        issued = store.create_token(
            args.org, scopes, who, reason, label=args.label, expires=expires
        )
        print(
            f"token #{issued.id} for {issued.organisation} ({', '.join(issued.scopes)}):"
            " shown once, store it now",
            file=sys.stderr,
        )
        print(issued.token)
    elif args.token_cmd == "revoke":
        if not store.revoke_token(args.id, who, reason):
            return _fail(f"there is no live token #{args.id}")
    else:
        for tok in store.tokens():
            print(json.dumps(tok.model_dump()))
    return 0


def _fail(message: str) -> int:
    print(f"scamcheck admin: {message}", file=sys.stderr)
    return 1
