"""`extract_copy`: which part of a brief is the copy (the first poster's part, not mail headers,
chat heads or the other language), then the labelled and unlabelled readers, merged.
"""
from __future__ import annotations

import json
import re

from agent.aliases import find_alias
from agent.brief_copy.labelled import (
    _INFO_NOT_PRINTED,
    _changed_quote,
    _copy_block,
    _designer_line,
    _mask,
    _remark_line,
    extract_labelled,
    old_columns_blanked,
)
from agent.brief_copy.labels import _LINE_BULLET
from agent.brief_copy.revisions import _BRACKETED_LINE
from agent.brief_copy.rules import _DESIGN_TALK, CopyRules
from agent.brief_copy.structured import json_copy
from agent.brief_copy.text import (
    _CJK,
    _CJK_CHAR,
    FIELDS,
    QUOTE_PAIRS,
    Field,
    _capped_blanks,
    _clean,
    _label_key,
    _line_end,
)
from agent.brief_copy.unlabelled import extract_unlabelled
from agent.brief_copy.variants import unpicked_variants_blanked
from tools.retrieval.synonyms import english_words
from tools.retrieval.words import typo_fixes

# Get a Quote → / 去逛逛 >>: an arrow after a button is its decoration, not its words.
_BUTTON_ARROW = re.compile(r"\s*(?:→|->|=>|➡️?|⟶|»|›|>>?)$")
# 同意 | 暂不使用 / Update now / Not now: two buttons side by side, the second the one that closes the popup.
_TWO_BUTTONS = re.compile(r"(?P<first>[^|｜/／\n]{1,16}?)[ \t]+[|｜/／][ \t]+(?P<second>[^|｜/／\n]{1,16})")
_DISMISSAL = re.compile(r"暂不\S{1,4}|暫不\S{1,4}|残忍离开|殘忍離開|以后再说|以後再說|下次再说|下次再說|取消|关闭|關閉|不同意|拒绝|拒絕"
                        r"|(?i:not\s+now|maybe\s+later|later|no\s+thanks|cancel|close|skip|dismiss|decline)")
# [Get Tickets] / 【立即购买】 / [ Shop Now ]: brackets around a whole button draw the button, as a wireframe does.
_BUTTON_BOX = re.compile(r"\[\s*(?P<a>[^\[\]]+?)\s*\]|【\s*(?P<b>[^【】]+?)\s*】|［\s*(?P<c>[^［］]+?)\s*］")


# A heading that ends its line with a colon and names the format (马拉松报名海报： / 公益活动海报，需要温暖一点的风格：).
_HEADING_LINE = re.compile(r"^[^\n]{1,240}?[：:﹕][ \t]*\n", re.MULTILINE)
_HEADING_CHARS = 80  # (counted without the blanks left where a key to the fields was)
_SENTENCE_STOP = re.compile(r"(?<=[A-Za-z0-9)])\.[ \t]+|[。！!？?][ \t]*")
_HEADED_LINES_MIN = 2


# 店长手写稿：/ 朋友圈文案我贴过来了，你照着排就行：/ 就用这段做海报吧：: a heading that hands over the words to lay out
# (店员白板上写的：/ 店员手写（中英都有，原样打）：/ Chalkboard at the market entrance (typed by Sam):: the words of a board
# or a note, typed out for the designer)
_NAMES_THE_DRAFT = re.compile(r"(?:手写稿|手寫稿|原稿|底稿|文案|文字|这段|這段|照着排|照著排|照排|贴过来|貼過來|抄过来|抄過來"
                              r"|白板|黑板|小黑板|便签|便簽|手写|手寫|(?i:chalkboard|whiteboard|blackboard|handwritten))"
                              r"[^\n：:﹕]{0,40}[：:﹕]$")


def _headed_lines(text: str, taken: set[str], rules: CopyRules) -> tuple[list[Field], tuple[int, int]]:
    """公益活动海报：⏎“一本书 点亮一个梦想”⏎…⏎我要捐书: under a heading line that names the format and
    ends with a colon, the lines are the copy in the poster's order (as after 文案：). Two lines at least."""
    for heading in _HEADING_LINE.finditer(text):
        words = re.sub(r"\s+", " ", heading.group().strip())
        while len(words) > _HEADING_CHARS + 1 and (stop := _SENTENCE_STOP.search(words)):
            words = words[stop.end():]  # I am a volunteer of the PTA. We want a poster … Please put words: (the request's sentences)
        if len(words) > _HEADING_CHARS + 1:
            continue
        if not find_alias(words, rules.lexicon.formats) and not _ON_SCREEN_HEAD.match(words) \
                and not _NAMES_THE_DRAFT.search(words):
            continue  # (直播间贴片：⏎… / 店长手写稿：⏎…: the words shown on screen, or the draft, head their lines)
        block, end = _copy_block(text, heading.end(), len(text), taken, rules)
        if len(block) >= _HEADED_LINES_MIN:
            return block, (heading.end(), end)
        break
    opened = _lines_under_opening(text, taken, rules)
    if opened[0]:
        return opened
    pointed = _lines_pointed_up_at(text, taken, rules)
    return pointed if pointed[0] else _paragraph_under_request(text, taken, rules)


# Hi! Can you make this into a poster pls 😊 ⏎⏎ Study in Ireland Info Night ⏎ Meet 6 … ⏎ 📍 … ⏎⏎ No button …: a first
# paragraph that asks for the format, then a paragraph of short lines that is all copy.
_FIRST_PARAGRAPH = re.compile(r"[ \t]*(?P<request>[^\n]{4,160}?)[ \t]*\n(?:[ \t]*\n)+")
_PARAGRAPH_LINES_MIN = 3


def _paragraph_under_request(text: str, taken: set[str], rules: CopyRules) -> tuple[list[Field], tuple[int, int]]:
    """The lines of the paragraph after a one-line request for the format, as the copy in the poster's order: three
    lines at least, each one copy, up to the paragraph's end."""
    request = _FIRST_PARAGRAPH.match(text)
    if request is None or not find_alias(request.group("request"), rules.lexicon.formats) \
            or request.group("request")[-1] in "：:﹕" or rules.label_candidates.search(request.group("request")):
        return [], (0, 0)
    paragraph_end = text.find("\n\n", request.end())
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    block, end = _copy_block(text, request.end(), paragraph_end, taken, rules)
    lines = [line for line in text[request.end():paragraph_end].split("\n") if line.strip()]
    if len(block) < _HEADED_LINES_MIN or len(lines) < _PARAGRAPH_LINES_MIN or text[end:paragraph_end].strip():
        return [], (0, 0)
    return block, (request.end(), end)


# ^ popup text for halloween / ↑ 以上是弹窗文案 / above is the copy: a line after the brief's opening lines
# that points up at them and names them the copy or the format.
_POINTS_UP = re.compile(r"\n[ \t]*\n[ \t]*(?:\^+|↑+|⬆️?|(?i:above)\b|以上|上面)[^\n]*")


def _lines_pointed_up_at(text: str, taken: set[str], rules: CopyRules) -> tuple[list[Field], tuple[int, int]]:
    """Spooky Night at Luigi's⏎Kids eat free…⏎Reserve now⏎⏎^ popup text for halloween: the lines that open
    the brief are its copy when a line after a blank one points up at them and names the copy or the format."""
    pointer = _POINTS_UP.search(text)
    if pointer is None or not (rules.label_candidates.search(pointer.group()) or
                               find_alias(pointer.group(), rules.lexicon.formats)):
        return [], (0, 0)
    block, end = _copy_block(text, 0, pointer.start(), taken, rules)
    if len(block) < _HEADED_LINES_MIN or text[end:pointer.start()].strip():
        return [], (0, 0)
    return block, (0, end)


_OPENING_LINE = re.compile(r"[ \t]*(?P<line>[^\n]{1,80}?)[ \t]*\n")
_OPENED_LINES_MIN = 3


def _lines_under_opening(text: str, taken: set[str], rules: CopyRules) -> tuple[list[Field], tuple[int, int]]:
    """新人弹窗⏎新人专享 1分钱喝奶茶⏎注册即领 全国门店通用⏎立即领取: the brief's first line names the format
    without a colon, and the lines under it read title, subtitle… down to a button line. Without the colon
    it takes three lines and the button to be copy; a line after the button (尽快哈 明天上线) is the brief's."""
    opening = _OPENING_LINE.match(text)
    if opening is None or not find_alias(opening.group("line"), rules.lexicon.formats) \
            or opening.group("line")[-1] in "：:﹕":
        return [], (0, 0)
    block, end = _copy_block(text, opening.end(), len(text), taken, rules)
    button = next((i for i, field in enumerate(block) if field.name == "cta"), None)
    if button is None or button + 1 < _OPENED_LINES_MIN:
        return [], (0, 0)
    # (…⏎Sign up now⏎July 15–19, 9:30am–12pm. Guitars provided.: a line of dated sentences after it is the fine print)
    printed = button + 1 < len(block) and block[button + 1].name == "body" and _DATED_SENTENCES.search(
        block[button + 1].value) and not _INFO_NOT_PRINTED.search(block[button + 1].value)
    block = block[:button + (2 if printed else 1)]
    return block, (opening.end(), block[-1].end)


_DATED_SENTENCES = re.compile(r"\d[^\n]*[.。](?:\s|$)|[.。]\s[^\n]*\d")


def _lines_above_button(text: str, masked: str, labelled: dict[str, Field],
                        rules: CopyRules) -> tuple[list[Field], tuple[int, int]] | None:
    """母亲节快乐⏎送妈妈一份心意⏎按钮：去挑礼物: a brief that opens with its copy lines, one a line, and labels only the
    button on the line right under them: the lines are title and subtitle in the poster's order (two lines at least,
    none of them a remark or a description of the job)."""
    button = labelled.get("cta")
    if button is None or any(field.start < button.start for field in labelled.values()):
        return None
    line_start = text.rfind("\n", 0, button.start) + 1
    if not line_start or not rules.label_candidates.match(text, line_start):
        return None  # (the button's label must head its line, right under the copy lines)
    if spaced := _lines_spaced_above(text, masked, line_start, set(labelled), rules):
        return spaced
    block, end = _copy_block(masked, 0, line_start - 1, set(labelled), rules)
    if len(block) < _HEADED_LINES_MIN or masked[end:line_start].strip() or text[:block[0].start].strip():
        return None
    if any(rules.has_signal(field.value) or _ASKS_FOR_WORK.search(field.value) for field in block):
        return None  # 明天上线的拉新弹窗 / 酒店暑期促销的图麻烦做下: a line that names the job or asks for it is the brief's
    if block[0].value.endswith(("：", ":", "﹕")):
        return None  # 朋友圈九宫格中间那张：⏎“…”: a line that ends in its colon heads the lines below it
    return block, (0, end)


def _lines_spaced_above(text: str, masked: str, line_start: int, taken: set[str],
                        rules: CopyRules) -> tuple[list[Field], tuple[int, int]] | None:
    """Here's what we've agreed with the trustees:⏎⏎A Gift for Every Child⏎⏎Donate a new toy…⏎⏎Button: Give a Gift: under
    a heading that ends in its colon, copy lines a blank line apart, one a paragraph, right above the labelled button."""
    lines, at = [], 0
    while at < line_start - 1:
        stop = _line_end(masked, at)
        lines.append((at, min(stop, line_start - 1)))
        at = stop + 1
    copy_lines: list[tuple[int, int]] = []
    blank_below = masked[line_start - 2:line_start - 1] == "\n"  # (a blank line right above the button's)
    for start, stop in reversed(lines):
        words = masked[start:stop].strip()
        if not words:
            blank_below = True
            continue
        if not blank_below:
            return None  # (two lines with no blank between: a paragraph of more than one line, or no heading above)
        if words.endswith(("：", ":", "﹕")):
            break
        copy_lines.insert(0, (start, stop))
        blank_below = False
    else:
        return None
    if len(copy_lines) < _HEADED_LINES_MIN:
        return None
    fields: list[Field] = []
    for start, stop in copy_lines:
        block, _ = _copy_block(masked, start, stop, taken | {field.name for field in fields}, rules)
        if len(block) != 1 or block[0].name not in ("title", "subtitle") or rules.has_signal(block[0].value):
            return None
        fields.append(block[0])
    return fields, (copy_lines[0][0], copy_lines[-1][1])


# Poster for the gym - New Year, New You! / 开学季海报：新学期 新起点: the brief's first line, a description naming the
# format, then a spaced dash or a colon, then the line of copy.
_DESCRIBED_LINE = re.compile(r"[ \t]*(?P<lead>[^\n：:﹕]{2,60}?)(?:[ \t]+[-–—]+[ \t]+|[ \t]*[：﹕][ \t]*|:[ \t]+)"
                             r"(?P<copy>[^\n]{2,60}?)[ \t]*(?=\n|$)")


# 时间：每周六下午3点 ⏎ 地点：二楼阅读区 ⏎ 免费报名 限20人 / Where: Hall B ⏎ When: Sat 3pm: under the labelled copy, lines
# keyed by when, where, what it costs and how to get in touch (the poster's own keys, no field's label).
_INFO_KEY = re.compile(
    r"[ \t]*(?:[-•*·▪►>]|\d{1,2}[.)、])?[ \t]*(?P<key>"
    r"[\u4e00-\u9fff]{0,4}?(?:时间|時間|日期|地点|地點|地址|电话|電話|热线|熱線|专线|專線|场地|場地|费用|費用|价格|價格|名额|名額|区域|區域"
    r"|信息|資訊)"  # (演出信息：6月8日 19:30 | …: the facts of the show)
    # (报名截止：9月30日 ｜ …: the reader's deadline; 交稿截止 is the designer's)
    r"|(?:报名|報名|活动|活動|优惠|優惠|预约|預約|领取|領取|兑换|兌換|购买|購買|团购|團購)截止"
    r"|咨询|諮詢|联系方式|聯繫方式|展期|主讲|主講|嘉宾|嘉賓|讲师|講師|票价|票價|门票|門票|联系人|聯繫人|微信|场次|場次"
    r"|(?i:time|date|dates|when|where|venue|location|address|address\s+line|hours|opening\s+hours|tel|phone|price|"
    r"tickets|admission|entry|fee|cost|speaker|host|contact|e-?mail|website|info))"
    # (服务时间 9:00-21:00 / 热线 400-800-1234: a key and its figures a blank apart)
    r"(?:[ \t]*(?P<colon>[：﹕]|:(?!\d))|[ \t]+(?=[\d+(（]))[ \t]*\S")
_CELL_BAR = re.compile(r"[|｜]")
_INFO_LINE_OF_ITS_OWN = re.compile(r"[ \t]*[\u4e00-\u9fff]{0,4}(?:信息|資訊)[ \t]*[：:﹕]")
# (电话：138 1122 3344: a number alone says nothing, its key stays with it)
_CONTACT_KEY = re.compile(r"电话|電話|热线|熱線|专线|專線|咨询|諮詢|联系|聯繫|微信|(?i:tel|phone)")
_INFO_HEADING = re.compile(r"[^\n：:﹕]{1,12}[：:﹕][ \t]*")  # 活动信息：/ 底部信息： heading the lines below


