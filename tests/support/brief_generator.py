"""Briefs generated from copy sets × phrasings, each with its exact expected copy (issue 16, 5a).

Every copy set (zh, en, mixed; short and long; commas, numbers, punctuation and emoji inside
fields) is written out in every phrasing: zh and en labels and their synonyms, full-width, ASCII
and ﹕ colons or none before a quote, every quote style, separators ，,。.；;|/ tab space newline,
key: value lines, bullet lists, 【label】 and **label**, connectors (标题就写…, the headline should
be …), shuffled orders, a trailing instruction, and unlabelled copy (quoted strings in order, a
benefit phrase, an action phrase). Round 3 added traditional-character labels and connectors
(標題, 按鈕就寫, 係), verb-introduced copy (口号是“…”, the tagline reads “…”), key: "quoted" YAML and
JSON snippets, markdown tables and tab columns, labels in （）/［］, labels after their value
(…（主标题）, 「…」作为主标题, "…" as the headline) and several posters in one brief (the first counts).
Round 4 added labels glued to their copy (标题双十二狂欢夜 副标题全场五折起, 弹窗标题恭喜发财) with a size remark glued
after the title, 标题是…/副标题为… and non-native English (title is …, the button say …), and copy run
on after 写上 with the button glued to the offer (写上全场五折起立即领取). Round 5 added heading levels
and everyday synonyms (一级标题/二级标题/跳转按钮/内容, Header/Secondary/Button label/Small print), a
spreadsheet or markdown table whose header row names the fields beside columns that hold no copy,
quoted copy listed after a copy heading (copy: "A" / "B" / "C"), a change announced before its
correction (标题改一下，改成：…, — actually make the headline …) and a remark in brackets after the
button (按钮：立即领取（按钮要醒目一点）). Round 6 added label words an outsider used (Legal:, Disclosure:,
Supporting copy:, 法律声明：, the typo 按纽) with fields separated by " / ", copy lines between slashes with
no labels (开业海报：盛大开业！/ 全场8.8折 / 导航到店), a remark between a label and its colon (标题要醒目一点：…,
the headline please: …) and a correction by "make the button say '…'".

The expected answer is defined by the rules, not by the parser: a labelled value is exactly the
text the phrasing put after its label; unlabelled quoted strings are title, subtitle in order; an
action phrase is the button; a benefit phrase standing alone is the subtitle. Descriptions and
instructions are written so that none of them is copy (each names a format, colour, style or
starts with an instruction word), so the expected copy is well-defined.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

FIELDS = ("title", "subtitle", "cta", "body")

ZH_TITLES = ["好运福袋", "开学好物", "会员狂欢日", "618年中狂欢", "双11预售开启", "花好月圆，礼寄相思", "新春红包雨🧧",
             "秋天的第一杯奶茶", "周末去哪儿？", "暖冬一杯", "健康生活，从早餐开始", "5G新品首发", "夏日冰爽季！",
             "家电焕新·以旧换新", "年终盛典", "你好，2025", "云端文件 随时同步", "每日签到", "邀好友，赚现金",
             "安心理财 稳健增值", "种下希望", "影像新品发布", "Hello 周末", "三周年庆典", "月满中秋", "新人专享礼包",
             "早安，打工人", "冲刺618", "深夜食堂开张啦", "毕业快乐🎓", "把爱带回家", "燃脂开业季"]
EN_TITLES = ["Cool Summer Deals", "Happy New Year, Friends", "Back to School Savings", "Launch Day", "Love, Always",
             "Fresh Brew Friday", "11.11 Big Sale", "'Tis the Season", "Turn Data Into Decisions",
             "Payments, Simplified", "Hello, Autumn 🍂", "Escape to Bali", "New Year, New You", "Level Up Your Game!",
             "Merry Christmas", "Spring Into Savings", "Your Data, Protected", "Meet the New Pro", "Daily Check-in",
             "Welcome Back, Friend", "Cover Every Trip", "Speak Like a Local"]
# (text, is it a benefit phrase a marketer could write without a label)
ZH_SUBTITLES = [("满100减20", True), ("即日起至本月底，会员下单享双倍积分", True), ("第二杯半价", True),
                ("连续7天领888金币", True), ("全场低至5折，上不封顶", True), ("定金10元抵50元", False),
                ("买2盒送1盒，顺丰包邮", True), ("7日年化收益率3.2%", False), ("以旧换新至高补贴1000元", True),
                ("每晚8点准时开抢", False), ("新客专享 年化4.0%", False), ("预约享12期免息", True),
                ("报名即送教材，前50名再减200", True), ("首单立减10元", True), ("跨店每满300减50", True),
                ("积分翻倍", True), ("3月12日 一起植树", False), ("全场包邮（偏远地区除外）", True),
                ("限量500份，先到先得", False), ("10月1日-10月7日", False), ("和优秀的人一起做有挑战的事", False),
                ("SPF50+ 全天候防护", False)]
EN_SUBTITLES = [("30% off this week", True), ("Up to 70% off sitewide", True), ("7 nights from $899", True),
                ("Second cup half price", True), ("Free shipping on orders over $50", True),
                ("Live demo on June 12, 3pm EST", False), ("Buy one, get one free", True),
                ("Earn 5% cash back on groceries", True), ("Join 10,000+ teams", False),
                ("Only until Sunday, while stocks last", False), ("Extra 10% off with code SAVE10", True),
                ("Oct 12–14 · San Francisco", False), ("Double points all weekend", True),
                ("Starting at $9.99/month", True), ("Zero fees for the first 3 months", False),
                ("Complimentary engraving this week", False)]
ZH_CTAS = ["立即领取", "去逛逛", "马上抢", "立即购买", "立即预约", "去签到", "马上参与", "立即下单", "了解详情", "立即报名",
           "抢红包", "去凑单", "立即邀请", "立即查看", "预约直播", "去换新"]
EN_CTAS = ["Shop now", "Learn more", "Book now", "Order now", "Sign up", "Get started", "Claim now", "Join now",
           "Request a demo", "Download the app", "Start free trial", "Get tickets", "Buy now!", "See offers",
           "Apply now", "Talk to sales"]
ZH_BODIES = ["活动时间：11月1日-11月11日", "理财有风险，投资需谨慎", "活动最终解释权归本店所有", "详情请咨询门店工作人员"]
EN_BODIES = ["Terms and conditions apply", "Offer valid in participating stores only", "See store for details"]

# Descriptions: every segment names a format, colour or style or is an instruction, so none is copy.
ZH_DESCRIPTIONS = ["双十一福袋活动弹窗，红黄配色", "开学季文具海报，蓝色清新", "帮我做个中秋节月饼礼盒海报",
                   "会员日 banner，紫色渐变", "签到弹窗，可爱风格", "618家电会场头图，红色为主", "请做一张端午节海报，绿色"]
EN_DESCRIPTIONS = ["Summer sale banner, blue and white", "Please make a popup for our coffee shop",
                   "Poster for a B2B webinar, navy and white", "Square post for a bakery, warm brown colors",
                   "Make a Black Friday banner, black and gold"]
INSTRUCTIONS = ["整体要活泼一点", "红黄配色", "要大气", "make it pop", "use green", "背景用白色", "please keep it clean",
                "谢谢", "做成海报"]


@dataclass(frozen=True)
class CopySet:
    key: int
    language: str  # zh | en | mixed
    title: str
    subtitle: str | None
    subtitle_is_benefit: bool
    cta: str | None
    body: str | None


@dataclass
class Case:
    text: str
    expected: dict[str, str]
    phrasing: str
    copy_set: int
    rendered: set[str] = field(default_factory=set)


def copy_sets(count: int = 160) -> list[CopySet]:
    """Deterministic copy sets: zh, en and mixed, some without subtitle, button or with a body."""
    sets = []
    for k in range(count):
        language = ("zh", "en", "mixed")[k % 3]
        zh_sub, zh_benefit = ZH_SUBTITLES[(k * 7) % len(ZH_SUBTITLES)]
        en_sub, en_benefit = EN_SUBTITLES[(k * 5) % len(EN_SUBTITLES)]
        if language == "zh":
            title, (subtitle, benefit), cta = ZH_TITLES[k % len(ZH_TITLES)], (zh_sub, zh_benefit), ZH_CTAS[(k * 11) % len(ZH_CTAS)]
            body = ZH_BODIES[k % len(ZH_BODIES)]
        elif language == "en":
            title, (subtitle, benefit), cta = EN_TITLES[k % len(EN_TITLES)], (en_sub, en_benefit), EN_CTAS[(k * 11) % len(EN_CTAS)]
            body = EN_BODIES[k % len(EN_BODIES)]
        else:  # a Chinese title with an English button, or the other way round
            if k % 2:
                title, (subtitle, benefit), cta = ZH_TITLES[(k * 3) % len(ZH_TITLES)], (en_sub, en_benefit), EN_CTAS[k % len(EN_CTAS)]
            else:
                title, (subtitle, benefit), cta = EN_TITLES[(k * 3) % len(EN_TITLES)], (zh_sub, zh_benefit), ZH_CTAS[k % len(ZH_CTAS)]
            body = ZH_BODIES[k % len(ZH_BODIES)]
        sets.append(CopySet(
            key=k, language=language, title=title,
            subtitle=None if k % 5 == 4 else subtitle, subtitle_is_benefit=benefit,
            cta=None if k % 7 == 6 else cta,
            body=body if k % 6 == 0 else None))
    return sets


def _description(s: CopySet) -> str:
    pool = EN_DESCRIPTIONS if s.language == "en" else ZH_DESCRIPTIONS
    return pool[s.key % len(pool)]


def _labelled(template: list[tuple[str, str]], separator: str, *, head: str = "", tail: str = "",
              fields: tuple[str, ...] = FIELDS) -> Callable[[CopySet], tuple[str, set[str]]]:
    """A phrasing that writes `label + text` (a format string with {v}) for each field present."""
    labels = dict(template)

    def render(s: CopySet) -> tuple[str, set[str]]:
        parts, rendered = [], set()
        for name in fields:
            value = getattr(s, name)
            if value and name in labels:
                parts.append(labels[name].format(v=value))
                rendered.add(name)
        text = separator.join(parts)
        return head.format(desc=_description(s)) + text + tail.format(desc=_description(s),
                                                                      instruction=INSTRUCTIONS[s.key % len(INSTRUCTIONS)]), rendered
    return render


def _alternative_title(s: CopySet) -> str:
    """Another title, different from the copy set's, for alternatives and corrections."""
    pool = EN_TITLES if s.title.isascii() else ZH_TITLES
    return next(t for k, t in enumerate(pool[s.key % len(pool):] + pool) if t != s.title)


