"""The offline planner: a deterministic plan of tool calls for a Brief, run through the same
LangChain tool objects the LLM agent calls.

Plan (the article's workflow): keywords → template → retrieve references → generate candidates
→ pick → cut out → retrieve decorations → compose + lay out → check → revise → export.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from agent.brief import Brief, BriefLexicon, _find_alias, default_lexicon
from agent.cancel import raise_if_cancelled
from agent.templates import Template, TemplateLibrary
from tools.errors import HuabaoError
from tools.registry import USER_IMAGE_KEPT, ToolSpec, Workspace
from tools.steps import NoteStep

# How each problem code from `check` is revised; the order is the order of preference.
MIN_SHARE, MAX_SHARE = 0.08, 0.6

MAX_DECORATIONS = 4  # distinct pictures; the format's frame may place fewer
THEME_DECORATIONS = 3  # a theme with this many symbols decorates alone; a thinner one takes the template's too


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


def subject_phrases(brief: Brief) -> list[str]:
    """The subjects as the brief wrote them: words the parser split that stand side by side in the
    brief are one object (扫地 + 机器人 → 扫地机器人, 空气 + 炸锅 → 空气炸锅)."""
    phrases: list[str] = []
    for subject in brief.subjects:
        if phrases and not subject.isascii() and (phrases[-1] + subject) in brief.raw:
            phrases[-1] += subject
        else:
            phrases.append(subject)
    return phrases


HERO_PROBES = 4  # subject phrases tried against the gallery, in the brief's order
PARTLY_NAMED = 0.3  # a phrase the gallery names in part (机器人 of 扫地机器人): its nearest stand-in


def asked_subjects(brief: Brief, cued: set[str] | None = None) -> list[str]:
    """The subject phrases the brief puts forward: those a phrase points at (主视觉用…, "hero
    image: …", 产品是…; `cued`, when the caller has found them already), then those in its first
    line, where the campaign is named. The nouns of a background paragraph (家长, clinic waiting
    rooms) are not among them."""
    from agent.brief import _cued_subjects

    lexicon = default_lexicon()
    phrases = subject_phrases(brief)[:HERO_PROBES]
    cued = cued if cued is not None else set(_cued_subjects(brief.raw, lexicon))
    header = _first_line(brief.raw)
    return [p for p in phrases if p in cued] + [p for p in phrases if p not in cued and p.lower() in header
                                                and not _audience(p, lexicon)]


def _audience(phrase: str, lexicon: BriefLexicon) -> bool:
    """新手, 家长, puppy owners: who the campaign is for (its last word names people)."""
    words = phrase.lower().split() if phrase.isascii() else [phrase]
    return bool(words) and (words[-1] in lexicon.audience or phrase in lexicon.audience)


# How much each kind of evidence counts when the hero is chosen (bench/hero_choice.py's dev split:
# a broad plateau, not a sharp optimum). A phrase a cue points at (主视觉用…, "hero image:") counts
# most, then a noun of the first line, then the campaign's theme and the brief read as a whole, then
# the other nouns; the people the campaign is for least.
HERO_VOTES = {"asked": 2.0, "first line": 1.0, "theme": 1.0, "whole brief": 1.0, "other": 0.5, "audience": 0.2}
HERO_RANK_DECAY = 0.5  # each channel's second hit counts half its first, its third a quarter
HERO_PARTLY = 0.5  # a picture that names a phrase only in part (机器人 of 扫地机器人) counts half
HERO_CHANNEL_HITS = 3
WHOLE_BRIEF_HITS = 5


@dataclass(frozen=True)
class HeroPick:
    """The gallery picture chosen as the hero, a search that finds it, and what names it."""

    gallery_id: str
    query: str  # searched again by the plan, so the reference comes through the search tool
    rank: int  # the picture's place in that search
    names: str  # what the poster's subject is called: the phrase it shows, else the theme, else its label
    phrase: str | None  # the brief's phrase the picture shows, None when the theme or the whole brief chose it
    missing: tuple[str, ...] = ()  # phrases the brief puts forward that no gallery picture found shows


def choose_hero(brief: Brief, ws: Any) -> HeroPick | None:
    """The picture the brief's evidence agrees on, or None (no subject, no theme: the template's own).

    No single reading of a brief finds its hero reliably: its first noun is as often a word of the
    job (小时, 颜色, save) as the product; its theme is general (餐饮 for a lunch deal); the brief
    searched as a whole is noisy. Each reading votes for its best gallery hits, and the picture most
    of them agree on wins: 蛋糕 → 🍰, theme 生日 → 🎂, the whole brief → 🎂: the birthday cake.
    A phrase votes only for pictures that show it (coverage ≥ subject_match_threshold; half a vote
    for one that names it in part)."""
    from agent.brief import _cued_subjects

    lexicon = default_lexicon()
    phrases = subject_phrases(brief)[:HERO_PROBES]
    cued = set(_cued_subjects(brief.raw, lexicon))
    header = _first_line(brief.raw)
    votes: dict[str, float] = {}
    found: dict[str, tuple[int, str, Any]] = {}  # id → (rank, query, hit) of its best place in a search
    shown_by: dict[str, tuple[float, str]] = {}  # id → (weight, phrase) of the strongest phrase it shows
    best_coverage: dict[str, float] = {}

    def search(query: str, k: int) -> list[Any]:
        hits = ws.retriever.search_text(query, k=k)
        for rank, hit in enumerate(hits):
            if hit.id not in found or rank < found[hit.id][0]:
                found[hit.id] = (rank, query, hit)
        return hits

    try:
        for phrase in phrases:
            weight = HERO_VOTES["asked" if phrase in cued else "audience" if _audience(phrase, lexicon)
                                else "first line" if phrase.lower() in header else "other"]
            for rank, hit in enumerate(search(phrase, HERO_CHANNEL_HITS)):
                coverage = subject_coverage_of([phrase], hit_names(hit), ws.settings)[phrase]
                best_coverage[phrase] = max(coverage, best_coverage.get(phrase, 0.0))
                share = 1.0 if coverage >= ws.settings.subject_match_threshold else \
                    HERO_PARTLY if coverage >= PARTLY_NAMED else 0.0
                if share:
                    votes[hit.id] = votes.get(hit.id, 0.0) + weight * share * HERO_RANK_DECAY ** rank
                if share == 1.0 and weight > shown_by.get(hit.id, (0.0, ""))[0]:
                    shown_by[hit.id] = (weight, phrase)
        if brief.theme:
            for rank, hit in enumerate(search(brief.theme, HERO_CHANNEL_HITS)):
                votes[hit.id] = votes.get(hit.id, 0.0) + HERO_VOTES["theme"] * HERO_RANK_DECAY ** rank
        if not votes:
            return None  # nothing named and no theme: the brief alone is too vague to search
        for rank, hit in enumerate(search(" ".join(brief.raw.split()), WHOLE_BRIEF_HITS)):
            votes[hit.id] = votes.get(hit.id, 0.0) + HERO_VOTES["whole brief"] * HERO_RANK_DECAY ** rank
    except HuabaoError:  # no index yet: search_gallery will say so in its own words
        return None
    best = max(votes, key=votes.__getitem__)  # ties: the first voted for (the brief's order)
    rank, query, hit = found[best]
    phrase = shown_by[best][1] if best in shown_by else None
    label = hit.label_en if brief.language == "en" else hit.label_zh
    # What the gallery lacks is reported; a phrase whose pictures were found but outvoted (小时 → ⏰
    # in a parcel brief) is not missing, it was not the hero.
    missing = tuple(p for p in asked_subjects(brief, cued)
                    if best_coverage.get(p, 0.0) < ws.settings.subject_match_threshold)
    return HeroPick(gallery_id=best, query=query, rank=rank, phrase=phrase, missing=missing,
                    names=phrase or brief.theme or label or hit.label_en or hit.label_zh)


def _first_line(text: str) -> str:
    """The brief's first line or sentence, lower-cased: where a campaign is usually named."""
    return re.split(r"\n|[。.!！?？](?:\s|$)", text.strip(), maxsplit=1)[0].lower()


