"""Copy extraction for the round-18 ways of writing a brief (issue 16): revision rounds that list versions (v1 …
v2 …) and then pick one per field, a pasted string file (gettext .po, i18n keys that end in the field), a
Markdown heading with a bracketed remark, crossed-out (~~…~~) lines, one language of a bilingual value, a line
that drops itself (—— 这句删掉), a remark that keeps the field as it was (stays as is: / 不变：), a keep word
before a quote (一样「…」), a sentence opened by a price, a table cell's closing stop, and the labels 脚注,
sub line and second line.

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


# ---------------------------------------------------------------------------- revision rounds
def test_a_version_picked_per_field(lexicon: BriefLexicon) -> None:
    expect_copy("Round 2 notes:\nv1 headline: Fresh bread daily\nv2 headline: Baked before you wake\n"
                "The client prefers v2's headline.\nCTA: Order ahead", lexicon,
                title="Baked before you wake", cta="Order ahead")
    expect_copy("v1 标题：周末不打烊\nv2 标题：24小时为你营业\n最后定稿：标题用 v1；按钮：导航到店", lexicon,
                title="周末不打烊", cta="导航到店")
    # a version line with labels for several fields; each field picks its own version
    expect_copy('v1: 标题 "夏日冰饮 第二杯半价"，按钮 "去点单"\nv2: 标题 "一口清凉"，副标题 "新品9.9元起"\n'
                "决定：标题用 v2，副标题用 v2，按钮用 v1。", lexicon,
                title="一口清凉", subtitle="新品9.9元起", cta="去点单")


def test_a_pick_that_brings_its_own_copy(lexicon: BriefLexicon) -> None:
    # bare versions: the field the pick names takes the version's line
    expect_copy("v1：“冬天的第一碗汤”\nv2：“一碗热汤，暖到心里”\n老板选了 v2 的标题，副标题继续用 v1 那版的：满50减10", lexicon,
                title="一碗热汤，暖到心里", subtitle="满50减10")
    # the copy in brackets after the pick
    got = copy_fields("v1 headline: Learn faster\nv2 headline: Study smarter\nGo with v1's headline. "
                      "Keep the v2 button (Start free) please.", lexicon)
    assert got["title"] == "Learn faster" and got["cta"] == "Start free"


def test_versions_without_a_pick_keep_the_latest_word(lexicon: BriefLexicon) -> None:
    # each version line says its own field; with a pick for another field they all stand
    expect_copy('v2 的 headline "Spring Sale 春季特卖" OK\nv3 的副标题 "满300减50" 也 OK\nbutton 还是用 v1 的 "Shop now"', lexicon,
                title="Spring Sale 春季特卖", subtitle="满300减50", cta="Shop now")
    # a v-word that is no version list (one mark only) changes nothing
    expect_copy("Headline: Meet the V8 engine\nCTA: Test drive", lexicon, title="Meet the V8 engine", cta="Test drive")


# ---------------------------------------------------------------------------- pasted string files
def test_a_po_file_and_i18n_keys(lexicon: BriefLexicon) -> None:
    expect_copy('msgid "promo_banner_title"\nmsgstr "Winter Sale"\n\nmsgid "promo_banner_subtitle"\n'
                'msgstr "Up to 50% off"\n\nmsgid "promo_banner_button"\nmsgstr "Shop now"', lexicon,
                title="Winter Sale", subtitle="Up to 50% off", cta="Shop now")
    expect_copy("home.popup.title = 会员日 全场8折\nhome.popup.button = 立即领取", lexicon,
                title="会员日 全场8折", cta="立即领取")
    # a key that names no field is no copy
    got = copy_fields("home.popup.title = 会员日 全场8折\nhome.popup.image = banner.png\nhome.popup.button = 立即领取", lexicon)
    assert "banner.png" not in got.values()


# ---------------------------------------------------------------------------- document formats
def test_a_markdown_heading_with_a_bracketed_remark(lexicon: BriefLexicon) -> None:
    expect_copy("### 文案（定稿）\n1. 主标题：年货节 满299减50\n2. 按钮：去抢购", lexicon, title="年货节 满299减50", cta="去抢购")
    expect_copy("## Copy (final)\n- Headline: Big savings\n- CTA: Shop", lexicon, title="Big savings", cta="Shop")


def test_crossed_out_lines_are_no_copy(lexicon: BriefLexicon) -> None:
    expect_copy("~~Headline: Summer is here~~\nHeadline: Summer starts now\nCTA: Shop", lexicon,
                title="Summer starts now", cta="Shop")
    expect_copy("~~标题：旧的标题~~\n标题：新的标题\n按钮：去看看", lexicon, title="新的标题", cta="去看看")
    # tildes glued to a chat's words are no strikethrough
    got = copy_fields("好的~~标题：新品上市\n按钮：去看看", lexicon)
    assert got["title"] == "新品上市"


def test_a_table_cell_keeps_the_stop_of_its_sentences(lexicon: BriefLexicon) -> None:
    expect_copy("| Field | Copy |\n|---|---|\n| Headline | Taxes done? Done. |\n| CTA | Start now |", lexicon,
                title="Taxes done? Done.", cta="Start now")
    # a single sentence in a heading's cell keeps its stop, as on a line of its own
    expect_copy("| Field | Copy |\n|---|---|\n| Headline | Taxes done in minutes. |\n| CTA | Start now |", lexicon,
                title="Taxes done in minutes.", cta="Start now")


# ---------------------------------------------------------------------------- one language of two
def test_the_language_the_brief_prints(lexicon: BriefLexicon) -> None:
    expect_copy("Bilingual below, print the Chinese only:\nTitle: 中秋快乐 / Happy Mid-Autumn\nButton: 去看看 / Take a look",
                lexicon, title="中秋快乐", cta="去看看")
    expect_copy("中英对照，这次只印英文：\n标题 Title: Welcome home / 欢迎回家\n按钮 Button: Sign up / 注册", lexicon,
                title="Welcome home", cta="Sign up")
    # without a choice both halves stay
    got = copy_fields("Title: 中秋快乐 / Happy Mid-Autumn\nButton: 去看看", lexicon)
    assert got["title"] == "中秋快乐 / Happy Mid-Autumn"
    # a number beside the Chinese is no English half
    got = copy_fields("Print the Chinese only.\nTitle: 618 / 年中大促", lexicon)
    assert got["title"] == "618 / 年中大促"


# ---------------------------------------------------------------------------- remarks on a value
def test_a_line_that_drops_itself(lexicon: BriefLexicon) -> None:
    expect_copy("【标题】开业大吉\n【按钮】到店有礼\n【小字】最终解释权归本店所有 —— 这句删掉，不能写了", lexicon,
                title="开业大吉", cta="到店有礼")
    # a quoted replacement followed by "the one above is gone" is still the copy
    expect_copy("标题改成「秋季上新 全场8折」，上面那个不要了", lexicon, title="秋季上新 全场8折")


def test_a_field_that_stays_as_it_was(lexicon: BriefLexicon) -> None:
    expect_copy("Headline: New look, same taste\nSubhead stays as is: Now in 3 flavours\nCTA: Find a store", lexicon,
                title="New look, same taste", subtitle="Now in 3 flavours", cta="Find a store")
    expect_copy("标题：早餐6元起\n副标题不变：7点前到店送豆浆\n按鈕一樣「立即預約」", lexicon,
                title="早餐6元起", subtitle="7点前到店送豆浆", cta="立即預約")


def test_a_second_sentence_opened_by_a_price(lexicon: BriefLexicon) -> None:
    expect_copy("Top line: Talk to a vet tonight\nSecond line: No waiting room. $19 per call.\nButton: Book a call", lexicon,
                title="Talk to a vet tonight", subtitle="No waiting room. $19 per call.", cta="Book a call")


def test_footnote_and_sub_line_labels(lexicon: BriefLexicon) -> None:
    expect_copy("- 标题：智能相册上线\n- 按钮：立即体验\n- 脚注：部分功能需登录后使用", lexicon,
                title="智能相册上线", cta="立即体验", body="部分功能需登录后使用")
    expect_copy("Headline: Lunch in 20 minutes\nsub line: At 300 local kitchens\nbutton: Order", lexicon,
                title="Lunch in 20 minutes", subtitle="At 300 local kitchens", cta="Order")


# ---------------------------------------------------------------------------- more round-18 patterns
def test_a_list_of_goods_closed_by_and_more(lexicon: BriefLexicon) -> None:
    expect_copy("Subhead: Candles, banners & more — 25% off\nCTA: Shop the sale", lexicon,
                subtitle="Candles, banners & more — 25% off", cta="Shop the sale")
    # "and more" with an instruction after it is the brief's remark
    got = copy_fields("Headline: Summer Sale, banners and more should be blue", lexicon)
    assert got["title"] == "Summer Sale"


def test_a_line_named_by_its_number(lexicon: BriefLexicon) -> None:
    expect_copy("小红书封面用：\n周五晚8点 | 店长亲自试穿\n副标题写：直播间专享价\n第一行那句是标题。", lexicon,
                title="周五晚8点 | 店长亲自试穿", subtitle="直播间专享价")
    expect_copy("Story copy:\nBack to school | 30% off backpacks\nbutton: Shop now\nthe first line is the headline", lexicon,
                title="Back to school | 30% off backpacks", cta="Shop now")


def test_a_note_kept_off_the_picture(lexicon: BriefLexicon) -> None:
    expect_copy("标题：新用户首月1元\n按钮：立即开通\n说明：页面另有“会员权益”入口，是前端做的，不用画进图里。", lexicon,
                title="新用户首月1元", cta="立即开通")
    # fine print that stays on the picture is the body
    expect_copy("标题：新用户首月1元\n按钮：立即开通\n说明：自动续费可随时取消", lexicon,
                title="新用户首月1元", cta="立即开通", body="自动续费可随时取消")
