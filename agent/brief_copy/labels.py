"""Where the labels are: 标题, 副文案, Headline, CTA … and what marks each one as a field's start
(a colon, a dash, a quote, a connector, brackets, a table's first column, a label after its value).
"""
from __future__ import annotations

import re
from functools import lru_cache

from agent.aliases import find_alias
from agent.brief_copy.rules import _DESIGN_REMARK, _GLUED_LEAD, _NEGATED_FACT, CopyRules
from agent.brief_copy.text import (
    _ARROW,
    _CJK,
    _CJK_CHAR,
    _WORD_CHAR,
    QUOTE_PAIRS,
    SECOND_BUTTON,
    _clean,
    _closing_quote,
    _Label,
    _label_key,
    _line_end,
    _opening_quote,
    _quote_end,
)

_CHANGE_BEFORE = re.compile(
    r"(?:\s*[-–—]+\s*)?(?:\b(?:actually|sorry|wait|oops|oh|hmm|on\s+second\s+thought)[,\s]+)?"
    r"(?:\b(?:let'?s|please|pls|can\s+you|could\s+you)\s+)?"
    r"\b(?P<verb>change|changed|update|updated|switch|swap|make|replace|scratch|ditch|wants?|wanted|would\s+like)"
    r"\s+(?:the\s+)?"
    # (change the popup CTA from 'Book now' to '…': the format the field is on, before its name)
    r"(?:(?:popup|pop-up|banner|poster|app|web|website|homepage|hero|email|page|main)\s+)?"
    # (change the title to "…" and the button to "…": one verb for both changes)
    r"(?:[\w-]+(?:\s+[\w-]+)?\s+to\s+(?:\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*')\s*,?\s*(?P<also>and\s+(?:the\s+)?))?$", re.IGNORECASE)


def _made_copy(text: str, label_end: int, rules: CopyRules) -> int | None:
    """make the CTA Learn more / make the headline Spring Is Here: where the copy after the label
    starts, or None when what follows is a design remark (make the headline bigger / red / pop)."""
    gap = re.match(r"[ \t]+", text[label_end:])
    if not gap:
        return None
    start = label_end + gap.end()
    first_part = re.split(r"[，,。；;\n]|\.(?=\s|$)", text[start:], maxsplit=1)[0].strip()
    # copy written after the label is capitalised (or Chinese, or a number); a remark is not
    if not first_part or not re.match(r"[\"'‘’“「『]?[A-Z0-9" + _CJK + r"]", first_part) or rules.has_signal(first_part) \
            or rules.only_design_words(first_part) or _SIZE_REMARK_EN.match(first_part):
        return None
    return start


# wait, headline should be "…" and small print "…": the field after a changed one's quote and "and" is changed too
_AND_AFTER_QUOTE = re.compile(r"[ \t]*(?:\"[^\"\n]*\"|“[^”\n]*”|「[^」\n]*」)[ \t]*(?:[,，]?[ \t]*(?P<also>and|&|以及|和)|[,，])[ \t]*(?:the[ \t]+)?")
_QUOTE_SOON = re.compile(r"[^\n\"“「]{0,10}[\"“「]")  # (…，副标题加上年龄：“…”: a comma alone, when a quote brings the words)
# (fix the subtitle — should be "…": what the field should say, then its quote)
_SHOULD_BE = re.compile(r"(?i:(?:it\s+)?(?:should|must|needs?\s+to|will)\s+(?:be|read|say))[ \t]*[:：]?[ \t]*")
# 内容：… names what the request is about when it ends on a format (…停车指引海报)
_WHAT_IT_IS_LABELS = frozenset({"内容", "內容", "活动内容", "活動內容"})


# …to X / replace the headline with X / swap the CTA for X / scratch the headline, use X instead
# (scratch the CTA, Marketing wants "…" instead: who asks for the new copy may come between)
# (change CTA on the popup from 'Subscribe' to 'Save 15%': the old words quoted after "from", the new after "to";
# change the button to just "Subscribe")
_CHANGE_TO = re.compile(r"(?:\s+to\s+(?:just|simply|only)(?=\s*[\"“'])"
                        # (she wants the sub to be 'Grower prices for all…': the field, then what it is to be, quoted)
                        r"|\s+to\s+(?:just\s+)?(?:be|read|say)\s*(?=[\"“'‘])"
                        r"|(?:\s+(?:on|in)\s+(?:the|our|this)\s+[\w-]+(?:\s+[\w-]+)?)?\s+from\s+"
                        r"(?:\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*')\s+to"
                        r"|\s+(?:to|into|with|for)|\s*[,，]\s*(?:and\s+)?(?:use|go\s+with|make\s+it)"
                        r"|\s*[,，]\s*(?:[\w&'’-]+\s+){1,2}(?:wants?|prefers?|would\s+(?:like|prefer)|asked\s+for|needs?))"
                        r"\s*[:：]?\s*", re.IGNORECASE)
_CHANGED_FROM_TO = re.compile(r"\s+(?:(?:was|is|has\s+been|gets|got|should\s+be|to\s+be|needs\s+to\s+be)\s+)?"
                              r"(?:changed|updated|switched|changes|change|updating|changing|switching)\s+from\s+"
                              r"(?:\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*'|‘[^’\n]*’)(?:\s*\([^)\n]{0,40}\))?\s*,?\s+to\s*[:：]?\s*"
                              # (Button was "Shop now" — change to "Use my reward": the old words, then the change)
                              r"|\s+was\s+(?:\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*'|‘[^’\n]*’)\s*(?:[—–-]+|[,;.])?\s*(?:please\s+)?"
                              r"(?:change|switch|update)\s+(?:it\s+)?to\s*[:：]?\s*",
                              re.IGNORECASE)
# 这个 / 这句 / that, and nothing more up to the clause's end: a pointer back at the words before the label.
_POINTER = r"(?:就用|用)?(?:这个|这句话|这一句|这句|这段话|这一段|这段|它|上面这个|上面这句|前面这个|前面这句|(?i:this|that|it)(?:\s+one)?)"
_POINTS_BACK = re.compile(_POINTER + r"[吧哈啊呀了]*[ \t]*(?=$|[，,。；;\n!！.])")
_POINTS_AHEAD = re.compile(r"(?<![A-Za-z])" + _POINTER + r"[ \t]*(?:[：﹕]|:(?!\d))[ \t]*(?=\S)")
_KIND_OF_LINE = re.compile(r"(?:the|a|an|this|our|that)[ \t]+(?:[a-z][a-z-]*[ \t]+){0,2}?[a-z][a-z-]*[ \t]*[:：]?[ \t]*"
                           r"(?=[\"“'‘])")
_ONE_LINE_ZH = re.compile(r"一句(?:话)?[ \t]*[：:﹕]?[ \t]*(?=(?!的)[\d" + _CJK + r"A-Za-z][^\s，,。；;：:﹕]{2})")
# (小字写个地址：大理古城…: with its colon the kind of line brings unquoted words as well)
# (下面写一行，进口药水… / 再下面写地址，地址是 朝阳区…: a voice note's pause after the kind, which it may say again)
_KIND_OF_LINE_ZH = re.compile(r"(?P<kind>[一两二]?(?:句|行|段)(?:话|字|小字|文字)?|时间|日期|地点|地址|电话|時間|地點|地址|電話)"
                              r"(?:[ \t]*[：:﹕]?[ \t]*(?=[“「『‘'\"])|[ \t]*[：:﹕][ \t]*(?=\S)"
                              r"|[ \t]*[，,][ \t]*(?:(?P=kind)[ \t]*(?:是|为|為)[ \t]*)?(?=[^\s，,。；;]))")
# 标题写暖暖的，就叫「冬日暖一杯」: how the line should feel, then its name quoted after 就叫 / 就写.
_FEEL_THEN_NAME = re.compile(r"[^\s，,。；;：:﹕“「『\"]{1,6}的(?:感觉|感覺|风格|風格)?[ \t]*[，,][ \t]*"
                             r"(?:就叫|就写|就寫|就用|叫做|叫)[ \t]*(?=[“「『\"])")
# 按钮就咨询顾问吧 (a spoken brief): the label, 就, the words, and the particle that closes the clause.
_JUST_THEN_PARTICLE = re.compile(r"就(?P<value>[^\s，,。；;！!？?吧]{2,12})吧(?=$|[\s，,。；;！!~～])")
_EITHER = re.compile(r"(?:either|要么|可以是|可以用)\s*", re.IGNORECASE)
# Before a label that a space alone introduces: the start of a line (after a bullet or number)
# or a separator, never a word (不要副标题 is no label).
_SPACE_LABEL_BEFORE = re.compile(r"(?:^|[\n，,。；;|｜\s\u3000：:﹕])(?:[-•*·・▪►>]|\d{1,2}[.)、]|[①-⑩])?\s*$")


# A secondary label (活动时间, 注, Valid) heads a line or follows a bar or semicolon, as a field of its own.
_CLAUSE_HEAD_ROLE = re.compile(r"(?:^|\n)[ \t]*(?:[-•*·]\s*)?$")
# Bottom-right, small: … / Top left, big: …: the corner the line goes in, then its size, heading the line.
_CORNER_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-•*·]\s*)?(?i:(?:bottom|top|lower|upper)(?:[- ]?(?:right|left|cent(?:er|re)))?"
                            r"|(?:right|left)[- ]?(?:bottom|top)?)[ \t]*[,，][ \t]*$")
_FIELD_WORD_BEFORE = re.compile(r"(?:标题|標題|按钮|按鈕|小字|文案|正文)[ \t]*$")


def _more_for_field_named(text: str, key: str, label_start: int) -> bool:
    """副标题再加一句 / 标题再写一句: a 再… label right after a field's name adds to that field, it names no line."""
    return key.startswith("再") and bool(_FIELD_WORD_BEFORE.search(text, max(0, label_start - 4), label_start))


# …Button: Reserve a Slot. Bottom: Helmet required.: a capitalised label with its colon opens a sentence of its own
_SENTENCE_BEFORE = re.compile(r"[a-z0-9][.!?][ \t]+$")
# (title: Cinderella / line under: … / bottom: …: a spaced slash parts the segments of a one-line list too)
_SECONDARY_BEFORE = re.compile(r"(?:^|[\n|｜;；]|[ \t][/／](?=[ \t]))[ \t]*(?:[-•*·・▪►>]|\d{1,2}[.)、]|[①-⑩])?[ \t]*$")
_ADD_FIELD = re.compile(r"(?:再|还要|还|另外)?(?:加|放|带|配|来)(?:一)?个\s*$|(?:再|还要|还|另外)?加上\s*$")
_SPACE_LABEL_VALUE_CHARS = 60  # a line's worth of copy after 副标题 + space


# A remark on the field glued to the end of its copy: 标题年货节要大一点红色 → 年货节.
_TRAILING_REMARK = re.compile(r"\s*(?<![要再字号体])(?:要|再|字体?|字号)?(?:大|小|粗|细|醒目|显眼|突出|明显|亮)"
                              r"(?:一点儿?|点儿?|一些|些)")


_NUMBERED = re.compile(r"^\d{1,2}\s*(?:[：:﹕、)）]|\.(?!\d)|$)")  # 标题1：… 标题2：… numbers the labels, it is no copy
# 弹窗文案确认表 / 文案迭代记录 / 按钮修改清单: a label glued to the paper it heads (a table, a log, a draft) names that paper.
_GLUED_DOCUMENT = re.compile(r"^(?:(?:迭代|修改|更新|变更|變更|确认|確認|审核|審核|对照|對照|需求|对接|對接)(?:记录|記錄|表|表格|单|單|清单|清單)"
                             r"|表格|清单|清單|汇总|彙總|初稿|终稿|終稿|定稿|草稿|(?:最终|最終|最新|修改|修订|修訂)版)"
                             # (弹窗文案最终版🙏（之前那版作废）: the version the lines below are, a sigh and an aside after it)
                             r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]*(?:[（(][^()（）\n]*[)）])?[ \t]*$")


def _after_separator(text: str, label_start: int, rules: CopyRules) -> bool:
    """Is the label at a line start, right after a separator or after the format it belongs to
    (弹窗标题恭喜发财), not inside a word (不要副标题)?"""
    if _SPACE_LABEL_BEFORE.search(text, max(0, label_start - 6), label_start):
        return True
    before = text[max(0, label_start - 6):label_start]
    return any(start + len(alias) == len(before) and _CJK_CHAR.match(alias)
               for start, _, alias in find_alias(before, rules.lexicon.formats))


# 去下单👉 emoji都要保留！！ / 限时抢 ⚡️ keep the emoji: after a blank, a clause asking to keep some of the value's marks
# says how to set the copy, it is none of it.
_KEEP_REMARK = re.compile(r"[ \t]+[^\s，,。；;]{0,10}?(?:都|也|一定)?(?:要|得|请)?(?:保留|留着|别删|不要删|别去掉|不要去掉)"
                          r"[!！～~。.\s]*$|[ \t]+[-–—(（]?[ \t]*(?i:keep|leave)\s+(?:the\s+|all\s+|those\s+)?"
                          r"(?:emojis?|icons?|symbols?|marks?|arrows?)(?:\s+in)?[)）!！.。\s]*$")


def _cut_trailing_remark(value: str, rules: CopyRules) -> str:
    """年货节要大一点红色 → 年货节: a size remark (and the design words after it) ends the copy;
    so does a design word with its choice glued on (立即开通颜色用黑金 → 立即开通), and a clause that keeps
    the value's marks (去下单👉 emoji都要保留 → 去下单👉)."""
    value = _cut_glued_remark(value, rules)
    if keep := _KEEP_REMARK.search(value, 1):
        value = value[:keep.start()]
    remark = _TRAILING_REMARK.search(value, 2)
    if remark is None:
        return value
    tail = value[remark.end():].strip(" \t，,、")
    if tail and not (rules.only_design_words(tail) or rules.is_instruction(tail)):
        return value
    return value[:remark.start()].rstrip()


_DESIGN_CHOICE_VERB = re.compile(r"(?:就|请|要)?(?:用|采用|选|走|偏|以|要|改成|换成)")  # 颜色用…, 风格要…, 背景换成…