def subject_query(brief: Brief, template: Template) -> str:
    """What to search the gallery for: the brief's subject, else its theme, else the template's default."""
    if brief.subjects:
        return " ".join(subject_phrases(brief)[:2])
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
    copy_source: dict[str, str] = field(default_factory=dict)  # field → brief | generated | template
    brand: str | None = None  # a brand kit's name or .yaml path (tools/brand.py): its colours, fonts and logo
    named_layout: str | None = None  # the layout the user asked for: kept even when the copy does not fit it

    def tool_args(self, subject: str | None) -> dict[str, Any]:
        """Arguments for the compose_poster tool (the same schema the LLM fills in)."""
        return {"format": self.format, "layout": self.layout, "palette": self.palette,
                "subject": subject or "", "subject_share": self.subject_share,  # None: the layout's size
                "decorations": self.decorations, "seed": self.seed, **self.copy}

    def compose_defaults(self) -> dict[str, Any]:
        """Fixed per run (from the template): passed to build_tools."""
        return {"background": self.background, "pedestal": self.pedestal, "template": self.template,
                "brand": self.brand}


_REVISIONS = {
    "en": {"smaller": "subject smaller ({share:.2f} of the canvas)", "larger": "subject larger ({share:.2f} of the canvas)",
           "rebroken": "long title re-broken into title + subtitle", "palette": "palette rotated to {palette}",
           "title": "placeholder title added", "layout": "layout {layout} holds the whole copy",
           "lead": "revising: ", "join": "; "},
    "zh": {"smaller": "主体缩小（占画面 {share:.2f}）", "larger": "主体放大（占画面 {share:.2f}）",
           "rebroken": "长标题按原有标点分成标题和副标题", "palette": "配色轮换为 {palette}",
           "title": "补上占位标题", "layout": "换用版式 {layout}，放得下全部文案", "lead": "修正：", "join": "；"},
}


