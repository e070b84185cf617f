"""How theme symbols weigh against what the query's other words find (FusionWeights.theme, theme_power, theme_alone):
a query that only names a theme is answered by its symbols, down to the later ones; beside other words, a theme's
later symbols give way to an image those words find, while its first symbol keeps its lead."""
from __future__ import annotations

import numpy as np

from tools.retrieval.retriever import WEIGHTS, TextChannels, fuse


def _channels(theme_only: bool, symbol_strength: float) -> TextChannels:
    # row 0: a theme symbol the dense and lexical channels rank last; row 1: an image the query's words find first
    return TextChannels(rows=np.array([0, 1]), dense=np.array([0.70, 0.90], np.float32),
                        lexical=np.array([0.0, 9.0], np.float32), theme=np.array([symbol_strength, 0.0], np.float32),
                        symbol=np.array([0, -1]), named=np.zeros(2, np.float32), symbols=[("符号", "theme:节日")],
                        cover=np.zeros(2, np.float32), head=np.zeros(2, np.float32), colour=np.zeros(2, np.float32),
                        theme_only=theme_only)


def _first(channels: TextChannels) -> int:
    return fuse(channels, np.array([0, 1]), k=2)[0][0]


def test_a_theme_alone_keeps_even_its_later_symbols_first():
    later = WEIGHTS.symbol_decay ** 4  # the fifth symbol of the theme
    assert _first(_channels(theme_only=True, symbol_strength=later)) == 0


def test_beside_other_words_a_later_symbol_gives_way():
    later = WEIGHTS.symbol_decay ** 4
    assert _first(_channels(theme_only=False, symbol_strength=later)) == 1


def test_beside_other_words_the_first_symbol_keeps_its_lead():
    assert _first(_channels(theme_only=False, symbol_strength=1.0)) == 0
