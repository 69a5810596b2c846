"""/withdraw: the pre-withdrawal check the campaign is about, as a short guided conversation.

The destination, who gave it, promised returns, a contact claiming to be support, police or a
friend, being rushed; then a verdict on the answers plus the address/link check. A destination
with an address gets one follow-up first: an address the user usually sends to (or Skip), so that
a lookalike of it (address poisoning) is caught. The step lives in the store (not in
ConversationHandler memory), so any webhook replica can take the next answer. Of the destination
and the usual address only the indicators found in them are kept, in the conversation's state,
until it ends; nothing of them is stored after that.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.chains import find_addresses
from bot.message import Message
from bot.render import render, t
from bot.telegram import outcomes
from bot.telegram.common import (
    FLOW_MAX_AGE,
    Services,
    keyboard,
    message_text,
    prefs,
    say,
    services,
    to_message,
)
from bot.verdict import RISK_ORDER, CategoryScore, Verdict

KIND = "withdraw"
PATTERN = r"^w:"
_DATA = re.compile(r"^w:([a-z]+):([a-z]+)$")
QUESTIONS = ("dest", "who", "returns", "contact", "rushed")
# Unnumbered follow-ups: step -> the step after it. "usual" is asked after a destination that
# holds an address; it takes a typed address or the Skip button.
FOLLOW_UPS = {"usual": "who"}
ANSWERS: dict[str, tuple[str, ...]] = {
    "usual": ("skip",),
    "who": ("stranger", "support", "friend", "self"),
    "returns": ("yes", "no"),
    "contact": ("yes", "no", "unsure"),
    "rushed": ("yes", "no"),
}
# (question, answer) -> (weight, the scam category it points to); weights add up to the risk.
FLAGS: dict[tuple[str, str], tuple[int, str | None]] = {
    ("who", "stranger"): (1, "investment"),
    ("who", "support"): (2, "fake_support"),
    ("who", "friend"): (1, None),
    ("returns", "yes"): (2, "investment"),
    ("contact", "yes"): (2, "fake_support"),
    ("contact", "unsure"): (1, None),
    ("rushed", "yes"): (1, None),
}
MAX_DESTINATIONS = 5
MAX_USUAL = 5  # addresses kept of the usual-address answer


async def start_withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the pre-withdrawal check with its first question."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    await begin(msg, s, user.id, prefs(s, user).lang)


async def begin(msg: TgMessage, s: Services, user_id: int, lang: str) -> None:
    """Opens the conversation (replacing any other) and asks for the destination."""
    await s.store.write_async(lambda w: w.start_flow(user_id, KIND, "dest", {}))
    await msg.reply_html(
        f"{say(lang, 'withdraw.intro')}\n\n{_question_text(lang, 'dest')}", do_quote=False
    )


async def answer_destination(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes the destination (address, link or platform) and asks who gave it."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    verdict = s.checker.check(to_message(msg, p.lang, p.region))
    found = list(dict.fromkeys((i.raw or i.value)[:512] for i in verdict.indicators))
    # Only an address can be a poisoned copy of the one the user usually sends to.
    addresses = [i for i in verdict.indicators if i.kind == "address" and i.valid is not False]
    following = "usual" if addresses else "who"
    data = {"dest": found[:MAX_DESTINATIONS]}
    if not await s.store.write_async(
        lambda w: w.advance_flow(user.id, KIND, "dest", following, data)
    ):
        return
    await _ask(msg, p.lang, following)


async def answer_usual(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes the address the user usually sends to, compares it with the destination (a
    lookalike that differs in the middle is address poisoning), and asks who gave it."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    usual = [a.raw for a in find_addresses(message_text(msg)) if a.valid is not False]
    usual = list(dict.fromkeys(usual))[:MAX_USUAL]
    if not usual:
        again = say(p.lang, "withdraw.usual.none")
        await msg.reply_html(again, reply_markup=_buttons(p.lang, "usual"), do_quote=False)
        return
    flow = s.store.get_flow(user.id, max_age=FLOW_MAX_AGE)
    if flow is None or flow.kind != KIND:
        return
    dest = list(flow.data.get("dest") or [])
    answered = {**flow.data, "usual": usual}
    if not await s.store.write_async(
        lambda w: w.advance_flow(user.id, KIND, "usual", "who", answered)
    ):
        return
    checked = s.checker.check(Message(text="\n".join(dest), destinations=usual))
    imitated = [f.params["destination"] for f in checked.findings
                if f.type == "address_poisoning" and "destination" in f.params]  # fmt: skip
    if imitated:
        note = say(p.lang, "withdraw.usual.poisoned", usual=imitated[0])
    elif _same(dest, usual):
        note = say(p.lang, "withdraw.usual.same")
    else:
        note = ""
    await _ask(msg, p.lang, "who", note)


def _same(dest: list[str], usual: list[str]) -> bool:
    """Whether an address of the destination is one of the usual ones (in any case or form)."""
    keys = {a.value for a in find_addresses("\n".join(usual))}
    return any(a.value in keys for a in find_addresses("\n".join(dest)))


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes a button answer, then asks the next question or gives the verdict."""
    if (query := update.callback_query) is None or not isinstance(query.message, TgMessage):
        return
    s = services(context)
    p = prefs(s, query.from_user)
    m = _DATA.match(query.data or "")
    step, answer = (m[1], m[2]) if m else ("", "")
    if answer not in ANSWERS.get(step, ()):
        await query.answer(t(p.lang, "callback.unknown"))
        return
    flow = s.store.get_flow(query.from_user.id, max_age=FLOW_MAX_AGE)
    if flow is None or flow.kind != KIND:
        await query.answer(t(p.lang, "withdraw.expired"))
        return
    following = _next(step)
    data = {**flow.data, step: answer}
    if flow.step != step or not await s.store.write_async(
        lambda w: w.advance_flow(p.user_id, KIND, step, following, data)
    ):
        await query.answer(t(p.lang, "withdraw.answered"))
        return
    await query.answer()
    await query.edit_message_text(
        f"{_question_text(p.lang, step)}\n\n→ <b>{say(p.lang, _label(step, answer))}</b>"
    )
    if following != "done":
        await _ask(query.message, p.lang, following)
        return
    await s.store.write_async(lambda w: w.end_flow(p.user_id, KIND))
    await _conclude(query.message, s, data, p.lang, p.region)


