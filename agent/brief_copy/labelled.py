"""Labelled copy: each label's value, quoted or not, with the structures people paste (copy
tables, string files, lettered options, picked versions).
"""
from __future__ import annotations

import re

from agent.brief_copy.labels import (
    _FOOTNOTE_MARKS,
    _INSTEAD_AFTER,
    _OPTION_MARK,
    _SIZE_REMARK_EN,
    _TABLE_RULE,
    _column_names_row,
    _cut_trailing_remark,
    _more_for_field_named,
    _table_row,
    bare_option_marks,
    find_labels,
)
from agent.brief_copy.revisions import (
    _LINE_LEAD,
    _chosen_option,
    _last_retraction,
    _lines_named,
    _lines_referred_to,
    _list_end,
    _round_picked,
    _said_again,
    _speaker_picked,
    _takes_itself_back,
    _unlabelled_corrections,
    _version_value,
)
from agent.brief_copy.rules import _DESIGN_REMARK, _DESIGN_TALK, CopyRules
from agent.brief_copy.text import (
    STAR_FIX,
    _ARROW,
    _CJK_CHAR,
    _COMMA_SPLIT,
    _WORD_CHAR,
    FIELDS,
    QUOTE_PAIRS,
    Field,
    _clean,
    _label_key,
    _line_end,
    _opening_quote,
    _quote_end,
    _quoted_copy,
    _quoted_whole,
)
from agent.brief_copy.values import _KEEP_WORD, _MARKS_WORD, _label_heads_line, _unquoted_value

# A speaker's English filler (um, uh, er): never copy, wherever a voice note leaves it.
_EN_FILLER = r"(?:um+|uh+|erm|er|ah)"
_TRAILING_JOIN = re.compile(r"(?:\s+(?:and|&|plus|while|then|but)(?:\s+(?:then|also))?(?:\s+(?:the|a|an|its|our|your|on))?"
                            r"|(?<=[,，])\s*(?:the|its|our|your)"  # Big Sale, the button write …
                            rf"|(?<=[,，])\s*{_EN_FILLER}(?:[\s,，]+(?:the|its|our|your))?"  # …, um, the subtitle: a filler
                            r"|然后|然後|以及|还有|還有|另外|并且|並且|同时|同時|(?<=[，,])\s*(?:再|接着|接著))[\s，,]*$", re.IGNORECASE)


# (…马上报名... yeah and put some cartoon kids on it: after the pause the speaker goes on, a filler or "and")
_FILLER_AFTER = re.compile(rf"[.…]*[ \t]*(?<![A-Za-z])(?:{_EN_FILLER}|yeah|yep|ok|okay|oh|and|so)(?![A-Za-z])", re.IGNORECASE)
_TRAILING_FILLER = re.compile(rf"(?:[ \t]*(?:\.{{2,}}|…+)|[ \t]*[,，]|[ \t]+)[ \t]*(?<![A-Za-z]){_EN_FILLER}[ \t,，.]*$",
                              re.IGNORECASE)
# another sentence follows (a price may open it: From your couch. $29 per visit.)
_INNER_SENTENCE_END = re.compile(r"(?:[。！？!?]|(?<=[^\s.])\.(?=\s))[\s\"'”’」』)）]*(?:\w|[$€£¥￥][\d.,]*\d)")
_COLON_OR_CELL_BEFORE = re.compile(r"(?:[：:﹕]|[|｜\t])[ \t]*\Z")


def _blank_after_line_label(text: str, label_start: int, value_start: int) -> bool:
    """标题 「安德烈系列」小提琴正式发售: a label heading its line, then a blank, stands for its colon."""
    line_start = text.rfind("\n", 0, label_start) + 1
    return not text[line_start:label_start].strip(" \t-•*") \
        and bool(re.fullmatch(r"\S+[ \t]+", text[label_start:value_start]))


# What a line goes on with, glued to the quote that opens it (a name quoted inside the copy), to its end or its cell's bar.
_GLUED_AFTER_QUOTE = re.compile(r"(?=[\u4e00-\u9fffA-Za-z0-9])[^\n|｜，,。；;“”「」『』\"'‘’《》【】()（）]{4,}(?<![吗嘛吧?？])"
                                r"(?=[ \t]*(?:[\n|｜]|$))")
# …and what, said there, is the brief's: a particle, "that'll do", how many characters, keep it as it is.
_QUOTE_REMARK = re.compile(r"[ \t]*(?:吧|哈|啊|呀|哦|就行|就好|就可以|即可|这几个字|這幾個字|[一二三四五六七八九十两\d]+个字|不变|不變|保持|不动|不動|"
                           r"这样|這樣|为准|為準|要|用|放|写|寫|加|改|换|换成|改成|字|或|or\b|and\b|然后|然後|作废|作廢|其他|另外|还有|還有)")
_LINE_ENDS_HERE = re.compile(r"[ \t]*(?:\r?\n|$|[|｜][ \t]*(?:\r?\n|$))")  # (a table's cell ends at its bar)
# | Footer | Can't make it? Register anyway and we'll send the recording. | 12px |: in a markdown table's row any bar ends
# a cell, as a line's end does (a Notes column may follow the copy's).
_CELL_ENDS_HERE = re.compile(r"[ \t]*[|｜]")
_TABLE_ROW_START = re.compile(r"[ \t]*[|｜]")
# What joins the clauses of one sentence: a comma, or a dash (…in — they'll get a notification instantly.).
_CLAUSE_JOIN = re.compile(r"[，、]|, |\s[—–]\s|—")


_SENTENCE_WORDS = 8


_PROSE_WORDS = 4
_ANSWERED_QUESTION = re.compile(r"[?？][\s\"'”’」』)）]*\w")
_REQUEST_AFTER = re.compile(r"[ \t]+(?i:please|pls|kindly)\b")
_TO_DESIGNER_AFTER = re.compile(r"[ \t]+(?i:please|pls|kindly|make\s+it|can\s+you|could\s+you|keep\s+it)\b")
_FILLER_ONLY = re.compile(r"[ \t]*(?:(?:嗯|呃|额|啊|哦|噢|诶|欸)[ \t，,]*)*")


def _bare_label_heads_line(text: str, label: _Label) -> bool:
    """Fine print  One code per email address.: a label with no colon, alone at its line's head with only spaces
    before its value, heads the line as a colon would."""
    label_end = label.start + len(label.text)
    return bool(label.text) and text[label.start:label_end].lower() == label.text \
        and not text[text.rfind("\n", 0, label.start) + 1:label.start].strip(" \t-*•") \
        and re.fullmatch(r"[ \t]+", text[label_end:label.value_start]) is not None


# …Must be 14 or older. Cheers. / …. That's it, thanks! / … discounts. Yeah. Thanks.: a sign-off after the copy ends
# its line as the line's end would.
_SIGN_OFF_ENDS_LINE = re.compile(r"[ \t]+(?i:(?:that[’']?s\s+(?:it|all)[,.!\s]*|(?:yeah|yep|yup|ok|okay|cool|great)[,.!]*\s+)?"
                                 r"(?:thanks|thank\s+you|cheers|many\s+thanks|thx)"
                                 r"\b[^\n.!]{0,24}[.!]*[ \t]*(?:\n|$)|that[’']?s\s+(?:it|all)[.!]*[ \t]*(?:\n|$))")


def _closing_stop(text: str, start: int, end: int, own_line: bool = False, prose: bool = False,
                  next_label: int | None = None, heading: bool = False) -> str:
    """The full stop `_clean` takes off (or the value stopped at), when it is the copy's own: the
    value holds more than one sentence (Then $9.99/month. Cancel anytime.) and the stop ends its
    line, or (`own_line`: a value alone on its labelled line) a sentence of clauses ends in its
    stop (…，给您带来不便敬请谅解。 / Our lightest trainer yet, with more cushioning.), or a `heading`'s
    does (Subheadline: We find every deduction you're owed.: every dev writer keeps it), or any
    sentence does when the field is `prose` (fine print: *Rates may change.). A stop with more
    of the brief after it on the line (…anytime. Button: …), or after a short single clause of a
    headline, is the brief's separator between fields — unless the value asks and answers, the next
    label (`next_label`: where it starts) right after it (Moving office? We move the small stuff. button: …), or
    a request to the designer follows the fine print's (Responses are anonymous. Please keep it compact)."""
    value = text[start:end].rstrip()
    after = start + len(value)
    if not value.endswith(("。", ".")) and text[after:after + 1] in ("。", "."):
        value, after = value + text[after], after + 1
    if value.endswith("..") and text[after:after + 1] == "." \
            and re.match(r"\.*[ \t]*(?:\n|$)", text[after:]):  # (…5 to 9 pm... um,: a pause, no copy)
        return text[after:len(text) - len(text[after:].lstrip("."))]  # Ski Under the Lights...: the ellipsis whole
    one_stop = value.endswith(".") and not value.endswith("..")
    prose_stop = prose and one_stop and value.isascii()
    if prose_stop and len(value.split()) >= _PROSE_WORDS and re.match(r"[ \t]+[(\[]", text[after:]):
        return value[-1]  # SMALL PRINT: All items sold as-is. (don't put …): the fine print's stop, a remark after it
    if prose_stop and len(value.split()) >= _PROSE_WORDS - 1 and _REQUEST_AFTER.match(text, after):
        return value[-1]  # (a request after the fine print's short sentence: the stop is the sentence's)
    if next_label is not None and one_stop \
            and not text[after:next_label].strip() and _ANSWERED_QUESTION.search(value[:-1].rstrip()):
        return value[-1]
    if one_stop and _SIGN_OFF_ENDS_LINE.match(text, after) and _INNER_SENTENCE_END.search(value[:-1].rstrip()):
        return value[-1]  # …Must be 14 or older. Cheers.: sentences of fine print, then the sender's goodbye
    if one_stop and _TO_DESIGNER_AFTER.match(text, after) and _INNER_SENTENCE_END.search(value[:-1].rstrip()):
        return value[-1]  # Free talk. Thursday 6pm. Room 204. Make it look…: sentences of copy, then the request
    if prose and one_stop and re.search(r"[^\s.]\.\s+\S", value[:-1]):
        return value[-1]  # Small print: Key fob required. No glass. — Thanks: fine print's sentences keep theirs
    if not value.endswith(("。", ".")) or value.endswith("..") or not (
            _LINE_ENDS_HERE.match(text, after) or (_CELL_ENDS_HERE.match(text, after)
                                                  and _TABLE_ROW_START.match(text, text.rfind("\n", 0, start) + 1))):
        return ""
    if prose and value.endswith("."):
        return value[-1]  # small print: ID required at pickup.⏎: fine print ending its line keeps its stop
    if own_line and (prose or heading or _CLAUSE_JOIN.search(value)
                     or (value.isascii() and len(value.split()) >= _SENTENCE_WORDS)):
        return value[-1]  # (Combine miles with up to 6 family members at no cost.: a whole sentence, not a heading)
    return value[-1] if _INNER_SENTENCE_END.search(value[:-1].rstrip()) else ""


# "标题文案占位" / "Headline here" / 【主标题XXXXXXX】 / lorem ipsum: words that hold a field's place in a layout until
# the copy comes, never copy themselves…
_STAND_IN_TEXT = re.compile(r"(?:占位|佔位)(?:文案|文字|符)?$|^[^，,。；;\n]{0,6}?(?:X{4,}|x{4,})$|(?i:^lorem ipsum\b)"
                            r"|(?i:^(?:your\s+|the\s+)?(?:headline|title|sub\s*(?:title|head(?:line)?)?|body(?:\s+copy)?|copy|"
                            r"text|cta|button(?:\s+text)?)\s+(?:goes\s+)?here$)")  # ("Title" alone may be the copy)

# …nor are quotes the brief then calls stand-ins ("Headline here" / "CTA" 占位就好, use "Title" as a placeholder).
_STAND_IN_AFTER = re.compile(r"(?:[ \t]*(?:[/／、,，&和及]|(?i:and))[ \t]*[\"“'‘「『][^\"”'’」』\n]{1,30}[\"”'’」』])*[ \t]*"
                             r"(?:先|来|做|当|作为?|用作|(?i:as\s+(?:a\s+|the\s+)?))?[ \t]*"
                             r"(?:占位|佔位|(?i:placeholders?|stand-?ins?|dummy\s+(?:text|copy)))")


# A remark in brackets right after a quoted value asking to keep its marks: （书名号要保留） / (keep the quotes).
_BRACKETED = re.compile(r"[ \t]*[（(](?P<inner>[^()（）\n]{1,20})[）)]")


def _keeps_marks(text: str, end: int) -> int | None:
    """Where a bracketed remark asking to keep the quote marks (（书名号要保留）, (keep the quotes)) ends,
    right after a quoted value; None when there is none."""
    remark = _BRACKETED.match(text, end)
    if remark and _MARKS_WORD.search(remark.group("inner")) and _KEEP_WORD.search(remark.group("inner")):
        return remark.end()
    return None


# Description:⏎* Title: …: a value of marks alone is the next line's bullet, no copy.
_MARKS_ONLY = re.compile(r"[\s*＊※†•·・▪►>-]+")
_REMARK_ONLY = re.compile(r"[（(][^()（）\n]{1,20}[)）]")  # ### 文案（终稿）: a heading's remark in brackets, no copy


_OUTLINE_NUMBER = re.compile(r"[A-Za-z]?\d{1,2}(?:\.\d{1,2})*[.)）、]?|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]")  # （一）


# …，老板选了B / — we're going with B / 最后定2: the pick names the option by its mark.
# (…。经研究，采用第2条: a short clause may lead to the pick, which may count the options: 第2条 / 第二个)
_MARK_PICK = re.compile(r"[ \t]*[,，;；.。!！]?[ \t]*(?:[-–—]+[ \t]*)?(?:[^，,。；;\n]{1,8}[，,][ \t]*)?[^，,。；;\n]{0,12}?"
                        r"(?:定了?|选了?|選了?|采用|採用|选用|選用|用|挑了?|(?i:go(?:ing)?\s+with|pick(?:ed)?|chose|choose|use))[ \t]*"
                        r"(?:方案|选项|選項|(?i:option)\s*|第[ \t]*)?(?P<mark>[A-D1-4]|[①-④]|(?<=第)[一二三四])(?![A-Za-z0-9])")


def _option_key(match: re.Match[str]) -> str:
    mark = match.group("mark") or match.group("circled")
    return str("①②③④".index(mark) + 1) if mark in "①②③④" else str("一二三四".index(mark) + 1) if mark in "一二三四" \
        else mark.upper()


def _lettered_options(text: str, start: int, named: bool = False) -> tuple[str, int, int] | None:
    """标题备选：A.「一份保障」 B.「首月1元」，老板选了B: options marked by letter or number, then the one the
    brief picks by its mark (the first when it picks none): that option's copy, where it starts and where the
    options (or the pick) end. None when fewer than two marked options follow. Unquoted options count when the
    words before them `named` them options (标题两个备选：A. 清凉一夏 B. 冰爽夏日)."""
    options: dict[str, tuple[int, int]] = {}
    at = start
    while (mark := _OPTION_MARK.match(text, at)) and (close := _quote_end(text, mark.end())) is not None:
        options[_option_key(mark)] = (mark.end() + 1, close)
        at = close + 1
    if len(options) < 2 and named:  # (unquoted, only after words that call them options: 1. …；2. … may be a list)
        options, at = _unquoted_options(text, start)
    if len(options) < 2:
        return None
    pick = _MARK_PICK.match(text, at)
    chosen = options.get(_option_key(pick)) if pick else None
    if chosen is None and pick and "第" in pick.group() and _option_key(pick).isdigit() \
            and int(_option_key(pick)) <= len(options):
        chosen = list(options.values())[int(_option_key(pick)) - 1]  # A.「…」 B.「…」，选了第二个: counted in order
    if chosen is None:
        chosen = next(iter(options.values()))
    return _quoted_copy(text[chosen[0]:chosen[1]]), chosen[0], pick.end() if pick else at


_OPTIONS_SENTENCE_END = re.compile(r"[。；;\n]|\.(?=\s|$)")


def _unquoted_options(text: str, start: int) -> tuple[dict[str, tuple[int, int]], int]:
    """A. 清凉一夏 B. 冰爽夏日 老板说就用B吧 / 1) Ready, set, save 2) Big savings are back 3) …. Client picked option 2:
    options written without quotes, each running to the next mark; the last to the sentence's end, or to a pick of
    one of them after a blank inside it. The options' spans and where they end (where a pick may follow)."""
    marks = bare_option_marks(text, start)
    options: dict[str, tuple[int, int]] = {}
    for mark, following in zip(marks, [*marks[1:], None]):
        end = following.start() if following else None
        if end is None:
            stop = _OPTIONS_SENTENCE_END.search(text, mark.end())
            end = stop.start() if stop else len(text)
            for blank in re.finditer(r"[ \t，,]", text[mark.end():end]):
                if (pick := _MARK_PICK.match(text, mark.end() + blank.start())) and pick.end() <= end + 1:
                    end = mark.end() + blank.start()
                    break
        value = _clean(text[mark.end():end])
        if not value:
            return {}, start
        key = mark.group()[0]
        options[str("①②③④".index(key) + 1) if key in "①②③④" else key.upper()] = (mark.end(), mark.end() + len(value))
    return options, (end if marks else start)


# “旧文案”改成“新文案” / "Old" → "New" / "Old" changed to "New": a quote rewritten right after it is given.
# (从'立即购买'改成'加购物车'，再改成'马上抢': a second change, 再 / 又, takes the value on again)
# The Chinese verbs that turn a field's words into new ones (改成 / 换为 / 修改為…), shared by every "change to" reader below;
# each reader adds the English and the neighbouring words its own shape allows.
_CHANGE_VERBS_ZH = "修改为|修改為|更改为|更改為|更正为|更正為|改成|改为|改為|换成|換成|换为|換為|改做|換做|换做"
_REPLACED_BY = re.compile(r"[ \t]*[，,]?[ \t]*(?:再|又|然后又?|后来又?)?(?:" + _CHANGE_VERBS_ZH + "|" + _ARROW
                          + r"|(?i:(?:is\s+)?changed?\s+(?:it\s+)?to|replaced?\s+(?:it\s+)?(?:with|by)|becomes))"
                          r"[ \t]*[:：]?[ \t]*(?=[" + "".join(QUOTE_PAIRS) + r"])")