def _info_lines(text: str, spans: list[tuple[int, int]], labelled: dict[str, Field], rules: CopyRules) -> Field | None:
    """The fine print a brief gives unlabelled under its labelled copy: one passage of lines, next to the copy's lines (a
    heading like 活动信息： or a blank between), holding a line keyed by time, place, price or contact, none of them a
    remark to the designer."""
    if not ({"title", "subtitle"} & set(labelled)):
        return None
    after_copy, run = False, []
    position = min(field.start for field in labelled.values())
    position = text.find("\n", position) + 1 if "\n" in text[position:] else len(text)
    runs = []
    while position < len(text):
        end = _line_end(text, position)
        line = text[position:end]
        claimed = any(start < end and position < stop for start, stop in spans)
        if claimed or not line.strip() or _INFO_HEADING.fullmatch(line):
            runs.append(run)
            run, after_copy = [], after_copy or claimed
        elif after_copy and not _remark_line(line.strip(), rules):
            run.append((position, end))
        else:
            runs.append(run)
            run, after_copy = [], False
        position = end + 1
    runs.append(run)
    body = labelled.get("body")
    body_keyed = body is not None and bool((keyed := _INFO_KEY.match(text, body.start)) and keyed.group("colon"))
    for lines in runs:
        if not lines or not (body_keyed or any(_INFO_KEY.match(text, start) for start, _ in lines)):
            continue
        start, end = lines[0][0], lines[-1][1]
        if body is not None:
            # 底部：首发周 5人成团每人立减30 ⏎ 地址：解放路88号3楼: the labelled fine print's line, then such lines under it
            # (a body read from a block of unlabelled lines ends where the writer's block did; a label heads the body's
            # line or the line above it)
            body_line = text.rfind("\n", 0, max(0, text.rfind("\n", 0, body.start))) + 1
            if _INFO_LINE_OF_ITS_OWN.match(text, start):
                continue  # 正文：… ⏎ 展位信息：展位号 A-218…: a block of facts under the body is a line of its own
            if _line_end(text, body.end) + 1 != start or text[body.end:_line_end(text, body.end)].strip() \
                    or not rules.label_candidates.search(text, body_line, body.start):
                continue
            return Field("body", text[body.start:end].rstrip(), body.start, end)
        keyed = _INFO_KEY.match(text, start)
        if len(lines) == 1 and keyed and keyed.group("colon") and not _CONTACT_KEY.search(keyed.group("key")) \
                and "地址" not in keyed.group("key") and not any(
                _INFO_KEY.match(text, bar.end()) for bar in _CELL_BAR.finditer(text, start + 1, end)):
            # 地址：朝阳区建国路99号: one such line alone, its key names what the words are (报名截止：… ｜ 比赛地点：…: a
            # line of keyed facts keeps them all)
            start = keyed.end() - 1
        start += len(text[start:end]) - len(text[start:end].lstrip())
        return Field("body", text[start:end].rstrip(), start, end)
    return None


# Seat tiers + presale terms to list on the banner: / Must show underneath: / 补偿内容和有效期都放底部：: a line of its
# own, no field's label, that ends in a colon and asks for the lines under it to be printed (where they go on the design,
# that they must be on it, in which order).
_PRINTED_HEADING = re.compile(
    r"(?i:\b(?:on|in)\s+(?:the\s+)?(?:banner|popup|pop-up|poster|design|flyer)\b|\bmust\s+(?:be\s+on|show|appear|go)\b"
    r"|\bin\s+this\s+order\b|\blower\s+third\b|\bunderneath\b|\bunder\s+it\b|\bat\s+the\s+bottom\b)"
    r"|底部|最下面|最下方|底下|都要放|都放|必须放|必須放|依次放|按顺序")
_HEADING_COLON = re.compile(r"[ \t]*(?P<heading>[^\n：:﹕]{2,100}?)[ \t]*[：:﹕][ \t]*\n")


def _printed_lines_under_heading(text: str, spans: list[tuple[int, int]], labelled: dict[str, Field],
                                 rules: CopyRules) -> Field | None:
    """Pricing + note (must be on banner):⏎Single Autograph – $60⏎…⏎Autograph tickets require…: under a heading that
    asks for them to be printed, the lines up to a blank one or a remark to the designer are the fine print, one a line.
    Only after a labelled title or subtitle, and only when no fine print was labelled."""
    if "body" in labelled or not ({"title", "subtitle"} & set(labelled)):
        return None
    first = min(field.start for field in labelled.values())
    for heading in _HEADING_COLON.finditer(text, first):
        if heading.start() and text[heading.start() - 1] != "\n" or not _PRINTED_HEADING.search(heading.group("heading")):
            continue
        words = _LINE_BULLET.sub("", heading.group("heading"))
        if any(start < heading.end() and heading.start() < stop for start, stop in spans) \
                or rules.field_named(_label_key(words)) in ("title", "subtitle", "cta"):
            continue
        lines, position = [], heading.end()
        while position < len(text):
            end = _line_end(text, position)
            line = text[position:end].strip()
            # (the lines are asked for, so a clause like 请及时领取 or "1 use per account" is theirs: only a whole line
            # to the designer, a bracketed aside or a label ends them)
            if not line or _BRACKETED_LINE.fullmatch(line) or _printing_remark(line, rules) \
                    or any(start < end and position < stop for start, stop in spans):
                break
            raw = text[position:end]
            lines.append((position + len(raw) - len(raw.lstrip()), position + len(raw.rstrip())))
            position = end + 1
        if lines:
            return Field("body", text[lines[0][0]:lines[-1][1]], lines[0][0], lines[-1][1])
    return None


def _printing_remark(line: str, rules: CopyRules) -> bool:
    """Is a line under a heading that asks its lines printed a word to the designer instead (the whole line, not a
    clause of it: those lines are asked for), so the printed lines end before it?"""
    return _designer_line(line, rules) or rules.is_instruction(line)


def _headline_after_description(text: str, labelled: dict[str, Field], rules: CopyRules) -> Field | None:
    """Poster for the gym - New Year, New You! ⏎ subline: … ⏎ button: …: with the lines under it labelled and no
    headline among them, the words after the first line's description of the job (it names the format), a dash or
    colon away, are the headline (none when they talk about the design, name a field or ask for the button)."""
    line = _DESCRIBED_LINE.match(text)
    if line is None or "subtitle" not in labelled or any(field.start < line.end() for field in labelled.values()):
        return None
    lead, copy = line.group("lead"), _clean(line.group("copy"))
    if not find_alias(lead, rules.lexicon.formats) or rules.label_candidates.search(lead) \
            or rules.label_candidates.search(line.group("copy")) or not copy or rules.has_signal(copy) \
            or rules.is_action(copy) or _ASKS_FOR_WORK.search(copy) or any(ch in QUOTE_PAIRS for ch in copy):
        return None
    start = text.find(copy, line.start("copy"))
    return Field("title", copy, start, start + len(copy)) if start >= 0 else None


_FORMAT_COLON_LINE = re.compile(r"[ \t]*(?P<lead>[^\n：:﹕，,]{1,12}?)[ \t]*[：﹕:][ \t]*(?P<copy>[^\n，,｜|；;/]+)")


def _headline_after_format_colon(text: str, masked: str, labelled: dict[str, Field], rules: CopyRules) -> Field | None:
    """弹窗：新人专享 首单立减20元，按钮写“领取” / 弹窗：… ｜ 按钮 领取福利: a bare format named with a colon, then words
    with no label right before the labelled button on that line: they are the headline, offer and all. (签到得积分弹窗：
    连续签到7天，额外送50积分（按钮：…）: after a described format the words run on past the comma, as before.)"""
    button = labelled.get("cta")
    line = _FORMAT_COLON_LINE.match(masked)
    if button is None or line is None or "\n" in text[:button.start] or len(labelled) > 2:
        return None
    lead = line.group("lead").strip()
    formats = find_alias(lead, rules.lexicon.formats)
    if len(formats) != 1 or formats[0][2] != lead or rules.label_candidates.search(lead) \
            or not re.match(r"[ \t，,｜|；;/]*\n", masked[line.end("copy"):]):
        return None
    copy = _clean(line.group("copy"))
    if not copy or rules.has_signal(copy) or rules.is_action(copy) or _ASKS_FOR_WORK.search(copy) \
            or any(ch in QUOTE_PAIRS for ch in copy):
        return None
    start = text.find(copy, line.start("copy"))
    return Field("title", copy, start, start + len(copy)) if start >= 0 else None


_LINE_UNDER_IT_CHARS = 60


def _headline_before_under_it(text: str, masked: str, labelled: dict[str, Field], rules: CopyRules) -> Field | None:
    """Big Summer Sale ⏎ Under it: Up to 50% off: a subtitle placed under the line above it makes that line, a line of
    copy with no label of its own, the headline."""
    subtitle = labelled.get("subtitle")
    if subtitle is None:
        return None
    line_start = text.rfind("\n", 0, subtitle.start) + 1
    lead = text[line_start:subtitle.start]
    if not line_start or not (placed := rules.label_placement.match(lead.lstrip(" \t>*•-"))) \
            or not rules.label_candidates.fullmatch(placed.group()):
        return None
    return _headline_on_line_above(masked, line_start, rules)


def _headline_on_line_above(masked: str, line_start: int, rules: CopyRules) -> Field | None:
    """The line above `line_start` as the headline: short plain copy with no colon, no design talk, no action and no
    request for work (None otherwise)."""
    above_start = masked.rfind("\n", 0, line_start - 1) + 1
    line = _clean(masked[above_start:line_start - 1])
    if (changed := _changed_quote(line, rules)) is not None:
        line = _clean(changed[1:-1])  # 原来的“A”改成“B”: the words it changes to
    if not line or len(line) > _LINE_UNDER_IT_CHARS or re.search(r"[：﹕]|:(?!\d)", line) or rules.has_signal(line) \
            or rules.is_action(line) or _ASKS_FOR_WORK.search(line):
        return None
    start = masked.find(line, above_start)
    return Field("title", line, start, start + len(line))


def _headline_above_labelled_sub(text: str, masked: str, labelled: dict[str, Field], rules: CopyRules) -> Field | None:
    """…(A5): ⏎⏎NEW BOILER FROM £1,695 FITTED ⏎Subtitle: Includes 10-year warranty: a line of copy set apart (a blank,
    or the job's line ending in its colon, above it) right over the labelled subtitle's line, with no headline
    labelled anywhere, is the headline."""
    subtitle = labelled.get("subtitle")
    if subtitle is None or "title" in labelled or any(field.start < subtitle.start for field in labelled.values()):
        return None
    line_start = text.rfind("\n", 0, subtitle.start) + 1
    bullet = _LINE_BULLET.match(text, line_start)
    if not line_start or not rules.label_candidates.match(text, bullet.end()):
        return None  # (the subtitle's label heads its line)
    above_start = masked.rfind("\n", 0, line_start - 1) + 1
    before = masked[:above_start]
    previous = before[:-1].rsplit("\n", 1)[-1].rstrip()
    if before.strip() and previous.strip() and not previous.endswith(("：", ":")):
        return None  # (set apart: a blank line above it, or the line that describes the job)
    headline = _headline_on_line_above(masked, line_start, rules)
    if headline is None or _remark_line(headline.value, rules) or rules.is_instruction(headline.value) \
            or headline.value[0] in QUOTE_PAIRS:
        return None  # (a quoted line is read with the brief's other quotes)
    return headline


# 一行字就行：… / 就一个标题，放官网首屏：… / 封面文字就一行：… / 請只放一句：⏎…: the brief says the poster carries one line
# of words, then gives it after the colon (to the line's end, or on the next line).
_ONLY_LINE = re.compile(r"(?:一行字|一句话|一句話|就一行|只有一行|只放一句|只要一句|就一句|一个标题|一個標題)[^：:﹕\n。]{0,12}?[：:﹕][ \t]*\n?"
                        r"[ \t]*(?P<copy>[^\n]{2,40}?)[ \t]*(?=\n|$)")


def _the_only_line(text: str, masked: str, rules: CopyRules) -> Field | None:
    """The one line of copy a brief announces as the poster's only words (a design remark or a label there is none)."""
    found = _ONLY_LINE.search(masked)
    if found is None or found.group("copy")[0] in QUOTE_PAIRS or rules.label_candidates.search(found.group("copy")) \
            or rules.only_design_words(found.group("copy")):
        return None  # (a quote after the colon is read as a quote)
    copy = _clean(found.group("copy"))
    start = text.find(copy, found.start("copy"))
    return Field("title", copy, start, start + len(copy)) if copy and start >= 0 else None


_ASKS_FOR_WORK = re.compile(r"麻烦|帮忙|帮我|帮做|做下|做一下|弄下|弄一下|出一下|(?i:\b(?:please|pls|can you|could you)\b)")


_MARKER_BEFORE = re.compile(r"(?:^|[\n。；;.!?！？]\s*|[\n]\s*(?:[-•*·・]\s*))$")
_MARKER_AFTER = re.compile(r"\s*(?:[：:﹕\-–—（(]|$)|\s+")


def _first_poster_end(text: str, rules: CopyRules) -> int:
    """Where the second poster of a brief for several starts (海报二：, 图2, Banner B, 第二张), when
    the first is marked too; else the end. Copy is read from the first poster's part."""
    first_words: set[str] = set()
    for marker in rules.poster_marker.finditer(text):
        # A marker heads its part: at a line or sentence start, before a colon, dash or space
        # (参考图1和图2 names pictures, not posters).
        if not (_MARKER_BEFORE.search(text, max(0, marker.start() - 4), marker.start())
                and _MARKER_AFTER.match(text, marker.end())):
            continue
        ordinal = marker.group("n") or marker.group("nth")
        word = (marker.group("word") or "第").lower()
        if ordinal in "一1①A":
            first_words.add(word)
        elif word in first_words:
            # 按钮有两个方案：⏎方案一：…⏎方案二：…⏎用方案二: a brief that picks one lists options for a field, not posters
            # 第一版：… ⏎ 第二版（定稿）：…: drafts of one poster, the later marked final, are no second poster
            line = (text.rfind("\n", 0, marker.start()) + 1, _line_end(text, marker.start()))
            if any(pattern.search(text) for pattern in rules.option_choice) or rules.final_heading.match(text, *line):
                return len(text)
            return marker.start()
    return len(text)


# A forwarded or replied mail's subject line (FW: …, 回复：…), its divider (----- Forwarded message -----,
# -----原始邮件-----) and its header block (From: … ⏎ Subject: …, 发件人：… ⏎ 主题：…): where a mail came
# from and what it was called, never the poster's words.
# (Begin forwarded message: / Original Message: / 转发的邮件：: a mail app's divider in words)
_MAIL_SUBJECT_LINE = re.compile(r"^[ \t>]*(?:(?:(?i:fwd?|re|subject)|转发|回复|答复)[ \t]*[:：].*|-{2,}[^\n]{1,40}?-{2,}[ \t]*"
                                r"|(?i:begin\s+forwarded\s+message|-*\s*original\s+message|forwarded\s+message)[ \t]*[:：]?[ \t]*"
                                r"|(?:转发的邮件|轉發的郵件|原始邮件|原始郵件)[ \t]*[:：]?[ \t]*)$",
                                re.MULTILINE)
