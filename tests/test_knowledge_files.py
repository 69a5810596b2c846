"""Knowledge files: validated on load, refused whole with file and line, exported losslessly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import Knowledge, KnowledgeError, export_dir, load_dir
from bot.runtime import load_files
from bot.store import Store

KB_DIR = Path(__file__).parent / "data" / "knowledge"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "knowledge"
    shutil.copytree(KB_DIR, dest)
    return dest


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("categories/bad.yaml", "id: bad\ntitle: [unclosed\n", "started at line 2"),
        (
            "categories/bad.yaml",
            "id: bad\ntitle: {en: T, zh-HK: T}\nexplanation: {en: E, zh-HK: E}\n"
            "warning: {en: W, zh-HK: W}\ntips: {en: [one], zh-HK: [一]}\n"
            "example: {en: X, zh-HK: X}\n",
            "categories/bad.yaml:5: tips",
        ),
        (
            "phrases/en/x.yaml",
            "lang: en\ncategory: investment\nphrases:\n  - {text: ok phrase}\n"
            "  - {text: fine, weight: 7}\n",
            "phrases/en/x.yaml:5: phrases.1.weight",
        ),
        (
            "phrases/en/y.yaml",
            "lang: en\ncategory: no_such_category\nphrases:\n  - {text: abc}\n",
            "unknown category",
        ),
        (
            "regions/XX.yaml",
            "code: XX\nname: {en: X, zh-HK: X}\nphone_region: XX\n"
            "top_categories: [investment]\ncontacts:\n"
            "  - name: {en: A, zh-HK: A}\n    kind: hotline\n"
            "    phone: '1'\n    source: https://x.example\n    confidence: verified\n",
            "regions/XX.yaml:6: contacts.0",
        ),
        ("categories/enc.yaml", b"id: \xff\xfe bad\n", "not valid UTF-8"),
        (  # a second `phrases:` would silently replace the first list
            "phrases/en/twice.yaml",
            "lang: en\ncategory: investment\nphrases:\n  - {text: first list}\n"
            "phrases:\n  - {text: second list}\n",
            "phrases/en/twice.yaml:5: the key 'phrases' appears twice (first at line 3)",
        ),
        (  # the same in a nested mapping: a contact with two phones
            "regions/XY.yaml",
            "code: XY\nname: {en: X, zh-HK: X}\nphone_region: XY\n"
            "top_categories: [investment]\ncontacts:\n"
            "  - name: {en: A, zh-HK: A}\n    kind: hotline\n"
            "    phone: '999'\n    phone: '1'\n",
            "regions/XY.yaml:9: the key 'phone' appears twice (first at line 8)",
        ),
    ],
)
def test_malformed_file_is_refused_naming_file_and_line(
    kb_copy: Path, file: str, content: str | bytes, expected: str
) -> None:
    path = kb_copy / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as e:
        load_dir(kb_copy)
    assert expected in str(e.value)


def test_yaml_merge_keys_are_not_taken_for_a_key_said_twice(kb_copy: Path) -> None:
    (kb_copy / "phrases" / "en" / "merged.yaml").write_text(
        "lang: en\ncategory: investment\n"
        "phrases:\n  - &base {text: guaranteed daily profit, weight: 0.9}\n"
        "  - {<<: *base, text: guaranteed weekly profit}\n",
        encoding="utf-8",
    )
    kb = load_dir(kb_copy)
    texts = {p.text for f in kb.phrases for p in f.phrases if p.text.startswith("guaranteed")}
    assert {"guaranteed daily profit", "guaranteed weekly profit"} <= texts


def test_a_key_said_twice_is_refused_and_the_store_keeps_what_it_had(
    store: Store, kb_copy: Path
) -> None:
    before = store.kb_stats()
    (kb_copy / "phrases" / "en" / "twice.yaml").write_text(
        "lang: en\ncategory: investment\ncategory: romance\nphrases:\n  - {text: abc def}\n"
    )
    with pytest.raises(KnowledgeError, match="'category' appears twice"):
        load_files(store, kb_copy, actor="test", reason="duplicate key")
    assert store.kb_stats() == before


def test_a_refused_load_leaves_the_store_as_it_was(store: Store, kb_copy: Path) -> None:
    before = store.kb_stats()
    (kb_copy / "phrases" / "en" / "new.yaml").write_text(
        "lang: en\ncategory: investment\nphrases:\n  - {text: brand new phrase}\n"
    )
    (kb_copy / "phrases" / "en" / "broken.yaml").write_text("lang: en\ncategory: [\n")
    with pytest.raises(KnowledgeError):
        load_files(store, kb_copy, actor="test", reason="broken")
    assert store.kb_stats() == before


def test_loading_twice_changes_nothing_and_is_audited_once(kb_copy: Path) -> None:
    s = Store(":memory:")
    first = load_files(s, kb_copy, actor="alice", reason="initial seed")
    audit_rows = len(s.audit_log(limit=10_000))
    second = load_files(s, kb_copy, actor="alice", reason="again")
    assert first.added > 0 and first.version == 1
    assert (second.added, second.changed, second.version) == (0, 0, 1)
    assert len(s.audit_log(limit=10_000)) == audit_rows
    row = s.history("reported", "address:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")[0]
    assert (row["actor"], row["action"], row["reason"]) == ("alice", "add", "initial seed")


def test_a_changed_file_is_an_audited_update(kb_copy: Path) -> None:
    s = Store(":memory:")
    load_files(s, kb_copy, actor="alice", reason="seed")
    path = kb_copy / "phrases" / "en" / "investment.yaml"
    path.write_text(path.read_text().replace("weight: 0.5", "weight: 0.55"))
    stats = load_files(s, kb_copy, actor="bob", reason="tune weight")
    assert (stats.changed, stats.version) == (1, 2)
    hist = s.history("phrases", "en/investment/join my vip group")
    assert [h["actor"] for h in hist] == ["alice", "bob"]


def test_export_loads_back_to_the_same_content(store: Store, tmp_path: Path) -> None:
    export_dir(store.knowledge(), tmp_path / "out")
    again = Store(":memory:")
    load_files(again, tmp_path / "out", actor="test", reason="round trip")
    assert again.knowledge() == store.knowledge()
    assert again.kb_stats()["reported"] == store.kb_stats()["reported"]


def test_the_shipped_knowledge_base_meets_the_minimums(seed_kb: Knowledge) -> None:
    kb = seed_kb
    assert len(kb.categories) >= 12
    for cat in kb.categories.values():
        assert 3 <= len(cat.tips.en) <= 5 and 3 <= len(cat.tips.get("zh-HK")) <= 5, cat.id
    assert len(kb.regions) >= 15
    assert sum(b.kind in ("exchange", "wallet") for b in kb.brands) >= 25
    en = sum(len(p.phrases) for p in kb.phrases if p.lang == "en")
    zh = sum(len(p.phrases) for p in kb.phrases if p.lang == "zh-HK")
    assert en >= 300 and zh >= 150
    hk = kb.regions["HK"]
    assert {"18222", "999"} <= {c.phone for c in hk.contacts}
    assert any(c.url and "cyberdefender.hk" in c.url for c in hk.contacts)  # Scameter


def test_every_contact_says_where_it_comes_from_and_how_sure_we_are(seed_kb: Knowledge) -> None:
    for region in seed_kb.regions.values():
        for c in region.contacts:
            assert c.source, (region.code, c.name.en)
            # verified: with the date it was checked; unverified: no date to claim
            assert (c.confidence == "verified") == (c.last_verified is not None), c.name.en
