"""Copy without labels: quoted strings in order, copy lines between slashes or bars, an action
phrase as the button and a benefit phrase as the subtitle; instructions never become copy.
"""
from __future__ import annotations

import re

from agent.aliases import find_alias
from agent.brief_copy.labelled import _ARROW_GAP, _STAND_IN_AFTER, _STAND_IN_TEXT, _mask, _slash_list
from agent.brief_copy.rules import CopyRules
from agent.brief_copy.text import (
    _CJK,
    _CJK_CHAR,
    _QUOTE_SPAN_MAX,
    QUOTE_PAIRS,
    Field,
    _clean,
    _line_end,
    _quote_end,
    _quoted_copy,
)
from agent.brief_copy.values import _unquoted_value

# Separators between unlabelled segments.
_WRITE_VERBS = r"写上|写着|就写|写成"  # 就写… brings copy: a separator before it, and what it brings is one piece
_SEGMENT_SPLIT = re.compile(
    r"\s*(?:[，,、。；;|｜~～…\[\]<>\n\t]|\.(?=\s|$)|\s[-–—]+\s|[—]{1,2}|[：:﹕](?!\d)|" + _WRITE_VERBS + r")\s*"
    r"|(?<=[" + _CJK + r"])\s+|\s+(?=[" + _CJK + r"])")


_WRITE_VERB = re.compile(_WRITE_VERBS)




# 【群聊：拉新项目组】 / 【需求：双11会场】: a bracketed header of the form key：value heads a message, holds no copy.
_BRACKET_HEADER = re.compile(r"[^：:﹕\d]{1,8}[：:﹕]\s*\S")
_READERS_OWN = re.compile(r"\b(?i:your|yours)\b|您的")
_CLAUSE_SPLIT = re.compile(r"[，,。；;!?！？]|\.(?=\s|$)")


def _quoted_request(content: str, rules: CopyRules) -> bool:
    """A quote longer than a line of copy whose clauses ask the designer for something (a transcript of
    the brief itself) holds no copy: its words are the request."""
    if len(content) <= _QUOTE_SPAN_MAX:
        return False
    clauses = [part.strip() for part in _CLAUSE_SPLIT.split(content) if part.strip()]
    # (“…expiring on {date}. Use them on your next order.”: a clause that speaks of the reader's own is the copy's)
    return len(clauses) >= 2 and any((rules.has_signal(part, first=True) and not _READERS_OWN.search(part))
                                     or rules.is_placeholder(part) for part in clauses)


def _in_remark_aside(text: str, opened_at: int, close: int, rules: CopyRules) -> bool:
    """（“稍后再说”用系统默认样式，不用你设计）: a quote opening a bracketed aside whose other words are
    an instruction to the designer names a thing the poster leaves out."""
    if text[opened_at - 1:opened_at] not in ("（", "("):
        return False
    bracket_end = re.compile(r"[）)]").search(text, close + 1, _line_end(text, close))
    rest = text[close + 1:bracket_end.start()] if bracket_end else ""
    return any(rules.is_instruction(part) or rules.has_signal(part, first=True)
               for part in re.split(r"[，,；;]", rest) if part.strip())


# "free seat" sounds weird / “秒杀”听起来怪怪的: a judgement right after a quote finds its words wanting.
_FILE_NAME = re.compile(r"[^\n/\\]{1,60}\.(?i:jpe?g|png|gif|webp|svg|psd|ai|pdf|sketch|fig|mp4|mov|zip|docx?|xlsx?|pptx?|heic)")
_FORMAT_AFTER = re.compile(r"(?:弹窗|彈窗|海报|海報|横幅|封面|长图|長圖|头图|頭圖|贴片|貼片|(?i:popup|pop-up|modal|banner|poster)\b)")
_BUTTON_AFTER_QUOTE = re.compile(r"[ \t]*(?i:(?:as|for|on)[ \t]+(?:the|a|an|our)[ \t]+)?(?i:button|btn|cta)\b")
_JUDGED_AFTER = re.compile(r"[ \t]*(?i:(?:sounds|looks|reads|feels|seems|is)[ \t]+(?:kind[ \t]+of[ \t]+|a[ \t]+bit[ \t]+|too[ \t]+|so[ \t]+|"
                           r"really[ \t]+)?(?:weird|odd|off|wrong|awkward|strange|cheesy|cringey?|pushy|salesy|misleading|"
                           r"confusing|risky)\b)|[ \t]*(?:听起来|聽起來|看起来|看起來|读起来|讀起來|感觉|感覺)?(?:怪怪的|很怪|有点怪|有點怪|不对劲|不對勁|有歧义|有歧義)")
