"""Where an unquoted value ends: at the next label, a line or sentence end, or a segment that is an
instruction to the designer; a comma alone never ends copy.
"""
from __future__ import annotations

import re

from agent.brief_copy.labels import _DESIGN_NOUN, _PLACING, _cut_trailing_remark
from agent.brief_copy.rules import _BRIEFING_VERBS, _DESIGN_REMARK, _DESIGN_TALK, _GLUED_LEAD, _NEGATED_FACT, CopyRules
from agent.brief_copy.text import (
    _ARROW,
    _BODY_STOP,
    _CJK,
    _CJK_CHAR,
    _COMMA_SPLIT,
    _HARD_STOP,
    _SOFT_SPLIT,
    _label_key,
    _line_end,
    _quoted_whole,
)

_MARKS_WORD = re.compile(r"书名号|引号|quotes|quote marks|quotation marks", re.IGNORECASE)
# （引号也要印出来） / (print the quotes too): asking to print the marks keeps them as asking to keep them does.
_KEEP_WORD = re.compile(r"保留|留着|不要删|别删|不要去掉|别去掉|\bkeep\b|印出来|印出來|印上|要印|也印|\bprint(?:ed)?\b|\binclude[ds]?\b",
                        re.IGNORECASE)


_EN_FIELD_REMARK = re.compile(
    r"(?:the\s+|a\s+|our\s+)?(?:headline|title|heading|sub\s*-?title|subhead(?:ing)?|tagline|strapline|button|cta|"
    r"call\s+to\s+action|body|copy|text|logo|font)s?\s+(?:should|must|needs?|has\s+to|is|are|could|can|will|would|"
    r"looks?)\b(?!\s+(?:say|says|read|reads|write|writes|show|shows)\b)", re.I)


_ITEM_CHARS = 6


def _enumerated_item(separator: str, segment: str, rules: CopyRules) -> bool:
    """支持装裱油画、水彩、拼图、球衣: a short item after an enumeration comma is one more of a list, even a look's name
    (水彩); an instruction is not."""
    return separator.strip() == "、" and len(segment.strip()) <= _ITEM_CHARS and not rules.is_instruction(segment)


_CONTACT_NUMBER = re.compile(r"\d{3,4}[- ]?\d{3,4}[- ]?\d{3,4}")


def _labels_a_subtitle(text: str, rules: CopyRules) -> bool:
    """Does a label in the brief name the subtitle at the start of a line (Supporting line: …)?"""
    return any(rules.field_named(_label_key(found.group("label").strip())) == "subtitle"
               for found in re.finditer(r"^[ \t]*(?:[-*•]+[ \t]*)?(?:\*\*)?(?P<label>[^\n：:﹕*]{1,24}?)(?:\*\*)?[ \t]*[：:﹕]",
                                        text, re.MULTILINE))


