"""The fresh held-out sets (2026-12-01): well-formed, labelled only with what exists, and apart from
the dev/test splits. They were written by a hand that never read the rules or the lexicon; these
checks keep later edits from breaking them, they never look at how huabao scores on them."""
from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BRIEFS = REPO / "tests" / "data" / "briefs"
QUERIES = REPO / "bench" / "data" / "retrieval_queries"
GALLERY_METADATA = REPO / "data" / "gallery" / "metadata.jsonl"
COPY_FIELDS = ("title", "subtitle", "cta", "body")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fresh_briefs_expect_only_words_the_brief_contains() -> None:
    rows = read_jsonl(BRIEFS / "fresh.jsonl")
    assert [row["id"] for row in rows] == [f"fresh-{n:03d}" for n in range(1, len(rows) + 1)]
    assert len(rows) >= 60
    for row in rows:
        assert set(row) == {"id", "campaign", "language", "brief", *COPY_FIELDS}, row["id"]
        assert row["language"] in {"zh", "en", "mixed"}, row["id"]
        for field in COPY_FIELDS:
            value = row[field]
            # (fine print the brief gives in several places is expected line by line, each line the brief's words)
            pieces = value.split("\n") if field == "body" and value and value not in row["brief"] else [value]
            assert value is None or (value.strip() == value and value
                                     and all(piece and piece in row["brief"] for piece in pieces)), (row["id"], field)
    languages = [row["language"] for row in rows]
    assert languages.count("en") >= 10 and languages.count("mixed") >= 8
    assert sum(all(row[f] is None for f in COPY_FIELDS) for row in rows) >= 6


def test_fresh_briefs_are_not_copies_of_the_tuned_splits() -> None:
    fresh = {row["brief"] for row in read_jsonl(BRIEFS / "fresh.jsonl")}
    for split in ("dev", "test"):
        shared = fresh & {row["brief"] for row in read_jsonl(BRIEFS / f"{split}.jsonl")}
        assert not shared, (split, sorted(shared))  # names only the shared ones, never the whole split


def test_tune_briefs_are_verbatim_and_apart_from_every_other_split() -> None:
    """tune.jsonl (where bench/brief_tagger.py picks when to trust the tagger over the rules) holds briefs by writers
    neither reader was written or fitted from: none of them may also be a dev, test or fresh brief."""
    rows = read_jsonl(BRIEFS / "tune.jsonl")
    assert len(rows) >= 50 and len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"id", "campaign", "language", "brief", *COPY_FIELDS}, row["id"]
        for field in COPY_FIELDS:
            value = row[field]
            assert value is None or all(piece and piece in row["brief"] for piece in value.split("\n")), (row["id"], field)
    tune = {row["brief"] for row in rows}
    for split in ("dev", "test", "fresh"):
        shared = tune & {row["brief"] for row in read_jsonl(BRIEFS / f"{split}.jsonl")}
        assert not shared, (split, sorted(shared))


def test_pinned_briefs_the_tagger_is_fitted_on_hold_no_held_out_brief() -> None:
    """pinned.jsonl (the rules' readings of the brief tests' briefs, bench/brief_tagger.py --pin) is fitted on: no
    brief of fresh, test or tune may be among them, stripped or not."""
    rows = read_jsonl(BRIEFS / "pinned.jsonl")
    assert len(rows) >= 500 and len({row["id"] for row in rows}) == len(rows)
    pinned = {row["brief"].strip() for row in rows}
    for split in ("test", "fresh", "tune"):
        shared = pinned & {row["brief"].strip() for row in read_jsonl(BRIEFS / f"{split}.jsonl")}
        assert not shared, (split, sorted(shared)[:5])


def test_fresh_queries_accept_only_gallery_symbols() -> None:
    hexcodes = {json.loads(line)["hexcode"] for line in GALLERY_METADATA.read_text(encoding="utf-8").splitlines()}
    rows = read_jsonl(QUERIES / "fresh.jsonl")
    assert len(rows) >= 120 and len({row["query"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"query", "lang", "kind", "accept", "accept_emoji", "named"}, row["query"]
        assert row["lang"] in {"zh", "en"}
        assert row["accept"] and set(row["accept"]) <= hexcodes, row["query"]
        assert set(row["named"]) <= set(row["accept"]), row["query"]
        # accept_emoji is the readable twin of accept: the same symbols, in the same order (a tag
        # sequence's parts are joined by _ in the gallery's codes: the Scottish flag)
        assert row["accept_emoji"] == ["".join(chr(int(p, 16)) for p in re.split(r"[-_]", h)) for h in row["accept"]]
    assert sum(row["lang"] == "zh" for row in rows) >= 60 and sum(row["lang"] == "en" for row in rows) >= 40


def test_fresh_queries_are_not_copies_of_the_tuned_splits() -> None:
    fresh = {row["query"].casefold() for row in read_jsonl(QUERIES / "fresh.jsonl")}
    for split in ("dev", "test"):
        shared = fresh & {row["query"].casefold() for row in read_jsonl(QUERIES / f"{split}.jsonl")}
        assert not shared, (split, sorted(shared))  # names only the shared ones, never the whole split


def test_hero_briefs_accept_only_gallery_symbols_and_quote_their_copy() -> None:
    hexcodes = {json.loads(line)["hexcode"] for line in GALLERY_METADATA.read_text(encoding="utf-8").splitlines()}
    splits = {name: read_jsonl(REPO / "bench" / "data" / "hero_briefs" / f"{name}.jsonl") for name in ("dev", "fresh")}
    assert not {r["brief"] for r in splits["dev"]} & {r["brief"] for r in splits["fresh"]}
    for row in splits["dev"] + splits["fresh"]:
        assert set(row) == {"id", "language", "brief", *COPY_FIELDS, "hero_accept", "hero_accept_emoji",
                            "hero_accept_judge2"}, row["id"]
        assert 1 <= len(row["hero_accept"]) <= 5 and set(row["hero_accept"]) <= hexcodes, row["id"]
        assert 1 <= len(row["hero_accept_judge2"]) <= 5 and set(row["hero_accept_judge2"]) <= hexcodes, row["id"]
        assert row["hero_accept_emoji"] == ["".join(chr(int(p, 16)) for p in h.split("-")) for h in row["hero_accept"]]
        for field in COPY_FIELDS:
            value = row[field]
            assert value is None or (value.strip() == value and value and value in row["brief"]), (row["id"], field)
