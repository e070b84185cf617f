"""Copy extraction for the round-26 ways of writing a brief (issue 16): a voice message's topic marker or emphasis between
a label and its 写 (按钮的话写 …, 小字一定要写 …, 小字要写“…”) and its pause before 就可以了, the speaker turning to the designer
after the copy (你弄好了发我看, 你放图片旁边就行) and 然后 glued before the next field's name; news about the copy glued to its
name (文案定了！！), a place in 【】 as a label (【底部】), a line added under its label (小字补一句：…), a field restated as the
conclusion (所以标题是：…) and a line headed by a correction (更正：… 副标题：…); a quote the brief drops (Let's drop "…"),
copy still to come (Copy TBD), quoted options picked by their count (采用第2条), and a field sent back to an earlier round
(标题还是用第一版，按钮用第二版的 / ……算了还是用第一版吧).

Each case pairs what must be read as copy with the nearby phrasing that must not be.
"""
from __future__ import annotations

from agent.brief import BriefLexicon
from support.brief_copy import copy_fields, expect_copy


def test_a_spoken_topic_or_emphasis_before_write(lexicon: BriefLexicon) -> None:
    # 按钮的话写 到店尝鲜 就可以了 / 小字一定要写 体检报告不作为诊断依据 / 小字要写“报告解读服务需提前预约”
    brief = ('诶你好你好 我是那个一兰町拉面的老板啊 就是想做个新品海报 新品叫 黑蒜豚骨拉面 标题就写 新品上市 黑蒜とんこつ '
             '然后副标题写 熬足18小时的浓厚豚骨汤底 按钮的话写 到店尝鲜 就可以了 啊对了价格不用写 我们还没定')  # r26-005
    expect_copy(brief, lexicon, title='新品上市 黑蒜とんこつ', subtitle='熬足18小时的浓厚豚骨汤底', cta='到店尝鲜')
    brief = ('喂小张啊 那个体检海报啊 标题就写 父亲节 给爸爸一份健康礼 然后副标题写 男性专项体检套餐 699元 然后那个小字一定要写 '
             '体检报告不作为诊断依据 这个是合规要求的 一定要有啊 按钮写 为爸爸预约')  # r26-059
    assert copy_fields(brief, lexicon)["body"] == "体检报告不作为诊断依据"
    assert copy_fields("标题：A 合规：可以，但是小字要写“报告解读服务需提前预约”", lexicon)["body"] == "报告解读服务需提前预约"  # r26-079
    # 要 before 写 glued to a size is the designer's: the copy after the colon stays
    assert copy_fields("标题要写大一点：春日上新", lexicon)["title"] == "春日上新"
    assert copy_fields("标题你就写小时候的味道吧然后按钮写去看看", lexicon)["title"] == "小时候的味道"


def test_a_speaker_turning_to_the_designer_ends_the_copy(lexicon: BriefLexicon) -> None:
    # …限前100名然后按钮不用了就是那个小字写…使用你弄好了发我看一下啊 / 售完即止 价格48元你放图片旁边就行
    brief = ('那个小王啊就是我们这周三会员日的海报标题就写会员日全场88折然后下面一行写鸡蛋一元一斤限前100名然后按钮不用了就是那个'
             '小字写每周三会员日仅限持卡会员使用你弄好了发我看一下啊')  # r26-031
    expect_copy(brief, lexicon, title='会员日全场88折', subtitle='鸡蛋一元一斤限前100名', body='每周三会员日仅限持卡会员使用')
    brief = '老板语音转文字：标题就是 限定拉面周 副标题写 特制味噌拉面 每日限定30碗 按钮写 先到先得 小字写 售完即止 价格48元你放图片旁边就行'  # r26-035
    assert copy_fields(brief, lexicon)["body"] == "售完即止"
    # copy that speaks to its reader keeps 你
    assert copy_fields("标题：让你放心的好奶粉 按钮：去看看", lexicon)["title"] == "让你放心的好奶粉"
    assert copy_fields("标题就写 你值得拥有然后按钮写 去看看", lexicon)["title"] == "你值得拥有"


def test_news_about_the_copy_and_a_place_in_brackets(lexicon: BriefLexicon) -> None:
    brief = ('宝～七夕的开屏海报文案定了！！😍😍\n主标题：「今年七夕 不想一个人过」\n副标题：「附近有 2,000+ 人也在等一个对的人」\n'
             '按钮：「去看看ta」\n就这些，小字不用，画面要有氛围感，别太土嗷')  # r26-012
    expect_copy(brief, lexicon, title='今年七夕 不想一个人过', subtitle='附近有 2,000+ 人也在等一个对的人', cta='去看看ta')
    assert copy_fields("标题定了个小目标", lexicon)["title"] == "定了个小目标"
    brief = ('小李，花节海报的字我发你，你看着排：\n【主标题】郁金香之约·2024春日花展\n【副标题】百万株郁金香竞相绽放\n'
             '【底部】开放时间：每日8:30-17:30｜地址：东湖镇花卉产业园\n领导说要大气一点')  # r26-033
    assert copy_fields(brief, lexicon)["body"] == "开放时间：每日8:30-17:30｜地址：东湖镇花卉产业园"
    # 【底部】 placing a thing, and 【主题】 (the campaign's theme), bring no copy
    assert copy_fields("【标题】春日\n【底部】放二维码和logo", lexicon)["body"] is None
    assert copy_fields("【主题】春日游园会 要大气", lexicon)["title"] is None