def _unquoted_value(text: str, start: int, end: int, field: str, rules: CopyRules,
                    offer_ends_title: bool = False) -> int:
    """Where an unquoted value that starts at `start` ends, given the next label at `end`."""
    hard_stop = _BODY_STOP if field == "body" else _HARD_STOP
    stop = hard_stop.search(text, start, end)
    # 卖点：99.97%除菌率 | 静音运行 / Details: 1–4 PM | 128 Oak Lane: a bar inside a line joins parts of
    # one value, unless what follows it is the next label, a button or a remark to the designer.
    while stop and stop.group() in "|｜":
        following = hard_stop.search(text, stop.end(), end)
        piece = text[stop.end():following.start() if following else end].strip()
        if not piece or rules.has_signal(piece) or rules.is_action(piece) and not (
                field == "body" and _CONTACT_NUMBER.search(piece)):
            break  # (底部：11月3日 | 三楼音乐厅 | RSVP 021-6123 4567: a verb with its number is the body's contact line)
        stop = following
    # Subtitle - You've earned $12.50. Cash out anytime. Button - …: a subtitle may hold sentences;
    # one after a full stop is more of it while it is copy, up to the next label or the line's end.
    # Main: The Final. Live. Only Here. — on a line of its own after its label, a title or subtitle
    # keeps every sentence that says no word about the design.
    own_line = field in ("title", "subtitle") and _label_heads_line(text, start)
    while stop and (field == "subtitle" or own_line) and _SENTENCE_END.fullmatch(stop.group()):
        following = hard_stop.search(text, stop.end(), end)
        sentence = text[stop.end():following.start() if following else end].strip()
        # (Find your way home (we'll help): a bracketed aside closing the sentence is weighed on its own, below, and a
        # sentence with an aside is no button)
        aside = bool(_TRAILING_ASIDE.search(sentence)) and bool(_TRAILING_ASIDE.sub("", sentence))
        sentence = _TRAILING_ASIDE.sub("", sentence) or sentence
        more = own_line and (_more_copy_on_line(sentence, rules, aside)
                             or _parallel_sentence(text[start:stop.start()], sentence, rules)
                             or _stopped_slogan_half(text, start, stop, following, sentence, rules)
                             or _title_case_halves(text, start, stop, following, sentence, rules)) \
            and not (field == "title" and rules.benefit_span(sentence)  # an offer after a headline is the subtitle…
                     and not _labels_a_subtitle(text, rules))  # …unless one is labelled (24 hours. 30% off. Everything.)
        if not (more or (field == "subtitle" and _more_subtitle(sentence, rules, aside))):
            break
        stop = following
    limit = stop.start() if stop else end
    limit = _before_bracketed_remark(text, start, limit, rules)
    limit = _before_spoken_remark(text, start, limit, rules)
    if field == "body":
        limit = _before_remark_sentence(text, start, limit, rules)
    # Segments after the first continue the value unless they are instructions.
    cursor = start
    first = True
    for sep in _SOFT_SPLIT.finditer(text, start, limit):
        if first:
            first = False
        segment_end = sep.start()
        if segment_end <= cursor:
            continue
        next_start = sep.end()
        if field == "cta" and cursor == start and _button_then_sentence(text[start:segment_end], text[next_start:limit], rules):
            return segment_end
        following = _SOFT_SPLIT.search(text, next_start, limit)
        segment = text[next_start:following.start() if following else limit]
        # …and the whole comma-delimited chunk it starts (会员日 banner is a description)
        comma = _COMMA_SPLIT.search(text, next_start, limit)
        chunk = text[next_start:comma.start() if comma else limit]
        # ，按钮要大一点 / , the button should be bigger: a remark about another field ends the value
        # (before its remark is cut off); copy for that field would have come with its own label
        if field != "body" and ((rules.zh_label_prefix.match(chunk.strip()) and rules.is_instruction(chunk))
                                or _EN_FIELD_REMARK.match(chunk.strip())):
            return segment_end
        # CTA: Top Up Now / Terms: …: a key of its own after a slash starts another entry (after a
        # comma it may be the copy's own: 全场8折，活动时间：11月1日)
        if field != "body" and _SLASH_ONLY.fullmatch(sep.group()) and _KEY_VALUE.match(chunk.strip()):
            return segment_end
        if field != "body":  # 你好，2025 要大一点红色: the remark is cut from the value, the chunk stays copy
            chunk = _cut_trailing_remark(chunk.strip(), rules)
            segment = segment if segment.strip() in chunk else chunk
        if (_ends_value(segment, field, rules) or _ends_value(chunk, field, rules)) \
                and not _parallel_part(text[start:segment_end], chunk, rules) \
                and not _title_case_part(text[start:segment_end], chunk, rules) \
                and not _listed_after_style(text[start:segment_end], sep.group(), segment, rules) \
                and not _enumerated_item(sep.group(), segment, rules) \
                and not (field != "body" and _asks_addressed_reader(text[start:segment_end], chunk, rules)) \
                and not (_AND_MORE.search(chunk) and not rules.is_instruction(chunk.strip())) \
                and not (_STOCK_LEFT.search(text, start, segment_end) and segment.lstrip()[:1].isdigit()) \
                and not (cursor == start and _CONDITION.match(text, start, segment_end) and not _DESIGN_TALK.search(chunk)):
            return segment_end
        # 标题：火锅周年庆，菜品满200减40 (no subtitle label): an offer after the comma is the subtitle
        if offer_ends_title and field == "title" and _COMMA_SPLIT.fullmatch(sep.group()) and sep.group().strip() in "，," \
                and _is_offer(chunk, rules):
            return segment_end
        cursor = segment_end
    return limit


# If you don't love it, we'll collect it for free: a value that opens on a condition goes on to its main clause after the
# comma (whatever that clause's first word), unless the clause talks about the poster.
_CONDITION = re.compile(r"[ \t]*(?i:if|unless|when|whenever|once)\s+(?i:you|your|u)\b")


# Balloons, banners & more: a list of the goods on offer, closed by "and more", is copy (banners, here, is what is
# sold, not a format).
# 仅剩 300 张 / 每人限 2 张: what is left in stock or may be taken, its count after a blank, goes on the copy (a count
# alone, 3张, asks for posters)
_STOCK_LEFT = re.compile(r"(?:剩|剩下|只有|最后|最後|限|限量|每人|每人限|每单限|每單限)[ \t]*$")
_AND_MORE = re.compile(r"(?:&|\band|\+)\s*more\b(?=\s*(?:$|[!.…—–-]))", re.IGNORECASE)


