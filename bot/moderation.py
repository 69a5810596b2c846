"""Moderation rules as pure functions: who may do what, police bulk files, phrase dry runs.

No Telegram, no HTTP, no SQL: the bot, the API and the store share these rules.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from bot import jsonin
from bot.access import PUBLISH_MODES as PUBLISH_MODES  # re-exported: older imports
from bot.access import ROLES as ROLES
from bot.access import SCOPES as SCOPES
from bot.chains import parse_address
from bot.engine import reported_key
from bot.indicators import normalize_phone, parse_link
from bot.knowledge import (
    BrandFile,
    Category,
    Knowledge,
    KnowledgeError,
    Region,
    parse,
    read_yaml,
)
from bot.phrases import PhraseIndex
from bot.settings import PACKAGE_KNOWLEDGE

Role = Literal["admin", "moderator", "police"]
PublishMode = Literal["live", "review"]
KINDS: tuple[str, ...] = ("address", "domain", "url", "phone", "handle", "email", "phrase")

# Which roles may take which action; "user" (no role) may take none of them.
PERMISSIONS: dict[str, frozenset[str]] = {
    "grant": frozenset({"admin"}),
    "token": frozenset({"admin"}),
    "organisation": frozenset({"admin"}),
    "override": frozenset({"admin"}),
    "queue": frozenset({"admin", "moderator"}),
    "decide": frozenset({"admin", "moderator"}),
    "revert": frozenset({"admin", "moderator"}),
    "phrase": frozenset({"admin", "moderator", "police"}),
    "reported": frozenset({"admin", "moderator", "police"}),
    "history": frozenset({"admin", "moderator", "police"}),
    "bulk": frozenset({"admin", "moderator", "police"}),
    "stats": frozenset({"admin", "moderator", "police"}),
    # Categories, warnings, tips and regional contacts, sent as knowledge files.
    "knowledge": frozenset({"admin", "moderator"}),
    # Brands are the official lists the poisoning guard trusts: only admins change them.
    "brands": frozenset({"admin"}),
    # Labelled examples for the text model (/example): reviewed again before training.
    "example": frozenset({"admin", "moderator"}),
}
# Reverting a change to who may do what is itself an admin's job, and so is reverting a change
# to the official lists: a revert writes brands as surely as a brands file does.
REVERT_NEEDS: dict[str, str] = {
    "roles": "grant",
    "organisations": "organisation",
    "brands": "brands",
}

BENIGN_SAMPLE = Path("benign") / "sample.yaml"
MAX_BULK_BYTES = 2_000_000
MAX_BULK_ROWS = 5000
_COLUMNS = ("kind", "value", "category", "reference", "organisation", "note", "lang")
_REQUIRED = ("kind", "value", "category")
_HANDLE = re.compile(r"^@?[a-z0-9_.]{3,64}$", re.I)
_EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[a-z]{2,})$", re.I)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def can(role: str | None, action: str) -> bool:
    """Whether a role may take an action; unknown actions are refused."""
    return role is not None and role in PERMISSIONS.get(action, frozenset())


class BulkRow(BaseModel):
    """One valid line of a police or moderator submission."""

    line: int
    kind: str
    value: str
    key: str
    category: str
    reference: str = ""
    organisation: str = ""
    note: str = ""
    lang: str = ""


class LineError(BaseModel):
    """Why one line (CSV) or item (JSON) was refused."""

    line: int = Field(description="line of a CSV file, item of a JSON list; 0: the whole file")
    unit: Literal["line", "item", "file"] = "line"
    error: str

    def label(self) -> str:
        return "file" if self.unit == "file" else f"{self.unit} {self.line}"


class BulkParse(BaseModel):
    rows: list[BulkRow] = []
    errors: list[LineError] = []


class RowRules(BaseModel):
    """What a submission is checked against: known categories, who uploads, their region."""

    categories: frozenset[str]
    organisation: str = ""
    region: str = "HK"
    require_reference: bool = False


# --- one indicator ----------------------------------------------------------------------------


def indicator_key(kind: str, value: str, region: str = "HK") -> tuple[str, str]:
    """(value as stored, look-up key) of one indicator, or ValueError saying what is wrong."""
    value = value.strip()
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if not 3 <= len(value) <= 2048:
        raise ValueError("value must be 3 to 2048 characters")
    check = _CHECKS.get(kind)
    value = check(value, region) if check else value
    key = reported_key(kind, value) if kind != "phrase" else " ".join(value.lower().split())
    if not key:
        raise ValueError(f"not a valid {kind}: {value!r}")
    return value, key


def _address(value: str, region: str) -> str:
    parsed = parse_address(value)
    if parsed is None:
        raise ValueError(f"not a recognised crypto address: {value!r}")
    if parsed.valid is False:
        raise ValueError(f"{value!r}: its checksum is wrong (a typo, or an altered address)")
    return value


def _domain(value: str, region: str) -> str:
    link = parse_link(value)
    if link is None or link.path.strip("/") or link.is_ip:
        raise ValueError(f"not a domain name: {value!r} (use kind url for a link with a path)")
    return link.host.removeprefix("www.")


def _url(value: str, region: str) -> str:
    if parse_link(value) is None:
        raise ValueError(f"not a link: {value!r}")
    return value


def _phone(value: str, region: str) -> str:
    e164 = normalize_phone(value, region)
    if e164 is None:
        raise ValueError(f"not a phone number: {value!r}")
    return e164


def _handle(value: str, region: str) -> str:
    if not _HANDLE.match(value):
        raise ValueError(f"not a handle: {value!r}")
    return value


def _email(value: str, region: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"not an e-mail address: {value!r}")
    return value


def _phrase(value: str, region: str) -> str:
    if len(value) > 300:
        raise ValueError("a phrase is at most 300 characters")
    return " ".join(value.split())


_CHECKS = {
    "address": _address,
    "domain": _domain,
    "url": _url,
    "phone": _phone,
    "handle": _handle,
    "email": _email,
    "phrase": _phrase,
}


def guess_lang(text: str) -> str:
    """zh-HK for text with Chinese characters, else en."""
    return "zh-HK" if _CJK.search(text) else "en"


def check_row(data: dict[str, Any], line: int, rules: RowRules) -> BulkRow:
    """Validates one submitted row, or raises ValueError naming the first problem."""
    cells = {k: str(v).strip() for k, v in data.items() if k in _COLUMNS and v is not None}
    kind = cells.get("kind", "").lower()
    value, key = indicator_key(kind, cells.get("value", ""), rules.region)
    category = cells.get("category", "").lower()
    if category not in rules.categories:
        raise ValueError(f"unknown category {category!r}")
    reference = cells.get("reference", "")
    if rules.require_reference and not reference:
        raise ValueError("a case reference is required")
    org = cells.get("organisation", "")
    if org and rules.organisation and org.lower() != rules.organisation.lower():
        raise ValueError(f"organisation {org!r} is not yours ({rules.organisation})")
    if org and not rules.organisation:
        # A moderator's row filed under a force read "by our moderators (HKPF)" in verdicts
        # and became that force's to withdraw, though none of its officers had sent it.
        raise ValueError(
            f"organisation {org!r}: only its officers and API tokens file entries under it;"
            " a moderator's row is the moderators' own (leave organisation empty and quote"
            " the force's case in reference or note)"
        )
    lang = cells.get("lang", "") or (guess_lang(value) if kind == "phrase" else "")
    if lang and lang not in ("en", "zh-HK"):
        raise ValueError(f"unknown language {lang!r} (en or zh-HK)")
    if kind == "phrase" and not PhraseIndex.build([(value, category, 0.6, lang)]).phrases:
        # said here, by line: the benign dry run after parsing would raise on the whole file
        raise ValueError("the phrase has no words left after normalisation")
    return BulkRow(
        line=line,
        kind=kind,
        value=value,
        key=key,
        category=category,
        reference=reference[:200],
        organisation=rules.organisation,
        note=cells.get("note", "")[:1000],
        lang=lang,
    )


# --- whole files ------------------------------------------------------------------------------


def parse_bulk(data: bytes, fmt: Literal["csv", "json"], rules: RowRules) -> BulkParse:
    """Validates a bulk file row by row: bad rows are reported by line, good rows kept."""
    if len(data) > MAX_BULK_BYTES:
        return _file_error(f"the file is over {MAX_BULK_BYTES // 1_000_000} MB; split it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return _file_error(f"not UTF-8 text (byte {e.start}); save the file as UTF-8")
    if fmt == "json":
        return _parse_json(text, rules)
    return _parse_csv(text, rules)


def knowledge_file(filename: str) -> bool:
    """Whether an upload is a knowledge file (a category, a region, brands) rather than rows."""
    return filename.lower().endswith((".yaml", ".yml"))


def read_knowledge_file(path: Path, categories: frozenset[str]) -> Knowledge:
    """One category, region or brands file as a Knowledge to load; KnowledgeError with lines."""
    data = read_yaml(path)
    kb = Knowledge()
    if isinstance(data, dict) and "brands" in data:
        kb.brands = parse(BrandFile, path, data).brands
    elif isinstance(data, dict) and "code" in data:
        region = parse(Region, path, data)
        if bad := [c for c in region.top_categories if c not in categories]:
            raise KnowledgeError(f"{path.name}: unknown category {bad[0]}")
        kb.regions = {region.code: region}
    elif isinstance(data, dict) and "id" in data:
        category = parse(Category, path, data)
        kb.categories = {category.id: category}
    else:
        raise KnowledgeError(f"{path.name}: not a category, region or brands file")
    return kb


def bulk_format(filename: str, content_type: str = "") -> Literal["csv", "json"] | None:
    """The format of an uploaded file from its name or content type."""
    name, ctype = filename.lower(), content_type.lower()
    if name.endswith(".json") or "json" in ctype:
        return "json"
    if name.endswith((".csv", ".txt")) or "csv" in ctype or ctype.startswith("text/plain"):
        return "csv"
    return None


def _file_error(msg: str) -> BulkParse:
    return BulkParse(errors=[LineError(line=0, unit="file", error=msg)])


def _parse_csv(text: str, rules: RowRules) -> BulkParse:
    try:
        dialect: Any = csv.Sniffer().sniff("\n".join(text.splitlines()[:5]), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if problem := _header_problem(header, rules):
        return BulkParse(errors=[LineError(line=1, error=problem)])
    reader.fieldnames = header
    items: list[tuple[int, dict[str, Any]]] = []
    extra: list[LineError] = []
    for row in reader:
        values = [v for v in row.values() if isinstance(v, str)]
        if not any(v.strip() for v in values) or (row.get("kind") or "").lstrip()[:1] == "#":
            continue
        if None in row:
            extra.append(
                LineError(
                    line=reader.line_num,
                    error="more fields than columns"
                    " (put values that contain commas in double quotes)",
                )
            )
            continue
        items.append((reader.line_num, row))
    result = _check_all(items, rules, "line")
    result.errors = sorted(extra + result.errors, key=lambda e: e.line)
    return result


def _header_problem(header: list[str], rules: RowRules) -> str | None:
    if not header:
        return "the file is empty; the first line must name the columns"
    unknown = [h for h in header if h and h not in _COLUMNS]
    if unknown:
        return f"unknown column {unknown[0]!r} (columns: {', '.join(_COLUMNS)})"
    required = (*_REQUIRED, "reference") if rules.require_reference else _REQUIRED
    missing = [c for c in required if c not in header]
    return f"missing column {missing[0]!r}" if missing else None


def _parse_json(text: str, rules: RowRules) -> BulkParse:
    try:
        data = jsonin.loads(text)
    except json.JSONDecodeError as e:
        return BulkParse(errors=[LineError(line=e.lineno, error=f"not valid JSON: {e.msg}")])
    except jsonin.TooDeep as e:
        return _file_error(f"not valid JSON: {e}; expected a list of objects")
    if isinstance(data, dict):
        data = data.get("reported", [data]) if "kind" not in data else [data]
    if not isinstance(data, list):
        return _file_error('expected a list of objects, or {"reported": [...]}')
    items = list(enumerate(data, 1))
    bad = [
        LineError(line=n, unit="item", error=why)
        for n, item in items
        if (why := _not_a_row(item))
    ]
    result = _check_all([(n, i) for n, i in items if not _not_a_row(i)], rules, "item")
    result.errors = sorted(bad + result.errors, key=lambda e: e.line)
    return result


LONE_SURROGATE = (
    "holds a lone surrogate (a \\ud800-\\udfff escape without its pair), which is no text"
)


def has_lone_surrogate(value: object) -> bool:
    """Whether a decoded JSON value holds a lone surrogate, which no UTF-8 store can write."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _not_a_row(item: object) -> str | None:
    if not isinstance(item, dict):
        return "not an object"
    return LONE_SURROGATE if has_lone_surrogate(item) else None