# 小字必须要有“…” / 按钮沿用上次的「…」 / the button keeps "…" / go with "…": a few words that keep, reuse, require or pick a text
# lead to it, quoted to the end of the value (标题全场“5折” has no such verb: its quote is inside the copy).
# (Sub: change to "…" / sub line is fine as is: "…" / Sub is fine ('…') / 最初那版：『…』/ 第一版吧：「…」: the revision's
# verb or the version it goes back to, then the words)
_KEEP_LEAD = re.compile(r"沿用|延用|继续用|繼續用|保留|保持|还是|還是|照旧|照舊|依旧|依舊|仍然|仍用|一样|一樣|不变|不變|必须|必須|一定要|需要有|要有|得有"
                        r"|最初|原来|原來|原先|第[一二三1-3]版|上一?版|上次|之前"
                        r"|\b(?i:still|stays?|keeps?|reuses?|must\s+(?:say|read|include)|has\s+to\s+(?:say|include)"
                        # (scratch that title — go with "…": the pick)
                        # (Title is good ("…") / headline works ("…"): the field judged right, its words in brackets)
                        r"|(?:go|going)\s+with|change[ds]?\s+to|(?:is\s+)?fine(?:\s+as\s+(?:is|it\s+was))?(?!\s+print)"
                        r"|(?:is\s+)?(?:good|great|perfect|approved)|works"
                        r"|as\s+is|as\s+it\s+was"
                        r"|(?:the\s+)?same\s+as\s+before)\b")
_KEEP_LEAD_CHARS = 18
_CHANGE_TO_COLON = re.compile(r"(?:(?i:change[ds]?\s+(?:it\s+)?to)|" + _CHANGE_VERBS_ZH + r")[ \t]*[：:﹕][ \t]*(?=\S)")
# (副标题保持不变（“…”）: the quote inside the lead's bracket, closed after it)
_LEAD_BRACKET = re.compile(r"[（(][ \t]*$")
_USE_LEAD = re.compile(r"(?i)[ \t]*(?:use|using|go\s+with|make\s+it)[ \t]*")
_TYPO_OWNED = re.compile(r"(?:打|写|寫)?(?:错了|錯了)[，,、 \t]*(?:应该是|應該是|应是|是)[ \t]*(?=[“「\"『])")


def _quote_after_lead(value: str) -> str | None:
    """The quoted text a keep/require lead brings as the whole rest of the value; None when there is none."""
    opened = next((i for i, ch in enumerate(value[:_KEEP_LEAD_CHARS + 1]) if ch in QUOTE_PAIRS), None)
    if not opened:
        return None
    close = _quote_end(value, opened)
    if close is not None and _USE_LEAD.fullmatch(value, 0, opened) and _INSTEAD_AFTER.fullmatch(value, close + 1):
        return _quoted_copy(value[opened + 1:close])  # scratch that subhead — use "…" instead: the words used instead
    if not _KEEP_LEAD.search(value, 0, opened):
        return None
    if close is not None and _LEAD_BRACKET.search(value, 0, opened) and re.fullmatch(r"[)）][.。]?", value[close + 1:]):
        return _quoted_copy(value[opened + 1:close])
    if close is not None and (close == len(value) - 1 or _UNTOUCHED_AFTER.fullmatch(value, close + 1)):
        return _quoted_copy(value[opened + 1:close])
    return None


# (风险提示必须加，合规原话：“…”，一个字都别改 / 小字必须加：“…”。“…”那句不要: after the required quote, a remark that it
# stays word for word, or that another line goes)
_UNTOUCHED_AFTER = re.compile(r"[，,。.；;][ \t]*[^\n]{0,16}?(?:一个字都别改|一個字都別改|一字不改|别改|別改|不改|勿改|不能改|不要改|"
                              r"原样|原樣|原封不动|原封不動|那句不要|那句删掉|那句刪掉|那句去掉)[^\n，,。；;]{0,6}[。.！!]?")


def _picked_alternative(text: str, end: int, alternatives: list[str],
                        rules: CopyRules) -> tuple[str, int, int] | None:
    """The alternative a choice right after the quoted ones names, quoted or not (…"B" — let's go
    with B): its copy, where that copy starts and where the pick ends; None when none is picked."""
    if not (choice := rules.alternative_pick.match(text, end)):
        return None
    at = choice.end()
    quoted = text[at:at + 1] in QUOTE_PAIRS
    for copy in sorted(alternatives, key=len, reverse=True):
        start = at + quoted
        if copy and text.startswith(copy, start) and \
                not _WORD_CHAR.match(text[start + len(copy):start + len(copy) + 1]):
            return copy, start, start + len(copy) + quoted
    return None


# A header row names at least two copy fields (活动⇥位置⇥主标题⇥副标题⇥按钮), or one that is not in
# the first column (活动⇥位置⇥主标题: a label first, 主标题⇥春日上新, is a label with its value).
_HEADER_LABELS = 2


def _design_remark_only(value: str, rules: CopyRules) -> bool:
    """Is every comma-separated part of the value a design remark (bold, centered / 白色 / 要大一点)?"""
    parts = [part.strip() for part in re.split(r"[，,、;；]", value) if part.strip()]
    return bool(parts) and all(rules.only_design_words(part) or rules.is_instruction(part) or rules.has_signal(part, first=True)
                               or _SIZE_REMARK_EN.match(part) or _DESIGN_REMARK.search(part) for part in parts)


_BAR = re.compile(r"[|｜]")
_BARE_ROW_BARS = 2


def _row_cells(text: str, line_start: int, line_end: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The cells of a spreadsheet line (tab-separated) or a markdown table row (| a | b |), as
    spans without their padding; None for a line that is neither."""
    line = text[line_start:line_end]
    stripped = line.strip()
    if "\t" in stripped:
        kind, pattern = "tab", re.compile(r"[^\t]+|(?<=\t)(?=\t|$)")
    elif len(stripped) > 2 and stripped[0] in "|｜" and stripped[-1] in "|｜":
        kind, pattern = "bar", re.compile(r"(?<=[|｜])[^|｜]*(?=[|｜])")
    elif len(_BAR.findall(stripped)) >= _BARE_ROW_BARS and stripped[0] not in "|｜" and stripped[-1] not in "|｜":
        # 渠道 | 主标题 | 副标题 ⏎ APP弹窗 | 为退休早做准备 | …: a table pasted without its outer bars
        kind, pattern = "bar", re.compile(r"[^|｜]+")
    else:
        return None
    return kind, _cells(pattern, line, line_start)


def _cells(pattern: re.Pattern[str], line: str, line_start: int) -> list[tuple[int, int]]:
    cells = []
    for cell in pattern.finditer(line):
        raw = cell.group()
        lead = len(raw) - len(raw.lstrip())
        cells.append((line_start + cell.start() + lead, line_start + cell.start() + len(raw.rstrip())))
    return cells


# id,位置,标题,副标题,按钮,备注 ⏎ 1,首页弹窗,乘地铁 刷码享5折,…: a CSV line (a header's cells are short column names; a
# row's commas are read as cells only when it has exactly as many as its header, since copy holds commas of its own)
_CSV_CELL = re.compile(r"(?<![^,])[^,]*")
_CSV_HEADER_CELL_CHARS = 24


def _csv_cells(text: str, line_start: int, line_end: int) -> tuple[str, list[tuple[int, int]]] | None:
    line = text[line_start:line_end]
    if line.count(",") < 2 or "\t" in line or _BAR.search(line):
        return None
    return "comma", _cells(_CSV_CELL, line, line_start)


# 标题⇥颜色⇥尺寸⇥截止: a row of three cells or more whose other cells are short words (the columns' names, no
# number in them) is a header even with one label in its first column (标题⇥春日上新 is a label with its value).
_HEADER_CELLS_MIN = 3
_HEADER_WORD_CHARS = 6


def _header_words(text: str, cells: list[tuple[int, int]], names: list[str | None]) -> bool:
    return len(cells) >= _HEADER_CELLS_MIN and all(
        name or (0 < len(text[a:b].strip()) <= _HEADER_WORD_CHARS and not re.search(r"[\d%$¥￥€£]", text[a:b]))
        for name, (a, b) in zip(names, cells))


def _column_table(text: str, rules: CopyRules) -> tuple[list[Field], list[tuple[int, int]]]:
    """活动⇥位置⇥主标题⇥副标题⇥按钮⏎双12⇥首页弹窗⇥年终好价⇥…⇥去会场 (or a markdown table with
    the same header): a header row naming fields, the copy in the first row below it, column by
    column; the other columns (活动, 位置) hold no copy, and later rows are other posters. Returns
    the fields and the spans of the table's rows."""
    if "\t" not in text and "|" not in text and "｜" not in text and "," not in text:
        return [], []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    bounds = [(start, _line_end(text, start)) for start in starts]
    for k, (line_start, line_end) in enumerate(bounds):
        header = _row_cells(text, line_start, line_end) or _csv_cells(text, line_start, line_end)
        if header is None:
            continue
        kind, cells = header
        # (Headline (max 30)⇥Subhead (max 60): a column's limit in brackets after its name)
        keys = [_label_key(_COLUMN_LIMIT.sub("", text[a:b].strip("【】[]*：:﹕ "))) for a, b in cells]
        # 大字 names the title's column as it names its line (大字：…)
        names = _column_names(keys, rules)
        labelled = sum(name is not None for name in names)
        if kind == "comma" and (labelled < _HEADER_LABELS or any(
                not text[a:b].strip() or b - a > _CSV_HEADER_CELL_CHARS for a, b in cells)):
            continue
        if labelled < _HEADER_LABELS and not (labelled and names[0] is None) and not (labelled and _header_words(
                text, cells, names)):
            continue
        rows: list[tuple[int, int, str, list[Field]]] = []
        for row_start, row_end in bounds[k + 1:]:
            if not text[row_start:row_end].strip() or _TABLE_RULE.match(text[row_start:row_end]):
                continue
            row = _csv_cells(text, row_start, row_end) if kind == "comma" else _row_cells(text, row_start, row_end)
            if row is None or row[0] != kind or ((labelled < _HEADER_LABELS or kind == "comma")
                                                  and len(row[1]) != len(cells)):
                break
            first_cell = text[row[1][0][0]:row[1][0][1]] if row[1] else ""
            if rules.field_of.get(_label_key(first_cell.strip("【】[]*：:﹕ "))):
                # | 字段 | 文案 | over | 主标题 | … |: labels down the first column, one field a row (| 项目 | 内容 | over
                # | 尺寸 | 1242x2688 | | 主标题 | … |: a row of the job's facts may come first)
                rows.clear()
                break
            fields: list[Field] = []
            for key, name, (a, b) in zip(keys, names, row[1]):
                value = text[a:b]
                if key in rules.footnote_labels and value[:1] not in _FOOTNOTE_MARKS and not (
                        rules.fine_print_cue.search(value) and not rules.has_signal(value)) and not (
                        _NOTES_PRINTED.search(text, 0, line_start) or _NOTES_PRINTED.search(text, row_end)):
                    continue  # 备注⇥尺寸750x1000，红金配色: notes to the designer, as 备注：… is (补贴以车况为准: fine print)
                if _quoted_whole(value):
                    a, b, value = a + 1, b - 1, value[1:-1]
                if name and value.strip() and name not in {f.name for f in fields} and not rules.is_placeholder(value):
                    fields.append(Field(name, value, a, b))
            rows.append((row_start, row_end, first_cell.strip(), fields))
            if names[0] is not None:
                break  # (a first column that holds copy names no row to pick)
        if not rows:
            break
        table = [(line_start, line_end)] + [(row[0], row[1]) for row in rows]
        for later_start, later_end in bounds[bounds.index(table[-1]) + 1:]:
            later = _row_cells(text, later_start, later_end)
            if later is None or later[0] != kind:
                break
            table.append((later_start, later_end))
        picked = _picked_row(text, table, [row[2] for row in rows]) if len(rows) > 1 else 0
        return rows[picked][3], table
    return [], []


_COLUMN_LIMIT = re.compile(r"[ \t]*[(（](?i:max|max\.|limit|up\s+to|≤|<=|限|最多|不超过)?[ \t]*\d{1,3}[ \t]*(?i:chars?|characters|字)?[)）]$")


# 表里备注那栏也是要印在图上的小字 / the Notes column is printed too: the brief says the notes column is copy
_NOTES_PRINTED = re.compile(r"(?:备注|備註|(?i:\bnotes?\b|\bremarks?\b))[^\n。.]{0,10}?(?:要印|也要印|印在|印上|要上图|要上圖|"
                            r"(?i:\b(?:print(?:ed)?|goes\s+on|go\s+on|appears?)\b))")


# 日期⇥渠道⇥主题⇥主文案⇥副文案: 主题 names the campaign's theme when another column holds the headline itself.
_THEME_COLUMNS = frozenset({"主题", "主題", "活动主题", "活動主題", "theme", "campaign theme"})
# Poster headline / Popup title / Banner subline: a column named by the medium and then its field.
_MEDIUM_COLUMN = re.compile(r"(?i)^(?:poster|popup|pop-up|banner|flyer|sign|app|海报|海報|弹窗|彈窗)[ \t_-]*")


def _column_names(keys: list[str], rules: CopyRules) -> list[str | None]:
    names = [rules.field_named(key) or rules.field_named(_MEDIUM_COLUMN.sub("", key)) for key in keys]
    titles = [k for k, name in enumerate(names) if name == "title"]
    if len(titles) > 1:
        for k in titles:
            if keys[k] in _THEME_COLUMNS:
                names[k] = None
    return names


# App popup⇥Title⇥Powder Alert⇥FINAL / Row 5⇥Subhead⇥…⇥REJECTED – hours changed: a sheet whose rows name their field in a
# column after the first (the asset or the row's number before it), with the copy in the next column and its review status
# after that. A row marked rejected holds no copy; of two rows for one field, the one marked approved wins.
# The ticks and crosses that approve or reject a line, a version or a sheet's row.
# | 位置 | 原文案 | 新文案 | / 字段 | 旧 | 新 / Field ⇥ Old ⇥ New: a revision table puts the copy it replaces beside the copy
# it wants; Element | Limit | Copy | Chars: a copy doc's columns of counts are never the words themselves.
_OLD_COLUMN = frozenset({"旧", "舊", "原", "原文案", "旧文案", "舊文案", "原文", "原来", "原來", "原版", "旧版", "舊版", "修改前", "改前",
                         "现文案", "現文案", "当前", "當前", "当前文案", "當前文案", "old", "old copy", "current", "current copy",
                         "before", "was", "original", "live"})
_NEW_COLUMN = frozenset({"新", "新文案", "新的", "新版", "改后", "改後", "修改后", "修改後", "修改后文案", "修改後文案", "改成", "改为",
                         "改為", "new", "new copy", "after", "updated", "revised", "revised copy", "now", "proposed", "change to"})
_COUNT_COLUMN = frozenset({"limit", "char limit", "character limit", "max", "max chars", "chars", "characters",
                           "length", "count", "char count", "字数", "字數", "字数限制", "字數限制", "字符数", "字符數", "长度", "長度"})
_COLUMN_NAME_MARKS = " \t*`_【】[]：:"
_SET_ASIDE_COLUMNS_MIN = 3


def old_columns_blanked(text: str) -> str:
    """The text with a revision table's old column (when a new one stands beside it) and a copy doc's count columns
    blanked, each cell with the bar or tab before it, lines kept, so a row reads its label, then the words wanted. The
    first column names the rows and is never blanked; the text is as it was when no table heads such columns."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        return text
    starts = [0, *(found.end() for found in re.finditer(r"\n", text))]
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    chars: list[str] | None = None
    k = 0
    while k < len(starts):
        parsed = _row_cells(text, starts[k], ends[k])
        cells = parsed[1] if parsed else []
        names = [text[a:b].strip(_COLUMN_NAME_MARKS).lower() for a, b in cells]
        set_aside = [c for c, name in enumerate(names) if c > 0 and (
            name in _OLD_COLUMN and any(other in _NEW_COLUMN for other in names) or name in _COUNT_COLUMN)]
        if len(cells) < _SET_ASIDE_COLUMNS_MIN or not set_aside:
            k += 1
            continue
        chars = chars if chars is not None else list(text)
        while parsed is not None and len(parsed[1]) == len(names):
            for c in set_aside:
                a, b = parsed[1][c]
                separator = max(text.rfind(mark, starts[k], a) for mark in "|｜\t")
                chars[separator:b] = " " * (b - separator)
            k += 1
            parsed = _row_cells(text, starts[k], ends[k]) if k < len(starts) else None
    return "".join(chars) if chars is not None else text


_APPROVED_MARKS = "✅✔☑"
_REJECTED_MARKS = "❌✗✘"
_REJECTED_CELL = re.compile(r"(?i:\b(?:rejected|declined|dropped|killed|obsolete|superseded|n/a)\b)|[" + _REJECTED_MARKS + r"]|驳回|駁回|不通过|不通過"
                            r"|废弃|廢棄|作废|作廢|弃用|棄用")
_APPROVED_CELL = re.compile(r"(?i:\b(?:approved|final|signed\s+off|locked)\b)|[" + _APPROVED_MARKS + r"]|通过|通過|定稿|终稿|終稿|已确认|已確認")
_FIELD_ROWS_MIN = 2


def _field_column_rows(text: str, rules: CopyRules) -> tuple[list[Field], list[tuple[int, int]]]:
    """The copy of a sheet with its field names down a column after the first, and the spans of its rows."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        return [], []
    rows: list[tuple[int, tuple[int, int], str, tuple[int, int], str]] = []  # column, row, field, copy, status
    for line in re.finditer(r"[^\n]+", text):
        parsed = _row_cells(text, line.start(), line.end())
        if parsed is None:
            continue
        cells = parsed[1]
        keys = [_label_key(text[a:b].strip("【】[]*：:﹕ ")) for a, b in cells]
        names = [rules.field_of.get(key) for key in keys]
        column = next((k for k, name in enumerate(names) if name), None)
        if column is None or column == 0 or column + 1 >= len(cells) or names[column] not in FIELDS \
                or sum(bool(name) for name in names) > 1:
            continue  # (活动⇥位置⇥主标题⇥副标题: a header naming the columns)
        status = " ".join(text[a:b] for a, b in cells[column + 2:])
        # (Banner⇥Notes⇥red bg: notes to the designer, as Notes: … is, unless a footnote mark opens them)
        copy_start = cells[column + 1][0]
        note = keys[column] in rules.footnote_labels and text[copy_start:copy_start + 1] not in _FOOTNOTE_MARKS
        rows.append((column, line.span(), "" if note else names[column], cells[column + 1], status))
    if len(rows) < _FIELD_ROWS_MIN or len({row[0] for row in rows}) != 1:
        return [], []
    fields: dict[str, Field] = {}
    approved: set[str] = set()
    for _, _, name, (a, b), status in rows:
        value = text[a:b]
        if _quoted_whole(value):
            a, b, value = a + 1, b - 1, value[1:-1]
        if not name or _REJECTED_CELL.search(status) or not value.strip() or rules.is_placeholder(value) \
                or (name in fields and (name in approved or not _APPROVED_CELL.search(status))):
            continue
        fields[name] = Field(name, value, a, b)
        if _APPROVED_CELL.search(status):
            approved.add(name)
    return list(fields.values()), [row[1] for row in rows]


# 两版文案领导选了B：⏎版本⇥标题⇥…⏎A⇥…⏎B⇥… / 第24期那行是这期的海报文案: a row the brief picks by its first cell.
# (build Variant B only / 用方案B: the row named by its kind of row too)
_ROW_PICK_BEFORE = re.compile(r"(?:选了?|選了?|用|定了?|采用|採用|(?i:go(?:ing)?\s+with|went\s+with|use|pick(?:ed)?|chose|build|make|do))"
                              r"[ \t]*(?:(?i:the\s+)?(?i:variant|version|option|row)|方案|版本|版)?[ \t]*$")
_ROW_PICK_AFTER = re.compile(r"[ \t]*(?:那行|那一行|这行|这一行|這行|那條|那条|(?i:row\b))")
_ROW_KEY_CHARS = 12


def _picked_row(text: str, table: list[tuple[int, int]], keys: list[str]) -> int:
    """Which of a table's rows the brief's words outside the table pick by the row's first cell (the first row when
    none, or more than one, is picked)."""
    outside = [(0, table[0][0]), (table[-1][1], len(text))]
    picked = set()
    for index, key in enumerate(keys):
        if not key or len(key) > _ROW_KEY_CHARS:
            continue
        for start, end in outside:
            for found in re.finditer(re.escape(key) + r"(?![A-Za-z0-9])", text[start:end]):
                at, close = start + found.start(), start + found.end()
                if _ROW_PICK_BEFORE.search(text, max(start, at - 24), at) or _ROW_PICK_AFTER.match(text, close):
                    picked.add(index)
    if len(picked) == 1:
        return picked.pop()
    return _row_by_number(text, outside, len(keys))


# 先做第2行那张，第1行下周再说 / Can you do the popup from row 2? / 麻烦出第3行的弹窗，第2行上周已经做了: a row named by its
# number (the header not counted); a row said to be done already or to wait is not the one asked for.
_ROW_NUMBER = re.compile(r"第[ \t]*(?P<zh>\d{1,2}|[一二三四五六七八九十])[ \t]*(?:行|条|條)(?!数|數)|(?i:\brow[ \t#]*(?P<en>\d{1,2})\b)")
_ROW_SET_ASIDE = re.compile(r"(?:已经|已經|上周|上週|之前|前面)?(?:做过|做過|做了|做好|出过|出過|出了)|下周|下週|之后|之後|再说|再說|先不|不用|不做"
                            r"|(?i:\b(?:already|later|next\s+week|skip|done|ignore)\b)")
_ZH_DIGITS = "一二三四五六七八九十"
_ROW_CLAUSE_END = re.compile(r"[，,。.;；!！?？\n]")


def _row_by_number(text: str, outside: list[tuple[int, int]], rows: int) -> int:
    asked = set()
    for start, end in outside:
        for found in _ROW_NUMBER.finditer(text, start, end):
            number = found.group("zh") or found.group("en")
            number = int(number) if number.isdigit() else _ZH_DIGITS.index(number) + 1
            clause_end = _ROW_CLAUSE_END.search(text, found.end(), end)
            if not _ROW_SET_ASIDE.search(text, found.end(), clause_end.start() if clause_end else end) \
                    and 1 <= number <= rows:
                asked.add(number - 1)
    return asked.pop() if len(asked) == 1 else 0


# A string file (gettext .po, .properties, i18n JSON/YAML) whose keys end in a field: msgid "bf_popup_title" ⏎ msgstr "…",
# popup.title = …, "home_banner_button": "…". A key of one word is a label of its own (found as any label is).
_PO_ENTRY = re.compile(r"^[ \t]*msgid[ \t]+\"(?P<key>[^\"\n]+)\"[ \t]*\n[ \t]*msgstr[ \t]+\"(?P<value>(?:[^\"\\\n]|\\.)*)\"[ \t]*$",
                       re.MULTILINE)
_KEYED_STRING = re.compile(r"^[ \t]*[\"']?(?P<key>[A-Za-z][\w-]*(?:[._-][\w-]+)+)[\"']?[ \t]*[:=][ \t]*"
                           r"(?P<quote>[\"']?)(?P<value>[^\n]*?)(?P=quote)[ \t]*,?[ \t]*$", re.MULTILINE)
_KEY_PART = re.compile(r"[._-]")
_KEYED_STRINGS_MIN = 2


def _keyed_field(key: str, rules: CopyRules) -> str | None:
    """bf_popup_title → title, home.banner.button_text → cta: the field its last parts name (None for a key that is a
    label as it stands, or names none)."""
    parts = [part for part in _KEY_PART.split(key.lower()) if part]
    if len(parts) < 2 or rules.field_of.get(_label_key(key)):
        return None
    for first in range(1, len(parts)):
        if (name := rules.field_of.get(" ".join(parts[first:]))) in FIELDS:
            return name
    return None


def _keyed_strings(text: str, rules: CopyRules) -> tuple[list[Field], list[tuple[int, int]]]:
    """The copy of a pasted string file whose keys name the fields (at least two of them), and the spans of its
    entries."""
    for pattern in (_PO_ENTRY, _KEYED_STRING):
        entries = [(entry, name) for entry in pattern.finditer(text) if (name := _keyed_field(entry.group("key"), rules))]
        if len({name for _, name in entries}) < _KEYED_STRINGS_MIN:
            continue
        fields: dict[str, Field] = {}
        for entry, name in entries:
            value = entry.group("value").strip()
            if value and name not in fields and not rules.is_placeholder(value):
                fields[name] = Field(name, value, entry.start("value"), entry.start("value") + len(value))
        return list(fields.values()), [entry.span() for entry, _ in entries]
    return [], []


# （原副标题太短） / (was too long): a bracketed aside closing a value that speaks of the field or of why it changed.
_TRAILING_ASIDE = re.compile(r"[ \t]*[（(](?P<aside>[^（）()\n]{1,32})[)）]$")
_ASIDE_REASON = re.compile(r"因为|因為|(?i:because\b|since\b)"  # (原价¥399 / was $199 are the offer's own words)
                           # (立即购票（APP用）/ （印刷版不用）: which of the formats the field is for)
                           r"|(?:APP|App|app|线上|線上|线下|線下|印刷|打印|小程序|网页|網頁|官网|官網|H5)(?:端|版)?(?:用|专用|專用|不用)")
# Book Free Pickup (was 'Book Now') / 立即抢购（原来是马上报名）: the words the field had before, with no figure (was $199 is
# the offer's)
# (Dumplings (Old Town branch) / （原来的配方）: an old place or recipe is the copy's own; only "was" says the field changed)
_ASIDE_WAS = re.compile(r"[ \t]*(?:(?i:was|previously|formerly)\b|原来是|原來是|原为|原為|之前是)")
# ETC停车 抬杆就走（不变）: in a list of revised fields, a bracket saying the field stays as it was is the list's status mark.
_ASIDE_UNCHANGED = re.compile(r"[ \t]*(?:保持|维持|維持)?(?:不变|不變|未变|未變|没变|沒變|照旧|照舊|同上|沿用|保留"
                              r"|别动|別動|不要动|不要動|不动|不動|不用动|不用動|不用改|不改)[ \t]*"
                              r"|(?i:[ \t]*(?:unchanged|no\s+change|same\s+as\s+before|as\s+before)[ \t]*)")


# （放在二维码下方） / (under the QR code): an aside that only says where the words go.
_ASIDE_PLACED = re.compile(r"(?:放在|放到|放|位于|位於|在|印在)[^，,。；;]{1,10}?(?:下方|上方|下面|上面|旁边|旁邊|底部|顶部|頂部|中间|中間)"
                           r"|(?i:(?:goes\s+|placed\s+|put\s+)?(?:under|below|beneath|above|next\s+to|beside)\s+the\s+[\w\s-]{1,20})")
_OPEN_ASIDE = re.compile(r"[ \t]*[（(][^()（）]*$")


def _names_field(words: str, name: str, rules: CopyRules) -> bool:
    """Do the words speak of the field `name` by one of its labels (原副标题太短, the old headline was too long)?"""
    for at in range(len(words)):
        found = rules.label_candidates.match(words, at)
        if found and rules.field_of.get(_label_key(found.group("label"))) == name \
                and not re.match(r"[A-Za-z-]", words[found.end("label"):found.end("label") + 1]):
            return True
    return False


_INSTEAD_OF = re.compile(r"(?<=\S)[ \t]+(?i:instead\s+of|rather\s+than)[ \t]+[^.!?。！？\n]{1,40}$|(?<=\S)[ \t，,]*而不是[^。！？\n]{1,20}$")
# (make the button say Find a Ride instead: a correction's own word, after the new words; Pause your plan instead is copy)
_CHANGED_INSTEAD = re.compile(r"(?<=[a-z0-9])[ \t]+instead$")
_TRAILING_PARTICLE = re.compile(r"(?<=\S)[ \t]+[吧啦哈呀哦嘛](?:[~～]+)?$")
_CLAUSE_END = re.compile(r"[。\n]|[.!?](?=\s|$)")


def _replacing_quote(text: str, at: int, limit: int, rules: CopyRules) -> tuple[str, int, int] | None:
    """标题从“A”改成“B” / 标题“A”不行，太口语，要换回最早的“B”: a change verb later in the field's clause that brings a
    quote of its own gives the copy (its words, where they start, where the quote ends)."""
    clause = _CLAUSE_END.search(text, at, limit)
    verb = rules.replaced_by.search(text, at, clause.start() if clause else limit)
    if not verb or (close := _quote_end(text, verb.end())) is None or close >= limit:
        return None
    return _quoted_copy(text[verb.end() + 1:close]), verb.end() + 1, close + 1


_ITEM_LEAD = re.compile(r"[ \t]*\d{1,2}(?:[)、]|\.(?!\d))[ \t]*$")


_ABOUT_THE_REST = re.compile(r"(?:其他|其它|其余|其餘|别的|別的|(?i:everything\s+else|the\s+rest))")
_ASIDE_LINE = re.compile(r"[ \t]*[（(][^\n]*[)）][ \t]*")


_THANKS_OPENS_LINE = re.compile(r"(?:谢谢|謝謝|多谢|多謝|辛苦)(?:啦|了|哈|啊|你们|你們|你|您|大家|老师|老師)*(?:[～~!！。.,，\s]|$)"
                                r"|(?i:thanks|thank\s+you|thx)\b")


# 尺寸60×90cm / 5、配色：黄+黑 / 照片用工人刷涂料那张: a line under the fine print that sets the size, the colours or the
# photo is the designer's (颜色以实物为准 / 图片仅供参考 stay fine print).
_DESIGN_LINE = re.compile(r"(?:\d{1,2}[、.)）][ \t]*)?(?:(?:尺寸|規格|规格)[：: \t]*(?:\d|[A-Ba-b]\d|用|要)"
                          r"|(?:配色|颜色|顏色|主色|字体|字體|底色|背景|风格|風格|色调|色調|调性|調性)(?:[：:]|[ \t]*(?:用|要|选|選|偏))"
                          r"|(?:照片|图片|圖片|配图|配圖|主图|主圖)(?:就|请|請)?(?:用|放|选|選|要|找)"
                          # (设计要求：… / 竖版，运动感强一点 / 用实拍的那张汤碗照片 / 字要大，老人家看得清: the brief's again)
                          r"|(?:设计要求|設計要求|设计需求|設計需求|风格要求|風格要求)[：:]|(?:竖版|横版|豎版|橫版)(?:[，,、 \t]|$)"
                          r"|\d+(?:\.\d+)?[ \t]*(?:m|cm|mm|米|厘米)[ \t]*(?:高|宽|寬|长|長|[x×*])"  # (1.5m 高，立在门口)
                          r"|用[^\n，,。]{0,10}?(?:照片|图片|圖片|那张|那張)|字(?:要|再)?(?:大|小)(?:一点|點|些)?(?:[，,、 \t]|$))")


# red and gold obviously, lanterns would be nice, please DON'T use clip art dragons: an English line of remarks, one of
# its clauses a request to the designer
_REMARK_AMONG_CLAUSES = re.compile(r"(?i)\b(?:please|pls|plz|don['’]t\s+use|do\s+not\s+use|would\s+be\s+nice)\b")


def _lines_end(text: str, start: int, limit: int, rules: CopyRules) -> int | None:
    """正文——⏎演出开始后…⏎演出全程禁止拍照…⏎请将手机调至静音。⏎（三行都要）: where two or more lines of copy under a fine-print
    label's own line end: at a blank line, a line in brackets or one that names a field."""
    end, lines, cursor = start, 0, start
    while cursor < limit:
        line_end = _line_end(text, cursor)
        line = text[cursor:line_end].strip()
        if line_end > limit or not line or _ASIDE_LINE.fullmatch(line) or rules.label_candidates.search(line) \
                or rules.removal.search(line) or rules.no_text.search(line) or _ABOUT_THE_REST.match(line) \
                or rules.is_instruction(line) and _DESIGN_TALK.search(line) or _THANKS_OPENS_LINE.match(line) \
                or _DESIGN_LINE.match(line) or _REMARK_AMONG_CLAUSES.search(line) and any(
                    rules.is_instruction(clause) for clause in re.split(r"[，,;；]|(?<=[a-z])\.[ \t]", line) if clause.strip()):
            break  # (无需副标题及按钮。 / 没有按钮 / 其他都不变哈 / 字体用黑体，logo放右上角: a line naming a field or the
            # rest, or telling the designer how to make it, talks about the poster; 谢谢啦～ 配色…: the sender's thanks)
        end, lines, cursor = line_end, lines + 1, line_end + 1
    return end if lines >= 2 else None


# 小字两行：/ 说明文字（置于底部，两行）：/ fine print (2 lines):: how many lines the label heads.
_LINE_COUNT = re.compile(r"(?P<n>[两二三四五2-5])[ \t]*行|(?P<en>[2-5]|two|three|four|five)[ \t]+lines\b", re.IGNORECASE)
_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "two": 2, "three": 3, "four": 4, "five": 5}