# Key: value — a capitalised word or two (Terms:, Promo code:) or a short Chinese key (活动时间：).
_KEY_VALUE = re.compile(r"(?:[A-Z][A-Za-z]*(?:\s[A-Za-z]+){0,2}|[" + _CJK + r"]{2,6})\s*(?:[：﹕]|:(?!\d))\s*\S")

_SLASH_ONLY = re.compile(r"\s*[/／]\s*")


_FIRST_LATIN_WORD = re.compile(r"\s*([A-Za-z]+)\b")


def _parallel_part(value: str, chunk: str, rules: CopyRules) -> bool:
    """No fees, no minimums / Fast, fun, free: a part that opens with the value's own first word
    repeats its construction, so it is more of the copy, not a remark (no text, please stays one)."""
    first, following = _FIRST_LATIN_WORD.match(value), _FIRST_LATIN_WORD.match(chunk)
    if not (first and following) or first.group(1).lower() != following.group(1).lower():
        return False
    rest = chunk[following.end():].strip()
    # an instruction longer than the repeated word (make it pop after Make it yours) is the designer's
    instruction = rules.instruction_en.match(chunk.strip())
    return bool(rest) and not (instruction and instruction.end() > len(following.group(1))) \
        and not rules.no_text.search(chunk) and not rules.has_signal(rest)


def _listed_after_style(value: str, separator: str, item: str, rules: CopyRules) -> bool:
    """副标题：水彩 / 油画 / 素描 全场满200减30: a value whose first words are a look's name (水彩) and go on after a slash
    lists goods of that kind (an art shop's paints), so the looks after it are more of the list, not the designer's."""
    return bool(_SLASH_ONLY.fullmatch(separator)) and rules.only_design_words(value.strip()) \
        and rules.only_design_words(item.strip()) and not rules.is_instruction(item.strip())


_TITLE_CASE_WORDS = 5
_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’&-]*")


def _title_case_part(value: str, chunk: str, rules: CopyRules) -> bool:
    """For Mom, With Love: in a value written in Title Case, a part after the comma that is Title
    Case too is more of the copy, even when its first word (With) would start a remark; an
    instruction longer than that word (Make It Pop) or a design word after it stays the designer's."""
    words = value.split()
    following = [word for word in chunk.split() if not _EMOJI_ONLY.fullmatch(word)]  # (…, With Love 💐: a closing emoji)
    if len(words) < 2 or not 2 <= len(following) <= _TITLE_CASE_WORDS \
            or not all(_TITLE_WORD.fullmatch(word.strip(".,!?")) for word in words + following):
        return False
    instruction = rules.instruction_en.match(chunk.strip())
    return not (instruction and instruction.end() > len(following[0])) \
        and not rules.no_text.search(chunk) and not rules.has_signal(" ".join(following[1:]))


_EMOJI_ONLY = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")

_SENTENCE_WORDS = 3  # …, pre-orders aren't open yet: a clause after a button is the brief's
_SENTENCE_CJK_CHARS = 6


def _button_then_sentence(button: str, rest: str, rules: CopyRules) -> bool:
    """CTA: Learn more, pre-orders aren't open yet / 按钮：去看看 图用圣诞树和礼物: a whole action
    phrase, then a clause that is no button: the button is the action phrase. A short run-on
    (马上抢，手慢无) stays part of it."""
    # (Start now / 立即开始 —— 二选一: a spaced dash ends the other version's clause too)
    rest = re.split(r"[，,。；;\n]|\.(?=\s|$)|\s[-–—]+\s|—{2}", rest, maxsplit=1)[0].strip()
    if not rules.is_action(button.strip()) or not rest or rules.is_action(rest):
        return False
    # 扫码报名 Scan to join: a Chinese button with its English after it is one bilingual button
    if _CJK_CHAR.search(button) and not _CJK_CHAR.search(rest) and not (
            _MODAL_EN.search(rest) or _DESIGN_TALK.search(rest) or rules.has_signal(rest)):
        return False
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", rest)) >= _SENTENCE_WORDS or \
        len(_CJK_CHAR.findall(rest)) >= _SENTENCE_CJK_CHARS