def revision_note(changes: list[str], language: str) -> str:
    """The one line that says what a revision round changed, in the brief's language."""
    words = _REVISIONS["en" if language == "en" else "zh"]
    return words["lead"] + words["join"].join(changes)


def revise(plan: PosterPlan, problems: list[dict[str, Any]], actual_share: float | None = None, *,
           language: str = "en") -> list[str]:
    """Change the plan to address check's problems; returns what was changed (empty: nothing to
    try), said in `language` (the brief's)."""
    words = _REVISIONS["en" if language == "en" else "zh"]
    codes = {p.get("code") for p in problems}
    changes: list[str] = []
    share = plan.subject_share or actual_share or 0.3
    if codes & {"text_overlaps_subject", "text_outside_safe_area", "text_clipped"}:
        if share > MIN_SHARE:
            plan.subject_share = max(MIN_SHARE, round(share * 0.8, 3))
            changes.append(words["smaller"].format(share=plan.subject_share))
    if "text_clipped" in codes:
        # A long title is re-broken into title + subtitle at its own punctuation, which stays on
        # the title's line: every character of the copy is still printed. Copy is never dropped;
        # what still does not fit is reported by check as copy_truncated.
        title = plan.copy.get("title", "")
        split = re.search(r"[，,·|｜:：!！]\s*", title)
        clipped = {p.get("layer_id") for p in problems if p.get("code") == "text_clipped"}
        if split and "title" in clipped and not plan.copy.get("subtitle"):
            head, tail = title[:split.start() + 1].rstrip(), title[split.end():]
            if head.strip() and tail.strip() and head[:-1].strip():
                plan.copy = {**plan.copy, "title": head, "subtitle": tail}
                if "title" in plan.copy_source:
                    plan.copy_source = {**plan.copy_source, "subtitle": plan.copy_source["title"]}
                changes.append(words["rebroken"])
    if "copy_truncated" in codes and plan.layout not in ("auto", "", plan.named_layout):
        # Words still cut in a layout huabao chose (a template's, a variant's): change layout to the
        # format's default, whose copy may take room from the subject. A layout the user named stays.
        plan.layout = "auto"
        changes.append(words["layout"].format(layout=_default_layout_name(plan.format)))
    if "subject_too_small" in codes and share < MAX_SHARE:
        plan.subject_share = min(MAX_SHARE, round(share * 1.25, 3))
        changes.append(words["larger"].format(share=plan.subject_share))
    if "low_contrast" in codes and len(plan.palette) >= 2:
        plan.palette = plan.palette[1:] + plan.palette[:1]
        changes.append(words["palette"].format(palette=("、" if language != "en" else ", ").join(map(str, plan.palette))))
    if "empty_title" in codes and not plan.copy.get("title"):
        # a neutral generated title, never the template's name or a claim
        plan.copy = {**plan.copy, "title": default_lexicon().generated_copy["title"]["zh"]}
        plan.copy_source = {**plan.copy_source, "title": "generated"}
        changes.append(words["title"])
    return changes


