"""What a test can see of a store on disk: for checking that message text is never kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def every_stored_value(path: Path) -> str:
    """Every value in every table of the database file, as one string."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return "\n".join(
            str(value)
            for table in tables
            for row in db.execute(f'select * from "{table}"')
            for value in row
        )