def _next(step: str) -> str:
    if step in FOLLOW_UPS:
        return FOLLOW_UPS[step]
    i = QUESTIONS.index(step)
    return QUESTIONS[i + 1] if i + 1 < len(QUESTIONS) else "done"


def _label(step: str, answer: str) -> str:
    return f"withdraw.a.{step}.{answer}" if step == "who" else f"withdraw.a.{answer}"


def _question_text(lang: str, step: str) -> str:
    if step in FOLLOW_UPS:  # a follow-up of the question before it: no number of its own
        return say(lang, f"withdraw.q.{step}")
    n = str(QUESTIONS.index(step) + 1)
    counter = say(lang, "withdraw.step", n=n, total=str(len(QUESTIONS)))
    return f"<i>{counter}</i>\n{say(lang, f'withdraw.q.{step}')}"


def _buttons(lang: str, step: str) -> InlineKeyboardMarkup:
    buttons = [(t(lang, _label(step, a)), f"w:{step}:{a}") for a in ANSWERS[step]]
    return keyboard([[b] for b in buttons] if step == "who" else [buttons])


async def _ask(msg: TgMessage, lang: str, step: str, note: str = "") -> None:
    """Asks a question, after a note about the previous answer if there is one."""
    text = f"{note}\n\n{_question_text(lang, step)}" if note else _question_text(lang, step)
    await msg.reply_html(text, reply_markup=_buttons(lang, step), do_quote=False)


async def _conclude(
    msg: TgMessage, s: Services, data: dict[str, str | list[str]], lang: str, region: str
) -> None:
    verdict, flags, by_answers = assess(s, data, lang, region)
    idx, default = s.checker.index, s.settings.default_region
    rendered = render(verdict, idx, lang, region, as_html=True, default_region=default)
    risk_line, _, rest = rendered.partition("\n\n")
    if by_answers:  # "matches known scams" would claim a record the answers alone do not have
        risk_line = f"<b>{say(lang, f'withdraw.risk.{verdict.risk}')}</b>"
    parts = [f"<b>{say(lang, 'withdraw.result.title')}</b>", risk_line]
    if flags:
        lines = [f"• {say(lang, f'withdraw.flag.{q}.{a}')}" for q, a in flags]
        parts.append(f"<b>{say(lang, 'withdraw.result.flags')}</b>\n" + "\n".join(lines))
    else:
        parts.append(say(lang, "withdraw.result.no_flags"))
    if not data.get("dest"):
        parts.append(say(lang, "withdraw.result.no_destination"))
    parts.append(rest)
    question = (
        outcomes.markup(s, verdict, lang, region, "withdraw")
        if outcomes.needs_question(verdict)
        else None
    )
    await outcomes.send_reply(msg, "\n\n".join(p for p in parts if p), lang, question)


def assess(
    s: Services, data: dict[str, str | list[str]], lang: str, region: str
) -> tuple[Verdict, list[tuple[str, str]], bool]:
    """The answers' verdict joined with the destination's check, the flags, whether answers won."""
    dest = list(data.get("dest") or [])
    usual = data.get("usual")  # the addresses typed, or "skip"
    own = list(usual) if isinstance(usual, list) else []
    checked = (
        s.checker.check(Message(text="\n".join(dest), lang=lang, region=region, destinations=own))
        if dest
        else Verdict(risk="low", lang=lang, region=region)
    )
    flags = [(q, str(data[q])) for q in QUESTIONS[1:] if (q, str(data.get(q))) in FLAGS]
    score = sum(FLAGS[f][0] for f in flags)
    from_answers = "high" if score >= 3 else "medium" if score >= 1 else "low"
    by_answers = from_answers != "low" and RISK_ORDER[from_answers] > RISK_ORDER[checked.risk]
    risk = from_answers if by_answers else checked.risk
    categories = _categories(s, checked, flags)
    verdict = checked.model_copy(update={"risk": risk, "categories": categories})
    return verdict, flags, by_answers


def _categories(
    s: Services, checked: Verdict, flags: list[tuple[str, str]]
) -> list[CategoryScore]:
    """The destination's own category when it is a known scam, then what the answers point to."""
    ranked = [c.id for c in checked.categories] if checked.risk == "high" else []
    by_weight = sorted((FLAGS[f] for f in flags if FLAGS[f][1]), key=lambda w: -w[0])
    ranked += [str(cat) for _, cat in by_weight]
    ranked += [c.id for c in checked.categories]
    known = [c for c in dict.fromkeys(ranked) if c in s.checker.index.categories]
    return [CategoryScore(id=c, score=1.0) for c in known]
