"""/example: a moderator labels a forwarded message as a scam or benign example for the text
model, by replying to it with `/example scam <why>` or `/example benign <why>`, and takes one
back with `/example withdraw <id> <why>` (a wrong label, a message that should not be kept).

The example is stored (bot/store/examples.py), audited, and reaches the model only through
`scamcheck model export` (a reviewable file) and `scamcheck model train`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update, User
from telegram.ext import ContextTypes

from bot.han import HAN_CHAR
from bot.phrases import _T2S
from bot.store.examples import LABELS, ExampleError
from bot.telegram.common import message_text
from bot.telegram.moderation import Staff, actor, number

Context = ContextTypes.DEFAULT_TYPE


def example_lang(text: str) -> str:
    """The example files' language tag: Chinese in Simplified if folding changes nothing."""
    if HAN_CHAR.search(text) is None:
        return "en"
    return "zh-Hans" if _T2S.convert(text) == text else "zh-Hant"


@dataclass
class Examples:
    staff: Staff

    async def example(self, update: Update, context: Context) -> None:
        msg, user = update.effective_message, update.effective_user
        if msg is None or (await self.staff.allowed(update, "example", "/example")) is None:
            return
        args = context.args or []
        if args and args[0].lower() == "withdraw":
            await self._withdraw(update, args[1:])
            return
        if not args or args[0].lower() not in LABELS:
            await self.staff.usage(update, "example")
            return
        label, why = args[0].lower(), " ".join(args[1:])
        replied = msg.reply_to_message
        text = message_text(replied) if replied is not None else ""
        if not text.strip():
            await self.staff.reply(update, self.staff.say(user, "mod.example.no_reply"))
            return
        if not why.strip():
            await self.staff.reply(update, self.staff.say(user, "mod.example.no_reason"))
            return
        try:
            who, lang = actor(user), example_lang(text)
            stored, new = await self.staff.store.write_async(
                lambda w: w.add_model_example(text, label, why, who, lang)
            )
        except ExampleError as e:
            text = self.staff.say(user, f"mod.example.{e.key}", **e.params)
            await self.staff.reply(update, text)
            return
        key = "mod.example.stored" if new else "mod.example.known"
        await self.staff.reply(
            update, self.staff.say(user, key, id=stored.id, label=self._label(user, stored.label))
        )

    async def _withdraw(self, update: Update, args: list[str]) -> None:
        user = update.effective_user
        example_id = number(args[0]) if args else None
        if example_id is None:
            await self.staff.usage(update, "example")
            return
        why = " ".join(args[1:])
        if not why.strip():
            await self.staff.reply(update, self.staff.say(user, "mod.example.no_reason"))
            return
        try:
            who = actor(user)
            gone = await self.staff.store.write_async(
                lambda w: w.withdraw_model_example(example_id, why, who)
            )
        except ExampleError as e:
            said = self.staff.say(user, f"mod.example.{e.key}", **e.params)
            await self.staff.reply(update, said)
            return
        label = self._label(user, gone.label)
        await self.staff.reply(
            update, self.staff.say(user, "mod.example.withdrawn", id=gone.id, label=label)
        )

    def _label(self, user: User | None, label: str) -> str:
        return self.staff.say(user, f"mod.example.label.{label}")
