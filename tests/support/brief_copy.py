"""What the brief parser reads as copy, as the copy-rule tests compare it."""
from __future__ import annotations

from agent.brief import BriefLexicon, parse_brief

FIELDS = ("title", "subtitle", "cta", "body")


def copy_fields(text: str, lexicon: BriefLexicon) -> dict[str, str | None]:
    """The four copy fields the parser reads from `text`, None where it finds none."""
    copy = parse_brief(text, lexicon).copy
    return {name: getattr(copy, name) or None for name in FIELDS}


def expect_copy(text: str, lexicon: BriefLexicon, **expected: str | None) -> None:
    """The parser reads exactly `expected` from `text` (fields not named: no copy)."""
    got = copy_fields(text, lexicon)
    assert got == {name: expected.get(name) for name in FIELDS}, (text, got)