def _cut_glued_remark(value: str, rules: CopyRules) -> str:
    """立即开通颜色用黑金的高级感一点 → 立即开通: a design word (颜色, 背景, 风格) glued after the
    copy, when the words after it are design words too (背景音乐节 stays: 音乐节 is no design)."""
    for head in rules.glued_remark.finditer(value, 2):
        after = value[head.end():].strip()
        if _CJK_CHAR.match(value[head.start() - 1]) and after and \
                (_DESIGN_CHOICE_VERB.match(after) or rules.has_signal(after) or rules.only_design_words(after)):
            return value[:head.start()].rstrip()
    return value


# …and so do a remark's clauses that run on to that colon (文案合规已审，按顺序从上到下排：).
_HEADS_LINES = re.compile(r"[^。；;\n" + "".join(QUOTE_PAIRS) + r"]{1,30}?[：:﹕][ \t]*(?:\n|$)")


# 文案有了吗 / 标题定了没 / 按钮写好了吗: whether the field is ready yet (周末去哪儿？ glued to 标题 is copy).
# (这个海报文案行不行 / 文案怎么样 / 文案可以吗: whether the copy is good, asked; its words come elsewhere)
_ASKS = re.compile(r"(?:还|都)?(?:有|好|定|出来|写好|确定|搞定|弄好|准备好|发|给)了?(?:吗|嘛|么|没|没有|呢)[？?]?"
                   r"|(?:行不行|好不好|可不可以|可以吗|行吗|怎么样|怎樣|怎麼樣|如何|ok吗|OK吗)[\s？?～~呀啊呢\U0001F300-\U0001FAFF]*")
# 开屏海报文案定了！！😍 / 标题写好了: that the field is ready, glued to its name; its words come after (定了个小目标 is copy; 文案来了: it has arrived).
_READY = re.compile(r"(?:已经|已|都|终于|总算)?(?:有|好|定|出来|写好|确定|搞定|弄好|准备好|定好|改好|来|到)(?:了|啦|咯|喽|嘍|嘞)(?:哈|啊|呀|哦|啦)?"
                    r"[！!～~。.\s\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]*"
                    # 文案交给你们了: the designer is to write it, no words follow
                    r"|(?:就|都)?(?:交给|交給)(?:你们|你們|你|您)(?:了|啦|哈|啊|呀|哦)*[！!～~。.\s]*"
                    # 弹窗文案发你哈 / 文案给您了: the field is being sent, its words follow
                    r"|(?:我)?(?:先)?(?:发|發|给|給|传|傳)(?:给|給)?(?:你|您)(?:了|啦|哈|啊|呀|哦|一下|下|看看|看下)*"
                    # 文案让运营那边补 / 文案市场部下周给: someone else will supply it, no words yet
                    r"|(?:让|由|等)?(?:运营|市场部?|老板|客户|甲方|产品|策划|文案组?|同事|品牌部?|法务)(?:那边|这边|部门)?"
                    r"(?:下周|明天|后天|稍后|晚点|回头|之后|后面)?(?:再)?(?:补|给|出|提供|发|定|写)(?:过来|给你)?(?:吧|哈|了|啊)?"
                    r"[！!～~。.\s\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]*"
                    # 弹窗文案定一下 / 标题再确认一下: someone is asked to settle the field, its words come later
                    r"|(?:再|先|帮忙|麻烦)?(?:定|确认|確認|确定|核对|核對|校对|校對|过|過|审|審|看|改)(?:一)?下(?:吧|哈|啊|呀|哦)?"
                    r"[！!～~。.\s]*")


def _up_to_next_label(segment: str, rules: CopyRules) -> str:
    """标题 A 副标题 B: a value said without punctuation ends at the next label after a blank."""
    for label in rules.label_candidates.finditer(segment):
        if label.start() and segment[label.start() - 1].isspace():
            return segment[:label.start()]
    return segment


_READER_REQUEST = re.compile(r"(?:请|請)(?:于|於|及时|及時|按时|按時|凭|憑|携带|攜帶|持|勿)")


def _ends_on_format(value: str, rules: CopyRules) -> bool:
    """Does the value end on a format's name (…停车指引海报, …弹窗)?"""
    formats = find_alias(value, rules.lexicon.formats)
    return bool(formats) and formats[-1][0] + len(formats[-1][2]) == len(value)


_VERSION_TAG = re.compile(r"(?i:v\d{1,2}(?:\.\d{1,2})?|ver\.?\s*\d{1,2}|final|draft|rev\s*\d{1,2})"
                          r"|第?[一二三四五六七八九十\d]{1,2}版|终版|終版|定稿|初稿|终稿|終稿|修改版|最终版|最終版")


_REVISED_AGAIN = re.compile(r"(?:再|又|重新)(?:改|修改|调整|調整|来|來|出)")
_POINTS_DOWN = re.compile(r"(?i:(?:see\s+|as\s+)?below|attached|👇+|⬇️?|↓)[ \t]*[:：👇⬇️↓]*")


def _bare_value_is_copy(text: str, value_start: int, rules: CopyRules, glued: bool) -> bool:
    """After a label with no colon (标题 618 狂欢节 / 标题双十二狂欢夜): is what follows copy, up to
    the next label? Not when it names a design choice or says something about the field."""
    segment = _up_to_next_label(re.split(r"[，,。；;\n\u3000]", text[value_start:], maxsplit=1)[0], rules)
    words = _cut_trailing_remark(segment.strip(), rules).split()
    # 副标题前100名办卡送私教课 要活力一点橙色: a remark after a space is the designer's, not the value's
    kept = next((k for k, word in enumerate(words) if k and rules.has_signal(word)), len(words))
    segment = " ".join(words[:kept])
    if not segment or (glued and (_GLUED_LEAD.match(segment) or _NUMBERED.match(segment)
                                  or _GLUED_DOCUMENT.match(text[value_start:_line_end(text, value_start)]))):
        return False
    if _HEADS_LINES.match(text, value_start):
        return False  # 文案来了：⏎… / 文案如下：: words that end their line with a colon introduce the copy below
    if _VERSION_TAG.fullmatch(segment.strip()):
        return False  # banner 文案 v2 / 标题 终版: which draft the message holds, no copy
    if _POINTS_DOWN.fullmatch(segment.strip()):
        return False  # 文案 below ⏎ “…”: where the copy is, pointed at
    if glued and _REVISED_AGAIN.match(segment):
        return False  # 弹窗文案再改一版：…: the round of changes the message brings, no copy
    if glued and (_ASKS.fullmatch(segment.strip()) or _READY.fullmatch(segment.strip())):
        return False  # 文案有了吗 / 标题定了没 / 文案定了！！: a question or news about the field, glued to its name
    if (request := _READER_REQUEST.match(segment)) and not rules.has_signal(segment[request.end():]):
        # 副标题 请于本月25日前缴纳，…: a request to the reader (标题 请大一点 / 请设计师看着办: to the designer)
        return len(segment) <= _SPACE_LABEL_VALUE_CHARS and not _DESIGN_REMARK.search(segment)
    # 主标题 Black Friday Deal: a run of capitalised words is a headline even when its first word is a colour
    headline = bool(_HEADLINE_CASE.match(segment))
    return (headline or not rules.only_design_words(words[0]) and not rules.has_signal(words[0])) \
        and rules.copy_after_weak_connector(segment, max_chars=_SPACE_LABEL_VALUE_CHARS)


def _space_label(text: str, label_start: int, label_end: int, value_start: int) -> bool:
    """主标题 月是故乡明: a Chinese label followed by spaces only, at a line start or after a separator."""
    gap = text[label_end:value_start]
    if not gap or gap.strip() or "\n" in gap or value_start >= len(text):
        return False
    # 加个按钮 联系客服: a field the brief adds, then its copy after the space
    added = _ADD_FIELD.search(text, max(0, label_start - 8), label_start)
    before = added.start() if added else label_start
    if place := _PLACE_BEFORE_LABEL.search(text, max(0, before - 6), before):
        before = place.start()  # 最底下小字 座位有限…: where the line goes may lead its label
    if join := _SPOKEN_JOIN_BEFORE.search(text, max(0, before - 4), before):
        before = join.start()  # …就来欢唱 然后副标题 10人以上大包: a voice note's "and then" leads the next field
    return bool(_SPACE_LABEL_BEFORE.search(text, max(0, before - 6), before))


# ……嗯……就写 / ……写: a pause (an ellipsis), fillers and the verb said again, between a field and the quote it brings
# (最下面写上那个，'报名即送…': the speaker's 那个 and a pause before the quote)
_SPOKEN_PAUSE = re.compile(r"(?:[ \t]*(?:…+|\.{3,}|。{2,})[ \t]*(?:(?:嗯|呃|额|那个|就是)+[ \t，,]*)*(?:(?:就)?(?:写|寫|是)[ \t]*)?)+"
                           r"|[ \t]*(?:嗯+|呃+|那个|那個|就是)[ \t]*[，,][ \t]*")
_SPOKEN_JOIN_BEFORE = re.compile(r"(?:然后|還有|还有|另外|以及|再就是|接着|接著)$")
_PLACE_BEFORE_LABEL = re.compile(r"(?:最底下|最下面|最底部|最下方|底下|底部)(?:的|那个|那行)?$")


# 「主标题」春日上新: corner quotes around a label alone wrap it like brackets; 「标题党」 is a quote.
_SOFT_OPENERS = ("（", "(", '"', "'", "「", "『")
_SOFT_CLOSERS = ("）", ")", '"', "'", "」", "』")
_SOFT_PAIRS = ("（）", "()", '""', "''", "「」", "『』")
# What may follow a label that comes after its value: a separator, the end, or "and".
_AFTER_VALUE_END = re.compile(r"[ \t]*(?:位置|的位置|吧|就行|即可|(?i:instead))?[ \t]*(?:$|[\n，,。；;、|｜!！?？）)]|\.(?:\s|$)|\s+(?:and|&)\s)")
# Where a value before its label starts: after the last separator (a comma too: a value with a
# comma is quoted when its label follows it).
_VALUE_BEFORE_START = re.compile(r"[\n，。；;、|｜!！?？：]|[,:](?!\d)|\.\s|\s[-–—]+\s")  # 10,000+ / 7:30 are copy
_WHOLE_LINE_POINTER = re.compile(r"[ \t]*(?:这句话|这句|這句|这一行|這一行|这行|這行|整句|整行|(?i:this\s+(?:line|sentence)))")
_LINE_BULLET = re.compile(r"[ \t]*(?:[-*•·>]+[ \t]*|\d{1,2}[.、)）][ \t]*|[①-⑳][ \t]*)?")
_LEFT_ARROW = re.compile(r"\s*(?:←|<-{1,2}|⬅️?)")
_LEADING_VERB = re.compile(r"^(?:就用|就拿|用|把|拿|以|将|请用|(?i:use|put|make))\s*(?=[" + "".join(QUOTE_PAIRS) + r"])")
# 想传达 / 想突出 / 强调 … 这个卖点: the selling point the poster should get across, unquoted, is the brief's wish, no copy.
_CONVEYED = re.compile(r"(?:主要|重点|就是)?(?:想要|想|要)?(?:传达|傳達|突出|强调|強調|体现|體現|表达|表達)(?![\s]*[" + "".join(QUOTE_PAIRS) + r"])")
# (body⇥⇥leave blank: a tab separates one cell only; two tabs leave the copy's cell empty)
_COLUMN_SEPARATOR = re.compile(r"[ \t]*[|｜][ \t]*|[ ]*\t[ ]*")
_EMPTY_CELL = re.compile(r"[-–—/]{1,3}")
_DASH_CELL = re.compile(r"[ ]*\t[ ]*" + _EMPTY_CELL.pattern + r"[ ]*(?:\t|$)", re.MULTILINE)  # Disclaimer⇥—⇥none needed: a dash fills a cell that has no copy
_CELL_END = re.compile(r"[ \t]*(?:[|｜\t]|$)", re.MULTILINE)
_CELL_NOTE = re.compile(r"(?:[ \t]*[（(][^()（）|｜\t\n]{1,20}[)）])?")
# |:--|:--|: a markdown rule's cells need only one dash each (GFM); a rule with no bar counts only under a table row
_TABLE_RULE = re.compile(r"^[ \t]*[|｜]?[ \t]*:?-+:?[ \t]*(?:[|｜][ \t]*:?-+:?[ \t]*)*[|｜]?[ \t]*$")


def _sub_under_title(text: str, label_start: int, label_end: int, rules: CopyRules) -> bool:
    """标题 Tea Tasting Flight ⏎ 副 三款单丛…: 副 heading the line under a headline's labelled line, a blank after it,
    is the subtitle's label (副 inside a sentence is a word of it)."""
    if not _first_column(text, label_start) or text[label_end:label_end + 1] not in (" ", "\t"):
        return False
    above_end = text.rfind("\n", 0, label_start)
    if above_end < 0:
        return False
    above_start = text.rfind("\n", 0, above_end) + 1
    above = rules.label_candidates.match(text[above_start:above_end].lstrip(" \t-•*·"))
    return bool(above) and rules.field_of.get(_label_key(above.group("label"))) == "title"


def _first_column(text: str, label_start: int) -> bool:
    """Is the label the first cell of its line (nothing before it but a table's opening bar)?"""
    line_start = text.rfind("\n", 0, label_start) + 1
    return bool(re.fullmatch(r"[ \t]*(?:[|｜][ \t]*)?", text[line_start:label_start]))


# | 免责 | 板刃损坏需照价维修 |: a table's first cell holding the label alone names the row's field, as a colon would
_LABEL_CELL_ENDS = re.compile(r"[ \t]*[|｜\t]")
_SPACED_BAR = re.compile(r"[ \t]+[|｜][ \t]+(?=\S)")  # 底部 | 活动时间：…: a label heading its line, a bar for its colon


# | 备注（印在底部） | 每日限200人… |: the label's own bracketed note says its line is printed
_PRINTED_NOTE = re.compile(r"[ \t]*[（(][^()（）|｜\n]{0,8}(?:印|(?i:print))[^()（）|｜\n]{0,12}[)）]")