def _two_candidates(s: CopySet) -> tuple[str, set[str]]:
    """标题“A”或者“B”都行: two candidate titles; the first one named is the copy."""
    other = _alternative_title(s)
    if s.language == "en":
        text = f'{_description(s)}. Headline: either "{s.title}" or "{other}", your call.'
        return (text + f" Button: {s.cta}" if s.cta else text), {"title"} | ({"cta"} if s.cta else set())
    text = f"{_description(s)}，标题“{s.title}”或者“{other}”都行"
    return (text + f"，按钮：{s.cta}" if s.cta else text), {"title"} | ({"cta"} if s.cta else set())


def _correction(s: CopySet) -> tuple[str, set[str]]:
    """标题：A … ⏎哦对了标题改成「B」 / … Actually change the headline to "B": the later one wins."""
    other = _alternative_title(s)
    rendered = {"title"}
    if s.language == "en":
        parts = [f"Title: {other}"]
        if s.cta:
            parts.append(f"Button: {s.cta}")
            rendered.add("cta")
        return f"{_description(s)}. " + ". ".join(parts) + f'. Actually change the headline to "{s.title}".', rendered
    parts = [f"标题：{other}"]
    if s.cta:
        parts.append(f"按钮：{s.cta}")
        rendered.add("cta")
    return f"{_description(s)}，" + "，".join(parts) + f"\n哦对了标题改成「{s.title}」", rendered


