"""Labelled examples for the text model, confirmed by moderators (/example in the bot).

A moderator replies to a forwarded message with `/example scam <why>` or `/example benign
<why>`; the message text is stored here, audited (who, when, why). `scamcheck model export`
writes them to knowledge/examples/moderated.jsonl, where they are reviewed like any other
example file before `scamcheck model train` learns from them: nothing retrains by itself.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.store.base import StoreBase, now

LABELS: tuple[str, ...] = ("scam", "benign")
MAX_TEXT = 5_000  # as `scamcheck model add`: one message, not a document
MAX_WHY = 500


class ExampleError(ValueError):
    """An example that cannot be stored. The message says why in English (the command line);
    `key` and `params` name the bot's catalog entry, so a moderator reads it in their language."""

    def __init__(self, key: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class ModelExample(BaseModel):
    """One moderated example as stored."""

    id: int
    text: str
    label: str
    lang: str = ""
    why: str
    created_by: str
    created_at: str


class ExampleTables(StoreBase):
    def _create_tables(self) -> None:
        super()._create_tables()
        self.db.table("model_examples").create(
            {
                "id": int,
                "text": str,
                "label": str,
                "lang": str,
                "why": str,
                "created_by": str,
                "created_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        # One label per text: a second moderator confirming it changes nothing, a conflicting
        # label is refused (the first has to be looked at, not silently overwritten).
        self.db.table("model_examples").create_index(["text"], unique=True, if_not_exists=True)

    def add_model_example(
        self, text: str, label: str, why: str, actor: str, lang: str = ""
    ) -> tuple[ModelExample, bool]:
        """Stores a labelled example; returns it and whether it is new. Raises ExampleError
        for an unknown label, an empty or too long text or reason, or a text already stored
        with the other label."""
        text, why = text.strip(), " ".join(why.split())
        if label not in LABELS:
            raise ExampleError("label", f"the label must be one of {', '.join(LABELS)}")
        if not text or len(text) > MAX_TEXT:
            raise ExampleError(
                "length", f"the message must be 1-{MAX_TEXT} characters", most=MAX_TEXT
            )
        if not why or len(why) > MAX_WHY:
            raise ExampleError("why", f"the reason must be 1-{MAX_WHY} characters", most=MAX_WHY)
        with self.transaction():
            found = self._example_row("text = ?", [text])
            if found is not None:
                if found.label != label:
                    raise ExampleError(
                        "conflict",
                        f"this message is already example #{found.id} as {found.label}",
                        id=found.id,
                        label=found.label,
                    )
                return found, False
            row = {
                "text": text,
                "label": label,
                "lang": lang,
                "why": why,
                "created_by": actor,
                "created_at": now(),
            }
            new_id = int(self.db.table("model_examples").insert(row).last_pk or 0)
            self.audit(actor, "add", "model_examples", str(new_id),
                       after={"label": label, "lang": lang, "text": text[:200]}, reason=why)
        return ModelExample(id=new_id, **row), True

    def withdraw_model_example(self, example_id: int, why: str, actor: str) -> ModelExample:
        """Removes a stored example (a label found wrong, a message that should not have been
        kept) so the next `model export` leaves it out. The audit record keeps the whole row,
        so /revert can put it back. Raises ExampleError for an unknown id or a missing reason."""
        why = " ".join(why.split())
        if not why or len(why) > MAX_WHY:
            raise ExampleError("why", f"the reason must be 1-{MAX_WHY} characters", most=MAX_WHY)
        with self.transaction():
            found = self._example_row("id = ?", [example_id])
            if found is None:
                raise ExampleError("unknown", f"there is no example #{example_id}", id=example_id)
            self.db.table("model_examples").delete(example_id)
            self.audit(actor, "withdraw", "model_examples", str(example_id),
                       before=found.model_dump(), reason=why)
        return found

    def model_examples(self) -> list[ModelExample]:
        """Every moderated example, oldest first (the export's order, so it is stable)."""
        rows = self.db.table("model_examples").rows_where(order_by="id")
        return [ModelExample(**r) for r in rows]

    def _example_row(self, where: str, params: list[Any]) -> ModelExample | None:
        rows = list(self.db.table("model_examples").rows_where(where, params, limit=1))
        return ModelExample(**rows[0]) if rows else None
