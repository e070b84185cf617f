"""tools/retrieval/build_themes.py on small made-up sources: how data becomes theme symbols."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tools.errors import GalleryError
from tools.retrieval.build_themes import (
    BuildParams,
    CatalogTheme,
    Evidence,
    build,
    gallery_names,
    gallery_symbols,
    names_an_object,
    read_word_vectors,
)


def write_vectors(path: Path, table: dict[str, list[float]]) -> Path:
    """word2vec's binary format, as the synonyms sdist ships it."""
    dims = len(next(iter(table.values())))
    with path.open("wb") as out:
        out.write(f"{len(table)} {dims}\n".encode())
        for word, vector in table.items():
            out.write(word.encode("utf-8") + b" " + np.asarray(vector, "<f4").tobytes() + b"\n")
    return path


@pytest.fixture
def sources(tmp_path):
    metadata = tmp_path / "metadata.jsonl"
    rows = [
        {"path": "images/1f96e.webp", "hexcode": "1f96e", "label_zh": "月饼", "label_en": "moon cake",
         "tags_zh": ["月饼", "秋天"], "tags_en": ["moon cake", "autumn"]},
        {"path": "images/1f4da.webp", "hexcode": "1f4da", "label_zh": "书", "label_en": "books",
         "tags_zh": ["书", "学习"], "tags_en": ["book", "study"]},
        {"path": "images/1f3d3.webp", "hexcode": "1f3d3", "label_zh": "乒乓球", "label_en": "ping pong",
         "tags_zh": ["乒乓球", "运动"], "tags_en": ["ping pong", "sport"]},
        {"path": "images/1f44d-1f3fb.webp", "hexcode": "1f44d-1f3fb", "label_zh": "赞: 较浅肤色",
         "label_en": "thumbs up: light skin tone", "tags_zh": ["赞"], "tags_en": ["like"]},
    ]
    metadata.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cldr = {"zh": {"🥮": (["中秋节", "月饼", "节日"], ["月饼"]), "📚": (["教育", "图书"], ["书"])},
            "en": {"🥮": (["festival", "moon"], ["moon cake"]), "📚": (["education"], ["books"])}}
    vectors = write_vectors(tmp_path / "words.vector", {
        "教育": [1, 0, 0], "学习": [0.95, 0.3, 0], "月饼": [0, 1, 0], "运动": [0, 0, 1], "拉新": [0.5, -0.5, -0.7]})
    return metadata, cldr, vectors


def test_word2vec_binary_is_read_as_unit_vectors(sources):
    words, vectors = read_word_vectors(sources[2])
    assert words == ["教育", "学习", "月饼", "运动", "拉新"]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_gallery_symbols_fold_skin_tones_and_gather_every_name(sources):
    metadata, cldr, _ = sources
    symbols = {s.key: s for s in gallery_symbols(metadata, cldr)}
    assert set(symbols) == {"1f96e", "1f4da", "1f3d3"}  # the skin-tone variant has no base here: left out
    assert {"中秋节", "月饼", "moon cake", "festival"} <= set(symbols["1f96e"].words)
    assert symbols["1f96e"].sources["中秋节"] == "CLDR keyword"


def test_annotations_and_near_words_choose_symbols(sources):
    metadata, cldr, vectors_path = sources
    words, vectors = read_word_vectors(vectors_path)
    evidence = Evidence(gallery_symbols(metadata, cldr), words, vectors)
    mid_autumn = [s.label_en for s, _, _ in evidence.score(CatalogTheme("中秋节", "festivals", [], []))]
    assert mid_autumn == ["moon cake"]  # the CLDR keyword 中秋节
    # 中秋 only inside that keyword (and nowhere else) is too little to go on
    assert evidence.score(CatalogTheme("中秋", "festivals", [], [])) == []
    school = evidence.score(CatalogTheme("教育", "industries", [], ["education"]))
    assert [s.label_en for s, _, _ in school] == ["books"]
    # 学习 is near 教育 in the vectors and a tag of 📚, so a theme that only says 学习's neighbour finds it too
    near = Evidence(gallery_symbols(metadata, cldr), words, vectors, BuildParams(near=0.9))
    assert "books" in [s.label_en for s, _, _ in near.score(CatalogTheme("教育培训", "x", ["教育"], []))]
    assert evidence.score(CatalogTheme("拉新", "app", [], [])) == []  # data silent: nothing made up


def test_build_leaves_hand_themes_and_object_names_out_and_falls_back_to_hand(sources):
    metadata, cldr, vectors_path = sources
    words, vectors = read_word_vectors(vectors_path)
    catalog = [CatalogTheme("中秋", "festivals", ["八月十五"], []), CatalogTheme("教育", "industries", ["学习"], ["education"]),
               CatalogTheme("乒乓球", "sports", [], []), CatalogTheme("拉新", "app", ["新客"], ["new users"])]
    text, summary = build(catalog, gallery_symbols(metadata, cldr), words, vectors, claimed={"中秋"},
                          object_names=gallery_names(metadata), fallback={"拉新": ["ping pong"]})
    themes = json.loads(text)["themes"]
    assert summary["left_to_hand"] == ["中秋"] and summary["object_names"] == ["乒乓球"]
    assert themes["教育"]["symbols"] == {"书": "books"}
    assert "zh" not in themes["教育"]  # 学习 is a gallery tag: heard as evidence, not kept as a theme word
    assert themes["拉新"]["symbols"] == {"乒乓球": "ping pong"} and summary["hand_fallback"] == ["拉新"]
    assert themes["拉新"]["zh"] == ["新客"] and themes["拉新"]["en"] == ["new users"]
    text, summary = build(catalog, gallery_symbols(metadata, cldr), words, vectors, claimed=set(),
                          override={"教育": ["moon cake"]})
    assert json.loads(text)["themes"]["教育"]["symbols"] == {"月饼": "moon cake"}  # hand over wrong data
    assert summary["hand_override"] == ["教育"]
    with pytest.raises(GalleryError, match="lacks"):
        build(catalog, gallery_symbols(metadata, cldr), words, vectors, claimed=set(), fallback={"拉新": ["unicorn"]})


def test_an_alias_that_names_an_object_is_not_a_theme_word(sources):
    names, single, _ = gallery_names(sources[0])
    assert names_an_object("乒乓球", names, single) and names_an_object("ping pong", names, single)
    assert names_an_object("books fair", names, single)   # holds the one-word label "books"
    assert not names_an_object("mid-autumn festival", names, single)
