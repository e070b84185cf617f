"""Follow-up edits in a chat: "标题换成 好运来", "按钮改成 马上抢", "换成蓝色", "改成海报",
"make the title Summer Party". An edit changes the last brief; the deterministic pipeline then
re-renders the same poster with only that change."""
from __future__ import annotations

import re
from typing import Any

from agent.brief import Brief, BriefLexicon, _find_alias
from tools.colors import find_colors

_VERB_ZH = r"(?:换成|改成|改为|换为|变成|改|换|用)"
_VERB_EN = r"(?:to|into|as)"
_FIELDS = {
    "title": r"主标题|标题|title|headline",
    "subtitle": r"副标题|subtitle|tagline",
    "cta": r"按钮文案|按钮|button|cta",
    "body": r"正文|body",
    "subject": r"主体|主角|subject",
}


def parse_edit(text: str, lexicon: BriefLexicon) -> dict[str, Any] | None:
    """The changes an edit asks for, or None when the text is not an edit."""
    text = text.strip()
    changes: dict[str, Any] = {}
    # Subtitle before title, so 副标题 is not read as 标题; each match is consumed.
    for field in ("subtitle", "body", "cta", "title", "subject"):
        names = _FIELDS[field]
        value_pattern = r"[\"“「']?(?P<value>[^\"”」'\n]+?)[\"”」']?\s*(?:[，,。;；]|$)"
        patterns = (
            rf"(?:把|将)?\s*(?:{names})\s*(?:{_VERB_ZH}\s*[：:]?|[：:])\s*{value_pattern}",
            rf"\b(?:make|set|change)\s+(?:the\s+)?(?:{names})\s+(?:{_VERB_EN}\s+)?{value_pattern}",
        )
        for pattern in patterns:
            match = re.search(pattern, text, re.IGNORECASE)
            if match and match.group("value").strip() and field not in changes:
                changes[field] = match.group("value").strip()
                text = text[:match.start()] + " " + text[match.end():]
    edit_verb = re.search(rf"{_VERB_ZH}|\b(?:make it|use|switch to|change to|turn it into)\b", text, re.IGNORECASE)
    if edit_verb:
        colours = [c.key for c in find_colors(text)]
        if colours:
            changes["palette"] = colours
        formats = _find_alias(text, lexicon.formats)
        if formats:
            changes["format"] = formats[0][1]
        size = re.search(r"(\d{2,5})\s*[x×*]\s*(\d{2,5})", text)
        if size:
            changes["format"] = f"{size.group(1)}x{size.group(2)}"
    return changes or None


def edit_for(text: str, previous: Brief | None, lexicon: BriefLexicon, parsed: Brief | None) -> dict[str, Any] | None:
    """The edit to apply to `previous`, or None when `text` is a new brief.

    An edit verb (换成, 改为, change … to) marks an edit; so does a bare copy change
    ("标题：好运来") that names no new subject or format.
    """
    if previous is None:
        return None
    changes = parse_edit(text, lexicon)
    if not changes:
        return None
    has_verb = re.search(rf"{_VERB_ZH}|\b(?:make|set|change|use|switch)\b", text, re.IGNORECASE)
    looks_new = parsed is not None and (parsed.subjects or parsed.format) and "subject" not in changes
    return changes if has_verb or not looks_new else None


def apply_edit(brief: Brief, changes: dict[str, Any]) -> Brief:
    copy_changes = {k: v for k, v in changes.items() if k in ("title", "subtitle", "cta", "body")}
    updated = brief.with_copy(**copy_changes) if copy_changes else brief
    other: dict[str, Any] = {}
    if "palette" in changes:
        other["palette"] = changes["palette"]
    if "format" in changes:
        other["format"] = changes["format"]
    if "subject" in changes:
        other["subjects"] = [changes["subject"]]
    return updated.model_copy(update=other) if other else updated