# 备注：首节体验课免费（这句放在按钮下面做小字）: a note whose line ends on a bracket placing it on the poster as the
# small line (under the button, at the bottom, as 小字) is printed
_NOTE_PLACED_SMALL = re.compile(r"[（(][^()（）|｜\n]{0,10}(?:做小字|做成小字|作小字|当小字|當小字|小字|(?i:small print|fine print|small text)|"
                                r"(?:放|印|写|寫)在?[^()（）|｜\n]{0,6}(?:下面|下方|底部|底下|下边|最下)|(?i:under the button|at the bottom))"
                                r"[^()（）|｜\n]{0,8}[)）][ \t。.]*$")


# 备注：logo放左上，有效期那行不要太大: a note that speaks of the layout is the designer's, whatever terms it mentions
_NOTE_ON_LAYOUT = re.compile(r"(?i:logo|banner|poster|font)|配色|主色|颜色|顏色|字体|字體|字号|字號|背景|配图|配圖|图片|圖片|照片|尺寸|"
                             r"那行|这行|這行|那句|这句|這句|放在?(?:左|右|上|下|顶|頂|底|中)|不要太|别太|別太|[大小]一点|[大小]一點|醒目|设计|設計")


# 备注（请勿上屏）——…: the label's own bracketed note keeps its line off the poster
_NOT_PRINTED_NOTE = re.compile(r"[ \t]*[（(][^()（）|｜\n]{0,6}(?:勿|不要|不用|别|不|(?i:don't|do not|not))[ \t]*"
                               r"(?:上屏|上图|上圖|印|放|显示|顯示|(?i:print|show|display|include))[^()（）|｜\n]{0,8}[)）]")


def _printed_later(text: str, label: str, after: int) -> bool:
    """备注：限新会员… ⏎ （备注那行是要印在海报上的哈）: the brief says later that the label's line goes on the poster."""
    return _printed_line(label).search(text, after) is not None


@lru_cache(maxsize=64)
def _printed_line(label: str) -> re.Pattern[str]:
    # (Note: … ⏎ (Note 那行也要印在banner底部哈): a Latin label and 那行 may have a blank between)
    return re.compile(re.escape(label) + r"[ \t]*(?:那行|这行|這行|那句|这句|這句|那一行|这一行|那段|这段|這段|那一段|这一段)"
                      r"(?:也|是|都)?(?:要|需要|得)?"
                      r"(?:印|放|写|寫)(?:在|到)?(?:海报|海報|图|圖|poster)?(?:上|上面|上去)?", re.IGNORECASE)


def _table_row(text: str, position: int) -> bool:
    """Is the line holding `position` a table row (| a | b |, or cells pasted from a sheet: a⇥b⇥c, with no
    label's colon: 标题：…⇥副标题：… is labelled copy with tabs between)?"""
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:_line_end(text, position)].strip()
    return len(line) > 2 and line[0] in "|｜" and line[-1] in "|｜" \
        or line.count("\t") >= 2 and not re.search(r"[：﹕]|:(?!\d)", line)


def _table_header_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the lines right above a markdown table rule (| --- | --- |): header rows. A rule with no bar under a
    line with none (按钮：抢先预售⏎---⏎更正：…) is a horizontal rule between parts of a message, no table's."""
    rows = []
    lines = text.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for k in range(1, len(lines)):
        # (大标题 | … ⏎ 小字 | … ⏎ ---: a rule under the last of several rows closes the table; a header is its first row)
        if _TABLE_RULE.match(lines[k]) and "-" in lines[k] and re.search(r"[|｜]", lines[k] + lines[k - 1]) \
                and not (k >= 2 and re.search(r"[|｜]", lines[k - 2]) and not _TABLE_RULE.match(lines[k - 2])):
            rows.append((starts[k - 1], starts[k - 1] + len(lines[k - 1])))
    for k in range(len(lines) - 1):
        if _column_names_row(lines[k]) and re.search(r"[|｜\t]", lines[k + 1]):
            rows.append((starts[k], starts[k] + len(lines[k])))  # Field | Copy ⏎ Title | …: a header, no rule under it
    return rows


def _column_names_row(line: str) -> bool:
    """Field | Copy / 位置 | 文案 | 备注: a table row that only names its columns."""
    cells = [cell.strip().lower() for cell in re.split(r"[|｜\t]", line.strip().strip("|｜"))]
    return len(cells) >= 2 and all(cell in _COLUMN_NAMES for cell in cells)


# The names a table gives its columns (Field | Copy, 位置 | 文案 | 备注): a row of nothing else is the table's header.
_COLUMN_NAMES = {"field", "fields", "element", "item", "slot", "part", "layer", "position", "placement", "type",
                 "copy", "text", "wording", "content", "words", "value", "notes", "note", "comments", "remarks",
                 "字段", "位置", "元素", "项目", "項目", "类型", "類型", "文案", "内容", "內容", "文字", "备注", "備註", "说明", "說明"}


def _past_quote(text: str, start: int) -> int:
    """Right after the closing quote of a value that opens with a quote at `start`; `start` otherwise."""
    close = _quote_end(text, start) if text[start:start + 1] in QUOTE_PAIRS else None
    return start if close is None else close + 1


def _value_floor(text: str, end: int, labels: list[_Label], rules: CopyRules) -> int:
    """Where the labels before `end` leave off: a value before its label starts no earlier."""
    # (按钮 "立即领取" 有效期7天写在下面小字: a label's quoted value ends at its closing quote; copy: "A" as the header
    # heads quotes that bring labels of their own)
    return max([0] + [label.span_end or (label.value_start if label.text in rules.block_labels
                                         else _past_quote(text, label.value_start))
                      for label in labels if label.start < end])


# BLUE LIGHT LENSES — NOW $49 UPGRADE. thats the headline. / 全场五折起。这是标题。: a sentence of its own pointing back at
# the sentence before it names that sentence's field.
_POINTER_SENTENCE = re.compile(r"(?:^|(?<=[.!?。！？]))[ \t]*(?:(?i:that['’]?s|that\s+is|this\s+is|that['’]ll\s+be"
                               r"|that\s+will\s+be)[ \t]+(?i:the|our|my)[ \t]+|这是|這是|这句是|這句是|这就是|這就是|这句就是|這句就是)$",
                               re.MULTILINE)
_SENTENCE_BOUNDARY = re.compile(r"[.!?](?=\s)|[。！？\n]")


def _sentence_before(text: str, end: int, labels: list[_Label], rules: CopyRules) -> tuple[int, int] | None:
    """The span of the sentence that closes right before `end` (a pointer sentence), whole: its dashes and commas are the
    copy's own; or the words of a quote filling the line before. None when no stop closes it or it is no copy."""
    stop = len(text[:end].rstrip())
    floor = _value_floor(text, end, labels, rules)
    opened = _opening_quote(text, stop - 1) if stop > floor and text[stop - 1] in "”\"」』" else None
    if opened is not None and opened >= floor and text[opened] in QUOTE_PAIRS \
            and _closing_quote(text, opened, stop) == stop - 1 and not text[text.rfind("\n", 0, opened) + 1:opened].strip():
        inner = text[opened + 1:stop - 1]  # "Missed a day? …" ⏎ that's the headline.: the quoted line, marks off
        begin = opened + 1 + len(inner) - len(inner.lstrip())
        return (begin, begin + len(inner.strip())) if inner.strip() else None
    if stop <= floor or text[stop - 1] not in ".!?。！？":
        return None
    boundaries = [found.end() for found in _SENTENCE_BOUNDARY.finditer(text, floor, stop - 1)]
    start = boundaries[-1] if boundaries else floor
    value = _clean(text[start:stop])
    if not value or len(value) > _SPACE_LABEL_VALUE_CHARS or rules.has_signal(value, first=True) \
            or rules.only_design_words(value):
        return None
    begin = text.find(value, start, stop)
    return begin, begin + len(value)


def _value_before(text: str, end: int, labels: list[_Label], rules: CopyRules,
                  whole_line: bool = False) -> tuple[int, int] | None:
    """The copy right before a label that follows it (秋季新品上市（主标题）, 「会员专享日」作为主标题):
    back to the previous separator or label; a quote's content when it is quoted. None when that
    text is no copy (empty, an instruction, a design remark)."""
    floor = _value_floor(text, end, labels, rules)
    window = text[floor:end]
    # 功能仅限 Business 套餐（这句要放小字） / 仅限当天 (this line放最下面做小字): the label closes brackets opened after the
    # copy, behind words pointing back at it; the copy ends at the bracket
    bracket = max(window.rfind("（"), window.rfind("("))
    if 0 < bracket and len(window) - bracket <= _POINTER_CHARS and not re.search(r"[)）\n]", window[bracket:]):
        end, window = floor + bracket, window[:bracket]
    # 夏日冰爽季！（主标题）: the value's own closing ！ or ? is no separator
    core = len(re.sub(r"[!！?？\s]+$", "", window))
    separators = [m.end() for m in (re.finditer(r"\n", window[:core]) if whole_line else
                                    _VALUE_BEFORE_START.finditer(window, 0, core))]
    start = floor + (separators[-1] if separators else 0)
    raw = text[start:end]
    inside, after = _LEFT_ARROW.search(raw), _LEFT_ARROW.match(text, end)
    pointed_from = start + inside.end() if inside else after.end() if after else None
    if pointed_from is not None and _WHOLE_LINE_POINTER.match(text, pointed_from):
        # (· 安装包约2.3GB，建议WiFi环境下载 ← 这句放按钮下面当小字: "this sentence" is the line's, commas and all)
        line_start = _LINE_BULLET.match(text, text.rfind("\n", 0, start) + 1).end()
        if line_start < start:
            raw, start = text[line_start:end], line_start
    if arrow := _LEFT_ARROW.search(raw):  # 扫码投递 ← 这个放二维码旁边当按钮: the remark points back at the value
        raw = raw[:arrow.start()]
    start += len(raw) - len(raw.lstrip())
    raw = raw.strip()
    if lead := _LEADING_VERB.match(raw):
        start, raw = start + lead.end(), raw[lead.end():]
    if _CONVEYED.match(raw):
        return None  # 主要想传达软硬可调这个卖点: what the poster should get across, in the brief's own words
    if (pointer := _QUOTE_BY_ORDER.fullmatch(raw)) and (quote := _quote_in_order(text, start, pointer)):
        return quote  # 写「…」和「…」，前面那句放大做标题: which quote it is (第一行 may point at lines instead)
    if dash := _DASH_AFTER_QUOTE.search(raw):
        raw = raw[:dash.start() + 1]  # “…”——这句做大标题: the dash leads from the quote to what it is
    if raw and raw[-1] in "".join(QUOTE_PAIRS.values()):
        # …can we do 'Dad's Day Out' as the headline: the quote that closes right before the label
        # ("Data Privacy in 2025: What Changes" (headline): a colon inside the quote is its own)
        last = start + len(raw) - 1
        line_floor = max(floor, text.rfind("\n", 0, last) + 1)
        opener = next((j for j in range(line_floor, last) if text[j] in QUOTE_PAIRS
                       and (text[j] not in "'‘" or j == 0 or not text[j - 1].isalnum())
                       and _closing_quote(text, j, last + 1) == last), None)
        if opener is None:
            return None
        close, start = last, opener
        inner = text[start + 1:close]
        begin = start + 1 + len(inner) - len(inner.lstrip())
        return (begin, begin + len(inner.strip())) if inner.strip() else None
    value = _clean(raw)
    # 用红色做标题: what the verb brings is a design choice (用心服务作为标题 stays whole, it is copy)
    bare = re.sub(r"^(?:就用|用|把|拿|将|请用)\s*", "", value)
    if not value or len(value) > _SPACE_LABEL_VALUE_CHARS or rules.has_signal(value, first=True) \
            or rules.only_design_words(bare) or (bare != value and rules.has_signal(bare)) \
            or re.search(r"(?:不要|不用|不需要|不|别|无需|no|not|don't)\s*$", value, re.IGNORECASE):
        return None
    begin = text.find(value, start, start + len(raw))
    return begin, begin + len(value)


_POINTER_CHARS = 20


# 写「A」和「B」，前面那句放大做标题，后面那句做副标题 / 第二句当按钮: a quote said before, picked by its place in order
# (前面 / 后面 pick between two quotes only; 第N句 counts from the first).
# (上一句 / 前一句 point at the sentence just before, and 第二行 may count lines: neither picks a quote)
_QUOTE_BY_ORDER = re.compile(r"(?:第(?P<nth>[一二三四1-4])|(?P<first>前面|前边|前邊)|(?P<last>后面|後面|后边|後邊))"
                             r"(?:那|这|這|的)?(?:句|个|個|条|條)(?:话|話|文案)?[^，,。；;、\n" + "".join(QUOTE_PAIRS) + r"]{0,6}")
_ORDINALS = {"一": 0, "二": 1, "三": 2, "四": 3, "1": 0, "2": 1, "3": 2, "4": 3}


def _quote_in_order(text: str, end: int, pointer: re.Match[str]) -> tuple[int, int] | None:
    quotes, j = [], 0
    while j < end:
        close = _closing_quote(text, j, end) if text[j] in QUOTE_PAIRS and (
            text[j] not in "'‘" or j == 0 or not text[j - 1].isalnum()) else None
        if close is None:
            j += 1
            continue
        if text[j + 1:close].strip():
            quotes.append((j + 1, close))
        j = close + 1
    if len(quotes) < 2 or (not pointer.group("nth") and len(quotes) != 2):
        return None
    index = _ORDINALS[pointer.group("nth")] if pointer.group("nth") else 0 if pointer.group("first") else 1
    return quotes[index] if index < len(quotes) else None


_DASH_AFTER_QUOTE = re.compile(r"[" + "".join(QUOTE_PAIRS.values()) + r"][ \t]*(?:——|—|--|–)$")