# 老板说 “…” / Jason said: "…": the words someone said, which are copy only when they are no remark on the design.
_SPEECH_BEFORE = re.compile(r"(?:说|說|讲|講|表示|觉得|覺得|提到|\b(?i:said|says|mentioned|noted|thinks|asked))[ \t:：，,]*$")
_QUOTE_SENTENCE_END = re.compile(r"[\n。！？!?]|\.(?=\s|$)")


def _taken_back_later(text: str, close: int, rules: CopyRules) -> bool:
    """we tested "Explore Deals" but it underperformed, so drop that: the rest of the quote's sentence
    takes it back (drop that, don't use it, 这个不要了), so it is a version tried, not copy."""
    end = _QUOTE_SENTENCE_END.search(text, close + 1)
    return bool(rules.taken_back_later.search(text, close + 1, end.start() if end else len(text)))


# 不要写“最低价”“全网第一” / avoid "cheap" or "budget": quotes listed one after another, with nothing between them but a
# list's separator or "and" / "or", go with the verb before the first.
_LISTED_AFTER = re.compile(r"[ \t]*(?:[、,，/／]|(?:和|或者|或|及|以及|还有|(?i:and|or))(?![A-Za-z]))?[ \t]*")
# (DON'T add the line about '…': the avoid verb and the line it names may take up to this many characters before the quote)
_AVOID_LEAD_CHARS = 40


# 截止日期写上：… / 再写上：…: a write verb and its colon bring copy without a label. A few words before it may
# say what the line is (not how it looks: 字体写：…); 不要写：/ 别写：… keep words off the poster. (语音转写：… says
# what the text is, a voice note transcribed.)
_WRITTEN_COLON = re.compile(r"(?:^|(?<=[\n，,。；;|｜ \t]))(?P<what>[^\n，,。；;：:﹕|｜ \t" + "".join(QUOTE_PAIRS) + r"]{0,8}?)"
                            r"(?<!不要)(?<!不用)(?<![不别勿])(?:写上|写着|写成|寫上|寫著|寫成|(?<![转轉速缩縮])[写寫])[ \t]*[：:﹕][ \t]*(?=\S)")