def _removal(s: CopySet) -> tuple[str, set[str]]:
    """副标题：… then 不要副标题 / no subtitle needed: a field the brief takes back is not copy."""
    rendered = {"title"}
    if s.language == "en":
        parts = [f"Headline: {s.title}"] + ([f"Subhead: {s.subtitle}"] if s.subtitle else [])
        if s.cta:
            parts.append(f"CTA: {s.cta}")
            rendered.add("cta")
        return f"{_description(s)}\n" + "\n".join(parts) + "\nOn second thought, no subtitle.", rendered
    parts = [f"标题：{s.title}"] + ([f"副标题：{s.subtitle}"] if s.subtitle else [])
    if s.cta:
        parts.append(f"按钮：{s.cta}")
        rendered.add("cta")
    return f"{_description(s)}\n" + "\n".join(parts) + "\n刚确认了，不要副标题", rendered


def _unlabelled_quotes(s: CopySet) -> tuple[str, set[str]]:
    """帮我做个海报，“title”，“subtitle”，“button”: quoted strings in order."""
    open_, close = ("“", "”") if s.language != "en" else ('"', '"')
    parts = [f"{open_}{s.title}{close}"]
    rendered = {"title"}
    if s.subtitle:
        parts.append(f"{open_}{s.subtitle}{close}")
        rendered.add("subtitle")
    if s.cta:
        parts.append(f"{open_}{s.cta}{close}")
        rendered.add("cta")
    separator = ", " if s.language == "en" else "，"
    return _description(s) + separator + separator.join(parts), rendered