_LINE_CLOSED_BY_LABEL = re.compile(r"\S[ \t]*[(（][^()（）\n]{1,8}[)）][ \t]*$", re.MULTILINE)
_LABELLED_LINES_MIN = 3
# 加工费：10元/斤 （这行放最下面小字）: an aside that places "this line" gives the line whole, its own key kept (备注：… is
# a label's)
_THIS_LINE_ASIDE = re.compile(r"[(（][ \t]*(?:这行|这一行|這行|這一行|此行|这句|這句|整行|(?i:this\s+line))[^()（）\n]*$")


_STAND_IN_BEFORE = re.compile(r"(?:\b(?i:placeholder|dummy|filler|lorem ipsum)\s+|占位)$")


_SPACE_THEN_CJK = re.compile(r"[ \t]+(?=[" + _CJK + r"])")
# 小字写请家长穿运动鞋 / 请各位旅客提前到达: fine print may ask its reader, named, to do something.
_READER_NAMED = re.compile(r"^(?:请|請|敬请|敬請|烦请|煩請)(?:各位|每位|广大|廣大)?(?:家长|家長|您|顾客|顧客|大家|用户|用戶|会员|會員|旅客|乘客|"
                           r"游客|遊客|观众|觀眾|来宾|來賓|学员|學員|患者|车主|車主|市民|业主|業主|读者|讀者|参赛者|參賽者|选手|選手)")


# Title  It's been 6 months! ⏎ Button  Book My Visit: a plain-text table's rows, each an English label at a line's start
# padded by two spaces or a tab from its copy (two rows at least: one padded line is a typo).
_PADDED_ROW = re.compile(r"^[ \t>*•-]*(?P<label>[A-Za-z][A-Za-z ]{1,18}?)(?:\t|[ \t]{2,})(?=\S)", re.MULTILINE)
_PADDED_ROWS_MIN = 2


def _padded_rows(text: str, rules: CopyRules) -> set[int]:
    """Where the copy starts on each padded table row (see _PADDED_ROW), when there are enough of them."""
    starts = {row.end() for row in _PADDED_ROW.finditer(text) if rules.label_candidates.fullmatch(row.group("label"))}
    return starts if len(starts) >= _PADDED_ROWS_MIN else set()


_LATIN_LABEL_HEADS = re.compile(r"(?:^|[\n:：,，;；.。])[ \t]*(?:(?i:the|and|a)[ \t]+)?$")
# (IG post — headline TRYOUTS ARE OPEN, subhead …: a spaced dash after the job's name opens the list at its headline)
_HEADLINE_AFTER_DASH = re.compile(r"[ \t][—–][ \t]*$")
# title Hop Into Spring, sub 20% off, CTA Shop Easter: English labels with no colon, each heading a segment of a
# comma or semicolon list; a blank, then copy as it is written (a capital, a figure, a price, a quote or hanzi: the
# Title sponsor / the subtitle of the film go on in lower case, words about the thing the label word names).
_SPACE_THEN_COPY = re.compile(r"[ \t]+(?=[A-Z0-9$€£¥￥#" + "".join(QUOTE_PAIRS) + _CJK + r"])")
_LIST_SEGMENT_END = re.compile(r"[,，;；\n]|\.(?=\s|$)")
_SEGMENT_SEPARATOR_BEFORE = re.compile(r"[,，;；][ \t]*$")
_SEGMENT_LEAD = re.compile(r"[ \t]*(?:(?i:and)[ \t]+)?")


def _placed_under(text: str, labels: list[_Label], rules: CopyRules) -> None:
    """"Double Points Weekend" as the big headline ⏎ "Earn 2x points" under it: a quoted line that says only that
    it goes under the line before, with a title given above it, is the subtitle."""
    if any(label.name == "subtitle" for label in labels):
        return
    for under in rules.under_previous.finditer(text):
        close = under.start()
        opened = _opening_quote(text, close)
        line_start = text.rfind("\n", 0, close) + 1
        if text[opened:opened + 1] not in QUOTE_PAIRS or text[line_start:opened].strip(" \t>*•-") \
                or not any(label.name == "title" and label.start < opened for label in labels) \
                or any(label.start <= opened < max(label.value_start, label.value_end or 0) for label in labels):
            continue
        labels.append(_Label(opened, opened + 1, "subtitle", True, text=_label_key(under.group("where")),
                             value_end=close, span_end=under.end()))
        return


def _copy_after_bare_label(text: str, at: int, rules: CopyRules) -> int | None:
    """Where the copy starts after an English copy label at `at` and a blank (no colon, no brackets; a label that
    counts only before its colon does not count here), or None."""
    match = rules.label_candidates.match(text, at)
    if not match or match.group("open") or match.group("close") or not match.group("label").isascii():
        return None
    key = _label_key(match.group("label"))
    gap = _SPACE_THEN_COPY.match(text, match.end())
    if key not in rules.field_of or key in rules.colon_labels or not gap:
        return None
    return gap.end()


def _plain_copy(value: str, rules: CopyRules) -> bool:
    """Are these words copy: not empty, no remark on the design, no stand-in for words to come?"""
    return bool(value) and not rules.has_signal(value, first=True) and not rules.is_placeholder(value)


def _label_led_segment(text: str, start: int, rules: CopyRules) -> tuple[int, int] | None:
    """Where the value of a list segment led by an English copy label and a blank (sub 20% off all pastel
    collections) starts and ends: the segment's end, the next comma or semicolon."""
    copy_start = _copy_after_bare_label(text, _SEGMENT_LEAD.match(text, start).end(), rules)
    if copy_start is None:
        return None
    stop = _LIST_SEGMENT_END.search(text, copy_start)
    end = stop.start() if stop else len(text)
    return (copy_start, end) if _plain_copy(text[copy_start:end].strip(), rules) else None


_SAID_CONNECTOR = re.compile(r"[ \t]+(?i:is|says|reads|should\s+(?:say|read|be))[ \t]+\S")


def _label_said_segment(text: str, start: int, rules: CopyRules) -> bool:
    """headline Free Photo of the Week, sub is Download…: a list segment that opens with an English copy label and a
    verb saying its words (a voice note's list mixes the two)."""
    match = rules.label_candidates.match(text, _SEGMENT_LEAD.match(text, start).end())
    return bool(match and not match.group("open") and match.group("label").isascii()
                and _label_key(match.group("label")) in rules.field_of and _SAID_CONNECTOR.match(text, match.end()))


def _labelled_list_value(text: str, label_start: int, rules: CopyRules) -> tuple[int, int] | None:
    """title Welcome to FitDay!, subtitle Your first week is on us, CTA Start training: a label heading one of two or
    more list segments side by side that each start with a label, a blank and copy; its value is its segment."""
    own = _label_led_segment(text, label_start, rules)
    if not own:
        return None
    # the segment after this one's comma, or the one before it, up to that comma, is led by a label too
    following = text[own[1]:own[1] + 1] in ",，;；" and (_label_led_segment(text, own[1] + 1, rules)
                                                         or _label_said_segment(text, own[1] + 1, rules))
    before = _SEGMENT_SEPARATOR_BEFORE.search(text, max(0, label_start - 8), label_start)
    head = max(text.rfind(mark, 0, before.start()) for mark in ",，;；:：\n") if before else -1
    previous = _label_led_segment(text, head + 1, rules) if before else None
    return own if following or (previous and previous[1] == before.start()) else None


_LINE_LEAD = re.compile(r"[ \t>*•-]*")


def _label_led_line(text: str, line_start: int, rules: CopyRules) -> tuple[int, int] | None:
    """Where the value of a line led by an English copy label and a blank (SUBHEAD Beat our lap record) starts and
    ends: the rest of the line."""
    copy_start = _copy_after_bare_label(text, _LINE_LEAD.match(text, line_start).end(), rules)
    if copy_start is None:
        return None
    value = text[copy_start:_line_end(text, copy_start)].rstrip()
    return (copy_start, copy_start + len(value)) if _plain_copy(value, rules) else None


def _labelled_lines_value(text: str, label_start: int, rules: CopyRules) -> tuple[int, int] | None:
    """HEADLINE Think You're Fast? ⏎ SUBHEAD Beat our lap record …: a label heading its line, a blank and copy, next to
    another line that a label heads the same way; its value is the rest of its line."""
    line_start = text.rfind("\n", 0, label_start) + 1
    if _LINE_LEAD.match(text, line_start).end() != label_start or not (own := _label_led_line(text, line_start, rules)):
        return None
    line_end = _line_end(text, label_start)
    following = line_end < len(text) and _label_led_line(text, line_end + 1, rules)
    previous = line_start > 0 and _label_led_line(text, text.rfind("\n", 0, line_start - 1) + 1, rules)
    return own if following or previous else None


_UNCHANGED_ONLY = re.compile(r"(?:保持|维持|維持|也|都|就)?(?:不变|不變|不动|不動|照旧|照舊|不用改|不改|保留)(?:了|吧|哈|啊)?[。.!！]?")


def _plain_cjk_value(clause: str, rules: CopyRules) -> bool:
    """After an English label and a blank, Chinese words that are copy: no remark, design word, verb that places or
    sets a thing (button 放右下角, headline 用黑体), pointer or quote (sub copy 用这个 → "…" points at the copy after it)."""
    clause = clause.strip()
    # (button 不变 / sub 保持不变: the field stays as it was, no words of it)
    return not (_UNCHANGED_ONLY.fullmatch(clause) or rules.has_signal(clause, first=True)
                or rules.is_instruction(clause) or rules.only_design_words(clause)
                or _GLUED_LEAD.match(clause) or _PLACING.search(clause) or _DESIGN_REMARK.search(clause)
                or _TRAILING_REMARK.search(clause) or re.search("[" + "".join(QUOTE_PAIRS) + "]|" + _ARROW, clause))


_BLANK = " \t\u3000"


def _short_label_in_bare_run(text: str, label_start: int, label_end: int, key: str, labels: list[_Label],
                             rules: CopyRules) -> bool:
    """标题 燃脂季 副 年卡立减500 按钮 立即咨询: a brief that sets each label off from its copy by blanks alone may
    shorten 副标题 to 副 (主标题 to 主) as well; between blanks, on the line of a label written the same way (no colon),
    the one character is that label."""
    if len(key) != 1 or key not in rules.layout_labels or not labels or labels[-1].strong \
            or labels[-1].value_end is not None or "\n" in text[labels[-1].start:label_start]:
        return False
    return text[label_start - 1:label_start] in tuple(_BLANK) and text[label_end:label_end + 1] in tuple(_BLANK) \
        and text[labels[-1].value_start - 1:labels[-1].value_start] in tuple(_BLANK)


# Tom (Legal): …: a name opening the line, then the sender's role in brackets before the message's colon.
_SENDER_BEFORE_ROLE = re.compile(r"[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2}[ \t]*")


_QUOTE_OPEN_CLOSE = (('"', '"'), ("“", "”"), ("「", "」"), ("『", "』"))
_OPENER_OF = {close: open_ for open_, close in _QUOTE_OPEN_CLOSE}
_CLOSING_QUOTE = re.compile(r"[ \t]*([" + "".join(_OPENER_OF) + "])")
_QUOTED_LINE_MAX = 80


def _inside_quote(text: str, label_start: int, label_end: int, rules: CopyRules) -> bool:
    """"Retire on your terms" – headline: is the label a word in the middle of a short quote on its line (not its
    first word, no colon after it), the line's one quote, holding no other quote, colon or label (a message quoted whole
    names fields)?"""
    line_start, line_end = text.rfind("\n", 0, label_start) + 1, _line_end(text, label_end)
    before, after = text[line_start:label_start], text[label_end:line_end]
    if re.match(r"[ \t]*(?:[：:﹕]|$)", after) or re.search(r"[\"“「『][ \t*]*$", before):
        return False
    # (Use "See your offer" instead.: the label's word closes a quote opened before it on its line, whatever else the line
    # quotes)
    if (closing := _CLOSING_QUOTE.match(after)) and _open_before(before, closing.group(1)):
        return True
    for open_, close in _QUOTE_OPEN_CLOSE:
        opened = before.rfind(open_)
        closed = after.find(close)
        if opened < 0 or closed < 0 or (open_ == '"' and before.count('"') % 2 == 0) \
                or (open_ != close and close in before[opened:]):
            continue
        inner = before[opened + 1:] + text[label_start:label_end] + after[:closed]
        line = before + text[label_start:label_end] + after
        return (len(inner) <= _QUOTED_LINE_MAX and line.count(open_) + (line.count(close) if open_ != close else 0) == 2
                and not re.search(r"[‘’「」『』“”\"：:]|(?:^|\s)'|'(?:\s|$)", inner)
                and len(rules.label_candidates.findall(inner)) == 1)
    return False


def _open_before(before: str, close: str) -> bool:
    """Is a quote that `close` ends left open in `before` (and not right before the label, which would make the label
    the quote's first word)?"""
    if close == '"':
        return before.count('"') % 2 == 1 and not before.rstrip().endswith('"')
    opened = before.rfind(_OPENER_OF[close])
    return opened >= 0 and before.rfind(close) < opened and bool(before[opened + 1:].strip())


# ## 标题 / **Headline** / HEADLINE / 【按钮】: a line that is a field's label and nothing else, its marks around it.
# The spaces before the label are taken whole (possessive): a line blanked to spaces up to its label would otherwise
# be split every way between them and the label, seconds per line.
_HEADING_LABEL_LINE = re.compile(r"^[ \t]*+(?:#{1,4}[ \t]*+|[-*•>][ \t]*+)?(?:\*\*|__|【|\[)?[ \t]*+(?P<label>[^\n*_【】\[\]：:﹕]{1,24}?)"
                                 r"[ \t]*(?:\*\*|__|】|\])?[ \t]*$", re.MULTILINE)
_HEADING_LABELS_MIN = 2
_BLANK_OR_HEADING_LINE = re.compile(r"[ \t]*(?:#|$)")