def extract_unlabelled(text: str, taken: dict[str, Field], rules: CopyRules,
                       unmasked: str | None = None) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """Copy the brief gives without labels: quoted strings, action phrases, benefit phrases.
    `text` has the labelled copy masked; `unmasked` is the brief as written (where sentences end)."""
    fields: dict[str, Field] = {}
    spans: list[tuple[int, int]] = []

    def free(name: str) -> bool:
        return name not in taken and name not in fields

    # 0. FRESH CROISSANTS EVERY MORNING, below it 'Open 7am–3pm daily': a line, then a quote placed under it.
    if free("title") and free("subtitle") and (placed := _line_then_quote_under_it(text, rules)):
        for field in placed:
            fields[field.name] = field
        spans.append((placed[0].start, placed[1].end + 1))
        text = _mask(text, [spans[-1]])

    # 1. Quoted strings, in order.
    quoted: list[Field] = []
    avoided_end: int | None = None  # where the last quote the brief keeps off the poster closed
    i = 0
    while i < len(text):
        ch = text[i]
        # (’s / 's after a letter is an apostrophe; a Chinese sentence opens a quote ‘…’ or '…' right after its verb,
        # 就写‘…’ / 你就写'…')
        if ch in QUOTE_PAIRS and (ch not in "'‘" or i == 0 or not text[i - 1].isalnum() or _CJK_CHAR.match(text[i - 1])):
            close = _quote_end(text, i)
            if close is None or close == i + 1:
                i += 1
                continue
            if ch in "'" and close + 1 < len(text) and text[close + 1].isalnum():
                i += 1
                continue
            inner = text[i + 1:close]
            content = _quoted_copy(inner)  # "Jazz⏎Under the Stars": one title on two lines, as written
            content_start = i + 1 + (len(inner) - len(inner.lstrip()))
            spans.append((i, close + 1))
            i = close + 1
            if not content:
                continue
            if _FILE_NAME.fullmatch(content):
                continue  # 猫的图用群文件里 "大橘.jpg": a file the brief points to, never words for the poster
            if "title" in taken and _FORMAT_AFTER.match(text, close + 1):
                continue  # 直播间「尺码推荐」弹窗 over labelled copy: the name of the popup asked for, not a line of it
            if ch == "【" and (rules.is_tag(content) or len(content) <= 2 or rules.has_signal(content)
                              or _BRACKET_HEADER.match(content)):
                continue  # 【急】 / 【端午节弹窗】 / 【群聊：拉新项目组】: a tag or a heading naming the job, not copy
            if any(content in field.value for field in taken.values()):
                continue  # Note: "影刃" 用书法字体: words of the labelled copy quoted again to talk about them
            if rules.only_design_words(content):
                continue  # 'minimal', “蓝色”: design words, not copy
            if _quoted_request(content, rules):
                continue  # Voice memo: "…can you just make it look nice and I'll send copy later?": the brief, quoted
            if rules.quote_names_thing(text, close):
                continue  # 新品“杨枝甘露波波”上市: the product's name in the brief's sentence
            opened_at = content_start - (len(inner) - len(inner.lstrip())) - 1
            if rules.concept_before.search(text, text.rfind("\n", 0, opened_at) + 1, opened_at):
                continue  # 要突出“低价”: an idea to get across, not copy
            if rules.avoided_quote.search(text, max(0, opened_at - _AVOID_LEAD_CHARS), opened_at) or \
                    (avoided_end is not None and _LISTED_AFTER.fullmatch(text, avoided_end, opened_at)):
                avoided_end = close + 1
                continue  # 不要用“抢”这个字 / 不要写“最低价”“全网第一”: words (each quote of the list) to keep off the poster
            if _in_remark_aside(text, opened_at, close, rules):
                continue  # （“稍后再说”用系统默认样式，不用你设计）: the brief's aside on a quote, not copy
            if rules.earlier_quote.search(text, max(0, opened_at - 24), opened_at) \
                    or rules.dropped_after_quote.match(text, close + 1):
                continue  # 之前那个「周年庆福利来袭」不用了: the version the brief replaced
            if "subtitle" in taken and taken["subtitle"].start > close and (
                    _UNDER_IT_AFTER.match(text, close + 1) or _UNDER_IT_LEAD.search(text, max(0, opened_at - 20), opened_at)):
                continue  # "A" under it / below it "A" … actually change the line under it to "B": the line changed later
            if _taken_back_later(text, close, rules):
                continue  # we tested "Explore Deals" but it underperformed, so drop that
            if rules.replaced_by.match(text, _ARROW_GAP.match(text, close + 1).end()):
                continue  # 「Notify me」 → 改成 「Shop the restock」: the quote the change replaces
            if _STAND_IN_TEXT.search(content) or _STAND_IN_AFTER.match(text, close + 1):
                continue  # 文字先用 "Headline here" / "CTA" 占位: a layout's stand-ins until the copy comes
            if _JUDGED_AFTER.match(text, close + 1):
                continue  # legal said "free seat" sounds weird / “秒杀”听起来怪怪的: words found wanting, not copy
            if _SPEECH_BEFORE.search(text, max(0, opened_at - 12), opened_at) and rules.has_signal(content):
                continue  # Jason 说 “别再用那个红色了” / Mia said "make the logo bigger": a remark on the design, reported
            field = Field("", content, content_start, content_start + len(content))
            quoted.append(field)
            continue
        i += 1
    # 截止日期写上：报名截止9月15日 / 再写上：…: a write verb and its colon bring a line of copy, as a quote does.
    for written in _WRITTEN_COLON.finditer(text):
        if any(start <= written.start() < end for start, end in spans) or rules.glued_remark.match(written["what"]):
            continue
        if text[written.end():written.end() + 1] in QUOTE_PAIRS:
            continue  # 弹窗这样写：「上新啦」「…」: quotes after the colon bring each its own line of copy
        end = _unquoted_value(text, written.end(), len(text), "title", rules)
        content = _clean(text[written.end():end])
        if not content or rules.is_placeholder(content) or rules.has_signal(content, first=True) \
                or any(content in field.value for field in taken.values()):
            continue
        quoted.append(Field("", content, written.end(), written.end() + len(content)))
        spans.append((written.start(), end))
    quoted.sort(key=lambda field: field.start)
    # The last quoted action phrase (not the first quote) is the button; the rest, in order,
    # title, subtitle, body.
    # (With the title given by a label, the first quote may be the button too.)
    # ("…" with a "Got it" button / put 'DM to reserve' as the button: a quote the brief calls the button is it)
    button = next((q for q in quoted if _BUTTON_AFTER_QUOTE.match(text, q.end + 1)), None) or \
        next((q for q in reversed(quoted[1:] if free("title") else quoted) if rules.is_action(q.value)), None)
    if button is not None and free("cta"):
        button.name = "cta"
        fields["cta"] = button
    for q in quoted:
        if q is button and q.name == "cta":
            continue
        q.name = next((n for n in ("title", "subtitle", "body") if free(n)), "")
        if q.name:
            fields[q.name] = q
    masked = _mask(text, spans)

    # 2. Copy lines separated by slashes (开业海报：盛大开业！/ 全场8.8折 / 按钮：导航到店): in order.
    if free("title"):
        listed, listed_span = _slash_list(masked, {*taken, *fields}, rules)
        for field in listed:
            fields[field.name] = field
        if listed:
            spans.append(listed_span)
            masked = _mask(masked, [listed_span])

    # 3. Unquoted segments: a standalone action phrase is the button, benefit phrases the subtitle.
    segments: list[tuple[int, int, str]] = []  # (start, end, separator before)
    cursor = 0
    separator = "\n"
    for sep in _SEGMENT_SPLIT.finditer(masked):
        if sep.start() > cursor:
            segments.append((cursor, sep.start(), separator))
            separator = ""
        # 第二杯0元，(a masked label)，周末用: separators in a row are one, and no comma joins across it
        separator += masked[sep.start():sep.end()]
        cursor = sep.end()
    if cursor < len(masked):
        segments.append((cursor, len(masked), separator))

    # A benefit phrase that spans a comma is one segment (Buy one, get one free).
    merged: list[tuple[int, int, str]] = []
    for segment in segments:
        if merged and _WRITE_VERB.search(merged[-1][2]) and re.fullmatch(r"[ \t\u3000]+", segment[2]):
            merged[-1] = (merged[-1][0], segment[1], merged[-1][2])  # 就写新品拿铁 第二杯0元: what 写 brings is one piece
            continue
        if merged and _comma(segment[2]):
            start, end, before = merged[-1]
            boundary = end - start
            joined = masked[start:segment[1]]
            if any(m.start() < boundary < m.end() - 1 for p in rules.benefit for m in p.finditer(joined)):
                merged[-1] = (start, segment[1], before)
                continue
        merged.append(segment)
    # 全场五折起点击领取: an action phrase run on after an offer is the button.
    segments = [part for segment in merged for part in _split_trailing_action(masked, segment, rules)]
    kinds: list[str] = []
    for start, end, _ in segments:
        segment = masked[start:end].strip()
        stripped, _ = _strip_instruction(segment, rules)
        benefit = rules.benefit_span(stripped)
        # A button names an action (Start free trial); an offer leads with it or has a number.
        if stripped and rules.is_action(stripped) and (
                rules.is_known_action(stripped) or not benefit or (benefit[0] > 0 and not re.search(r"\d", stripped))):
            kinds.append("action")
        elif _DESCRIBED_ONLY.search(segment):
            kinds.append("other")  # 充200送30那种 / Something about being covered from $3/day: what the copy is to say
        elif rules.benefit_span(segment):
            kinds.append("benefit" if not rules.has_signal(segment) else "benefit-mixed")
        elif segment and not rules.has_signal(segment) and not rules.is_action(segment) and len(segment) <= 24:
            kinds.append("plain")
        else:
            kinds.append("other")
    for index, kind in enumerate(kinds):
        start, end, _ = segments[index]
        if kind == "action" and free("cta"):
            segment = masked[start:end]
            stripped, _ = _strip_instruction(segment.strip(), rules)
            offset = start + segment.find(stripped)
            fields["cta"] = Field("cta", _clean(stripped), offset, offset + len(_clean(stripped)))
            spans.append((start, end))
    # 恭喜获得提现机会 ⏎ 按钮 立即提现 ⏎ *需完成实名认证: a line of its own that opens with a footnote mark, under the
    # copy, is its fine print (the mark is printed too: it answers the * on the offer).
    if free("body") and (taken or fields):
        first_copy = min(field.start for field in [*taken.values(), *fields.values()])
        for line in _FOOTNOTE_LINE.finditer(masked, first_copy):
            value = _clean(line.group("line"))
            if len(value) > 1 and not rules.has_signal(value[1:]) and not rules.is_placeholder(value[1:]):
                fields["body"] = Field("body", value, line.start("line"), line.start("line") + len(value))
                spans.append(line.span("line"))
                break
    if free("subtitle"):
        chosen = _benefit_run(masked, segments, kinds, rules)
        if chosen and (_describes_offer(unmasked or text, chosen, taken) or _restates_copy(text, chosen, {**taken, **fields})):
            chosen = None
        if chosen:
            start, end = chosen
            value = _clean(text[start:end])
            fields["subtitle"] = Field("subtitle", value, start, start + len(value))
            spans.append((start, end))
            headline = _headline_before_offer(masked, segments, kinds, start)
            if headline is not None and free("title"):
                fields["title"] = headline
                spans.append((headline.start, headline.end))
    return fields, spans