def _check_all(
    items: list[tuple[int, dict[str, Any]]], rules: RowRules, unit: Literal["line", "item"]
) -> BulkParse:
    out = BulkParse()
    seen: dict[tuple[str, str], int] = {}
    for n, item in items:
        if len(out.rows) >= MAX_BULK_ROWS:
            out.errors.append(
                LineError(
                    line=n, unit=unit, error=f"over {MAX_BULK_ROWS} rows: the rest was not read"
                )
            )
            break
        try:
            row = check_row(item, n, rules)
        except (ValueError, ValidationError) as e:
            out.errors.append(LineError(line=n, unit=unit, error=str(e).splitlines()[0][:300]))
            continue
        if (first := seen.get((row.kind, row.key))) is not None:
            out.errors.append(LineError(line=n, unit=unit, error=f"duplicate of {unit} {first}"))
            continue
        seen[(row.kind, row.key)] = n
        out.rows.append(row)
    return out


# --- phrase dry run ---------------------------------------------------------------------------


class BenignMessage(BaseModel):
    """An ordinary message a scam phrase must not flag."""

    id: str
    lang: str
    kind: str
    text: str = Field(min_length=1)


class DryRunHit(BaseModel):
    message: BenignMessage
    matched: str
    score: float


def load_benign(path: Path) -> list[BenignMessage]:
    """The stored benign sample (knowledge/benign/sample.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [BenignMessage.model_validate(m) for m in data.get("messages", [])]


@lru_cache(maxsize=4)
def benign_sample(knowledge_dir: Path) -> tuple[BenignMessage, ...]:
    """The deployment's benign sample, else the one shipped with the code; read once."""
    path = knowledge_dir / BENIGN_SAMPLE
    return tuple(load_benign(path if path.exists() else PACKAGE_KNOWLEDGE / BENIGN_SAMPLE))