_MAIL_HEADER_LINE = re.compile(r"^[ \t>]*(?:(?i:from|to|cc|bcc|sent|date|subject)|发件人|收件人|抄送|发送时间|时间|日期|主题)"
                               r"[ \t]*[:：].*$", re.MULTILINE)
_MAIL_HEADER_LINES = 2
# (re: the film developing banner — client wants the button to read "…": a reply's subject, a spaced dash, then the
# message itself on the same line; the subject ends at the dash)
_REPLY_SUBJECT_THEN_MESSAGE = re.compile(r"[ \t>]*(?i:fwd?|re)[ \t]*[:：][^\n]{1,60}?(?P<dash>[ \t]+[—–][ \t]+)"
                                         r"(?=[^\n]{40,})")


# The earlier mail a reply quotes (在 2024年3月12日 …，周敏 写道：⏎> … / On Tue, … Anna wrote:⏎> …): the thread's
# history under the new message. Once the reply gives labelled copy of its own, what was argued over below is
# no copy (a reply that only points down at it, go with option B … as below, still reads it).
_QUOTED_HISTORY = re.compile(r"^[ \t>]*(?:(?:在|於|于)[^\n]{1,80}?(?:写道|寫道)|(?i:on\s[^\n]{1,120}?\swrote))[ \t]*[:：]?[ \t]*\n"
                             r"(?:[ \t]*>[^\n]*(?:\n|$)|[ \t]*\n)+", re.MULTILINE)


def _mail_header_spans(text: str) -> list[tuple[int, int]]:
    """The lines of a pasted mail's header: its subject lines, and a run of two or more header lines."""
    spans = [(line.start(), reply.start("dash") if (reply := _REPLY_SUBJECT_THEN_MESSAGE.match(text, line.start()))
              else line.end()) for line in _MAIL_SUBJECT_LINE.finditer(text)]
    run: list[tuple[int, int]] = []
    for line in [*_MAIL_HEADER_LINE.finditer(text), None]:
        if line is not None and (not run or text[run[-1][1]:line.start()] == "\n"):
            run.append(line.span())
            continue
        if len(run) >= _MAIL_HEADER_LINES:
            spans += run
        run = [line.span()] if line is not None else []
    return spans


# A pasted chat's message head: [14:20] 产品-小陈： / [Mon 09:14] Raj: / 【10:05】Amy： at a line's start (a time in
# brackets, then who spoke). It says who wrote the line and when, never the poster's words.
_CHAT_HEAD = re.compile(r"^[ \t]*[\[【(（][ \t]*(?:[A-Za-z]{3,9}\.?[ \t]+|\d{1,2}[/-]\d{1,2}[ \t]+|周.[ \t]*)?"
                        r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?[ \t]*[\]】)）][ \t]*[^\n:：﹕]{1,24}?[ \t]*[:：﹕]",
                        re.MULTILINE)