def _heading_label_lines(text: str, rules: CopyRules) -> list[_Label]:
    """Title ⏎ Open Enrollment ends Dec 15 ⏎⏎ Subtitle ⏎ … / ## 标题 ⏎ 给妈妈一份健康礼 ⏎ ## 副标题 ⏎ …: each field's label
    alone on its line, with no colon, and its copy on the line below; a brief written so names two fields or more this way.
    A headline, subtitle or button is its one line; fine print runs on to a blank line, a heading or the next label."""
    found = []
    for line in _HEADING_LABEL_LINE.finditer(text):
        label = line.group("label")
        key = _label_key(label)
        # (## 文案 / ## 备注 head a section of the brief: the copy's lines or the notes to the designer, no one field)
        field = rules.field_named(key) if rules.label_candidates.fullmatch(label) \
            and key not in rules.block_labels and key not in rules.footnote_labels else None
        value_start = line.end() + 1
        if field and value_start < len(text) and not _BLANK_OR_HEADING_LINE.match(text, value_start):
            found.append((line, key, field, value_start))
    if len(found) < _HEADING_LABELS_MIN:
        return []
    heads = {line.start() for line, _, _, _ in found}
    labels = []
    for line, key, field, value_start in found:
        if value_start in heads:
            continue  # a label line under a label line: the first names no copy of its own
        value_end = _line_end(text, value_start)
        while field == "body" and value_end + 1 < len(text) and value_end + 1 not in heads \
                and not _BLANK_OR_HEADING_LINE.match(text, value_end + 1) \
                and not rules.has_signal(text[value_end + 1:_line_end(text, value_end + 1)], first=True):
            value_end = _line_end(text, value_end + 1)
        labels.append(_Label(line.start("label"), value_start, field, True, value_end, key,
                             secondary=key in rules.secondary_labels))
    return labels


# 然后底部写 报名请加微信… / 最下面写上：…: a place at the bottom, then the verb that writes words there, heads the fine
# print as its colon would; only at a clause's start (字放底部写清楚 is an instruction).
_PLACE_WRITTEN = re.compile(r"(?:写上|寫上|写|寫)[ \t]*[：:﹕]?[ \t]*$")
_CLAUSE_START_BEFORE = re.compile(r"(?:^|[\n，,。；;！! \t]|然后|然後|再|另外|最后|最後|哦对|哦對|还有|還有)[ \t]*(?:在)?[ \t]*$")


def _placed_and_written(text: str, label_start: int, label_end: int, rules: CopyRules) -> bool:
    """Does a place label (底部 / 最底下) with 写 after it start its clause, the words written there following?"""
    after = rules.connector.match(text, label_end)
    return bool(after and _PLACE_WRITTEN.search(after.group(0))) and \
        bool(_CLAUSE_START_BEFORE.search(text, max(0, label_start - 6), label_start))