class ToolCaller:
    """Calls the run's tools by name, as Python functions: an error keeps its type (a GalleryError
    stays one up to the surface). With `cancel`, each call is a checkpoint where a stopped brief
    ends (agent/cancel.py)."""

    def __init__(self, tools: list[ToolSpec], ws: Workspace, cancel: threading.Event | None = None):
        self.tools = {tool.name: tool for tool in tools}
        self.ws = ws
        self.cancel = cancel

    def __call__(self, tool: str, /, **args: Any) -> dict[str, Any]:
        raise_if_cancelled(self.cancel)
        answer = self.tools[tool].call(self.ws, args)
        raise_if_cancelled(self.cancel)
        return answer


def fill_copy(brief: Brief, template: Template, lexicon: BriefLexicon | None = None
              ) -> tuple[dict[str, str], dict[str, str]]:
    """The copy to print and where each field came from.

    The brief's own words always win. A missing title is generated from the theme (中秋快乐,
    开学季, Back to School) or the subject, else taken from the template; a missing button is the
    template's (or a neutral "Learn more" for an English brief); a subtitle is only ever the
    brief's or, beside the template's title, the template's. Nothing generated may carry a
    number, price, discount, gift or deadline the brief did not state: such a value is dropped.
    """
    lexicon = lexicon or default_lexicon()
    words = {name: value for name, value in brief.copy.model_dump().items()
             if value and brief.copy_source.get(name, "brief") == "brief"}
    sources = {name: "brief" for name in words}
    english = brief.language == "en"

    def allowed(value: str) -> bool:
        return bool(value) and not lexicon.claims.invented(value, brief.raw)

    if "title" not in words:
        title, source = _generated_title(brief, lexicon), "generated"
        if not title and not english and allowed(template.copy.title):
            title, source = template.copy.title, "template"
        if not title:
            title, source = lexicon.generated_copy["title"]["en" if english else "zh"], "generated"
        if allowed(title):
            words["title"], sources["title"] = title, source
            if source == "template" and "subtitle" not in words and allowed(template.copy.subtitle):
                words["subtitle"], sources["subtitle"] = template.copy.subtitle, "template"
    if "cta" not in words:
        if not english and allowed(template.copy.cta):
            words["cta"], sources["cta"] = template.copy.cta, "template"
        else:
            cta = lexicon.generated_copy["cta"]["en" if english else "zh"]
            if allowed(cta):
                words["cta"], sources["cta"] = cta, "generated"
    copy = {name: words.get(name, "") for name in ("title", "subtitle", "cta", "body")}
    return copy, sources


def _generated_title(brief: Brief, lexicon: BriefLexicon) -> str:
    """A neutral title from the brief's theme (as the brief names it) or its subject."""
    english = brief.language == "en"
    candidates: list[str] = []
    if brief.theme:
        greeting = lexicon.generated_copy["greetings"].get(brief.theme)
        if greeting:
            candidates.append(greeting["en" if english else "zh"])
        # The theme's own name, then the words the brief used for it (秒杀, not 限时秒杀).
        aliases = lexicon.themes.get(brief.theme, [])
        written = [alias for _, key, alias in _find_alias(brief.raw, lexicon.themes) if key == brief.theme]
        if english:
            candidates += [_title_case(a) for a in written + aliases if a.isascii()]
        else:
            candidates += [brief.theme] + [a for a in written if not a.isascii()]
    for subject in brief.subjects[:1]:
        if english == subject.isascii():
            candidates.append(_title_case(subject) if english else subject)
    for candidate in candidates:
        if candidate and not lexicon.claims.invented(candidate, brief.raw):
            return candidate
    return ""