# A chat app's export puts who spoke and when on a line of their own (**Mei Ling** 10:41 AM / Daniel (Legal)  11:02):
# the name, a role in brackets among it, is never a label nor copy. (Small print | 活动截至6月18日 23:59: a bar keys a
# table's row, whose value may end on a time; Sat, May 11 · 10:00 AM names a date: the poster's time, no one's name)
_CHAT_HEAD_LINE = re.compile(r"^[ \t]*(?:\*\*)?[^\n:：﹕*|｜\d·•]{1,40}?(?:\*\*)?(?:[ \t]+|(?<=[)）]))"
                             r"(?:(?i:today|yesterday)[ \t]+(?:at[ \t]+)?)?"
                             r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?[ \t]*$", re.MULTILINE)


# 【生鲜运营群】 / [Teams – #growth-design]: a pasted chat's first line names the group or channel it came from.
# (【转发自“家居运营群”聊天记录】: the group may be quoted, and the line may name the log it is)
_CHAT_ROOM_LINE = re.compile(r"^[ \t]*[【\[][^\]】\n]{0,30}?(?:(?:群|群聊|群组|群組|频道|頻道)|#[\w-]{2,30})[”」』\"]?(?:的)?"
                             r"(?:聊天记录|聊天記錄|群聊记录|群聊記錄|消息|訊息|记录|記錄|截图|截圖)?[ \t]*[】\]][ \t]*$", re.MULTILINE)


# [运营-阿杰] 设计老师在吗 / 【市场-Vivian】外卖弹窗文案: a group chat pasted as team-name tags in brackets, one opening
# each message (two messages at least): who spoke, never a label nor copy.
_SPEAKER_TAG = re.compile(r"^[ \t]*[\[【][^\]】\n:：﹕\d]{1,12}?[-－–—·][^\]】\n:：﹕]{1,16}?[\]】][ \t]*", re.MULTILINE)
_SPEAKER_TAGS_MIN = 2


# 【区域经理】标题：… ⏎【区域经理】按钮：…: one name in brackets heading two or more lines is who sent them (a label or a
# tag in the brackets, 【标题】, is not a name).
_NAME_TAG = re.compile(r"^[ \t]*[\[【](?P<name>[^\]】\n:：﹕\d]{2,12}?)[\]】][ \t]*", re.MULTILINE)


# 张经理：…标题用“A” ⏎ 李主管：改一下，…标题用“B” ⏎ 张经理：好的: a chat pasted as "who：what" lines. A person's role
# (经理, 主管, 老师 …) after a name or surname says who speaks.
_SPEAKER_LINE = re.compile(r"^[ \t]*(?P<name>[^\s:：﹕，,。；;、\d\[\]【】()（）\"“”'‘’「」]{1,6}?"
                           r"(?:经理|主管|总监|總監|老师|老師|老板|老闆|主任|组长|組長|部长|部長|店长|店長|专员|專員|助理|总|總)"
                           # (Jess: Title: … ⏎ Mark: legal says … ⏎ Jess: ok. Title: …: an English first name, then its
                           # message; a field's own label (Title:, Note:) or a mail's header (From:, To:) is no speaker)
                           r"|(?!(?:From|To|Cc|Bcc|Sent|Subject|Date|Re|Fwd|Reply)\b)[A-Z][a-z]{1,11}(?=[ \t]*[:：﹕][ \t]))"
                           r"[ \t]*[:：﹕]", re.MULTILINE)


def _chat_heads(text: str, rules: CopyRules) -> tuple[list[tuple[int, int]], tuple[int, ...]]:
    """Who spoke in a pasted chat: the heads to blank (times, channel lines, bracketed tags and names) and where each
    message starts. "张经理：" heads (two or more, one person at least twice) only start messages: they stay in the
    text, since 用李主管的 picks a line by its speaker."""
    tags = list(_SPEAKER_TAG.finditer(text))
    names: dict[str, list[re.Match[str]]] = {}
    for tag in _NAME_TAG.finditer(text):
        if not rules.label_candidates.fullmatch(tag.group("name").strip()) and not rules.is_tag(tag.group("name")):
            names.setdefault(tag.group("name"), []).append(tag)
    named = [tag for found in names.values() if len(found) >= _SPEAKER_TAGS_MIN for tag in found]
    blanked = [head.span() for head in (*_CHAT_HEAD.finditer(text), *_CHAT_HEAD_LINE.finditer(text),
                                        *_CHAT_ROOM_LINE.finditer(text),
                                        *(tags if len(tags) >= _SPEAKER_TAGS_MIN else []), *named)]
    speakers = [head for head in _SPEAKER_LINE.finditer(text)
                if not rules.label_candidates.fullmatch(head.group("name")) and not rules.is_tag(head.group("name"))]
    speaker_names = [head.group("name") for head in speakers]
    if len(speakers) < _SPEAKER_TAGS_MIN or len(set(speaker_names)) == len(speaker_names):
        speakers = []
    return blanked, tuple(sorted({*(start for start, _ in blanked), *(head.start() for head in speakers)}))


# (标题/副标题/按钮) / (line 1 = title, line 2 = small text under it, line 3 = button): brackets on one line.
_BRACKETS = re.compile(r"[（(][^()（）\n]{3,120}[）)]")
_KEY_FIELDS_MIN = 2
# …, headline first then the line under it:⏎'…'⏎'…' / headline then subhead:: a clause that ends its line with a colon and
# names the fields in the order the lines below give them.
_ORDER_CLAUSE = re.compile(r"[^\n,，.。!?！？:：()（）]{3,80}(?=[:：][ \t]*\n)")
_ORDER_WORD = re.compile(r"(?i:\b(?:then|first|followed\s+by)\b)|然后|然後|先|再")
_PLACE_TO_LABEL = re.compile(r"(?:做|作|当|當|作为|作為|用作|放|写|寫)?")
# (这句放在按钮下面做小字: a label followed by a side of it is the place the line goes, no field of the key)
_LABEL_AS_PLACE = re.compile(r"[ \t]*(?:的)?(?:下面|下方|下边|下邊|底下|上面|上方|上边|上邊|旁边|旁邊|左边|右边|左邊|右邊|后面|後面)")


def _field_keys(text: str, rules: CopyRules) -> list[tuple[tuple[int, int], list[str]]]:
    """Brackets that name two or more fields ((标题/副标题/按钮), (headline first, button is the last one)):
    a key to the copy lines, in the order it names them. Its words are no label and no copy."""
    keys = []
    ordered = [clause for clause in _ORDER_CLAUSE.finditer(text) if _ORDER_WORD.search(clause.group())]
    for bracket in [*_BRACKETS.finditer(text), *ordered]:
        if rules.removal.search(bracket.group()):
            continue  # (上面没有副标题，就这三行): a field taken away names no key
        # (small text under it: a place right after a label says where that line goes, it names no field of its own)
        # (印在下方小字: a position glued before a label says where that label's line goes, one field)
        # (line 2 = small text under it: the line's number is named by the field after its equals sign)
        # (4 = small text at the bottom: a place right after a label's word, at the bottom, is where its line goes)
        found = [label for label in rules.label_candidates.finditer(bracket.group())
                 if not re.match(r"[ \t]*[=＝]", bracket.group()[label.end():])
                 and not _LABEL_AS_PLACE.match(bracket.group(), label.end())]
        # (放最下面做小字: the place, a verb, then the label it places)
        glued = [k + 1 < len(found) and _PLACE_TO_LABEL.fullmatch(bracket.group(), label.end(), found[k + 1].start())
                 and _label_key(label.group("label")) not in rules.field_of for k, label in enumerate(found)]
        named = [rules.label_field(label.group("label")) for k, label in enumerate(found)
                 if not (k and rules.label_placement.fullmatch(bracket.group()[found[k - 1].end():label.end("label")].strip()))
                 and not glued[k]]
        if len(set(named) & set(FIELDS)) >= _KEY_FIELDS_MIN:
            keys.append((bracket.span(), named))
    return keys


def _in_key_order(block: list[Field], keys: list[tuple[tuple[int, int], list[str]]]) -> None:
    """(line 1 = title, line 2 = small text under it, line 3 = button): copy lines as many as the fields a
    key names take those fields, in its order."""
    for _, named in keys:
        if len(named) == len(block) == len(set(named)) and set(named) <= set(FIELDS):
            for field, name in zip(block, named):
                field.name = name
            return


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked by spaces, so positions and lines stay put."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_VERSIONS_OBJECT = re.compile(r'\{\s*"[\w-]{1,12}"\s*:\s*"[^{}]*"\s*\}')


def _version_asked_for(value: str, brief: str) -> str:
    """{"en": "Double 11 Mega Sale", "zh_TW": "雙11 超級購物節"} as a field's value: one string per version
    (a language, a market). The copy is the version the brief names elsewhere (use the zh_TW values only),
    else the first. Any other value is returned as it is."""
    found = _VERSIONS_OBJECT.match(value)
    if not found or value[found.end():].strip(" \t\n},"):  # (the closing braces of the object around it may follow)
        return value
    try:
        versions = json.loads(found.group())
    except ValueError:
        return value
    if not isinstance(versions, dict) or not versions or not all(isinstance(v, str) for v in versions.values()):
        return value

    def mentions(key: str) -> int:
        spelled = re.escape(key).replace("_", "[_-]").replace(r"\-", "[_-]")
        return len(re.findall(r"(?<![A-Za-z])" + spelled + r"(?![A-Za-z])", brief, re.IGNORECASE))

    # a key is written once inside each such object; a mention beyond those is the brief asking for it
    objects = len(_VERSIONS_OBJECT.findall(brief)) or 1
    named = max(versions, key=lambda key: mentions(key) - objects)
    return versions[named if mentions(named) > objects else next(iter(versions))]


_LANGUAGES = r"(?P<language>(?i:en|english|eng|zh|chinese)|英文版?|中文版?|繁體版?|繁中|繁体版?|简体版?|簡體版?|简中)"
# EN:⏎… ⏎中文：⏎…: the copy in two languages, each under a heading line of its own.
_LANGUAGE_HEADING = re.compile(r"^[ \t]*" + _LANGUAGES +
                               r"[ \t]*(?:[（(][^()（）\n]{1,20}[)）])?[ \t]*[:：﹕]?[ \t]*$", re.MULTILINE)
# 繁體：標題 …｜按鈕 … / 英文 Title: … / Button: …: one line per language, led by its name.
_LANGUAGE_LINE = re.compile(r"^[ \t]*" + _LANGUAGES + r"(?:[ \t]*[:：﹕][ \t]*|[ \t]+)(?=\S)[^\n]*", re.MULTILINE)
# (内容就是… / 主要内容是… / 内容大概是…: what the poster is about, said in a sentence)
_TOPIC_LEAD = re.compile(r"(?:主要|大概)?内容(?:主要|大概|就|也)?是[ \t]*$")
# Please use the Chinese for this poster / 用中文版 / 香港APP只印繁体 / app只上英文版: which of them the brief asks for.
# (用右边的英文 / English only: the side of a two-language line to print)
_LANGUAGE_CHOICE = re.compile(r"(?i:\b(?:use|go\s+with|take|pick|print|keep)\s+(?:the\s+|only\s+(?:the\s+)?)?(?P<en>chinese|english)\b"
                              r"|\b(?P<en_only>english|chinese)[ \t]+only\b)"
                              r"|(?:用|使用|採用|采用|选|選|只印|只上|只用|只放|只出|只做|仅用|僅用|只要)(?:右边|右邊|左边|左邊|后面|後面|前面)?的?"
                              r"(?P<zh>中文|英文|繁体|繁體|简体|簡體)")


def _language_of(word: str) -> str:
    """en, zh (simplified Chinese, or Chinese unsaid) or hant (traditional Chinese)."""
    if word.lower() in ("en", "english", "eng") or word.startswith("英"):
        return "en"
    return "hant" if word.startswith("繁") else "zh"


# Title: 新年快乐 / Happy New Year: one value in two languages, a spaced slash between them.
_LANGUAGE_SLASH = re.compile(r"[ \t]+[/／|｜][ \t]+|[ \t]*／[ \t]*")  # (防晒季 清透一夏 ｜ Sun's Out: a spaced bar too)


def _one_language(value: str, wanted: str) -> str:
    """The part of a two-language value (中文 / English) in the language the brief prints; the value itself when it is
    not one value in two languages."""
    parts = _LANGUAGE_SLASH.split(value)
    if len(parts) != 2 or not all(parts):
        return value
    chinese = [bool(_CJK_CHAR.search(part)) and not re.search(r"[A-Za-z]{3,}", part) for part in parts]
    english = [not _CJK_CHAR.search(part) and bool(re.search(r"[A-Za-z]", part)) for part in parts]
    if sorted(chinese) != [False, True] or sorted(english) != [False, True] or chinese == english:
        return value
    return parts[chinese.index(True)] if wanted in ("zh", "hant") else parts[english.index(True)]


# Title: 2nd Anniversary（二周年庆典）: English copy glossed in Chinese in brackets, for the designer to understand it.
_GLOSSED = re.compile(r"(?P<copy>[^" + _CJK + r"()（）]*[A-Za-z][^" + _CJK + r"()（）]*?)[ \t]*"
                      r"[（(](?P<gloss>[^()（）A-Za-z]*[" + _CJK + r"][^()（）A-Za-z]*)[)）]")


def _without_gloss(value: str) -> str:
    """English copy with a Chinese gloss in brackets after it: the gloss is the brief's, never printed (a Chinese
    word in brackets on an English line, Claim Now（立即领取）, translates it)."""
    glossed = _GLOSSED.fullmatch(value)
    return glossed.group("copy").strip() if glossed else value


def _other_language_spans(text: str, rules: CopyRules) -> list[tuple[int, int]]:
    """The sections of the languages the brief did not ask for, when it gives its copy under one heading
    line per language (EN:⏎… 中文：⏎…) and says which to use. Nothing when it does not say."""
    headings = list(_LANGUAGE_HEADING.finditer(text))
    ends = [heading.start() for heading in headings[1:]] + [len(text)]
    sections = [(heading, heading.start(), end) for heading, end in zip(headings, ends)]
    if len(headings) < 2:  # …or one line each, the line its own section
        sections = [(line, *line.span()) for line in _LANGUAGE_LINE.finditer(text)
                    if rules.label_candidates.search(text, line.end("language"), line.end())]
    if len({_language_of(section.group("language")) for section, _, _ in sections}) < 2:
        return []
    choice = _LANGUAGE_CHOICE.search(text, 0, sections[0][1])
    if choice is None:
        return []
    wanted = _language_of(choice.group("en") or choice.group("en_only") or choice.group("zh"))
    return [(start, end) for section, start, end in sections if _language_of(section.group("language")) != wanted]


# No button – tapping the whole card opens the offer / 不要按钮：整张图可点: what follows the taking back says why.
_REASON_GAP = re.compile(r"[ \t]*(?:[-–—]+|[：:﹕，,])[ \t]*")


def _label_gives_reason(gap: str, name: str, rules: CopyRules) -> bool:
    """不要按钮 按钮平台自己有: right after the field is taken back, its label again brings why, not copy."""
    label = gap.strip(" \t，,")
    return bool(label) and rules.label_candidates.fullmatch(label) is not None and rules.field_of.get(_label_key(label)) == name


# 【APP-2231】 / [MKT-118] / GROW-42 / 【需求单 #PG-102】: a ticket's key (a project's capitals, a dash, a number; its # with it).
# (a shop's unit B1-23 in an address has one letter before its floor's figure: no project's key)
_TICKET_KEY = re.compile(r"(?<![A-Za-z0-9-])(?:#[ \t]?)?[A-Z]{2}[A-Z0-9]{0,8}-\d{1,6}(?![\w-])")


def _ticket_field_spans(text: str, rules: CopyRules) -> list[tuple[int, int]]:
    """In a pasted ticket (its key names it), the key and the labels of the ticket's own fields (描述：, Description:,
    验收标准：): the ticket's words about the job. The copy comes under the brief's own labels."""
    if not (key := _TICKET_KEY.search(text)):
        return []
    return [key.span(), *(field.span() for field in rules.ticket_field.finditer(text))]


def _brief_section_spans(text: str, rules: CopyRules) -> list[tuple[int, int]]:
    """OBJECTIVE ⏎ Convert cart abandoners… / Key message — … / Audience: …: in a creative brief (two strategy sections
    head lines), a section's heading and its words, to a blank line or a line a copy label heads, say what the copy was
    written from and hold none of it (## Key message ⏎ **Headline:** … keeps the headline)."""
    heads = list(rules.brief_section.finditer(text))
    if len({head.group("name").lower() for head in heads}) < 2:
        return []
    spans = []
    for head in heads:
        end = _line_end(text, head.end())
        if not text[head.end():end].strip():  # (the heading alone on its line: its words are the lines under it)
            if rules.label_candidates.match(text[end + 1:_line_end(text, end + 1)].strip(" \t*#-•>")):
                continue  # (## Key message ⏎ **Headline:** …: it heads the copy itself)
            while end < len(text):
                following = text[end + 1:_line_end(text, end + 1)]
                if not following.strip() or rules.label_candidates.match(following.strip(" \t*#-•>")):
                    break
                end = _line_end(text, end + 1)
        spans.append((head.start(), end))
    return spans


_NOTES_END = re.compile(r"\n[ \t]*\n")


def _designer_note_spans(text: str, rules: CopyRules) -> list[tuple[int, int]]:
    """注意事项（给美术）：⏎1. 用游戏通用公告框…⏎2. …道具名称以正文为准 / Notes for the designer:⏎- …: a heading line that
    names notes and whom they are for heads instructions on how to make the poster: it and its lines, to the next blank
    line, hold no copy and no label."""
    spans = []
    for heading in rules.notes_heading.finditer(text):
        line = heading.group()
        if not (rules.notes_word.search(line) and rules.notes_addressee.search(line)):
            continue
        end = _NOTES_END.search(text, heading.end())
        spans.append((heading.start(), end.start() if end else len(text)))
    return spans


# voice memo → text: / voice note to text: / 语音转文字：: what the brief is, a transcript ("text" there is no label)
_SPEECH_TO_TEXT = re.compile(r"(?i:\b(?:voice[ \t]*(?:memo|note|message)s?|audio|recording|speech)[ \t]*(?:→|->|=>|to)[ \t]*"
                             r"(?:text|transcript)\b[ \t]*[:：﹕]?)")


# ~~Headline: The future is electric~~ / ~~旧标题~~: Markdown's strikethrough marks a line taken out of the copy.
# (a tilde run glued to words is a chat's 好的~~, not a strikethrough)
# (~Headline: …~: a whole line between single tildes, as chat apps strike through)
# 4. 删掉底部的‘限量1000台’ / remove "Limited stock" from the footer: the words the brief takes off the poster
_REMOVED_QUOTE = re.compile(r"(?:删掉|删除|刪掉|刪除|去掉|拿掉|(?i:\b(?:delete|remove)\b))[^\n，,。；;“”「」『』‘’\"']{0,8}?"
                            r"(?:“[^”\n]{1,40}”|「[^」\n]{1,40}」|『[^』\n]{1,40}』|‘[^’\n]{1,40}’|\"[^\"\n]{1,40}\"|'[^'\n]{1,40}')")
# 直播口播 … “来，3号链接…！” ⏎ 贴片： ⏎ 上：… / 画面底部字幕条： ⏎ …: a live-stream script's spoken lines are said, not printed,
# when the brief names the words shown on screen (the sticker, the caption bar, the overlay text).
_ON_SCREEN_HEAD = re.compile(r"^[^\n：:﹕]{0,12}?(?:贴片|貼片|字幕条|字幕條|字幕|叠字|疊字|花字|画面文字|畫面文字|屏幕文字|(?i:on-?screen\s+text|overlay\s+text|super))"
                             r"(?:文案|文字)?[ \t]*[：:﹕][ \t]*$", re.MULTILINE)
_SPOKEN_LINE = re.compile(r"^[ \t]*(?:[^\n：:﹕“”]{1,6}[：:﹕][ \t]*)?“[^\n]*”[ \t]*$", re.MULTILINE)
# 副标题也换 — 旧的：'…'，新的：'…' / 原：「…」/「…」⏎现：「…」/「…」: the old words, named old before the new ones, are no copy.
_OLD_BEFORE_NEW = re.compile(r"(?<![^\s，,。；;—–(（-])(?:旧的|舊的|旧版|舊版|旧文案|舊文案|旧|舊|原来的|原來的|原来|原來|原文案|原文|原版|原"
                             r"|(?i:old|before))[ \t]*[：:﹕][^\n]*?(?=[，,；;。 \t]*(?:\n[ \t]*)?"
                             r"(?:新的|新版|新文案|新|现在的|現在的|现在|現在|现|現|(?i:new|after|now))[ \t]*[：:﹕])")
_STRUCK_THROUGH = re.compile(r"(?<![~\w])~~(?=\S)[^~\n]{1,200}?(?<=\S)~~(?!~)"
                             r"|(?m:^[ \t]*~(?=[^\s~])[^~\n]{1,200}?(?<=\S)~[ \t]*$)")


# 括号里那句别放上去 / leave the emoji off: the brief asks for a value's bracketed aside or its emoji to stay off the
# poster; they close the value, the words before them are the copy.
_BRACKET_LEFT_OFF = re.compile(r"(?:括号|括號|括弧)(?:里|裡|内|內)?(?:的|那句|那段|那个|的话|的字|的内容)?(?:话|字|内容)?[ \t]*"
                               r"(?:都|就|也)?(?:别|不要|不用|无需|勿)(?:放|写|加|印)")
_EMOJI_LEFT_OFF = re.compile(r"(?i:\b(?:leave|keep|take)\s+(?:the\s+|that\s+)?emojis?\s+(?:off|out)\b"
                             r"|\b(?:drop|lose|skip|remove)\s+(?:the\s+|that\s+)?emojis?\b)"
                             r"|(?:别|不要|不用|去掉)(?:放|加|用|带)?(?:emoji|表情)")
_CLOSING_BRACKET_ASIDE = re.compile(r"[ \t]*[（(][^()（）\n]{1,40}[)）]$")
_CLOSING_EMOJI = re.compile(r"(?:[ \t]*[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?)+$")


# headlin: / - Headlne: / 2. SUBHAED: …: the word that opens a key: value line (after a bullet or an item's number)
_LINE_KEY = re.compile(r"^(?P<lead>[ \t]*(?:[-*•>]+[ \t]*|\d{1,2}[.)、][ \t]*)?)(?P<word>[A-Za-z]{5,14})(?=[ \t]*[:：﹕])",
                       re.MULTILINE)


# Line 1 - Free Family Day! ⏎ Line 2 - Kids under 12 go free ⏎ Line 3 - Sunday July 21 · …: lines numbered from the top,
# each heading its line, are the headline, the line under it and the fine print (a fourth line leaves them unread: which
# one is the button nobody says). In a legend, (line 1 = title, line 2 = …), the field follows and no line is rewritten.
_NUMBERED_LINE = re.compile(r"^(?P<lead>[ \t]*(?:[-*•>]+[ \t]*)?)(?i:line)[ \t]*(?P<n>[1-9])[ \t]*[-–—:：][ \t]*(?=\S)",
                            re.MULTILINE)
_NUMBERED_LINE_LABELS = {"1": "Headline: ", "2": "Subtitle: ", "3": "Small print: "}


# > | Headline | Every 10th Cup Is On Us |: a table row inside a forwarded mail's quote is a row all the same.
_QUOTED_TABLE_ROW = re.compile(r"^[ \t]*(?:>[ \t]*)+(?=\|)", re.MULTILINE)


def _numbered_lines(text: str) -> str:
    numbers = [found.group("n") for found in _NUMBERED_LINE.finditer(text)]
    if numbers[:2] != ["1", "2"] or len(numbers) > 3 or numbers != sorted(set(numbers)):
        return text
    return _NUMBERED_LINE.sub(lambda found: found.group("lead") + _NUMBERED_LINE_LABELS[found.group("n")], text)


def _mended_labels(text: str, rules: CopyRules) -> str:
    """headlin: / Headlne: …: a one-word English label misspelt by one common typo (a letter dropped, doubled or
    swapped) at the head of a key: value line is the label it means; a word of its own (Reading:, Heading:) stays.
    Only the label word changes, never the copy after it."""
    def mend(key: re.Match[str]) -> str:
        word = key.group("word")
        low = word.lower()
        if low in rules.field_of or low in english_words():
            return key.group(0)
        meant = typo_fixes(low) & rules.typo_mendable_labels
        if len(meant) != 1:
            return key.group(0)
        label = meant.pop()
        label = label.upper() if word.isupper() else label.capitalize() if word[0].isupper() else label
        return key.group("lead") + label

    def one_label(key: re.Match[str]) -> str:
        latin, cjk = rules.field_named(_label_key(key.group("latin").strip())), rules.field_named(_label_key(key.group("cjk")))
        return key.group("lead") + key.group("cjk") if latin and latin == cjk else key.group(0)

    return _UPPER_LOWER.sub(r"\g<1>\g<2>面\g<3>", _GLUED_LABELS.sub(one_label, _LINE_KEY.sub(mend, text)))


# 贴片：⏎上：3号链接 维C买一送一⏎下：到手两瓶仅59.8元: 上 / 下 heading a line by their colon are its place, 上面 / 下面.
_UPPER_LOWER = re.compile(r"^([ \t]*)([上下])([ \t]*[：:﹕])", re.MULTILINE)


# T&C小字：… / footer小字：… / CTA按钮：…: an English label and a Chinese one for the same field, glued, are one label
# (the Chinese, whose characters a Latin letter before them would hide from the label reader).
_GLUED_LABELS = re.compile(r"^(?P<lead>[ \t]*(?:[-*•>]+[ \t]*|\d{1,2}[.)、][ \t]*)?)(?P<latin>[A-Za-z][A-Za-z&/ ]{0,15}?)"
                           r"(?P<cjk>[\u4e00-\u9fff]{1,6})(?=[ \t]*[:：﹕])", re.MULTILINE)


# A voice note says where each line goes instead of labelling it, in the middle of its run-on sentence (…, and
# underneath, Free pot of tea… / And at the bottom in small print put Valid 3 to 9 June… / The line under that is …):
# the place, right before words that start with a capital (or, after a comma, a quote: Under that, 'Cash and…'), is
# the label of a line of its own. Never before lower case (and underneath put the logo): that is a remark.
# (the copy a spoken place introduces starts with a capital or a figure, or with a quote around one)
_SPOKEN_COPY = r"(?=[A-Z0-9]|['\"“‘][A-Z0-9])"
# (…, and then under it something like Book a… / underneath, um, Laminate…: what a speaker says before the copy)
_SPOKEN_FILLER = r"(?:[ \t]*,?[ \t]+(?i:uh+|um+|erm|er|just|something[ \t]+like|maybe|put|write)(?=[ \t,]))*"
_SPOKEN_UNDER = re.compile(
    # (⏎then underneath: Limited edition…: a line of its own that starts with "then")
    # (…50% off and under it say Verify…: "and" for the comma before a place that says its words)
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+|(?<=\n)[ \t]*(?=(?:and[ \t]+)?then[ \t])"
    r"|[ \t]+(?=and[ \t]+(?:then[ \t]+)?(?:underneath|under|below)(?:[ \t]+(?:it|that))?[ \t]+(?:say|says|write|is)[ \t]))"
    r"(?:um+,?[ \t]+|uh+,?[ \t]+)?(?:and[ \t]+)?"
    # (then smaller text Live music… / and then smaller underneath, Fresh…: the line a size down is the one under it)
    r"(?:then[ \t]+)?(?:right[ \t]+)?(?:the[ \t]+line[ \t]+)?"
    r"(?:underneath(?:[ \t]+(?:it|that))?|(?:under|below|beneath)[ \t]+(?:it|that|the[ \t]+headline)"
    # (title is …, under is Win 1000 HKD…: a bare "under" that says its words)
    r"|(?:under|below)(?=[ \t]+(?:is|says|say|write|reads)[ \t])"
    r"|smaller(?:[ \t]+(?:text|line|type|words))?(?:[ \t]+underneath)?(?:[ \t]+it)?"
    # (big line says …, small line says …: the line a size down from the big one, said after it)
    r"|small[ \t]+line(?=[ \t]+(?:says|reads|is)[ \t]))"
    r"(?:[ \t]+(?:is|says|say|write|reads|should[ \t]+(?:say|read|be)))?" + _SPOKEN_FILLER
    + r"(?:[ \t]*,?[ \t]+(?-i:(?=[A-Z0-9]))|[ \t]*,[ \t]*"
    r"(?-i:(?=['\"“‘][A-Z0-9]))|[ \t]*[:：][ \t]*(?-i:(?=['\"“‘]?[A-Z0-9]))))")
# In a transcript the line under the headline may be said in lower case after the place and its comma (…, then
# under that, open till 2am every Friday / ? Then, We handle tenants…): the comma, never a verb of placing
# (underneath, put the QR code) or a speaker's word, says copy follows.
_SPOKEN_UNDER_LOWER = re.compile(
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+)(?:(?:um+|uh+),?[ \t]+)?(?:and[ \t]+)?(?:then[ \t]+)?"
    r"(?:(?:underneath|under|below|beneath)[ \t]+(?:it|that|the[ \t]+headline)|underneath)"
    # (…, and then underneath it say twelve hours, one circle…: a verb of saying for the comma)
    # (…, and then underneath it's like, up to 40% off… / underneath it says 预约试驾…: the speaker's "it's like")
    r"(?:[ \t]*,[ \t]*|[ \t]+(?:say|says|write|should[ \t]+say|it[ \t]+says|it['’]s[ \t]+like,?)[ \t]+"
    r"|(?<=it)['’]s[ \t]+like,?[ \t]+|(?<=it)[ \t]+says[ \t]+)"
    r"(?:(?:um+|uh+),[ \t]*)?"
    r"|(?<=[.!?])[ \t]+then[,:][ \t]*)"
    r"(?=[A-Za-z0-9$£€¥\u4e00-\u9fff])(?!(?i:put|add|use|make|place|the[ \t]+(?:logo|qr|photo|picture|image)|it'?s|that|there|"
    r"no|nothing|maybe|something|smaller|small|we['’](?:ll|re|d)|i['’](?:ll|m|d)"
    r"|(?:we|i)[ \t]+(?:need|want|can|could|should|will|think|guess))\b)")
