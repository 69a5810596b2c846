"""`scamcheck kb backup FILE` and `kb restore FILE` (bot.store.backup)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store is imported when a backup command runs, not to build the parser
    from bot.settings import Settings


def add_parsers(kbs: Any, settings: Callable[[argparse.Namespace], Settings]) -> None:
    """Adds backup and restore under `scamcheck kb`."""
    b = kbs.add_parser("backup", help="copy the database to FILE, safely while it is in use")
    b.add_argument("file")
    b.set_defaults(func=lambda args: cmd_backup(args, settings(args)))
    r = kbs.add_parser("restore", help="replace the database's content with a backup FILE")
    r.add_argument("file")
    r.add_argument(
        "--actor", help="who restores (recorded in the audit log; cli:<login name> if not given)"
    )
    r.add_argument("--reason", default="kb restore", help="why (recorded in the audit log)")
    r.set_defaults(func=lambda args: cmd_restore(args, settings(args)))


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Online backup of the configured database."""
    from bot.runtime import open_store
    from bot.store.backup import BackupError, backup

    store = open_store(settings)
    try:
        version = backup(store, Path(args.file))
    except BackupError as e:
        print(f"scamcheck kb backup: {e}; no backup made", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"backed up {settings.db_path} to {args.file} (knowledge version {version})")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Restores a backup into the configured database."""
    from bot.cli_admin import operator
    from bot.runtime import open_store
    from bot.store.backup import BackupError, restore

    store = open_store(settings)
    try:
        version = restore(store, Path(args.file), args.actor or operator(), args.reason)
    except BackupError as e:
        print(f"scamcheck kb restore: {e}; nothing changed", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"restored {args.file} into {settings.db_path} (knowledge version {version})")
    return 0