def _nth_line_end(text: str, start: int, end: int, counted: re.Match[str]) -> int:
    """The end of the n-th line from `start` (no later than `end`), n being the count the label gave."""
    word = (counted.group("n") or counted.group("en")).lower()
    lines = int(word) if word.isdigit() else _COUNTS[word]
    cursor = start
    for _ in range(lines):
        line_end = _line_end(text, cursor)
        if line_end >= end:
            return end
        cursor = line_end + 1
    return len(text[:cursor - 1].rstrip())


def _opens_item(text: str, at: int) -> bool:
    """Does the label at `at` follow only a list item's number on its line (1. 活动时间：…)?"""
    return bool(_ITEM_LEAD.fullmatch(text, text.rfind("\n", 0, at) + 1, at))


# can the headline say … and the button say …? / could u make the sub …?: the sentence holding the label asks the
# designer; its question mark closes the brief's sentence.
_ASKED_SENTENCE = re.compile(r"(?:^|[.!?。！？\n])[^.!?。！？\n]*?(?<![A-Za-z])(?i:can|could|would|will|may)"
                             r"[ \t]+(?i:you|u|we|the|it|i|our|this)\b[^.!?。！？\n]*\Z")  # (\Z: not across the line's end)


# 去年用的标题是“…” / last year's headline was "…": the field as an earlier round had it.
_PAST_ROUND = re.compile(r"(?:去年|上次|上回|往年|上一期|上期|上一年|(?i:last\s+(?:year|time|season|round)['’]s))"
                         r"(?:用的|用过的|写的|的)?[ \t]*$")
_PAST_ROUND_CHARS = 16


# 王主任：写 预约直播: the line under a question, (who says it,) a verb of writing, then the words.
_ANSWER_LINE = re.compile(r"\n[ \t]*(?:[^\n：:﹕" + "".join(QUOTE_PAIRS) + r"]{1,12}[：:﹕][ \t]*)?(?:那就|就)?(?:写|寫)(?:个|上|成)?[ \t：:]*"
                          r"(?=\S)")


def _answer_below(text: str, at: int, name: str, rules: CopyRules) -> Field | None:
    """The words the line right under a question about a field (按钮写啥) writes for it, quoted or not."""
    answer = _ANSWER_LINE.match(text, _line_end(text, at))
    if answer is None and (answer := _QUOTE_ANSWER.match(text, _line_end(text, at))) is not None:
        # (小字写一下自动续费的事 ⏎ 小雨：“…”: in a chat, the next message's quote alone answers it)
        close = _quote_end(text, answer.end())
        if close is None or text[close + 1:_line_end(text, close)].strip():
            return None
    if answer is None:
        return None
    start, end = answer.end(), _line_end(text, answer.end())
    if text[start] in QUOTE_PAIRS and (close := _quote_end(text, start)) is not None:
        return Field(name, _quoted_copy(text[start + 1:close]), start + 1, close)
    value = _clean(text[start:_unquoted_value(text, start, end, name, rules)])
    value = _ANSWER_PARTICLE.sub("", value)  # (写 马上预约 吧: the speaker's 吧 after a pause, no word of the button)
    if not value or rules.is_placeholder(value) or rules.has_signal(value, first=True):
        return None
    return Field(name, value, start, start + len(value))


_ANSWER_PARTICLE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+[吧啊哈呀嘛]$")


