"""English words the gallery never uses reach its objects through WordNet (issue 17): a noun's
own synset, then its hypernyms, name the gallery labels nearest above it (keypad → keyboard,
spacewalker → astronaut). The table is built from data by tools/retrieval/build_wordnet.py; here
its parser and rules run on a small WordNet written in WordNet's own file format, and the shipped
table is searched over real sample-gallery icons."""
from __future__ import annotations

import json

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from support.retrieval_fixtures import named_labels as _named
from tools.retrieval import Retriever
from tools.retrieval.build_wordnet import BuildParams, build, mostly_not_nouns, read_nouns
from tools.retrieval.synonyms import SHIPPED_WORDNET, Synonyms, load_synonyms
from tools.retrieval.words import phrase_key


def _write_wordnet(folder, synsets: dict[int, tuple[list[str], list[int]]], index: dict[str, tuple[list[int], int]]):
    """data.noun and index.noun as wndb(5WN) lays them out (a licence header line first)."""
    folder.mkdir()
    data = ["  1 This software and database is being provided ..."]
    for offset, (words, hypernyms) in synsets.items():
        pointers = " ".join(f"@ {h:08d} n 0000" for h in hypernyms)
        data.append(f"{offset:08d} 06 n {len(words):02x} " + " ".join(f"{w} 0" for w in words)
                    + f" {len(hypernyms):03d} {pointers} | a gloss")
    (folder / "data.noun").write_text("\n".join(data) + "\n", encoding="utf-8")
    lines = ["  1 This software and database is being provided ..."]
    for lemma, (offsets, tagged) in sorted(index.items()):
        lines.append(f"{lemma} n {len(offsets)} 1 @ {len(offsets)} {tagged} " + " ".join(f"{o:08d}" for o in offsets))
    (folder / "index.noun").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def small_wordnet(tmp_path):
    synsets = {
        100: (["vessel"], []),
        101: (["canoe"], [100]),
        102: (["kayak"], [101]),
        103: (["sea_kayak"], [102]),
        200: (["timepiece"], []),
        201: (["watch", "ticker"], [200]),
        300: (["vigil", "watch"], []),          # watch in a rarer sense
        301: (["stargazing"], [300]),
        400: (["tuna_fruit"], [101]),           # an untagged word with several senses
        401: (["tuna", "tunny"], [101]),
    }
    index = {
        "vessel": ([100], 1), "canoe": ([101], 1), "kayak": ([102], 1), "sea_kayak": ([103], 0),
        "timepiece": ([200], 1), "watch": ([201, 300], 5), "ticker": ([201], 1), "stargazing": ([301], 1),
        "tuna": ([400, 401], 0), "tunny": ([401], 0), "vigil": ([300], 1), "tuna_fruit": ([400], 0),
    }
    _write_wordnet(tmp_path / "dict", synsets, index)
    return read_nouns(tmp_path / "dict")


def test_a_noun_reaches_the_nearest_label_above_it(small_wordnet):
    synsets, senses = small_wordnet
    table, _ = build(synsets, senses, labels={"cano", "watch"}, known={"cano", "watch"},
                     params=BuildParams(label_senses=1))
    assert table["kayak"] == ["cano"]              # one hypernym up
    assert table["sea kayak"] == ["cano"]          # two up
    assert table["ticker"] == ["watch"]            # its own synset
    assert "canoe" not in table and "watch" not in table   # the gallery knows them already


def test_a_label_means_its_common_sense_and_an_untagged_word_nothing(small_wordnet):
    synsets, senses = small_wordnet
    table, _ = build(synsets, senses, labels={"cano", "watch"}, known=set(), params=BuildParams(label_senses=1))
    assert "stargazing" not in table               # a vigil is no wristwatch
    assert "tuna" not in table                     # a cactus fruit or a fish: no sense comes first
    assert table["tunny"] == ["cano"]              # one sense, so it is the one


def test_a_label_many_nouns_reach_is_a_category(small_wordnet):
    synsets, senses = small_wordnet
    table, reached = build(synsets, senses, labels={"vessel"}, known=set(), params=BuildParams(max_sources=2))
    assert reached["vessel"] > 2 and table == {}


def test_hand_synonyms_win_and_derived_ones_are_asked_for():
    synonyms = Synonyms({"kayak": ["canoe"]}, {"kayak": ["boat"], "keypad": ["keyboard"]})
    assert synonyms.of("kayak", derived=True) == ["canoe"]
    assert synonyms.of("keypad") == []
    assert synonyms.of("keypads", derived=True) == ["keyboard"]


def test_the_shipped_table_is_data_with_its_source():
    document = json.loads(SHIPPED_WORDNET.read_text(encoding="utf-8"))
    assert "WordNet" in document["about"] and len(document["synonyms"]) > 1000
    shipped = load_synonyms()
    assert shipped.of("keypad", derived=True) == ["keyboard"]
    assert not set(shipped.table) & set(shipped.derived)


ICONS = ["2328-fe0f", "0023-fe0f-20e3", "1f3b9", "1f5d2-fe0f", "1f9d1-200d-1f680", "1f680", "1f596",
         "1f9e7", "1f4e6", "2764-fe0f", "1f9f3", "1f6c5", "1f6c4", "1f4bc"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    return indexed_icons(tmp_path_factory.mktemp("wordnet"), sample_gallery, ICONS)


@pytest.mark.parametrize("query, first", [
    ("numeric keypad", "keyboard"),
    ("spacewalker poster", "astronaut"),
])
def test_a_word_the_gallery_lacks_names_what_it_is(icons, query, first):
    hits = icons.search_text(query, k=5)
    assert _named(hits)[:1] == [first], _labels(hits)


def test_a_derived_word_does_not_outrank_the_phrase_it_is_part_of(icons):
    assert _named(icons.search_text("Lunar New Year red packets", k=5))[:1] == ["red envelope"]


def test_a_word_mostly_used_as_an_adjective_or_verb_names_no_object(tmp_path):
    """daily is a noun (a newspaper) in WordNet, but the tagged corpus saw it as an adverb: "daily
    deals" names no newspaper. A noun that is also a rarer verb (a watch) keeps its noun sense."""
    synsets = {500: (["newspaper"], []), 501: (["daily"], [500]), 600: (["timepiece"], []), 601: (["ticker"], [600])}
    index = {"newspaper": ([500], 3), "daily": ([501], 0), "timepiece": ([600], 1), "ticker": ([601], 1)}
    _write_wordnet(tmp_path / "dict", synsets, index)
    (tmp_path / "dict" / "index.adv").write_text("daily r 1 0 1 2 00081836\n", encoding="utf-8")
    (tmp_path / "dict" / "index.verb").write_text("ticker v 1 0 1 0 00000001\n", encoding="utf-8")
    synsets_read, senses = read_nouns(tmp_path / "dict")
    not_nouns = mostly_not_nouns(tmp_path / "dict")
    assert not_nouns == {"daily"}
    table, _ = build(synsets_read, senses, labels={phrase_key("newspaper"), phrase_key("timepiece")},
                     known=set(), not_nouns=not_nouns)
    assert "daily" not in table and table["ticker"] == [phrase_key("timepiece")]
