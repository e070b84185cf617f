"""Recolour that keeps the material and the meaning (issue 19): gold stays gold, food keeps its
colours, faces are untouched, a subject already in the palette is used as is, and a muddy, neon or
blotchy recolour is rejected so the original colours are kept."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from support.cutout_helpers import shaded_icon

from tools.colors import find_colors
from tools.generate import Candidate, generate
from tools.generate import recolour as recolour_module
from tools.generate.recolour import (
    FIDELITY_BAR,
    FOOD_MAX_SHIFT,
    LIME_HUES,
    RecolourSubject,
    colour_fidelity,
    recolour,
    recolour_explained,
)
from tools.pick import IN_PALETTE, Picker, palette_fit

RED_YELLOW = [c.rgb for c in find_colors("红黄配色")]
BLUE = [c.rgb for c in find_colors("蓝色渐变")]
GREEN = [c.rgb for c in find_colors("绿色")]
PURPLE_PINK = [c.rgb for c in find_colors("紫粉配色")]
GREEN_YELLOW = [c.rgb for c in find_colors("绿黄配色")]

CROWN = RecolourSubject(label_en="crown", label_zh="皇冠", category_en="objects / clothing")
DUMPLING = RecolourSubject(label_en="dumpling", label_zh="饺子", category_en="food & drink / asian",
                           category_zh="食物飲料 / 亞洲食物")
SMILEY = RecolourSubject(label_en="smiling face", category_en="smileys & emotion / smiling", category_zh="笑脸 / 笑脸")


def lab_of(image: Image.Image) -> np.ndarray:
    import cv2

    return cv2.cvtColor(np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def hue_degrees(lab: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan2(lab[..., 2], lab[..., 1]))


def hue_shift(before: Image.Image, after: Image.Image, where: np.ndarray, min_chroma: float = 10.0) -> np.ndarray:
    """Hue change in degrees where the source has a hue worth measuring (8-bit greys have none)."""
    lab = lab_of(before)
    where = where & (np.hypot(lab[..., 1], lab[..., 2]) > min_chroma)
    return np.abs((hue_degrees(lab_of(after)) - hue_degrees(lab) + 180.0) % 360.0 - 180.0)[where]


def gold_crown_with_gem(size: int = 160) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """A shaded gold blob with a small blue stone set in it → (image, gold mask, gem mask)."""
    icon = np.asarray(shaded_icon(size, colour=(232, 178, 48))).copy()
    ys, xs = np.mgrid[0:size, 0:size]
    gem = np.hypot(xs - size * 0.55, ys - size * 0.6) < size * 0.07
    shade = icon[..., :3].astype(np.float32).mean(axis=2, keepdims=True) / 150.0
    icon[gem, :3] = np.clip(np.array([40, 90, 235]) * shade[gem], 0, 255).astype(np.uint8)
    opaque = icon[..., 3] > 250
    lab = lab_of(Image.fromarray(icon, "RGBA"))
    gold = opaque & ~gem & (np.hypot(lab[..., 1], lab[..., 2]) > 30)
    return Image.fromarray(icon, "RGBA"), gold, gem & opaque


def blotchy_version(image: Image.Image, seed: int = 3) -> Image.Image:
    """The same picture with patches of its hue turned by ±70° (the pink-patched umbrella)."""
    import cv2

    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    lab = cv2.cvtColor(rgba[..., :3] / 255.0, cv2.COLOR_RGB2Lab)
    rng = np.random.default_rng(seed)
    cells = rng.choice([-70.0, 0.0, 70.0], size=(8, 8))
    turn = np.radians(cv2.resize(cells.astype(np.float32), image.size, interpolation=cv2.INTER_NEAREST))
    chroma, hue = np.hypot(lab[..., 1], lab[..., 2]), np.arctan2(lab[..., 2], lab[..., 1]) + turn
    lab[..., 1], lab[..., 2] = chroma * np.cos(hue), chroma * np.sin(hue)
    rgb = np.clip(cv2.cvtColor(lab, cv2.COLOR_Lab2RGB) * 255 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(np.dstack([rgb, rgba[..., 3].astype(np.uint8)]), "RGBA")


# ------------------------------------------------------------------ material
def test_gold_stays_metallic_and_its_gem_keeps_its_colour():
    crown, gold, gem = gold_crown_with_gem()
    for palette in (BLUE, PURPLE_PINK, GREEN):
        out, material = recolour_explained(crown, palette, subject=CROWN)
        assert np.median(hue_shift(crown, out, gold)) < 2.0, "gold must stay gold"
        assert np.median(hue_shift(crown, out, gem)) < 2.0, "the stone keeps its colour"
        assert any("metal" in note for note in material.notes)
    # without knowing it is a crown, the same picture is re-dyed: the rule is what keeps it gold
    assert np.median(hue_shift(crown, recolour(crown, BLUE), gold)) > 60


def test_food_is_not_re_hued():
    dumpling = shaded_icon(160, colour=(236, 196, 140))
    opaque = np.asarray(dumpling.getchannel("A")) > 250
    for palette in (GREEN, BLUE, PURPLE_PINK):
        out = recolour(dumpling, palette, subject=DUMPLING)
        # at most the gentle lean (plus 8-bit rounding), never a new hue
        assert hue_shift(dumpling, out, opaque, min_chroma=20.0).max() <= FOOD_MAX_SHIFT + 1.5
    # a gift-wrap-coloured box of the same colours is recoloured all the way
    assert np.median(hue_shift(dumpling, recolour(dumpling, GREEN), opaque)) > 40


def test_a_face_is_untouched():
    face = shaded_icon(128, colour=(250, 200, 60))
    assert recolour(face, BLUE, subject=SMILEY).tobytes() == face.tobytes()


def person_with_mouth(size: int = 160) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """A yellow head with a dark red mouth inside it, over a blue shirt that reaches the picture's
    bottom edge → (image, mouth mask, shirt mask)."""
    ys, xs = np.mgrid[0:size, 0:size]
    head = np.hypot(xs - size / 2, ys - size * 0.38) < size * 0.3
    mouth = (np.abs(xs - size / 2) < size * 0.09) & (np.abs(ys - size * 0.5) < size * 0.03)
    shirt = (ys > size * 0.7) & (np.abs(xs - size / 2) < size * 0.42)
    pixels = np.zeros((size, size, 4), np.uint8)
    pixels[shirt] = (50, 110, 230, 255)
    pixels[head] = (250, 200, 60, 255)
    pixels[mouth] = (150, 40, 60, 255)
    return Image.fromarray(pixels, "RGBA"), mouth, shirt & ~head


def test_a_persons_mouth_and_eyes_stay_with_the_skin_while_the_shirt_changes():
    person = RecolourSubject(label_en="person", category_en="people & body / person", category_zh="人体 / 人")
    image, mouth, shirt = person_with_mouth()
    out = recolour(image, GREEN, subject=person)
    assert np.median(hue_shift(image, out, mouth)) < 2.0, "a green mouth reads as illness"
    assert np.median(hue_shift(image, out, shirt)) > 40, "the shirt is fabric: it takes the palette"


def test_warm_red_never_turns_green_unless_the_palette_is_only_green():
    lantern = shaded_icon(128, colour=(230, 57, 48))
    opaque = np.asarray(lantern.getchannel("A")) > 250
    out_hue = hue_degrees(lab_of(recolour(lantern, GREEN_YELLOW)))[opaque]
    assert np.median(out_hue) < 100, "red goes to the yellow of a green-and-yellow palette, not to its green"
    lime = (out_hue > LIME_HUES[0]) & (out_hue < LIME_HUES[1])
    assert lime.mean() < 0.01, "no lime lantern"
    assert np.median(hue_degrees(lab_of(recolour(lantern, GREEN)))[opaque]) > 130  # only green: green


def test_subject_from_gallery_metadata():
    subject = RecolourSubject.from_metadata("饺子", "dumpling", ["饺子"], {
        "category_zh": "食物飲料 / 亞洲食物", "category_en": "food & drink / asian"})
    assert subject.is_food and not subject.metal
    assert RecolourSubject(label_en="money bag").metal == "gold"
    assert RecolourSubject(label_en="kitchen knife", category_en="food & drink / dishware").metal == "steel"
    assert not RecolourSubject(category_en="food & drink / dishware").is_food


# ------------------------------------------------------------------ fidelity
def test_fidelity_passes_a_clean_recolour_and_rejects_blotchy_muddy_and_neon():
    source = shaded_icon(160, colour=(230, 57, 48))
    clean = recolour(source, BLUE)
    assert colour_fidelity(source, clean, BLUE).passed

    blotchy = colour_fidelity(source, blotchy_version(clean), BLUE)
    assert not blotchy.passed and "blotchy" in blotchy.problems

    grey = clean.convert("LA").convert("RGBA")
    grey.putalpha(clean.getchannel("A"))
    muddy = colour_fidelity(source, grey, BLUE)
    assert not muddy.passed and "muddy" in muddy.problems

    pale = shaded_icon(160, colour=(200, 150, 150))  # a dusty rose, asked for a dusty palette
    loud = shaded_icon(160, colour=(255, 0, 40))
    neon = colour_fidelity(pale, loud, [(190, 140, 150)])
    assert not neon.passed and "neon" in neon.problems


def test_a_rejected_recolour_keeps_the_original_colours(settings, monkeypatch):
    source = shaded_icon(128, colour=(40, 110, 230))

    def blotchy_recolour(image, palette, **kwargs):
        out, material = recolour_explained(image, palette, **kwargs)
        return blotchy_version(out), material

    monkeypatch.setattr(recolour_module, "recolour_explained", blotchy_recolour)
    candidates = generate(settings, "gift", source, palette=RED_YELLOW, n=2, seeds=[0, 1])
    assert len(candidates) == 1
    kept = candidates[0]
    assert kept.backend == "reference:recolour-rejected"
    assert kept.image.tobytes() == source.tobytes()
    assert "blotchy" in kept.params["note"] and kept.params["fidelity"] < FIDELITY_BAR


def test_pick_ranks_an_unfaithful_recolour_last(settings):
    class NoModels(Picker):
        def keyword_scores(self, images, keywords):
            return None, "", 0.0

    good = shaded_icon(160, colour=(230, 57, 48))
    faithful = Candidate(good, 0, "palette-recolour", "", {"fidelity": 0.9})
    blotchy = Candidate(good, 1, "palette-recolour", "", {"fidelity": FIDELITY_BAR - 0.2})
    ranked = NoModels(settings).pick([blotchy, faithful], [], palette=RED_YELLOW)
    assert [r.index for r in ranked] == [1, 0]
    assert ranked[1].signals["fidelity"] < FIDELITY_BAR


# ------------------------------------------------------------------ in the palette already: used as is
def two_tone(size: int, body: tuple[int, int, int], band: tuple[int, int, int]) -> Image.Image:
    icon = np.asarray(shaded_icon(size, colour=body)).copy()
    rows = slice(size // 2 - 12, size // 2 + 12)
    shade = icon[rows, :, :3].astype(np.float32).mean(axis=2, keepdims=True) / 120.0
    icon[rows, :, :3] = np.clip(np.array(band) * shade, 0, 255).astype(np.uint8)
    return Image.fromarray(icon, "RGBA")


def test_a_reference_already_in_the_palette_is_used_as_is(settings):
    red_and_gold = two_tone(128, (230, 57, 48), (250, 200, 40))
    assert palette_fit(red_and_gold, RED_YELLOW) >= IN_PALETTE
    candidates = generate(settings, "灯笼", red_and_gold, palette=RED_YELLOW, n=2, seeds=[0, 1])
    assert [c.backend for c in candidates] == ["reference:in-palette"]
    assert candidates[0].image.tobytes() == red_and_gold.tobytes()
    # the same picture for a blue brief is recoloured
    assert palette_fit(red_and_gold, BLUE) < IN_PALETTE
    assert {c.backend for c in generate(settings, "灯笼", red_and_gold, palette=BLUE, n=2)} == {"palette-recolour"}


# ------------------------------------------------------------------ the real gallery (skipped when not installed)
def gallery_item(sample_gallery, hexcode: str) -> tuple[Image.Image, RecolourSubject]:
    for line in (sample_gallery / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        if meta["hexcode"] == hexcode:
            image = Image.open(sample_gallery / meta["path"]).convert("RGBA")
            return image, RecolourSubject.from_metadata(meta["label_zh"], meta["label_en"], [], meta)
    raise LookupError(hexcode)


def test_the_red_lantern_for_a_red_yellow_brief_is_kept_as_is(settings, sample_gallery):
    lantern, subject = gallery_item(sample_gallery, "1f3ee")
    candidates = generate(settings, "灯笼", lantern, palette=RED_YELLOW, n=2, subject=subject)
    assert [c.backend for c in candidates] == ["reference:in-palette"]
    assert candidates[0].image.tobytes() == lantern.tobytes()


def test_gallery_crown_stays_gold_and_dumpling_stays_a_dumpling(sample_gallery):
    crown, crown_subject = gallery_item(sample_gallery, "1f451")
    dumpling, dumpling_subject = gallery_item(sample_gallery, "1f95f")
    opaque = np.asarray(crown.getchannel("A")) > 250
    lab = lab_of(crown)
    gold = opaque & (hue_degrees(lab) > 45) & (hue_degrees(lab) < 105) & (np.hypot(lab[..., 1], lab[..., 2]) > 30)
    for palette in (PURPLE_PINK, BLUE, GREEN):
        out = recolour(crown, palette, subject=crown_subject)
        assert np.percentile(hue_shift(crown, out, gold), 95) < 3.0
        assert colour_fidelity(crown, out, palette).passed
        served = recolour(dumpling, palette, subject=dumpling_subject)
        inside = np.asarray(dumpling.getchannel("A")) > 250
        assert np.percentile(hue_shift(dumpling, served, inside), 99) <= FOOD_MAX_SHIFT + 1.5


@pytest.mark.parametrize("palette", [GREEN_YELLOW, RED_YELLOW, PURPLE_PINK])
def test_gallery_lantern_and_money_bag_never_turn_lime(sample_gallery, palette):
    for hexcode in ("1f3ee", "1f4b0"):
        image, subject = gallery_item(sample_gallery, hexcode)
        out = recolour(image, palette, subject=subject)
        lab = lab_of(out)
        coloured = (np.asarray(out.getchannel("A")) > 250) & (np.hypot(lab[..., 1], lab[..., 2]) > 25)
        hue = hue_degrees(lab)[coloured]
        assert ((hue > LIME_HUES[0]) & (hue < LIME_HUES[1])).mean() < 0.02, hexcode


def test_planner_prefers_the_reference_already_in_the_palette(sample_gallery):
    from agent.planner import _in_palette_first

    hits = [{"ref": "ref1", "gallery_id": "images/1f383.webp", "path": str(sample_gallery / "images/1f383.webp")},
            {"ref": "ref2", "gallery_id": "images/1f3ee.webp", "path": str(sample_gallery / "images/1f3ee.webp")}]
    assert palette_fit(Image.open(hits[0]["path"]), RED_YELLOW) < IN_PALETTE  # the search's first, not in the palette
    assert [h["ref"] for h in _in_palette_first(hits, ["red", "yellow"])] == ["ref2", "ref1"]


def test_gallery_sun_and_snowflake_keep_the_colours_that_say_what_they_are(sample_gallery):
    """A blue sun reads as a blob and a brown snowflake as a cookie: the sky's own colours only lean."""
    for hexcode in ("2600-fe0f", "2744-fe0f"):
        image, subject = gallery_item(sample_gallery, hexcode)
        assert subject.is_sky
        inside = np.asarray(image.getchannel("A")) > 250
        for palette in (BLUE, RED_YELLOW, PURPLE_PINK):
            out = recolour(image, palette, subject=subject)
            assert np.percentile(hue_shift(image, out, inside, min_chroma=20.0), 99) <= FOOD_MAX_SHIFT + 1.5, hexcode
    umbrella, umbrella_subject = gallery_item(sample_gallery, "2602-fe0f")
    assert not umbrella_subject.is_sky  # fabric: free to take the palette