def extract_labelled(text: str, rules: CopyRules, messages: tuple[int, ...] = ()
                     ) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """Labelled fields, and the spans they cover (label through value). `messages`: where each message of a
    pasted chat starts; a field a later message gives again replaces the earlier value (the last word wins)."""
    # A pasted spreadsheet whose header row names the fields: its first row below is the copy (or, Row 4⇥Headline⇥…, each
    # row names its field).
    rows, spans = _field_column_rows(text, rules)
    columns, table_spans = _column_table(_mask(text, spans), rules)
    keyed, keyed_spans = _keyed_strings(text, rules)
    fields: dict[str, Field] = {field.name: field for field in [*keyed, *rows, *columns]}
    spans += table_spans + keyed_spans
    text = _mask(text, spans)
    picked, picked_spans = _picked_versions(text, rules)  # v1 … v2 … ⏎ 标题用 v2: the picks replace every other value
    text = _mask(text, picked_spans)
    listed_options, option_spans = _picked_option_lines(text, rules)  # 标题备选：⏎A. …⏎B. …⏎选了B
    if "\t" in text:
        row_options, row_spans = _picked_option_row(text, rules)
        listed_options.update(row_options)
        option_spans += row_spans
    text = _mask(text, option_spans)
    spans += option_spans
    spans += [fix.span() for fix in STAR_FIX.finditer(text)]  # *dropped, sorry: the writer's typo fix, no copy
    unnamed_old = [(old.start(), old.end()) for old in _UNNAMED_OLD_THEN_NEW.finditer(text)
                   if not rules.label_candidates.match(text, old.start("old"))]
    text = _mask(text, unnamed_old)  # 原来的：A ⏎ 改成：B (no field named): B stands where A stood
    spans += unnamed_old
    labels = find_labels(text, rules)
    if any(label.name == "subtitle" and label.text not in _SELLING_POINTS for label in labels) \
            and not any(label.name == "body" and not label.secondary for label in labels):
        # 副标题：… ⏎ 卖点：⏎· …⏎· …: the line under the headline is given; the selling points print small
        for label in labels:
            if label.name == "subtitle" and label.text in _SELLING_POINTS:
                label.name = "body"
    subtitle_labelled = "subtitle" in fields or any(label.name == "subtitle" for label in labels)
    from_secondary: set[str] = set()  # fields a secondary label (活动时间, 注) filled: any other label replaces them
    rounds: dict[str, list[Field]] = {}  # every value each field was given, in order (第一版, 第二版 …)
    fine_print: list[tuple[_Label, Field]] = []  # each body label's value, for a body said in several lines
    i = 0
    while i < len(labels):
        label = labels[i]
        next_start = labels[i + 1].start if i + 1 < len(labels) else len(text)
        start = label.value_start
        value: Field | None = None
        end = start
        if label.value_end is not None and label.span_end is not None:  # the value came before its label
            if label.name not in fields or label.correction:  # (Use "…" as the headline instead: it replaces)
                fields[label.name] = Field(label.name, text[start:label.value_end], start, label.value_end)
                if label.secondary:
                    from_secondary.add(label.name)
            spans.append((label.start, label.span_end))
            i += 1
            continue
        if label.text in rules.block_labels and label.text not in rules.field_of and i + 1 < len(labels) \
                and labels[i + 1].value_end is not None and labels[i + 1].start <= start + 1:
            i += 1  # copy: "X" as the header, "Y" as the sub: each quote comes with its own label
            continue
        if label.name == "body" and i + 1 < len(labels) and labels[i + 1].name == "body" and labels[i + 1].secondary \
                and not label.secondary and not text[start:labels[i + 1].start].strip():
            labels.pop(i + 1)  # 底部：⏎活动时间：…⏎地址：… / 底部 | 活动时间：…: the key heads the printed line, it is copy
            continue
        if i + 1 < len(labels) and labels[i + 1].name == label.name and (labels[i + 1].start == start or (
                _NAMED_AGAIN.fullmatch(text, start, labels[i + 1].start)
                and text[labels[i + 1].value_start:labels[i + 1].value_start + 1] in QUOTE_PAIRS)):
            labels[i + 1].correction = labels[i + 1].correction or label.correction
            i += 1  # 标题改成【标题】闲钱理财…: the change names the field again in brackets, which bring the words
            continue  # (标题用我们的老slogan「…」: a few words lead to the field's other name, and its quote)
        if i + 1 < len(labels) and "\n" in text[label.start:labels[i + 1].start] \
                and (not text[start:labels[i + 1].start].strip()
                     or _PART_BEFORE_LABEL.fullmatch(text, start, labels[i + 1].start)
                     or _TABLE_HEAD_BEFORE_LABEL.fullmatch(text, start, labels[i + 1].start)
                     or label.block and _TAB_HEAD_BEFORE_LABEL.fullmatch(text, start, labels[i + 1].start)):
            i += 1  # 弹窗文案：⏎【标题】…⏎【副标题】…: the lines under the heading bring their own labels
            continue
        if value is None and (lettered := _lettered_options(text, start, bool(rules.label_options.search(
                text, label.start, start)))):
            value, end = Field(label.name, lettered[0], lettered[1], lettered[1] + len(lettered[0])), lettered[2]
            while i + 1 < len(labels) and labels[i + 1].start < end:
                labels.pop(i + 1)
        if value is None and text[start] in QUOTE_PAIRS:
            close = _quote_end(text, start)
            if close is not None:
                value = Field(label.name, _quoted_copy(text[start + 1:close]), start + 1, close)
                end = close + 1
                if keep := _keeps_marks(text, end):  # 《Python入门》（书名号要保留）: the marks are copy too
                    value, end = Field(label.name, text[start:close + 1], start, close + 1), keep
                elif (_COLON_OR_CELL_BEFORE.search(text, label.start, start)
                      or _blank_after_line_label(text, label.start, start)) \
                        and (rest := _GLUED_AFTER_QUOTE.match(text, end, next_start)) and not _QUOTE_REMARK.match(rest.group()) \
                        and not rules.has_signal(rest.group().strip(), first=True) \
                        and not rules.is_instruction(rest.group().strip()):
                    # 主标题：「潮涌」完赛奖牌首次公开 / | 《猫》中文版 北京站回归 |: after a colon or a cell's bar a quote opening the
                    # line is a name inside it, the line goes on (主标题「年货节」限时三天哦: with no colon the quote is the copy)
                    whole = text[start:rest.end()].rstrip()
                    value, end = Field(label.name, whole, start, start + len(whole)), rest.end()
                elif later := _replacing_quote(text, end, next_start, rules):
                    value, end = Field(label.name, later[0], later[1], later[1] + len(later[0])), later[2]
                elif (arrow := _ARROW_LINE_REVISION.match(text, end)) and (
                        close := _quote_end(text, arrow.end())) is not None and close < next_start:
                    # headline 先用 'A' ⏎→ boss 说…→ 改成「B」: the next line's arrow leads to the change
                    value = Field(label.name, _quoted_copy(text[arrow.end() + 1:close]), arrow.end() + 1, close)
                    end = close + 1
                if label.text in rules.block_labels and label.text not in rules.field_of \
                        and not _quote_continues(text, end, next_start, rules):
                    # copy: "A" / "B" / "C": quotes listed after a copy heading are the fields in order
                    listed, end = _quoted_list(text, start, next_start, set(fields), rules)
                    # ("A" / "B" 占位就好: stand-ins)
                    for field in [] if _STAND_IN_AFTER.match(text, close + 1) else listed:
                        fields.setdefault(field.name, field)
                    while i + 1 < len(labels) and labels[i + 1].start < end:
                        labels.pop(i + 1)
                    spans.append((label.start, end))
                    i += 1
                    continue
                # 原标题“理财新手福利”改成“新手专享”: the quote the first one is changed to is the copy.
                while (change := _REPLACED_BY.match(text, end)) and (other := _quote_end(text, change.end())) is not None:
                    value = Field(label.name, _quoted_copy(text[change.end() + 1:other]), change.end() + 1, other)
                    end = other + 1
                if again := _quote_after_retraction(text, end, next_start, rules):
                    # 标题写「A」。哦不对，厂家给了统一口号，要用厂家的：「B」: taken back, the sentence's quote gives it again
                    value, end = Field(label.name, _quoted_copy(text[again[0]:again[1]]), again[0], again[1]), again[1] + 1
                # 标题“感恩母爱”或者“妈妈我爱你”都行: the first alternative is the copy, the others go…
                alternatives = [value.value]
                listed = _LISTED_OPTION if rules.label_options.search(text, label.start, start) else _ALTERNATIVE
                while (alternative := listed.match(text, end)) and alternative.end() < len(text) \
                        and text[alternative.end()] in QUOTE_PAIRS \
                        and (other := _quote_end(text, alternative.end())) is not None:
                    alternatives.append(_quoted_copy(text[alternative.end() + 1:other]))
                    end = other + 1
                # …unless the brief then picks one of them by its words (— let's go with B / ，就用“B”吧).
                if len(alternatives) > 1 and (pick := _picked_alternative(text, end, alternatives, rules)):
                    value, end = Field(label.name, pick[0], pick[1], pick[1] + len(pick[0])), pick[2]
                if _quote_continues(text, end, next_start, rules):
                    value, end = None, start  # 标题：《长安的荔枝》限量签名版: the marks are part of the copy
                else:
                    # labels inside the quotes are part of the copy
                    while i + 1 < len(labels) and labels[i + 1].start < end:
                        labels.pop(i + 1)
        if value is None and label.text in rules.block_labels and text[start] not in QUOTE_PAIRS:
            # copy: Big Sale / 50% off / Shop now: lines with slashes after a copy heading, in order
            listed, listed_span = _slash_list(text, set(fields), rules, start, next_start, headed=True)
            if listed and listed_span[0] == start:
                for field in listed:
                    fields.setdefault(field.name, field)
                spans.append((label.start, listed_span[1]))
                i += 1
                continue
        if value is None and label.block:
            # 文案：⏎… is a heading: its lines are the copy, or (文案：⏎- 标题：…) labels follow.
            block, end = _copy_block(text, start, next_start, set(fields), rules)
            for field in block:
                fields.setdefault(field.name, field)
            spans.append((label.start, max(end, start)))
            i += 1
            continue
        if value is None and label.name == "body" and "\n" in text[label.start:start] and not label.fixed_end:
            # 【规则】⏎1. 活动时间：6月20日… ⏎2. …: a fine-print label inside an item is the item's own words
            inner = i + 1
            while inner < len(labels) and labels[inner].name == "body" and _opens_item(text, labels[inner].start):
                inner += 1
            limit = labels[inner].start if inner < len(labels) else len(text)
            listed_end = _list_end(text, start, limit) or _lines_end(text, start, limit, rules)
            if listed_end and (counted := _LINE_COUNT.search(text, label.start, start)):
                listed_end = _nth_line_end(text, start, listed_end, counted)  # 小字两行：⏎…⏎…⏎PS …: as many lines as it says
            if listed_end:
                # Body：⏎1. 全新首页设计⏎2. 支持深色模式 / 正文——⏎…⏎…: the lines under its label's line are the body,
                # line breaks kept
                start += len(text[start:listed_end]) - len(text[start:listed_end].lstrip(" \t"))  # (an indent is layout)
                value, end = Field("body", text[start:listed_end], start, listed_end), listed_end
                while i + 1 < len(labels) and labels[i + 1].start < end:
                    labels.pop(i + 1)
        if value is None:
            end = label.fixed_end or _unquoted_value(text, start, next_start, label.name, rules,
                                                     offer_ends_title=not subtitle_labelled)
            # 前100名立减500，不对不对，改成前200名立减300: the last version is the copy
            while not label.fixed_end and (retracted := _last_retraction(text, start, end, rules)) is not None:
                start = retracted
                end = _unquoted_value(text, start, next_start, label.name, rules, offer_ends_title=not subtitle_labelled)
                if end == next_start and text[end - 1] in "啊呀嘛" and _CJK_CHAR.match(text[end - 2]):
                    end -= 1  # …不对不对是写麻辣鲜香一锅端啊副标题…: the particle stresses the correction, glued to the next field
            if not label.fixed_end and (taken := rules.retraction.search(text, end, _line_end(text, end))) \
                    and _FILLER_ONLY.fullmatch(text, end, taken.start()) and taken.end() < next_start \
                    and _CJK_CHAR.match(text[taken.end():taken.end() + 1]):
                # 标题写猫眼新品上市 嗯 不对不对 写冬季猫眼新款上市: a voice note takes the value back after a filler
                start = taken.end()
                end = _unquoted_value(text, start, next_start, label.name, rules, offer_ends_title=not subtitle_labelled)
            if not label.fixed_end and (again := _retracted_after_stop(text, end, next_start, rules)) is not None:
                start, end = again  # headline: Pub Quiz Tuesdays. wait no — scratch that, make it "Big Brain Tuesdays"
            if not label.fixed_end and (stop := _trailing_retraction(text, start, end, rules)) is not None:
                end = stop  # 领券下单…哦等一下我看错了: the speaker stops to check; the field given again settles it
            if not label.fixed_end and (dropped := rules.removal.search(text, start + 1, end)) and _CJK_CHAR.match(
                    text[dropped.start() - 1]) and rules.field_of.get(
                    _label_key(dropped.group("before") or dropped.group("after"))) not in (None, label.name):
                end = dropped.start()  # 下面一行写买错了也不怕按钮不要了…: a run-on turns to taking back another field
            if not label.fixed_end and (enough := _THAT_WILL_DO.search(text, start + 1, end)) \
                    and not re.search(r"[（(]", text[start:enough.start()]):  # (…（英文 button 就好）: an aside's own)
                end = enough.start()  # 小字写：… 就行～颜色要…: a blank, then "that will do" closes the words asked for
            line_end = _line_end(text, label.value_start)
            if not label.fixed_end and (revised := _ARROW_REVISION.match(
                    text, label.value_start + len(text[label.value_start:line_end].split("→")[0]), line_end)) \
                    and (close := _quote_end(text, revised.end())) is not None and close < line_end:
                # Shop Now → 不对…改成「去逛逛」 / 5元一盆 → 哎价格不写了 改成“…”: the arrow's change on the same line wins
                start, end = revised.end() + 1, close
            elif not label.fixed_end and (revised := _ARROW_COLON_REVISION.match(
                    text, label.value_start + len(text[label.value_start:line_end].split("→")[0]), line_end)):
                start, end = revised.end(), line_end  # Mattres Week → oops typo, make it: Mattress Week: the rest of the line
            elif not label.fixed_end and (instead := _USE_WORDS_INSTEAD.search(text, label.value_start, line_end)) \
                    and rules.retraction_word.search(text, text.rfind("\n", 0, label.start) + 1, label.start):
                # Actually scratch that CTA — compliance doesn't want "eligible"…. Use "See your offer" instead.: the
                # field taken back, why, then the words used instead
                start, end = instead.start("words"), instead.end("words")
            raw = _TRAILING_FILLER.sub("", text[start:end])  # …5 to 9 pm... um,: the speaker's pause, not the copy's
            if raw.rstrip().endswith(("..", "…")) and _FILLER_AFTER.match(text, end):
                raw = raw.rstrip().rstrip(".…")  # (the pause cut short where the value stopped)
            if end == next_start:  # the headline should be X and the button …: "and" joins the brief's words
                raw = _TRAILING_JOIN.sub("", raw)
            # (a value alone on the line under its label's line has that line to itself too)
            own_line = _label_heads_line(text, start) or not text[text.rfind("\n", 0, start) + 1:start].strip() \
                or _bare_label_heads_line(text, label)
            cleaned = _clean(raw) + _closing_stop(text, start, end, own_line=own_line, prose=label.name == "body",
                                                  next_label=next_start, heading=label.name in ("title", "subtitle"))
            if label.name != "body" and not label.fixed_end:
                cleaned = _cut_trailing_remark(cleaned, rules)  # 标题年货节要大一点红色
                cleaned = _TRAILING_PARTICLE.sub("", cleaned)  # 改成 外卖满30减8 吧: the chat's particle, not the copy's
                cleaned = _SPOKEN_STUTTER.sub("", cleaned)  # 副标题写 感谢 感谢3216位…: a voice note's word said twice
                cleaned = _INSTEAD_OF.sub("", cleaned)  # to say Invite a friend instead of Share code: the words replaced
                if label.correction:
                    cleaned = _CHANGED_INSTEAD.sub("", cleaned)
                if (aside := _TRAILING_ASIDE.search(cleaned, 2)) and not re.search(r"\d", aside.group("aside")) and (
                        _ASIDE_REASON.match(aside.group("aside")) or _names_field(aside.group("aside"), label.name, rules)
                        or _ASIDE_UNCHANGED.fullmatch(aside.group("aside")) or _ASIDE_WAS.match(aside.group("aside"))):
                    cleaned = cleaned[:aside.start()].rstrip()  # 限定五星角色，概率UP中（原副标题太短）: why it changed
                elif (aside := _TRAILING_ASIDE.search(cleaned, 2)) and _ASIDE_PLACED.fullmatch(aside.group("aside")):
                    cleaned = cleaned[:aside.start()].rstrip()  # 扫码看后厨（放在二维码下方）: where it goes
            if not label.fixed_end and (opened := _OPEN_ASIDE.search(cleaned, 2)) \
                    and re.match(r"[^()（）\n]*[)）]", text[end:_line_end(text, end)]):
                cleaned = cleaned[:opened.start()].rstrip()  # Book now (英文就行 不要中文): cut inside its aside, a remark
            if (typo := _TYPO_OWNED.match(cleaned)) and (close := _quote_end(cleaned, typo.end())) is not None:
                cleaned = _quoted_copy(cleaned[typo.end() + 1:close])  # 标题写错了，应该是“…”，…: what it should have been
            elif changed := _changed_from_first_draft(cleaned, rules):
                cleaned = changed  # 标题原拟定为“A”，经领导审阅，修改为“B”: what the first draft was changed to
            elif kept := _quote_after_lead(cleaned):
                cleaned = kept  # 按钮沿用上次的「去逛逛」: the quote the verb keeps is the copy
            elif changed_to := _CHANGE_TO_COLON.match(cleaned):
                cleaned = cleaned[changed_to.end():]  # 副标题 change to: Matching outfits…: the words after its colon
            if cleaned.endswith("?") and _ASKED_SENTENCE.search(text, 0, label.start):
                cleaned = cleaned[:-1].rstrip()  # can the button say invite friends?: the brief's question, not the copy's
            offset = raw.find(cleaned) if cleaned else 0
            value = Field(label.name, cleaned, start + offset, start + offset + len(cleaned))
        if rules.copy_question.match(value.value) and (answer := _answer_below(text, value.end, label.name, rules)):
            value, end = answer, max(end, answer.end)  # 小刘：按钮写啥 ⏎ 王主任：写 预约直播: the next message answers it
        if label.name != "cta" and "cta" not in fields and rules.button_remark.match(text, value.end, next_start):
            label.name = value.name = "cta"  # 再下面写个扫码领取资料包，这个是按钮哈
        if label.text in rules.block_labels and label.text not in rules.field_of and not label.block \
                and _design_remark_only(value.value, rules):
            value.value = ""  # text: bold, centered / 文字：白色 says how the words look, not what they say
        replaces = label.correction or (label.name in from_secondary and not label.secondary) \
            or (label.name in fields and _said_again(text, fields[label.name], label.start, messages, rules))
        if label.name in fields and (taken := rules.retraction_word.search(text, fields[label.name].end, label.start)) \
                and not any(fields[label.name].end <= other.start < label.start for other in labels):
            spans.append((taken.start(), label.start))  # …8折” 啊不对不对 老板刚说改成85折了 那就标题“…”: the speaker's talk
        if _PAST_ROUND.search(text, max(0, label.start - _PAST_ROUND_CHARS), label.start) \
                and any(later.name == label.name for later in labels[i + 1:]):
            value.value = ""  # 去年用的标题是“…”，今年想换一个 … 标题：…: last round's words, which a later field replaces
        # (Sub: We have not agreed on this line. Could you propose two options?: the line's later sentence says so)
        if value.value and not rules.is_placeholder(value.value) \
                and not (text[value.start - 1:value.start] not in QUOTE_PAIRS
                         and text[value.end:_line_end(text, value.end)].strip()
                         and rules.is_placeholder(text[value.start:_line_end(text, value.start)])) \
                and not _takes_itself_back(text, label, value, rules) \
                and not _STAND_IN_TEXT.search(value.value) \
                and not (text[value.start - 1:value.start] in QUOTE_PAIRS
                         and _STAND_IN_AFTER.match(text, value.end + 1)) \
                and not _MARKS_ONLY.fullmatch(value.value) and not _HEADS_NEXT.search(value.value) \
                and not _REMARK_ONLY.fullmatch(value.value) \
                and not (_ASKED_TO_WRITE.search(text, label.start, value.start) and rules.is_instruction(value.value)):
            rounds.setdefault(label.name, []).append(value)
            if label.name == "body":
                fine_print.append((label, value))
        if rounds.get(label.name) and rounds[label.name][-1] is value and (label.name not in fields or replaces):
            fields[label.name] = value
            (from_secondary.add if label.secondary else from_secondary.discard)(label.name)
        spans.append((label.start, end))
        i += 1
    _fine_print_lines_joined(text, fields, fine_print, rules)
    _asked_in_chat(text, fields, spans, rules)
    _settled_on_it(text, fields, spans, rules)
    _avoided_then_replaced(text, fields, spans, rules)
    _changed_later_in_sentence(text, fields, spans, rules)
    _field_taken_back_then_given(text, fields, spans, rules)
    _original_then_revised(text, fields, spans, rules)
    _placed_sized_lines(text, fields, spans, rules)
    _field_versions_picked(text, fields, spans, rules)
    _critiqued_then_replaced(text, fields, spans, rules)
    _inline_options_picked(text, fields, spans, rules)
    _unlabelled_corrections(text, fields, spans, rules)
    _speaker_picked(text, fields, spans, rules)
    _round_picked(text, fields, rounds, spans, rules)
    _lines_referred_to(text, fields, spans, rules)
    _lines_named(text, fields, spans, rules)
    _spoken_quotes(text, fields, spans, rules)
    if chosen := _chosen_option(text, rules):
        field, options = chosen
        fields[field.name] = field
        spans += options
    fields.update(listed_options)
    fields.update(picked)
    spans += picked_spans
    return fields, spans


