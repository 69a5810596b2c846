"""A genuine account notice with nowhere to act but the reader's own app (issue 10, hnotice16).

Exchanges send the tool their withdrawal moment, and their own notices read like the scams that
imitate them: "your withdrawal of 500 USDT is pending review", "your account has been
temporarily restricted ... reset your password in the app". What a scam needs and such a notice
lacks is a way to reach the reader: a link, a number, an address, a handle, or an ask (pay,
share the code, move the funds, contact us). A notice that holds none of them, and either tells
the state of the reader's own transaction or sends them to the app they already use, can do no
harm whatever its words: the reader acts in the real app. Its account-state signs and the text
model's resemblance then stay `low` (engine._check); any channel or ask, even one, and the
message is read as before.
"""

from __future__ import annotations

from bot import compiled
from bot.tactics import _folded

# The state of the reader's own transaction or verification, as the exchange reports it.
_STATUS_EN = compiled.compile(
    r"\byour\s+(?:\w+\s+){0,2}?(?:withdrawal|deposit|transfer|order|payment|verification|"
    r"request|transaction)s?(?:\s+request)?(?:\s+of\s+[\d.,]+\s*[a-z]{2,6})?\s+"
    r"(?:is|has\s+been|was|have\s+been|are)\s+(?:now\s+)?(?:pending(?:\s+review)?|"
    r"under\s+review|being\s+(?:processed|reviewed)|processed|complete|completed|approved|"
    r"submitted|credited|cancell?ed|received|confirmed|on\s+hold\s+for\s+(?:a\s+)?"
    r"(?:routine\s+)?(?:security\s+)?review)\b"
)
# ...or the reader sent to the app they already use, or told nothing is needed of them.
_OWN_APP_EN = compiled.compile(
    r"\b(?:in|through|via|inside|within|to)\s+(?:the|our|your)\s+(?:official\s+)?"
    r"(?:[a-z0-9.]+\s+)?app\b|\bno\s+action\s+is\s+(?:needed|required)\b|"
    r"\byou\s+do\s+not\s+need\s+to\s+do\s+anything\b"
)
# (Chinese folded to Simplified and lower case by _folded)
_STATUS_ZH = compiled.compile(
    r"(?:提现|提币|提款|充值|入金|出金|转账|申请|订单)[^。！？\n]{0,16}"
    r"(?:正在审核|审核中|处理中|已完成|已经完成|已到账|已取消|已提交|已批准)"
)
_OWN_APP_ZH = compiled.compile(
    r"(?:登录|登入|打开|前往|在|喺)\s*app|app\s*(?:内|入面|里)|(?:无需|不需|毋须)(?:进行|作出)?任何操作"
)
# An ask the tactics may not have named (hnotice16's probes: "call +1 888 XXX XXXX to cancel",
# a masked number no extractor takes; "requires a one-time unfreezing deposit of 20%"): money to
# pay or a way to answer makes the message more than a notice.
_ASK_EN = compiled.compile(
    r"\b(?:pay|send|transfer|top\s?up|remit|call|dial|ring|whatsapp|telegram|wechat|signal|"
    r"reply|text\s+(?:us|back|me))\b|\b(?:requires?|required|needs?|needed|must)\b"
    r"[^.!?\n]{0,40}\b(?:deposit|fee|tax|payment|margin|guarantee)\b|\bunfreez\w*|"
    r"\bunlock(?:ing)?\s+(?:fee|deposit)|\+\s?\d"
)
_ASK_ZH = compiled.compile(
    r"(?:需|须|要|请)(?:再|先)?(?:缴纳|缴|支付|充值|转账|汇款|付)|缴纳|保证金|解冻费|手续费|税|"
    r"致电|拨打|回复|来电|(?:加|联系|联络)[^。！？\n]{0,6}(?:经理|专员|微信|whatsapp|telegram|line)|"
    r"\+\s?\d"
)
# Tactic parts a genuine notice carries too: the account's state and what the exchange did.
_NOTICE_PARTS = ("pressure_", "lure_account_notice")


def is_own_app_notice(text: str, tactics: list[str], channels: int) -> bool:
    """`text` reports the reader's own transaction or sends them to their app, with no
    `channels` (links, numbers, e-mails, handles, addresses) and no tactic but `_NOTICE_PARTS`
    (`tactics`: the ids the tactics saw)."""
    if channels or any(not t.startswith(_NOTICE_PARTS) for t in tactics):
        return False
    low = _folded(text)
    if _ASK_EN.search(low) or _ASK_ZH.search(low):
        return False
    return bool(
        _STATUS_EN.search(low) or _OWN_APP_EN.search(low)
        or _STATUS_ZH.search(low) or _OWN_APP_ZH.search(low)
    )
