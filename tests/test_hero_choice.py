"""The hero is the picture the brief's readings agree on (agent/planner.py `choose_hero`): each
phrase, the theme and the whole brief vote for their best gallery hits. A stand-in gallery search
gives each reading known hits, so what is tested is the vote, not the index."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from agent.brief import Brief
from agent.planner import choose_hero
from tools.config import Settings
from tools.retrieval.models import SearchHit


def hit(hexcode: str, label_zh: str, label_en: str, *tags: str) -> SearchHit:
    return SearchHit(id=f"images/{hexcode}.webp", path=f"/gallery/images/{hexcode}.webp", score=1.0,
                     label_zh=label_zh, label_en=label_en, tags=list(tags))


CLOCK = hit("23f0", "闹钟", "alarm clock", "小时", "时间", "clock")
PARCEL = hit("1f4e6", "包裹", "package", "快递", "箱子", "parcel")
TRUCK = hit("1f69a", "货车", "delivery truck", "快递", "运输")
GIFT = hit("1f381", "礼物", "wrapped gift", "礼物盒", "gift", "box")
CAKE = hit("1f382", "生日蛋糕", "birthday cake", "生日", "蛋糕")


@dataclass
class StandInGallery:
    """search_text as the retriever answers it: fixed hits per query, the brief's own text included."""

    answers: dict[str, list[SearchHit]]
    asked: list[str] = field(default_factory=list)

    def search_text(self, query: str, k: int = 5) -> list[SearchHit]:
        self.asked.append(query)
        return self.answers.get(query, [])[:k]


@dataclass
class Workspace:
    retriever: StandInGallery
    settings: Settings


@pytest.fixture()
def settings() -> Settings:
    return Settings(_env_file=None)


def test_what_the_theme_and_the_whole_brief_agree_on_beats_a_word_of_the_job(settings: Settings) -> None:
    raw = "寄快递首单立减8元，上门取件，最快2小时取件"
    gallery = StandInGallery({"小时": [CLOCK], "快递": [PARCEL, TRUCK], raw: [PARCEL, CLOCK]})
    brief = Brief(raw=raw, subjects=["小时"], theme="快递")
    pick = choose_hero(brief, Workspace(gallery, settings))
    assert pick is not None and pick.gallery_id == PARCEL.id
    assert pick.phrase is None and pick.names == "快递", "a theme-chosen hero is named by the theme"
    assert pick.missing == (), "小时 was found (the clock), only outvoted: nothing is missing"


def test_an_object_a_cue_points_at_outweighs_one_other_reading(settings: Settings) -> None:
    raw = "主视觉用一个礼物盒，生日月会员专享"
    gallery = StandInGallery({"礼物盒": [GIFT], "生日": [CAKE], raw: [PARCEL]})
    pick = choose_hero(Brief(raw=raw, subjects=["礼物盒"], theme="生日"), Workspace(gallery, settings))
    assert pick is not None and pick.gallery_id == GIFT.id and pick.phrase == "礼物盒"


def test_a_picture_two_readings_share_wins_over_each_alone(settings: Settings) -> None:
    raw = "会员生日月，到店送蛋糕一份"
    gallery = StandInGallery({"蛋糕": [CAKE, GIFT], "生日": [CAKE], raw: [GIFT, CAKE]})
    pick = choose_hero(Brief(raw=raw, subjects=["蛋糕"], theme="生日"), Workspace(gallery, settings))
    assert pick is not None and pick.gallery_id == CAKE.id and pick.phrase == "蛋糕"


def test_an_asked_subject_the_gallery_does_not_show_is_missing(settings: Settings) -> None:
    raw = "扫地机器人新品首发"
    robot = hit("1f916", "机器人", "robot", "机器人", "robot")
    gallery = StandInGallery({"扫地机器人": [robot], "新品上市": [GIFT], raw: [robot]})
    pick = choose_hero(Brief(raw=raw, subjects=["扫地机器人"], theme="新品上市"), Workspace(gallery, settings))
    assert pick is not None and pick.gallery_id == robot.id, "the robot names it in part: the nearest stand-in"
    assert pick.phrase is None and pick.missing == ("扫地机器人",)


def test_nothing_named_and_no_theme_leaves_it_to_the_template(settings: Settings) -> None:
    gallery = StandInGallery({"帮我做个海报": [GIFT]})
    assert choose_hero(Brief(raw="帮我做个海报"), Workspace(gallery, settings)) is None
    assert gallery.asked == [], "the brief alone is too vague to search"


# ---------------------------------------------------------------------------- decorations beside the hero
def test_a_theme_symbol_drawn_by_the_hero_adds_only_a_picture_that_shows_it(settings: Settings) -> None:
    from agent.planner import PosterPlan, _choose_decorations

    def result(hexcode: str, label_zh: str, label_en: str, *tags: str) -> dict:
        return {"ref": f"ref-{hexcode}", "gallery_id": f"images/{hexcode}.webp", "label_zh": label_zh,
                "label_en": label_en, "tags": list(tags)}

    beverage = result("2615", "热饮", "hot beverage", "咖啡", "茶", "coffee", "tea")
    answers = {
        "热饮 hot beverage": [beverage, result("1f3b2", "骰子", "game die", "游戏")],
        "茶 teacup without handle": [beverage, result("1f375", "茶杯", "teacup without handle", "茶", "tea")],
        "雪花 snowflake": [result("2744", "雪花", "snowflake", "冬天", "snow")],
    }

    def call(tool: str, /, **args) -> dict:
        assert tool == "search_gallery"
        return {"results": answers[args["query"]][:args["k"]]}

    plan = PosterPlan(format="popup", palette=[], copy={}, subject_share=None, seed=0, layout="auto")
    seen: set[str] = set()
    _choose_decorations(call, plan, list(answers), seen, hero_ids={beverage["gallery_id"]},
                        ws=Workspace(StandInGallery({}), settings))
    assert plan.decorations == ["ref-1f375", "ref-2744"], "the teacup shows 茶; the die shows nothing of 热饮"