# The labels of a line printed small: the terms, the bottom, the where, when and how to reach
_FINE_PRINT_LABEL = re.compile(r"小字|细字|細字|底部|底下|最下|免责|免責|细则|細則|条款|條款|须知|須知|声明|聲明|警语|警語|合规|合規|"
                               r"脚注|腳註|落款|地址|电话|電話|热线|熱線|时间|時間|日期|二维码|二維碼|"
                               r"(?i:fine|small\s+print|tiny|legal|terms|t&c|ts&cs|footer|bottom|disclaimer|disclosure|footnote|"
                               r"qr|address|date|time|phone|location|venue|hours)")


def _fine_print_lines_joined(text: str, fields: dict[str, Field], fine_print: list[tuple[_Label, Field]],
                             rules: CopyRules) -> None:
    """小字：8月10日前下单 ⏎ 二维码下面写：扫码加店主微信 / Fine print: … ⏎ Footer: …: each of several lines the brief gives
    for the small print under labels of their own is printed, in the brief's order, one line each (never only the first).
    Not when a label is a correction or repeats an earlier one's (小字改成：… / 小字：A … 小字：B: a later version)."""
    body = fields.get("body")
    if body is None or len(fine_print) < 2 or fine_print[0][1] is not body:
        return
    keys = [_label_key(label.text) for label, _ in fine_print]
    if len(set(keys)) < len(keys) or any(label.correction or label.secondary for label, _ in fine_print):
        return
    # (a note, 注释 or 备注, may be the designer's; a line that talks about the design is no fine print)
    if any(key in rules.footnote_labels or rules.has_signal(value.value)
           or not _FINE_PRINT_LABEL.search(text, text.rfind("\n", 0, label.start) + 1, value.start)
           or len(value.value.strip()) < 4
           # ((内部备注，不要印：… / (… just fine print is fine): a label inside a bracketed aside on its line)
           or _OPEN_ASIDE.search(text, text.rfind("\n", 0, value.start) + 1, value.start)
           for key, (label, value) in zip(keys[1:], fine_print[1:])):
        return
    values = [value for _, value in fine_print]
    if any(later.start < earlier.end for earlier, later in zip(values, values[1:])) \
            or any(value.value in other.value for value in values for other in values if value is not other):
        return
    fields["body"] = Field("body", "\n".join(value.value for value in values), values[0].start, values[-1].end)


_NAMED_AGAIN = re.compile(r"[^\s，,。；;：:！!？?" + "".join(QUOTE_PAIRS) + r"]{1,8}")


_THAT_WILL_DO = re.compile(r"[ \t]+(?:就行|就好|即可|就可以)(?:了|啦|哈|哦|吧)?(?=[～~!！。，,\s]|$)")


_STOP_BEFORE_RETRACTION = re.compile(r"[.!?。！？]?")


def _retracted_after_stop(text: str, end: int, limit: int, rules: CopyRules) -> tuple[int, int] | None:
    """Where the quote a retraction brings, right after a value that closed at its sentence's stop, lies (start and end
    of its words): the speaker took the value back and gave it again on the same line; None when nothing is taken back."""
    at = _STOP_BEFORE_RETRACTION.match(text, end).end()
    retracted = False
    while (again := rules.retraction.match(text, at - (at > 0 and text[at - 1] in " \t"))) and again.end() > at \
            and "\n" not in text[at:again.end()]:
        at, retracted = again.end(), True  # (wait no — scratch that, make it …: one retraction may follow another)
    if not retracted or at >= limit or text[at] not in QUOTE_PAIRS or (close := _quote_end(text, at)) is None:
        return None
    return at + 1, close


_SENTENCE_STOP = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


def _quote_after_retraction(text: str, end: int, limit: int, rules: CopyRules) -> tuple[int, int] | None:
    """Where the words of the first quote lie in the sentence that opens by taking back a quoted value (「A」。哦不对，…：
    「B」); None when no retraction follows the value or its sentence holds no quote."""
    at = _STOP_BEFORE_RETRACTION.match(text, end).end()
    again = rules.retraction.match(text, end) or rules.retraction.match(text, at)
    if not again or again.end() <= at or "\n" in text[end:again.end()]:
        return None
    stop = _SENTENCE_STOP.search(text, again.end(), limit)
    opener = next((j for j in range(again.end(), stop.start() if stop else limit) if text[j] in QUOTE_PAIRS), None)
    if opener is None or (close := _quote_end(text, opener)) is None or close >= limit:
        return None
    return opener + 1, close


# Kiki: 按钮？ ⏎ Vivian: "预约档期" / Maya: love it. sub? ⏎ Jordan: "Kids under 10…" / 小林：…海报标题用啥？: a chat line that ends by asking
# for a field, and the next message, (who says it,) a quote alone.
# (副标题要不要？ ⏎ 陈经理：要，“…”: asked whether the field is wanted, the answer says yes before its quote)
# (阿杰：按钮呢 ⏎ 小雨：“…”: the topic's 呢 alone asks as a question mark does)
# (标题用啥: the words asked for by 啥 alone, in a chat that types no question mark)
_FIELD_ASKED = re.compile(r"[ \t]*(?:(?:(?:用|写|寫|放)?(?:啥|什么|什麼|咩)(?:呢|呀|啊)?|要不要|需不需要)?"
                          r"[ \t]*[?？]+|(?:呢|要吗|要嗎|需要吗|需要嗎)[ \t]*[?？]*|(?:用|写|寫|放)(?:啥|什么|什麼|咩)(?:呢|呀|啊)?)[ \t]*$")  # (标题用啥？ / 按钮要吗: 吗 asks as ？ does)
_QUOTE_ANSWER = re.compile(r"\n(?:[ \t]*\n)?[ \t]*(?:[^\n:：﹕" + "".join(QUOTE_PAIRS) + r"]{1,24}[:：﹕][ \t]*)?"
                           r"(?:(?:要|需要|要的|好|可以|行|嗯|对|對)[，,、 \t]*)?(?=[" + "".join(QUOTE_PAIRS) + r"])")