# *需完成实名认证 / ※限部分门店 / †Terms apply: a footnote mark glued to the words (a bullet, * item, has a blank after it).
_FOOTNOTE_LINE = re.compile(r"^[ \t]*(?P<line>[*＊※†](?![*＊\s])[^\n]+?)[ \t]*$", re.MULTILINE)


# under it / below that / underneath: the place right under the line before
_UNDER_IT = r"(?i:under|below|beneath|underneath)(?:[ \t]+(?i:it|that))?"
# "Extra 20% off" under it / below it "…": a quote placed as the line under the headline.
_UNDER_IT_AFTER = re.compile(r"[ \t]*" + _UNDER_IT + r"(?![A-Za-z])")
_UNDER_IT_LEAD = re.compile(r"(?<![A-Za-z])" + _UNDER_IT + r"[ \t]*$")


# …, below it 'Open 7am–3pm daily' / ; underneath: "…": a quote the brief places under the line just before it.
_UNDER_IT_BEFORE = re.compile(r"[ \t]*[,，;；][ \t]*(?:(?i:and|then)[ \t]+)?" + _UNDER_IT + r"[ \t]*[:：]?[ \t]*(?=[\"“'‘])")
_LINE_BEFORE_START = re.compile(r"[\n：﹕]|:(?!\d)|\s[-–—]+\s|—")
_LINE_BEFORE_CHARS = 60