def _unlabelled_benefit(s: CopySet) -> tuple[str, set[str]]:
    """Description, the quoted title, a benefit phrase without a label and an action phrase."""
    separator = ", " if s.language == "en" else "，"
    parts = [_description(s), f"「{s.title}」" if s.language != "en" else f"\"{s.title}\""]
    rendered = {"title"}
    if s.subtitle and s.subtitle_is_benefit:
        parts.append(s.subtitle)
        rendered.add("subtitle")
    if s.cta:
        parts.append(s.cta)
        rendered.add("cta")
    return separator.join(parts), rendered


def _spaces_only(s: CopySet) -> tuple[str, set[str]]:
    """帮我做个开学季的海报 文具满100减20 按钮去逛逛: zh, spaces between unlabelled parts."""
    parts = [_description(s).replace("，", " ") if s.language != "en" else _description(s)]
    rendered = set()
    if s.subtitle and s.subtitle_is_benefit and "，" not in s.subtitle and " " not in s.subtitle:
        parts.append(s.subtitle)
        rendered.add("subtitle")
    if s.cta:
        parts.append(("按钮" + s.cta) if not s.cta.isascii() else s.cta)
        rendered.add("cta")
    parts.append(f"标题「{s.title}」")
    rendered.add("title")
    # English has no spaces-only form: a comma marks where the description ends.
    return (", " if s.language == "en" else " ").join(parts), rendered


# A value glued to its label (标题双十二狂欢夜) that opens with one of these reads as a remark about the
# field (副标题和…, 标题我们再定), so an operator would write a colon there.
_REMARK_LEADS = ("和", "与", "及", "跟", "的", "也", "都", "还", "要", "不", "我", "你", "先", "在", "用", "把")


def _glued_labels(s: CopySet) -> tuple[str, set[str]]:
    """双十二活动海报 标题双十二狂欢夜要大一点红色 副标题全场五折起 按钮立即抢购: labels glued to their
    copy, spaces between fields, a size remark glued to the end of the title."""
    parts, rendered = [_description(s).replace("，", " ")], set()
    for name, label in (("title", "标题"), ("subtitle", "副标题"), ("cta", "按钮"), ("body", "正文")):
        value = getattr(s, name)
        if not value:
            continue
        glue = "：" if value.startswith(_REMARK_LEADS) else ""
        remark = ""
        if name == "title":
            remark = "要大一点红色" if re.search(r"[\u4e00-\u9fff]$", value) else " 要大一点红色"
        parts.append(f"{label}{glue}{value}{remark}")
        rendered.add(name)
    return " ".join(parts), rendered


def _format_glued_title(s: CopySet) -> tuple[str, set[str]]:
    """弹窗标题恭喜发财 按钮领红包: the label glued to the format word before it and to its copy."""
    poster = ("弹窗", "海报", "头图", "横幅")[s.key % 4]
    glue = "：" if s.title.startswith(_REMARK_LEADS) else ""
    text, rendered = f"{poster}标题{glue}{s.title}", {"title"}
    if s.cta:
        text += f" 按钮{s.cta}"
        rendered.add("cta")
    return text, rendered


def _is_and_wei(s: CopySet) -> tuple[str, set[str]]:
    """标题是… 副标题为… 按钮是… (zh) / title is …, the subtitle write …, the button say … (en, as a
    non-native speaker writes it)."""
    rendered = {"title"} | {name for name in ("subtitle", "cta") if getattr(s, name)}
    if s.language == "en":
        parts = [f"title is {s.title}"]
        if s.subtitle:
            parts.append(f"the subtitle write {s.subtitle}")
        if s.cta:
            parts.append(f"the button say {s.cta}")
        return _description(s) + ", " + ", ".join(parts), rendered
    parts = [f"标题是{s.title}"]
    if s.subtitle:
        parts.append(f"副标题为{s.subtitle}")
    if s.cta:
        parts.append(f"按钮是{s.cta}")
    return _description(s).replace("，", " ") + " " + " ".join(parts), rendered


def _run_on_offer_action(s: CopySet) -> tuple[str, set[str]]:
    """做一个双十二的弹窗写上全场五折起点击领取: copy run on after 写上, the button glued to the offer."""
    if s.language == "zh" and s.subtitle and s.subtitle_is_benefit and s.cta \
            and not re.search(r"[，, ]", s.subtitle) and s.cta[0] in "立马去抢预了":
        return f"{_description(s).split('，')[0]}写上{s.subtitle}{s.cta}", {"subtitle", "cta"}
    return f"{_description(s)}，标题是「{s.title}」", {"title"}