_SPOKEN_SMALL_PRINT = re.compile(
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+)(?:um+,?[ \t]+|uh+,?[ \t]+|oh,?[ \t]+)?(?:and[ \t]+)?"
    r"(?:um+,?[ \t]+|uh+,?[ \t]+)?(?:then[ \t]+)?"
    # (…, and the little text at the bottom says Walk-ins welcome…: "the", and little for small; and uh the fine print
    # Offer valid…: the fine print named, its words capitalised after it)
    r"(?:(?:(?:at[ \t]+the[ \t]+(?:very[ \t]+)?bottom|down[ \t]+below)[ \t]*,?[ \t]*)?(?:in[ \t]+|the[ \t]+)?"
    r"(?:small|tiny|little|fine(?=[ \t]+print))"
    r"(?:[ \t]+(?:print|text|type|letters)(?:[ \t]+at[ \t]+the[ \t]+(?:very[ \t]+)?bottom)?|[ \t]+at[ \t]+the[ \t]+"
    r"(?:very[ \t]+)?bottom)[ \t]*,?[ \t]*(?:(?:put|says?|saying|reads?|write)[ \t]+)?"
    # (…, and then at the very bottom small, Cash… / and small under the button, Same-day…: "small" and where it goes)
    r"|(?:(?:at[ \t]+the[ \t]+(?:very[ \t]+)?bottom|down[ \t]+below)[ \t]*,?[ \t]*(?:in[ \t]+)?(?:small|tiny)"
    r"|(?:small|tiny)[ \t]+(?:under|below|beneath)[ \t]+(?:the[ \t]+button|that|it))[ \t]*,[ \t]*"
    # (…, and at the bottom put Headlamps provided.: the bottom line's verb says it is copy)
    # (…, bottom write Sat 25 May 2pm…: the bare place with its verb of writing, in a chat)
    r"|bottom[ \t]+(?:write|says?|reads?)[ \t]+"
    r"|at[ \t]+the[ \t]+(?:very[ \t]+)?bottom[ \t]*"
    # (And at the bottom: Call 555-0147…: a colon for the comma)
    r"(?:,?[ \t]*(?:put|says?|reads?|write)[ \t]+|[,:：][ \t]*(?-i:(?=[A-Z0-9\"'“‘])))))"
    + _SPOKEN_COPY)  # (Oh and at the bottom, While supplies last.: the comma for the colon, before copy's capital)
# …, and at the bottom just our phone number, 020 7555 0188 / At the bottom just put our website, green….co.uk / and
# at the bottom the address which is Riverside Library…: a place, then the kind of line it holds (a number, an
# address, a handle), then that line's words, whatever their case: the kind said names them as copy.
_CONTACT_KIND = (r"(?:(?:phone|contact|hotline)(?:[ \t]+number)?|number|(?:street[ \t]+)?address|website"
                 r"|web[ \t]+address|site|url|handle|instagram|ig|hashtag|e-?mail|location|venue"
                 r"|opening[ \t]+hours|hours)")
# (…, 020 7555 0188. And no button…: a line said after the kind of line it is ends at its sentence's stop, the
# speaker's words after it)
_SPOKEN_LINE_TO_ITS_STOP = r"(?P<copy>['\"“‘]?[A-Za-z0-9@#+(][^\n]*?)(?:\.(?=[ \t]+\S)|\.?[ \t]*(?=\n|$))"
_SPOKEN_BOTTOM_KIND = re.compile(
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+|[ \t]+(?=(?:and|then)[ \t]))(?:(?:um+|uh+|oh|also),?[ \t]+)?(?:and[ \t]+)?"
    r"(?:then[ \t]+)?(?:at|on)[ \t]+the[ \t]+(?:very[ \t]+)?bottom[ \t]*,?[ \t]*(?:just[ \t]+)?"
    r"(?:(?:put|add|have|write)[ \t]+)?"
    r"(?:our|the|my)[ \t]+(?:[a-z-]+[ \t]+)?" + _CONTACT_KIND
    + r"(?:[ \t]*,[ \t]*|[ \t]+(?:which|that)[ \t]+is[ \t]+|[ \t]+is[ \t]+|[ \t]*[—–:][ \t]*))"
    + _SPOKEN_LINE_TO_ITS_STOP)
# Put our handle @nailedit.la at the bottom / also add our address at the bottom — 88 Bayview Rd: the kind of line,
# its words (one handle, site or address: no blank in them) before the place or after it.
# (…, just our handle @breathefree.clinic at the bottom: "just" for the verb)
_SPOKEN_KIND_AT_BOTTOM = re.compile(
    r"(?i:(?<![^\s,，.])(?:(?:just[ \t]+)?(?:put|add)|just)[ \t]+(?:our|the|my)[ \t]+" + _CONTACT_KIND
    # (just put the URL big at the bottom: how big it is, no words of it)
    + r")[ \t]+(?!(?i:big|bigger|large|larger|small|smaller|bold|huge|tiny|centred|centered)\b)"
    r"(?P<copy>[@#]?[\w.-]*[\w](?:[.@/][\w-]+)*)[ \t]+(?i:at[ \t]+the[ \t]+(?:very[ \t]+)?bottom)"
    r"(?=[ \t]*(?:[.!,]|$))")
_SPOKEN_KIND_THEN_BOTTOM = re.compile(
    r"(?i:(?<![^\s,，.])(?:put|add)[ \t]+(?:our|the|my)[ \t]+" + _CONTACT_KIND
    + r"[ \t]+at[ \t]+the[ \t]+(?:very[ \t]+)?bottom[ \t]*(?:[—–:]|,)[ \t]*)" + _SPOKEN_LINE_TO_ITS_STOP)
# (…. And the contact at the bottom is 503-555-0199. / and our address at the bottom is 12 Elm St.: the kind of line,
# the place, then the verb that brings its words)
_SPOKEN_KIND_AT_BOTTOM_IS = re.compile(
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+)(?:and[ \t]+)?(?:our|the|my)[ \t]+" + _CONTACT_KIND
    + r"[ \t]+at[ \t]+the[ \t]+(?:very[ \t]+)?bottom[ \t]+(?:is|should[ \t]+be|will[ \t]+be|says|reads)[ \t]+)"
    + _SPOKEN_LINE_TO_ITS_STOP)
# (…, and at the bottom put the little line free, bring a chair… / and then the five things in small: no flash, …: the
# small line named, or "in small" and a colon, bring that line's words to their stop, whatever their case)
_SPOKEN_SMALL_LINE_NAMED = re.compile(
    r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+)(?:and[ \t]+)?(?:then[ \t]+)?"
    r"(?:at[ \t]+the[ \t]+(?:very[ \t]+)?bottom[ \t]*,?[ \t]*(?:put|write|add)[ \t]+the[ \t]+(?:little|small|tiny)[ \t]+"
    r"(?:line|text|print)[ \t]*[,:]?[ \t]+"
    r"|(?:the[ \t]+[a-z]+(?:[ \t]+[a-z]+)?[ \t]+)?in[ \t]+(?:small|tiny)(?:[ \t]+(?:print|text|type|letters))?[ \t]*:[ \t]*))"
    + _SPOKEN_LINE_TO_ITS_STOP)
# (…but put Call 0573-8888 1234 to book at the bottom.: words put at the bottom, capitalised as copy is, no thing
# to place)
_SPOKEN_COPY_AT_BOTTOM = re.compile(
    r"(?<![^\s,，])(?i:put)[ \t]+(?!(?i:qr|logo|the|our|a|an|your|my|photo|picture|image|map|icon|it|this|that)\b)"
    r"(?P<copy>[A-Z0-9\"“'‘](?:(?!(?i:\b(?:button|badge|sticker|tag)\b))[^\n])*?)"  # (Put "Grab Yours" on a button…)
    r"[ \t]+(?i:at[ \t]+the[ \t]+(?:very[ \t]+)?bottom)(?=[ \t]*(?:[.!,]|$))")
# (…, the main thing should say Seafood Platter Delivered / …, put at the top: Give the Gift of Time.: the big line, or
# what goes at the top, and the verb or colon that brings it)
_SPOKEN_HEADLINE = re.compile(r"(?i:(?:[,，][ \t]*|(?<=[.!?])[ \t]+)(?:so[ \t]+)?(?:the[ \t]+)?(?:(?:big|main)[ \t]+"
                              r"(?:headline|title|line|thing)(?:[ \t]+(?:is|says|reads|should[ \t]+(?:say|read|be)))?"
                              r"|top[ \t]+line[ \t]*,(?:[ \t]*(?:big|large|bold)[ \t]*,)?"
                              r"|(?:put[ \t]+)?at[ \t]+the[ \t]+(?:very[ \t]+)?top[ \t]*[:：])[ \t]+)"
                              + _SPOKEN_COPY)


# … Practice Quietly, Anytime. Subline, Digital pianos… / …, and the button, Buy a Voucher.: a label said at a
# sentence's start (or after "and the"), a comma for its colon (and the button, uh, Book…: a filler after it)
# (transcript: main line, Gung Hay… / …, and then fine print, Sites are almost gone: after a transcript's colon or after
# "then", and a two-word one (second line, fine print) after a comma, a label may come without "the")
_SPOKEN_LABEL = re.compile(r"(?:(?<=[.!?])[ \t]+(?i:and[ \t]+)?(?i:the[ \t]+)?"
                           r"|(?<=[—–])[ \t]+(?=[A-Za-z]+(?:[ \t][a-z]+)?[ \t]*,[ \t]+['\"“‘]?[A-Z0-9])"
                           r"|[,，][ \t]*(?i:and[ \t]+)?(?i:then[ \t]+)?(?i:the)[ \t]+"
                           # (…, and uh in small print, every Tuesday…: a filler, and where the words go)
                           r"|[,，][ \t]*(?i:and[ \t]+)?(?i:(?:uh+|um+),?[ \t]+)?(?i:in[ \t]+(?=[a-z]+[ \t]print\b))?"
                           r"(?i:then[ \t]+|(?=[a-z]+[ \t](?:line|print|title)\b))"
                           r"|(?i:(?<=transcript:)|(?<=transcript：)|(?<=memo:)|(?<=note:))[ \t]+"
                           # (OK so headline, Don't Let Rust Win. Sub, …: a first label at a line's start after fillers)
                           r"|(?:\A|(?<=\n))[ \t]*(?:(?i:ok(?:ay)?|so|right|alright|um+|uh+)[ \t]*,?[ \t]+)*)"
                           r"(?P<label>[A-Za-z][A-Za-z-]{1,11}(?i:[ \t](?:print|line|title|text|copy))?)[ \t]*,[ \t]+"
                           r"(?:(?i:uh+|um+|erm|er)[ \t]*,[ \t]+"
                           # (the button, um, the button should say Get a Quote: the label said again, and its verb)
                           r"(?:(?i:the)[ \t]+(?P=label)[ \t]+(?i:should[ \t]+(?:say|read|be)|says|reads|is)[ \t]+)?)?"
                           # (… moments. And the button, just say Try It: the verb after the comma)
                           r"(?:(?i:just[ \t]+)?(?i:say|put|write)[ \t]+)?"
                           # (Subheadline, first drum lesson free.: lower-case words too, unless they talk about the field)
                           r"(?=(?P<next>[A-Za-z0-9][A-Za-z'-]*)|['\"“‘][A-Z0-9])"
                           r"(?!(?i:let'?s|go|going|use|say|says|maybe|i|i'm|we|we'll|just|make|put|please|pls|something|no|"
                           r"nah|none|not|keep|same|like|probably|perhaps|in|as|over|see|below|above|here|there|and|or|"
                           r"which|that|this|it|is|should|would|could|can|will|for|with|to|of|the|a|an|big|bigger|bold|"
                           r"large|small|smaller|centred|centered)\b)(?![^\n,.:=]{0,30}[:=](?!\d))",
                           re.MULTILINE)


def _spoken_labels(text: str, rules: CopyRules) -> str:
    """…. Subline, Digital pianos with headphones…: a field's own word alone before the comma labels the words after
    it, unless they name another field (Headline, Subtitle, CTA below: a list of the fields)."""
    def label(found: re.Match[str]) -> str:
        key = _label_key(found.group("label"))
        field = rules.field_named(key)  # (second line, …: a place names it too)
        if field not in FIELDS or (found.group("next") and _label_key(found.group("next")) in rules.field_of):
            return found.group(0)
        return _SPOKEN_BREAK + found.group("label") + ": "

    return _SPOKEN_LABEL.sub(label, text)


