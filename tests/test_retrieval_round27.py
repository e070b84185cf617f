"""Search rules from the twenty-seventh round of outsider queries (twelve people searching for a month of
heroes: a library, an insurer, a logistics SaaS, a game studio, a beauty livestreamer …; repeats of the
query files removed first): fire safety, diabetes and blood pressure, insurance claims and critical-illness
cover, cold chain, local specialties, wildlife, story time, poetry, clearing a level, peak season, going
live, guild wars, author talks; spicy is the red pepper, a gold bar the coin, a skincare mask the lotion,
pinyin the Latin letters; a word that only describes (进口) is cut whole, so 进口红酒 holds no 口红.
Real sample-gallery icons, indexed with the offline embedder; no wording here is in the query files."""
from __future__ import annotations

import pytest

from support.retrieval_fixtures import base_labels as _labels
from support.retrieval_fixtures import indexed_icons
from tools.retrieval import Retriever

ICONS = [
    "1f9ef", "1f525", "1f692", "1f9d1-200d-1f692", "1fa78", "1f489", "1fa7a", "1f4cb", "1f9fe", "1f4b0", "2705",
    "1f69a", "2744-fe0f", "1f9ca", "1f321-fe0f", "1f9fa", "1f36f", "1f381", "1f98c", "1f98a", "1f985", "1f989",
    "1f4d6", "1f4da", "1f9d2", "1f4dc", "1f58b-fe0f", "1fab6", "1f3c1", "1f3c6", "1f389", "1f3ae", "1f4e6",
    "1f4c8", "1f336-fe0f", "1f35c", "1fa99", "1f9f4", "1f93f", "1f524", "1f377", "1f484", "1f3a4", "1f3a5",
    "2694-fe0f", "1f52d", "1f48a", "1f95b",
]


@pytest.fixture(scope="module")
def icons(tmp_path_factory, sample_gallery) -> Retriever:
    root = tmp_path_factory.mktemp("round27")
    return indexed_icons(root, sample_gallery, ICONS)


@pytest.mark.parametrize(("query", "accepted"), [
    ("消防演练通知", {"firefighter", "fire extinguisher", "fire engine"}),
    ("糖尿病日 控糖", {"drop of blood", "syringe"}),
    ("快速理赔通道", {"clipboard", "receipt", "money bag"}),
    ("家乡土特产", {"basket", "honey pot", "wrapped gift"}),
    ("birdwatching weekend", {"deer", "fox", "eagle", "owl"}),
    ("toddler storytime", {"child", "open book", "books"}),
    ("poetry reading night", {"scroll", "open book", "fountain pen"}),
    ("一命通关", {"chequered flag", "trophy"}),
    ("holiday rush shipping", {"package", "delivery truck"}),
    ("spicy noodle challenge", {"steaming bowl", "hot pepper"}),
    ("补水面膜", {"lotion bottle"}),
    ("拼音启蒙", {"input latin letters"}),
    ("we're live at 8pm", {"microphone", "video camera"}),
    ("guild war weekend", {"crossed swords"}),
    ("进口牛奶", {"glass of milk"}),
])
def test_round_27_words(icons, query, accepted):
    labels = _labels(icons.search_text(query, k=5))
    assert labels[0] in accepted, labels


def test_a_describing_word_is_cut_whole(icons):
    # 进口红酒 is imported red wine: the 口红 across its two words is no lipstick
    assert _labels(icons.search_text("进口红酒礼盒", k=2))[0] == "wine glass"
