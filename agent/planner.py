"""The offline planner: a deterministic plan of tool calls for a Brief, run through the same
LangChain tool objects the LLM agent calls.

Plan (the article's workflow): keywords → template → retrieve references → generate candidates
→ pick → cut out → retrieve decorations → compose + lay out → check → revise → export.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from agent.brief import Brief
from agent.templates import Template, TemplateLibrary
from tools.errors import HuabaoError

# How each problem code from `check` is revised; the order is the order of preference.
MIN_SHARE, MAX_SHARE = 0.08, 0.6


def choose_template(brief: Brief, library: TemplateLibrary) -> Template:
    """An explicit template wins; otherwise the template whose keywords and format fit best."""
    if brief.template:
        return library.get(brief.template)
    text = brief.raw.lower()
    signals = set(brief.style) | {s.lower() for s in brief.subjects}
    if brief.theme:
        signals.add(brief.theme.lower())
    best, best_score = None, -1.0
    for template in library.all():
        score = 0.0
        for keyword in template.keywords:
            word = keyword.lower()
            if word in signals:
                score += 2.0
            elif word in text:
                score += 1.0
        if template.format == brief.format:
            score += 0.5
        if template.render == "stylize" and "painting" not in brief.style:
            score -= 5.0  # style transfer only when the brief asks for 风格化
        if score > best_score:
            best, best_score = template, score
    if best is None:
        raise HuabaoError("no prompt templates are available")
    return best


def color_words(brief: Brief, template: Template) -> str:
    from tools.colors import color_by_key

    keys = brief.palette or template.palette
    names = [color_by_key(key).en for key in keys]
    if not names:
        return ""
    return (" and ".join(names) + (" gradient" if "gradient" in brief.style else "")).capitalize()


def subject_query(brief: Brief, template: Template) -> str:
    """What to search the gallery for: the brief's subject, else its theme, else the template's default."""
    if brief.subjects:
        return " ".join(brief.subjects[:2])
    if brief.theme:
        return brief.theme
    return template.slots["subject"].default


@dataclass
class PosterPlan:
    """The decisions that stay fixed across revisions and across a series."""

    format: str
    palette: list[str]
    copy: dict[str, str]
    subject_share: float | None  # None: the layout's own size
    seed: int
    layout: str
    decorations: list[str] = field(default_factory=list)
    background: str = "gradient"
    pedestal: bool = False
    template: str = ""

    def tool_args(self, subject: str | None) -> dict[str, Any]:
        """Arguments for the compose_poster tool (the same schema the LLM fills in)."""
        return {"format": self.format, "layout": self.layout, "palette": self.palette,
                "subject": subject or "", "subject_share": self.subject_share,  # None: the layout's size
                "decorations": self.decorations, "seed": self.seed, **self.copy}

    def compose_defaults(self) -> dict[str, Any]:
        """Fixed per run (from the template): passed to build_tools."""
        return {"background": self.background, "pedestal": self.pedestal, "template": self.template}


def revise(plan: PosterPlan, problems: list[dict[str, Any]], actual_share: float | None = None) -> list[str]:
    """Change the plan to address check's problems; returns what was changed (empty: nothing to try)."""
    codes = {p.get("code") for p in problems}
    changes: list[str] = []
    share = plan.subject_share or actual_share or 0.3
    if codes & {"text_overlaps_subject", "text_outside_safe_area", "text_clipped"}:
        if share > MIN_SHARE:
            plan.subject_share = max(MIN_SHARE, round(share * 0.8, 3))
            changes.append(f"subject smaller ({plan.subject_share:.2f} of the canvas)")
    if "text_clipped" in codes:
        title = plan.copy.get("title", "")
        parts = re.split(r"[，,·|｜:：!！]\s*", title, maxsplit=1)
        if len(parts) == 2 and all(parts) and not plan.copy.get("subtitle"):
            plan.copy = {**plan.copy, "title": parts[0], "subtitle": parts[1]}
            changes.append("long title split into title + subtitle")
        elif plan.copy.get("body"):
            plan.copy = {**plan.copy, "body": ""}
            changes.append("body text dropped to make room")
    if "subject_too_small" in codes and share < MAX_SHARE:
        plan.subject_share = min(MAX_SHARE, round(share * 1.25, 3))
        changes.append(f"subject larger ({plan.subject_share:.2f} of the canvas)")
    if "low_contrast" in codes and len(plan.palette) >= 2:
        plan.palette = plan.palette[1:] + plan.palette[:1]
        changes.append(f"palette rotated to {plan.palette}")
    if "empty_title" in codes and not plan.copy.get("title"):
        plan.copy = {**plan.copy, "title": plan.template or "活动"}
        changes.append("placeholder title added")
    return changes


class ToolCaller:
    """Calls the LangChain tools by name and decodes their JSON answers."""

    def __init__(self, tools: list[Any]):
        self.tools = {tool.name: tool for tool in tools}

    def __call__(self, name: str, **args: Any) -> dict[str, Any]:
        answer = json.loads(self.tools[name].invoke(args))
        if isinstance(answer, dict) and "error" in answer:
            raise HuabaoError(answer["error"])
        return answer