# A transcript (voice note, voicemail) says its labels in passing, with a verb or none and a filler or two: …, the
# headline should be Croissant Masterclass / big text is Bike to work / — headline Matchmaker Bonus, sub Invite a…
# Only there: in a typed brief a field's word before a capitalised word after a comma is copy (…, Sub Zero Prices).
_TRANSCRIPT = re.compile(r"(?i:\bvoice[ \t-]*(?:notes?|memos?|messages?|msgs?|mails?|to[ \t-]*text)\b|\bvoicemail"
                         r"|\btranscri(?:pt|bed|ption))")
_SAID_LABEL = re.compile(
    r"(?:(?<=[.!?,，—–])|^)[ \t]+(?i:(?:oh|so|and|then|also)[ \t]+)*(?i:the[ \t]+)?"
    r"(?P<label>(?i:(?:big|main|top|large)[ \t]+)?[A-Za-z][A-Za-z-]{1,11}"
    r"(?i:[ \t](?:print|line|title|text|words|copy))?)"
    r"(?:[ \t]+(?i:just))?(?:[ \t]+(?i:is|says|saying|reads|should[ \t]+(?:say|be|read)|will[ \t]+(?:say|be)|goes"
    r"|can[ \t]+(?:just[ \t]+)?(?:be|say|read)))?"  # (…, and the button can just be Shop Now)
    # (…, the button text just 立即预约: a mixed note's Chinese copy after its English label)
    + _SPOKEN_FILLER + r"[ \t]*,?[ \t]+(?=(?P<next>['\"“‘]?(?:[A-Z0-9][A-Za-z'-]*|[\u4e00-\u9fff]{1,4})))", re.MULTILINE)
_NOT_COPY_NEXT = {"i", "i'm", "we", "we'll", "let's", "please", "maybe", "thanks", "cheers"}
# (…says Go Big Tonight: a size alone is no label; …, Valid Jan 18 only: nor is a word that labels only a kind of fine
# print, said at the head of its copy)
_SIZE_ALONE = {"big", "main", "top", "large", "small"}
# (Title: "…". … Oh wait, the price went up, subtitle should be "…": a transcript typed with colon labels is left as
# typed, and its revisions to the revision rules)
_COLON_WORD = re.compile(r"(?<![A-Za-z])(?P<word>[A-Za-z][A-Za-z-]{1,11}(?:[ \t][A-Za-z]{2,6})?)[ \t]*[:：﹕]")


def _says_its_labels(text: str, rules: CopyRules) -> bool:
    """Is this a transcript whose labels are said, not typed with a colon?"""
    return bool(_TRANSCRIPT.search(text)) and not any(rules.field_named(_label_key(found.group("word"))) in FIELDS
                                                      for found in _COLON_WORD.finditer(text))


def _said_labels(text: str, rules: CopyRules) -> str:
    """A transcript's labels said with a verb or with none (the comma form is `_spoken_labels`)."""

    def label(found: re.Match[str]) -> str:
        after = found.group("next").strip("'\"“‘")
        key = _label_key(found.group("label"))
        if rules.field_named(key) not in FIELDS or key in rules.secondary_labels \
                or found.group("label").lower() in _SIZE_ALONE \
                or after.lower() in _NOT_COPY_NEXT or _label_key(after) in rules.field_of:
            return found.group(0)
        # (sub-line: spelt as the label finder knows it)
        return _SPOKEN_BREAK + found.group("label").replace("-", " ") + ": "

    return _SAID_LABEL.sub(label, text)


# Where a voice note's place or label starts a line. A lone full stop before it is the speaker's, not the copy's
# (…selected hearing aids. Button, Shop the Offer: the subtitle ends without it); ! and ? stay.
_SPOKEN_BREAK = "\u2029"
_SPOKEN_STOP = re.compile(r"(?<![.\s])\.[ \t]*(?=\u2029)")
# (title is Build Trust. Build Teams. Then under it, …: a line of two sentences keeps its last stop, as typed copy does)
_INNER_STOP = re.compile(r"[.!?][ \t]+[A-Z0-9]")


def _speakers_stop(text: str, stop: re.Match[str]) -> str:
    """The full stop before a voice note's next place or label, taken off unless the line it ends holds a sentence
    before it."""
    line_start = max(text.rfind(_SPOKEN_BREAK, 0, stop.start()), text.rfind("\n", 0, stop.start())) + 1
    said = text[line_start:stop.start()]
    said = said[said.find(": ") + 2:] if ": " in said else said  # (the label the break put there)
    return stop.group() if _INNER_STOP.search(said) else ""


# 副标题：抗老面霜礼盒 立减200 ⏎ // 客户：改成 … / → 客户：改为“…” / 【客户：改“…”】: a reviewer's comment on the line under a
# labelled line, changing its words, is that field's correction; so is a bracketed change after the value on its own line
# (副标题：…（改成“…”）).
_REVIEWER = r"(?:客户|客戶|甲方|老板|老闆|领导|領導|审核|審核|法务|法務|合规|合規|品牌方|(?i:client|legal|brand|reviewer|boss))"
_REVIEW_CHANGE = r"(?:改成|改为|改為|换成|換成|更正为|调整为|(?i:change\s+(?:it\s+)?to|changed\s+to|should\s+be|make\s+it))"
_REVIEW_CHANGE_WORD = re.compile(_REVIEW_CHANGE)
_REVIEW_LINE = re.compile(r"^[ \t]*(?:→|->|=>|//|#|>|【|\[|［)?[ \t]*(?:" + _REVIEWER + r"[ \t]*(?:意见|意見|批注|(?i:note|comment))?[ \t]*[：:﹕][ \t]*)"
                          r"(?P<change>" + _REVIEW_CHANGE + r")[ \t]*[：:﹕]?[ \t]*(?P<new>[^\n]*?)[ \t]*[】\]］]?[ \t]*$", re.MULTILINE)
_CHANGE_IN_BRACKETS = re.compile(r"[（(][ \t]*(?:" + _REVIEWER + r"[ \t]*[：:﹕]?[ \t]*)?(?P<change>" + _REVIEW_CHANGE + r")[ \t]*[：:﹕]?[ \t]*"
                                 r"(?P<new>[“「『\"][^\n）)]+[”」』\"])[ \t]*[）)][ \t]*$")
_LABELLED_LINE = re.compile(r"^[ \t]*(?:[-*•]+[ \t]*)?(?P<label>[^\n：:﹕]{1,16}?)[ \t]*[：:﹕][ \t]*\S")


# 注意！！！以下这段必须完整放在底部，一个字都不能改：⏎本产品由…承保…: a line that sends the lines below it to the bottom of the
# poster, whole, heads the fine print.
_BELOW_SENT_TO_BOTTOM = re.compile(r"^[^\n]*?(?:以下|下面)(?:这段|這段|这句|這句|这行|這行|这些|這些|这几行|這幾行|的?文字|的?内容|的?內容|的?话|的?話)"
                                   r"[^\n]{0,40}?(?:放|印|写|寫)(?:在|到)?(?:底部|最下面|最底下|最下方|下方|底下)[^\n]*?[：:][ \t]*\n", re.MULTILINE)


def _reviewed_lines(text: str, rules: CopyRules) -> str:
    """The brief with each reviewer's change to a labelled line written as that label's correction (副标题改成：…); the
    words of the change are never touched."""
    if not _REVIEW_CHANGE_WORD.search(text):
        return text

    def field_label(line: str) -> str | None:
        """The copy label heading the line (副标题：…), or None."""
        labelled = _LABELLED_LINE.match(line)
        label = labelled.group("label").strip(" \t-*•") if labelled else ""
        return label if label and rules.field_named(_label_key(label)) else None

    lines = text.split("\n")
    for k, line in enumerate(lines):
        if (bracketed := _CHANGE_IN_BRACKETS.search(line)) and (label := field_label(line)):
            lines[k] = f"{line[:bracketed.start()]}\n{label}改成{bracketed.group('new')}"
            continue
        if k == 0 or not (review := _REVIEW_LINE.match(line)) or not review.group("new").strip():
            continue
        previous = next((lines[j] for j in range(k - 1, -1, -1) if lines[j].strip()), "")
        if (label := field_label(previous.split("\n")[-1])) and not rules.label_candidates.match(review.group("new")):
            lines[k] = f"{label}改成：{review.group('new')}"
    return "\n".join(lines)


def _spoken_places(text: str, rules: CopyRules) -> str:
    """…, big headline Volunteers Wanted, then underneath Help us…, and at the bottom in small text Free…: each
    place a voice note names starts a labelled line; only the words between the copy change, never the copy."""
    if _SPOKEN_BREAK in text:
        return text  # (a text that holds the separator itself is left as it is: no voice note is typed with one)
    said = _says_its_labels(text, rules)
    text = _spoken_labels(text, rules)
    if said:
        text = _said_labels(text, rules)
    if _TRANSCRIPT.search(text):
        text = _SPOKEN_UNDER_LOWER.sub(_SPOKEN_BREAK + "Under it: ", text)
    text = _SPOKEN_HEADLINE.sub(_SPOKEN_BREAK + "Headline: ", text)
    text = _SPOKEN_UNDER.sub(_SPOKEN_BREAK + "Under it: ", text)
    text = _SPOKEN_SMALL_PRINT.sub(_SPOKEN_BREAK + "Small print: ", text)
    for kind_of_line in (_SPOKEN_BOTTOM_KIND, _SPOKEN_KIND_THEN_BOTTOM, _SPOKEN_KIND_AT_BOTTOM,
                         _SPOKEN_KIND_AT_BOTTOM_IS, _SPOKEN_COPY_AT_BOTTOM, _SPOKEN_SMALL_LINE_NAMED):
        text = kind_of_line.sub(lambda found: f"{_SPOKEN_BREAK}Small print: {found.group('copy')}{_SPOKEN_BREAK}", text)
    if _ZH_TRANSCRIPT.search(text):
        text = _ZH_SPOKEN_BARE_LABEL.sub(lambda found: f"{_SPOKEN_BREAK}{found.group('label')}：", text)
    text = _spoken_zh_title(text, rules)
    text = _PLACED_CONTACT.sub(_placed_contact_line, text)
    text = _PLACED_PINNED.sub(lambda found: _fine_print_line(found.group("copy")), text)
    text = _QR_PLACED_WRITTEN.sub(_SPOKEN_BREAK + "二维码旁边：", text)
    text = _KIND_LINE.sub("底部：", text)
    text = _SPOKEN_PHONE.sub(_spoken_phone_line, text)
    text = _KIND_SENT_TO_BOTTOM.sub(lambda found: _fine_print_line(found.group("copy")), text)
    text = _SENT_TO_BOTTOM.sub(lambda found: _fine_print_line(found.group("copy")), text)
    # (按钮：立即抢购（这个放底部）: a labelled line keeps its label; only where it goes is said)
    text = _LINE_SENT_TO_BOTTOM.sub(lambda found: found.group() if rules.label_candidates.match(found.group("copy"))
                                    else _fine_print_line(found.group("copy")), text)
    return _SPOKEN_STOP.sub(lambda stop: _speakers_stop(text, stop), text).replace(_SPOKEN_BREAK, "\n")


# 最底下放电话 0412 555 018 / 最下面放我们的地址 万达广场3楼… / 最下面放报名电话138 0571 2233: a contact line placed
# at the bottom by the kind of line it is, its words after a blank (the kind word, a heading, left off) or glued to it
# (报名电话138…: printed with it). Quoted words and a colon after the kind are read as labelled already.
# (然后最底下 / 再下面 …放上 / 加个: a voice note's bottom of the poster, and something put there)
_AT_THE_BOTTOM = r"(?<![^\s，,。；;：:])(?:然后呢?|然後呢?|再)?(?:最底下|最下面|最底部|底下|底部|下面)(?:再)?"
_PUT_THERE = r"(?:放|加)(?:上|一下|个|個|一个|一個)?"
_PLACED_CONTACT = re.compile(
    _AT_THE_BOTTOM
    # (下面再写个地址，武汉… / 最下面写门店地址 万达…: 写 with the kind it names)
    + r"(?:" + _PUT_THERE + r"|(?:写|寫)(?:个|個|一个|一個|上|一下)?)"
    r"(?:我们的|我們的|咱们的|我们|我們)?(?P<kind>[\u4e00-\u9fff]{0,2}?(?:电话|電話|热线|熱線|地址|微信号|微信|联系方式|聯繫方式"
    r"|开放时间|營業時間|营业时间|開放時間|活动时间|活動時間"  # (然后下面写一下开放时间，12月20日至…: the hours too)
    r"|时间地点|時間地點|时间|時間))"  # (底下放上课时间 每晚20:00…: any kind of time, 上课 / 报名 before it)
    # (最下面放电话订购 0574-8888 6666: what the number is for, said with it, is printed with it)
    r"(?P<purpose>订购|訂購|预约|預約|咨询|諮詢|报名|報名|订餐|訂餐|订座|訂座)?"
    r"(?:[ \t]*(?:写|寫)(?:上)?(?=[ \t]))?"  # (下面加个地址 写 门店地址：…: the verb said again before the words)
    # (…开放时间，12月20日至次年2月28日，每天9:00-17:30: a clause of times or dates after a comma goes on with the line)
    r"(?:(?P<blank>[ \t]+|[ \t]*[，,][ \t]*)|(?=\d))(?P<copy>[^\s\"“「『'‘][^\n，,。；;]*?"
    r"(?:[，,][ \t]*(?=[\d每周週])[^\n，,。；;]*)*)"
    r"(?:[ \t]+(?:和|及|以及|跟)(?:二维码|二維碼|logo|LOGO|Logo))?"  # (… 和二维码: a thing placed beside it, left off)
    r"(?=[ \t]*(?:[\n，,。；;]|$))")


# (…要放在弹窗底部 / …当小字放底部: the verb of placing, the bottom, and what the words serve as there)
_PUT_AT_THE_BOTTOM = (r"(?:要|需要|请|請|也)?(?:当|當|做|作为|作為)?(?:小字)?(?:放|放在|放到|写在|寫在|印在)"
                      r"(?:弹窗|海报|页面|彈窗|海報|頁面)?的?(?:最)?(?:底部|底下|下面|下方)(?:当小字|做小字|當小字)?")
# 备注：活动截止6月30日，这句放底部 / 备注：补贴金额按机器年限评估 —— 这句当小字放底部 / …，这个时间要放在弹窗底部: a line
# (or a note's words) that the clause after it sends to the bottom is the fine print; the pointer and the note's name go.
_SENT_TO_BOTTOM = re.compile(
    r"(?m)^[ \t]*(?:(?:备注|備註|注|说明|說明)[ \t]*[：:][ \t]*)?(?P<copy>[^\s：:，,；;。][^\n：:，,；;。]{1,40}?)[ \t]*"
    r"(?:[，,]|——|—|--|–)[ \t]*(?:这句话|这一句|这句|這句|这行|這行|这个时间|这个日期|這個時間|這個日期)"
    + _PUT_AT_THE_BOTTOM + r"(?=[ \t]*(?:[\n；;。，,]|$))")