def test_a_restated_field_and_a_line_headed_by_a_correction(lexicon: BriefLexicon) -> None:
    brief = ('标题：卖旧手机上XX回收 快至30分钟到账\n副标题：顺丰上门取件，全程包邮\n按钮：立即回收\n\n运营那边说“快至30分钟到账”有风险，'
             '改成“最快当天到账”，所以标题是：卖旧手机上XX回收 最快当天到账\n小字补一句：到账时间以实际质检完成时间为准')  # r26-044
    expect_copy(brief, lexicon, title='卖旧手机上XX回收 最快当天到账', subtitle='顺丰上门取件，全程包邮', cta='立即回收',
                body='到账时间以实际质检完成时间为准')
    assert copy_fields("标题：春日 小字加一句 限前100名", lexicon)["body"] == "限前100名"
    assert copy_fields("标题：春日 小字加一行二维码", lexicon)["body"] is None
    brief = ('标题：战队十周年纪念礼盒\n副标题：内含签名卡 徽章 钥匙扣 限量1000套\n按钮：立即预订\n\n'
             '更正：限量改成2000套 副标题：内含签名卡 徽章 钥匙扣 限量2000套\n小字加一句：预售商品，8月30日起陆续发货')  # r26-068
    assert copy_fields(brief, lexicon)["subtitle"] == "内含签名卡 徽章 钥匙扣 限量2000套"


def test_dropped_quotes_and_copy_still_to_come(lexicon: BriefLexicon) -> None:
    brief = ('Hi Lin,\n\nThanks for the drafts! A few changes:\n1. Let\'s drop "Spring into love" — legal flagged it.\n'
             '2. New headline: "Love is in the air (and on the app)"\n3. CTA should say "Download free" not "Download now"')  # r26-072
    expect_copy(brief, lexicon, title='Love is in the air (and on the app)', cta='Download free')
    brief = ('Hi 设计师，next week we need a brand story banner for our storefront — theme is "eco-friendly kitchen", bamboo '
             'products, warm natural tones. Copy TBD, 我们还在写，先给我两个layout方向 thx')  # r26-020
    expect_copy(brief, lexicon)
    # labelled copy still counts, and a quote without the remark is still read
    assert copy_fields("文案待定，按钮：立即购买", lexicon)["cta"] == "立即购买"
    assert copy_fields('banner for the sale, headline "Eco Kitchen Week"', lexicon)["title"] == "Eco Kitchen Week"


def test_options_picked_by_their_count_and_a_field_sent_back_to_a_round(lexicon: BriefLexicon) -> None:
    brief = ('转发领导批示：\n“海报主标题三个备选：1.‘向日葵花开 幸福满乡村’ 2.‘追光向阳 花开红岭’ 3.‘葵花朵朵 向阳而生’。经研究，'
             '采用第2条。副标题用‘红岭镇首届向日葵观光季’。”')  # r26-073
    assert copy_fields(brief, lexicon)["title"] == "追光向阳 花开红岭"
    assert copy_fields("标题备选：A.「一份保障」 B.「首月1元」，老板选了第二个", lexicon)["title"] == "首月1元"
    assert copy_fields("标题备选：A.「一份保障」 B.「首月1元」", lexicon)["title"] == "一份保障"
    brief = ('第一版：\n标题：妈妈安心选 618狂欢购\n副标题：全场正品保障 假一赔十\n按钮：马上抢\n\n第二版（改一下）：\n'
             '标题：宝贝的好物清单 618开抢\n副标题：全场正品保障 假一赔十\n按钮：去看看\n\n老板看了说标题还是用第一版，按钮用第二版的')  # r26-037
    expect_copy(brief, lexicon, title='妈妈安心选 618狂欢购', subtitle='全场正品保障 假一赔十', cta='去看看')
    brief = ('618主会场海报文案：\n· 主标题：618宝宝节 母婴好物5折起\n· 副标题：奶粉纸尿裤满299减50\n· 按钮：立即抢购\n\n'
             '改一下，副标题改成“奶粉纸尿裤满300减60”\n……算了还是用第一版吧，满300减60财务没批')  # r26-007
    assert copy_fields(brief, lexicon)["subtitle"] == "奶粉纸尿裤满299减50"
    brief = '标题：夏日童装\n按钮：立即选购\n\n改一下：按钮换成“抢先加购”\n再改：按钮还是用第一版'  # r26-067
    assert copy_fields(brief, lexicon)["cta"] == "立即选购"
    # without the pick, the later word stands
    assert copy_fields("标题：夏日童装\n按钮：立即选购\n\n改一下：按钮换成“抢先加购”", lexicon)["cta"] == "抢先加购"
