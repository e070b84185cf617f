"""Copy that a thread revises: corrections without labels, the option or line a reply picks, a
field said again or taken back later.
"""
from __future__ import annotations

import re

from agent.aliases import find_alias
from agent.brief_copy.rules import CopyRules
from agent.brief_copy.text import (
    STAR_FIX,
    _CJK_CHAR,
    FIELDS,
    QUOTE_PAIRS,
    Field,
    _clean,
    _Label,
    _label_key,
    _line_end,
    _quote_end,
    _quoted_copy,
    _quoted_whole,
)

_VERSION_VALUE_LEAD = re.compile(r"[ \t]*(?:那句|那版的|那版|版的|那个|那條|那条|的)?[ \t]*(?P<colon>[：:﹕][ \t]*)?")
_VERSION_BRACKETED = re.compile(r"[ \t]*[（(](?P<value>[^()（）\n]{1,60})[)）]")
_VERSION_UNQUOTED = re.compile(r"[^\n。；;]+")


def _version_value(text: str, at: int, name: str) -> Field | None:
    """The copy a pick brings itself: keep the v3 button (Save my seat), 副标题用 v1 那句“…”, …用 v2 那版的：…"""
    lead = _VERSION_VALUE_LEAD.match(text, at)
    start = lead.end()
    if text[start:start + 1] in QUOTE_PAIRS and (close := _quote_end(text, start)) is not None:
        return Field(name, _quoted_copy(text[start + 1:close]), start + 1, close)
    if lead.group("colon") and (unquoted := _VERSION_UNQUOTED.match(text, start)):
        value = _clean(unquoted.group())
        return Field(name, value, start, start + len(value)) if value else None
    if bracketed := _VERSION_BRACKETED.match(text, at):
        value = bracketed.group("value").strip()
        return Field(name, value, bracketed.start("value"), bracketed.start("value") + len(value))
    return None