def hold_false_positives(
    rows: list[BulkRow], sample: Sequence[BenignMessage]
) -> tuple[list[BulkRow], list[BulkRow]]:
    """Splits off phrase rows that would flag benign messages: they go to review, not live."""
    ok, held = [], []
    for row in rows:
        hits = (
            dry_run(row.value, row.category, row.lang or "en", sample)
            if row.kind == "phrase"
            else []
        )
        if not hits:
            ok.append(row)
            continue
        ids = ", ".join(h.message.id for h in hits[:5])
        note = f"dry run: flags {len(hits)} benign message(s) ({ids}). {row.note}".strip()
        held.append(row.model_copy(update={"note": note[:1000]}))
    return ok, held


def dry_run(
    text: str, category: str, lang: str, sample: Sequence[BenignMessage], weight: float = 0.6
) -> list[DryRunHit]:
    """The benign messages a new phrase would have flagged: false positives before users see."""
    idx = PhraseIndex.build([(text, category, weight, lang)])
    if not idx.phrases:
        raise ValueError("the phrase has no words left after normalisation")
    hits = []
    for msg in sample:
        if found := idx.match(msg.text):
            best = max(found, key=lambda m: m.score)
            hits.append(DryRunHit(message=msg, matched=best.matched, score=best.score))
    return hits
