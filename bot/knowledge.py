"""The knowledge base as reviewable files: pydantic models, validated loading, export.

Files live under `knowledge/`:
  categories/<id>.yaml   one scam typology with its copy in every language
  regions/<code>.yaml    a region's campaign: police and anti-scam contacts, prevalent scams
  brands.yaml            official domains and handles of exchanges, wallets and police
  phrases/<lang>/<category>.yaml   curated scam phrases
  reported/*.yaml        reported indicators (addresses, domains, urls, phones, handles, emails)
A malformed file is refused with its path and line; nothing from a failing load is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

# Shared with the plain twins the knowledge index keeps (bot/plain.py).
from bot.plain import LANGS as LANGS
from bot.plain import KnowledgeError as KnowledgeError
from bot.plain import Lang as Lang

Source = Literal["police", "moderator", "community", "automatic", "official"]
IndicatorKind = Literal["address", "domain", "url", "phone", "handle", "email"]

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
M = TypeVar("M", bound=BaseModel)


# defer_build: validators are built when a file is first validated, not at import; a one-shot
# check reads its index from the per-user cache and validates none (~40 ms of its start).
class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Localized(Strict):
    """Text in every supported language; English is the fallback."""

    en: str = Field(min_length=1)
    zh_HK: str = Field(alias="zh-HK", min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def get(self, lang: str) -> str:
        return self.zh_HK if lang == "zh-HK" else self.en


class LocalizedList(Strict):
    en: list[str] = Field(min_length=1)
    zh_HK: list[str] = Field(alias="zh-HK", min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def get(self, lang: str) -> list[str]:
        return self.zh_HK if lang == "zh-HK" else self.en


class Category(Strict):
    """A scam typology: what it is, the campaign warning, tips, an example."""

    id: str
    severity: Literal["high", "medium"] = "high"
    title: Localized
    explanation: Localized
    warning: Localized
    tips: LocalizedList
    example: Localized

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id must be lower_snake_case")
        return v

    @field_validator("tips")
    @classmethod
    def _tips(cls, v: LocalizedList) -> LocalizedList:
        for lang in LANGS:
            if not 3 <= len(v.get(lang)) <= 5:
                raise ValueError(f"3 to 5 tips per language ({lang})")
        return v


class Contact(Strict):
    """A police or anti-scam contact, with its public source."""

    name: Localized
    kind: Literal["hotline", "emergency", "report", "check", "email"]
    phone: str | None = None
    url: str | None = None
    email: str | None = None
    notes: Localized | None = None
    source: str = Field(min_length=3)
    confidence: Literal["verified", "unverified"]
    # The day someone last saw this contact on its official source; None: never checked by us.
    last_verified: dt.date | None = None

    @model_validator(mode="after")
    def _verified_has_date(self) -> Contact:
        if self.confidence == "verified" and self.last_verified is None:
            raise ValueError("a verified contact needs last_verified")
        if not (self.phone or self.url or self.email):
            raise ValueError("a contact needs a phone, url or email")
        return self


class Region(Strict):
    """A region's campaign: who to call and which scams are most prevalent there."""

    code: str = Field(pattern=r"^[A-Z]{2}$|^EU$")
    name: Localized
    default_lang: Lang = "en"
    phone_region: str = Field(pattern=r"^[A-Z]{2}$")
    top_categories: list[str] = Field(min_length=1)
    contacts: list[Contact] = Field(min_length=1)
    # Countries without a file of their own whose users this region's contacts also serve
    # (EU-wide contacts for France): the reply says that their country is not listed.
    covers: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = []


class Brand(Strict):
    """An organisation whose official channels we protect against imitation."""

    id: str
    name: str
    kind: Literal["exchange", "wallet", "police", "government", "defi", "service"]
    domains: list[str] = Field(min_length=1)
    handles: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    addresses: list[str] = []
    # Words that identify the brand inside a host name, e.g. "binance" in binance-verify.top.
    keywords: list[str] = []
    # False: a real project listed only so that its own sites read as official, not as
    # lookalikes of a brand whose name is near (tonscan.org beside tronscan.org); its names
    # are not guarded against imitation (no labels, keywords or handles of its own).
    protected: bool = True
    source: str = Field(min_length=3)

    @field_validator("domains", "keywords", "handles")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [x.strip().lower().lstrip("@") for x in v]