_SENTENCE_END = re.compile(r"[。.]")
_TRAILING_ASIDE = re.compile(r"[ \t]*[（(][^()（）\n]{1,30}[)）][。.]?$")
_SUBTITLE_SENTENCE_CHARS = 60
# (Stay focused. We've got your back.: "we've" tells what the brand has done for the reader, the copy's own voice)
_MODAL_EN = re.compile(r"\b(?:should|must|needs?\s+to|has\s+to|please|pls|make\s+it|we(?!['’]ve\b)|our\s+brand|i)\b",
                       re.IGNORECASE)


def _more_subtitle(sentence: str, rules: CopyRules, aside: bool = False) -> bool:
    """Is the sentence after a subtitle's full stop more copy (Cash out anytime. / Seats are
    limited) rather than a remark (Blue background. / 背景用红色。 / Make it pop.)?"""
    sentence = sentence.rstrip("。. ")
    if not sentence or len(sentence) > _SUBTITLE_SENTENCE_CHARS or "\n" in sentence:
        return False
    if rules.has_signal(sentence) or (rules.is_action(sentence) and not aside) or rules.is_placeholder(sentence):
        return False
    if _MODAL_EN.search(sentence) or _DESIGN_NOUN.search(sentence) or _EN_FIELD_REMARK.match(sentence):
        return False
    # a sentence about the poster or its picture (图里放…, 配一张…) is for the designer
    return not re.search(r"海报|图|画面|设计|字体|颜色|配色|poster|banner|design|image|photo", sentence, re.IGNORECASE)


_LABEL_PREFIX_CHARS = 30
_LINE_SENTENCE_CHARS = 120


def _label_heads_line(text: str, value_start: int) -> bool:
    """Is the value on a line that only a label (and its colon) starts: Main: The Final. Live."""
    line_start = text.rfind("\n", 0, value_start) + 1
    prefix = text[line_start:value_start].rstrip()
    # (…we can't promise a time 🙄 title is now: …: an emoji closes the remark before, the label heads what is left)
    prefix = re.split(r"[\U0001F300-\U0001FAFF]\ufe0f?[ \t]+", prefix)[-1]
    # (正文 —— …: a dash or an arrow after the label stands for its colon)
    # (4. Footnote — …: the item's number is no sentence's stop)
    return bool(prefix) and len(prefix) <= _LABEL_PREFIX_CHARS and bool(_LABEL_MARK_END.search(prefix)) \
        and not re.search(r"[。.!?！？]\s", re.sub(r"^[ \t]*\d{1,2}\.[ \t]+", "", prefix))


_LABEL_MARK_END = re.compile(r"(?:[：:﹕=](?:\*\*)?|[|｜\t]|\s[-–—]+|—+|" + _ARROW + r")$")


_PARALLEL_SENTENCE_WORDS = 4


def _parallel_sentence(value: str, sentence: str, rules: CopyRules) -> bool:
    """New map. New heroes. New rules.: a short sentence that opens with the value's own first word
    repeats its construction, so it is more of the copy (even with a word such as heroes in it)
    unless it is an instruction or a remark on the design."""
    first, following = _FIRST_LATIN_WORD.match(value), _FIRST_LATIN_WORD.match(sentence)
    sentence = sentence.rstrip("。. ")
    # (Work the Fest. See the Fest.: or it ends on the value's own last words, as an echo)
    echo = len(value.split()) >= 2 and value.split()[-2:] == sentence.split()[-2:]
    return bool(first and following and (first.group(1) == following.group(1) or echo)
                and len(sentence.split()) <= _PARALLEL_SENTENCE_WORDS
                and not rules.is_instruction(sentence) and not _DESIGN_TALK.search(sentence))


_SLOGAN_FIRST_HALF_WORDS = 6  # (Save a little every week. Watch it add up.)


def _line_of_two_stopped_halves(text: str, stop: re.Match[str], following: re.Match[str] | None, sentence: str,
                                rules: CopyRules) -> bool:
    """Does the line end right after `sentence`, both it and the words before it closed by a full stop, and is the
    sentence no instruction and no talk of the design?"""
    return bool(following and following.group() == "." and stop.group() == "."
                and not text[following.end():_line_end(text, following.end())].strip()
                and not rules.is_instruction(sentence) and not _DESIGN_TALK.search(sentence))


def _stopped_slogan_half(text: str, start: int, stop: re.Match[str], following: re.Match[str] | None, sentence: str,
                         rules: CopyRules) -> bool:
    """Sell global. Get paid local.: a short line of two short sentences, each closed by its stop, is one slogan even
    when its second half reads as an action; a button carries no full stop."""
    return _line_of_two_stopped_halves(text, stop, following, sentence, rules) \
        and len(text[start:stop.start()].split()) <= _SLOGAN_FIRST_HALF_WORDS \
        and len(sentence.split()) <= _PARALLEL_SENTENCE_WORDS and rules.is_action(sentence)