def default_copy(brief: Brief, template: Template) -> dict[str, str]:
    """The brief's copy; the template's defaults fill only a missing title and button."""
    copy = brief.copy.model_dump()
    if not copy["title"]:
        copy["title"] = template.copy.title
        if not copy["subtitle"]:
            copy["subtitle"] = template.copy.subtitle
    if not copy["cta"]:
        copy["cta"] = template.copy.cta
    return copy


def make_plan(brief: Brief, template: Template) -> PosterPlan:
    return PosterPlan(format=brief.format, palette=brief.palette or template.palette,
                      copy=default_copy(brief, template),
                      subject_share=None, seed=0,
                      # the template's layout only when the brief keeps the template's format
                      layout=template.layout if template.format == brief.format else "auto",
                      background=template.background if template.background != "image" else "gradient",
                      pedestal=template.pedestal, template=template.key)


def run_offline_plan(brief: Brief, template: Template, call: ToolCaller, ws: Any, *, plan: PosterPlan,
                     max_rounds: int, subjects: list[str] | None = None,
                     user_images: list[str] | None = None,
                     theme_symbols: list[str] = ()) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Run the fixed plan; returns (exported outputs with their problems, rounds used, reference ids).

    `subjects` makes a series: one poster per subject, everything else identical.
    `user_images` are the user's own subject images: cut out and placed, never redrawn.
    """
    palette = plan.palette
    references: list[str] = []

    # Decorations, chosen once for a series: the theme's symbols first (snowflake for 冬日, lightning
    # for 限时秒杀), then the template's own (coins, stars); never the subject itself.
    subject_text = subject_query(brief, template).lower()
    if not brief.subjects and not user_images:
        theme_symbols = list(theme_symbols)[1:]  # a theme-only brief gets its first symbol as the subject
    keywords = [s for s in theme_symbols if not any(w and w in subject_text for w in s.lower().split())][:2]
    keywords += template.decorations
    seen_ids: set[str] = set()
    for keyword in keywords:
        if len(plan.decorations) >= 3:
            break
        hits = call("search_gallery", query=keyword, k=1)["results"]
        if hits and hits[0]["gallery_id"] not in seen_ids:
            seen_ids.add(hits[0]["gallery_id"])
            plan.decorations.append(hits[0]["ref"])

    subject_list = subjects or [subject_query(brief, template)]
    if user_images:
        subject_list = user_images
    outputs: list[dict[str, Any]] = []
    rounds_used = 0
    for subject in subject_list:
        for variant in range(brief.count if not subjects else 1):
            if user_images:
                cut = call("cutout_subject", image=subject)["cutout"]
            else:
                cut, refs = _subject_from_gallery(call, brief, template, subject, palette, variant, seen_ids)
                references.extend(refs)
            plan.seed = variant
            # A series settles its layout on the first subject; the rest reuse it unchanged so
            # positions, sizes, palette and background stay identical.
            allowed = max_rounds if not (subjects and outputs) else 1
            poster, rounds = _compose_and_revise(call, plan, cut, allowed, ws)
            rounds_used = max(rounds_used, rounds)
            exported = call("export_poster", poster=poster["poster"])
            outputs.append({**exported, "subject": subject, "problems": poster["problems"]})
    return outputs, rounds_used, list(dict.fromkeys(references))


def _subject_from_gallery(call: ToolCaller, brief: Brief, template: Template, subject: str,
                          palette: list[str], variant: int, avoid: set[str]) -> tuple[str, list[str]]:
    hits = call("search_gallery", query=subject, k=3 + len(avoid))["results"]
    if not hits:
        raise HuabaoError(f"the gallery has nothing for “{subject}”; index a gallery first")
    # The subject should not repeat a decoration icon.
    hits = [hit for hit in hits if hit["gallery_id"] not in avoid][:3] or hits[:3]
    # Variants of a multi-poster brief start from different references when there are several.
    chosen = hits[variant % len(hits)] if variant else hits[0]
    prompt = template.fill({"subject": subject, "color": color_words(brief, template)})
    stylize = template.render == "stylize" or "painting" in brief.style
    generated = call("generate_candidates", reference=chosen["ref"], prompt=prompt,
                     reference_weight=template.reference_weight, n=2, seed=variant * 10,
                     palette=palette, style=(template.style_image or "0") if stylize else "")
    keywords = [subject, *template.style_words[:3]]
    ranking = call("pick_best", candidates=[c["candidate"] for c in generated["candidates"]],
                   keywords=keywords, palette=palette)["ranking"]
    cut = call("cutout_subject", image=ranking[0]["candidate"])["cutout"]
    return cut, [chosen["gallery_id"]]


def _compose_and_revise(call: ToolCaller, plan: PosterPlan, cut: str | None, max_rounds: int,
                        ws: Any) -> tuple[dict[str, Any], int]:
    poster = call("compose_poster", **plan.tool_args(cut))
    rounds = 1
    while poster["problems"] and rounds < max_rounds:
        changes = revise(plan, poster["problems"], poster.get("subject_share"))
        if not changes:
            break
        ws.emit("note", "revising: " + "; ".join(changes), changes=changes)
        poster = call("compose_poster", **plan.tool_args(cut))
        rounds += 1
    return poster, rounds