def _shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters two values share."""
    best = 0
    for i in range(len(a)):
        while i + best < len(a) and a[i:i + best + 1] in b:
            best += 1
    return best


_SHARED_MIN = 2  # 鸡蛋 / 会员日: a correction keeps a word of the copy it rewrites
_CORRECTION_VERB = re.compile(r"改成|改为|改為|换成|換成|改做|換做|应该是|應該是")
_CORRECTION_VERB_END = re.compile(r"(?:" + _CORRECTION_VERB.pattern + r")[：:\s]*$")


def _unlabelled_corrections(text: str, fields: dict[str, Field], spans: list[tuple[int, int]],
                            rules: CopyRules) -> None:
    """标题“今日特价 鸡蛋1.99元/斤” … (a later message) 改成“今日特价 鸡蛋2.99元/斤”吧: a correction verb and a quote
    that name no field rewrite the copy given before it that they share most words with; that field takes the quote."""
    # (标题 充500送100 ⏎ 不对 改成充1000送300 上个月那个活动结束了: a line that opens by taking the value back and brings the
    # new words unquoted, to a blank, before the reason)
    retracted = [] if not _CORRECTION_VERB.search(text) else [
        found for found in rules.retraction.finditer(text) if found.group().strip()
        and not text[text.rfind("\n", 0, found.end() - len(found.group().lstrip())) + 1:
                     found.end() - len(found.group().lstrip())].strip()
        and _CORRECTION_VERB_END.search(found.group()) and _CJK_CHAR.match(text, found.end())]
    found = [*rules.bare_correction.finditer(text), *rules.bare_correction_colon.finditer(text), *retracted]
    for verb in sorted(found, key=lambda verb: verb.start()):
        if any(start <= verb.end() < end for start, end in spans):
            continue
        if verb.re is rules.retraction:
            start = verb.end()
            new = re.split(r"[\s，,。；;！!？?]", text[start:], maxsplit=1)[0]
            end = start + len(new)
        elif verb.re is rules.bare_correction_colon:  # (改成：你的 30 天连续打卡还在等你: the rest of the line, unquoted)
            start = verb.end()
            new = _clean(text[start:_line_end(text, start)])
            if not text.startswith(new, start):
                continue
            end = start + len(new)
        else:
            if (close := _quote_end(text, verb.end())) is None:
                continue
            start, end, new = verb.end() + 1, close, _quoted_copy(text[verb.end() + 1:close])
        if not new or rules.only_design_words(new) or rules.has_signal(new, first=True):
            continue
        earlier = [field for field in fields.values() if field.end <= verb.start()]
        # (a tie goes to the latest: 按钮还是“立即付定金”？⏎改成“去付定金” answers the message just before)
        rewritten = max(earlier, key=lambda field: (_shared_run(field.value, new), field.start), default=None)
        # (English words share letters by chance, "our" of "Find Your Taproom": half the new words are the old ones)
        needed = _SHARED_MIN if _CJK_CHAR.search(new) else max(_SHARED_MIN, len(new) // 2)
        if rewritten and _shared_run(rewritten.value, new) >= needed \
                and new not in (field.value for field in fields.values()):
            fields[rewritten.name] = Field(rewritten.name, new, start, end)
            spans.append((verb.start(), end + 1))


_ROUND_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _round_picked(text: str, fields: dict[str, Field], rounds: dict[str, list[Field]], spans: list[tuple[int, int]],
                  rules: CopyRules) -> None:
    """第一版：标题：A … 第二版：标题：B … ⏎ 标题还是用第一版，按钮用第二版的 / 改成“…” ⏎ ……算了还是用第一版吧: a field sent
    back to a round takes the value it was given n-th (a pick naming no field sends back every field given twice)."""
    if rules.round_pick_rest is not None and not rules.round_pick_rest.search(text):
        return
    for pick in rules.round_pick.finditer(text):
        nth = pick.group("nth")
        number = 1 if not nth else int(nth) if nth.isdigit() else _ROUND_NUMBERS[nth]
        # (还是用回原来的标题吧: the field named after the round)
        label = pick.group("label") or pick.group("after")
        name = rules.field_of.get(_label_key(label)) if label else None
        names = [name] if name in FIELDS else [] if label else \
            [other for other, given in rounds.items() if len(given) > 1]
        for name in names:
            given = [field for field in rounds.get(name, []) if field.end <= pick.start()]
            if number <= len(given) and len(rounds[name]) > 1:
                fields[name] = given[number - 1]
                spans.append(pick.span())


# 标题用第二行 / headline is the second line / sub = line 3: the field's copy is that line of the text pasted above.
_LINE_REFERENCE = re.compile(r"第\s*(?P<zh>[一二三四五六七八九\d])\s*行|(?i:(?:the\s+)?(?P<en>first|second|third|fourth|fifth)"
                             r"\s+line|line\s+(?P<number>\d))")
# (headline is the first line obviously / 标题就是第一行吧: a word of speech after the reference)
_REFERENCE_FILLER = re.compile(r"(?:[ \t,，]*(?:(?i:obviously|of\s+course|ofc|pls|please|lol)\b|吧|哈|就行|就好|即可))*[ \t.。!！]*")
_LINE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# （以下是截图识别出来的） / (OCR from the screenshot): a remark in brackets that opens the pasted lines, none of them.
_BRACKETED_LINE = re.compile(r"[ \t]*[（(][^\n]*[)）][ \t]*")


def _pasted_lines(text: str, before: int, rules: CopyRules) -> list[tuple[int, int]]:
    """The spans of the run of lines right above the line at `before` (no blank line between), less a remark in
    brackets, a heading (白板打字：) or the brief's request (need a banner for the bundle promo) that opens it."""
    lines: list[tuple[int, int]] = []
    end = text.rfind("\n", 0, before)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if not text[start:end].strip():
            break
        lines.insert(0, (start, end))
        end = start - 1
    while lines and (_BRACKETED_LINE.fullmatch(text, *lines[0]) or _LINE_HEADING.search(text, *lines[0])
                     or _names_the_request(text, *lines[0], rules)):
        lines.pop(0)
    return lines