def _title_case_halves(text: str, start: int, stop: re.Match[str], following: re.Match[str] | None, sentence: str,
                       rules: CopyRules) -> bool:
    """One Breath. Endless Blue.: two short Title Case halves, each closed by its stop, that end the line are one slogan,
    even when the second names a colour (Blue background. is the designer's: a design word)."""
    first_half = text[start:stop.start()].split()
    second_half = sentence.rstrip(". ").split()
    return _line_of_two_stopped_halves(text, stop, following, sentence, rules) \
        and 1 < len(first_half) <= _PARALLEL_SENTENCE_WORDS and 1 < len(second_half) <= _PARALLEL_SENTENCE_WORDS \
        and all(_TITLE_WORD.fullmatch(word) for word in first_half + second_half) and not _DESIGN_NOUN.search(sentence)


def _more_copy_on_line(sentence: str, rules: CopyRules, aside: bool = False) -> bool:
    """A sentence after a full stop on a labelled value's own line: more copy (Live. / No
    appointment needed. / When they open an account …) unless it talks about the design (No button
    needed. / Make it pop.), is a button or says the copy comes later."""
    sentence = sentence.rstrip("。. ")
    if not sentence or len(sentence) > _LINE_SENTENCE_CHARS or "\n" in sentence:
        return False
    if _SHORT_PROMISE.fullmatch(sentence) and not _DESIGN_TALK.search(sentence) and not rules.is_placeholder(sentence):
        return True  # Drop it off. We'll do the rest.: the brand's promise to the reader, more of the copy
    if _MODAL_EN.search(sentence) or _DESIGN_TALK.search(_READERS_PHOTOS.sub("", sentence)) \
            or _EN_FIELD_REMARK.match(sentence) or (rules.is_action(sentence) and not aside) or rules.is_placeholder(sentence):
        return False
    negated = _NEGATED_FACT.match(sentence)  # No appointment needed: a fact for the reader
    return not rules.has_signal(sentence[negated.end():] if negated else sentence) or bool(
        negated and not rules.has_signal(sentence[negated.end():], first=True))


# Scan. Snap 6 photos. Get a real offer in minutes.: the photos the reader takes or uploads are no picture on the poster.
_READERS_PHOTOS = re.compile(r"(?i)\b(?:snap|upload|share|post|submit|send\s+us)\s+(?:\d+|your|a\s+few|some)\s+"
                             r"(?:photos?|pictures?|pics|selfies?)\b")


_BRACKET_REMARK = re.compile(r"\s*[（(]")
_BODY_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)")


def _asks_reader(segment: str, rules: CopyRules) -> bool:
    """…请您在使用前仔细阅读 / Please read before you agree: a body's sentence that asks its reader, not
    the designer (请用红色背景 names a design choice)."""
    polite = rules.polite_lead.match(segment)
    rest = segment[polite.end():].strip() if polite else ""
    return bool(rest) and not rules.has_signal(rest) and not _DESIGN_NOUN.search(rest)


_READER_ADDRESS = re.compile(r"[您你]|\b(?i:you|your)\b")


# 一天作业300亩，请提前3天预约: a request for what only the reader does (book, bring, show, call) speaks to the reader too.
_READER_ACTION = re.compile(r"请(?:您|各位|大家)?(?:提前[^\s，,。；;]{0,4}?|务必|尽早|盡早)?(?:预约|預約|预订|預訂|报名|報名|携带|攜帶|凭|憑|出示|"
                            r"致电|致電|来电|來電|到店|留意|自备|自備|准时|準時|排队|排隊|扫码|掃碼)")


def _asks_addressed_reader(value: str, chunk: str, rules: CopyRules) -> bool:
    """您今日时长已达1.5小时，请注意休息 / Your card was declined, please update it: copy that speaks to its
    reader may go on to ask them something; the request is copy too unless it names the design (请加粗)."""
    chunk = chunk.strip()
    polite = rules.polite_lead.match(chunk)
    rest = chunk[polite.end():].strip() if polite else ""
    return bool(_READER_ADDRESS.search(value) or _READER_ACTION.match(chunk)) and _asks_reader(chunk, rules) and not (
        _DESIGN_REMARK.search(rest) or _PLACING.search(rest) or re.search(r"[字图色]|对齐|居中|加粗", rest))