def find_labels(text: str, rules: CopyRules) -> list[_Label]:
    labels: list[_Label] = _heading_label_lines(text, rules)
    heading_lines = [(text.rfind("\n", 0, label.start) + 1, label.value_start) for label in labels]
    header_rows = _table_header_rows(text) + heading_lines
    padded_rows = _padded_rows(text, rules)
    introduced_to = 0  # where the last label's value starts: 标题内容：… is one label, 内容 its connector
    for match in rules.label_candidates.finditer(text):
        if match.start("label") < introduced_to:
            continue
        fixed_end = None
        opened, closed = match.group("open"), match.group("close")
        label_start, label_end = match.start(), match.end()
        if any(start <= label_start < end for start, end in header_rows):
            continue  # | 字段 | 文案 |: a table's header row names columns, it holds no copy
        bold_colon = bool(closed and closed.strip().endswith("*") and closed.strip() not in ("*", "**"))
        if bold_colon and opened in ("*", "**"):
            closed = opened
        elif bold_colon:  # 标题：**预售开启**: the bold is the value's, not the label's
            closed, bold_colon, label_end = None, False, match.end("label")
        pair = (opened or "") + (closed or "")
        # A parenthesis or quote counts only as a pair around the label: （按钮：去签到） is a
        # remark in brackets, "Title: Summer" a quote that starts with a label.
        if opened in _SOFT_OPENERS and pair not in _SOFT_PAIRS:
            opened, label_start = None, match.start("label")
        if closed in _SOFT_CLOSERS and pair not in _SOFT_PAIRS:
            # 更新内容（放弹窗正文）：…: a label closing a bracketed aside takes the value after the colon that follows
            aside_colon = closed in "）)" and re.match(r"[ \t]*(?:[：﹕]|:(?!\d))", text[match.end():match.end() + 3])
            closed, label_end = None, match.end() if aside_colon else match.end("label")
        pair = (opened or "") + (closed or "")
        bracketed = pair in ("【】", "[]", "［］", "****", "**", "（）", "()", "「」", "『』")
        if opened and not closed:
            continue  # 【标题 … without its bracket: not a label
        if pair in ("()", "（）") and (sender := _SENDER_BEFORE_ROLE.fullmatch(
                text, text.rfind("\n", 0, label_start) + 1, label_start)) \
                and not rules.label_candidates.search(sender.group()) and re.match(r"[ \t]*[:：﹕]", text[label_end:label_end + 3]):
            continue  # Tom (Legal): need disclosure: …: a chat message's sender and role, no label (Note (small print): is one)
        if not opened and _IDIOM_AROUND_LABEL.match(text, max(0, label_start - 1)):
            continue  # 具体以活动细则为准: "as the rules say" inside the fine print, the rules' name no label
        if not opened and _inside_quote(text, label_start, label_end, rules):
            continue  # "Retire on your terms" – headline: a word of the quoted copy, no label
        if _table_row(text, label_start) and not _first_column(text, label_start):
            continue  # | 位置 | 文案 | 备注 |: in a table only the first cell names a field
        key = _label_key(match.group("label"))
        if _more_for_field_named(text, key, label_start):
            continue  # 副标题再加一句，改成“…”: more words for the field just named, no line of its own
        if _STAND_IN_BEFORE.search(text, max(0, label_start - 16), label_start):
            continue  # placeholder text — lights, diyas / 占位文案：…: words that stand in for copy to come
        if key in rules.standalone_labels and not _after_separator(text, label_start, rules) \
                and not _placed_and_written(text, label_start, label_end, rules):
            continue  # 主图内容：一只猫 / 背景描述：… describe the picture; 内容：… alone is the body
        if key in rules.standalone_labels and key.isascii() and \
                not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start) and \
                not _CORNER_BEFORE.search(text, max(0, label_start - 24), label_start) and \
                not (pair in ("()", "（）") and _AFTER_VALUE_END.match(text, label_end)) and \
                not (text[label_start].isupper() and _SENTENCE_BEFORE.search(text, max(0, label_start - 4), label_start)
                     and text[label_end:label_end + 1] in (":", "：")):
            continue  # BIG: / bottom: head their line (make the logo big: …, at the bottom: … are sentences; "…" (big) ends it)
        field = rules.label_field(key)
        if key in rules.second_after_primary and (rules.primary_button.search(text, 0, label_start)
                                                  or (labels and labels[-1].name == "cta")):
            field = SECOND_BUTTON  # Primary CTA — Update Now ⏎ Secondary — Later, or CTA: … ⏎ Secondary: …
        # Winter Sale (headline), / 秋季新品上市（主标题）， / 「会员专享日」作为主标题: the label follows its value.
        if (pair in ("（）", "()") or not opened) and _AFTER_VALUE_END.match(text, label_end):
            # ('Up to 40% off' is the big line: a position on the poster names the field after its own verbs)
            after_verb = rules.label_after_verb if key in rules.field_of else rules.position_after_verb
            pointer = None if opened else _POINTER_SENTENCE.search(text, max(0, label_start - 16), label_start)
            verb = None if opened or pointer else after_verb.search(text, max(0, label_start - 12), label_start)
            if pointer:
                trailing = _sentence_before(text, pointer.start(), labels, rules)
                if trailing is not None and key in rules.field_of:
                    labels.append(_Label(trailing[0], trailing[0], field, True, text=key, value_end=trailing[1],
                                         span_end=label_end))
                continue
            if opened or verb:
                # 夏至赠饮（标题）⏎…⏎赠饮时间：6月21日，送完即止（底部小字）: lines each closed by their label in brackets
                # are copy whole, their own colons and commas kept
                whole_line = bool(opened) and re.match(r"[ \t]*(?:\n|$)", text[match.end():]) is not None \
                    and len(_LINE_CLOSED_BY_LABEL.findall(text)) >= _LABELLED_LINES_MIN \
                    or (bool(_THIS_LINE_ASIDE.search(text, line_head := text.rfind("\n", 0, label_start) + 1, label_start))
                        and not rules.label_candidates.match(text[line_head:label_start].strip()))
                trailing = _value_before(text, verb.start() if verb else label_start, labels, rules, whole_line)
                if trailing is not None and (key in rules.field_of or key in rules.position_field_of):
                    # Ken (legal) may name a person's role: a label in brackets yields to the field's own Legal: …
                    # (Use "…" as the headline instead: the earlier headline is replaced)
                    labels.append(_Label(trailing[0], trailing[0], field, True, text=key, value_end=trailing[1],
                                         span_end=label_end, secondary=bool(opened),
                                         correction=bool(_INSTEAD_AFTER.match(text, label_end))))
                continue
        after = rules.connector.match(text, label_end)
        if after.group("colon") and after.group("colon")[0] in "-–—" and "\n" in text[label_end:after.start("colon")]:
            continue  # button: Claim Offer ⏎ - fine print: …: a dash that opens the next line is its bullet, no colon
        if _first_column(text, label_start) and _DASH_CELL.match(text, label_end):
            continue  # Disclaimer⇥—⇥none needed: the dash fills the copy's cell, no colon; the next cell is a note
        value_start = after.end()
        if after.group("strong") and (placed := _PLACE_THEN_COLON.match(text, value_start)):
            value_start = placed.end()  # 活动规则写在底部：…: where the words go, then their colon
        elif after.group("strong") and (filler := _LIKE_BEFORE_COPY.match(text, value_start)):
            value_start = filler.end()  # the headline is like Don't Stop Swinging: the speaker's "like"
        if after.group("colon") in ("/", "／") and (
                not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start)
                or rules.label_candidates.match(text, value_start)):
            continue  # 标题 / 副标题 names two fields; only Title / … heading its line gives the copy
        if pair in ('""', "''") and not after.group("colon"):
            continue  # "title": "…" (JSON) needs its colon
        strong = bool(after.group("colon")) or bracketed or bold_colon
        # 标题要中英双语：… / legal wants this at the bottom: … / small text under it '…': a remark first
        remark_colon = None if strong or after.group("strong") or after.group("weak") else \
            _remark_before_colon(text, label_end, rules, heads_lines=key in rules.block_labels,
                                 place=key not in rules.field_of)
        if key in rules.colon_labels and not after.group("colon") and not remark_colon \
                and not (pair in ("【】", "［］") and key in rules.layout_labels) \
                and not (_first_column(text, label_start) and (_table_row(text, label_start)
                         and _LABEL_CELL_ENDS.match(text, label_end) or _SPACED_BAR.match(text, label_end))) \
                and not _short_label_in_bare_run(text, label_start, label_end, key, labels, rules) \
                and not _placed_and_written(text, label_start, label_end, rules) \
                and not (key == "副" and _sub_under_title(text, label_start, label_end, rules)) \
                and not (key in rules.layout_labels and text[value_start:value_start + 1] in QUOTE_PAIRS
                         and _LINE_BULLET.fullmatch(text, text.rfind("\n", 0, label_start) + 1, label_start)):
            continue  # 主题是说走就走 / 底部小字：活动时间10月31日…: without its colon (or a place in 【】: 【底部】…) it is no label
            # (底部「咨询电话：…」 heading its line: a place, then its quoted words)
        if key in rules.role_labels and len(re.findall(r"^[ \t]*" + re.escape(match.group("label")) + r"[ \t]*[：:﹕]",
                                                       text, re.MULTILINE | re.IGNORECASE)) >= 2:
            continue  # 合规：“全市最专业”违反广告法 ⏎ 合规：可以: a team's messages in a chat, no label
        if key in rules.secondary_labels and not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start):
            continue  # 正文：活动时间：… / 全场8折，活动时间：…: inside a value, the words are its copy
        if (bracketed or text[label_end:label_end + 1] in (" ", "\t")) and not after.group("colon") \
                and _CJK_CHAR.fullmatch((after.group("strong") or "").strip()) \
                and not (match.group("label").isascii() and text[after.end():after.end() + 1] in QUOTE_PAIRS) \
                and not (after.group("strong").strip() in ("写", "寫", "就", "是")
                         and text[after.end("strong"):after.end("strong") + 1] in " \t"):
            # (subtitle 写 从零到一 / button 就 Learn more / subtitle 是 Sleep better: 写, 就 or 是 between blanks is the
            # spoken verb, never the copy's)
            # (sub 写 “…”: after a Latin label, a one-character verb before a quote is the connector)
            # 「按钮」为爸妈预约 / 按钮 为父母预约: the brackets or the blank end the label; a one-character 为/是
            # after them starts the copy (glued, 按钮为…, it is the connector)
            value_start = label_end + len(text[label_end:after.start("strong")])
        if remark_colon:
            value_start, strong = remark_colon, True
        elif after.group("colon") and (added := rules.added_line.match(text, value_start)):
            value_start = added.end()  # 小字：新增一句——“…”: the line is added, its words follow
        # 标题⇥年货节 / | 主标题 | 夏日冰饮节 |: a label in a line's first column, the copy in the next.
        # (| Legal line (bottom) | Enjoy responsibly. |: a bracketed note on where the row goes may follow the label)
        column = _COLUMN_SEPARATOR.match(text, _CELL_NOTE.match(text, label_end).end()) \
            if _first_column(text, label_start) else None
        if column and not after.group("colon"):
            cell_end = _CELL_END.search(text, column.end())
            cell = text[column.end():cell_end.start() if cell_end else len(text)]
            if not cell.strip() or rules.label_candidates.fullmatch(cell.strip()) or _EMPTY_CELL.fullmatch(cell.strip()):
                continue
            # the cell is the value ('Tis the Season: an apostrophe, no quote; a quoted cell keeps its quote rule)
            value_start, strong, fixed_end = column.end(), True, column.end() + len(cell.rstrip())
        if (paused := _SPOKEN_PAUSE.match(text, value_start)) and text[paused.end():paused.end() + 1] in QUOTE_PAIRS:
            value_start = paused.end()  # 标题写……嗯……'停电也不怕': a voice note's pause before the quote it reads out
        if (after.group("strong") or after.group("weak")) and (ahead := _POINTS_AHEAD.match(text, value_start)):
            value_start, strong = ahead.end(), True  # 标题就用这个：夏日冰饮节: the pointer's colon brings the copy
        elif (after.group("strong") or after.group("weak")) and (pointer := _POINTS_BACK.match(text, value_start)):
            # 充100送20，标题就用这个 / 新人专享1元购，标题用这句: the field's words are the clause said just before the label
            # (半马训练营 招募中！⏎标题就用上面这句: pointing up, the clause may be the line above)
            up = "\n" if re.search("上面|上边|上面的", pointer.group()) else ""
            end = len(text[:label_start].rstrip(_BLANK + up + "，,、;；—–-"))
            trailing = _value_before(text, end, labels, rules) if end < label_start else None
            if trailing is not None:
                labels.append(_Label(trailing[0], trailing[0], field, True, text=key, value_end=trailing[1],
                                     span_end=pointer.end()))
                introduced_to = pointer.end()
            continue
        connector = (after.group("strong") or "").strip().lower()
        if key in rules.role_labels and connector in ("says", "say", "said") and not _CLAUSE_HEAD_ROLE.search(
                text, max(0, label_start - 4), label_start):
            continue  # …, legal says we can't promise a time: what the team said, inside a sentence, is no copy
        if key in rules.role_labels and connector in ("is", "are", "was") and match.group("label").isascii():
            continue  # — legal is strict on this: what the team is like, no line of theirs
        correction = (connector or (after.group("weak") or "").strip().lower()) in rules.correction_connectors \
            or bool(after.groupdict().get("change")) or bool(after.groupdict().get("critique")) \
            or (bool(re.fullmatch(_ARROW, (after.group("colon") or "").strip()))  # and sub -> "…": restated in a thread
                and text[after.end():after.end() + 1] in QUOTE_PAIRS) \
            or bool(rules.correction_lead.search(text, max(0, label_start - 24), label_start)) \
            or bool(rules.correction_heads_line.match(text, text.rfind("\n", 0, label_start) + 1)) \
            or bool(labels and labels[-1].correction
                    and (joined := _AND_AFTER_QUOTE.fullmatch(text, labels[-1].value_start, label_start))
                    and (joined.group("also") or _QUOTE_SOON.match(text, label_end)))
        latin_label = match.group("label").isascii()
        # change the button to "…" / update the headline to …: a correction of the field.
        if latin_label and (change := _CHANGE_BEFORE.search(text, 0, label_start)):
            # (replace the button with a QR code: only a quote brings the copy after with / for / , use)
            wanted = change.group("verb").lower().startswith(("want", "would"))  # (only with a quote: wants it bigger)
            if (to := _CHANGE_TO.match(text, label_end)) and (
                    to.group().strip(" \t:：").lower() in ("to", "into") and not wanted
                    or text[to.end():to.end() + 1] in QUOTE_PAIRS):
                value_start, strong, correction = to.end(), True, True
            elif to and re.search(r"(?i)make\s+it", to.group()) and (bare := _made_copy(text, to.end() - 1, rules)):
                value_start, strong, correction = bare, True, True  # scratch the subtitle, make it Suits and dresses…
            elif change.group("verb").lower() == "make" and connector:
                correction = True  # actually make the button say 'Shop Gifts': the connector brings the copy
            elif change.group("verb").lower() == "make" and (bare := _made_copy(text, label_end, rules)):
                # actually make the CTA Learn more: the copy follows the label directly
                value_start, strong, correction = bare, True, True
            if correction:  # …Pre-order now — actually make the CTA …: the earlier value ends before the change
                label_start = change.start("also") if change.group("also") else change.start()
        # Headline changed from "Work smarter" (too cliché) to "Close your books 3x faster": the change said after the
        # label, the old words quoted after "from" (a reason in brackets may follow them), the new after "to"
        if latin_label and (changed := _CHANGED_FROM_TO.match(text, label_end)) \
                and text[changed.end():changed.end() + 1] in QUOTE_PAIRS:
            value_start, strong, correction = changed.end(), True, True
        # (sorry, fix the subtitle — should be "…": the correction's words are the quote after "should be")
        if (should := _SHOULD_BE.match(text, value_start)) and text[should.end():should.end() + 1] in QUOTE_PAIRS:
            value_start = should.end()
        # Headline: either "A" or "B" / 标题要么「A」要么「B」: the first alternative is the copy.
        if (either := _EITHER.match(text, value_start)) and text[either.end():either.end() + 1] in QUOTE_PAIRS:
            value_start = either.end()
        # Headline should be the question 'Still thinking…?' / CTA is the line "Book now": a few lower-case words between
        # the connector and the quote say what kind of line the copy is; the copy is the quote.
        if latin_label and after.group("strong") and (kind := _KIND_OF_LINE.match(text, value_start)):
            value_start = kind.end()
        # (最下面写：地址：…: after the connector's own colon, a kind of line and its colon are the copy's key)
        elif not latin_label and after.group("strong") and not (after.group("colon") or "").strip() and (
                kind := _KIND_OF_LINE_ZH.match(text, value_start) or _FEEL_THEN_NAME.match(text, value_start)):
            value_start = kind.end()  # 下面写一句“…” / 最下面写上时间“…”: the kind of line, then its words quoted
        elif not latin_label and _WRITING.search(after.group("strong") or "") \
                and (kind := _ONE_LINE_ZH.match(text, value_start)):
            value_start = kind.end()  # 小字写一句2月10号晚上7点半直播间见: said, unquoted, the kind of line runs into its words
        if after.group("strong") and (named := _NAMED_VALUE.match(text, value_start)):
            value_start = named.end()  # 主标就用课程名：《…》: what the copy is (its name) comes before a colon
        elif (kept := _KEPT_EARLIER.match(text, label_end)) and kept.end() > value_start:
            value_start = kept.end()  # 副标题还是原来那个“…”不变: the words it had, quoted again and kept
        # (【按钮】查看规则⏎【小字】…: a bracket that opens the next line's label is no quote of this one's words)
        quoted = value_start < len(text) and text[value_start] in QUOTE_PAIRS and not (
            "\n" in text[label_end:value_start] and (following := rules.label_candidates.match(text, value_start))
            and following.group("open"))
        if latin_label and value_start == label_end and re.match(r"['’][A-Za-z]", text[value_start:value_start + 2]):
            continue  # Copy's still with the client / the headline's font: an apostrophe on the word, no quote
        if key not in rules.field_of:
            # 上面写… / 大字：…: a position needs 写, a colon or a quote (上面是月亮 is a picture);
            # copy: / wording: needs a colon or a quote (copy is TBD is no copy).
            # (the big text should say …: an English verb of writing counts like 写)
            writes = bool(_WRITING.search(after.group("strong") or "")) and key in rules.position_field_of
            sized = key in rules.text_size_positions and _space_label(text, label_start, label_end, value_start)
            if not (strong or quoted or writes or sized):
                continue
        # (Copy (push opt-in):⏎…: a remark between a block label and its colon heads the lines too)
        block = (key in rules.block_labels and bool(after.group("colon") or remark_colon)
                 and "\n" in text[label_end:value_start] and text[value_start:value_start + 1] not in QUOTE_PAIRS)
        if not quoted and _UNCHANGED_ONLY.fullmatch(re.split(r"[，,。；;\n]", text[value_start:], maxsplit=1)[0].strip()):
            continue  # button 不变 / 小字：保持不变: the field stays as it was, no words of it here
        dropped_at = (lead.end() if (lead := _EARLIER_LEAD.match(text, value_start)) else value_start)
        if text[dropped_at:dropped_at + 1] in QUOTE_PAIRS and (dropped := _quote_end(text, dropped_at)) is not None \
                and rules.dropped_after_quote.match(text, dropped + 1):
            continue  # 副标题“上门安装”不用了 / 副标题之前那个“…”删掉: the words taken off the poster
        if strong or quoted:
            pass
        elif after.group("strong"):
            rest = text[value_start:_line_end(text, value_start)]
            first_part = re.split(r"[，,。.；;]", rest, maxsplit=1)[0]
            # 标题是红色的 / title is needed / the button should be bigger / button is red: a remark, not copy.
            # (the headline should say Keep Our Community Singing: a headline said in title case after a saying verb)
            said_headline = bool(_WRITING.search(connector) and _HEADLINE_CASE.fullmatch(first_part.strip()))
            if not rest.strip() or (rules.has_signal(first_part, first=True) and not said_headline and not (
                    field == "body" and rules.polite_lead.match(first_part) and _READER_NAMED.search(first_part))) or \
                    (latin_label and (rules.only_design_words(first_part) or _SIZE_REMARK_EN.match(first_part.strip())
                                      or (connector in ("is", "are") and _DOING_EN.match(rest)))):
                continue
            if latin_label and not re.match(r"\s", text[label_end:label_end + 1] or "x") \
                    and not _CJK_CHAR.match(connector or "x"):
                continue  # button写 Pre-order Now: a Chinese connector may touch an English label
        elif field == "cta" and (action := rules.action_zh.match(text, value_start)) and \
                not _WORD_CHAR.match(text[action.end():action.end() + 1]):
            # 按钮去逛逛: the button label directly before an action phrase (按钮领取礼包: the whole phrase)
            fixed_end = action.end()
        elif field == "cta" and (still := _STILL.match(text, value_start)) \
                and (action := rules.action_zh.match(text, still.end())) \
                and not _WORD_CHAR.match(text[action.end():action.end() + 1]):
            value_start, fixed_end = still.end(), action.end()  # 按钮还是去购买: the button kept, its action said again
        elif field == "cta" and latin_label and value_start > label_end and \
                rules.is_action(action_text := re.split(r"[，,。；;\n]|\.(?=\s|$)", text[value_start:], maxsplit=1)[0]):
            fixed_end = value_start + len(action_text.rstrip())  # button text Shop Now: the action phrase after a space
        elif not latin_label and (key in rules.field_of or key in rules.text_size_positions) and not after.group("weak") and \
                (_space_label(text, label_start, label_end, value_start)
                 or (value_start == label_end and _after_separator(text, label_start, rules))
                 or (value_start == label_end and key.endswith(("写一句", "寫一句")))) and \
                _bare_value_is_copy(text, value_start, rules, glued=value_start == label_end):
            pass  # 1. 主标题 月是故乡明 / 标题　春日野餐季 / 标题双十二狂欢夜: a label, a space or nothing, the copy
            # (然后再写一句满200包邮: a label that says its verb brings the words glued to it)
        elif (after.group("weak") or "").strip() in rules.weak_copy_connectors and not latin_label and \
                rules.copy_after_weak_connector(_up_to_next_label(re.split(r"[，,。；;\n]", text[value_start:], maxsplit=1)[0],
                                                                  rules)):
            pass  # 主标题用开学好物节 / 标题用 A 副标题用 B (标题用红色 / 标题用黑体 stay instructions)
        elif latin_label and key in rules.field_of and (gap := _SPACE_THEN_CJK.match(text, label_end)) and \
                _LATIN_LABEL_HEADS.search(text, max(0, label_start - 8), label_start) and \
                _plain_cjk_value(re.split(r"[，,。；;\n]", text[gap.end():], maxsplit=1)[0], rules):
            value_start, strong = gap.end(), True  # headline 晚餐满减 低至5折, button 去下单: the script changes at the copy
        elif latin_label and value_start in padded_rows and "\n" not in text[label_end:value_start]:
            strong = True  # Title  It's been 6 months!: a padded table row
        elif latin_label and key in rules.field_of and \
                (_LATIN_LABEL_HEADS.search(text, max(0, label_start - 8), label_start)
                 or rules.field_of[key] == "title"
                 and _HEADLINE_AFTER_DASH.search(text, max(0, label_start - 4), label_start)) \
                and (segment := _labelled_list_value(text, label_start, rules)
                     or _labelled_lines_value(text, label_start, rules)):
            (value_start, fixed_end), strong = segment, True  # title Hop Into Spring, sub 20% off, CTA Shop Easter
        elif after.groupdict().get("change") and not latin_label and value_start > after.end("change") \
                and _bare_value_is_copy(text, value_start, rules, glued=False):
            pass  # 副标题也改下 新人无门槛券 下单直接抵扣: the change, a blank, then the new words
        elif not latin_label and key in rules.field_of and value_start == label_end \
                and (just := _JUST_THEN_PARTICLE.match(text, label_end)) \
                and _bare_value_is_copy(text, just.start("value"), rules, glued=False):
            value_start, fixed_end = just.start("value"), just.end("value")  # 按钮就咨询顾问吧: said, not written
        else:
            continue
        if latin_label and not (strong or quoted or after.group("strong") or fixed_end):
            continue
        if value_start >= len(text) or text[value_start] == "\n":
            continue
        # (备注（不要印）：… / 备注（请勿上屏）：…: a note whose own bracket keeps it off the poster is never printed)
        if key in rules.footnote_labels and (_NOT_PRINTED_NOTE.match(text, label_end) or (
                text[value_start] not in _FOOTNOTE_MARKS and not (
                    _CLAUSE_HEAD.search(text, max(0, label_start - 8), label_start) and _quote_alone(text, value_start))
                and not _printed_later(text, match.group("label"), value_start)
                and not _PRINTED_NOTE.match(text, label_end)
                and not _NOTE_PLACED_SMALL.search(text, value_start, _line_end(text, value_start))
                and not (rules.fine_print_cue.search(note := text[value_start:fixed_end or _line_end(text, value_start)])
                         and not rules.has_signal(note) and not _NOTE_ON_LAYOUT.search(note)))):
            continue  # 备注：要大一点 is the designer's; 备注⇥*套餐含18项检查 / 备注“每日限量”, the poster's footnote
            # (| 备注 | 节假日除外，… |: a table's note cell that reads as terms is the footnote too)
        if key in _WHAT_IT_IS_LABELS and _ends_on_format(text[value_start:_line_end(text, value_start)].rstrip(), rules):
            continue  # 内容：荔枝节停车指引海报: what the request is, a poster named at the end, no copy
        if key in rules.layout_labels and _places_a_thing(text[value_start:_line_end(text, value_start)], rules):
            continue  # 底部：放二维码 / bottom: logo and QR code / small: make the date smaller: the layout, no copy
        if not opened and (place := rules.place_before_label.search(text, max(0, label_start - _PLACE_CHARS), label_start)):
            label_start = place.start()  # …即享好礼最下面小字写…: the place goes with the label after it
        labels.append(_Label(label_start, value_start, field, strong or quoted, fixed_end, key, block, correction,
                             secondary=key in rules.secondary_labels or (
                                 # Popup copy — Mortgage rate switch: a copy heading's dash names the job; a field's own
                                 # label (Headline | …) gives its copy
                                 # (文案文档｜黑五弹窗: a bar after it does the same)
                                 key in rules.block_labels and key not in rules.field_of
                                 and ((after.group("colon") or "")[:1] in ("-", "–", "—")
                                      or text[label_end:label_end + 1] in ("|", "｜")))))
        introduced_to = value_start
    _placed_under(text, labels, rules)
    _placed_at_bottom(text, labels, rules)
    _line_added_at_bottom(text, labels, rules)
    labels.sort(key=lambda label: label.start)
    # 大字写… 小字写…: with one position word used as a label, 小字 (else fine print) is a position too.
    if any(label.text in rules.position_field_of and label.text not in rules.field_of for label in labels):
        # (big: … ⏎ small: … ⏎ no subtitle: with the subtitle taken back, 小字 / small stays the fine print)
        claimed: set[str] = {"subtitle"} if any(
            rules.field_of.get(_label_key(removal.group("before") or removal.group("after"))) == "subtitle"
            for removal in rules.removal.finditer(text)) else set()
        for label, following in zip(labels, [*labels[1:], None]):
            value_end = min(_line_end(text, label.value_start), following.start if following else len(text))
            if label.text in rules.position_field_of and not (  # (小字写偏远地区不包邮 新疆西藏除外: fine print still)
                    rules.field_of.get(label.text) == "body" and rules.fine_print_cue.search(text, label.value_start, value_end)):
                label.name = rules.position_field_of[label.text]
                # 上面写A，下面写B，最下面小字写C: a lower line after the subtitle's is the fine print
                if label.name == "subtitle" and "subtitle" in claimed:
                    label.name = "body"
            claimed.add(label.name)
    _below_the_last_line(labels, rules)
    _second_text_as_subtitle(labels, text)
    _text_under_a_title(labels, rules)
    if len(labels) == 1 and labels[0].text in rules.sole_line_labels and labels[0].name == "subtitle":
        labels[0].name = "title"  # Just the tagline "Fresh beans, slow mornings.": the one line is the headline
    return labels


