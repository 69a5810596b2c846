"""Verdict -> the reply a person reads, for a language and region (plain text or Telegram HTML)."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import yaml

from bot.engine import KnowledgeIndex
from bot.knowledge import LANGS, Region
from bot.verdict import Finding, Verdict

CATALOG_DIR = Path(__file__).parent / "catalog"
TELEGRAM_LIMIT = 4096


@cache
def catalog(lang: str) -> dict[str, str]:
    """The user-facing copy of one language (English when the language is unknown)."""
    lang = lang if lang in LANGS else "en"
    with open(CATALOG_DIR / f"{lang}.yaml", encoding="utf-8") as f:
        return dict(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def t(lang: str, key: str, **params: str) -> str:
    """One catalog entry, formatted; falls back to English, then to the key itself."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**params) if params else text


class _Fmt:
    def __init__(self, as_html: bool) -> None:
        self.as_html = as_html

    def esc(self, s: str) -> str:
        return html.escape(s, quote=False) if self.as_html else s

    def bold(self, s: str) -> str:
        return f"<b>{self.esc(s)}</b>" if self.as_html else s


def finding_line(f: Finding, idx: KnowledgeIndex, lang: str) -> str:
    """One finding in plain words, in the reader's language."""
    params = dict(f.params)
    if cat := params.get("category"):
        params["category"] = _category_title(idx, cat, lang)
    if who := params.get("who"):
        params["who"] = t(lang, f"who.{who}")
    cat_ = catalog(lang)
    for key in (f"finding.{f.type}." + ".".join(sorted(params)), f"finding.{f.type}"):
        if key in cat_:
            try:
                return cat_[key].format(**params)
            except (KeyError, IndexError):
                continue
    return f.detail


def _category_title(idx: KnowledgeIndex, cat: str, lang: str) -> str:
    c = idx.categories.get(cat)
    return c.title.get(lang) if c else cat.replace("_", " ")


def _contacts(region: Region, lang: str, fmt: _Fmt) -> list[str]:
    lines = [fmt.bold(t(lang, "contacts", region=region.name.get(lang)))]
    for c in region.contacts:
        reach = " · ".join(x for x in (c.phone, c.url, c.email) if x)
        mark = "" if c.confidence == "verified" else f" ({t(lang, 'unverified')})"
        note = f" — {c.notes.get(lang)}" if c.notes else ""
        lines.append(fmt.esc(f"• {c.name.get(lang)}: {reach}{mark}{note}"))
    return lines


def render(
    verdict: Verdict,
    idx: KnowledgeIndex,
    lang: str = "en",
    region: str | None = None,
    as_html: bool = False,
    default_region: str = "HK",
) -> str:
    """The full reply: risk, why, the warning and tips for the top category, whom to call."""
    lang = lang if lang in LANGS else "en"
    fmt = _Fmt(as_html)
    parts: list[list[str]] = [[fmt.bold(t(lang, f"risk.{verdict.risk}"))]]
    shown = [f for f in verdict.findings if f.severity != "info" or verdict.risk == "official"]
    if shown:
        parts.append(
            [fmt.bold(t(lang, "why"))]
            + [fmt.esc(f"• {finding_line(f, idx, lang)}") for f in shown[:8]]
        )
    reg = idx.regions.get((region or verdict.region or default_region).upper())
    top = verdict.top_category
    category = idx.categories.get(top) if top else None
    if category is not None and verdict.risk in ("high", "medium"):
        parts.append([fmt.bold(category.title.get(lang)), fmt.esc(category.warning.get(lang))])
        parts.append(
            [fmt.bold(t(lang, "what_to_do"))]
            + [fmt.esc(f"• {tip}") for tip in category.tips.get(lang)]
        )
    else:
        parts.append([fmt.esc(t(lang, "tip.general"))])
        if reg is not None and verdict.risk == "low":
            titles = [_category_title(idx, c, lang) for c in reg.top_categories]
            parts.append(
                [fmt.bold(t(lang, "prevalent", region=reg.name.get(lang)))]
                + [fmt.esc(f"• {x}") for x in titles]
            )
    if reg is not None:
        parts.append(_contacts(reg, lang, fmt))
    return "\n\n".join("\n".join(p) for p in parts)