def _before_remark_sentence(text: str, start: int, limit: int, rules: CopyRules) -> int:
    """首发价¥899，3月15日正式开售。整体科技感，深色。: a body runs over several sentences, but one
    that opens with an instruction to the designer ends it (the stop before it is the brief's)."""
    for end in _BODY_SENTENCE_END.finditer(text, start + 1, limit):
        following = re.split(r"[，,。；;！？!?]|\.(?=\s)", text[end.end():limit], maxsplit=1)[0].strip()
        negated = _NEGATED_FACT.match(following)  # No credit card needed. is the reader's
        if following and rules.is_instruction(following) and not _asks_reader(following, rules) and not (
                negated and not rules.is_instruction(following[negated.end():]) and not _DESIGN_TALK.search(following)):
            return end.end()
    return limit


# A voice-typed brief runs on without punctuation: a particle or "that'll do" glued after the copy (定金不退哈这个一定要写上,
# 你就写小时候的味道吧然后…, …直播间见就行了其他啥也不用写) closes the speaker's clause when talk to the designer follows it.
# (到店尝鲜 就可以了: the speaker's pause may come before "that'll do"; 就得行了 / 就要得 / 就成: Sichuan's and the north's)
# (满300包邮 好 然后…: a nod alone between blanks is the speaker's too)
# (…不含防盗门整体更换 就这两句 按钮不要啊: "that's all the lines" closes them too)
_SPOKEN_CLOSE = re.compile(r"(?<=[" + _CJK + r"])(?P<close>[哈啊呀哦啦嘛吧]|[ \t]*(?:就行了?|就好了?|就可以了?|就得行了?|就要得|就成了?"
                           r"|就这[两二三几一]?(?:句话?|行字?|些|个)(?:了|啊|吧)?))"
                           r"|[ \t]+(?P<nod>好|嗯|对|對|行)(?=[ \t]|$|就这)")
_SPOKEN_JOIN = re.compile(r"然后|然後|其他|其它|别的|別的|另外|还有|還有")
_THANKS = re.compile(r"(?:谢谢|謝謝|感谢|感謝|辛苦了?|麻烦了|麻煩了|拜拜)[啦啊哈呀~～！!。.]*[ \t]*$")
_ENOUGH = re.compile(r"就行了?|就可以了|就得行了?|就要得|就成了|就这[两二三几一]?(?:句话?|行字?|些|个)(?:了|啊|吧)?")  # …见就行了 at the clause's end: enough said, no copy of its own
_JUST_WRITE = re.compile(r"就(?:写|寫|叫|用)?[ \t]*$")  # 你就写…吧: the 吧 closes the request, not the copy


def _before_spoken_remark(text: str, start: int, limit: int, rules: CopyRules) -> int:
    """Where a value said without punctuation ends: at a particle glued after it when 然后 / 其他 …, or a remark to the
    designer, follows the particle (or at 就行了 closing the clause), at 然后 glued before the next field's name, or where
    the speaker turns to the designer (你弄好了发我看); the limit when none does."""
    if (turn := rules.to_designer.search(text, start + 2, limit)) and not re.search(r"[，,。；;！!？?\n]", text[start:turn.start()]):
        blank = max(text.rfind(" ", start, turn.start()), text.rfind("\t", start, turn.start()))
        limit = blank if blank > start else turn.start()  # (售完即止 价格48元你放图片旁边: the clause after the blank too)
    for spoken in _SPOKEN_CLOSE.finditer(text, start + 2, limit):
        if spoken.group("nod"):
            # (…收费明码标价 好 副标题不要了: a nod right before the next field's name closes the copy too)
            after = spoken.end() + len(text[spoken.end():limit]) - len(text[spoken.end():limit].lstrip(" \t"))
            # (…周六开放 好 谢谢 / …不退不换 好就这些: thanks or "that's all" after the nod end the voice note)
            if _SPOKEN_JOIN.match(text, after, limit) or after >= limit or rules.label_candidates.match(text, after) \
                    or _ENOUGH.match(text, after, limit) or _THANKS.match(text, after, limit):
                return spoken.start()
            continue
        close = spoken.group("close").strip()
        rest = re.split(r"[，,。；;！!？?\n\s]", text[spoken.end():limit], maxsplit=1)[0]
        # (有你就好 is copy: "that'll do" ends one only before 然后 / 其他 … or at the clause's end)
        # (…就得行了颜色用我们那个红嘛: "that'll do" before a design remark closes the copy as a particle does)
        if not (_SPOKEN_JOIN.match(rest) or (rest and (len(close) == 1 or _ENOUGH.fullmatch(close)) and close != "吧"
                                             and rules.is_instruction(rest))
                or (not rest and _ENOUGH.fullmatch(close))):
            continue
        # (开张啦 / 来了呀 end copy too: only 哈, "that'll do" and the 吧 of 就写…吧 are the speaker's alone)
        spoken_only = close in "哈嘛" or len(close) > 1 or (close == "吧" and _JUST_WRITE.search(text, max(0, start - 4), start))
        # (…188号，好嘛就这样啊: the particle closes a sign-off clause of its own; the value ends at that clause's comma)
        clause = max(text.rfind("，", start, spoken.start()), text.rfind(",", start, spoken.start()))
        if clause > start and spoken.start() - clause <= 3:
            sign_off = re.split(r"[，,。；;！!？?\n]", text[clause + 1:limit], maxsplit=1)[0]
            if rules.is_instruction(sign_off):
                return clause
        return spoken.start() if spoken_only else spoken.end()
    for join in _SPOKEN_JOIN.finditer(text, start + 2, limit):
        if _CJK_CHAR.match(text[join.start() - 1]) and rules.label_candidates.match(text, join.end()):
            return join.start()  # …限前100名然后按钮不用了: the next field's name after 然后 ends the copy
    if other := _OTHER_COPY.search(text, start + 2, limit):
        return other.start()  # 标题就用 三周年 王者归来 其他文案你们策划那边先出: talk of the rest of the copy
    if interrupted := _INTERRUPTED.search(text, start + 2, limit):
        return interrupted.start()  # 按钮写了解鉴定……诶等下，标题改成…: the speaker breaks off
    return limit