_PLACE_CHARS = 6
# (Use "…" as the headline instead / scratch that subhead — use "…" instead.: "instead" after the words used)
_INSTEAD_AFTER = re.compile(r"(?i)[ \t]+instead\b[.!]?[ \t]*")
_LIKE_BEFORE_COPY = re.compile(r"(?i:like|um+|uh+|gonna[ \t]+be|going[ \t]+to[ \t]+be),?[ \t]+"
                               r"(?=[A-Z0-9]|['\"“‘][A-Z0-9])")
_PLACE_THEN_COLON = re.compile(r"[ \t]*(?:在|到)(?:最)?(?:底部|下面|下方|底下|上面|上方|顶部|頂部)[ \t]*[：:﹕][ \t]*")
_IDIOM_AROUND_LABEL = re.compile(r"以[^，,。；;\n]{1,8}?为准")


_WRITING = re.compile(r"[写寫]|\b(?:say|says|saying|read|reads|reading|write|writes)\b", re.IGNORECASE)
# 就用课程名：… / 写活动名称：…: the connector names which name the copy is, then a colon brings it; or (按钮改成中文：下载App)
# which language it is in.
# (副标题就用中文吧：…: the speaker's particle may close the language's clause)
_NAMED_VALUE = re.compile(r"(?:[" + _CJK + r"]{1,4}(?:名|名称|名字)|(?:中文|英文|繁体|繁體|简体|簡體|(?i:english|chinese))(?:版|的)?)"
                          r"(?:吧|哈|啊|呀)?[ \t]*[：:﹕][ \t]*(?=\S)")


_FOOTNOTE_MARKS = "*＊※†"
_CLAUSE_HEAD = re.compile(r"(?:^|[\n|｜;；，,。])[ \t]*(?:[-•*·・▪►>]|\d{1,2}[.)、])?[ \t]*$")  # [voice note] "…": no head
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[\n，,。；;|｜!！?？])")


def _quote_alone(text: str, start: int) -> bool:
    """A quote opening at `start` that is the whole clause (备注“每日10点前供应”；): words to print, not a
    remark that talks about a quote (备注：“立即下单”按钮要大)."""
    close = _quote_end(text, start) if text[start:start + 1] in QUOTE_PAIRS else None
    return close is not None and bool(_CLAUSE_END.match(text, close + 1))


# What a layout word's value says when it places a thing rather than giving copy: a verb that puts
# something there, or a picture element (logo, 二维码, QR code, icon).
_PLACING = re.compile(r"^(?:放|加|摆|配|留|用|贴|(?i:put|add|place|use|show|make|keep|leave)\b)"
                      r"|(?i:logo|二维码|qr\s*code|图标|icon|插画|图片|照片|photo|image)")


def _places_a_thing(value: str, rules: CopyRules) -> bool:
    """底部：放二维码和门店地址 / bottom: logo and QR code: what follows a layout word used as a label
    places a thing on the poster (or is an instruction), so it is no copy."""
    first = re.split(r"[，,。；;]|\.(?=\s|$)", value.strip(), maxsplit=1)[0].strip().strip("".join(QUOTE_PAIRS))
    # (Big text: Something Spooky Is Brewing: a headline in title case is copy, whatever word leads it)
    return bool(_PLACING.search(first)) or (rules.is_instruction(first) and not _HEADLINE_CASE.fullmatch(first))


_HEADLINE_CASE = re.compile(r"[A-Z][\w'’&-]*(?:\s+(?:[A-Z0-9][\w'’&-]*|a|an|the|of|in|on|to|for|and|or|is|at))+"
                            r"(?:\s+\W+)?")  # (an emoji or a mark may end it)


# A line's lead up to its colon (or, in a line's first column, its bar or tab): 时间（印在底部） | 3月5日…
_LINE_LEAD_KEY = re.compile(r"^[ \t]*(?P<lead>[^：:﹕|｜\t\n" + "".join(QUOTE_PAIRS) + r"]{2,60}?)[ \t]*"
                            r"(?:[：﹕]|:(?!\d)|[|｜\t]|(?<=\S)[ \t](?=[ \t]*[\"“「『][^\n]+[\"”」』][ \t]*$))[ \t]*(?=\S)",
                            re.MULTILINE)  # (…at the bottom in small letters "…": the quote fills the rest of the line)


# Paid-for line (required by law, bottom): … / 备案号（放最底）：…: a bracketed remark on the line's lead that ends in where
# it goes, at the bottom.
_BOTTOM_IN_BRACKETS = re.compile(r"[（(][^()（）\n]{0,40}?(?:(?<![A-Za-z])(?i:bottom|footer)|底部|最底|最下面|最下方)[ \t]*[)）]")


def _placed_at_bottom(text: str, labels: list[_Label], rules: CopyRules) -> None:
    """No credit card line goes under the button: … / 时间（印在底部） | … / 地點要印：…: a line whose lead says its
    words go at the bottom (or must be printed), with no label of its own, holds the fine print (the body); not when the
    lead names a picture (Logo at the bottom: …) or the words after it are an instruction."""
    for line in _LINE_LEAD_KEY.finditer(text):
        placed = rules.bottom_placement.search(line.group("lead")) or _BOTTOM_IN_BRACKETS.search(line.group("lead")) \
            or rules.printed_lead.search(line.group("lead"))  # (地點要印：…: asked to be printed, as fine print is)
        if not placed or _DESIGN_NOUN.search(line.group("lead")):
            continue
        placed_span = (line.start("lead") + placed.start(), line.start("lead") + placed.end())
        on_line = [label for label in labels if line.start() <= label.start < line.end() + 1]
        # (…goes under the button: — the label word is part of where the line goes)
        if any(not placed_span[0] <= label.start < placed_span[1] for label in on_line):
            continue
        if any(label.value_start < line.end("lead") and re.search(r"[—–-]", text[label.start:label.value_start])
               for label in on_line):
            continue  # 底部 —— 7月20日-21日 | 海口…: the place has its own dash, the words before the bar are its copy
        first = re.split(r"[，,。；;\n]|\.(?=\s|$)", text[line.end():], maxsplit=1)[0]
        negated = _NEGATED_FACT.match(first)  # No credit card required: a fact for the reader
        if rules.has_signal(first[negated.end():] if negated else first, first=True) or rules.is_placeholder(first) \
                or _PLACING.search(first):
            continue
        for label in on_line:
            labels.remove(label)
        labels.append(_Label(line.start("lead"), line.end(), "body", True, text="bottom"))


def _line_added_at_bottom(text: str, labels: list[_Label], rules: CopyRules) -> None:
    """…按钮文案 去邀请 底部加一行 活动时间：6月1日-6月30日: a line the brief adds at the bottom (底部加一行, 最底部再加一句小字：)
    holds the fine print, the words after it; not when they place a thing there (底部加一行二维码) or talk about it."""
    for placed in rules.bottom_placement.finditer(text):
        added = rules.added_line.match(text, placed.end())
        if added is None or not _CJK_CHAR.match(placed.group()[:1]) or any(
                placed.start() <= label.start < added.end() or label.start < placed.start() < label.value_start
                for label in labels):
            continue
        first = re.split(r"[，,。；;\n]", text[added.end():], maxsplit=1)[0]
        if rules.has_signal(first, first=True) or rules.is_placeholder(first) or _PLACING.search(first):
            continue
        labels.append(_Label(placed.start(), added.end(), "body", True, text="bottom"))
    # 然后加一句小字 安装后一年内免费上门维修: a line added as small print names the fine print with no place said
    for added in _ADDED_SMALL_PRINT.finditer(text):
        if any(added.start() <= label.start < added.end() or label.start <= added.start() < label.value_start
               for label in labels):
            continue
        first = re.split(r"[，,。；;\n]", text[added.end():], maxsplit=1)[0]
        if rules.has_signal(first, first=True) or rules.is_placeholder(first) or _PLACING.search(first):
            continue
        labels.append(_Label(added.start(), added.end(), "body", True, text="bottom"))


_ADDED_SMALL_PRINT = re.compile(r"(?:^|(?<=[\s，,。；;]))(?:(?:然后|另外)?(?:再|还|還)?(?:加|添|补|補|带|帶)上?(?:一行|一句)(?:小字|灰字)"
                                r"[ \t]*(?:写|寫)?(?:[：:﹕]|[—–]+|[ \t]+)"
                                # (…，哦对还要小字，写…: the fine print remembered, then its words after 写)
                                r"|(?:哦对|噢对|对了)?(?:还要|還要|也要|还得|還得)(?:加)?(?:个|一个|一行|一句)?(?:小字|灰字)[，,]?[ \t]*(?:写|寫)"
                                r"[：:﹕，,]?"
                                # (还要加一句：关注学校官方视频号不迷路 / 另外加一句：…: a line added under the copy, its colon
                                # before the words, opening its line)
                                r"|(?<![^\n])[ \t]*(?:然后|然後|另外|还要|還要|还得|還得|最后|最後)?(?:再|还|還)?(?:加|添|补|補)上?"
                                r"(?:一行|一句)[ \t]*[：:﹕])[ \t]*(?=\S)", re.MULTILINE)


_POINTED_LINE = re.compile(r"(?i)\b\w+(?:'s|’s)\s+(?:line|words|text|copy|note|wording)\b")


def _text_under_a_title(labels: list[_Label], rules: CopyRules) -> None:
    """Title: Check Your Bag ⏎ Text: Australia has strict biosecurity rules. … ⏎ Button: Got It: a one-line Text: (文字：)
    after a labelled headline is the popup's own sentences, the body, not a second headline."""
    for i, label in enumerate(labels):
        if label.text in rules.block_labels and label.text not in rules.field_of and not label.block \
                and label.name == "title" and any(earlier.name == "title" and earlier.text in rules.field_of
                                                  for earlier in labels[:i]) \
                and not any(other.name == "body" for other in labels):
            label.name = "body"


_BELOW_WORDS = frozenset({"下面", "下方", "下一行", "下面一行"})


def _below_the_last_line(labels: list[_Label], rules: CopyRules) -> None:
    """按钮写“去办理” ⏎ 下面加一行：咨询电话 12345: "below" names the line under the one labelled just before it, the
    subtitle only under the headline; under the button or with the subtitle given, it is the fine print."""
    for before, label in zip(labels, labels[1:]):
        if label.text in _BELOW_WORDS and label.name == "subtitle" and label.text not in rules.field_of \
                and (before.name in ("cta", "body") or any(other.name == "subtitle" for other in labels
                                                           if other is not label)):
            label.name = "body"

def _second_text_as_subtitle(labels: list[_Label], text: str) -> None:
    """标题 / 描述 / 按钮文案 / 备注文字 with no subtitle label: two different body labels after a
    title are the poster's second line and its fine print, in that order; and with no title label, the first of two
    different subtitle labels, when it opens the labels, is the headline."""
    subtitles = [label for label in labels if label.name == "subtitle" and not label.secondary and not label.correction]
    if len({label.text for label in subtitles}) >= 2 and subtitles[0].text != subtitles[1].text \
            and subtitles[0].text.isascii() == subtitles[1].text.isascii() and labels[0] is subtitles[0] \
            and not any(label.name == "title" for label in labels):
        subtitles[0].name = "title"  # Tagline: THE VOID AWAKENS ⏎ Sub: …: with no headline, the first of two sublines leads
        return
    if subtitles:
        return
    # (ok add Sam's line as fine print: a label after its words, pointing at a line of the chat, is no second text)
    bodies = [label for label in labels if label.name == "body" and not label.secondary and not label.correction
              and not (label.value_end is not None and _POINTED_LINE.search(text[label.start:label.value_end]))
              and label.text not in _SIGNATURE_LABELS]  # (正文：… ⏎ 落款：物业服务中心: the notice signed, no second text)
    titled = any(label.name == "title" and bodies and label.start < bodies[0].start for label in labels)
    if titled and len({label.text for label in bodies}) >= 2 and bodies[0].text != bodies[1].text:
        bodies[0].name = "subtitle"