# 然后再加个电话 电话是138 1234 5678 / 然后电话写上，0755-8888 6666 / 底部电话换成 186 0000 2222: a phone number said
# in a voice note or a change, after the kind of line and a verb (or a lead that adds or places it): the number alone
# is the fine print. (咨询电话 400-… glued into a line of copy stays that line's words.)
_SPOKEN_PHONE = re.compile(
    r"(?<![^\s，,。；;：:])(?P<lead>(?:然后呢?|然後呢?|还有|還有)?(?:最底下|最下面|最底部|底下|底部|下面)?(?:再)?"
    r"(?:加个|加個|加一个|加一個|加上|留个|留個|放个|放個)?)[ \t]*"
    r"(?P<kind>(?:联系|聯繫|咨询|諮詢|报名|報名|预约|預約)?(?:电话|電話|手机号?|手機號?|热线|熱線)(?:号码|號碼)?)[ \t]*"
    r"(?:(?P<verb>(?:电话|電話)?[ \t]*(?:是|就是|写上|寫上|写|寫|换成|換成|改成|改為|改为))[ \t，,：:]*|(?P<gap>[ \t]+))"
    r"(?P<copy>\+?\d[\d \t\-–]{5,}\d)(?![\d])")

# 时间地点放最下面，每周三晚上七点，二楼比赛区，好的谢谢: the kind of line sent to the bottom first, then its words, clause
# by clause, up to the speaker's sign-off or the next field.
_KIND_SENT_TO_BOTTOM = re.compile(
    r"(?<![^\s，,。；;：:])(?:然后|然後|再)?(?P<kind>时间地点|時間地點|时间和地点|地址|地點|地点|时间|時間|电话|電話|联系方式|聯繫方式)"
    r"(?:就|也)?(?:放|写|寫|印)(?:在|到)?(?:最下面|最底下|最底部|底部|底下|下面)[ \t]*[，,：:][ \t]*"
    r"(?P<copy>[^\s，,。；;][^\n，,。；;]*(?:[，,][ \t]*(?!(?:好的|好|行|谢谢|謝謝|就这样|就這樣|就这些|辛苦|麻烦|你看|对|對|嗯|然后|"
    r"然後|按钮|按鈕|标题|標題|副标题|副標題|颜色|顏色|尺寸|logo|LOGO))[^\n，,。；;]+)*)(?=[ \t]*(?:[\n，,。；;]|$))")


def _spoken_phone_line(found: re.Match[str]) -> str:
    """The number `_SPOKEN_PHONE` found, as a fine-print line, when a lead or a verb says the line is being given."""
    if not found.group("lead") and not re.search(r"写上|寫上|换成|換成|改成|改為|改为", found.group("verb") or ""):
        return found.group()
    return _fine_print_line(found.group("copy").strip())


# (…，电话我晚点发你 / …，我回头发你 / …，等下发你: what the speaker says about the line, no words of it)
_NOT_CONTACT_WORDS = re.compile(r"(?:电话|電話|地址|号码|號碼|微信)?(?:我|你|他|她|等|回头|回頭|稍后|稍後|晚点|晚點|到时|到時|之后|之後|再)")


# 直播间福利：下单送毛笔一支 (这个放底部): a whole unlabelled line, its key too, that a bracket after it sends to the bottom
_LINE_SENT_TO_BOTTOM = re.compile(
    r"(?m)^[ \t]*(?P<copy>[^\s（(\n][^\n（(]{1,60}?)[ \t]*[（(][ \t]*(?:这个|这句|这行|這個|這句|這行)"
    + _PUT_AT_THE_BOTTOM + r"[ \t]*[)）][ \t]*$")


# 地址那行：西湖区龙井路27号 / 时间地址那行：3月16日 | 科技馆二楼: the line named by the facts it holds is the fine print.
_KIND_LINE = re.compile(r"(?m)^[ \t]*(?:[-•*·][ \t]*)?(?:时间|時間|日期|地址|地点|地點|电话|電話|联系方式|聯繫方式|营业时间|營業時間|"
                        r"时间地址|時間地址|时间地点|時間地點|日期地点|日期地點|日期地址|地址电话|地址電話)(?:那行|那一行|这行|这一行|那條|那条)[ \t]*[：:﹕][ \t]*")


# 底下加个 📍杭州·河坊街45号 / 最下面放 📞 0571-8888 6666: a pin or a phone sign opens the words a line at the bottom gets.
_PLACED_PINNED = re.compile(
    _AT_THE_BOTTOM + _PUT_THERE + r"[ \t]*(?P<copy>(?:📍|📞|☎️?)[^\n，,。；;]*?)(?=[ \t]*(?:[\n，,。；;]|$))")


# 右下角放二维码，写『扫码下载APP』 / 然后放一个二维码 旁边写 “扫码查看献血点”: a QR code placed, then the words written
# beside it in quotes, are the poster's button, as 二维码旁边：… is (the small line under it, 二维码下面小字, stays fine print).
_QR_PLACED_WRITTEN = re.compile(
    r"(?:放|加|贴|貼)(?:上|个|個|一个|一個)?(?:二维码|二維碼|QR码|QR碼|(?i:qr code))[ \t]*[，,]?[ \t]*(?:然后|然後)?"
    r"(?:旁边|旁邊|边上|邊上)?[ \t]*(?:写上|寫上|写|寫)[ \t]*[：:]?[ \t]*(?=[“「『\"'‘《【])")


def _placed_contact_line(found: re.Match[str]) -> str:
    """The contact line `_PLACED_CONTACT` found, as a labelled fine-print line of its own."""
    if found.group("blank") and found.group("blank").strip() and _NOT_CONTACT_WORDS.match(found.group("copy")):
        return found.group(0)  # (然后底下放联系电话，电话我晚点发你: after the pause the speaker goes on about it)
    if not found.group("blank") or found.group("purpose"):
        return _fine_print_line(found.string[found.start("kind"):found.end("copy")])
    # (再下面写地址，地址是 朝阳区…: the kind said again before its words)
    return _fine_print_line(re.sub(r"^[\u4e00-\u9fff]{0,2}?(?:电话|電話|地址|号码|號碼)(?:就)?是[ \t]*", "", found.group("copy")))


def _fine_print_line(words: str) -> str:
    """Words a Chinese voice note or note sends to the bottom, as a labelled fine-print line of their own."""
    return f"{_SPOKEN_BREAK}底部：{words}{_SPOKEN_BREAK}"


# 语音转文字：…你帮我做个海报 就写 两个人的演唱会 然后下面写 … / 你就写 回收价 额外加10% 然后最底下小字写 …: a Chinese voice
# note that tells the designer what to "write" before any field is named, and then names the line below it, says the
# headline first; the words after 写 are its copy.
# (喂 那个 就是 … / 那个海报呢 就写 …: a message that opens as speech does is a voice note typed out, tagged or not)
_ZH_TRANSCRIPT = re.compile(r"语音|語音|转文字|轉文字|转写|轉寫|\A[ \t]*(?:喂|嗯+|呃+|那个|那個)(?=[ \t，,]|海报|海報|就是)")
_ZH_SAID_TITLE = re.compile(r"(?:(?<=[，,。；;：:\s])|(?=你))(?:(?:那个|那個|嗯|啊|哈|呃)[，, \t]*)*"
                            r"(?:你就|那你就|那就|你|就)?(?:帮我)?(?:写|寫)(?:个|個|上)?[，,：: \t]*(?=[^\s，,。])")
_ZH_TITLE_NAMED = re.compile(r"(?<!副)(?<!小)标题|(?<!副)(?<!小)標題|大字|上面写|上面寫|(?i:title|headline)")
_ZH_LINE_BELOW = re.compile(r"下面|底下|副标题|副標題|小标题|小標題")


# 语音：…然后副标题，周末出海体验一人只要 399 / 就写大字，全城最大蹦床公园: in a Chinese voice note a field's name (or
# 大字), then the speaker's pause, then the words: the pause stands for the colon.
_ZH_SPOKEN_BARE_LABEL = re.compile(r"(?<=[，,。；;\s])(?:然后|然後|再)?(?:就写|就寫|写|寫)?"
                                   r"(?P<label>副标题|副標題|小标题|小標題|大标题|大標題|主标题|主標題|标题|標題|按钮|按鈕|大字)"
                                   r"[，,][ \t]*(?=[^\s，,。])")


# 姐妹帮个忙 做个海报 写 … 然后下面写 … / 哥 弄个海报 就写 …: a chat that asks for the poster and, in the same breath,
# what to write on it speaks as a voice note does.
_JOB_THEN_WRITE = re.compile(r"(?:做|弄|搞|整|出|设计|設計)(?:一)?(?:个|個|张|張|下)?[ \t]*(?:海报|海報|图|圖|弹窗|彈窗|招聘图|宣传图|宣傳圖)"
                             r"[ \t，,]*(?:吧|哈|呗)?[ \t，,]*(?:你|那你)?(?:就)?(?:帮我)?(?:写|寫)(?:个|個|上)?[，,：: \t]+(?=[^\s，,。])")


def _spoken_zh_title(text: str, rules: CopyRules) -> str:
    """The words a Chinese voice note asks to write before it names any field, when it then names the line below."""
    if not (_ZH_TRANSCRIPT.search(text) or _JOB_THEN_WRITE.search(text)) or not (said := _ZH_SAID_TITLE.search(text)) \
            or _ZH_TITLE_NAMED.search(text, 0, said.start()) or not _ZH_LINE_BELOW.search(text, said.end()):
        return text
    before = text[:said.start()].rstrip()
    if any(found.end("label") == len(before) for found in rules.label_candidates.finditer(before)):
        return text  # (按钮 写 立即购买: 写 after a field's name is that field's verb)
    return text[:said.start()] + _SPOKEN_BREAK + "标题：" + text[said.end():]


_CHANGE_WORD = re.compile(r"(?i:\b(?:actually|change|update|switch|scratch|instead)\b)|改成|改为|改為|换成|換成|改做|換做|更正|不对|不對")


# (“去看看”太弱了 / "Shop" feels flat: the old words quoted to be judged)
# (“无门槛”不对 / “去看看”错了: the quoted words judged wrong)
_JUDGED_AFTER = re.compile(r"[ \t]*(?:太|不够|不夠|不好|不行|不对|不對|错了|錯了|有问题|有問題|有点|有點|感觉|感覺|显得|顯得"
                           r"|(?i:is|was|feels|felt|sounds|looks|reads)\b)")


def _quotes_labelled_words(text: str, field: Field, spans: list[tuple[int, int]]) -> bool:
    """Is this unlabelled value a quote of words a label's value gave earlier in the brief, judged right after it, or
    of a small part of a labelled value (Compliance flagged "Never" — we can't promise that)?"""
    if not field.value or field.start == 0 or text[field.start - 1] not in QUOTE_PAIRS:
        return False
    if not _JUDGED_AFTER.match(text, field.end + 1):
        return any(_part_of_a_line(text, field.value, start, end) for start, end in spans if end <= field.start - 1)
    return any(field.value in text[start:end] for start, end in spans if end <= field.start - 1)


def _part_of_a_line(text: str, words: str, start: int, end: int) -> bool:
    """Do these words stand in the span as a small part of its line (Headline: Never get caught short), not as a
    quoted value of their own ("Ethiopia Guji" - wait no…)?"""
    at = text.find(words, start, end)
    while at >= 0:
        line = text[text.rfind("\n", 0, at) + 1:_line_end(text, at)]
        if text[at - 1:at] not in QUOTE_PAIRS and 2 * len(words) <= len(line.strip()):
            return True
        at = text.find(words, at + 1, end)
    return False


# (“高价”两个字加大 / “限时”这几个字标红 / “免费”字样加粗: the quoted words to be made bigger, redder or bolder)
_EMPHASISED = re.compile(r"[ \t]*(?:这|這)?(?:[两兩三四五六\d一二]+个|几个|幾個)?(?:字样|字樣|字)?[ \t]*(?:要|再|请|請|需要)?[ \t]*"
                         r"(?:加大|放大|大一?点|大一?點|加粗|标红|標紅|变红|變紅|突出|醒目|高亮|描边|描邊|换色|換色|改色)")
_PENDING_GAP = " \t—–-:：﹕,，"
_TELLING_VERBS = ("引导", "引導", "跳转", "跳轉")


def _told_about(text: str, field: Field) -> bool:
    """卖点是… / 按钮引导去…: a field the brief tells about (after 是, or by where it leads) instead of writing it."""
    return text[max(0, field.start - 1):field.start] == "是" or field.value.startswith(_TELLING_VERBS)  # (what may part the words that hand the copy over from a label's "value")


def extract_copy(text: str, rules: CopyRules) -> tuple[dict[str, str], str]:
    """The brief's copy and the text left for subjects. A JSON config pasted in the brief is read as JSON; the
    prose around it may still give a field the config lacks. Of test variants, only the one the brief asks for is
    read."""
    text = old_columns_blanked(unpicked_variants_blanked(text))
    if not (config := json_copy(text, rules)):
        return _extract_prose_copy(text, rules)
    fields, spans = config
    prose, rest = _extract_prose_copy(_blank(text, spans), rules)
    return {name: fields.get(name) or prose[name] for name in FIELDS if fields.get(name) or prose.get(name)}, rest


def _turned_quotes(text: str) -> str:
    """标题 ”话费充值满100减3“ 副标 “三网通用 极速到账”: a pair of curly quotes typed the wrong way round is read the
    right way round; the words between them are untouched."""
    if "”" not in text or "“" not in text:
        return text
    marks = [at for at, c in enumerate(text) if c in "“”"]
    if len(marks) % 2:
        return text
    turned = list(text)
    for opening, closing in zip(marks[::2], marks[1::2]):
        pair = text[opening] + text[closing]
        if pair == "”“":
            turned[opening], turned[closing] = "“", "”"
        elif pair != "“”":
            return text  # (a quote left open: the pairs are not what they seem)
    return "".join(turned)


# 本次只需要做第2个 / 这次设计只做弹窗2 / only #3 this time: of a numbered list of popups, the one this job is for.
_PART_PICKED = re.compile(r"(?:只|仅|僅)(?:需要|要)?(?:做|出|设计|設計)[ \t]*(?:第[ \t]*(?P<nth>[1-9一二三四五六七八九])[ \t]*(?:个|個|张|張|条|條|项|項)"
                          r"|(?:弹窗|彈窗|海报|海報|图|圖|banner|(?i:popup))[ \t]*(?P<named>[1-9]))"
                          r"|(?i:\bonly\s+(?:do\s+|need\s+)?(?:#|no\.?\s*|number\s+|popup\s+|poster\s+|item\s+)(?P<en>[1-9])\b)")
_PART_TAG = re.compile(r"[ \t]*【[^】\n]{1,20}】")  # (【弹窗2-补签卡】: the tag heading an item)
_PART_LINE = re.compile(r"^[ \t]*(?:(?P<number>[1-9])[.、)）](?!\d)|【?(?:弹窗|彈窗|海报|海報|图|圖|(?i:banner|popup))[ \t]*(?P<named>[1-9])(?!\d))",
                        re.MULTILINE)