def _quoted_if_comma(value: str, open_: str = "「", close: str = "」") -> str:
    """A value written before its label is quoted when it holds a comma (the comma would end it)."""
    return f"{open_}{value}{close}" if re.search(r"，|,(?!\d)", value) else value


def _label_after_parens(s: CopySet) -> tuple[str, set[str]]:
    """秋季新品上市（主标题），秋装满2件8折（副标题），立即选购（按钮） / Winter Sale (headline), …"""
    rendered, parts = set(), []
    en = s.language == "en"
    labels = {"title": "(headline)", "subtitle": "(subhead)", "cta": "(button)"} if en else \
        {"title": "（主标题）", "subtitle": "（副标题）", "cta": "（按钮）"}
    for name in ("title", "subtitle", "cta"):
        value = getattr(s, name)
        if value:
            parts.append(_quoted_if_comma(value, *(('"', '"') if en else ("「", "」"))) + (" " if en else "")
                         + labels[name])
            rendered.add(name)
    separator = ", " if en else "，"
    return _description(s) + ("\n" if en else "，") + separator.join(parts), rendered


def _label_after_verb(s: CopySet) -> tuple[str, set[str]]:
    """「会员专享日」作为主标题，… 按钮放「立即开通」 / "X" as the headline, … and "Y" on the button."""
    rendered = {"title"}
    if s.language == "en":
        parts = [f'"{s.title}" as the headline']
        if s.subtitle:
            parts.append(f'"{s.subtitle}" as the subhead')
            rendered.add("subtitle")
        if s.cta:
            parts.append(f'and "{s.cta}" on the button')
            rendered.add("cta")
        return f"{_description(s)}. Use " + ", ".join(parts), rendered
    parts = [f"「{s.title}」作为主标题"]
    if s.subtitle:
        parts.append(f"“{s.subtitle}”当副标题")
        rendered.add("subtitle")
    if s.cta:
        parts.append(f"{_quoted_if_comma(s.cta)}做按钮")
        rendered.add("cta")
    return f"{_description(s)}，" + "，".join(parts), rendered


def _several_posters(s: CopySet) -> tuple[str, set[str]]:
    """海报一：… 海报二：… / Banner A … Banner B …: the first poster's copy is the copy."""
    other = _alternative_title(s)
    rendered = {"title"} | ({"cta"} if s.cta else set())
    if s.language == "en":
        first = f"Headline: {s.title}" + (f"\nCTA: {s.cta}" if s.cta else "")
        return f"{_description(s)}, two versions please.\nBanner A - {first}\nBanner B - Headline: {other}", rendered
    first = f"标题：{s.title}" + (f"，按钮：{s.cta}" if s.cta else "")
    return f"{_description(s)}，要两张\n海报一：{first}\n海报二：标题：{other}，按钮：立即查看", rendered


def _header_row_table(s: CopySet) -> tuple[str, set[str]]:
    """活动⇥位置⇥主标题⇥副标题⇥按钮⏎双12⇥首页弹窗⇥…: a pasted sheet whose header row names the
    fields beside columns that hold no copy (zh: tab-separated; en: a markdown table)."""
    names = [name for name in ("title", "subtitle", "cta") if getattr(s, name)]
    if s.language == "en":
        labels = {"title": "Headline", "subtitle": "Subhead", "cta": "CTA"}
        header = "| Channel | " + " | ".join(labels[n] for n in names) + " |"
        rule = "|" + " --- |" * (len(names) + 1)
        row = "| App home | " + " | ".join(getattr(s, n) for n in names) + " |"
        return f"{_description(s)}\n{header}\n{rule}\n{row}", set(names)
    labels = {"title": "主标题", "subtitle": "副标题", "cta": "按钮"}
    header = "活动\t位置\t" + "\t".join(labels[n] for n in names)
    row = f"{('双12', '618', '会员日')[s.key % 3]}\t首页弹窗\t" + "\t".join(getattr(s, n) for n in names)
    return f"从表格里复制的，{_description(s)}：\n{header}\n{row}", set(names)


def _copy_heading_quote_list(s: CopySet) -> tuple[str, set[str]]:
    """文案：「A」「B」「C」 / Poster copy: "A" / "B" / "C": quotes after a copy heading, in order."""
    names = [name for name in ("title", "subtitle", "cta") if getattr(s, name)]
    if s.language == "en":
        return f'{_description(s)}. Poster copy: ' + " / ".join(f'"{getattr(s, n)}"' for n in names), set(names)
    return f"{_description(s)}，文案：" + "".join(f"「{getattr(s, n)}」" for n in names), set(names)