class Phrase(Strict):
    text: str = Field(min_length=2, max_length=300)
    # How strongly one match points at the scam: 0.3 a weak cue, 0.9 near-certain.
    weight: float = Field(default=0.6, gt=0, le=1)


class PhraseFile(Strict):
    lang: Lang
    category: str
    phrases: list[Phrase] = Field(min_length=1)


class Reported(Strict):
    """An indicator reported as used in a scam."""

    kind: IndicatorKind
    value: str = Field(min_length=3, max_length=2048)
    category: str
    source: Source = "police"
    organisation: str = ""
    reference: str = ""
    reports: int = Field(default=1, ge=1)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None


class BrandFile(Strict):
    brands: list[Brand]


class ReportedFile(Strict):
    reported: list[Reported] = []


class Knowledge(BaseModel):
    """Everything the engine and the replies need, loaded and cross-checked."""

    model_config = ConfigDict(defer_build=True)  # as Strict's

    categories: dict[str, Category] = {}
    regions: dict[str, Region] = {}
    brands: list[Brand] = []
    phrases: list[PhraseFile] = []
    reported: list[Reported] = []

    def check_references(self) -> list[str]:
        """Names every reference to a category that does not exist."""
        known = set(self.categories)
        bad = [
            f"region {r.code}: unknown category {c}"
            for r in self.regions.values()
            for c in r.top_categories
            if c not in known
        ]
        bad += [
            f"phrases {p.lang}/{p.category}: unknown category"
            for p in self.phrases
            if p.category not in known
        ]
        bad += [
            f"reported {r.value}: unknown category {r.category}"
            for r in self.reported
            if r.category not in known
        ]
        return bad


# --- loading with line numbers -------------------------------------------------------------


@cache
def _line_loader() -> Any:
    """A safe loader that remembers the line of every mapping and sequence item. Made on first
    use: a one-shot check reads its knowledge from the per-user cache and needs no YAML."""
    import yaml

    # libyaml's parser when PyYAML has it (the wheels do): the shipped files load 8x faster.
    # Same safe constructors, same marks.
    safe_loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _LineLoader(safe_loader):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
        # YAML itself keeps the last of two equal keys without a word, so a moderator's second
        # `phrases:` or a pasted `id:` would silently drop what came before it. Refuse instead,
        # naming both lines. Merge keys (`<<`) are YAML's own way of repeating and stay allowed.
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            merge = key_node.tag == "tag:yaml.org,2002:merge"
            if merge or not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} appears twice (first at line {seen[key]}); "
                    "the second would silently replace the first",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        mapping: dict[str, Any] = yaml.SafeLoader.construct_mapping(  # type: ignore[assignment]
            loader, node, deep=True
        )  # YAML keys may be any scalar; the models reject non-string ones with a line number
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        mapping["__lines__"] = lines
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return _LineLoader


def _strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k not in ("__lines__", "__line__")}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    line = None
    node = data
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line


def read_yaml(path: Path) -> Any:
    """Parses one YAML file, keeping line numbers for later error messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise KnowledgeError(f"{path}: not valid UTF-8 ({e.reason} at byte {e.start})") from e
    import yaml

    try:
        data = yaml.load(text, Loader=_line_loader())
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else "?"
        context = ""
        if e.context and e.context_mark:
            context = f" ({e.context}, started at line {e.context_mark.line + 1})"
        raise KnowledgeError(f"{path}:{line}: {e.problem}{context}") from e
    distinct: dict[int, tuple[int, int]] = {}
    values = _expanded_size(data, distinct)
    written = 1 + sum(n for _, n in distinct.values())
    if values > ALIAS_GROWTH * written + ALIAS_SLACK:
        raise KnowledgeError(
            f"{path}: its aliases expand to {values:,} values from {written:,}:"
            " write the values out instead of repeating aliases of aliases"
        )
    return data


# YAML aliases share one value, but everything after the loader (line stripping, validation)
# walks a copy of each use: nine aliases of nine aliases of ... make a 400-byte file take
# minutes. Merge keys repeating a few values stay well under this growth.
ALIAS_GROWTH = 10
ALIAS_SLACK = 10_000


def _expanded_size(data: Any, seen: dict[int, tuple[int, int]]) -> int:
    """How many values data holds with every alias written out. Each distinct list or mapping
    is walked once (seen: id -> (expanded size, items as written)), so in time linear in the
    file, and the items as written add up to what the file says without aliases."""
    if not isinstance(data, dict | list):
        return 1
    if (known := seen.get(id(data))) is not None:
        return known[0]
    children = list(data.values()) if isinstance(data, dict) else data
    size = 1 + sum(_expanded_size(child, seen) for child in children)
    seen[id(data)] = (size, len(children))
    return size


def parse(model: type[M], path: Path, data: Any = None) -> M:
    """Validates a file's data against a model; errors name the file and line."""
    data = read_yaml(path) if data is None else data
    try:
        return model.model_validate(_strip_lines(data))
    except ValidationError as e:
        msgs = []
        for err in e.errors()[:10]:
            line = _line_of(data, tuple(err["loc"]))
            where = f"{path}:{line}" if line else str(path)
            field = ".".join(str(p) for p in err["loc"])
            msgs.append(f"{where}: {field}: {err['msg']}")
        raise KnowledgeError("\n".join(msgs)) from e