_SIGNATURE_LABELS = frozenset({"落款"})


# 原来那个 / 之前的 / 上一版: the version before, pointed at (its words may follow, quoted)
_EARLIER = r"原来|原來|原先|之前|上次|上一版"
_POINTED = r"(?:的|那个|那個|那句|那版)?"
_EARLIER_LEAD = re.compile(r"[ \t]*(?:" + _EARLIER + r"|旧的|舊的)" + _POINTED + r"[ \t]*")
_STILL = re.compile(r"(?:还是|還是|仍然|依然|依旧|依舊)[ \t]*")
_KEPT_EARLIER = re.compile(r"[ \t]*(?:还是|還是|保持|沿用|继续用|繼續用|仍然|仍用|就用)[ \t]*(?:用)?(?:" + _EARLIER + ")" + _POINTED
                           + r"[ \t]*(?=[" + "".join(QUOTE_PAIRS) + r"])")


# 标题要中英双语：… / 文案全英文：… / just a headline please: …: a short remark about the field
# between its label and the colon that brings the copy.
_REMARK_COLON = re.compile(r"[ \t]*(?P<remark>[^，,。；;:：﹕=\n\t" + "".join(QUOTE_PAIRS) + r"]{1,12}?)[ \t]*(?:[：﹕]|:(?!\d))[ \t]*")


# 小字保留：节假日除外 / 副标题不变：… / Sub stays: …: a field the revision keeps, said between its label and the colon
# (副标题还是原来的：… / 还是用上次的：…: the words it had before, given again)
_KEPT = re.compile(r"保留|保持|保持不变|保持不變|不变|不變|不动|不動|照旧|照舊|照常|沿用|还是|還是"  # (副标题还是：…)
                   r"|(?:还是|還是|保留|保持)?(?:用)?(?:原来|原來|原先|上次|之前)的?"  # (副标题保留原来的：…)
                   r"|(?i:stays?(?:\s+(?:the\s+same|as\s+is))?|remains?|unchanged|kept|as\s+is)")


_REMARK_BLANK = re.compile(r"[ \t]*(?P<remark>[^\s，,。；;:：﹕=" + "".join(QUOTE_PAIRS) + r"]{1,12}?)[ \t]+")


# Disclaimer (must appear in full, min 7pt): …: a remark in brackets between a label and its colon.
# (Bottom line (small) - Free sample pack: a spaced dash stands for the colon, the label heading its line)
_BRACKETED_REMARK_COLON = re.compile(r"[ \t]*[（(][^()（）\n]{1,80}[）)][ \t]*(?:[：﹕]|:(?!\d)|(?<=[ \t])(?:--|[-–—])[ \t])[ \t]*")
# legal wants this at the bottom: … / 副标题加个emoji，用这个：… / small text under it '…': a longer
# remark, ending at a colon or at the quote that brings the copy.
_OPTIONS_FROM = re.compile(r"(?:[ \t]+(?i:from|by|for)[ \t]+[\w' -]{1,30})?")
_FOR_THE_FORMAT = re.compile(r"(?i:for|on|in)\s+(?i:the|our|this|that|a|an)\s+[\w' -]{1,30}")
# (Small text at the bottom – Free diagnosis.: a spaced dash stands for the colon, as after a label alone)
_LONG_REMARK = re.compile(r"[ \t]*(?P<remark>[^。；;:：﹕=\n\t" + "".join(QUOTE_PAIRS) + r"]{1,30}?)[ \t]*"
                          r"(?:[：﹕]|:(?!\d)|(?<=[ \t])[–—][ \t]|(?=[" + "".join(QUOTE_PAIRS) + r"]))[ \t]*")


# (下面一行小一点的：…: the size's 的 closes the remark as 写 does)
_WRITE_AFTER_REMARK = re.compile(r"(?<=[\u3400-\u9fff])(?:(?:就|再)?[写寫](?:成|上|着|著)?|的)$")


_POINTS_BELOW = re.compile(r"(?:以下|如下|下面的?)(?:的)?(?:内容|內容|文字|几行|幾行|这段|這段|这些|這些)?$|(?:照抄|照排|照原样|照原樣)(?:就行|即可|就好)?$")
_LINES_AMOUNT = re.compile(r"(?:分|共|一共)?[两二三四五2-5][ \t]*行|(?i:[2-5]|two|three|four|five)[ \t]+lines")
_BODY_LEADS_LINE = re.compile(r"[ \t]*[^\s（(：:﹕]")


def _remark_before_colon(text: str, label_end: int, rules: CopyRules, heads_lines: bool = False,
                         place: bool = False) -> int | None:
    """Where the copy starts when a remark sits between a label and its colon: an instruction to the
    designer (要中英双语, 全英文, please), a remark in brackets, where the text goes (at the bottom,
    under it, 放在底部) or which words to take (用这个, as follows; these may end at a quote too).
    A label that `heads_lines` (Copy (push opt-in):⏎…) takes a bracketed remark before a line break too, and any label a
    remark pointing at the lines below (印以下内容：⏎…), unless it is a `place` (下面) whose remark names the label itself.
    None when the words there are anything else."""
    if added := rules.added_line.match(text, label_end):
        return added.end()  # 小字补一句：… / 小字再加一行 …: the line is added, its words follow
    # 标题两个方案 A「…」 B「…」 最后定A: the options word, then the marked options after a blank
    if (blank := _REMARK_BLANK.match(text, label_end)) and rules.label_options.fullmatch(blank.group("remark")) \
            and (_OPTION_MARK.match(text, blank.end()) or len(bare_option_marks(text, blank.end())) >= _BARE_OPTIONS_MIN):
        return blank.end()
    for pattern in (_REMARK_COLON, _BRACKETED_REMARK_COLON, _LONG_REMARK):
        found = pattern.match(text, label_end)
        if found and pattern is _BRACKETED_REMARK_COLON and text[found.end():found.end() + 1] == "\n" \
                and (heads_lines or _BODY_LEADS_LINE.match(text, found.end() + 1)):
            return found.end() + 1  # 合规小字（字号可以小）：⏎本产品由…承保: the remark's colon heads the line below
        if found and pattern is not _BRACKETED_REMARK_COLON and text[found.end():found.end() + 1] == "\n" \
                and _POINTS_BELOW.search(found.group("remark").strip()) \
                and not (place and rules.label_candidates.search(found.group("remark"))):  # (下面的规则…: 规则 is the label)
            return found.end() + 1  # 正文小字印以下内容：⏎… / 规则一条条列出来，照抄就行：⏎…: the lines below are the words
        if found and pattern is _REMARK_COLON and text[found.end():found.end() + 1] == "\n" \
                and _LINES_AMOUNT.fullmatch(found.group("remark").strip()) and _BODY_LEADS_LINE.match(text, found.end() + 1):
            return found.end() + 1  # 小字两行：⏎…⏎…: how many lines, then the lines below are the words
        if found and pattern is _LONG_REMARK and text[found.end():found.end() + 1] == "\n" and not place \
                and rules.label_placement.fullmatch(found.group("remark").strip()) \
                and _BODY_LEADS_LINE.match(text, found.end() + 1):
            return found.end() + 1  # Small print at the bottom:⏎…: where it goes, then its words on the line below
        if found and pattern is not _BRACKETED_REMARK_COLON and text[found.end():found.end() + 1] == "\n" \
                and (rules.label_pointer.search(kept := found.group("remark").strip()) or _KEPT.fullmatch(kept)) \
                and _BODY_LEADS_LINE.match(text, found.end() + 1):
            return found.end() + 1  # Subtitle stays as is:⏎Junior Camp…: the field kept, its words on the line below
        if not found or found.end() >= len(text) or text[found.end()] == "\n":
            continue
        line_start = text.rfind("\n", 0, label_end) + 1
        if found.group().strip()[-1:] in "-–—" and not rules.label_candidates.fullmatch(
                text[_LINE_BULLET.match(text, line_start).end():label_end].strip()):
            # (a list's mark may come first: 4) Terms (small) — …)
            continue  # No small print on the popup — the T&Cs link…: the dash's label must head its line
        if pattern is _BRACKETED_REMARK_COLON:
            return found.end()
        remark = found.group("remark").strip()
        said = _WRITE_AFTER_REMARK.sub("", remark) or remark  # 再下面小一点写：: the remark, then the verb that brings the copy
        if pattern is _REMARK_COLON and not rules.label_candidates.search(remark) and (
                rules.is_instruction(said) or rules.copy_amount.fullmatch(said) or _KEPT.fullmatch(remark)):
            return found.end()  # (副标题保留：… / sub stays: …: the field kept, its words after the colon)
        if rules.label_form.fullmatch(found.group("remark")):
            return found.end()  # Button-shaped sticker: 'Scan to Join': the form the button takes, then its words
        if pattern is _REMARK_COLON and rules.label_options.fullmatch(remark) \
                and (text[found.end()] in QUOTE_PAIRS or _OPTION_MARK.match(text, found.end())
                     or len(bare_option_marks(text, found.end())) >= _BARE_OPTIONS_MIN):
            return found.end()  # Headline options: "A" or "B" / 标题备选：A.「…」 B.「…」: the candidates follow, quoted
        if pattern is _LONG_REMARK and text[found.end()] in QUOTE_PAIRS and (options := rules.label_options.match(remark)) \
                and _OPTIONS_FROM.fullmatch(remark, options.end()):
            return found.end()  # CTA options from the UX team: 'A', 'B', 'C': the candidates follow, quoted
        if pattern is _LONG_REMARK and _FOR_THE_FORMAT.fullmatch(remark) and find_alias(remark, rules.lexicon.formats):
            return found.end()  # headline for the referral popup: …: which piece the copy is for
        if pattern is _LONG_REMARK and (rules.label_pointer.search(remark) or rules.label_choice.match(remark)
                                        or rules.copy_amount.fullmatch(remark) or (
                rules.label_placement.search(remark) and not re.search(r"[，,]", remark)
                # (no CTA. small print at the bottom: "…": the place is the next label's)
                and not rules.label_candidates.search(rules.label_placement.sub(" ", remark)))):
            return found.end()
    return None


# What an English label's "is / should be" says when it is a design remark: bigger, a bit larger, bold.
# legal is reviewing the claims / design is working on it: someone at work on something (a lower-case -ing verb and its
# object), a sentence about the label's team, not copy (the title is Coming Soon, headline is Shopping Made Simple stay).
_DOING_EN = re.compile(r"\s*[a-z]+ing\s+(?:the|a|an|it|this|that|these|those|our|their|your|them|on|with|over|through)\b")
_SIZE_REMARK_EN = re.compile(
    r"(?:(?:a\s+)?(?:bit|little|lot|much|way|slightly|more|less|very|too)\s+)*"
    r"(?:bigger|larger|smaller|bolder|brighter|darker|lighter|wider|narrower|taller|shorter|big|small|large|"
    r"bold|centred|centered|rounded|round|visible|prominent|obvious|"
    # (Title should be short / the button should be short and punchy: how long the words are, none of them)
    r"short|long|brief|concise|punchy|snappy|catchy|"
    # (the legal line is mandatory, don't shrink it: whether the line must be there, not its words)
    r"mandatory|required|compulsory|optional|non-negotiable)\b(?:\s+(?:and|&)\s+\w+)*\s*$", re.I)


# A.「…」 B.「…」 / 1) "…" 2) "…" / ①“…”②“…”: the letter or number an option is picked by, before its quote.
# (A「每周三 会员日」 B「周三喝茶日」: a letter may touch its quote)
_OPTION_MARK = re.compile(r"[ \t]*(?:(?P<mark>[A-Da-d1-4])(?:[.)）、]|(?=[" + "".join(QUOTE_PAIRS) + r"]))|(?P<circled>[①-④]))[ \t]*"
                          r"(?=[" + "".join(QUOTE_PAIRS) + r"])")


# 标题两个备选：A. 清凉一夏 B. 冰爽夏日 / Headline options: 1) Ready, set, save 2) Big savings are back: options written
# unquoted on one line, each after its mark (A. / 1) / ①) and a blank; the marks run in order (A, B, C or 1, 2, 3).
_BARE_MARK = re.compile(r"(?:(?P<mark>[A-Da-d1-4])[.)）、]|(?P<circled>[①-④])[.)）、]?)[ \t]+(?=\S)")
_BARE_OPTIONS_MIN = 2
_BLANKS = re.compile(r"[ \t]*")
_MARK_RUNS = ("ABCD", "abcd", "1234", "①②③④")


def bare_option_marks(text: str, start: int) -> list[re.Match[str]]:
    """The marks of unquoted options that start at `start` (after blanks), in order, on its line; fewer than two
    (or marks out of order) is no list of options."""
    first = _BARE_MARK.match(text, _BLANKS.match(text, start).end())
    if first is None:
        return []
    run = next((run for run in _MARK_RUNS if (first.group("mark") or first.group("circled")) == run[0]), "")
    marks, line_end = [first], _line_end(text, start)
    for expected in run[1:]:
        after = "[.)）、]?" if expected in "①②③④" else "[.)）、]"
        found = re.compile(r"(?<=[ \t])" + re.escape(expected) + after + r"[ \t]+(?=\S)").search(
            text, marks[-1].end(), line_end)
        if found is None:
            break
        marks.append(found)
    return marks if len(marks) >= _BARE_OPTIONS_MIN else []


_DESIGN_NOUN = re.compile(r"\b(?:background|layout|font|logo|colou?rs?|palette|style|vibe|image|photo|picture)\b",
                          re.IGNORECASE)