def _title_case(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


_FIELD_NAMES = {"zh": {"title": "标题", "subtitle": "副标题", "cta": "按钮", "body": "正文"},
                "en": {"title": "title", "subtitle": "subtitle", "cta": "button", "body": "body"}}


def generated_copy_note(brief: Brief) -> str:
    """Tells the user, in the brief's language, which copy huabao wrote and how to give their own."""
    made = [name for name in ("title", "subtitle", "cta", "body") if brief.copy_source.get(name) in ("generated", "template")]
    if not made:
        return ""
    names = _FIELD_NAMES["en" if brief.language == "en" else "zh"]
    shown = [f"{names[name]} “{getattr(brief.copy, name)}”" for name in made]
    if brief.language == "en":
        example = "; ".join(f"{names[name]}: …" for name in made)
        return f"Generated copy (not from your brief): {', '.join(shown)}. To use your own words, write {example}"
    example = "，".join(f"{names[name]}：…" for name in made)
    return f"以下文案为自动生成（简报中没有）：{'，'.join(shown)}。如需指定，请写 {example}"


def make_plan(brief: Brief, template: Template) -> PosterPlan:
    copy, sources = fill_copy(brief, template)
    return PosterPlan(format=brief.format, palette=brief.palette or template.palette,
                      copy=copy, copy_source=sources,
                      subject_share=None, seed=0,
                      # the template's layout only when the brief keeps the template's format
                      layout=template.layout if template.format == brief.format else "auto",
                      background=template.background if template.background != "image" else "gradient",
                      pedestal=template.pedestal, template=template.key)


# ---------------------------------------------------------------------------- subject found?
def hit_names(hit: Any) -> dict[str, Any]:
    """A retriever's SearchHit as the names the subject check reads."""
    return {"gallery_id": hit.id, "label_zh": hit.label_zh, "label_en": hit.label_en, "tags": hit.tags}


def gallery_names(ws: Any, hit: dict[str, Any]) -> dict[str, Any]:
    """A search result with the gallery's tags added (the search tool returns labels only)."""
    tags = hit.get("tags")
    if tags is None:
        try:
            tags = list(ws.retriever.get(hit["gallery_id"]).tags)
        except HuabaoError:  # an image gone from the index since the search: its labels still count
            tags = []
    return {**hit, "tags": tags}


def _synonyms(settings: Any) -> Any:
    try:
        from tools.retrieval.synonyms import load_synonyms

        return load_synonyms(settings.prompts_dir)
    except (ImportError, HuabaoError):  # the table is a help, not a requirement
        return None


def subject_coverage_of(phrases: list[str], hit: dict[str, Any], settings: Any) -> dict[str, float]:
    """Each named phrase's coverage by this gallery image's names (agent/subject_match.py)."""
    from agent.subject_match import best_match

    synonyms = _synonyms(settings)
    return {phrase: best_match(phrase, [hit], synonyms)[0].coverage for phrase in phrases}


def subject_shown(phrases: list[str], hit: dict[str, Any], settings: Any) -> bool:
    """The image shows one of the subjects the brief names (its names explain at least
    `subject_match_threshold` of it)."""
    coverage = subject_coverage_of(phrases, hit, settings)
    return any(value >= settings.subject_match_threshold for value in coverage.values())


def subject_not_found(phrases: list[str], used: dict[str, Any], language: str, settings: Any) -> dict[str, Any]:
    """The problem a result carries when the gallery has no image of the subject the brief names:
    which subject, and what the poster shows instead (in the brief's language)."""
    coverage = subject_coverage_of(phrases, used, settings)
    subject = max(phrases, key=len)
    label = used.get("label_zh") if language != "en" else used.get("label_en")
    label = label or used.get("label_en") or used.get("label_zh") or used.get("gallery_id", "")
    if language == "en":
        message = (f"The gallery has no picture of “{subject}”; the poster shows “{label}” instead. "
                   f"Attach a picture of {subject} (--image, or upload it) to use it.")
    else:
        message = (f"图库里没有“{subject}”的图片，海报用了“{label}”代替。"
                   f"请上传一张{subject}的图片（--image 或在对话中上传）。")
    return {"code": "subject_not_found", "severity": "error", "layer": subject, "layer_id": "subject",
            "subject": subject, "used": {key: used.get(key, "") for key in ("gallery_id", "label_zh", "label_en")},
            "message": message,
            "details": {"coverage": coverage, "threshold": settings.subject_match_threshold}}


def run_offline_plan(brief: Brief, template: Template, call: ToolCaller, ws: Any, *, plan: PosterPlan,
                     max_rounds: int, subjects: list[str] | None = None,
                     user_images: list[str] | None = None, theme_symbols: list[str] = (),
                     formats: list[str] | None = None) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Run the fixed plan; returns (exported outputs with their problems, rounds used, reference ids).

    `subjects` makes a series: one poster per subject, everything else identical.
    `formats` makes a campaign kit: one design per format, each laid out for its own canvas, the
    same subject picture, palette, copy and decorations in all of them.
    `user_images` are the user's own subject images: cut out and placed, never redrawn.
    """
    palette = plan.palette
    references: list[str] = []

    # Decorations, chosen once for a series after its first hero (so a theme symbol never takes the
    # picture the subject needs: ☕ stays the hero of 冬日热饮 rather than a decoration beside it): the
    # theme's symbols first (snowflake for 冬日, lightning for 限时秒杀), then the template's own
    # (coins, stars); never the subject itself, each picture once (compose never repeats one).
    subject_text = subject_query(brief, template).lower()
    if not brief.subjects and not user_images:
        theme_symbols = list(theme_symbols)[1:]  # a theme-only brief gets its first symbol as the subject
    keywords = [s for s in theme_symbols if not any(w and w in subject_text for w in s.lower().split())]
    decoration_limit = THEME_DECORATIONS  # a theme with symbols enough decorates alone
    if len(keywords) < THEME_DECORATIONS:  # the template's generic ones (coins, stars) only fill in for a thin theme
        keywords += template.decorations
        decoration_limit = MAX_DECORATIONS
    seen_ids: set[str] = set()  # the decorations' gallery ids: later heroes of a series avoid them
    decorated = False

    pick = None if subjects or user_images else choose_hero(brief, ws)
    subject_list = subjects or [pick.names if pick else brief.theme or subject_query(brief, template)]
    if user_images:
        subject_list = user_images
        # the product stays the product: no generate step (recolour, style, img2img) runs on it
        ws.mark_user_images(user_images)
        ws.record_backend("img2img", USER_IMAGE_KEPT)
    # The subject the brief names must be what the gallery image shows; a theme-only brief (the
    # template's default subject) and the user's own images need no check.
    # A theme-led hero is checked against the subjects the brief puts forward, if any: a noun of
    # its background (家长, boutique agency) is not a subject it asked for.
    named = ({s: [s] for s in subjects} if subjects else
             {subject_list[0]: ([pick.phrase] if pick.phrase else list(pick.missing[:2])) if pick else
              (asked_subjects(brief) if brief.theme else subject_phrases(brief))[:2]})
    outputs: list[dict[str, Any]] = []
    rounds_used = 0
    layouts = _variant_layouts(brief, plan, ws.settings) if brief.count > 1 and not subjects else []
    original_layout = plan.layout
    kit = list(formats or []) if not subjects else []
    for subject in subject_list:
        cut: str | None = None
        missing: dict[str, Any] | None = None
        for variant in range(len(kit) or (brief.count if not subjects else 1)):
            if cut is None or not kit:  # a kit cuts its subject out once, for every format
                missing = None
                if user_images:
                    cut = call("cutout_subject", image=subject)["cutout"]
                else:
                    cut, refs, missing = _subject_from_gallery(call, brief, template, subject, palette, variant,
                                                               seen_ids, ws=ws, phrases=named.get(subject) or [],
                                                               pick=pick if not subjects else None)
                    references.extend(refs)
                if not decorated:
                    _choose_decorations(call, plan, keywords, seen_ids, hero_ids=set(references), ws=ws,
                                        limit=decoration_limit)
                    decorated = True
                if missing is not None:
                    ws.emit(NoteStep(message=missing["message"], problems=[missing]))
            design = plan
            if kit:  # the kit's formats: one plan each, so a revision of one leaves the others alone
                design = replace(plan, format=kit[variant], copy=dict(plan.copy), palette=list(plan.palette),
                                 decorations=list(plan.decorations),
                                 layout=template.layout if template.format == kit[variant] else "auto")
            elif layouts:  # N variants are N designs: each its own layout, palette order and decoration places
                design = replace(plan, layout=layouts[variant], copy=dict(plan.copy),
                                 palette=_rotated(plan.palette, variant), decorations=_rotated(plan.decorations, variant))
            design.seed = 0 if kit else variant
            # A series settles its layout on the first subject; the rest reuse it unchanged so
            # positions, sizes, palette and background stay identical.
            allowed = max_rounds if not (subjects and outputs) else 1
            poster, rounds = _compose_and_revise(call, design, cut, allowed, ws, brief.language)
            rounds_used = max(rounds_used, rounds)
            # a series poster is named after its own subject (相机, 文件夹, 耳机), a kit's after its format
            name = subject if subjects else (design.format if kit else "")
            exported = call("export_poster", poster=poster["poster"], name=name)
            problems = list(poster["problems"]) + ([missing] if missing is not None else [])
            outputs.append({**exported, "subject": subject, "format": design.format, "problems": problems,
                            "scores": poster.get("scores")})
    if layouts and not kit:
        # variants best first by their design score (tools/taste.py); a layout the user named stays first
        keep = 1 if original_layout not in ("auto", "", template.layout) else 0
        outputs[keep:] = sorted(outputs[keep:], key=lambda out: -(out.get("scores") or {}).get("overall", 0.0))
    return outputs, rounds_used, list(dict.fromkeys(references))


def _choose_decorations(call: ToolCaller, plan: PosterPlan, keywords: list[str], seen_ids: set[str], *,
                        hero_ids: set[str], ws: Any, limit: int = MAX_DECORATIONS) -> None:
    """The first gallery hit of each keyword, up to `limit`, into `plan.decorations` (and its id
    into `seen_ids`). Where a keyword's first hit is the hero, its next one is taken only if it
    shows the keyword too (茶 → 🍵 beside a ☕ hero); otherwise it is whatever else the search found
    (饺子's next hit is a game die) and the keyword adds nothing. Kits and variants copy the plan's
    decorations when they are made, so those get them too."""
    for keyword in keywords:
        if len(plan.decorations) >= limit:
            break
        hits = call("search_gallery", query=keyword, k=2)["results"]
        hit = hits[0] if hits else None
        if hit is not None and hit["gallery_id"] in hero_ids:
            hit = hits[1] if len(hits) > 1 and _shows_keyword(keyword, hits[1], ws) else None
        if hit is not None and hit["gallery_id"] not in hero_ids and hit["gallery_id"] not in seen_ids:
            seen_ids.add(hit["gallery_id"])
            plan.decorations.append(hit["ref"])


def _shows_keyword(keyword: str, hit: dict[str, Any], ws: Any) -> bool:
    """A decoration keyword ("茶 teacup without handle") is shown when the picture's names cover its
    Chinese or its English half."""
    halves = [half for half in keyword.split(" ", 1) if half.strip()]
    coverage = subject_coverage_of(halves, gallery_names(ws, hit), ws.settings)
    return any(value >= ws.settings.subject_match_threshold for value in coverage.values())


def _rotated(items: list[str], by: int) -> list[str]:
    """`items` starting at position `by` (wrapping): variant 2 of a red-gold brief leads with gold."""
    if not items:
        return list(items)
    by %= len(items)
    return list(items[by:]) + list(items[:by])


def _default_layout_name(format_name: str) -> str:
    from tools.formats import get_format
    from tools.layouts import default_layout

    try:
        return default_layout(get_format(format_name))
    except HuabaoError:
        return "auto"


def _variant_layouts(brief: Brief, plan: PosterPlan, settings: Any) -> list[str]:
    """A layout per variant from tools.layouts' ranking (a template's own layout first)."""
    from tools.compose import ComposeRequest, words_cut
    from tools.formats import get_format
    from tools.layouts import BriefFacts, variant_layouts

    copy = plan.copy
    facts = BriefFacts(format=plan.format, title=copy.get("title", ""), subtitle=copy.get("subtitle", ""),
                       body=copy.get("body", ""), language="en" if brief.language == "en" else "zh",
                       subjects=1, decorations=len(plan.decorations),
                       theme=" ".join([brief.raw, brief.theme or "", plan.template]))

    def holds_copy(layout: str) -> bool:
        # the copy laid out alone in that layout; the subject is only said to be there (no image read)
        request = ComposeRequest.model_validate({**plan.tool_args("subject"), **plan.compose_defaults(),
                                                 "layout": layout})
        return words_cut(settings, request) == 0

    try:
        return variant_layouts(facts, get_format(plan.format), brief.count, settings.prompts_dir,
                               first=plan.layout if plan.layout not in ("auto", "") else None, holds_copy=holds_copy)
    except HuabaoError:  # an unknown format is compose's to report, in its own words
        return []


def _subject_from_gallery(call: ToolCaller, brief: Brief, template: Template, subject: str,
                          palette: list[str], variant: int, avoid: set[str], *, ws: Any,
                          phrases: list[str], pick: HeroPick | None = None) -> tuple[str, list[str], dict[str, Any] | None]:
    """The subject cut out of a candidate drawn from the best gallery reference, the reference's
    id, and a subject_not_found problem when no reference found shows the named subject.
    `pick` is the hero `choose_hero` chose: searched for again, it leads (and is what the check judges)."""
    chosen_hit = None
    if pick is not None:
        hits = call("search_gallery", query=pick.query, k=max(3, pick.rank + 1) + len(avoid))["results"]
        chosen_hit = next((hit for hit in hits if hit["gallery_id"] == pick.gallery_id), None)
    if chosen_hit is None:  # no pick, or the index changed under it: the subject's own search
        hits = call("search_gallery", query=subject, k=3 + len(avoid))["results"]
    if not hits:
        raise HuabaoError(f"the gallery has nothing for “{subject}”; index a gallery first")
    missing = None
    if chosen_hit is not None:  # the voted hero first; others that show the same phrase may follow
        shows = not phrases or subject_shown(phrases, gallery_names(ws, chosen_hit), ws.settings)
        if not shows:
            missing = subject_not_found(phrases, chosen_hit, brief.language, ws.settings)
        # variants of a multi-poster brief draw on the others (never a decoration's picture): those
        # that show the phrase, if the hero does
        others = [hit for hit in hits if hit is not chosen_hit and hit["gallery_id"] not in avoid][:3]
        alternatives = [hit for hit in others if not (phrases and shows)
                        or subject_shown(phrases, gallery_names(ws, hit), ws.settings)]
        hits = [chosen_hit, *alternatives]
        if shows and phrases and palette:
            hits = _in_palette_first(hits, palette)
    else:
        # The subject should not repeat a decoration icon.
        hits = [hit for hit in hits if hit["gallery_id"] not in avoid][:3] or hits[:3]
        if phrases:
            shown = [hit for hit in hits if subject_shown(phrases, gallery_names(ws, hit), ws.settings)]
            # References that show the subject come first; only they are used when there are any.
            hits = shown or hits
            if not shown:
                missing = subject_not_found(phrases, hits[0], brief.language, ws.settings)
            elif palette:
                hits = _in_palette_first(hits, palette)
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
    return cut, [chosen["gallery_id"]], missing


def _in_palette_first(hits: list[dict[str, Any]], palette: list[str]) -> list[dict[str, Any]]:
    """Among references that all show the subject, the ones whose own colours already fit the
    palette come first (a red lantern for 红黄): used as is, they need no recolouring."""
    from tools.colors import color_by_key
    from tools.images import load_image
    from tools.pick import IN_PALETTE, palette_fit

    rgb = [color_by_key(key).rgb for key in palette]

    def fits(hit: dict[str, Any]) -> bool:
        try:
            return palette_fit(load_image(Path(hit["path"])).image, rgb) >= IN_PALETTE
        except (HuabaoError, OSError, KeyError):
            return False

    return sorted(hits, key=lambda hit: not fits(hit))  # stable: the search order otherwise


def _compose_and_revise(call: ToolCaller, plan: PosterPlan, cut: str | None, max_rounds: int,
                        ws: Any, language: str = "en") -> tuple[dict[str, Any], int]:
    poster = call("compose_poster", **plan.tool_args(cut))
    rounds = 1
    while poster["problems"] and rounds < max_rounds:
        changes = revise(plan, poster["problems"], poster.get("subject_share"), language=language)
        if not changes:
            break
        ws.emit(NoteStep(message=revision_note(changes, language), changes=changes))
        poster = call("compose_poster", **plan.tool_args(cut))
        rounds += 1
    return poster, rounds