def _line_then_quote_under_it(text: str, rules: CopyRules) -> tuple[Field, Field] | None:
    """poster for the window: FRESH CROISSANTS EVERY MORNING, below it 'Open 7am–3pm daily': after the brief's colon, a
    line of copy, then a quote it places under that line: the line is the headline and the quote the subtitle (the
    line says nothing about the design and names no field)."""
    for under in _UNDER_IT_BEFORE.finditer(text):
        close = _quote_end(text, under.end())
        starts = [m.end() for m in _LINE_BEFORE_START.finditer(text, text.rfind("\n", 0, under.start()) + 1, under.start())]
        if close is None or not starts:
            continue
        line = _clean(text[starts[-1]:under.start()])
        inner = _quoted_copy(text[under.end() + 1:close])
        if not line or not inner or len(line) > _LINE_BEFORE_CHARS or any(ch in QUOTE_PAIRS for ch in line) \
                or rules.has_signal(line) or rules.is_action(line) or rules.label_candidates.search(line):
            continue
        title_start = text.find(line, starts[-1])
        inner_start = text.find(inner, under.end() + 1)
        return (Field("title", line, title_start, title_start + len(line)),
                Field("subtitle", inner, inner_start, inner_start + len(inner)))
    return None


_BACKGROUND_END = re.compile(r"[\n。！？!?]|\.(?=\s)")  # a sentence or line ends between the offer and the labels


