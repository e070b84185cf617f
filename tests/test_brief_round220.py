"""Copy extraction for the round-220–223 ways of writing a brief (outside writers' clinic and gym 活动方案 excerpts,
抖音 live-stream scripts with their on-screen stickers, storyboards, app release notes and copy docs, county-town
chats and voice notes): a field "used" from a fact named above it (标题就用活动名称), a revision table with an old and
a new column, test variants named at the head of their own line (Variant B: title '…'), the words shown on screen
under a live-stream script (贴片：⏎上：…⏎下：…), "below" after the button (下面加一行：…), a note that reads as terms
(note: 仅限…), the QR code's lead-in (二维码引导语：…) and a line of facts (信息行：…, Information: …).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_field_used_from_a_named_fact_takes_the_fact(lexicon: BriefLexicon) -> None:
    brief = ("活动名称：秋季护眼节\n活动时间：10月1日-10月7日\n---\n弹窗标题就用活动名称，副标题写“儿童镜片第二副半价”，按钮“立即预约”")
    expect_copy(brief, lexicon, title="秋季护眼节", subtitle="儿童镜片第二副半价", cta="立即预约", body="10月1日-10月7日")
    brief = "一、活动主题\n每月8号 毛孩子洗护日\n二、物料\n海报主标题用活动主题，副标题“洗护套餐8折”，不要按钮"
    expect_copy(brief, lexicon, title="每月8号 毛孩子洗护日", subtitle="洗护套餐8折")
    # a name the brief never gives a fact for stays as written
    assert copy_fields("标题用秋季焕新，按钮“去看看”", lexicon)["title"] == "秋季焕新"


def test_a_revision_table_reads_its_new_column(lexicon: BriefLexicon) -> None:
    brief = ("| 位置 | 原文案 | 新文案 |\n|---|---|---|\n| 标题 | 秋季课程 限时8折 | 秋季课程 限时7折 |\n"
             "| 副标题 | 名师小班 | 名师小班，随到随学 |\n| 按钮 | 报名 | 立即报名 |\n按新文案改")
    expect_copy(brief, lexicon, title="秋季课程 限时7折", subtitle="名师小班，随到随学", cta="立即报名")
    brief = "字段\t旧\t新\n标题\t好房不贵\t好房不贵 首付5万起\n按钮\t咨询\t马上咨询"
    expect_copy(brief, lexicon, title="好房不贵 首付5万起", cta="马上咨询")
    # a table with no old column reads as before
    brief = "| 字段 | 文案 |\n|---|---|\n| 标题 | 秋季课程 限时8折 |\n| 按钮 | 报名 |"
    expect_copy(brief, lexicon, title="秋季课程 限时8折", cta="报名")


def test_variants_named_at_the_head_of_their_line(lexicon: BriefLexicon) -> None:
    brief = ("Upgrade popup test: we're going with Variant B, ignore A.\n\n"
             "Variant A: title 'Go Premium' / sub 'All lessons for $3.99/week' / btn 'Upgrade'\n"
             "Variant B: title 'Keep your streak alive' / sub 'Premium keeps every lesson unlocked' / btn 'Try Premium'\n")
    expect_copy(brief, lexicon, title="Keep your streak alive", subtitle="Premium keeps every lesson unlocked",
                cta="Try Premium")
    # with none asked for, nothing is set aside: the first variant's words are read, as before
    brief = ("Variant A: title 'Go Premium' / btn 'Upgrade'\nVariant B: title 'Keep your streak alive' / btn 'Try Premium'")
    assert copy_fields(brief, lexicon)["title"] == "Go Premium"


def test_the_words_on_screen_under_a_live_script(lexicon: BriefLexicon) -> None:
    brief = ("直播口播（护肤专场）\n“家人们，今天这个面霜直播间只要99！”\n“库存不多，要的扣1！”\n\n"
             "贴片：\n上：5号链接 面霜买一送一\n下：到手两瓶仅99元\n小字：以实际到手为准")
    expect_copy(brief, lexicon, title="5号链接 面霜买一送一", subtitle="到手两瓶仅99元", body="以实际到手为准")
    brief = ("口播脚本｜团购专场\n“家人们，这个套餐今天只要59！”\n直播间贴片：\n美甲套餐 团购59元\n送手部护理一次\n点击下方团购链接")
    expect_copy(brief, lexicon, title="美甲套餐 团购59元", subtitle="送手部护理一次", cta="点击下方团购链接")
    # with no words named for the screen, a quoted line is still copy
    assert copy_fields("海报就写“今天只要59！”", lexicon)["title"] == "今天只要59！"


def test_below_the_button_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "标题：医保电子凭证上线\n按钮写“去激活”\n下面加一行：咨询电话 12345\n整体要庄重"
    expect_copy(brief, lexicon, title="医保电子凭证上线", cta="去激活", body="咨询电话 12345")
    # under the headline, "below" is the line under it
    brief = "标题：医保电子凭证上线\n下面加一行：看病买药一码通"
    expect_copy(brief, lexicon, title="医保电子凭证上线", subtitle="看病买药一码通")


def test_a_note_that_reads_as_terms_is_printed(lexicon: BriefLexicon) -> None:
    brief = "title: 5G 套餐升级\nbutton: 立即升级\nnote: 仅限实名用户办理，部分地区暂不支持\n配图用手机插画"
    expect_copy(brief, lexicon, title="5G 套餐升级", cta="立即升级", body="仅限实名用户办理，部分地区暂不支持")
    brief = "標題：八達通自動增值\nCTA：立即設定\nRemarks：每日增值上限為$1,000。"
    assert copy_fields(brief, lexicon)["body"] == "每日增值上限為$1,000。"
    # a note to the designer stays off the poster
    brief = "title: 5G 套餐升级\nbutton: 立即升级\nnote: 字号放大一点，用品牌蓝"
    assert copy_fields(brief, lexicon)["body"] is None


def test_the_qr_lead_in_and_a_line_of_facts(lexicon: BriefLexicon) -> None:
    brief = ("## 海报文案\n- 主标题：《雾都疑案》首发场\n- 副标题：6人硬核推理\n- 二维码引导语：扫码预约首发\n"
             "- 信息行：3月20日 19:00 ｜ 迷局剧本馆")
    expect_copy(brief, lexicon, title="《雾都疑案》首发场", subtitle="6人硬核推理", cta="扫码预约首发",
                body="3月20日 19:00 ｜ 迷局剧本馆")
    brief = "Title: Swan Lake\nSubtitle: The winter season opens\nInformation: 3, 5 & 7 Dec at 7:30 pm · City Hall"
    assert copy_fields(brief, lexicon)["body"] == "3, 5 & 7 Dec at 7:30 pm · City Hall"
    # info inside a sentence is a word of the sentence; 信息 after another word names that fact (展位信息), no label
    expect_copy("Key info is we're closed over Christmas. Can you write something short?", lexicon)
    brief = "标题：协作更高效\n正文：文档 · 会议 · 审批\n展位信息：A-218 | 6月12日"
    assert copy_fields(brief, lexicon)["body"] == "文档 · 会议 · 审批"


def test_the_old_words_named_before_the_new_ones_are_no_copy(lexicon: BriefLexicon) -> None:
    brief = ("headline 从 'Roar Into Spring' 换成 'Dinos at Night'。副标题也换 — 旧的：'Spring trail, all season'，"
             "新的：'Lantern tours every Saturday'。按钮不变 'Book Now'。")
    expect_copy(brief, lexicon, title="Dinos at Night", subtitle="Lantern tours every Saturday", cta="Book Now")
    brief = "门店海报改稿：\n原：「夏日新品 百款上新」/「第二件半价」\n现：「秋日新品 200款到店」/「第二件7折」\n按钮不需要"
    expect_copy(brief, lexicon, title="秋日新品 200款到店", subtitle="第二件7折")


def test_a_field_changed_again_in_other_words(lexicon: BriefLexicon) -> None:
    # Cantonese 改做, 也改下 with the new words quoted, "Use … as the headline instead"
    assert copy_fields("個標題唔好用「夏日祭」喇 改做「秋日祭」", lexicon)["title"] == "秋日祭"
    brief = "标题：周末酒店 立减100\n副标题：全国3000家酒店\n补充：副标题也改下「全国5000家酒店，先到先得」"
    expect_copy(brief, lexicon, title="周末酒店 立减100", subtitle="全国5000家酒店，先到先得")
    brief = 'Headline: Never miss a bill\nCTA: Turn on alerts\nLegal flagged "Never". Use "Fewer late fees" as the headline instead.'
    expect_copy(brief, lexicon, title="Fewer late fees", cta="Turn on alerts")
    # without "instead", a later headline named after its words does not replace the labelled one
    brief = "弹窗文案改下哈\n标题还是“练后30分钟”\n副标题改成“每勺含24g蛋白”"
    expect_copy(brief, lexicon, title="练后30分钟", subtitle="每勺含24g蛋白")


def test_a_phone_number_said_in_a_voice_note_is_the_fine_print(lexicon: BriefLexicon) -> None:
    brief = "那个，嗯，标题就写，青山农家乐 五一欢迎你，然后电话写我的，一三九，算了我发文字给你吧，13974028871。"
    expect_copy(brief, lexicon, title="青山农家乐 五一欢迎你", body="13974028871")
    brief = "老板说那个海报标题就写“学车找金牌”，其他的你看着弄，电话就是前台那个0734-7123456"
    expect_copy(brief, lexicon, title="学车找金牌", body="0734-7123456")
    # a number the brief is unsure of, or the sender's own, stays off the poster
    brief = "标题就用『把浪漫交给我们』。她电话是15873320918，要不要写上去她没说"
    expect_copy(brief, lexicon, title="把浪漫交给我们")
    brief = "标题写“秋季招生”，有问题联系我13812345678"
    expect_copy(brief, lexicon, title="秋季招生")


def test_a_voice_notes_filler_and_particle_are_not_copy(lexicon: BriefLexicon) -> None:
    brief = "嗯，那个，养殖场要招人，嗯，写个，嗯，养猪场招饲养员，然后下面写，包吃住 月薪五千"
    assert copy_fields(brief, lexicon)["title"] == "养猪场招饲养员"
    assert copy_fields("标题：冬季学车\n然后那个按钮写立即报名撒", lexicon)["cta"] == "立即报名"


def test_a_handed_over_draft_heads_its_lines(lexicon: BriefLexicon) -> None:
    brief = "店长手写稿：\n房屋买卖 · 租赁\n诚信经营十五年\n人民路老供销社对面\n电话：0734-5233688\n（手机号不用写）"
    expect_copy(brief, lexicon, title="房屋买卖 · 租赁", subtitle="诚信经营十五年",
                body="人民路老供销社对面\n电话：0734-5233688")


def test_a_copy_docs_count_columns_and_heading(lexicon: BriefLexicon) -> None:
    brief = ("In-app modal — Weekly recap\n\nElement | Limit | Copy | Chars\nTitle | 35 | Your weekly recap is ready | 26\n"
             "Primary button | 20 | View recap | 10")
    expect_copy(brief, lexicon, title="Your weekly recap is ready", cta="View recap")
    brief = "文案文档｜海外版 · 黑五弹窗\n\n· 标题（≤28字符）：Black Friday: 40% off flights\n· 按钮（≤15字符）：Shop the sale"
    expect_copy(brief, lexicon, title="Black Friday: 40% off flights", cta="Shop the sale")


def test_what_the_app_does_and_a_free_event_stay_in_the_value(lexicon: BriefLexicon) -> None:
    brief = "标题：全新 AI 教练上线\n副标题：根据你的运动数据，生成专属训练计划\n按钮：马上体验"
    expect_copy(brief, lexicon, title="全新 AI 教练上线", subtitle="根据你的运动数据，生成专属训练计划", cta="马上体验")
    brief = "标题：湖边晨跑团\n小字：自带水杯，雨天取消，活动免费"
    expect_copy(brief, lexicon, title="湖边晨跑团", body="自带水杯，雨天取消，活动免费")
    # a request to make the poster after the comma is still no copy
    assert copy_fields("标题：秋季上新，生成一张海报", lexicon)["title"] == "秋季上新"


def test_words_another_team_will_write_are_none(lexicon: BriefLexicon) -> None:
    expect_copy("驾校招生弹窗，文案让你们文案组写，尺寸750*1000", lexicon)
    assert copy_fields("标题：让您安心出行", lexicon)["title"] == "让您安心出行"


def test_a_spaced_slash_parts_a_one_line_list(lexicon: BriefLexicon) -> None:
    brief = "poster words — title: Peter Pan / line under: Never grow up! / bottom: 2–20 Dec · tickets from £25. no button"
    expect_copy(brief, lexicon, title="Peter Pan", subtitle="Never grow up!", body="2–20 Dec · tickets from £25")


def test_a_later_message_in_an_english_chat_wins(lexicon: BriefLexicon) -> None:
    brief = ("Jess: Title: Give $20, get $20\nJess: Sub: Share with friends\nJess: Button: Invite friends\n"
             "Mark: legal says we can't do $20 anymore\nJess: ugh ok. Title: Give $15, get $15\nJess: button stays")
    expect_copy(brief, lexicon, title="Give $15, get $15", subtitle="Share with friends", cta="Invite friends")
    # a mail's header lines (From:, To:) are no chat: the reply's own words still pick the headline
    brief = ('From: Dean\nTo: Helen\nSubject: RE: poster\n\nHelen, please use "Scholarships for Master\'s Students".\n\n'
             "From: Helen\nHeadline: Apply Today\nButton: See Eligibility")
    assert copy_fields(brief, lexicon)["cta"] == "See Eligibility"
