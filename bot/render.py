"""Verdict -> the reply a person reads, for a language and region (plain text or Telegram HTML)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine import KnowledgeIndex
from bot.plain import LANGS, Region

if TYPE_CHECKING:  # a one-shot check renders bot.plain's verdict (no pydantic)
    from bot import plain, verdict

    Finding = verdict.Finding | plain.Finding
    Verdict = verdict.Verdict | plain.Verdict

CATALOG_DIR = Path(__file__).parent / "catalog"
TELEGRAM_LIMIT = 4096


@cache
def catalog(lang: str) -> dict[str, str]:
    """The user-facing copy of one language (English when the language is unknown), kept parsed
    in the per-user cache: a one-shot check then needs no YAML parser."""
    from bot import prebuilt

    lang = lang if lang in LANGS else "en"
    path = CATALOG_DIR / f"{lang}.yaml"

    def parse() -> dict[str, str]:
        import yaml

        with open(path, encoding="utf-8") as f:
            return dict(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))

    return prebuilt.from_file(f"catalog-{lang}", path, parse)


def t(lang: str, key: str, **params: str) -> str:
    """One catalog entry, formatted; falls back to English, then to the key itself."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**params) if params else text


class _Fmt:
    def __init__(self, as_html: bool) -> None:
        self.as_html = as_html

    def esc(self, s: str) -> str:
        # html.escape(s, quote=False), which is these three replacements: importing html (and
        # its table of entities) was ~1% of a one-shot check, which never writes HTML
        if not self.as_html:
            return s
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def bold(self, s: str) -> str:
        return f"<b>{self.esc(s)}</b>" if self.as_html else s


def finding_line(f: Finding, idx: KnowledgeIndex, lang: str, weak: bool = False) -> str:
    """One finding in plain words, in the reader's language; weak: as one of a few signs in a
    message without a scam record (a phrase is 'often seen in scams', not 'typical')."""
    params = dict(f.params)
    if f.type == "model" and not params.get("words"):
        # every word that weighed was a link or an address (not quoted: they have findings of
        # their own), so the line is worded without the list rather than with empty quotes
        params.pop("words", None)
    if cat := params.get("category"):
        params["category"] = _category_title(idx, cat, lang)
    if who := params.get("who"):
        params["who"] = t(lang, f"who.{who}")
    cat_ = catalog(lang)
    keys = (f"finding.{f.type}." + ".".join(sorted(params)), f"finding.{f.type}")
    for key in (f"{keys[0]}.weak", f"{keys[1]}.weak", *keys) if weak else keys:
        if key in cat_:
            try:
                return cat_[key].format(**params)
            except (KeyError, IndexError):
                continue
    return f.detail


def _category_title(idx: KnowledgeIndex, cat: str, lang: str) -> str:
    c = idx.categories.get(cat)
    return c.title.get(lang) if c else cat.replace("_", " ")


ELSEWHERE = "ZZ"  # the region file for anyone whose region is not listed (CLDR: unknown)
_RANK = {"high": 3, "medium": 2, "low": 1, "info": 0}
_TEXT_TYPES = ("phrase", "pattern")  # findings that quote the message
# What anyone outside a listed region can do, first: these have no number or address to list.
_FALLBACK_LINES = ("contacts.local_police", "contacts.exchange")


def lead_category(verdict: Verdict) -> str | None:
    """The category whose warning and tips the reply shows: that of the strongest finding
    (severity, then score, then its category's score), so that a reported address or a
    lookalike link is not outvoted by phrases of another category. Only findings as severe
    as the verdict lead: when the risk comes from elsewhere (the answers of /withdraw, evidence
    combined across findings), the top category does."""
    scores = {c.id: c.score for c in verdict.categories}
    floor = _RANK.get(verdict.risk, 0)
    named = [
        f
        for f in verdict.findings
        if f.category is not None and f.severity != "info" and _RANK[f.severity] >= floor
    ]
    if not named:
        return verdict.top_category
    best = max(named, key=lambda f: (_RANK[f.severity], f.score, scores.get(f.category or "", 0)))
    return best.category


def whom_to_call(idx: KnowledgeIndex, code: str) -> tuple[Region | None, bool]:
    """The region whose contacts to give, and whether it stands in for an unlisted one (a
    regional centre that covers the country, else the 'elsewhere' file, else None)."""
    code = code.upper()
    if (region := idx.regions.get(code)) is not None:
        return region, code == ELSEWHERE
    for region in idx.regions.values():
        if code in region.covers:
            return region, True
    return idx.regions.get(ELSEWHERE), True