def _describes_offer(text: str, chosen: tuple[int, int], taken: dict[str, Field]) -> bool:
    """话费充值满50减5，移动联通电信都能充。标题：充话费 立减5元: an offer told before the brief labels its
    title is the background the copy was written from; the labels say what goes on the poster."""
    if "title" not in taken:
        return False
    first_label = min(field.start for field in taken.values())
    # (海报 红色 满100减20 按钮立即领取 标题「…」: an offer among the brief's listed parts, no sentence
    # between it and the labels, is still the subtitle)
    if _line_of_its_own(text, chosen):
        return False
    return chosen[1] <= first_label and bool(_BACKGROUND_END.search(text, chosen[1], first_label))


def _line_of_its_own(text: str, chosen: tuple[int, int]) -> bool:
    """私教课促销⏎买10节送2节⏎标题就写“…”: an offer that is a whole line of its own, no sentence around it, is a line of
    copy listed with the labelled ones (the subtitle), not the background told in a sentence."""
    line_start = text.rfind("\n", 0, chosen[0]) + 1
    line_end = text.find("\n", chosen[1])
    line_end = len(text) if line_end < 0 else line_end
    return line_start > 0 and text[line_start:line_end].strip() == text[chosen[0]:chosen[1]].strip()


def _restates_copy(text: str, chosen: tuple[int, int], copy: dict[str, Field]) -> bool:
    """第二杯半价那个弹窗：‘周三茶饮日，第二杯半价’: an offer that copy found elsewhere already states is
    the brief naming its job by that offer, not a line of its own."""
    offer = _clean(text[chosen[0]:chosen[1]])
    return bool(offer) and any(offer in field.value for field in copy.values())


_SENTENCE_SEPARATOR = re.compile(r"[。！!？?]|\.(?:\s|$)")
_LEAD_SEPARATOR = re.compile(r"\n|[：:﹕]|\s[-–—]+\s|—")


def _headline_before_offer(text: str, segments: list[tuple[int, int, str]], kinds: list[str],
                           offer_start: int) -> Field | None:
    """pet insurance popup — Protect Your Best Friend. Plans from $12/month …: copy written in the
    poster's order after the brief's description (a colon, a dash or a line break): a plain
    sentence right before the offer's sentence is the headline."""
    before = [k for k, (_, end, _) in enumerate(segments) if end <= offer_start]
    if not before or kinds[before[-1]] != "plain" or before[-1] + 1 >= len(segments):
        return None
    k = before[-1]
    start, end, lead = segments[k]
    if not _SENTENCE_SEPARATOR.search(segments[k + 1][2]) or not _LEAD_SEPARATOR.search(lead) or k == 0:
        return None
    value = _clean(text[start:end])
    return Field("title", value, start, start + len(value)) if value else None


def _split_trailing_action(text: str, segment: tuple[int, int, str],
                           rules: CopyRules) -> list[tuple[int, int, str]]:
    """An offer with an action phrase right after it, no separator (全场五折起点击领取): two segments."""
    start, end, before = segment
    for action in rules.action_zh.finditer(text, start + 2, end):
        if action.end() == end and rules.benefit_span(text[start:action.start()]) \
                and not rules.has_signal(text[start:action.start()]):
            return [(start, action.start(), before), (action.start(), end, "")]
    return [segment]