def _asked_in_chat(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """A field a chat asks for by name alone (按钮？, sub?, CTA?) takes the quote that answers it on the next line."""
    if not re.search(r"[?？呢吗嗎啥]|什么|什麼", text):
        return
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        asked = _FIELD_ASKED.match(text, label.end("label"), _line_end(text, label.end("label")))
        if name not in FIELDS or name in fields or not asked:
            continue
        head = text[text.rfind("\n", 0, label.start("label")) + 1:label.start("label")]
        if head.strip() and not re.search(r"[:：﹕.。!！][ \t]*$", head) and not re.search("啥|什么|什麼|咩", asked.group()):
            continue  # (the label opens the message or its last sentence, or asks for words: which button? asks about a thing)
        if (answer := _QUOTE_ANSWER.match(text, _line_end(text, label.end()))) is None:
            continue
        close = _quote_end(text, answer.end())
        if close is None or text[close + 1:_line_end(text, close)].strip():
            continue
        fields[name] = Field(name, _quoted_copy(text[answer.end() + 1:close]), answer.end() + 1, close)
        spans.append((label.start(), close + 1))


# Vivian：那改「…」 ⏎ 阿杰：+1 ⏎ Vivian：OK 主标就它了: a field settled on "it" takes the quote last put forward above.
_SETTLED_ON_IT = re.compile(r"[ \t]*(?:就|就用|就定|定)(?:它|这个|這個|这句|這句|这版|這版)(?:了|吧|啦)?(?=$|[ \t，,。.!！])", re.MULTILINE)


_EARLIER_TRY = re.compile(r"[^\n" + "".join(QUOTE_PAIRS) + r"]{0,4}[「“\"『][^」”\"』\n]{1,40}[」”\"』]")


def _settled_on_it(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """A chat line that settles a field by name on "it" (主标就它了): the last quote before that line, no other field's
    words, is the field's copy."""
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        if name not in FIELDS or not _SETTLED_ON_IT.match(text, label.end()):
            continue
        line_start = text.rfind("\n", 0, label.start()) + 1
        others = {field.start for field in fields.values() if field.name != name}
        for opener in range(line_start - 1, -1, -1):
            if text[opener] in QUOTE_PAIRS and (close := _quote_end(text, opener)) is not None \
                    and opener < close < line_start:
                if opener + 1 not in others:
                    fields[name] = Field(name, _quoted_copy(text[opener + 1:close]), opener + 1, close)
                    spans.append((label.start(), label.end()))
                    # (主标先定「…」 above: the field's earlier tries are no copy of another field either)
                    spans.extend((tried.start(), tried.end())
                                 for earlier in rules.label_candidates.finditer(text, 0, opener)
                                 if rules.field_of.get(_label_key(earlier.group("label"))) == name
                                 and (tried := _EARLIER_TRY.match(text, earlier.end())))
                break


# 按钮不用“立即购买”，太硬，改为「先领资料包」: the words a field is not to say, why, and the change to the words it says.
# (Title: don't use "Results Day Rescue", we're going with "…": the same in English)
# (possessive spaces: searched over a brief whose used parts are blanked to runs of spaces, a plain [ \t]* splits
# each run every way at every position in it)
_AVOIDED_QUOTE = re.compile(r"[ \t]*+[：:﹕]?[ \t]*+(?:不用|不要|别用|別用|不写|不寫|别写|別寫|(?i:don['’]t\s+use|do\s+not\s+use|not))[ \t]*"
                            r"(?=[" + "".join(QUOTE_PAIRS) + r"])")
_AVOID_REASON_CHARS = 16
_REPLACED_BY_EN = re.compile(r"(?i)(?<![A-Za-z])(?:(?:we['’]re|we\s+are|i['’]m)\s+)?(?:going\s+with|go\s+with|use|using)[ \t]*[：:﹕]?[ \t]*"
                             r"(?=[" + "".join(QUOTE_PAIRS) + r"])")
_AVOID_REASON_CHARS_EN = 40


def _avoided_then_replaced(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """A label, then an avoid verb before a quote and, in the same sentence, a change verb before another quote: the
    second quote is the field's copy (the first is no copy at all, changed or not)."""
    if not _AVOIDED_QUOTE.search(text):
        return
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        if name not in FIELDS or not (avoided := _AVOIDED_QUOTE.match(text, label.end("label"))) \
                or (close := _quote_end(text, avoided.end())) is None:
            continue
        change = rules.replaced_by.search(text, close + 1, min(_line_end(text, close), close + 1 + _AVOID_REASON_CHARS)) \
            or _REPLACED_BY_EN.search(text, close + 1, min(_line_end(text, close), close + 1 + _AVOID_REASON_CHARS_EN))
        if change is None or re.search(r"[。；;\n]", text[close + 1:change.start()]) \
                or (other := _quote_end(text, change.end())) is None:
            spans.append((label.start(), close + 1))  # (按钮不用“立即购买”，太硬: the avoided words are never copy)
            continue
        fields[name] = Field(name, _quoted_copy(text[change.end() + 1:other]), change.end() + 1, other)
        spans.append((label.start(), other + 1))


# 哦对按钮改一下，抖音那边说"立即付定金"过不了审，改成"预定锁价" / boss 说 title 要中文优先，改成 "…": a field named, why it
# changes (the old words quoted, maybe), then in the same sentence a change verb and the new words quoted.
# (The headline previously supplied ("…") has been replaced, following legal review, with:⏎⏎"…": an office's passive,
# its colon heading the new words a blank line below)
# (小字就是那个客服电话，400-820-6688，对，就写“客服热线400-820-6688”: said loosely, then settled — yes, write "…")
_CHANGE_TO_QUOTE = re.compile(r"(?:" + _CHANGE_VERBS_ZH + r"|(?:对|對|对对|對對)[，,、 \t]*(?:那)?就(?:写|寫)(?:成)?"
                              r"|(?i:make\s+it|change\s+it\s+to)|(?P<passive>(?i:(?:has|have)\s+been\s+"
                              r"(?:replaced|changed|updated|amended|revised)(?:,[^.;\n]{1,40},)?\s+(?:with|to|by))[ \t]*[：:﹕]?\s*"
                              # (…as the title, but …, so please use the correct show name: "…": the words to use, named, then
                              # their colon)
                              r"|(?i:please\s+use|so\s+use|use\s+instead)[^.;:：\n" + "".join(QUOTE_PAIRS) + r"]{0,30}?[：:﹕]\s*))"
                              r"[ \t：:﹕]*(?=[" + "".join(QUOTE_PAIRS) + r"])")
_CHANGE_SENTENCE_CHARS = 48
_PASSIVE_CHANGE_CHARS = 120


def _changed_later_in_sentence(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """A label with no value of its own, then the reason for a change and, before the sentence ends, a change verb and
    a quote: the field takes that quote (a quote before the verb is the version it replaces)."""
    if not _CHANGE_TO_QUOTE.search(text):
        return
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        at = label.end("label")
        if name not in FIELDS or re.match(r"[ \t]*[：:﹕=]", text[at:at + 3]) \
                or _more_for_field_named(text, _label_key(label.group("label")), label.start("label")):
            continue
        limit = min(len(text), at + _PASSIVE_CHANGE_CHARS)
        sentence_end = re.compile(r"[。；;\n]|[.!?](?=\s)").search(text, at, limit)
        changes = [change for change in _CHANGE_TO_QUOTE.finditer(text, at)
                   if change.start() < (sentence_end.start() if sentence_end else limit)
                   and (change.group("passive") or change.start() < at + _CHANGE_SENTENCE_CHARS)]
        # (the field's value found before the change verb is the version it replaces)
        if name in fields and fields[name].start > at and not (changes and fields[name].end < changes[-1].start()):
            continue
        if not changes or any(rules.field_of.get(_label_key(other.group("label"))) in FIELDS
                              and not _more_for_field_named(text, _label_key(other.group("label")), other.start("label"))
                              for other in rules.label_candidates.finditer(text, at, changes[-1].start())):
            continue
        opened = changes[-1].end()
        if (close := _quote_end(text, opened)) is None or not (value := _quoted_copy(text[opened + 1:close])) \
                or rules.has_signal(value, first=True):
            continue
        fields[name] = Field(name, value, opened + 1, close)
        spans.append((label.start(), close + 1))


# Scratch that sub — legal says we can't say free drinks. Use: … / 算了副标题不要这句，改成：…: a line that opens by taking a
# field back brings its new words after a colon that follows "use" / a change verb on the same line.
_FIELD_TAKEN_BACK = re.compile(r"^[ \t>*-]*(?:(?i:(?:ok(?:ay)?|actually|sorry|oh|wait|hmm)[,，]?[ \t]+)?(?i:scratch|forget|ignore|scrap|kill|"
                               r"cancel)[ \t]+(?i:that|the|my)[ \t]+|(?:算了|不对|不對|更正)[，,]?[ \t]*)", re.MULTILINE)
_NEW_WORDS_COLON = re.compile(r"(?<![A-Za-z])(?:(?i:use|make\s+it|new\s+one|instead|replace\s+with|change\s+to)|" + _CHANGE_VERBS_ZH + r"|用这个|用這個)"
                              r"[ \t]*[：:﹕][ \t]*(?=\S)")


_ZH_SENTENCE_STOP = re.compile(r"[。；;]")


def _line_value(text: str, start: int, name: str, rules: CopyRules) -> Field | None:
    """The words from `start` a field takes: its quote, else the rest of the line; None when that is no copy."""
    if text[start] in QUOTE_PAIRS and (close := _quote_end(text, start)) is not None:
        value = Field(name, _quoted_copy(text[start + 1:close]), start + 1, close)
    else:
        end = _line_end(text, start)
        # (…改成：一日体验 入门+进阶。标题还是“…”: a sentence that names the next field ends the words)
        end = next((stop.start() for stop in _ZH_SENTENCE_STOP.finditer(text, start + 1, end)
                    if rules.label_candidates.search(text, stop.end(), end)), end)
        words = _clean(text[start:end])
        value = Field(name, words, start, start + len(words))
    return value if value.value and not rules.has_signal(value.value, first=True) else None


# 主标题那里改一下，不要“健康”两个字了，改成：山里来的好油: a line that opens with the field and the change to come
_CHANGE_ANNOUNCED = re.compile(r"(?:那里|那裡|这里|這裡|那个|那個|这个|這個)?(?:要|得|再|也)?(?:改一下|改下|改改|换一下|換一下|"
                               r"调整一下|調整一下)[，,]")


def _field_taken_back_then_given(text: str, fields: dict[str, Field], spans: list[tuple[int, int]],
                                 rules: CopyRules) -> None:
    """The field the line takes back (or says it changes) takes the words after its "Use:" (quoted, or to the line's
    end)."""
    line_starts = (found.end() for found in re.finditer(r"^[ \t>*-]*", text, re.MULTILINE))
    announced = [found for start in line_starts if (found := rules.label_candidates.match(text, start))
                 and _CHANGE_ANNOUNCED.match(text, found.end("label"))]
    lines = [(back, rules.label_candidates.match(text, back.end())) for back in _FIELD_TAKEN_BACK.finditer(text)]
    for back, label in [*lines, *((found, found) for found in announced)]:
        name = rules.field_of.get(_label_key(label.group("label"))) if label else None
        if name not in FIELDS or not (given := _NEW_WORDS_COLON.search(text, label.end("label"), _line_end(text, back.end()))):
            continue
        if value := _line_value(text, given.end(), name, rules):
            fields[name] = value
            spans.append((back.start(), _line_end(text, given.end())))


# Original T&C line: "…" ⏎ Approved: "…" / 原文案：… ⏎ 修改后：…: a field's first wording, then on the next line (naming
# no field) the wording a review approved or revised: the later line is the field's copy.
_ORIGINAL_LINE = re.compile(r"^[ \t>*-]*(?:(?i:original|old|previous|earlier|draft)|原稿|原文案?|原来的?|原來的?|旧|舊)[ \t]*",
                            re.MULTILINE)
_REVISED_LINE = re.compile(r"\n[ \t>*-]*(?:(?i:approved|revised|updated|amended|corrected|new|final)(?:[ \t]+(?i:version|wording|"
                           r"line|text|copy))?|修改后|修改後|改后|改後|审核后|審核後|审定|審定|批准|定稿)[ \t]*[：:﹕][ \t]*(?=\S)")


_SELLING_POINTS = {"卖点", "賣點", "利益点", "利益點"}  # a subtitle's other name, until the brief names the subtitle too


# 原来的：相声茶馆周末场 ⏎ 改成：周末来茶馆… naming no field: the old line and the word of change go, the new words stay
# as the line the old one was.
_UNNAMED_OLD_THEN_NEW = re.compile(r"^[ \t>*-]*(?:原来的?|原來的?|原先的?|之前的?|旧的?|舊的?|原文案?)[ \t]*[：:﹕][ \t]*"
                                   r"(?P<old>[^\s：:﹕][^\n]*)\n[ \t>*-]*(?:现在|現在)?(?:改成|改为|改為|换成|換成|修改后|修改後|改后|改後"
                                   r"|新的?)[ \t]*[：:﹕][ \t]*(?=\S)", re.MULTILINE)


def _original_then_revised(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The field the "original" line names takes the words of the approved / revised line right under it."""
    for original in _ORIGINAL_LINE.finditer(text):
        label = rules.label_candidates.match(text, original.end())
        name = rules.field_of.get(_label_key(label.group("label"))) if label else None
        if name not in FIELDS or not (revised := _REVISED_LINE.match(text, _line_end(text, original.end()))):
            continue
        if value := _line_value(text, revised.end(), name, rules):
            fields[name] = value
            spans.append((original.start(), _line_end(text, revised.end())))


# 感谢 感谢3216位爱心人士参与: said, a word starts again after a blank (the first try is no copy)
_SPOKEN_STUTTER = re.compile(r"^(?P<word>[\u4e00-\u9fff]{2,4})[ \t]+(?=(?P=word)[^ \t])")


# 上面大字 取件码忘了？… ⏎ 下面一行小点的 关注“…”公众号 …: a line opening with where its words go and how big they are (a
# place, then a size or a remark on it), a blank, then the words to the line's end.
_PLACED_SIZED_LINE = re.compile(r"^[ \t]*(?P<place>最上面|上面|顶部|頂部|下面|最下面|最底下|底下|底部)(?:一行|那行|一排)?"
                                r"(?P<size>大字|小字|中字|(?:字)?(?:大|小)(?:一)?点(?:的|儿)?|(?:大|小)号字?)[ \t]+(?=[^\s：:﹕])",
                                re.MULTILINE)
_PLACE_FIELDS = {"最上面": "title", "上面": "title", "顶部": "title", "頂部": "title", "下面": "subtitle"}
# "the big line should say Fresh Crab Season, and under it put All-you-can-crack Dungeness, Fridays only. Button says …":
# a voice memo's line under the headline, told by its place; its words open with a capital or a digit and run to the
# sentence's end or to "and the button".
_PUT_UNDER_IT = re.compile(r"[,;][ \t]*(?i:(?:and[ \t]+)?(?:then[ \t]+)?(?:under(?:neath)?[ \t]+(?:it|that)|underneath|below[ \t]+"
                           r"(?:it|that))[ \t]*,?[ \t]*(?:put|write|add)[ \t]+)(?P<words>[A-Z0-9][^\n]{2,100}?)"
                           r"(?=[.;](?:[ \t]|$)|\n|$|,[ \t]*(?i:and[ \t]+)?(?i:the[ \t]+)?(?i:button|cta|fine print|small print))")
# "put Helmets mandatory for all night sessions at the bottom in small text": a voice memo's fine print, told by the place
# and size after it. Its words open with a capital or a digit, as copy said aloud is written (never "put the logo …").
_PUT_AT_BOTTOM_SMALL = re.compile(r"(?i:\b(?:put|place|add|print)\s+)(?P<words>[A-Z0-9][^,;\n]{2,80}?)"
                                  r"(?i:\s+(?:at|along|on|across)\s+the\s+(?:very\s+)?bottom,?\s+(?:in|as)\s+"
                                  r"(?:small|tiny|fine|little)\s+(?:text|print|type|font|letters|words))\b")
# (put the little note Free shipping over $50 somewhere at the bottom: the small line named before its words)
_PUT_NOTE_AT_BOTTOM = re.compile(r"(?i:\b(?:put|place|add)\s+(?:the|a)\s+(?:little|small|tiny)\s+(?:note|line|text)\s+)"
                                 r"(?P<words>[A-Z0-9][^,;\n]{2,80}?)"
                                 r"(?i:\s+(?:somewhere\s+)?(?:at|along|on|across)\s+the\s+(?:very\s+)?bottom)\b")


def _placed_sized_lines(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The line's words are the field its place and size name: on top or big, the headline; right below, the line
    under it; at the very bottom in small type, the fine print (as are words put there in small text)."""
    for line in _PLACED_SIZED_LINE.finditer(text):
        place, size = line.group("place"), line.group("size")
        name = "title" if size == "大字" else _PLACE_FIELDS.get(place, "body" if "小" in size else "subtitle")
        end = _line_end(text, line.end())
        words = _clean(text[line.end():end])
        if name in fields or not words or rules.has_signal(words, first=True) or rules.is_placeholder(words) \
                or rules.only_design_words(words):
            continue  # (上面大字 红色: how the words look, no words)
        fields[name] = Field(name, words, line.end(), line.end() + len(words))
        spans.append((line.start(), end))
    for put in _PUT_UNDER_IT.finditer(text):
        words = put.group("words").strip()
        if not _put_is_copy(words, "subtitle", fields, rules):
            continue
        for name, field in list(fields.items()):
            if field.start < put.start() < field.end:  # the headline ran on into the line put under it
                kept = text[field.start:put.start()].rstrip()
                fields[name] = Field(name, kept, field.start, field.start + len(kept))
        fields["subtitle"] = Field("subtitle", words, put.start("words"), put.start("words") + len(words))
        spans.append((put.start(), put.end()))
    for put in (*_PUT_AT_BOTTOM_SMALL.finditer(text), *_PUT_NOTE_AT_BOTTOM.finditer(text)):
        words = put.group("words").strip()
        if _put_is_copy(words, "body", fields, rules):
            fields["body"] = Field("body", words, put.start("words"), put.start("words") + len(words))
            spans.append((put.start(), put.end()))


def _put_is_copy(words: str, name: str, fields: dict[str, Field], rules: CopyRules) -> bool:
    """Words a voice memo puts in a place are the field of that place when the brief gave it none and they say no design."""
    return name not in fields and not rules.has_signal(words, first=True) and not rules.only_design_words(words)


# headline should say, quote, First Piano? Start by Renting, unquote: a voice memo says its quote marks aloud.
_SPOKEN_QUOTE = re.compile(r"(?i:\bquote\b)[,:]?[ \t]+(?P<words>[^\n]{2,120}?)[,.]?[ \t]+(?i:unquote|end[ \t]+quote|close[ \t]+quote)\b")
_SPOKEN_QUOTE_LABEL_CHARS = 40


def _spoken_quotes(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The words between a spoken "quote" and "unquote" are the field the label just before them names."""
    for quote in _SPOKEN_QUOTE.finditer(text):
        floor = max(text.rfind("\n", 0, quote.start()) + 1, quote.start() - _SPOKEN_QUOTE_LABEL_CHARS)
        named = [rules.field_of.get(_label_key(found.group("label")))
                 for found in rules.label_candidates.finditer(text, floor, quote.start())]
        if not named or named[-1] not in FIELDS:
            continue
        words = quote.group("words").strip()
        fields[named[-1]] = Field(named[-1], words, quote.start("words"), quote.start("words") + len(words))
        spans.append((quote.start(), quote.end()))


# 标题 A版：… ⏎ 标题 B版：… ⏎ → A/B测了3天，B版CTR高20%，用B版: one version of a field a line, marked 版 after its label,
# then the version the brief picks by its mark.
_FIELD_VERSION_LINE = re.compile(r"[ \t]*(?P<version>[A-Da-d1-4]|[一二三四])[ \t]*版[ \t]*[：:﹕][ \t]*(?=\S)")
_FIELD_VERSION_PICK = re.compile(r"(?:用|选用|选了?|選了?|定了?|采用|採用)[ \t]*(?P<version>[A-Da-d1-4]|[一二三四])[ \t]*版(?!本)")


def _field_versions_picked(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The field takes the words of the version line the brief picks below the lines."""
    if "版" not in text:
        return
    versions: dict[str, dict[str, tuple[int, int, int]]] = {}
    for line_start in [0] + [m.end() for m in re.finditer("\n", text)]:
        label = rules.label_candidates.match(text, line_start)
        name = rules.field_of.get(_label_key(label.group("label"))) if label else None
        if name in FIELDS and (mark := _FIELD_VERSION_LINE.match(text, label.end("label"))):
            end = _line_end(text, mark.end())
            versions.setdefault(name, {})[mark.group("version").upper()] = (line_start, mark.end(), end)
    for name, lines in versions.items():
        if len(lines) < 2:
            continue
        last_end = max(end for _, _, end in lines.values())
        picks = {pick.group("version").upper() for pick in _FIELD_VERSION_PICK.finditer(text, last_end)}
        if len(picks) != 1 or (picked := lines.get(picks.pop())) is None:
            continue
        words = _clean(text[picked[1]:picked[2]])
        if words:
            fields[name] = Field(name, words, picked[1], picked[1] + len(words))
            spans += [(start, end) for start, _, end in lines.values()]


# Helen, the headline "Apply for a Scholarship Today" is too generic. Please use "Up to 50% …". / 标题“A”太长了，用“B”吧: a
# field's quoted words found wanting, then in the next sentence the words to use instead. In a mail, the reply sits above
# the message it answers (---------- Original message ----------): the reply's words win over the history below it.
_CRITIQUE_AFTER_QUOTE = re.compile(r"[ \t]*(?:(?i:is|was|sounds|feels|looks|reads|seems)[ \t]+(?i:too|a\s+bit|way\s+too|not|kind\s+of)\b"
                                   r"|(?i:isn't|doesn't|won't)\b|(?:有点|有些)?(?:太|不够|不太)[^\s，,。；;“”\"]{1,4}|不行|不好)")
_USE_INSTEAD = re.compile(r"(?:(?i:(?:please\s+|pls\s+|let's\s+)?(?:use|go\s+with|make\s+it|change\s+it\s+to|switch\s+to))"
                          r"|(?:请|就|还是)?(?:用|" + _CHANGE_VERBS_ZH + r"))[ \t：:﹕]*(?=[" + "".join(QUOTE_PAIRS) + r"])")
_QUOTED_HISTORY = re.compile(r"(?im)^[ \t]*-{2,}[ \t]*original message[ \t]*-{2,}[ \t]*$|^[ \t]*On [^\n]{5,80} wrote:[ \t]*$")
_CRITIQUE_WINDOW_CHARS = 120


def _critiqued_then_replaced(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The field takes the quote the sentence after the critique asks to use."""
    if not _CRITIQUE_AFTER_QUOTE.search(text):
        return
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        opened = label.end("label") + len(text[label.end("label"):]) - len(text[label.end("label"):].lstrip(" \t"))
        if name not in FIELDS or text[opened:opened + 1] not in QUOTE_PAIRS or (close := _quote_end(text, opened)) is None \
                or not _CRITIQUE_AFTER_QUOTE.match(text, close + 1):
            continue
        history = _QUOTED_HISTORY.search(text, close)
        if name in fields and fields[name].start > close and not (history and fields[name].start > history.start()):
            continue  # (a field given again later in the brief's own words stays)
        limit = min(_line_end(text, close), close + _CRITIQUE_WINDOW_CHARS)
        if not (use := _USE_INSTEAD.search(text, close + 1, limit)) or (other := _quote_end(text, use.end())) is None \
                or any(rules.field_of.get(_label_key(found.group("label"))) in FIELDS
                       for found in rules.label_candidates.finditer(text, close + 1, use.end())):
            continue  # (标题“A”太长了，按钮用“B”: the words to use are another field's)
        value = _quoted_copy(text[use.end() + 1:other])
        if value and not rules.has_signal(value, first=True):
            fields[name] = Field(name, value, use.end() + 1, other)
            spans.append((label.start(), other + 1))


# Amy：标题我想了几个：①秋天的第一杯桂花拿铁 ②桂香满杯 秋日限定 ③一口入秋 ⏎ 老板：②吧 ⏎ Amy：好的 那就②: options numbered
# ①②③ on the label's own line, then a later line that settles on one by its number (the last such pick wins).
_INLINE_CIRCLED = re.compile(r"(?P<mark>[①-④])[ \t]*(?P<copy>[^①-④\n]+)")
_CIRCLED_PICK = re.compile(r"(?:那就|就|用|选|定|還是|还是)?[ \t]*(?P<mark>[①-④])[ \t]*(?:吧|了|啦|哈|号|號)?(?=$|[，,。.！!\s])",
                           re.MULTILINE)


def _inline_options_picked(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The field the options' line names takes the option a later line picks by its circled number."""
    if "①" not in text:
        return
    for label in rules.label_candidates.finditer(text):
        name = rules.field_of.get(_label_key(label.group("label")))
        line_end = _line_end(text, label.end())
        options = {found.group("mark"): found for found in _INLINE_CIRCLED.finditer(text, label.end(), line_end)}
        if name not in FIELDS or len(options) < 2:
            continue
        picks = [pick.group("mark") for pick in _CIRCLED_PICK.finditer(text, line_end) if pick.group("mark") in options]
        if not picks:
            continue
        chosen = options[picks[-1]]
        words = _clean(chosen.group("copy"))
        if words and not rules.has_signal(words, first=True):
            fields[name] = Field(name, words, chosen.start("copy"), chosen.start("copy") + len(words))
            spans.append((label.start(), line_end))
        return


# v1 headline: … / v2：“…” / v1: 标题 "…"，按钮 "…": one version of the copy a line, after its mark.
_VERSION_LINE = re.compile(r"^[ \t>*•-]*[vV](?P<version>\d)(?![\d.])(?:'s|’s)?[ \t]*(?P<rest>[^\n]*)$", re.MULTILINE)


_VERSIONS_MIN = 2
# → 算了按钮就写「立即预订」: after a value, an arrow, the speaker's second thoughts, and the quote the change brings.
_ARROW_CHANGE = r"(?:" + _CHANGE_VERBS_ZH + r"|就写|就寫|写成|寫成)[ \t：:﹕]*(?=[「“\"『‘'])"
_ARROW_REVISION = re.compile(r"→[^\n→]{0,40}?" + _ARROW_CHANGE)
# → oops typo, make it: Mattress Week is Here: the change with a colon, its words to the end of the line
_ARROW_COLON_REVISION = re.compile(r"→[^\n→:：]{0,40}?(?i:\b(?:make|change|fix|correct)[ \t]+it(?:[ \t]+to)?|should[ \t]+"
                                   r"(?:be|read|say))[ \t]*[:：][ \t]*(?=\S)")
_ARROW_LINE_REVISION = re.compile(r"[ \t]*\n[ \t]*→[^\n]{0,40}?" + _ARROW_CHANGE)
_APPROVED_MARK = re.compile(r"[ \t]*[" + _APPROVED_MARKS + r"]\ufe0f?[ \t]*$")
_REJECTED_MARK = re.compile(r"[" + _REJECTED_MARKS + r"]\ufe0f?")


def _picked_versions(text: str, rules: CopyRules) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """Round 3 notes: v1 headline: … ⏎ v2 headline: … ⏎ Leadership prefers v2's headline / 标题用 v3，副标题用 v1:
    the fields the brief picks from the versions it lists (the copy of the picked version, or the copy the pick
    itself brings), and the spans of the version lines and the picks, none of which is copy otherwise."""
    lines = list(_VERSION_LINE.finditer(text))
    if len({line.group("version") for line in lines}) < _VERSIONS_MIN:
        return {}, []
    versions: dict[str, dict[str, Field]] = {}
    for line in lines:
        rest = line.start("rest")
        found, _ = extract_labelled(" " * rest + text[rest:line.end()], rules)
        own = versions.setdefault(line.group("version"), {})
        for name, field in found.items():
            own.setdefault(name, field)
        if not found:  # v2：“秋天的第一杯，换个新口味”: the version is one line of copy, for the field picked
            start = rest + len(text[rest:line.end()]) - len(text[rest:line.end()].lstrip(" \t:：﹕"))
            if text[start:start + 1] in QUOTE_PAIRS and (close := _quote_end(text, start)) is not None:
                own[""] = Field("", _quoted_copy(text[start + 1:close]), start + 1, close)
            elif value := _clean(text[start:line.end()]):
                own[""] = Field("", value, start, start + len(value))
    spans = [line.span() for line in lines]
    picked: dict[str, Field] = {}
    picks = sorted((match for pattern in rules.version_choice for match in pattern.finditer(text)),
                   key=lambda match: match.start())
    for pick in picks:
        name = rules.field_of.get(_label_key(pick.group("label")))
        if name not in FIELDS or name in picked or any(start <= pick.start() < end for start, end in spans[:len(lines)]):
            continue
        own = versions.get(pick.group("version"), {})
        value = _version_value(text, pick.end(), name) or own.get(name) \
            or (next(iter(own.values())) if len(own) == 1 else None)
        if value and value.value:
            picked[name] = Field(name, value.value, value.start, value.end)
            spans.append((pick.start(), max(pick.end(), value.end + 1 if value.start >= pick.end() else pick.end())))
    for pick in (match for pattern in rules.version_bare_choice for match in pattern.finditer(text)):
        if any(start <= pick.start() < end for start, end in spans[:len(lines)]):
            continue
        own = versions.get(pick.group("version"), {})
        if chosen := {name: field for name, field in own.items() if name in FIELDS and name not in picked}:
            picked.update(chosen)  # Go with v2.: every field that version gives
            spans.append(pick.span())
    if not picked and (approved := [line for line in lines if _APPROVED_MARK.search(line.group("rest"))]) \
            and all(_REJECTED_MARK.search(line.group("rest")) for line in lines if line not in approved):
        # V1标题：… ❌ ⏎ V3标题：… ✅: a check mark picks its version's fields (the mark is the brief's, not the copy's)
        for name, field in versions[approved[-1].group("version")].items():
            if name in FIELDS and (value := _APPROVED_MARK.sub("", field.value).rstrip()):
                picked[name] = Field(name, value, field.start, field.start + len(value))
    if not picked:
        return {}, []
    # a field no pick names keeps the latest version's word on it (v3 你改的副标题 "…" 也 OK)
    latest = {name: field for number in sorted(versions) for name, field in versions[number].items() if name in FIELDS}
    return {**latest, **picked}, spans


# 标题备选：⏎A. …⏎B. …⏎领导选了B。 / Headline options …:⏎(a) …⏎(b) …⏎We're going with (a). / which title should we
# use⏎1. …⏎2. …⏎boss picked 2: options one a line under a line naming one field, marked in order (A. / 1. / (a) /
# ① / 1️⃣), then a line that picks one by its mark.
# (A 大件也能送到家 / A: "Last Chance…" — CTR 2.1%: a capital's mark may take a blank or a colon, and a quoted option
# keeps only its quote, the test's figures after it are the brief's)
# (甲：“…”⏎乙：“…”⏎…采用乙方案: an office marks its options by the heavenly stems, a colon after each)
# (A版：… ⏎ B版：…: the version word after the capital)
_OPTION_LINE = re.compile(r"[ \t]*(?:(?P<mark>[A-Da-d1-4])[.)）、]|(?P<colon>[A-D])(?:版|稿)?(?:[ \t]*[:：﹕]|[ \t]+(?=[^\x00-\x7f]))"
                          r"|(?P<stem>[甲乙丙丁])[ \t]*[:：﹕]"
                          r"|[(（](?P<paren>[A-Da-d1-4])[)）]|(?P<circled>[①-④])"
                          r"|(?P<keycap>[1-4])\ufe0f?\u20e3)[ \t]*(?P<copy>\S[^\n]*?)[ \t]*$")
_TITLE_BAR_SUB = re.compile(r"(?P<title>[^｜|\n]+?)[ \t]*[｜|][ \t]*(?P<sub>[^｜|\n]+?)[ \t]*")
_QUOTED_OPTION = re.compile(r"[\"“](?P<copy>[^\"“”\n]+)[\"”](?=[ \t]*(?:$|[-–—(（]))")
# (B won the test, use B. / B wins 🎉 so headline = B / Team voted for #3: the winner named first, or a vote)
_LINE_PICK = re.compile(r"[ \t]*(?:(?P<winner>[A-D])[ \t]+(?i:wins|won|胜出)\b[^\n]*$|[^\n]{0,16}?"
                        r"(?:定了?|选了?|選了?|用|挑了?|(?i:go(?:ing)?\s+with|pick(?:ed)?|chose|choose|use|voted\s+for))"
                        r"[ \t]*(?:方案|选项|選項|(?i:option)[ \t]*)?[(（#]?(?P<mark>[A-Da-d1-4]|[①-④]|[甲乙丙丁])(?:\ufe0f?\u20e3)?[)）]?"
                        r"(?![A-Za-z0-9])[^\n]*$)")
# We tested two headlines: / Options were:: a line ending in its colon that names the options by a field's plural or
# calls them options (then they are headlines, unless the pick names another field: so headline = B).
_PICK_SENTENCE_END = re.compile(r"[.。!！](?=[ \t]+\S)|[。！；;](?=\S)")  # (用A。副标题：…: a Chinese stop needs no blank)
# ← FINAL / <- 定稿 / (chosen) / ✅ at the end of an option's line: the option picked, the mark no part of its copy.
_PICKED_WORD = (r"(?:(?i:final|chosen|picked|selected|winner|approved|use\s+this(?:\s+one)?|this\s+one)"
                r"|定稿|终稿|終稿|最终|最終|就这个|就這個|用这个|用這個|选这个|選這個)")
_MARKED_PICKED = re.compile(r"[ \t]*(?:(?:←|<-+|⬅\ufe0f?|👈)[ \t]*[(（]?" + _PICKED_WORD + r"[)）]?|[(（]" + _PICKED_WORD
                            + r"[)）]|[✅✔☑]\ufe0f?)[ \t]*[!！]*$")
_AB_TEST = re.compile(r"(?i)\bA/B\b|(?<![A-Za-z])AB测试|(?<![A-Za-z])AB測試")  # (Update from the A/B test: the options tested)
_PLURAL_FIELD = re.compile(r"(?i)\b(?P<label>headline|title|subtitle|subhead|tagline|button|cta)s\b")
_OPTION_RUNS = ("ABCD", "abcd", "1234", "①②③④", "甲乙丙丁")


def _option_line_key(match: re.Match[str]) -> str:
    return next(match.group(name) for name in ("mark", "colon", "stem", "paren", "circled", "keycap") if match.group(name))


def _options_head_field(head: str, rules: CopyRules) -> str | None:
    """The one field a line heading options names (标题备选：, which title should we use, We tested two headlines:),
    else "" when a line ending in its colon calls them options without naming a field; None for any other line."""
    found = [found.group("label") for found in rules.label_candidates.finditer(head)]
    names = {rules.field_of.get(_label_key(label)) for label in found}
    if len(names) == 1 and names <= {"title", "subtitle", "cta"} and not re.search(r"[：:﹕][ \t]*\S", head):
        return names.pop()
    if names - {None} or not (re.search(r"[：:﹕][ \t]*$", head) or _AB_TEST.search(head)):
        return None
    if plural := _PLURAL_FIELD.search(head):
        return rules.field_of.get(_label_key(plural.group("label")))
    return "" if rules.label_options.search(head) or _AB_TEST.search(head) else None


def _picked_option_lines(text: str, rules: CopyRules) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """The field a line names, given by the option picked from the lines under it, and the span of the heading,
    the options and the pick (none of which is copy otherwise). (A numbered list under 规则 is the fine print.)"""
    fields: dict[str, Field] = {}
    spans: list[tuple[int, int]] = []
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    i = 0
    while i < len(lines) - 2:
        head_start, head_end = lines[i]
        head = text[head_start:head_end]
        name = _options_head_field(head, rules)
        if name is None or _OPTION_LINE.fullmatch(head):
            i += 1
            continue
        options: list[tuple[str, int, int]] = []
        j = i + 1
        while j < len(lines) and (option := _OPTION_LINE.fullmatch(text, *lines[j])):
            key = _option_line_key(option)
            run = next((run for run in _OPTION_RUNS if key in run), "")
            if not run or run.index(key) != len(options):
                break
            copy_span = option.span("copy")
            if quoted := _QUOTED_OPTION.match(text, *copy_span):
                copy_span = quoted.span("copy")
            options.append((key, *copy_span))
            j += 1
        if len(options) < 2:
            i += 1
            continue
        end = lines[j - 1][1]
        k = j
        while k < len(lines) and not text[lines[k][0]:lines[k][1]].strip():
            k += 1
        chosen = None
        if k < len(lines) and (pick := _LINE_PICK.fullmatch(text, *lines[k])):
            mark = (pick.group("mark") or pick.group("winner")).upper()
            mark = str("①②③④".index(mark) + 1) if mark in "①②③④" else mark
            chosen = next((option for option in options if option[0].upper() == mark
                           or (option[0] in "①②③④" and str("①②③④".index(option[0]) + 1) == mark)), None)
            if chosen:  # (…voted for #3. Subtitle should be "…": the pick's sentence ends it)
                stop = pick.group("mark") and _PICK_SENTENCE_END.search(text, pick.end("mark"), lines[k][1])
                end = stop.start() + 1 if stop else lines[k][1]
        if chosen is None and (pick := _LINE_PICK.fullmatch(head)) and pick.group("mark"):
            # AB两版文案，老板选了B，按B做：⏎A：…⏎B：…: the heading that lists the options picks one itself
            chosen = next((option for option in options if option[0].upper() == pick.group("mark").upper()), None)
            pick = None
            if chosen and name == "title" and (halves := _TITLE_BAR_SUB.fullmatch(text, chosen[1], chosen[2])):
                # (B：充话费享95折｜移动联通电信都能充: the picked version's headline and the line under it)
                fields.setdefault("subtitle", Field("subtitle", halves.group("sub"), halves.start("sub"), halves.end("sub")))
                chosen = (chosen[0], chosen[1], halves.end("title"))
        if chosen is None and k - 1 < len(lines):
            # 3) Use your miles before 31 December  ← FINAL: the one option marked picked on its own line
            marked = [(option, found) for option in options
                      if (found := _MARKED_PICKED.search(text, option[1], option[2]))]
            if len(marked) == 1:
                (key, copy_start, _), found = marked[0]
                chosen, pick = (key, copy_start, found.start()), None
                k = j - 1
        if chosen is None:  # (no pick under them: the readers after this one take the options as they come)
            i = j
            continue
        if not name and pick is None:
            name = "title"  # (Options considered: ⏎…← FINAL: with no pick line, they are headlines)
        if not name:  # Options were: … Team voted for #3 / … so headline = B: the pick may name the field
            before_mark = pick.start("mark") if pick.group("mark") else lines[k][1]  # (…voted for #3. Subtitle: … is another)
            named = [rules.field_of.get(_label_key(found.group("label")))
                     for found in rules.label_candidates.finditer(text, lines[k][0], before_mark)]
            name = next((found for found in named if found in ("title", "subtitle", "cta")), "title")
        fields.setdefault(name, Field(name, text[chosen[1]:chosen[2]], chosen[1], chosen[2]))
        spans.append((head_start, end))
        i = j
    return fields, spans


# 候选标题⇥选用⏎A⇥⏎B⇥√: a pasted sheet of candidates for a field (the options word with its label heads the column)
# and a column that marks the one picked (选用, 采用, pick …): the marked row's candidate is the field.
_PICK_COLUMN = re.compile(r"选用|选中|采用|选择|選用|選中|採用|最终|最終|定稿|(?i:pick(?:ed)?|chosen|selected|final|use)")
_PICK_MARK = re.compile(r"[√✓✔☑✅]\ufe0f?|是|(?i:y|yes|x)")


def _picked_option_row(text: str, rules: CopyRules) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    for header in re.finditer(r"^[^\n\t]*\t[^\n]*$", text, re.MULTILINE):
        cells = header.group().split("\t")
        column = pick_column = None
        for n, cell in enumerate(cells):
            cell = cell.strip()
            label = rules.label_candidates.search(cell)
            if label and rules.label_options.search(cell.replace(label.group(), "")) \
                    and rules.field_of.get(_label_key(label.group("label"))) in FIELDS and len(cell) <= 12:
                column = (n, rules.field_of[_label_key(label.group("label"))])
            elif _PICK_COLUMN.fullmatch(cell):
                pick_column = n
        if column is None or pick_column is None:
            continue
        at, chosen = header.end() + 1, None
        while at < len(text):
            end = _line_end(text, at)
            row = text[at:end].split("\t")
            if len(row) < 2:
                break
            if chosen is None and len(row) > max(column[0], pick_column) and _PICK_MARK.fullmatch(row[pick_column].strip()):
                start = at + sum(len(cell) + 1 for cell in row[:column[0]])
                value = row[column[0]].strip()
                start += row[column[0]].find(value)
                chosen = Field(column[1], value, start, start + len(value))
            at = end + 1
        if chosen and chosen.value:
            return {chosen.name: chosen}, [(header.start(), min(at, len(text)))]
    return {}, []


# 文案：⏎头图标题用 “…” / 首屏标题：…: under a heading, a line may name the part of the poster (two to four characters)
# glued before its label; the line still brings its own label. (文案如下：⏎一、主标题：…: an outline's number, too; 1. 活动时间：…
# under 【规则】 is an item of the fine print, its label the item's own words)
_PART_BEFORE_LABEL = re.compile(r"[ \t]*\n?[ \t]*(?:[-•*·]\s*)?(?:[\u4e00-\u9fff]{2,4}|[一二三四五六七八九十]{1,2}[、.．]"
                                r"|[（(][一二三四五六七八九十]{1,2}[)）])[ \t]*")


# 文案确定：主标题「…」 / Copy agreed: title "…": words that end in a colon head the labels after them, no copy.
# 文案：⏎| 字段 | 内容 | 字数限制 |⏎| --- | --- |⏎| 主标题 | … |: a table's header and rule rows, then labels down its first
# column: the rows bring their own labels.
_TABLE_HEAD_BEFORE_LABEL = re.compile(r"(?:[ \t]*\n)*(?:[ \t]*[|｜][^\n]*[|｜][ \t]*\n)+[ \t]*[|｜][ \t]*")
# (文案如下：⏎位置⇥文案⏎大标题⇥…: a pasted sheet's header row of short column names, no figure in them)
_TAB_HEAD_BEFORE_LABEL = re.compile(r"(?:[ \t]*\n)*[ \t]*[^\s\d|｜][^\n\t\d]{0,7}(?:\t+[^\n\t\d]{1,8})+[ \t]*\n[ \t]*")
_HEADS_NEXT = re.compile(r"[：:﹕]$|[ \t]*(?:👇|⬇\ufe0f?|↓)+$")  # (文案 table 👇: a pointer down at the lines that bring it)


_ALTERNATIVE = re.compile(r"\s*(?:或者是|或者|或是|或|还是|也可以是|也可以|要么|or|/|／)\s*", re.IGNORECASE)


# CTA options: 'Deposit', 'Add Funds', 'Top Up Now': after words that call them options, a comma lists them too.
_LISTED_OPTION = re.compile(r"\s*(?:[,，、]\s*(?:(?:or|and|或者|或)\s+)?|或者是|或者|或是|或|还是|要么|or|/|／)\s*", re.IGNORECASE)
_INLINE_QUOTE_CHARS = 6  # “双11”狂欢节: a quoted word inside copy, not copy in quotes


def _quote_continues(text: str, end: int, limit: int, rules: CopyRules) -> bool:
    """Does copy run on right after the closing quote (《长安的荔枝》限量签名版)? Then the quote is
    part of the copy. 就行 / 四个字 / 吧 after it, or an instruction, leave it a quote."""
    # (《阿凡达：火与烬》 3D/IMAX 双版本: after a book title, a blank may part it from the rest of its line's copy)
    gap = _BLANKS_AFTER.match(text, end, max(end, limit)).end() if text[end - 1] == "》" else end
    if gap >= limit or not re.match(r"[\w\U0001F300-\U0001FAFF]", text[gap]):
        return False
    # Corner quotes delimit copy; book-title marks and a short “…” are part of it, and so is a game's 【tag】 glued to
    # the name after it (【限定UP】星海歌姬·艾琳).
    opener = text[end - 1]
    if opener not in "》”\"】" or (opener in "”\"" and end - 1 - _opening_quote(text, end - 1) > _INLINE_QUOTE_CHARS):
        return False
    segment = re.split(r"[，,。；;|｜\n\t\s]", text[gap:limit], maxsplit=1)[0]
    # (“六不”要记牢，安全过暑假: a bare 要 glued to a verb of the copy's own, in a sentence that goes on after its comma, is
    # no request to the designer; 要大气一点 / 要红色 / “春日”要醒目 alone are)
    bare_must = segment.startswith("要") and not (rules.is_instruction(segment[1:]) or rules.has_signal(segment[1:])) \
        and bool(clause := re.match(r"[，,]([^\s，,。；;]+)", text[gap + len(segment):limit])) \
        and not (rules.is_instruction(clause.group(1)) or rules.has_signal(clause.group(1)))
    return bool(segment) and not (((rules.is_instruction(segment) or rules.has_signal(segment)) and not bare_must)
                                  or _DESIGN_REMARK.search(segment) or rules.after_quote.match(segment)
                                  or rules.label_candidates.match(segment)
                                  # (按钮“立即尝鲜”不变: the revision keeps the quoted words as they were)
                                  or _ASIDE_UNCHANGED.fullmatch(_TRAILING_PARTICLES.sub("", segment)))


_BLANKS_AFTER = re.compile(r"[ \t]*")
_TRAILING_PARTICLES = re.compile(r"[了的哈啊吧]+$")


# (标题改一下：不是“编程从娃娃抓起”，改成“…”: the words it is not, then what it is changed to)
_FIRST_DRAFT = re.compile(r"(?:原|原来|原先|原本|之前|起初|最初|原來)(?:的|是|拟定为|拟为|定为|暂定为|写的是|写的|擬定為|擬為|定為|暫定為|寫的是|寫的)?[ \t]*"
                          r"|(?:不是|不再是|不用|不要)[ \t]*|(?:从|從|由)[ \t]*")
# 标题：写作一对一批改 改成 雅思写作 一对一精批 / 从出行无忧改成康复期: unquoted, the verb between blanks (or after 从)
# parts the old words from the new.
_UNQUOTED_CHANGE = re.compile(r"(?:从|從|由)?[ \t]*(?P<old>[^\n\"'“”‘’「」『』]{2,}?)[ \t]+(?:" + _CHANGE_VERBS_ZH
                              + r")[ \t]+(?P<new>[^\s\"'“”‘’「」『』][^\n]*)"
                              r"|(?:从|從)(?P<old_glued>[^\s\"'“”‘’「」『』]{2,}?)(?:" + _CHANGE_VERBS_ZH
                              + r")(?P<new_glued>[^\s\"'“”‘’「」『』][^\n]*)")


# (Title: was "Earn Points", now "Every Dollar Counts": the old words, then the new)
_FIRST_DRAFT_EN = re.compile(r"(?i:change|changed|swap|switch|replace|was)[ \t]+(?:it[ \t]+)?(?:from[ \t]+)?")
_CHANGED_TO_EN = re.compile(r"[ \t]*,?[ \t]*(?i:to|with|for|into|now|→|->)[ \t]*(?=[\"'“‘「])")


def _changed_from_first_draft(value: str, rules: CopyRules) -> str | None:
    """原拟定为“A”，经领导审阅，修改为“B” / change "A" to "B": a value that opens on the first draft's quote and, further in
    the sentence, changes it to another quote gives the last of those quotes (None otherwise)."""
    if not value or value[0] in QUOTE_PAIRS:
        return None
    first = next((i for i, ch in enumerate(value) if ch in QUOTE_PAIRS), None)
    if first is None and (unquoted := _UNQUOTED_CHANGE.fullmatch(value)):
        return unquoted.group("new") or unquoted.group("new_glued")
    if first is None or not (_FIRST_DRAFT.fullmatch(value[:first]) or _FIRST_DRAFT_EN.fullmatch(value[:first])):
        return None
    later = None
    for change in rules.replaced_by.finditer(value, first):
        if (close := _quote_end(value, change.end())) is not None:
            later = _quoted_copy(value[change.end() + 1:close])
    if later is None and (close := _quote_end(value, first)) is not None \
            and (to := _CHANGED_TO_EN.match(value, close + 1)) and (end := _quote_end(value, to.end())) is not None:
        later = _quoted_copy(value[to.end() + 1:end])  # Headline: change "Winter Recital" to "Winter Showcase 2024"
    return later


def _trailing_retraction(text: str, start: int, end: int, rules: CopyRules) -> int | None:
    """Where a value ends when it closes on the speaker taking something back with nothing after it (…哦等一下我看错了):
    before the trailing-off or the separator that leads the retraction; None when no retraction closes it."""
    for found in rules.retraction.finditer(text, start + 1, end):
        if found.start() > start and not text[found.end():end].strip("，,。.!！、…～~ \t"):
            return len(text[:found.start()].rstrip("…．. \t，,")) if text[start:found.start()].strip("… \t") else None
    return None


_OPENERS_ONLY = "“‘「『《【"


_ARROW_GAP = re.compile(r"[ \t]*(?:" + _ARROW + r"[ \t]*)?")  # 「A」 → 改成「B」: an arrow may point at the change


_OLD_WORDS_LEAD = re.compile(r"^(?:原来的|原來的|原先的|之前的|旧的|舊的|把)[ \t]*(?=[“「『\"'])")


def _changed_quote(line: str, rules: CopyRules) -> str | None:
    """「Notify me」 → 改成 「Shop the restock」: a line that opens with a quote and changes it to another quote gives
    the later quote, marks and all (None: no change on the line). (原来的“A”改成“B” / 把“A”改成“B”: the old words named
    first)"""
    line = _OLD_WORDS_LEAD.sub("", line, count=1)
    if line[:1] not in QUOTE_PAIRS or (close := _quote_end(line, 0)) is None:
        return None
    verb = rules.replaced_by.match(line, _ARROW_GAP.match(line, close + 1).end())
    if verb is None or (changed_close := _quote_end(line, verb.end())) is None:
        return None
    return line[verb.end():changed_close + 1]


_EMOJI_BULLET = re.compile(r"^[ \t]*[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?[ \t]+(?=\S)", re.MULTILINE)


_BOXED_LINE = re.compile(r"[\[［(（][ \t]*(?P<words>[^\[\]［］()（）\n]+?)[ \t]*[\]］)）]")


# (时间：3/1-3/8（这个不用上图，是投放时间） / 时间：周四中午前初稿 / 截止时间：本周四 / 价格：…（这个先不放）: when the work is
# due or the ads run, or a line held back: the brief's)
_INFO_NOT_PRINTED = re.compile(r"^[ \t]*(?:[-•*·▪►][ \t]*)?(?:截止|需求|期望|预计|預計)|(?:上线|上線|完成|交付|交稿|出稿|截止|投放)(?:时间|時間|日期)|"
                               r"初稿|定稿|交稿|出图|出圖|截稿|投放|上线前|上線前|不用上图|不用上圖|不要印|不用印|先不放|先别|先別|别露出|"
                               r"別露出|不要放|暂不|暫不|(?i:\bdraft\b|\bdeadline\b)")
# 谢谢啦🌸 / Thanks, Jo: the sender signing off
_SIGN_OFF_LINE = re.compile(r"^(?:谢谢|謝謝|感谢|感謝|多谢|多謝|辛苦|麻烦|麻煩|(?i:thanks|thank\s+you|thx|cheers|best|regards)\b)")

def _designer_line(line: str, rules: CopyRules) -> bool:
    """Does the whole line read as one to the designer: not to be printed, a sign-off, the making of the poster (配色,
    logo, 就行), a design line, or a line that opens with a label?"""
    return bool(_INFO_NOT_PRINTED.search(line) or _SIGN_OFF_LINE.match(line) or _MAKING_WORDS.search(line)
                or _DESIGN_LINE.match(line) or rules.label_candidates.match(line))


def _remark_line(line: str, rules: CopyRules) -> bool:
    """红黄配色，喜庆一点 / 二维码放右下 / logo用新版的: a line to the designer about the poster, no line of its fine print."""
    if _designer_line(line, rules) or _PLACED.search(line) or rules.removal.search(line):
        return True
    # (has_signal asks is_instruction first)
    return any(rules.has_signal(clause) or _DESIGN_TALK.search(clause) for clause in _CLAUSE_BREAK.split(line) if clause)


_PLACED = re.compile(r"放(?:在|到)?(?:最|右|左|上|下|中|底|顶|頂|旁|角)|(?:贴|貼)(?:在|到)")
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\s]+")
# (…用新版的橙色版本 / 醒目就行 / 要大气一点 / 别搞得像促销: the words of a remark, touching Chinese on either side)
_MAKING_WORDS = re.compile(r"(?i:logo)|二维码|二維碼|配色|底色|字体|字體|颜色|顏色|色调|色調|排版|背景|配图|配圖|主色|插画|插圖|插图|"
                           r"就行|就好|即可|一点$|一些$|一点[，,。]|别搞|別搞|[红黄蓝绿黑白金紫橙粉]底[红黄蓝绿黑白金紫橙粉]字")


def _copy_block(text: str, start: int, limit: int, taken: set[str],
                rules: CopyRules) -> tuple[list[Field], int]:
    """文案：⏎七夕 把浪漫带回家⏎全场满520减52⏎立即选购: one field a line — an action line is the
    button, the others title, subtitle, body in order. A blank line, an instruction line
    (字大一点, make it pop) or a line with a label ends the block. Returns the fields and where
    the block ends."""
    fields: list[Field] = []
    names = set(taken)
    end = start
    cursor = start
    # 🔥 连续签到7天… ⏎ ✅ 今天是第3天… / ✨ …: an emoji then a blank opening two lines or more marks them as a list's bullets
    emoji_bullets = len(_EMOJI_BULLET.findall(text, start, limit)) >= 2
    open_quote, closes_block = "", False
    while cursor < limit and not closes_block:
        line_end = text.find("\n", cursor, limit)
        line_end = limit if line_end < 0 else line_end
        line = text[cursor:line_end]
        # *券有效期至…: a footnote mark glued to a line after the copy opens its fine print, and is printed with it
        footnote = bool(fields) and line.strip()[:1] in _FOOTNOTE_MARKS and line.strip()[1:2] not in ("", " ", "\t")
        content = line.strip() if footnote else _LINE_LEAD.sub("", line.strip())
        if emoji_bullets:
            content = _EMOJI_BULLET.sub("", content)
        if not content or _OUTLINE_NUMBER.fullmatch(content):  # (R2.1 before the next label: an outline's number)
            if fields:
                break
            cursor = line_end + 1
            continue
        if fields and _NOTE_OR_BLANKED_KEY.match(content):
            break  # (…⏎Notes: show to users with… ⏎ Assignee: design: a ticket's notes and keys after its copy lines)
        if not fields and _column_names_row(content):
            cursor = line_end + 1  # Field | Copy: the table's header row, before its rows of copy
            continue
        if (changed := _changed_quote(content, rules)) is not None:
            content = changed  # 「Notify me」 → 改成 「Shop the restock」，因为…: the line's copy is the quote it changes to
        if not fields and not open_quote and content[:1] in _BLOCK_QUOTES \
                and _BLOCK_QUOTES[content[0]] not in content[1:]:
            open_quote, content = _BLOCK_QUOTES[content[0]], content[1:].strip()  # 'FALL HARVEST FEST⏎…⏎…parking': the
            # lines quoted as one, their quote opening the first and closing the last
        elif open_quote and content.endswith(open_quote) and open_quote not in content[:-1]:
            content, closes_block = content[:-1].strip(), True
        if not content:
            break
        if _quoted_whole(content):
            content = content[1:-1].strip()
        elif (boxed := _BOXED_LINE.fullmatch(content)) and rules.is_action(boxed.group("words")):
            content = boxed.group("words")  # [Start Autoship]: a button drawn as a box, its words inside
        if rules.has_signal(content, first=not fields) or rules.is_placeholder(content) \
                or _aside_on_copy(content, rules) or content[-1] in _OPENERS_ONLY or _LEADS_ONLY.fullmatch(content):
            break  # (报名的时候点“…: a sentence around copy taken out, its quote left open; "and a" before the label
            # the line goes on with: … ⏎ and a button that says "…")
        if footnote and "body" not in names:
            name = "body"
        elif rules.is_action(content) and "cta" not in names:
            name = "cta"
        else:
            name = next((n for n in ("title", "subtitle", "body") if n not in names), "")
            if name == "subtitle" and "body" not in names and _paragraph(content):
                name = "body"  # 【系统维护公告】⏎为提升服务质量，我们将于…进行升级，…敬请谅解。: a notice's text, not a subtitle
        value = _clean(content)
        if value:  # Cancel anytime. Renews at $12.99/month. / Back to School, Sorted.: a line's own stop stays
            value += _closing_stop(content, content.find(value), len(content), own_line=True,
                                   heading=name in ("title", "subtitle"), prose=name == "body")
        if not name and value and fields and fields[-1].name == "body" and not _button_like(value, rules) \
                and not _button_like(fields[-1].value, rules) \
                and (not _KEYED_LINE.match(content) or _KEYED_LINE.match(fields[-1].value)
                     or _CONTACT_KEY.match(content)) \
                and not any(rules.is_instruction(clause) for clause in re.split(r"[，,。！!；;]+|(?<=[a-z])\.[ \t]+", content)
                            if clause) \
                and not (_CJK_CHAR.search(content) and _remark_line(content.strip("（）() \t"), rules)):
            # …⏎Saturday 9 March, 10am–1pm⏎All items must be clean. Car seats not accepted.: the lines after the body's
            # first, before the block ends, are more of it (line breaks kept)
            stop = cursor + len(line.rstrip()) - closes_block  # (the block's closing quote is no copy)
            fields[-1] = Field("body", text[fields[-1].start:stop], fields[-1].start, stop)
            end, cursor = line_end, line_end + 1
            continue
        if not name or not value:
            break
        offset = text.find(value, cursor, line_end)
        fields.append(Field(name, value, offset, offset + len(value)))
        names.add(name)
        end = line_end
        cursor = line_end + 1
    _last_line_as_button(fields, names, rules)
    return fields, end


_USE_WORDS_INSTEAD = re.compile(r"(?i)(?<![A-Za-z])use[ \t]+[\"“'‘「](?P<words>[^\"”'’」\n]+)[\"”'’」][ \t]+instead\b")
_BLOCK_QUOTES = {"'": "'", '"': '"', "“": "”", "「": "」", "『": "』"}
_NOTE_OR_BLANKED_KEY = re.compile(r"[：:﹕]|(?:备注|備註|(?i:notes?|remarks?))[ \t]*[：:﹕]")


# 文案你们写，别太长: the designer is asked to write the field, and what follows is how (no words for it)
_ASKED_TO_WRITE = re.compile(r"(?:你们|你們|你|您)(?:帮我|幫我|给我|給我)?(?:就|直接)?(?:写|寫)")
_LEADS_ONLY = re.compile(r"(?:(?:(?i:and|a|an|the|then|plus|also|finally|lastly)|&|还有|然后|以及|最后|再)(?![A-Za-z])[ \t,，]*)+")
_PARAGRAPH_CHARS = 30
_PARAGRAPH_CLAUSES = 3


def _paragraph(line: str) -> bool:
    """为提升服务质量，我们将于3月15日进行系统升级，期间部分功能暂不可用，敬请谅解。: a line of three or more clauses that
    ends in its full stop is a paragraph of prose, the body of a notice; a subtitle is a phrase or a short sentence."""
    return len(line) >= _PARAGRAPH_CHARS and line.endswith(("。", ".", "！", "!")) \
        and len(_CLAUSE_JOIN.split(line)) >= _PARAGRAPH_CLAUSES


def _aside_on_copy(line: str, rules: CopyRules) -> bool:
    """（第一行标题，第二行副标题，第三行是按钮） / (last line is the button): a line in brackets that talks
    about the copy lines above it, not one of them."""
    if line[:1] in "（(" and line[-1:] in "）)" and bool(rules.label_candidates.search(line[1:-1])):
        return True
    if _MADE_FROM_ABOVE.match(line):
        return True  # ——照这个做张A4贴玻璃门上: what to make of the lines above
    # 第一句标题 第二句副标题 第三个是按钮 / 第一行做大標題，第二行副題…: a line of legends alone, unbracketed
    legends = list(rules.line_named.finditer(line))
    return bool(legends) and not _LEGEND_JOINS.sub("", rules.line_named.sub("", line))


_MADE_FROM_ABOVE = re.compile(r"[—–\-~～>→ \t]*(?:就|请|請)?(?:照这个|照這個|按这个|按這個|照着|照著|照上面|按上面|照以上|按以上)"
                              r"(?:的|这些|這些)?(?:做|出|排|弄|来|來)")
_LEGEND_JOINS = re.compile(r"[\s，,。.；;、]+")


_BUTTON_CJK_CHARS = 8
_BUTTON_WORDS = 4


def _last_line_as_button(fields: list[Field], names: set[str], rules: CopyRules) -> None:
    """谢谢你，妈妈 / 康乃馨花束 5.12前下单包邮 / 送妈妈一束花: copy lines come in the poster's order,
    title, subtitle, button. With no action phrase among them, a last line that follows a title and
    subtitle and is as short as a button, with no offer in it, is the button (a longer one is body)."""
    if len(fields) >= 3 and fields[-1].name == "body" and "cta" not in names and _button_like(fields[-1].value, rules):
        fields[-1].name = "cta"


# 咨询热线：… opens a line of its own kind, unless the body is such a line too (地址：… ⏎ 电话：…: a run of keyed facts)
_KEYED_LINE = re.compile(r"[^：:﹕\n]{1,10}[：﹕]|[^：:﹕\n]{1,10}:(?!\d)")
# (县城人民路老供销社对面 ⏎ 电话：0734-…: a phone line under the address is more of the facts; 咨询热线：… under the
# opening date opens a line of its own, as before)
_CONTACT_KEY = re.compile(r"[^：:﹕\n]{0,4}(?:电话|電話|手机|手機|微信)[ \t]*[：:﹕]")


def _button_like(value: str, rules: CopyRules) -> bool:
    """As short as a button, with no punctuation, figure or offer in it."""
    short = len(_CJK_CHAR.findall(value)) <= _BUTTON_CJK_CHARS and len(re.findall(r"[A-Za-z]+", value)) <= _BUTTON_WORDS
    return short and not re.search(r"[，,。.;；：:\d]", value) and not rules.benefit_span(value)


_LIST_SEPARATOR = re.compile(r"\s*(?:[/／|｜,，、;；+]|\s)\s*")


def _quoted_list(text: str, start: int, limit: int, taken: set[str],
                 rules: CopyRules) -> tuple[list[Field], int]:
    """文案：「七夕限定」「全场满520减52」「立即选购」 / copy: "A" / "B": the quotes after a copy
    heading, one field each: an action phrase is the button, the others title, subtitle, body in
    order. Returns the fields and where the list ends."""
    fields: list[Field] = []
    names = set(taken)
    cursor = start
    end = start
    while cursor < limit and text[cursor] in QUOTE_PAIRS:
        close = _quote_end(text, cursor)
        if close is None:
            break
        value = _quoted_copy(text[cursor + 1:close])
        if rules.is_action(value) and "cta" not in names:
            name = "cta"
        else:
            name = next((n for n in ("title", "subtitle", "body") if n not in names), "")
        if value and name:
            offset = text.find(value, cursor + 1, close + 1)
            fields.append(Field(name, value, offset, offset + len(value)))
            names.add(name)
        end = close + 1
        separator = _LIST_SEPARATOR.match(text, end)
        cursor = separator.end() if separator else end
    return fields, end


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked by a separator, so positions stay put."""
    chars = list(text)
    for start, end in spans:
        for k in range(start, min(end, len(chars))):
            chars[k] = "\n" if chars[k] != "\n" else "\n"
    return "".join(chars)


# A slash or a bar between copy lines has a space on one side at least (红/黄 and 1/2 are words, not
# lines); a full-width bar never sits inside a word (满99减30｜包邮).
_SLASH = re.compile(r"[ \t]*[/／|｜][ \t]+|[ \t]+[/／|｜][ \t]*|｜")
# Where a slash list starts: after a colon, a dash or a line break (a masked label counts as one).
_LIST_START = re.compile(r"[\n：﹕]|:(?!\d)|\s[-–—]+\s|—{1,2}")
_SLASH_PART_CHARS = 40
_LIST_END = re.compile(r"[。；;]|\.(?=\s|$)")


def _slash_list(text: str, taken: set[str], rules: CopyRules, region_start: int = 0,
                region_end: int | None = None, headed: bool = False) -> tuple[list[Field], tuple[int, int]]:
    """Copy lines written one after another with slashes between them, no labels (开业海报：盛大开业！/
    全场8.8折，前100名送咖啡 / 按钮：导航到店 — the labelled button is masked by then): the parts
    are title, subtitle, body in order, an action phrase the button. Every part must read as copy
    (no format, colour, instruction): one that does not means the slashes are the brief's own. A
    description before the first line (Summer sale banner / Big Sale / Shop now) is left out."""
    region_end = len(text) if region_end is None else region_end
    first = _SLASH.search(text, region_start, region_end)
    if first is None or _table_row(text, first.start()):
        return [], (0, 0)  # | 标题 | 副标题 |: a table's row, not copy lines
    starts = [m.end() for m in _LIST_START.finditer(text, region_start, first.start())]
    start = starts[-1] if starts else region_start
    end = min(_line_end(text, first.end()), region_end)
    # …/ 送妈妈一束花。风格温暖: a sentence end after the last slash ends the list
    last_slash = [*_SLASH.finditer(text, first.start(), end)][-1]
    if stop := _LIST_END.search(text, last_slash.end(), end):
        end = stop.start()
    parts: list[tuple[int, int]] = []
    cursor = start
    for separator in [*_SLASH.finditer(text, start, end), None]:
        part_end = separator.start() if separator else end
        raw = text[cursor:part_end]
        lead = len(raw) - len(raw.lstrip())
        if raw.strip():
            parts.append((cursor + lead, cursor + lead + len(raw.strip())))
        cursor = separator.end() if separator else end
    if len(parts) < 2:
        return [], (0, 0)
    # 开业海报，盛大开业！/ … / 立即抢购，红色背景: the brief's own words before the first line and
    # after the last one, a comma away, are left out; so is a description before the first slash
    chunks = list(_COMMA_SPLIT.finditer(text, *parts[0]))
    # (after a copy label, 文案：谢谢你，妈妈 / …, the first line starts at the label: nothing to leave out)
    lead = None if headed else \
        next((c.end() for c in reversed(chunks) if rules.has_signal(text[parts[0][0]:c.start()])), None)
    if lead is not None:
        parts[0] = (lead, parts[0][1])
        start = lead
    while parts and rules.has_signal(text[parts[0][0]:parts[0][1]]):
        start = parts.pop(0)[1]
    if len(parts) < 2:
        return [], (0, 0)
    chunks = list(_COMMA_SPLIT.finditer(text, *parts[-1]))
    tail = next((c.start() for c in chunks if rules.has_signal(text[c.end():parts[-1][1]])), None)
    if tail is not None:
        parts[-1] = (parts[-1][0], tail)
        end = tail
    fields: list[Field] = []
    names = set(taken)
    for a, b in parts:
        value = _clean(text[a:b])
        if not value or len(value) > _SLASH_PART_CHARS or rules.has_signal(value) or rules.is_placeholder(value) \
                or rules.label_candidates.fullmatch(value):
            return [], (0, 0)  # 标题 / 副标题 / 按钮 names fields, it holds none
        name = "cta" if rules.is_action(value) and "cta" not in names else \
            next((n for n in ("title", "subtitle", "body") if n not in names), "")
        if not name:
            return [], (0, 0)
        offset = text.find(value, a, b + 1)
        fields.append(Field(name, value, offset, offset + len(value)))
        names.add(name)
    _last_line_as_button(fields, names, rules)
    return fields, (start, end)