def contacts_section(idx: KnowledgeIndex, code: str, lang: str, as_html: bool = False) -> str:
    """'Whom to call' for a region code, never empty: an unlisted region gets its regional
    centre or, failing that, local police, the exchange's own support and international
    resources."""
    return "\n".join(_contacts(idx, code, lang, _Fmt(as_html)))


def _contacts(idx: KnowledgeIndex, code: str, lang: str, fmt: _Fmt) -> list[str]:
    region, fallback = whom_to_call(idx, code)
    if not fallback and region is not None:
        lines = [fmt.bold(t(lang, "contacts", region=region.name.get(lang)))]
    elif region is not None and region.code != ELSEWHERE:
        lines = [fmt.bold(t(lang, "contacts.covered", region=region.name.get(lang)))]
    else:
        lines = [fmt.bold(t(lang, "contacts.fallback"))]
    if fallback:
        lines += [
            fmt.esc(f"• {t(lang, k)}") for k in ("contacts.local_police", "contacts.exchange")
        ]
    for c in region.contacts if region is not None else []:
        reach = " · ".join(x for x in (c.phone, c.url, c.email) if x)
        mark = "" if c.confidence == "verified" else f" ({t(lang, 'unverified')})"
        note = f" — {c.notes.get(lang)}" if c.notes else ""
        lines.append(fmt.esc(f"• {c.name.get(lang)}: {reach}{mark}{note}"))
    return lines


def _shown(verdict: Verdict) -> list[Finding]:
    """The findings a reply lists: each once (a finding of the same type on the same
    indicator, or quoting the same words of the message, is the same reason twice)."""
    shown: list[Finding] = []
    for f in verdict.findings:
        if f.severity == "info" and verdict.risk != "official":
            continue
        if not any(_same_reason(f, g) for g in shown):
            shown.append(f)
    return shown


def _same_reason(f: Finding, g: Finding) -> bool:
    if f.type in _TEXT_TYPES and g.type in _TEXT_TYPES and f.span and g.span:
        overlap = min(f.span.end, g.span.end) - max(f.span.start, g.span.start)
        shorter = min(f.span.end - f.span.start, g.span.end - g.span.start)
        return overlap > 0 and overlap * 2 >= shorter
    return f.type == g.type and f.indicator is not None and f.indicator == g.indicator


def _why(verdict: Verdict, idx: KnowledgeIndex, lang: str, fmt: _Fmt) -> list[list[str]]:
    """The risk line and the reasons: a `low` verdict with weak signs says that it has no
    record *but* some signs, never 'no record' above reasons typical of a scam."""
    weak = verdict.risk == "low"
    lines: list[str] = []
    for f in _shown(verdict):
        line = fmt.esc(f"• {finding_line(f, idx, lang, weak=weak)}")
        if line not in lines:  # two findings can still read the same once rendered
            lines.append(line)
    lines = lines[:8]
    if weak:
        key = "risk.low.signs" if lines else "risk.low"
        return [[fmt.bold(t(lang, key)), *lines]]
    head = [fmt.bold(t(lang, f"risk.{verdict.risk}"))]
    return [head, [fmt.bold(t(lang, "why")), *lines]] if lines else [head]


def render(
    verdict: Verdict,
    idx: KnowledgeIndex,
    lang: str = "en",
    region: str | None = None,
    as_html: bool = False,
    default_region: str = "HK",
) -> str:
    """The full reply: risk, why, the warning and tips of the strongest finding's category,
    whom to call."""
    lang = lang if lang in LANGS else "en"
    fmt = _Fmt(as_html)
    parts = _why(verdict, idx, lang, fmt)
    code = (region or verdict.region or default_region).upper()
    lead = lead_category(verdict)
    category = idx.categories.get(lead) if lead else None
    if category is not None and verdict.risk in ("high", "medium"):
        parts.append([fmt.bold(category.title.get(lang)), fmt.esc(category.warning.get(lang))])
        parts.append(
            [fmt.bold(t(lang, "what_to_do"))]
            + [fmt.esc(f"• {tip}") for tip in category.tips.get(lang)]
        )
    else:
        parts.append([fmt.esc(t(lang, "tip.general"))])
        reg, _ = whom_to_call(idx, code)
        if reg is not None and reg.code != ELSEWHERE and verdict.risk == "low":
            titles = [_category_title(idx, c, lang) for c in reg.top_categories]
            parts.append(
                [fmt.bold(t(lang, "prevalent", region=reg.name.get(lang)))]
                + [fmt.esc(f"• {x}") for x in titles]
            )
    parts.append(_contacts(idx, code, lang, fmt))
    return "\n\n".join("\n".join(p) for p in parts)