def _strip_instruction(segment: str, rules: CopyRules) -> tuple[str, int]:
    """按钮就写去逛逛 → 去逛逛; Shop now button → Shop now."""
    text = segment
    text = re.sub(r"^(?:按钮|按鈕|button|cta)\s*(?:就写|写成|写|用|是|为|:|：)?\s*", "", text, flags=re.I)
    text = re.sub(r"^(?:(?:最后|然后|再|另外|加个|加一个|放个|放一个|带个|写上|写|还有)\s*)+", "", text)  # 再放个…
    named = re.sub(r"\s*(?:的?按钮|的?按鈕|button|buttons|cta)(?:就行|就好|即可|吧)?$", "", text, flags=re.I)
    if named != text:  # and a Shop Now button: the words before the button's name are the brief's
        named = _BUTTON_ARTICLE.sub("", named)
    text = named
    return text.strip(), len(segment) - len(text)


_BUTTON_ARTICLE = re.compile(r"^(?:(?:and|plus|with|then|also)\s+)?(?:add\s+)?(?:a|an|the|one)\s+(?=\S)", re.I)


def _benefit_run(text: str, segments: list[tuple[int, int, str]], kinds: list[str],
                 rules: CopyRules) -> tuple[int, int] | None:
    """The subtitle: the first pure benefit segment with its plain neighbours in the same
    sentence (老带新，各得20元红包); else the benefit phrase inside a mixed segment."""
    for index, kind in enumerate(kinds):
        if kind != "benefit":
            continue
        first = last = index
        while first > 0 and kinds[first - 1] in ("plain", "benefit") and _joins(text, segments, first, rules) \
                and not _names_campaign(text[segments[first - 1][0]:segments[first - 1][1]], rules):
            first -= 1
        while last + 1 < len(kinds) and kinds[last + 1] in ("plain", "benefit") and \
                _joins(text, segments, last + 1, rules):
            last += 1
        start = segments[first][0]
        end = segments[last][1]
        segment_text = text[start:end]
        stripped, _ = _strip_instruction(segment_text.strip(), rules)
        lead = segment_text.find(stripped)
        return start + lead, start + lead + len(stripped)
    for index, kind in enumerate(kinds):
        if kind == "benefit-mixed":
            start, end, _ = segments[index]
            span = rules.benefit_span(text[start:end])
            if span:
                return start + span[0], start + span[1]
    return None


# 充200送30那种 / 满减之类的 / Something about being covered from just $3/day: an offer described, its words still to come
_DESCRIBED_ONLY = re.compile(r"(?:那种|這種|这种|那種|之类的?|之類的?|类似的|類似的)[ \t]*$|(?i:(?:^|[.?!？。][ \t]*)(?:something|sth|anything)[ \t]+"
                             r"(?:about|around|on|along\s+the\s+lines\s+of)\b)")


def _names_campaign(segment: str, rules: CopyRules) -> bool:
    """周五会员日 / 双11: a segment that ends in the campaign's name says which campaign the brief
    is for; it does not lead into the offer after it."""
    segment = segment.strip()
    # A number or an offer word (邀请3位好友助力, 大牌直降) makes it part of the offer.
    if len(segment) > _CAMPAIGN_NAME_CHARS or re.search(r"\d", segment) or rules.offer_word.search(segment):
        return False
    return any(start + len(alias) == len(segment) for start, _, alias in find_alias(segment, rules.lexicon.themes))


_CAMPAIGN_NAME_CHARS = 8


def _joins(text: str, segments: list[tuple[int, int, str]], index: int, rules: CopyRules) -> bool:
    """Does segment `index` continue the one before it in one offer? A comma joins (老带新，各得20元红包).
    A space between Chinese words joins two parts of an offer (大牌直降 低至5折), never a plain word
    (中秋 月饼 满199减30: the offer is 满199减30)."""
    separator = segments[index][2]
    if _comma(separator):
        return True
    if not re.fullmatch(r"[ \t\u3000]+", separator):
        return False
    (before_start, before_end, _), (start, end, _) = segments[index - 1], segments[index]
    if not (_CJK_CHAR.match(text[before_end - 1]) and _CJK_CHAR.match(text[start])):
        return False
    return all(rules.benefit_span(part) or rules.offer_word.search(part)
               for part in (text[before_start:before_end], text[start:end]))


def _comma(separator: str) -> bool:
    # spaces only: a masked label span (newlines) or a line break separates, a comma joins
    return bool(re.fullmatch(r"[ \t]*[，,、][ \t]*", separator))