_INTERRUPTED = re.compile(r"(?:…+|\.{3,}|。{2,})[ \t]*(?:诶|欸|哎|啊|哦|噢|呃|嗯)?[ \t，,]*(?:等下|等一下|等等|稍等|慢着|慢著)")


_OTHER_COPY = re.compile(r"[ \t]+(?:其他|其它|别的|別的|剩下的|其余|其餘)(?:的)?(?:文案|文字|字|内容|內容)")


_SHORT_PROMISE = re.compile(r"(?i:we['’]ll|we\s+will)\s+(?P<verb>[a-z]+)(?:\s+[a-z]+){0,3}!?")
# What the team will do about the brief (we'll send / confirm / finalise …), never a promise to the reader.
_TEAM_VERBS = _BRIEFING_VERBS | frozenset(
    "send share provide supply confirm finalise finalize update review check decide sort follow figure get pick choose "
    "select discuss revisit approve sign circle loop".split())
_BRAND_PROMISE = re.compile(r"(?i:we['’]ll|we\s+will|we\s+can)\s+[a-z]+[!.]?")
_LINE_ENDS_AFTER = re.compile(r"[ \t]*[。.!！]?[ \t]*(?:\n|$)")


def _before_bracketed_remark(text: str, start: int, limit: int, rules: CopyRules) -> int:
    """立即领取（按钮要大一点，用金色） / Shop now (make it green): a remark to the designer in
    brackets after the value ends it; brackets holding copy (（限时）, (members only)) stay."""
    for bracket in _BRACKET_REMARK.finditer(text, start + 1, limit):
        opener = text[bracket.end() - 1]
        close = text.find("）" if opener == "（" else ")", bracket.end())
        inner = text[bracket.end():close if close >= 0 else _line_end(text, bracket.end())]
        first = re.split(r"[，,。；;]", inner, maxsplit=1)[0].strip()
        if close >= 0 and _BRAND_PROMISE.fullmatch(inner.strip()) and _LINE_ENDS_AFTER.match(text, close + 1):
            continue  # Find your way home (we'll help): the brand's two-word promise closing the line is the copy's aside
        quoted = inner.strip()
        if _quoted_whole(quoted):
            continue  # Sub is fine ('Custom engraved sterling silver'): quoted words in brackets are copy, silver too
        if first and (rules.is_instruction(first) or rules.has_signal(first) or _EN_FIELD_REMARK.match(first)
                      or (_MARKS_WORD.search(first) and _KEEP_WORD.search(first))):  # （书名号要保留）
            return bracket.start()
    return limit


# A body is sentences of rules and dates (活动时间：…。参与方式：…): one of its segments ends it only
# when it is an instruction, or a short design remark (红黄配色, 竖版海报); a long sentence that
# mentions 活动 or 会员 is more body.
_BODY_REMARK_CHARS = 12
_PROSE_LEAD = re.compile(r"(?:with|for\s+(?:a|an|the|our|my)|featuring)\b\s*", re.IGNORECASE)