KNOWLEDGE_FILES = ("categories/*.yaml", "regions/*.yaml", "brands.yaml", "brands/*.yaml",
                   "phrases/*/*.yaml", "reported/*.yaml")  # fmt: skip


def has_knowledge_files(root: Path) -> bool:
    """Whether load_dir would read any file below root (a directory, else False)."""
    return root.is_dir() and any(next(root.glob(g), None) for g in KNOWLEDGE_FILES)


def load_dir(root: Path) -> Knowledge:
    """Loads and validates every knowledge file below root, or raises KnowledgeError."""
    if not root.is_dir():
        raise KnowledgeError(f"{root}: not a knowledge directory")
    kb = Knowledge()
    for path in sorted((root / "categories").glob("*.yaml")):
        cat = parse(Category, path)
        if cat.id in kb.categories:
            raise KnowledgeError(f"{path}: duplicate category {cat.id}")
        kb.categories[cat.id] = cat
    for path in sorted((root / "regions").glob("*.yaml")):
        region = parse(Region, path)
        kb.regions[region.code] = region
    brand_files = [root / "brands.yaml", *sorted((root / "brands").glob("*.yaml"))]
    seen: dict[str, Path] = {}
    for path in (p for p in brand_files if p.exists()):
        for brand in parse(BrandFile, path).brands:
            if brand.id in seen:
                raise KnowledgeError(f"{path}: brand {brand.id} is already in {seen[brand.id]}")
            seen[brand.id] = path
            kb.brands.append(brand)
    for path in sorted((root / "phrases").glob("*/*.yaml")):
        kb.phrases.append(parse(PhraseFile, path))
    for path in sorted((root / "reported").glob("*.yaml")):
        kb.reported.extend(parse(ReportedFile, path).reported)
    if problems := kb.check_references():
        raise KnowledgeError(f"{root}: " + "; ".join(problems[:10]))
    return kb


def _dump(path: Path, data: Any) -> None:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


def export_dir(kb: Knowledge, root: Path) -> int:
    """Writes the knowledge base as files that load back to the same content; returns files."""
    dump = {"by_alias": True, "exclude_defaults": True, "mode": "json"}
    n = 0
    for cat in kb.categories.values():
        _dump(root / "categories" / f"{cat.id}.yaml", cat.model_dump(**dump))  # type: ignore[arg-type]
        n += 1
    for region in kb.regions.values():
        _dump(root / "regions" / f"{region.code}.yaml", region.model_dump(**dump))  # type: ignore[arg-type]
        n += 1
    brands = BrandFile(brands=kb.brands).model_dump(**dump)  # type: ignore[arg-type]
    _dump(root / "brands.yaml", brands)
    n += 1
    for pf in kb.phrases:
        _dump(root / "phrases" / pf.lang / f"{pf.category}.yaml", pf.model_dump(**dump))  # type: ignore[arg-type]
        n += 1
    reported = ReportedFile(reported=kb.reported).model_dump(**dump)  # type: ignore[arg-type]
    _dump(root / "reported" / "reported.yaml", reported)
    return n + 1