def _announced_correction(s: CopySet) -> tuple[str, set[str]]:
    """标题：A … ⏎标题改一下，改成：B / … Button: X — actually make the headline B: the change is
    announced before the correction; the later title wins and the button keeps its words."""
    other = _alternative_title(s)
    rendered = {"title"} | ({"cta"} if s.cta else set())
    if s.language == "en":
        button = f"Button: {s.cta} — " if s.cta else ""
        return f"{_description(s)}. Headline: {other}. {button}actually make the headline {s.title}", rendered
    button = f"，按钮：{s.cta}" if s.cta else ""
    return f"{_description(s)}，标题：{other}{button}\n标题改一下，改成：{s.title}", rendered


def _slash_lines(s: CopySet) -> tuple[str, set[str]]:
    """开业海报：盛大开业！/ 全场8.8折 / 导航到店 / Poster: Big Sale / 50% off / Shop now: unlabelled
    copy lines between slashes are title, subtitle and button in order (a lone title is quoted)."""
    names = [name for name in ("title", "subtitle", "cta") if getattr(s, name)]
    colon = ": " if s.language == "en" else "："
    if len(names) < 2:
        return f"{_description(s)}{colon}「{s.title}」", {"title"}
    return _description(s) + colon + " / ".join(getattr(s, n) for n in names), set(names)


def _remark_before_colon(s: CopySet) -> tuple[str, set[str]]:
    """标题要醒目一点：… / the headline please: …: a remark between the label and the colon."""
    rendered = {"title"} | ({"cta"} if s.cta else set())
    if s.language == "en":
        return f"{_description(s)}, the headline please: {s.title}" + (f", button: {s.cta}" if s.cta else ""), rendered
    return f"{_description(s)}，标题要醒目一点：{s.title}" + (f"，按钮：{s.cta}" if s.cta else ""), rendered


def _make_button_say(s: CopySet) -> tuple[str, set[str]]:
    """… Button: Learn more⏎actually make the button say '…': the correction wins."""
    if not s.cta:
        return f"{_description(s)}. Headline: {s.title}", {"title"}
    other = "Learn more" if s.cta != "Learn more" else "Shop now"
    return (f"{_description(s)}. Headline: {s.title}. Button: {other}\nactually make the button say '{s.cta}'",
            {"title", "cta"})