def _is_offer(chunk: str, rules: CopyRules) -> bool:
    """A comma-delimited chunk that is an offer and nothing after it: 菜品满200减40, 全场5折起, 坚果第二件半价 (a figure,
    in digits or words, says how much)."""
    chunk = chunk.strip()
    span = rules.benefit_span(chunk)
    return bool(span and re.search(r"[\d一二三四五六七八九十两半]", chunk[span[0]:span[1]]) and len(chunk) - span[1] <= 1
                and len(chunk) <= _OFFER_CHUNK_CHARS)


_OFFER_CHUNK_CHARS = 16


# 燃气过户 不用跑腿 / 在线挂号 不用排队: a benefit told as the effort the reader is spared, as No appointment needed is in
# English; 不用加粗 / 不要太花 / 不要红色 / 不用配图 speak of the poster, and stay remarks.
_SPARED = re.compile(r"(?:不用|不要|不需要|不必)(?:再)?(?P<rest>[\u4e00-\u9fff]{2,4})")
# (改衣服，不用出门: leaving home, setting off or a trip spared the reader is no poster work)
_POSTER_WORK = re.compile(r"放|加|摆|擺|配|留|用|贴|貼|写|寫|印|画|畫|做|改|管|弄|搞|换|換|调|調|出(?![门門发發行差])|要|那么|那麼|这么|這麼|特别|特別|设计|設計")


def _spares_effort(segment: str, rules: CopyRules) -> bool:
    """Is the segment 不用 / 不要 and an effort that is no work on the poster (跑腿, 排队)?"""
    spared = _SPARED.fullmatch(segment.strip())
    if spared is None:
        return False
    rest = spared.group("rest")
    return not (_POSTER_WORK.match(rest) or _GLUED_LEAD.match(rest) or _DESIGN_REMARK.search(rest) or _PLACING.search(rest)
                or rules.has_signal(rest) or rules.only_design_words(rest) or rules.label_candidates.search(rest))


# (, the ampersand looks odd in our font / , the old one was too long: the sender judging the words it changed)
_JUDGED_CLAUSE = re.compile(
    r"(?i)(?:the|this|that|it|it[’']s|its)\b[^,.;:!?\n]{0,30}?\b(?:looks?|reads?|feels?|seems?|sounds?|is|was|gets?)\s+"
    r"(?:(?:a\s+bit|a\s+little|kind\s+of|so|really|very|pretty|way)\s+)*(?:odd|weird|off|wrong|awkward|confusing|clunky|"
    r"cramped|wordy|strange|ugly|cut\s+off|too\s+(?:long|short|wordy|busy|small|big|much|generic|plain|formal|stiff))\b")


def _ends_value(segment: str, field: str, rules: CopyRules) -> bool:
    """Does this segment, after a value's first, stop the value (an instruction to the designer)?"""
    segment = segment.strip()
    if not segment:
        return False
    if rules.removal.fullmatch(segment):
        return True  # 请于7日内前往邮箱领取 没按钮: the brief takes a field away, after the copy
    if _JUDGED_CLAUSE.match(segment):
        return True  # …to Voices and Strings, the ampersand looks odd in our font: why the words changed
    if _spares_effort(segment, rules):
        return False  # 燃气过户 不用跑腿: the reader's gain, not a remark
    # Body: Our lightest trainer yet, with 20% more cushioning / Subheadline: Private rooms for teams of 8–30, with
    # catering: "with" continues the sentence unless what it brings is a design choice (, with a red background).
    if field in ("body", "subtitle") and (lead := _PROSE_LEAD.match(segment)):
        return rules.has_signal(segment[lead.end():]) or bool(_DESIGN_NOUN.search(segment))
    if field == "body":
        # …请仔细阅读后点击同意 / Please read before you agree: a body asks its reader too; such a
        # sentence is copy unless what it asks names a design choice (请用红色背景) or is an instruction.
        if rules.polite_lead.match(segment):
            return not _asks_reader(segment, rules)
        return rules.is_instruction(segment) or (len(segment) <= _BODY_REMARK_CHARS and rules.has_signal(segment))
    if (promise := _SHORT_PROMISE.fullmatch(segment)) and promise.group("verb").lower() not in _TEAM_VERBS \
            and not _DESIGN_TALK.search(segment) and not rules.is_placeholder(segment):
        return False  # On orders over $999 — we'll set it up, too: the brand's promise goes on (we'll confirm the dates: no)
    # …straight to your bank, no fees: an offer that leads the segment (a cost waived) goes on the copy
    offer = rules.benefit_span(segment)
    return rules.has_signal(segment) and not (offer and offer[0] == 0)
