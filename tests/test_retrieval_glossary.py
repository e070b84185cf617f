"""The gallery glossaries (issue 17): words and campaign themes written from the sample gallery's side,
symbol by symbol and theme by theme, and words written trade by trade, all without the query sets. The
object glossary becomes a synonym table (tools/retrieval/build_glossary.py) below the hand table and
above the WordNet and CC-CEDICT ones, and both word glossaries give each symbol search hints for the
dense channel; the theme glossary is a lexicon file below the built and hand lexicons. Here the
builder's rules run on made-up rows, the shipped files are checked against the gallery they were
written for, and both are searched over real sample-gallery icons. No wording here is in the query
files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.errors import GalleryError
from tools.retrieval.build_glossary import (
    GLOSSARY,
    HEADER,
    MAX_SYMBOLS,
    build,
    build_text,
    read_glossary,
    read_trade_glossary,
)
from tools.retrieval.build_themes import gallery_names
from tools.retrieval.captions import captions_from_row, document_text, passage_text
from tools.retrieval.glossary import gallery_hints
from tools.retrieval.sample_gallery import normalise_hexcode, refresh_hints
from tools.retrieval.synonyms import SHIPPED_GLOSSARY, load_synonyms
from tools.retrieval.themes import BUILT_LEXICON, GLOSSARY_LEXICON, SHIPPED_LEXICON, ThemeLexicon, _parse

LABELS = {"1f4ba": ("座位", "seat"), "1f37c": ("奶瓶", "baby bottle"), "1f550": ("一点", "one o’clock"),
          "1f468-200d-1f3a8": ("男艺术家", "man artist"), "1f469-200d-1f3a8": ("女艺术家", "woman artist"),
          "1f9d1-200d-1f3a8": ("艺术家", "artist"), "1f3a8": ("调色盘", "artist palette"), "1f58c-fe0f": ("画笔", "paintbrush")}


# ------------------------------------------------ the builder's rules, on made-up rows
def test_a_word_reaches_the_label_of_its_own_language():
    rows = [{"hexcode": "1f4ba", "zh": ["选座", "值机"], "en": ["Seat Selection"]},
            {"hexcode": "1f37c", "zh": ["冲奶"], "en": ["infant formula"]}]
    assert build(rows, LABELS, known=set()) == {"值机": ["座位"], "选座": ["座位"], "seat selection": ["seat"],
                                                "冲奶": ["奶瓶"], "infant formula": ["baby bottle"]}


def test_known_words_numbers_and_clock_times_and_unknown_symbols_are_left_out():
    rows = [{"hexcode": "1f4ba", "zh": ["座椅", "选座"], "en": []},
            {"hexcode": "1f550", "zh": ["1点", "凌晨1点半", "13"], "en": ["1 pm", "lunch break"]},
            {"hexcode": "1f6f8", "zh": ["不明飞行物"], "en": []}]           # a symbol this gallery lacks
    assert build(rows, LABELS, known={"座椅"}) == {"选座": ["座位"], "lunch break": ["one o’clock"]}


def test_a_word_shared_by_more_symbols_than_a_name_has_is_a_theme():
    painters = ["1f468-200d-1f3a8", "1f469-200d-1f3a8", "1f9d1-200d-1f3a8", "1f3a8"]
    rows = [{"hexcode": code, "zh": ["画画"], "en": ["painting class"]} for code in painters]
    assert build(rows, LABELS, known=set())["画画"] == ["男艺术家", "女艺术家", "艺术家", "调色盘"]
    assert len(painters) == MAX_SYMBOLS
    rows.append({"hexcode": "1f58c-fe0f", "zh": ["画画"], "en": []})
    table = build(rows, LABELS, known=set())
    assert "画画" not in table and table["paint class"] == ["man artist", "woman artist", "artist", "artist palette"]


def test_trade_words_reach_the_symbols_they_were_written_for(tmp_path):
    path = tmp_path / "trades.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in [
        {"trade": "airline", "word": "选座值机", "lang": "zh", "symbols": ["1f4ba"]},
        {"trade": "atelier", "word": "paint and sip", "lang": "en", "symbols": ["1f3a8", "1f9d1-200d-1f3a8"]},
    ]), encoding="utf-8")
    rows = read_trade_glossary(path)
    assert build(rows, LABELS, known=set()) == {"选座值机": ["座位"], "paint and sip": ["artist palette", "artist"]}
    assert read_trade_glossary(tmp_path / "absent.jsonl") == []
    path.write_text('{"trade": "airline", "word": "值机", "lang": "zh"}\n', encoding="utf-8")
    with pytest.raises(GalleryError, match="line 1"):
        read_trade_glossary(path)


def test_a_broken_glossary_row_is_a_clear_error(tmp_path):
    path = tmp_path / "glossary.jsonl"
    path.write_text('{"hexcode": "1f4ba", "zh": ["选座"]}\n{"zh": ["值机"]}\n', encoding="utf-8")
    with pytest.raises(GalleryError, match="line 2"):
        read_glossary(path)


def test_the_glossary_sits_below_the_hand_table_and_above_the_dictionaries(tmp_path, monkeypatch):
    import tools.retrieval.synonyms as module

    glossary, wordnet = tmp_path / "glossary.json", tmp_path / "wordnet.json"
    glossary.write_text(json.dumps({"synonyms": {"座次": ["座位"], "机票": ["票"], "ticker": ["clock"]}},
                                   ensure_ascii=False), encoding="utf-8")
    wordnet.write_text(json.dumps({"synonyms": {"ticker": ["watch"], "keypad": ["keyboard"]}}), encoding="utf-8")
    monkeypatch.setattr(module, "SHIPPED_DERIVED", (glossary, wordnet))
    synonyms = load_synonyms()
    assert synonyms.of("座次", derived=True) == ["座位"] and synonyms.of("座次") == []
    assert synonyms.of("ticker", derived=True) == ["clock"]              # the glossary keeps a shared key
    assert synonyms.of("keypad", derived=True) == ["keyboard"]
    assert synonyms.of("机票", derived=True) == synonyms.table["机票"]   # the hand table always wins


def test_glossary_themes_give_way_to_built_and_hand_ones(tmp_path):
    glossary, built, hand = tmp_path / "glossary.json", tmp_path / "built.json", tmp_path / "hand.yaml"
    glossary.write_text(json.dumps({"themes": {
        "陶艺": {"zh": ["拉坯", "陶艺课"], "en": ["pottery"], "symbols": {"双耳瓶": "amphora"}},
        "报税": {"zh": ["个税", "退税"], "en": ["tax season"], "symbols": {"收据": "receipt"}}}},
        ensure_ascii=False), encoding="utf-8")
    built.write_text(json.dumps({"themes": {"税务": {"zh": ["退税"], "en": [], "symbols": {"算盘": "abacus"}}}},
                                ensure_ascii=False), encoding="utf-8")
    hand.write_text("themes:\n  手作:\n    zh: [陶艺课]\n    en: [crafts]\n    symbols: {剪刀: scissors}\n",
                    encoding="utf-8")
    lexicon = ThemeLexicon.load(glossary, built, hand)
    themes = {theme.name: theme for theme in lexicon.themes}
    assert themes["陶艺"].zh == ["拉坯"] and themes["报税"].zh == ["个税"]
    assert [m.theme.name for m in lexicon.match("周末陶艺课")] == ["手作"]
    assert [m.theme.name for m in lexicon.match("退税指南")] == ["税务"]
    assert [m.theme.name for m in lexicon.match("拉坯体验")] == ["陶艺"]


# ------------------------------------------------ the shipped files
def test_the_shipped_table_is_the_glossary_rebuilt(sample_gallery):
    text = build_text(GLOSSARY, sample_gallery / "metadata.jsonl")
    assert SHIPPED_GLOSSARY.read_text(encoding="utf-8") == text, "run `python -m tools.retrieval.build_glossary`"
    document = json.loads(text)
    assert document["about"] == HEADER and len(document["synonyms"]) > 5000
    assert not set(load_synonyms().table) & set(document["synonyms"])


def test_every_glossary_row_is_a_gallery_symbol(sample_gallery):
    lines = (sample_gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
    codes = {normalise_hexcode(json.loads(line)["hexcode"]) for line in lines if line.strip()}
    rows = read_glossary(GLOSSARY)
    assert len(rows) > 1500 and {row["hexcode"] for row in rows} <= codes


def test_glossary_themes_use_gallery_symbols_and_no_object_names(sample_gallery):
    pairs = set()
    for line in (sample_gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            pairs.add((record["label_zh"].split(":")[0].strip(), record["label_en"].split(":")[0].strip()))
    names, _, _ = gallery_names(sample_gallery / "metadata.jsonl")
    themes = _parse(GLOSSARY_LEXICON)
    assert len(themes) > 500
    for theme in themes:
        assert theme.symbols and {(s.zh, s.en) for s in theme.symbols} <= pairs, theme.name
        assert not {a.lower() for a in [*theme.zh, *theme.en]} & names, theme.name
    assert Path(GLOSSARY_LEXICON).parent == Path(SHIPPED_LEXICON).parent == Path(BUILT_LEXICON).parent


# ------------------------------------------------ searched over real icons
ICONS = ["1f4ba", "1f37c", "1f4cc", "1f3b2", "1f4e6", "1f95b", "1f3e0", "1f9e7", "1f3ee", "1f9e8", "1f95f", "267b-fe0f",
         "1f5d1-fe0f", "1f6ae", "1f4b0", "1f3f7-fe0f", "1f9ee", "1f411", "1f4dd", "1f4cb", "1f4ac", "2705", "1f389",
         "1f44d", "2615", "1f950", "1f36a", "1f4f1", "1f4bb", "1f9f2"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery):
    return indexed_icons(tmp_path_factory.mktemp("glossary"), sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("帮我占座", {"seat"}),
    ("冲奶 小妙招", {"baby bottle"}),
    ("经济舱特价", {"seat"}),
    ("pin to top", {"pushpin"}),
    ("breakfast milk deal", {"glass of milk"}),
])
def test_glossary_words_name_their_symbol(icons, query, accepted):
    assert _labels(icons.search_text(query, k=5))[0] in accepted


@pytest.mark.parametrize(("query", "accepted"), [
    ("大年三十团圆", {"dumpling", "red paper lantern", "firecracker", "red envelope"}),
    ("垃圾分一分", {"recycling symbol", "wastebasket", "litter in bin sign"}),
    ("提交成功啦", {"check mark button", "party popper", "thumbs up"}),
    ("espresso bar opening", {"hot beverage", "croissant", "cookie"}),
    ("sort your trash right", {"recycling symbol", "wastebasket", "litter in bin sign"}),
])
def test_glossary_themes_bring_their_symbols(icons, query, accepted):
    assert _labels(icons.search_text(query, k=5))[0] in accepted


# ------------------------------------------------ the glossaries as search hints for the dense channel
def test_hints_gather_both_glossaries_once(tmp_path):
    glossary, trades = tmp_path / "g.jsonl", tmp_path / "t.jsonl"
    glossary.write_text(json.dumps({"hexcode": "2615", "zh": ["拿铁", "咖啡馆"], "en": ["latte"]}) + "\n", encoding="utf-8")
    trades.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in [
        {"trade": "café", "word": "咖啡馆", "lang": "zh", "symbols": ["2615", "1f950"]},
        {"trade": "café", "word": "flat white", "lang": "en", "symbols": ["2615"]}]) + "\n", encoding="utf-8")
    hints = gallery_hints(glossary, trades)
    assert hints["2615"] == {"zh": ["拿铁", "咖啡馆"], "en": ["latte", "flat white"]}
    assert hints["1f950"] == {"zh": ["咖啡馆"], "en": []}


def test_refreshing_hints_rewrites_metadata_once_and_gives_skin_tones_their_symbols(tmp_path):
    metadata = tmp_path / "metadata.jsonl"
    rows = [{"path": "images/1f44d.webp", "hexcode": "1f44d", "label_en": "thumbs up"},
            {"path": "images/1f44d-1f3fd.webp", "hexcode": "1f44d-1f3fd", "label_en": "thumbs up: medium skin tone"},
            {"path": "images/2615.webp", "hexcode": "2615", "label_en": "hot beverage"}]
    metadata.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    hints = {"1f44d": {"zh": ["点赞"], "en": ["like"]}}
    assert refresh_hints(metadata, hints) is True
    written = [json.loads(line) for line in metadata.read_text(encoding="utf-8").splitlines()]
    assert [(r["hints_zh"], r["hints_en"]) for r in written] == [(["点赞"], ["like"]), (["点赞"], ["like"]), ([], [])]
    assert written[0]["label_en"] == "thumbs up"
    assert refresh_hints(metadata, hints) is False


def test_hints_join_the_dense_passage_but_not_the_lexical_document():
    captions = captions_from_row({"label_zh": "热饮", "label_en": "hot beverage", "tags_zh": ["咖啡"],
                                  "hints_zh": ["拿铁"], "hints": "flat white; 燕麦奶"})
    assert captions.hints_zh == ["拿铁", "燕麦奶"] and captions.hints_en == ["flat white"]
    assert "拿铁" not in document_text(captions) and "flat white" not in document_text(captions)
    assert passage_text(captions) == document_text(captions) + "。拿铁、燕麦奶。flat white"
    assert "hints" not in captions.extra


def test_a_word_only_the_hints_say_reaches_its_image_by_meaning(tmp_path, sample_gallery):
    """Two images captioned alike, told apart only by their hints: a query in the words of one set
    of hints (not the same words) finds that image first through the dense channel."""
    import shutil

    from tools.config import Settings
    from tools.retrieval import Retriever, index_folder
    from tools.retrieval.embedders.offline import OfflineEmbedder

    gallery = tmp_path / "gallery"
    (gallery / "images").mkdir(parents=True)
    rows = []
    for code, hints in (("2615", ["燕麦拿铁", "美式咖啡", "手冲咖啡"]), ("1f95b", ["鲜榨橙汁", "椰子水", "西瓜汁"])):
        shutil.copy(sample_gallery / "images" / f"{code}.webp", gallery / "images" / f"{code}.webp")
        rows.append({"path": f"images/{code}.webp", "label_zh": "饮品", "label_en": "drink", "hints_zh": hints})
    (gallery / "metadata.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    offline = OfflineEmbedder(Settings(_env_file=None, data_dir=tmp_path / "unused"))
    index_folder(settings, gallery, metadata=gallery / "metadata.jsonl", progress=False, num_workers=0, embedder=offline)
    retriever = Retriever(settings, embedder=offline)
    first = {q: retriever.search_text(q, k=2)[0].path for q in ("来一杯热拿铁", "冰镇果汁")}
    assert first["来一杯热拿铁"].endswith("2615.webp") and first["冰镇果汁"].endswith("1f95b.webp"), first