def _unasked_parts_blanked(text: str) -> str:
    """The brief with the other items of a numbered list of popups blanked, when it says which one this job is for
    (1. 首页开屏：… ⏎ 2. 话费充值弹窗：… ⏎ … 本次只需要做第2个); lines and positions stay put."""
    if not (picked := _PART_PICKED.search(text)):
        return text
    wanted = picked.group("nth") or picked.group("named") or picked.group("en")
    wanted = str("一二三四五六七八九".index(wanted) + 1) if wanted in "一二三四五六七八九" else wanted
    parts = [(found.start(), found.group("number") or found.group("named")) for found in _PART_LINE.finditer(text)]
    if len(parts) < 2 or wanted not in {number for _, number in parts}:
        return text
    ends = [start for start, _ in parts[1:]] + [_line_end(text, parts[-1][0])]
    spans = [(start, end) for (start, number), end in zip(parts, ends) if number != wanted]
    # (【弹窗2-补签卡】标题：…: the wanted item's own tag names it, no copy)
    spans += [found.span() for start, number in parts if number == wanted
              if (found := _PART_TAG.match(text, start))]
    return _blank(text, spans)


def _extract_prose_copy(text: str, rules: CopyRules) -> tuple[dict[str, str], str]:
    """The brief's copy (labelled first, then unlabelled) and the text left for subjects."""
    text = _unasked_parts_blanked(_turned_quotes(_capped_blanks(text)))
    text = _spoken_places(_mended_labels(_numbered_lines(_QUOTED_TABLE_ROW.sub("", text)), rules), rules)
    text = _reviewed_lines(text, rules)
    text = _BELOW_SENT_TO_BOTTOM.sub("底部：", text)
    full_text = text
    text = text[:_first_poster_end(text, rules)]
    keys = _field_keys(text, rules)
    chat_heads, messages = _chat_heads(text, rules)
    struck = [found.span() for found in _STRUCK_THROUGH.finditer(text)]  # ~~Headline: …~~: crossed out, no copy
    struck += _designer_note_spans(text, rules)  # 注意事项（给美术）：⏎…: how to make it, no copy
    struck += _brief_section_spans(text, rules)  # Key message — …: what the copy was written from
    struck += [found.span() for found in _SPEECH_TO_TEXT.finditer(text)]  # voice memo → text:: what the text is
    struck += [found.span() for found in _REMOVED_QUOTE.finditer(text)]
    struck += [found.span() for found in _OLD_BEFORE_NEW.finditer(text)]
    if _ON_SCREEN_HEAD.search(text):  # (口播 “家人们…” over 贴片：⏎…: what is said is no copy)
        struck += [found.span() for found in _SPOKEN_LINE.finditer(text)]
    copy_text = _blank(_mask(text, [*_mail_header_spans(text), *_other_language_spans(text, rules), *struck]),
                       [*(span for span, _ in keys), *chat_heads, *_ticket_field_spans(text, rules)])
    # in a chat, a later message's word on a field wins
    labelled, spans = extract_labelled(copy_text, rules, messages)
    if history := [found.span() for found in _QUOTED_HISTORY.finditer(copy_text)]:
        reply = _mask(copy_text, history)
        replied, replied_spans = extract_labelled(reply, rules, messages)
        if any(field.start < history[0][0] for field in replied.values()):
            copy_text, labelled, spans = reply, replied, [*replied_spans, *history]
    masked = _mask(copy_text, spans)
    if "title" not in labelled:  # 马拉松报名海报：⏎copy lines: the lines under a heading are the copy
        block, block_span = _headed_lines(masked, set(labelled), rules)
        _in_key_order(block, keys)
        labelled.update({field.name: field for field in block})
        if not block and (above := _lines_above_button(copy_text, masked, labelled, rules)):
            block, block_span = above
            labelled.update({field.name: field for field in block})
        if block:
            masked = _mask(masked, [block_span])
            spans = [*spans, block_span]
        elif headline := (_headline_before_under_it(copy_text, masked, labelled, rules)
                          or _headline_above_labelled_sub(copy_text, masked, labelled, rules)
                          or _headline_after_description(copy_text, labelled, rules)
                          or _headline_after_format_colon(copy_text, masked, labelled, rules)
                          or (None if labelled else _the_only_line(copy_text, masked, rules))):
            labelled["title"] = headline
            masked = _mask(masked, [(headline.start, headline.end)])
            spans = [*spans, (headline.start, headline.end)]
    if info := (_printed_lines_under_heading(copy_text, spans, labelled, rules)
                or _info_lines(copy_text, spans, labelled, rules)):
        labelled["body"] = info
        line_start = copy_text.rfind("\n", 0, info.start) + 1  # (Contact: …: the key left off is no button either)
        masked = _mask(masked, [(line_start, info.end)])
        spans = [*spans, (line_start, info.end)]
    unlabelled, more = extract_unlabelled(masked, labelled, rules, text)
    # "A" up top, then "B". Oh, and actually make the top line "C": a labelled change after the unlabelled copy rewrites
    # the field that copy filled; the quotes after the first keep their places.
    for name, field in labelled.items():
        if unlabelled and name not in unlabelled and all(other.end <= field.start for other in unlabelled.values()) \
                and _CHANGE_WORD.search(text, text.rfind("\n", 0, field.start) + 1, field.start):
            before, spans_before = extract_unlabelled(masked, {n: f for n, f in labelled.items() if n != name}, rules, text)
            if name in before:
                del before[name]
                unlabelled, more = before, spans_before
            break
    # 【飞书审批-运营需求】 / 【需求类型】弹窗设计 heading a line of a form whose copy is labelled: its tag or key, no fine print
    if "title" in labelled and (field := unlabelled.get("body")) and text[field.start - 1:field.start] == "【" \
            and not text[text.rfind("\n", 0, field.start - 1) + 1:field.start - 1].strip():
        del unlabelled["body"]
    # 按钮：去看看 ⏎按钮改成“立即复飞”吧，“去看看”太弱了: a quote of words a label gave before points back at them
    unlabelled = {name: field for name, field in unlabelled.items() if not _quotes_labelled_words(text, field, spans)}
    # 图上不要放文字 / Copy TBD: an offer or a quote the instructions mention is no copy
    pending = [found.span() for found in rules.copy_pending.finditer(text)]
    if rules.no_text.search(text) or pending:
        unlabelled = {}
    # Copy: leave it to you: a label's words that ask for copy are none, and so are the words right after them
    # (You write the copy — keep it fun: the label was in the request, its "value" the request's remark)
    fields = {name: field for name, field in {**unlabelled, **labelled}.items()
              if not any(field.start < end and start < field.end
                         or end <= field.start and not text[end:field.start].strip(_PENDING_GAP)
                         for start, end in pending)
              # 内容就是跳伞体验，文案你们写: with the words left to the designer, what the poster is "about" is its topic
              and not (pending and name == "body" and _TOPIC_LEAD.search(text, 0, field.start))
              # 卖点是小班教学…，文案你们看着写 / 按钮引导去小程序下单: what a field is about, told, not written
              and not (pending and field is labelled.get(name) and _told_about(text, field))}
    # 不要副标题 after 副标题：积分翻倍: the brief took the field back.
    for taken_back in rules.removal.finditer(text):
        name = rules.field_of.get(_label_key(taken_back.group("before") or taken_back.group("after")))
        # (button 不用，最下面放 contact 一行小字: with the button taken back, an action word read unlabelled is none)
        if name in fields and (taken_back.start() >= fields[name].start or fields[name] is unlabelled.get(name)
                               or taken_back.start() < fields[name].start < taken_back.end()  # 副标题两版都不要
                               or _REASON_GAP.fullmatch(text, taken_back.end(), fields[name].start)
                               or _label_gives_reason(text[taken_back.end():fields[name].start], name, rules)):
            del fields[name]
    # 注：“高价”两个字加大: words of another field quoted to be made to stand out are no line of their own
    for name, field in list(fields.items()):
        if 0 < field.start and text[field.start - 1] in QUOTE_PAIRS and _EMPHASISED.match(text, field.end + 1) \
                and any(field.value in other.value for other_name, other in fields.items() if other_name != name):
            del fields[name]
    # Quoted copy leaves the text; an unquoted benefit or button stays, since it names the
    # subject too (文具满100减20).
    rest = _mask(_mask(text, spans), [span for span in more if text[span[0]] in QUOTE_PAIRS]) \
        + full_text[len(text):]
    if "cta" in fields:
        fields["cta"].value = _BUTTON_ARROW.sub("", fields["cta"].value)
        if box := _BUTTON_BOX.fullmatch(fields["cta"].value):
            fields["cta"].value = box.group("a") or box.group("b") or box.group("c")
        # 按钮：同意 | 暂不使用 / Button: Upgrade / Not now: two buttons side by side, the first the primary
        if (pair := _TWO_BUTTONS.fullmatch(fields["cta"].value)) and _DISMISSAL.fullmatch(pair.group("second").strip()) \
                and not _DISMISSAL.fullmatch(pair.group("first").strip()):
            fields["cta"].value = pair.group("first")
    for field in fields.values():
        field.value = _without_gloss(field.value)
    choice = _LANGUAGE_CHOICE.search(text)  # bilingual copy, this market prints the Chinese only
    if choice and any(label.end("label") == choice.start()
                      for label in rules.label_candidates.finditer(text, max(0, choice.start() - 8), choice.start())) \
            and re.search(r"[：:﹕]", text[choice.end():_line_end(text, choice.end())]):
        choice = None  # 副标题用中文：…: a choice glued to a field's name is that field's, not the whole brief's
    for field in fields.values():
        # CTA: Start now / 立即开始 —— 二选一，用中文的: a choice on the value's own line, after it, is that field's
        own = _LANGUAGE_CHOICE.search(text, field.end, _line_end(text, field.end)) if field.end < len(text) else None
        if picked := own or choice:
            field.value = _one_language(field.value, _language_of(picked.group("en") or picked.group("en_only")
                                                                   or picked.group("zh")))
    for asked, closing in ((_BRACKET_LEFT_OFF, _CLOSING_BRACKET_ASIDE), (_EMOJI_LEFT_OFF, _CLOSING_EMOJI)):
        if asked.search(text):
            for field in fields.values():
                if (found := closing.search(field.value)) and found.start() > 0:
                    field.value = field.value[:found.start()]
    if "{" in text:  # "title": {"en": …, "zh_TW": …}: the version the brief asks for
        for field in fields.values():
            field.value = _version_asked_for(field.value, text)
    _named_fields_resolved(text, fields)
    _spoken_leftovers_trimmed(fields, rules)
    _phone_number_said(text, fields)
    return {name: fields[name].value for name in FIELDS if name in fields and fields[name].value}, rest


# 嗯，养猪场招饲养员 / 按钮写立即报名撒: a voice note's filler before the words and a dialect's particle after the button
_LEADING_FILLER = re.compile(r"^(?:(?:嗯|呃|额|那个|就是说)[ \t]*[，,、][ \t]*)+")
_GLUED_PARTICLE = re.compile(r"(?<=[\u4e00-\u9fff])(?:撒|哈|嘛|呗|噻)$")


def _spoken_leftovers_trimmed(fields: dict[str, Field], rules: CopyRules) -> None:
    for field in fields.values():
        if (filler := _LEADING_FILLER.match(field.value)) and field.value[filler.end():].strip():
            field.value, field.start = field.value[filler.end():], field.start + filler.end()
    if "cta" in fields and (particle := _GLUED_PARTICLE.search(fields["cta"].value)) \
            and rules.is_action(fields["cta"].value[:particle.start()]):
        fields["cta"].value = fields["cta"].value[:particle.start()]


# …然后电话写我的，一三九，算了我发文字给你吧，13974028871 / 电话就是前台那个0734-7123456: a phone number the brief says
# is the poster's, with no line of fine print given, is the fine print (a number read out in words is not yet one).
_PHONE = re.compile(r"(?<![\d-])(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8}|400-?\d{3}-?\d{4})(?![\d-])")
_PHONE_LEAD = re.compile(r"(?:电话|電話|手机|手機|热线|熱線|联系|聯繫)[^\n。]{0,24}$|底部：[^。]{0,24}$")  # (底部：: a place said, rewritten)
_NOT_PRINTED_PHONE = re.compile(r"联系我|聯繫我|有问题|有問題|找我|打给我|打我|不用写|不用寫|不要写|不要寫|别写|別寫|不印|不用印")
_UNSURE_AFTER = re.compile(r"[，, \t]*(?:要不要|用不用|需不需要|不用|不要|别|別)")  # (…15873320918，要不要写上去她没说)
_PHONE_AFTER_CHARS = 12
_SPOKEN_DIGITS = re.compile(r"^[一二三四五六七八九零〇幺两]{3,}$")


def _phone_number_said(text: str, fields: dict[str, Field]) -> None:
    if "body" in fields and not _SPOKEN_DIGITS.match(fields["body"].value):
        return
    for phone in _PHONE.finditer(text):
        lead = _PHONE_LEAD.search(text, max(0, phone.start() - 30), phone.start())
        after = text[phone.end():phone.end() + _PHONE_AFTER_CHARS]
        if lead is None or _NOT_PRINTED_PHONE.search(lead.group()) or _UNSURE_AFTER.match(after) \
                or any(field.start <= phone.start() < field.end for field in fields.values()):
            continue
        fields["body"] = Field("body", phone.group(), phone.start(), phone.end())
        return


# 活动名称：开学季配镜节 … 标题就用活动名称 / 二、活动主题 ⏎ 毛孩子的专属节日… ⏎ … 主标题用活动主题: a field "used" from a
# fact the brief gives above (or below) under that name takes that fact's words.
_USES_BEFORE = re.compile(r"(?:用|就用|直接用|沿用|(?i:\buse)|=)[ \t]*$")
_NAMED_KEY_CHARS = 8
_OUTLINE_LEAD = r"^[ \t]*(?:[-•*·]|\d{1,2}(?:\.\d{1,2})*[.、)）]?|[一二三四五六七八九十]{1,2}[、.]|[（(][一二三四五六七八九十\d]{1,2}[)）])?[ \t]*"


def _named_fields_resolved(text: str, fields: dict[str, Field]) -> None:
    for name, field in list(fields.items()):
        if fields.get(name) is not field:
            continue  # (taken off as the fact another field named)
        key = field.value.strip()
        if not 2 <= len(key) <= _NAMED_KEY_CHARS or not _USES_BEFORE.search(text, max(0, field.start - 4), field.start):
            continue
        keyed = re.compile(_OUTLINE_LEAD + re.escape(key) + r"[ \t]*(?:[：:﹕][ \t]*(?P<value>[^\n]*\S)|\n[ \t]*(?P<below>[^\n]*\S))",
                           re.MULTILINE)
        found = next((m for m in keyed.finditer(text) if not m.start() <= field.start < m.end()), None)
        if found is None:
            continue
        start, value = (found.start("value"), found.group("value")) if found.group("value") \
            else (found.start("below"), found.group("below"))
        if value[:1] in QUOTE_PAIRS and value[-1:] == QUOTE_PAIRS[value[:1]]:
            start, value = start + 1, value[1:-1]
        if not value.strip() or _OUTLINE_LEAD_RE.match(value).end() or value.strip() == key:
            continue  # (the line below is the outline's next item, 3.2 …, or says the name again)
        for other in [other for other, taken in fields.items() if other != name and taken.value == value]:
            del fields[other]  # (the fact read as a line of its own is the field that names it)
        fields[name] = Field(name, value, start, start + len(value))


_OUTLINE_LEAD_RE = re.compile(_OUTLINE_LEAD)