def _names_the_request(text: str, start: int, end: int, rules: CopyRules) -> bool:
    """小额免密支付开通弹窗 / need a banner for the bundle promo: the brief's first line, unquoted, naming the format it
    asks for is the request, no line of the copy under it."""
    line = text[start:end].strip()
    return not text[:start].strip() and line[:1] not in QUOTE_PAIRS and bool(find_alias(line, rules.lexicon.formats))


def _lines_referred_to(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """标题用第二行，副标题用第三行 under lines pasted from a screenshot: a field whose value names a line by its number
    takes that line of the pasted run above it."""
    for field in fields.values():
        if not (reference := _LINE_REFERENCE.match(field.value)) \
                or not _REFERENCE_FILLER.fullmatch(field.value, reference.end()):
            continue
        word = reference.group("zh") or reference.group("en") or reference.group("number")
        number = int(word) if word.isdigit() else _LINE_NUMBERS[word.lower()]
        lines = _pasted_lines(text, field.start, rules)
        if not 1 <= number <= len(lines):
            continue
        start, end = lines[number - 1]
        value = text[start:end].strip()
        if value:
            offset = text.find(value, start)
            field.value, field.start, field.end = value, offset, offset + len(value)
            spans.append((start, end))


_LINE_WORDS = {**_LINE_NUMBERS, "top": 1}


# Copy for the tile: / 文案 below👇 / 如下: a line that heads the lines under it, no copy of its own
_LINE_HEADING = re.compile(r"(?:[：:﹕]|👇+|(?i:below)\W*|如下|以下)[ \t]*$")


def _lines_above(text: str, before: int, rules: CopyRules) -> list[tuple[int, int]]:
    """The last run of copy lines above `before`: lines that head nothing and bring no label (a labelled line is passed
    over). A blank line or a heading closes a run: the legend may follow its lines or stand a paragraph apart."""
    runs: list[list[tuple[int, int]]] = [[]]
    at = 0
    while at < before:
        end = _line_end(text, at)
        if end >= before:
            break
        line = _LINE_LEAD.sub("", text[at:end].strip())
        if line and (label := rules.label_candidates.match(line)) and (
                (after := rules.connector.match(line, label.end())).group("colon") or after.group("strong")
                or line[after.end():after.end() + 1] in QUOTE_PAIRS):
            pass  # (按钮「立即领取」 / 小字: … ; 4) Valid 12 months. is a line of copy that opens with a label's word)
        elif line and not _LINE_HEADING.search(line):
            runs[-1].append((at, end))
        elif runs[-1]:
            runs.append([])
        at = end + 1
    run = next((run for run in reversed(runs) if run), [])
    if run and _names_the_request(text, *run[0], rules):
        run = run[1:]
    # (澳洲移民讲座 poster ⏎ “…” ⏎ “…” ⏎ 第一句标题: with two quoted lines or more closing the run, the quoted lines
    # are the ones counted; 'Meet the Illustrator' ⏎ '…' ⏎ Sat 18 May, 2pm · … ⏎ third line as small text: a plain
    # line after them is counted too)
    quoted = [(a, b) for a, b in run if _QUOTED_LINE.fullmatch(text, a, b)]
    return quoted if len(quoted) >= 2 and run[-len(quoted):] == quoted else run


_SENTENCES = re.compile(r"[.!?][ \t]+\S")
_QUOTED_LINE = re.compile(r"[ \t]*[「“\"'『][^\n]+[」”\"'』][ \t]*")


def _lines_named(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """直播预告方图：⏎今晚8点 | 主理人亲自开箱⏎…⏎第一行那句是标题 / 1 = headline, 2 = sub / last 小字: the field takes that
    line of copy whole (bars and all), counted over the last run of copy lines above the legend (see _lines_above)."""
    for named in rules.line_named.finditer(text):
        key = _label_key(named.group("label") or "")
        placed_at_bottom = named.group("zh_bottom") or named.group("en_bottom")  # (第二句放底部 / goes at the bottom)
        name = rules.line_field_named(key) if key else "body" if placed_at_bottom else None
        word = "last" if named.group("zh_last") else \
            (named.group("zh") or named.group("en") or named.group("number") or named.group("line_number")).lower()
        if name not in FIELDS:
            continue
        lines = _lines_above(text, named.start(), rules)
        number = len(lines) if word == "last" else int(word) if word.isdigit() else _LINE_WORDS.get(word, 0)
        if not 0 < number <= len(lines):
            continue
        start, end = lines[number - 1]
        line = _LINE_LEAD.sub("", text[start:end].strip())
        value = _clean(line)
        if name == "body" and line.endswith(".") and _SENTENCES.search(value):
            value += "."  # (Valid 12 months. Redeemable for any course.: fine print of sentences keeps its last stop)
        elif name == "body" and line.endswith("。") and not value.endswith("。"):
            value += "。"  # (所有報名費用將撥捐兒童癌症基金。: a line of fine print keeps its stop, as in a block of lines)
        if _quoted_whole(value):
            value = value[1:-1].strip()  # "For the Moms Who Do It All": a line quoted whole
        if value and not _LINE_REFERENCE.search(value):
            offset = text.find(value, start)
            for other in [other for other, field in fields.items() if start <= field.start < end]:
                del fields[other]  # (a part of the line read as a field of its own before)
            fields[name] = Field(name, value, offset, offset + len(value))
            spans.append((start, end))


def _said_again(text: str, earlier: Field, label_start: int, messages: tuple[int, ...], rules: CopyRules) -> bool:
    """Is a field's label, given again, the brief's later word on it: in a later message of a chat, or after the
    speaker took the earlier value back (标题用“A”……不对，…标题就“B” / "A" — no wait, headline "B"), or under a heading
    that marks the lines below as the revised copy (OLD: … ⏎ NEW (please use this one): …)?"""
    if any(earlier.end <= start <= label_start for start in messages):
        return True
    return rules.retraction_word.search(text, earlier.end, label_start) is not None \
        or STAR_FIX.search(text, earlier.end, label_start) is not None \
        or rules.final_heading.search(text, earlier.end, label_start) is not None \
        or rules.revision_heading.search(text, earlier.end, label_start) is not None \
        or rules.follow_heading.search(text, earlier.end, label_start) is not None


# the value, a dash or comma (or an aside's bracket: …（开玩笑的 别用这个）), then "drop this line"
_DROPPED_AFTER = re.compile(r"[ \t]*(?:[—–-]{1,2}|[，,]|[（(][^()（）\n]{0,12}?)[ \t]*$")


def _takes_itself_back(text: str, label: _Label, value: Field, rules: CopyRules) -> bool:
    """Kicker: NEW — actually drop the kicker: the label's own line takes the field back, so its value is no
    copy and a later label of the same field (Deck: …) gives it."""
    line_end = _line_end(text, value.start)
    # (正文两边的引号别印: the words before it may be the value itself, naming what to keep off)
    if rules.not_printed.search(text, value.start, line_end) and not any(
            mark in QUOTE_PAIRS for mark in text[value.start - 1:value.start]):
        return True  # 说明：…，不用画进图里: the line is about the page, not on the picture
    for dropped in rules.taken_back_later.finditer(text, value.start, line_end):  # 【小字】… —— 这句删掉
        if _DROPPED_AFTER.search(text, value.start, dropped.start()) \
                and not any(mark in QUOTE_PAIRS for mark in text[value.start:dropped.start()]):
            return True
        closing = text[value.end:dropped.start()].strip()
        if len(closing) == 1 and any(closing in closers for closers in QUOTE_PAIRS.values()):
            return True  # 之前的标题「…」作废: the quote, then void
    return any(rules.field_of.get(_label_key(removal.group("before") or removal.group("after"))) == label.name
               for removal in rules.removal.finditer(text, value.start, line_end))


_LIST_LINES_MIN = 2


def _list_end(text: str, start: int, limit: int) -> int | None:
    """Where a list of two or more bulleted or numbered lines starting at `start` ends (None: no list)."""
    end, lines, cursor = start, 0, start
    while cursor < limit and _BULLET.match(text[cursor:min(_line_end(text, cursor), limit)].lstrip(" \t")):
        end = min(_line_end(text, cursor), limit)
        lines += 1
        cursor = end + 1
    return end if lines >= _LIST_LINES_MIN else None


# 选了第二个 / ② / go with the second headline: the second option listed
_ORDINAL = {"一": "1", "二": "2", "三": "3", "四": "4", "①": "1", "②": "2", "③": "3", "④": "4",
            "first": "1", "second": "2", "third": "3", "fourth": "4"}


def _option_number(option: str) -> str:
    return _ORDINAL.get(option.lower(), option.upper())


def _chosen_option(text: str, rules: CopyRules) -> tuple[Field, list[tuple[int, int]]] | None:
    """Yes, go with option B for the headline ⏎ > A) … ⏎ > B) Lakeside Living, Reimagined: the listed
    option the brief picks is the field's copy (it replaces any other value); with it come the spans
    of the option lines, none of which is copy otherwise."""
    lines = list(_OPTION_LINE.finditer(text))
    if len(lines) < _OPTIONS_MIN:
        return None  # no options listed: nothing to pick from (and no choice phrase to look for)
    for pattern in rules.option_choice:
        if not (chosen := pattern.search(text)):
            continue
        name = rules.field_of.get(_label_key(chosen.group("label")))
        option = _option_number(chosen.group("option"))
        picked = next((line for line in lines
                       if _option_number(line.group("option") or line.group("circled")) == option), None)
        if name not in FIELDS or picked is None or rules.label_candidates.match(picked.group("value")):
            continue  # (2. Subtitle: … is a numbered label, no option)
        value = _clean(picked.group("value"))
        if _quoted_whole(value):
            value = value[1:-1].strip()
        start = text.find(value, picked.start("value"))
        return Field(name, value, start, start + len(value)), [line.span() for line in lines]
    return None


_OPTIONS_MIN = 2
# > A) Your Dream Home Awaits / 方案B：… / 方案二：… / Option 2 - …: one option a line, after its letter or number
# (a Chinese numeral only after 方案 / 选项 / 版本; a circled number ①② needs no mark after it).
_OPTION_LINE = re.compile(r"^[ \t>]*(?:(?i:option)\s*|方案|选项|版本|選項)?(?:(?P<option>[A-Da-d1-4]|(?<=[案项項本])[一二三四])"
                          r"[ \t]*(?:[)）.、:：]|\s[-–—])|(?P<circled>[①-④])[ \t]*[)）.、:：]?)"
                          r"[ \t]*(?P<value>\S[^\n]*)$", re.MULTILINE)


def _last_retraction(text: str, start: int, end: int, rules: CopyRules) -> int | None:
    """Where the copy starts again after the last retraction inside a value (…，不对，改成X /
    … — no wait, make it X), or None when the speaker takes nothing back."""
    found = [m for m in rules.retraction.finditer(text, start, end) if m.start() > start and m.end() < end]
    return found[-1].end() if found else None


# A bullet, or —— before a sign-off line (9.9元 / 11.11 open a line of copy with a decimal, not a numbered item).
# (1）: a full-width paren numbers a line too)
_LINE_LEAD = re.compile(r"^(?:[-•*·・▪►>]|\d{1,2}(?:[)）、]|\.(?!\d))|[①-⑩]|[—–]{2}|[—–]\s)\s*")
_BULLET = re.compile(r"^(?:[-•*·・▪►>]|\d{1,2}(?:[)）、]|\.(?!\d))|[①-⑩]|[一二三四五六七八九十]{1,2}、)\s*")  # (一、…: an outline's items)


# 张经理：行吧，那就用李主管的 / Maya: ok going with Jordan's / 护士长（我）：用小王的。: a chat settles a field on the words
# another speaker proposed, named by who said them.
_SPEAKER_PICK = re.compile(r"(?:(?:那就|就|还是|最后|最终)?(?:用|选|选用|采用|定|採用|選)|(?i:(?:let's\s+|we'll\s+|ok\s+|okay\s+)?"
                           r"(?:going|go|went)\s+with|(?:let's\s+)?use|pick|take))[ \t]*(?P<who>[^\s:：,，。.'’的]{1,16}?)"
                           r"(?:的|'s|’s)(?:版本|版|那个|那個|那句|这个|吧|了|[ \t]*[。.!！]|[ \t]*$)", re.MULTILINE)
# Jordan: … / 李主管：… / 护士长（我）：…: a message's sender, before its colon at the start of the line.
_SPEAKER_LINE = re.compile(r"^[ \t]*(?P<who>[^\s:：\n（(]{1,16})[ \t]*(?:[（(][^）)\n]{0,12}[)）])?[ \t]*[:：]", re.MULTILINE)
_DISCUSSION_LINES = 4  # how far above the proposal the field under discussion may be named
# Maya: ok add Sam's line as fine print: the field the pick names takes that speaker's quote.
_SPEAKER_LINE_AS = re.compile(r"(?i:(?:add|put|use|take|make)\s+)(?P<who>[^\s:：,，'’]{1,16})(?:'s|’s)\s+(?i:line|words|text|copy|note|wording)"
                              r"\s+(?i:as|in|for|into)\s+(?i:the\s+)?")


def _speaker_picked(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """The field takes the last quote the named speaker proposed above the pick; the field is the one named on that
    message or on the messages just above it (标题用“A” ⏎ 李主管：我觉得“B”更好 ⏎ 那就用李主管的); the other proposals
    between are the discussion, no copy."""
    for pick in [*_SPEAKER_PICK.finditer(text), *_SPEAKER_LINE_AS.finditer(text)]:
        who = pick.group("who")
        named = rules.label_candidates.match(text, pick.end()) if pick.re is _SPEAKER_LINE_AS else None
        if pick.re is _SPEAKER_LINE_AS and (named is None or rules.field_of.get(_label_key(named.group("label"))) not in FIELDS):
            continue
        line_start = text.rfind("\n", 0, pick.start()) + 1
        # (客服小林：… ⏎ 就用小林的: the sender's role may come before the name the pick uses)
        said = [line for line in _SPEAKER_LINE.finditer(text, 0, line_start)
                if line.group("who") == who or (len(who) >= 2 and line.group("who").endswith(who))]
        if not said:
            continue
        line = said[-1]
        quotes = []
        at = line.end()
        while (at := next((i for i in range(at, _line_end(text, line.end())) if text[i] in QUOTE_PAIRS), -1)) >= 0:
            close = _quote_end(text, at)
            if close is None:
                break
            quotes.append((at, close))
            at = close + 1
        if not quotes:
            continue
        opened, close = quotes[-1]
        if named is not None:
            value = _quoted_copy(text[opened + 1:close])
            if value and not rules.has_signal(value, first=True):
                name = rules.field_of.get(_label_key(named.group("label")))
                fields[name] = Field(name, value, opened + 1, close)
                spans.append((line.start(), _line_end(text, pick.start())))
            continue
        name, first = None, line.start()
        for back in range(_DISCUSSION_LINES):
            found = [rules.field_of.get(_label_key(m.group("label"))) for m in rules.label_candidates.finditer(
                text, first, opened if back == 0 else _line_end(text, first))]
            if name := next((n for n in reversed(found) if n in FIELDS), None):
                break
            if first == 0:
                break
            first = text.rfind("\n", 0, first - 1) + 1
        value = _quoted_copy(text[opened + 1:close])
        if name is None or not value or rules.has_signal(value, first=True):
            continue
        fields[name] = Field(name, value, opened + 1, close)
        spans.append((first, _line_end(text, pick.start())))
