"""Copy from a JSON object pasted into a brief (a CMS or popup config: {"title": "…", "btn": "…", "desc": "…"}).

The object is read as JSON, not as text: its keys name the fields the way labels do ("sub_title", "primaryButton",
"CTA"), keys that name no field ("popup_id", "show_times") are left out, a nested object ("copy": {…}) is read
through, and a second button ("secondary_link") holds no copy for the poster. A value counts only when it is
written in the brief exactly as decoded, so the copy is still the brief's own words.
"""
from __future__ import annotations

import json
import re
from typing import Any

from agent.brief_copy.rules import CopyRules
from agent.brief_copy.text import FIELDS, _label_key
from agent.brief_copy.variants import picked_variant, variant_key

# Keys a config uses for the popup's own sentences, which are no label in prose (desc, description is a
# ticket's field there, content / text the words of any part).
_CONFIG_BODY_KEYS = frozenset({"desc", "description", "content", "text", "body text", "message", "msg"})
# Keys about a field's look or target, never its words
_NOT_WORDS_KEYS = frozenset({"color", "colour", "font", "size", "style", "bg", "background", "image", "img", "icon", "url",
                             "uri", "href", "link", "id", "type", "align", "alignment", "width", "height", "position",
                             "deeplink", "route", "target", "key", "weight", "max", "min", "length", "len"})
# Keys under a field's object that hold its words ("button": {"text": "…", "link": "…"})
_OWN_WORDS_KEYS = frozenset({"text", "label", "copy", "title", "content", "value", "txt"})
# camelCase keys (subTitle, ctaText, primaryButton) spell their words apart by case
_CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_DECODER = json.JSONDecoder()


def _objects(text: str) -> list[tuple[dict[str, Any], tuple[int, int]]]:
    """Every top-level JSON object in the text, with its span."""
    found, at = [], text.find("{")
    while at != -1:
        try:
            value, end = _DECODER.raw_decode(text, at)
        except ValueError:
            at = text.find("{", at + 1)
            continue
        if isinstance(value, dict) and value:
            found.append((value, (at, end)))
        at = text.find("{", end)
    return found


def _field_of_key(key: str, rules: CopyRules) -> str | None:
    """The field a key names: as a whole (sub_title, primaryButton), else by one or two of its words (cta_label,
    popup_title_text, btn_txt_zh)."""
    words = _label_key(_CAMEL_BREAK.sub(" ", key).strip()).split()
    if _NOT_WORDS_KEYS.intersection(words):
        return None  # title_color / cta_url / subtitle_font_size: how or where, not what it says
    if "secondary" in words:
        return None  # secondary_btn_text: the second button's words are no field of the poster
    for size in range(len(words), 0, -1):
        for at in range(len(words) - size + 1):
            part = " ".join(words[at:at + size])
            field = "body" if part in _CONFIG_BODY_KEYS else rules.field_of.get(part) or (
                "cta" if rules.primary_button.fullmatch(part) else None)
            if field:
                return field
    return None


def _strings(value: dict[str, Any], rules: CopyRules, found: dict[str, str], asked: str | None = None) -> bool:
    """Fill `found` with the first string each field's key gives; False when the object is not plain copy (a field
    given as versions, {"title": {"en": …, "zh": …}}, is read by the text path, which picks the version asked for).
    Of test variants ({"A": {…}, "B": {…}}) only the one the brief asks for (`asked`) is read."""
    variant_of = {key: variant_key(str(key)) for key, item in value.items() if isinstance(item, dict)}
    named = set(variant_of.values()) - {None}
    if len(named) >= 2 and asked in named:
        value = {key: item for key, item in value.items() if variant_of.get(key) in (None, asked)}
    for key, item in value.items():
        field = _field_of_key(str(key), rules)
        if isinstance(item, dict):
            if field in FIELDS:
                own = [name for name in item if str(name).lower() in _OWN_WORDS_KEYS and isinstance(item[name], str)]
                inner = any(_field_of_key(str(name), rules) in FIELDS for name in item if name not in own)
                if own and not inner:
                    # "button": {"text": "去领券", "link": …}: the field's words under a key of their own, its target beside
                    if item[own[0]].strip() and field not in found:
                        found[field] = item[own[0]].strip()
                    continue
                if not (inner and str(key).lower() in _CONFIG_BODY_KEYS):
                    return False  # ("content": {"title": …, "button": …} holds the fields: read through below)
            if not _strings(item, rules, found, asked):
                return False
        elif isinstance(item, str) and item.strip() and field in FIELDS and field not in found:
            found[field] = item.strip()  # (a second button's key names SECOND_BUTTON, no field: left out)
    return True


def json_copy(text: str, rules: CopyRules) -> tuple[dict[str, str], list[tuple[int, int]]] | None:
    """The copy a JSON object in the brief gives, and the objects' spans; None when there is no such object."""
    if "{" not in text:
        return None
    fields: dict[str, str] = {}
    spans = []
    for value, span in _objects(text):
        found: dict[str, str] = {}
        if not _strings(value, rules, found, picked_variant(text, _variant_keys(value), [span])):
            return None
        found = {name: words for name, words in found.items() if words in text}
        if found:
            spans.append(span)
            fields.update({name: words for name, words in found.items() if name not in fields})
    return (fields, spans) if fields else None


def _variant_keys(value: dict[str, Any]) -> list[str]:
    """The variants a config's objects are keyed by, at any depth ("variants": {"A": {…}, "B": {…}})."""
    keys: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict):
            if (variant := variant_key(str(key))) is not None:
                keys.append(variant)
            keys += _variant_keys(item)
    return list(dict.fromkeys(keys))