PHRASINGS: dict[str, Callable[[CopySet], tuple[str, set[str]]]] = {
    "zh-fullwidth-colon": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"), ("cta", "按钮：{v}"),
                                     ("body", "正文：{v}")], "，", head="{desc}，"),
    "zh-ascii-colon-semicolon": _labelled([("title", "主标题: {v}"), ("subtitle", "副文案: {v}"),
                                           ("cta", "按钮文案: {v}"), ("body", "说明: {v}")], "；", head="{desc}。"),
    "zh-corner-quotes-no-colon": _labelled([("title", "大标题「{v}」"), ("subtitle", "副标题「{v}」"), ("cta", "按钮「{v}」"),
                                            ("body", "正文「{v}」")], "", head="{desc} "),
    "zh-curly-quotes": _labelled([("title", "标题“{v}”"), ("subtitle", "小标题“{v}”"), ("cta", "行动点“{v}”"),
                                  ("body", "活动规则“{v}”")], "，", head="{desc}，"),
    "en-key-value-lines": _labelled([("title", "Headline: {v}"), ("subtitle", "Subhead: {v}"), ("cta", "CTA: {v}"),
                                     ("body", "Body copy: {v}")], "\n", head="{desc}\n"),
    "zh-bullets": _labelled([("title", "- 标题：{v}"), ("subtitle", "- 利益点：{v}"), ("cta", "- 按钮：{v}"),
                             ("body", "- 小字：{v}")], "\n", head="{desc}：\n"),
    "en-periods": _labelled([("title", "Title: {v}"), ("subtitle", "Subtitle: {v}"), ("cta", "Button: {v}")],
                            ". ", head="{desc}. ", tail="."),
    "pipes": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"), ("cta", "CTA：{v}"), ("body", "正文：{v}")],
                       " | ", head="{desc} | "),
    "slashes": _labelled([("title", "Title: {v}"), ("subtitle", "Sub: {v}"), ("cta", "Button: {v}"), ("body", "Body: {v}")],
                         " / ", head="{desc} / "),
    "tabs": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"), ("cta", "按钮：{v}"), ("body", "正文：{v}")],
                      "\t", head="{desc}\t"),
    "spaces": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"), ("cta", "按钮：{v}"), ("body", "正文：{v}")],
                        " ", head="{desc} "),
    "small-colon": _labelled([("title", "标题﹕{v}"), ("subtitle", "副标题﹕{v}"), ("cta", "按钮﹕{v}")], "，",
                             head="{desc}，"),
    "shuffled-description-last": _labelled([("cta", "按钮：{v}"), ("body", "正文：{v}"), ("title", "标题：{v}"),
                                            ("subtitle", "副标题：{v}")], "，", tail="，{desc}",
                                           fields=("cta", "body", "title", "subtitle")),
    "zh-connectors": _labelled([("title", "标题就写{v}"), ("subtitle", "副标题写成{v}"), ("cta", "按钮就写{v}")], "，",
                               head="{desc}，"),
    "en-prose-quotes": _labelled([("title", "the headline should be \"{v}\""), ("subtitle", "the subtitle \"{v}\""),
                                  ("cta", "and the button says \"{v}\"")], ", ", head="{desc}, "),
    "white-corner-quotes": _labelled([("title", "主标题『{v}』"), ("subtitle", "副标题『{v}』"), ("cta", "按钮『{v}』")], " ",
                                     head="{desc} "),
    "single-quotes": _labelled([("title", "Title '{v}'"), ("subtitle", "subtitle ‘{v}’"), ("cta", "CTA '{v}'")], ", ",
                               head="{desc}, "),
    "book-and-lenticular": _labelled([("title", "标题《{v}》"), ("subtitle", "副标题【{v}】"), ("cta", "按钮《{v}》")], "，",
                                     head="{desc}，"),
    "unlabelled-quotes": _unlabelled_quotes,
    "unlabelled-benefit-action": _unlabelled_benefit,
    "spaces-unlabelled": _spaces_only,
    "trailing-instruction": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"), ("cta", "按钮：{v}")], "，",
                                      head="{desc}，", tail="，{instruction}"),
    "mixed-labels": _labelled([("title", "Title：{v}"), ("subtitle", "Sub：{v}"), ("cta", "CTA：{v}"), ("body", "Body：{v}")],
                              "，", tail="，{desc}"),
    "bracket-labels": _labelled([("title", "【主标题】{v}"), ("subtitle", "【副标题】{v}"), ("cta", "【按钮】{v}"),
                                 ("body", "【正文】{v}")], "\n", head="{desc}\n"),
    "en-dashes": _labelled([("title", "Headline - {v}"), ("subtitle", "Tagline - {v}"), ("cta", "Button - {v}")], " | ",
                           head="{desc} | "),
    "markdown-bold": _labelled([("title", "**标题**：{v}"), ("subtitle", "**副标题**：{v}"), ("cta", "**按钮**：{v}")], "\n",
                               head="{desc}\n"),
    "markdown-bold-colon-inside": _labelled([("title", "**Headline:** {v}"), ("subtitle", "**Subhead:** {v}"),
                                             ("cta", "**CTA:** {v}"), ("body", "**Fine print:** {v}")], "\n",
                                            head="{desc}\n"),
    "markdown-bold-values": _labelled([("title", "标题：**{v}**"), ("subtitle", "副标题：**{v}**"), ("cta", "按钮：**{v}**")],
                                      "\n", head="{desc}\n"),
    "numbered-space-labels": _labelled([("title", "1. 主标题 {v}"), ("subtitle", "2. 副标题 {v}"), ("cta", "3. 按钮 {v}")],
                                       "\n", head="{desc}：\n"),
    "fullwidth-space-labels": _labelled([("title", "标题\u3000{v}"), ("subtitle", "副标题\u3000{v}"), ("cta", "按钮\u3000{v}")],
                                        "\u3000", head="{desc}\n"),
    "katakana-dot-bullets": _labelled([("title", "・标题：{v}"), ("subtitle", "・卖点：{v}"), ("cta", "・行动点：{v}"),
                                       ("body", "・风险提示：{v}")], "\n", head="{desc}\n"),
    "h1-h2": _labelled([("title", "H1: {v}"), ("subtitle", "H2: {v}"), ("cta", "Button text: {v}"), ("body", "Legal copy: {v}")],
                       "\n", head="{desc}\n"),
    "zh-traditional-labels": _labelled([("title", "標題：{v}"), ("subtitle", "副標題：{v}"), ("cta", "按鈕：{v}"),
                                        ("body", "內文：{v}")], "，", head="{desc}，"),
    "tw-short-labels-connector": _labelled([("title", "主標寫「{v}」"), ("subtitle", "副標係「{v}」"), ("cta", "按鈕就寫「{v}」")],
                                           "，", head="{desc}，"),
    "verb-introduced": _labelled([("title", "口号是“{v}”"), ("subtitle", "the tagline reads “{v}”"),
                                  ("cta", "CTA is “{v}”")], "，", head="{desc}，"),
    "slogan-key-message": _labelled([("title", "宣传语：{v}"), ("subtitle", "Subline: {v}"), ("cta", "按钮文字：{v}")], "\n",
                                    head="{desc}\n"),
    "yaml-quoted": _labelled([("title", 'title: "{v}"'), ("subtitle", 'subtitle: "{v}"'), ("cta", 'cta: "{v}"'),
                              ("body", 'body: "{v}"')], "\n", head="{desc}\ncopy:\n"),
    "json-snippet": _labelled([("title", '"headline": "{v}"'), ("subtitle", '"sub_title": "{v}"'),
                               ("cta", '"button_text": "{v}"')], ", ", head="{desc}\n{{", tail="}}"),
    "markdown-table": _labelled([("title", "| 主标题 | {v} |"), ("subtitle", "| 副标题 | {v} |"), ("cta", "| 按钮 | {v} |"),
                                 ("body", "| 小字 | {v} |")], "\n", head="{desc}\n| 字段 | 文案 |\n| --- | --- |\n"),
    "table-notes-column": _labelled([("title", "| Headline | {v} | biggest |"), ("subtitle", "| Subhead | {v} | red |"),
                                     ("cta", "| CTA | {v} |  |")], "\n", head="{desc}\n"),
    "tab-columns": _labelled([("title", "Headline\t{v}"), ("subtitle", "Subheadline\t{v}"), ("cta", "CTA\t{v}"),
                              ("body", "Fine print\t{v}")], "\n", head="{desc}\n"),
    "paren-and-square-labels": _labelled([("title", "（标题）{v}"), ("subtitle", "［副标题］{v}"), ("cta", "(CTA) {v}")],
                                         "\n", head="{desc}\n"),
    "label-after-parens": _label_after_parens,
    "label-after-verb": _label_after_verb,
    "several-posters": _several_posters,
    "two-candidates": _two_candidates,
    "correction": _correction,
    "removal": _removal,
    "glued-labels": _glued_labels,
    "format-glued-title": _format_glued_title,
    "is-and-wei": _is_and_wei,
    "run-on-offer-action": _run_on_offer_action,
    "heading-levels": _labelled([("title", "一级标题：{v}"), ("subtitle", "二级标题：{v}"), ("cta", "跳转按钮：{v}"),
                                 ("body", "内容：{v}")], "\n", head="{desc}\n"),
    "header-secondary": _labelled([("title", "Header: {v}"), ("subtitle", "Secondary: {v}"), ("cta", "Button label: {v}"),
                                   ("body", "Small print: {v}")], "\n", head="{desc}\n"),
    "header-row-table": _header_row_table,
    "copy-heading-quote-list": _copy_heading_quote_list,
    "announced-correction": _announced_correction,
    "button-bracket-remark": _labelled([("title", "标题：{v}"), ("subtitle", "副标题：{v}"),
                                        ("cta", "按钮：{v}（按钮要醒目一点，用金色）")], " ", head="{desc} "),
    "slash-legal-synonyms": _labelled([("title", "Heading: {v}"), ("subtitle", "Supporting copy: {v}"),
                                       ("cta", "CTA: {v}"), ("body", "Legal: {v}")], " / ", head="{desc} — "),
    "zh-slash-disclosure-typo": _labelled([("title", "标题：{v}"), ("subtitle", "卖点：{v}"), ("cta", "按纽：{v}"),
                                           ("body", "法律声明：{v}")], " / ", head="{desc}："),
    "disclosure-lines": _labelled([("title", "Title: {v}"), ("subtitle", "Subtitle: {v}"), ("cta", "CTA: {v}"),
                                   ("body", "Disclosure: {v}")], "\n", head="{desc}\n"),
    "slash-lines-unlabelled": _slash_lines,
    "remark-before-colon": _remark_before_colon,
    "make-button-say": _make_button_say,
}


def generate_briefs(count: int = 160) -> list[Case]:
    cases = []
    for s in copy_sets(count):
        for name, render in PHRASINGS.items():
            text, rendered = render(s)
            expected = {f: (getattr(s, f) if f in rendered else "") or "" for f in FIELDS}
            cases.append(Case(text=text, expected=expected, phrasing=name, copy_set=s.key, rendered=rendered))
    return cases


if __name__ == "__main__":  # print a sample
    for case in generate_briefs()[:: 97]:
        print(case.phrasing, "|", case.text.replace("\n", "⏎"), "→", case.expected)
