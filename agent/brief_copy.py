"""Copy extraction: the words a marketer wants on the poster, kept exactly as written.

Rules (data in prompts/lexicon/brief.yaml):

- A label (标题, 副文案, 按钮, Headline, Sub, CTA, …) starts a field when a colon (：: ﹕ =), a
  dash, a quote, a connector (标题就写…, headline is …) or brackets (【标题】, **Title**) mark it;
  a button label also counts right before an action phrase (按钮去逛逛).
- A quoted value (any of 「」『』“”"" '' ‘’ 《》 【】) ends at its closing quote.
- An unquoted value runs to the next label, and stops early at a line break, at a sentence end
  (。 . ; | for a title, subtitle or button), or at a comma-separated segment that is an
  instruction to the designer (要活泼一点, 红黄配色, 海报, use green). A comma alone never ends it:
  副标题：即日起至本月底，会员下单享双倍积分 keeps all of it.
- A remark between a label and its colon (标题要中英双语：…, a headline please: …) is left out;
  after a slash, a key of its own (/ Terms: …) ends a value; a part that repeats the value's first
  word (No fees, no minimums) continues it even when that word alone would be an instruction.
- Without labels: quoted strings in order are title, subtitle, body (an action phrase in quotes is
  the button); copy lines between slashes or bars (开业海报：盛大开业！/ 全场8.8折 / 导航到店, A｜B｜C)
  likewise; an action phrase standing alone (去逛逛, Shop now) is the button; a benefit phrase (满100减20,
  50% off) is the subtitle, with the copy-like segments next to it. A quote right before what it
  names (新品“…”上市, 上线了「…」功能, our "…" meditation series, 《…》三周年) is a name in the brief's
  sentence, not copy; with a labelled title, an offer told in a sentence before the labels is the
  background the copy was written from, not a subtitle.
- Pasted structures: a label in a line's first column with the copy in the next (标题⇥…, | 主标题 | … |;
  a table's header row and any later column hold no copy); JSON/YAML keys ("button_text": "…").
  Brackets (【】［］（）() **) may wrap a label before its value.
- A label may follow its value: 秋季新品上市（主标题）, Winter Sale (headline), 「…」作为主标题,
  “…”当副标题, 'X' as the headline, 'Y' on the button. The value runs back to the previous separator
  (a value holding a comma is quoted), and is dropped when it names a design choice (用红色做标题).
- Several posters in one brief (海报一：… 海报二：…, 图1 … 图2 …, Banner A … Banner B): copy comes from
  the first poster's part only.
- A picture without words (图上不要放文字, 文字前端叠加, no text on it): only labelled copy counts;
  an offer the instructions mention is never printed. A quote after an emphasis verb (要突出“低价”,
  highlight 'freshness') is an idea to convey, not copy.
- Punctuation that is the brief's, not the copy's: a full stop after a single sentence or before
  more of the line (a value of several sentences keeps its closing stop at a line's end: Then
  $9.99/month. Cancel anytime.), a spaced dash between fields (Title: A — Subtitle: B), an arrow
  after a button (Get a Quote →). A design word glued after the copy with its choice (立即开通颜色用
  黑金) ends it. A second button (Secondary CTA, 次按钮, Secondary after a Primary CTA) is no copy.
- Chats and replies: a correction word right before a label (更正一下，副标题…, sorry, the button should
  say …, correction — sub …) replaces the field's earlier value; a remark between a label and its colon
  is left out when it is bracketed (Disclaimer (in full): …), says where the text goes (legal wants this
  at the bottom: …, small text under it '…') or which words to take (加个emoji，用这个：…, 还是用中文吧，「…」);
  a line led by where it goes at the bottom (No credit card line goes under the button: …) is the body;
  the option a reply picks (go with option B for the headline ⏎ > B) …) is that field.
- Copy lines in the poster's order (文案：A / B / C, or one a line): title, subtitle, then a
  button-short last line is the button; unlabelled, a plain sentence between the brief's
  description and the offer (popup — Protect Your Pet. Plans from $12/month.) is the headline.

Nothing is rewritten: every value is a substring of the brief.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent.aliases import color_words, find_alias
from tools.colors import COLORS, find_colors

if TYPE_CHECKING:
    from agent.brief import BriefLexicon

FIELDS = ("title", "subtitle", "cta", "body")
SECOND_BUTTON = "second_button"  # a label whose words are no copy for the four fields
# Opening quote → the closers accepted for it (people mix “ with ").
QUOTE_PAIRS: dict[str, str] = {
    "「": "」", "『": "』", "“": "”\"", "\"": "\"”", "‘": "’'", "'": "'’", "《": "》", "【": "】",
    "〝": "〞", "＂": "＂", "﹁": "﹂",
}
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_COLON = r"[：:﹕=]"
_DASH = r"(?:[-–—]+(?=\s)|[—–]+)"
# 标题 → 3人成团 / Headline 👉 …: an arrow (or a pointing hand) between a label and its value, like a colon
_ARROW = r"(?:→|->|=>|➡️?|⟶|⇒|➜|➔|➤|👉)"
# Title / Cyber Monday: a spaced slash after a label that heads its line stands for the colon.
_SLASH_COLON = r"(?<=[ \t])[/／](?=[ \t])"
# Separators that end a title, subtitle or button value (a body keeps going past 。 and .).
# A bar between two letters or digits is a name's own (Xbox Series X|S), not a column.
_BAR = r"(?:(?<![A-Za-z0-9])[|｜]|[|｜](?![A-Za-z0-9]))"
_HARD_STOP = re.compile(r"\n|\t|[。；;]|" + _BAR + r"|\.(?=\s|$)|(?<=[^\d\s])\.(?=[" + _CJK + r"])")
_BODY_STOP = re.compile(r"\n|\t|" + _BAR)
# Separators between segments that may still belong to one value (a comma does not end copy).
_SOFT_SPLIT = re.compile(r"\s*[，,、/／]\s*|(?<=[" + _CJK + r"\w])\s+(?=[" + _CJK + r"])|(?<=[" + _CJK + r"])\s+(?=\w)")
_COMMA_SPLIT = re.compile(r"\s*[，,、/／]\s*")
# Separators between unlabelled segments.
_WRITE_VERBS = r"写上|写着|就写|写成"  # 就写… brings copy: a separator before it, and what it brings is one piece
_SEGMENT_SPLIT = re.compile(
    r"\s*(?:[，,、。；;|｜~～…\[\]<>\n\t]|\.(?=\s|$)|\s[-–—]+\s|[—]{1,2}|[：:﹕](?!\d)|" + _WRITE_VERBS + r")\s*"
    r"|(?<=[" + _CJK + r"])\s+|\s+(?=[" + _CJK + r"])")
_CJK_CHAR = re.compile(r"[" + _CJK + r"]")
_WORD_CHAR = re.compile(r"[\w" + _CJK + r"]")  # a letter, digit or hanzi: a word goes on past it
_WRITE_VERB = re.compile(_WRITE_VERBS)
_TRAILING = "，,、；;|｜/／ \t\r\n"
# What follows 标题用… when it is a design remark: 黑体, 大号字, 英文, 渐变, 居中, 放在中间, 大一点.
_DESIGN_REMARK = re.compile(r"^(?:在|到|于)|(?:色|体|风|感|调|字|(?<!\d)号|系|文|图|效果|描边|渐变|居中|加粗|排版|一点|一些"
                            r"|中间|左边|右边|左侧|右侧|上方|下方|角|边)$")


# Words that place a quote ('Shop now' on the app banner) or join it to more words: never part of a name's head.
_PLACING_WORDS = (r"(?:on|in|at|to|for|as|with|under|below|above|over|beside|next|into|onto|inside"
                   r"|and|or|the|a|an|of|from|by)")


@dataclass
class Field:
    name: str
    value: str
    start: int  # span of the value in the brief
    end: int


@dataclass
class _Label:
    start: int  # where the label (or its opening bracket) starts
    value_start: int
    name: str
    strong: bool  # a colon/dash/bracket/quote marked it
    fixed_end: int | None = None  # 按钮去逛逛: the value is the action phrase and nothing more
    text: str = ""  # the label as written, lower case (小字 means subtitle beside 大字)
    block: bool = False  # 文案：⏎ — the lines that follow are copy, one field a line
    correction: bool = False  # 标题改成… / change the button to …: replaces what the brief said before
    value_end: int | None = None  # 「会员专享日」作为主标题 / Winter Sale (headline): the value came first
    span_end: int | None = None  # …and the label after it ends here
    secondary: bool = False  # 活动时间 / 注 / Valid: gives the field only when no other label does


class CopyRules:
    """The compiled rules; built once per lexicon."""

    def __init__(self, lexicon: "BriefLexicon"):
        data = lexicon.data
        self.lexicon = lexicon
        second = data.get("second_button_labels", {})
        self.field_of = {_label_key(name): SECOND_BUTTON for name in second.get("labels", [])}
        self.field_of.update({_label_key(name): field for field, names in lexicon.copy_labels.items() for name in names})
        self.second_after_primary = {_label_key(name) for name in second.get("after_primary", [])}
        self.primary_button = re.compile(r"(?<![A-Za-z])(?:" + _alternation(second.get("primary", [])) + r")(?![A-Za-z])"
                                         if second.get("primary") else r"(?!)", re.IGNORECASE)
        # 上面写… / 大字写…: a position on the poster used as a label (needs 写, a colon or a quote).
        self.position_field_of = {_label_key(name): field for field, names in data.get("position_labels", {}).items()
                                  for name in names}
        # 文案：⏎… / copy: a block of copy lines; as a one-line label, the title (needs a colon or quote).
        self.block_labels = {_label_key(name) for name in data.get("copy_block_labels", [])}
        # 内容/描述: generic words that are a label only at a line or clause start (主图内容 is no label).
        self.standalone_labels = {_label_key(name) for name in data.get("standalone_labels", [])}
        secondary_labels = data.get("secondary_labels", {})
        self.secondary_labels = {_label_key(name) for name in secondary_labels.get("labels", [])}
        self.colon_labels = {_label_key(name) for name in secondary_labels.get("need_colon", [])}
        labels = sorted({name for names in lexicon.copy_labels.values() for name in names}
                        | set(second.get("labels", []))
                        | set(data.get("position_labels", {}).get("title", []))
                        | set(data.get("position_labels", {}).get("subtitle", []))
                        | set(data.get("copy_block_labels", [])), key=len, reverse=True)
        # button_text / call_to_action: the keys of a JSON or YAML snippet spell spaces as underscores.
        alternatives = "|".join(re.escape(label).replace(r"\ ", r"[\s_]+").replace(r"\-", r"[-_\s]?")
                                for label in labels)
        # Brackets (【标题】 ［标题］ 「标题」 **Title** （标题） (Headline)) and quotes ("title": …) may wrap a label.
        self.label_candidates = re.compile(
            rf"(?P<open>【|\[|［|「|『|\*\*|（|\(|\"|')?(?<![A-Za-z0-9_-])(?P<label>{alternatives})"
            rf"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_]))"  # 标题Big Sale: a Chinese label may touch Latin
            rf"(?P<close>】|\]|］|」|』|\*\*|）|\)|\"|'|\s*[：:﹕]\s*\*\*)?",  # **Headline:** puts the colon inside the bold
            re.IGNORECASE)
        # 「会员专享日」作为主标题 / Winter Sale as the headline: a verb between the value and its label.
        self.label_after_verb = re.compile(
            r"(?:(?:这句话|这一句|这句|這句話|這一句|這句)\s*)?(?:" + _alternation(data.get("label_after_verbs", {}).get("zh", []))
            + r")\s*$"
            r"|(?i:(?<![A-Za-z])(?:" + _alternation(data.get("label_after_verbs", {}).get("en", []))
            + r")\s+(?:the\s+|a\s+|our\s+)?)$"
            # "Midnight Cravings?" - headline / 扫码投递 ← 这个当按钮: a dash or an arrow pointing back at the value
            r"|(?<=[\s" + "".join(QUOTE_PAIRS.values()) + r"])[-–—]{1,2}[ \t]*$|(?:←|<-{1,2}|⬅️?)")
        under = data.get("label_after_verbs", {}).get("under_previous", [])
        self.under_previous = re.compile(
            rf"[\"”’」』][ \t]*(?P<where>(?<![A-Za-z])(?:{_alternation(under)}))[ \t]*[.。]?[ \t]*$" if under else r"(?!)",
            re.IGNORECASE | re.MULTILINE)
        position_verbs = data.get("label_after_verbs", {}).get("position_en", [])
        self.position_after_verb = re.compile(rf"(?<![A-Za-z])(?:{_alternation(position_verbs)})\s+(?:the\s+)?$"
                                              if position_verbs else r"(?!)", re.IGNORECASE)
        markers = data.get("poster_markers", {})
        # 海报一：… 海报二：… / Banner A … Banner B: one brief for several posters (the first is made).
        self.poster_marker = re.compile(
            r"(?:(?<![A-Za-z])(?P<word>" + _alternation(markers.get("words", [])) + r")\s*[#＃]?\s*(?P<n>[一二12①②AB])"
            r"(?![0-9A-Za-z张幅款个份套件])|第\s*(?P<nth>[一二12])\s*(?:张|幅|版|个|款))", re.IGNORECASE)
        self.no_text = re.compile("|".join(data["instructions"].get("no_text", [])) or r"(?!)", re.IGNORECASE)
        self.concept_before = re.compile(
            r"(?:" + _alternation(data["instructions"].get("concept_verbs", [])) + r")(?:一下|出来|出|下)?\s*(?:the\s+)?$",
            re.IGNORECASE)
        # (a one-character label, 主 or 副, starts too many words: 主要涉及… is no remark on the title)
        self.zh_label_prefix = re.compile(
            "|".join(map(re.escape, sorted((name for names in lexicon.copy_labels.values() for name in names
                                            if _CJK_CHAR.search(name) and len(name) > 1), key=len, reverse=True))))
        remarks = data.get("label_remarks", {})
        self.copy_amount = re.compile("|".join(remarks.get("amounts", [])) or r"(?!)", re.IGNORECASE)
        self.label_pointer = re.compile(rf"(?:{_alternation(remarks.get('pointers', []))})$" if remarks.get("pointers")
                                        else r"(?!)", re.IGNORECASE)
        self.label_placement = re.compile(rf"(?<![A-Za-z])(?:{_alternation(remarks.get('placements', []))})(?![A-Za-z])"
                                          if remarks.get("placements") else r"(?!)", re.IGNORECASE)
        self.label_options = re.compile(rf"(?:{_alternation(remarks.get('options', []))})"
                                        if remarks.get("options") else r"(?!)", re.IGNORECASE)
        self.layout_labels = {_label_key(name) for name in remarks.get("layout_labels", [])}
        self.footnote_labels = {_label_key(name) for name in remarks.get("footnote_labels", [])}
        self.bottom_placement = re.compile(rf"(?<![A-Za-z])(?:{_alternation(remarks.get('bottom', []))})(?![A-Za-z])"
                                           if remarks.get("bottom") else r"(?!)", re.IGNORECASE)
        # button 还是用中文吧，「立即领取」: a remark choosing the version, then its quote.
        self.label_choice = re.compile(rf"(?:{_alternation(remarks.get('choices', []))}).{{0,8}}[，,]$"
                                       if remarks.get("choices") else r"(?!)", re.IGNORECASE)
        # "A" or "B" — let's go with B / 「A」还是「B」？就用B吧: after the alternatives, the one the brief picks.
        self.alternative_pick = re.compile(
            rf"[ \t]*[,，;；.。!！?？]?[ \t]*(?:[-–—]+[ \t]*)?(?:(?:最后|最终|那就|就)?(?:定|选)|{_alternation(remarks['choices'])})"
            rf"(?![A-Za-z])[ \t]*" if remarks.get("choices") else r"(?!)", re.IGNORECASE)
        self.correction_connectors = {w.lower() for w in data["label_connectors"].get("correction", [])}
        # 描述：⏎… / Description: … heading a line of a ticket: the ticket's own field (see _ticket_field_spans).
        self.ticket_field = re.compile(rf"^[ \t]*(?:{_alternation(data.get('ticket_fields', []))})"
                                       rf"(?=[ \t]*(?:[：﹕]|:(?!\d)))"
                                       if data.get("ticket_fields") else r"(?!)", re.IGNORECASE | re.MULTILINE)
        # 建议改成“…” with no label before it: a correction of copy given earlier (see _unlabelled_corrections).
        self.bare_correction = re.compile(
            rf"(?:{_alternation(data['label_connectors'].get('correction', []))})[ \t]*[：:﹕]?[ \t]*"
            rf"(?=[{''.join(QUOTE_PAIRS)}])"
            if data["label_connectors"].get("correction") else r"(?!)")
        leads = data["label_connectors"].get("correction_leads", [])
        # 更正一下，副标题… / sorry, the button should say …: the lead heads its clause, the label follows it.
        # (Time to update⏎Button: …: a lead word on the line before the label heads that line or sentence, or it ends the copy)
        self.correction_lead = re.compile(
            rf"(?:(?:^|[\n，,。；;!?！？：:]|(?<=[.\s]))[ \t]*(?:{_alternation(leads)})(?![A-Za-z])[ \t]*[，,:：—–-]*[ \t]*"
            rf"(?:(?i:the|a)\s+)?\Z|(?:^|(?<=\n)|(?<=[.!?。！？；;]\s)|(?<=[。！？；;]))[ \t]*(?:{_alternation(leads)})(?![A-Za-z])"
            rf"[ \t]*[，,:：—–-]*[ \t]*\n\Z)"
            if leads else r"(?!)", re.IGNORECASE)
        finals = data["label_connectors"].get("final_version", [])
        # 第二版（定稿）：⏎… / final (approved):⏎…: a short heading line that names the version under it final
        # (Body: Final hours! is a labelled value, no heading).
        self.final_heading = re.compile(
            rf"^[ \t>*#•-]*[^\n:：﹕]{{0,16}}?(?<![A-Za-z])(?:{_alternation(finals)})(?![A-Za-z])[^\n{''.join(QUOTE_PAIRS)}]{{0,24}}?"
            rf"(?:[：:﹕][ \t]*|[ \t]*[-–—]+[ \t]*)?$" if finals else r"(?!)", re.IGNORECASE | re.MULTILINE)
        retractions = data["label_connectors"].get("retractions", [])
        # …，不对不对，改成…: a whole segment that takes back what came before, then maybe its verb.
        # …不对，识别断行了，标题就…: the same words between a value and its label given again take the value back.
        self.retraction_word = re.compile(rf"(?<![A-Za-z])(?:{_alternation(retractions)})(?![A-Za-z])" if retractions
                                          else r"(?!)", re.IGNORECASE)
        self.retraction = re.compile(
            rf"(?:^|[，,。；;—–\s]+|(?<=[.!?！？]))(?:{_alternation(retractions)})(?![A-Za-z{_CJK}])[，,。.!！、\s—–-]*"
            rf"(?:(?:还是)?(?:{_alternation(data['label_connectors'].get('retraction_verbs', []))})(?![A-Za-z])[：:\s]*)?"
            if retractions else r"(?!)", re.IGNORECASE)
        removal = data.get("copy_removal", {})
        names = _alternation([name for names in lexicon.copy_labels.values() for name in names])
        # 不要副标题 / 副标题去掉 / no subtitle: the brief takes back a field (later words win). One
        # pattern over all labels, longest first, so 副标题不要了 never reads as 标题不要了.
        self.removal = re.compile(
            rf"(?:(?<![A-Za-z])(?:{_alternation(removal.get('before', []))})\s*(?:the\s+|a\s+)?(?P<before>{names})"
            rf"|(?<![A-Za-z])(?P<after>{names})\s*(?:{_alternation(removal.get('after', []))}))"
            rf"(?:\s*(?:{_alternation(removal.get('tail', []))}))?(?=$|[，,。.；;！!～~）)]|[了啦哈吧呀哦]|\s*\n|\s+(?![A-Za-z]))",
            re.IGNORECASE)
        # go with option B for the headline / 标题用方案B: the brief picks one of the options it lists.
        # 第一行那句是标题 / the first line is the headline: a field named by the line of the brief that holds it.
        self.line_named = re.compile(
            r"第\s*(?P<zh>[一二三四五\d])\s*行(?:那句|那一句|那行|的字|的文字|的文案|文字|文案)?\s*(?:就是|是|做|当|作为|用作)\s*"
            rf"(?P<label>{names})|(?<![A-Za-z])(?:the\s+)?(?P<en>first|second|third|top)\s+line\s+(?:is|=|will\s+be|should\s+be|as)"
            rf"\s+(?:the\s+)?(?P<en_label>{names})(?![A-Za-z])", re.IGNORECASE)
        # Revision rounds: v1 … v2 … v3 …, then 标题用 v3 / prefers v2's headline: the version picked for each field.
        version = r"(?<![A-Za-z0-9])[vV](?P<version>\d)(?![\d.])"
        self.version_choice = [re.compile(pattern.replace("{labels}", names).replace("{version}", version), re.IGNORECASE)
                               for pattern in data.get("version_choice", {}).get("patterns", [])]
        choice = data.get("option_choice", {})
        self.option_choice = [re.compile(pattern.replace("{labels}", names), re.IGNORECASE)
                              for pattern in choice.get("patterns", [])]
        # 不要用“抢”这个字 / 竞品文案，别用：⏎“…”: a quote the brief keeps off the poster (a few words may come
        # between the verb and a colon that heads the quote's line).
        self.avoided_quote = re.compile(
            rf"(?<![A-Za-z])(?:{_alternation(removal.get('avoided', []))})(?![A-Za-z])(?:[^，,。；;\n]{{0,12}}?[：:])?\s*$",
            re.IGNORECASE) if removal.get("avoided") else re.compile(r"(?!)")
        # 之前那个「…」 / 「…」不用了 / instead of "…": a quote the brief takes back.
        self.earlier_quote = re.compile(rf"(?<![A-Za-z])(?:{_alternation(removal.get('earlier', []))})\s*$", re.IGNORECASE) \
            if removal.get("earlier") else re.compile(r"(?!)")
        self.dropped_after_quote = re.compile(rf"\s*(?:就|也|都)?(?:{_alternation(removal.get('after', []))})"
                                              rf"(?=$|[，,。.；;！!～~\s了啦吧哈])") \
            if removal.get("after") else re.compile(r"(?!)")
        self.not_printed = re.compile(rf"(?:{_alternation(removal.get('not_printed', []))})[了哈吧啦哦]?[ \t]*(?:$|[。.！!，,；;])",
                                      re.IGNORECASE | re.MULTILINE) if removal.get("not_printed") else re.compile(r"(?!)")
        self.taken_back_later = re.compile("|".join(removal.get("taken_back_later", [])) or r"(?!)", re.IGNORECASE)
        connectors = data["label_connectors"]
        self.strong_connectors = _alternation(connectors["strong"])
        self.weak_connectors = _alternation(connectors["weak"])
        # Weak connectors that still introduce unquoted copy when what follows is not a design word.
        self.weak_copy_connectors = set(connectors.get("weak_copy", []))
        # 副标题改一下，改成：… / 主标题改一下 → …: the change announced first, then its correction connector or arrow.
        change_lead = (rf"(?:(?P<change>{_alternation(connectors.get('change_leads', []))})[\s，,、]*"
                       rf"(?=(?:{_alternation(connectors.get('correction', []))})|{_ARROW}))?") \
            if connectors.get("change_leads") else ""
        quote_only = (rf"(?:{_alternation(connectors['before_quote'])})(?=\s*[{''.join(QUOTE_PAIRS)}])"
                      if connectors.get("before_quote") else r"(?!)")
        self.connector = re.compile(
            # an English connector is a whole word (say, not the say of saying)
            rf"(?:\d{{1,2}}(?=\s*{_COLON}))?"  # 标题1：… 卖点2：…: a numbered label
            rf"\s*{change_lead}(?:(?P<strong>(?:{self.strong_connectors})(?:(?<=[A-Za-z])(?![A-Za-z])|(?<![A-Za-z])))"
            rf"|(?P<weak>{self.weak_connectors}|{quote_only}))?\s*"
            rf"(?P<colon>{_ARROW}|{_COLON}|{_DASH}|{_SLASH_COLON})?\s*", re.IGNORECASE)
        actions = data["action_phrases"]
        zh_prefix = "|".join(map(re.escape, actions["zh_prefixes"]))
        go_verbs = "|".join(map(re.escape, sorted(actions["zh_go_verbs"], key=len, reverse=True)))
        known_zh = "|".join(map(re.escape, sorted(actions["zh"], key=len, reverse=True)))
        free_action = (rf"|(?<![\d.])(?:{_alternation(actions['zh_free'])})(?:{_alternation(actions['zh_free_verbs'])})"
                       if actions.get("zh_free") else "")
        self.action_zh = re.compile(
            rf"(?:(?:{zh_prefix})[{_CJK}]{{1,4}}|去(?:{go_verbs})|{known_zh}{free_action}"
            + "".join(f"|{pattern}" for pattern in actions.get("zh_patterns", [])) + r")(?:[!！~～]|→|>>?|»)?")
        self.action_verbs = {verb for verb in actions["en_verbs"] if " " not in verb}
        self.action_verb_phrase = re.compile(
            rf"(?:{_alternation([verb for verb in actions['en_verbs'] if ' ' in verb])})\b" if any(
                " " in verb for verb in actions["en_verbs"]) else r"(?!)", re.IGNORECASE)
        self.known_action = re.compile(rf"(?:{known_zh})[!！]?")
        self.benefit = [re.compile(pattern) for pattern in data["benefit_patterns"]]
        self.offer_word = re.compile("|".join(map(re.escape, data.get("offer_words", []))) or r"(?!)")
        instructions = data["instructions"]
        self.instruction_zh = re.compile("^(?:" + "|".join(map(re.escape, sorted(instructions["zh"], key=len,
                                                                                   reverse=True))) + ")")
        self.instruction_en = re.compile(
            r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(instructions["en"], key=len,
                                                                                    reverse=True)) + r")\b",
            re.IGNORECASE)
        self.glued_remark = re.compile(_alternation(instructions.get("glued_remark_heads", [])) or r"(?!)")
        self.polite_lead = re.compile(
            r"^(?:" + _alternation(instructions.get("polite_to_reader", [])) + r")(?![A-Za-z])\s*" if
            instructions.get("polite_to_reader") else r"(?!)", re.IGNORECASE)
        self.instruction_zh_whole = [re.compile(p) for p in instructions.get("zh_patterns", [])]
        self.tags = {t.lower() for t in instructions["tags"]}
        self.button_remark = re.compile(instructions.get("button_remark") or r"(?!)")
        # What may follow a quoted value and leave it a quote: 标题“端午安康”就行 / 四个字.
        self.after_quote = re.compile(
            r"^(?:" + _alternation(instructions.get("after_quote", [])) + r"|[一二三四五六七八九十两\d]+个(?:大)?字)")
        # 新品“…”上市 / our "…" meditation series: the word after a quote says it names a thing.
        heads = instructions.get("name_heads", {})
        self.name_head = re.compile(
            r"[ \t]*(?:" + _alternation(heads.get("zh", [])) + r")"
            # ('Download now' on the app banner: a preposition places the quote, it names nothing)
            r"|(?i:[ \t]+(?:(?!" + _PLACING_WORDS + r"\b)[A-Za-z][\w'’-]*[ \t]+){0,2}(?:"
            + _alternation(heads.get("en", [])) + r")\b)"
            if heads else r"(?!)")
        self.placeholder = re.compile(
            r"^(?:" + _alternation(instructions.get("placeholders", [])) + r"|[-–—_.…?？]+)[\s!！~～。.]*(?:$|[，,、;；/／–—-]\s*.{0,40}$)",
            re.IGNORECASE)
        # 文案 — we'll send the text later / 文案：晚点发你: a sentence saying the copy comes later.
        self.placeholder_sentences = [re.compile(p) for p in instructions.get("placeholder_patterns", [])]
        self.count_or_size = re.compile(
            # 3张 / 5款 (posters); 每单限用1张 and 3张5元打车券 count coupons, not posters; 限量3000套 counts stock
            r"(?<![\d.,用领送赠得发抽限每量])\d{1,3}\s*(?:张|款|幅|版|套)(?![^，,。；;\s]{0,6}(?:券|卡|票|红包))|(?<![\w.])[x×]\s*\d+\b|\b\d+\s+(?:posters?|popups?|banners?|images?|variants?|versions?)\b"
            r"|\d{2,5}\s*[x×*]\s*\d{2,5}", re.IGNORECASE)

    # ------------------------------------------------------------------ classification
    def is_action(self, text: str) -> bool:
        """A whole segment that is a button: 去逛逛, 立即领取, Shop now, Request a demo."""
        text = text.strip()
        if not text or len(text) > 40:
            return False
        if self.action_zh.fullmatch(text):
            return True
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.:]\d+)*|\S", text)  # Shop 11.11: a number is one word
        if not words or len(words) > 5 or (words[0].lower() not in self.action_verbs
                                           and not self.action_verb_phrase.match(text)):
            return False
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9'’ .&-]*[!→>»]?", text):
            return False
        return not self.has_signal(text, first=True)

    def quote_names_thing(self, text: str, close: int) -> bool:
        """新品“杨枝甘露波波”上市 / 上线了「宠物友好地图」功能 / our "Calm Mind" meditation series /
        《星海远征》三周年: the quote closing at `close` is the name of a product, feature, campaign or
        work inside the brief's own sentence, not copy for the poster."""
        after = close + 1
        if self.after_quote.match(text[after:after + 8]):
            return False  # 《…》这几个字 / “…”就行: the quote is the copy, talked about
        if text[close] == "》" and after < len(text) and (text[after].isalnum() or _CJK_CHAR.match(text[after])):
            return True
        return bool(self.name_head.match(text, after))

    def is_known_action(self, text: str) -> bool:
        return bool(self.known_action.fullmatch(text.strip()))

    def only_design_words(self, text: str) -> bool:
        """'minimal', “蓝色”, 'red and gold': a quote that names design choices, not copy."""
        left = text.lower()
        for table in (self.lexicon.styles, self.lexicon.formats):
            for _, _, alias in find_alias(left, table):
                left = left.replace(alias.lower(), " ")
        for word in sorted(color_words(left), key=len, reverse=True):
            left = left.replace(word.lower(), " ")
        return not re.sub(r"[\s风格色系调感&+,，、和与及]|\b(?:and|style|look|colou?rs?|tones?)\b", "", left)

    def benefit_span(self, text: str) -> tuple[int, int] | None:
        spans = [m.span() for pattern in self.benefit for m in pattern.finditer(text) if m.group().strip()]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def is_instruction(self, text: str) -> bool:
        text = text.strip().lstrip("，,、/ ")
        if self._is_instruction(text):
            return True
        # 按钮不要太大 / 标题字大一点: a remark about a field, not its copy.
        about_field = self.zh_label_prefix.match(text)
        rest = text[about_field.end():] if about_field else ""
        # 标题你们帮我想一个 / 标题和副标题都要: a pronoun or a conjunction after the label talks about the field
        return bool(rest and (self._is_instruction(rest) or _GLUED_LEAD.match(rest)))

    def _is_instruction(self, text: str) -> bool:
        return bool(self.instruction_zh.match(text) or self.instruction_en.match(text)
                    or any(p.match(text) for p in self.instruction_zh_whole)
                    or self.no_text.search(text))  # 其余不要放文字: a remark, never copy

    def copy_after_weak_connector(self, segment: str, max_chars: int = 30) -> bool:
        """标题用「…」 is copy, 标题用红色 an instruction; unquoted, a value after 用 is copy only
        when it names no design choice (colour, style, format, font, size, position)."""
        segment = segment.strip()
        if not 2 <= len(segment) <= max_chars or self.has_signal(segment) or self.only_design_words(segment):
            return False
        return not _DESIGN_REMARK.search(segment)

    def is_placeholder(self, value: str) -> bool:
        """标题：待定 / Title: TBD / 文案：暂时没有，先空着 — a value that says there is no copy yet."""
        value = value.strip()
        return bool(self.placeholder.match(value) or any(p.match(value) for p in self.placeholder_sentences))

    def label_field(self, label: str) -> str:
        key = _label_key(label)
        return self.field_of.get(key) or self.position_field_of.get(key) or "title"

    def is_tag(self, text: str) -> bool:
        return text.strip().lower() in self.tags

    def has_signal(self, text: str, *, first: bool = False) -> bool:
        """Does this segment talk about the design (format, colour, size, count, theme name)
        rather than say copy? `first`: the segment is a value's first, where colours are copy
        (标题：红色星期五) and only instructions count."""
        if self.is_instruction(text) or self.count_or_size.search(text):
            return True
        if first:
            return False
        if find_colors(_COLOUR_THING.sub(" ", text)):
            return True
        if find_alias(text, self.lexicon.formats):
            return True
        # 中秋主题 / 双十一活动 describes the campaign; a theme word alone may be copy (Hello, Autumn).
        if re.search(r"主题|活动|theme|campaign", text, re.I) and find_alias(text, self.lexicon.themes):
            return True
        styles = find_alias(text, self.lexicon.styles)
        return bool(styles and (len(text) <= 4 or re.search(r"风|感|style|look|vibe|feel", text, re.I)))


_EN_COLOURS = sorted({word for color in COLORS for word in (color.en, *color.aliases_en)}, key=len, reverse=True)
# dark mode, Black Friday, green tea: an English colour word before a noun that is no design word
# (background, text, tones, accents …) or another colour names a thing, not a colour choice.
_COLOUR_THING = re.compile(
    r"\b(?:" + "|".join(_EN_COLOURS) + r")\s+(?!(?:" + "|".join(_EN_COLOURS) + r"|and|or|with|on|to|plus|n|"
    r"backgrounds?|bg|backdrop|text|type|font|letters?|lettering|colou?rs?|palette|tones?|tint|hues?|shades?|"
    r"themes?|scheme|accents?|highlights?|details?|elements?|look|vibe|style|feel|gradient|borders?|frame|"
    r"layout|glow|foil|finish|base|overlay|buttons?|cta|title|headline|logo|icons?|design|everything|only|"
    r"please|pls)\b)[a-z]+", re.IGNORECASE)


def _label_key(label: str) -> str:
    return re.sub(r"[\s_-]+", " ", label.lower())  # sub_title, sub-title and sub title are one label


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _closing_quote(text: str, start: int, limit: int) -> int | None:
    """Index of the quote closing the one at `start`, or None. An apostrophe (Let's) is not a
    closer: a closing ' or ’ must not be followed by a letter."""
    opener = text[start]
    closers = QUOTE_PAIRS[opener]
    depth = 0
    for i in range(start + 1, limit):
        ch = text[i]
        if ch == opener and opener not in closers:
            depth += 1
        elif ch in closers:
            if ch in "'’" and i + 1 < len(text) and text[i + 1].isalnum() and text[i + 1].isascii():
                continue
            if depth:
                depth -= 1
                continue
            return i
    return None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


_TRAILING_JOIN = re.compile(r"(?:\s+(?:and|&|plus|while|then|but)(?:\s+(?:the|a|an|its|our|your|on))?"
                            r"|(?<=[,，])\s*(?:the|its|our|your)"  # Big Sale, the button write …
                            r"|然后|以及|还有|另外|并且|同时|(?<=[，,])\s*(?:再|接着))[\s，,]*$", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1", re.DOTALL)


_TRAILING_DASH = re.compile(r"\s+[-–—]+$")
# Get a Quote → / 去逛逛 >>: an arrow after a button is its decoration, not its words.
_BUTTON_ARROW = re.compile(r"\s*(?:→|->|=>|➡️?|⟶|»|›|>>?)$")
# [Get Tickets] / 【立即购买】 / [ Shop Now ]: brackets around a whole button draw the button, as a wireframe does.
_BUTTON_BOX = re.compile(r"\[\s*(?P<a>[^\[\]]+?)\s*\]|【\s*(?P<b>[^【】]+?)\s*】|［\s*(?P<c>[^［］]+?)\s*］")


# …写前100名 / → 3人成团: a pause or an arrow before the copy belongs to the brief.
_LEADING_MARKS = re.compile(r"^(?:(?:…+|\.{3,})\s*(?:就写|写)?|" + _ARROW + r")\s*")  # 写……写前100名: a stammer


def _clean(value: str) -> str:
    value = _LEADING_MARKS.sub("", value.strip()).rstrip(_TRAILING)
    # **预售开启**: markdown bold is formatting of the message, not copy.
    if emphasis := _EMPHASIS.fullmatch(value):
        value = emphasis.group(2).strip()
    # A sentence's full stop is punctuation of the brief, not of the copy (an ellipsis stays).
    if value.endswith(("。", ".")) and not value.endswith(".."):
        value = value[:-1].rstrip()
    value = value.rstrip("（(【[ ").lstrip("）)】] ")
    value = _TRAILING_DASH.sub("", value)  # Title: Summer Sale — Subtitle: …: the dash separates fields
    # An unmatched closing bracket belongs to the brief: （按钮：去签到）
    while value and value[-1] in ")）]】" and value.count(value[-1]) > value.count({")": "(", "）": "（", "]": "[",
                                                                                      "】": "【"}[value[-1]]):
        value = value[:-1].rstrip()
    return value.strip()


# another sentence follows (a price may open it: From your couch. $29 per visit.)
_INNER_SENTENCE_END = re.compile(r"(?:[。！？!?]|(?<=[^\s.])\.(?=\s))[\s\"'”’」』)）]*(?:\w|[$€£¥￥][\d.,]*\d)")
_LINE_ENDS_HERE = re.compile(r"[ \t]*(?:\r?\n|$|[|｜][ \t]*(?:\r?\n|$))")  # (a table's cell ends at its bar)
# What joins the clauses of one sentence: a comma, or a dash (…in — they'll get a notification instantly.).
_CLAUSE_JOIN = re.compile(r"[，、]|, |\s[—–]\s|—")


def _closing_stop(text: str, start: int, end: int, own_line: bool = False, prose: bool = False) -> str:
    """The full stop `_clean` takes off (or the value stopped at), when it is the copy's own: the
    value holds more than one sentence (Then $9.99/month. Cancel anytime.) and the stop ends its
    line, or (`own_line`: a value alone on its labelled line) a sentence of clauses ends in its
    stop (…，给您带来不便敬请谅解。 / Our lightest trainer yet, with more cushioning.), or any
    sentence does when the field is `prose` (fine print: *Rates may change.). A stop with more
    of the brief after it on the line (…anytime. Button: …), or after a short single clause of a
    headline, is the brief's separator between fields."""
    value = text[start:end].rstrip()
    after = start + len(value)
    if not value.endswith(("。", ".")) and text[after:after + 1] in ("。", "."):
        value, after = value + text[after], after + 1
    if not value.endswith(("。", ".")) or value.endswith("..") or not _LINE_ENDS_HERE.match(text, after):
        return ""
    if own_line and (prose or _CLAUSE_JOIN.search(value)):
        return value[-1]
    return value[-1] if _INNER_SENTENCE_END.search(value[:-1].rstrip()) else ""


_CHANGE_BEFORE = re.compile(
    r"(?:\s*[-–—]+\s*)?(?:\b(?:actually|sorry|wait|oops|oh|hmm|on\s+second\s+thought)[,\s]+)?"
    r"(?:\b(?:let'?s|please|pls|can\s+you|could\s+you)\s+)?"
    r"\b(?P<verb>change|changed|update|updated|switch|swap|make|replace|scratch|ditch)\s+(?:the\s+)?$", re.IGNORECASE)


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


# …to X / replace the headline with X / swap the CTA for X / scratch the headline, use X instead
# (scratch the CTA, Marketing wants "…" instead: who asks for the new copy may come between)
_CHANGE_TO = re.compile(r"(?:\s+(?:to|into|with|for)|\s*[,，]\s*(?:and\s+)?(?:use|go\s+with|make\s+it)"
                        r"|\s*[,，]\s*(?:[\w&'’-]+\s+){1,2}(?:wants?|prefers?|would\s+(?:like|prefer)|asked\s+for|needs?))"
                        r"\s*[:：]?\s*", re.IGNORECASE)
_EITHER = re.compile(r"(?:either|要么|可以是|可以用)\s*", re.IGNORECASE)
# Before a label that a space alone introduces: the start of a line (after a bullet or number)
# or a separator, never a word (不要副标题 is no label).
_SPACE_LABEL_BEFORE = re.compile(r"(?:^|[\n，,。；;|｜\s\u3000：:﹕])(?:[-•*·・▪►>]|\d{1,2}[.)、]|[①-⑩])?\s*$")


# A secondary label (活动时间, 注, Valid) heads a line or follows a bar or semicolon, as a field of its own.
_SECONDARY_BEFORE = re.compile(r"(?:^|[\n|｜;；])[ \t]*(?:[-•*·・▪►>]|\d{1,2}[.)、]|[①-⑩])?[ \t]*$")
_ADD_FIELD = re.compile(r"(?:再|还要|还|另外)?(?:加|放|带|配|来)(?:一)?个\s*$|(?:再|还要|还|另外)?加上\s*$")
_SPACE_LABEL_VALUE_CHARS = 60  # a line's worth of copy after 副标题 + space
# What a word glued to a label says when it is no copy: 标题和副标题都要, 标题字大一点, 按钮不要太大.
_GLUED_LEAD = re.compile(r"^(?:和|与|及|跟|的|也|都|还|要|不|别|没|字|栏|处|区|部分|位置|里|太|很|比较|可以|需要|用|放|改|这|那"
                         r"|就|只|被|把|在|请|等|啥|什么|怎么|吗|呢|吧|党|你|我|您|咱|他|她|大家|自己|随便|看着|先|后|待)")
# A remark on the field glued to the end of its copy: 标题年货节要大一点红色 → 年货节.
_TRAILING_REMARK = re.compile(r"\s*(?<![要再字号体])(?:要|再|字体?|字号)?(?:大|小|粗|细|醒目|显眼|突出|明显|亮)"
                              r"(?:一点儿?|点儿?|一些|些)")


_NUMBERED = re.compile(r"^\d{1,2}\s*(?:[：:﹕、)）]|\.(?!\d)|$)")  # 标题1：… 标题2：… numbers the labels, it is no copy
# 弹窗文案确认表 / 文案迭代记录 / 按钮修改清单: a label glued to the paper it heads (a table, a log, a draft) names that paper.
_GLUED_DOCUMENT = re.compile(r"^(?:(?:迭代|修改|更新|变更|變更|确认|確認|审核|審核|对照|對照|需求|对接|對接)(?:记录|記錄|表|表格|单|單|清单|清單)"
                             r"|表格|清单|清單|汇总|彙總|初稿|终稿|終稿|定稿|草稿)(?:[（(][^()（）\n]*[)）])?[ \t]*$")


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


def _bare_value_is_copy(text: str, value_start: int, rules: CopyRules, glued: bool) -> bool:
    """After a label with no colon (标题 618 狂欢节 / 标题双十二狂欢夜): is what follows copy, up to
    the next label? Not when it names a design choice or says something about the field."""
    segment = re.split(r"[，,。；;\n\u3000]", text[value_start:], maxsplit=1)[0]
    for label in rules.label_candidates.finditer(segment):
        if label.start() and segment[label.start() - 1].isspace():
            segment = segment[:label.start()]  # 标题 A 副标题 B: the value ends at the next label
            break
    words = _cut_trailing_remark(segment.strip(), rules).split()
    # 副标题前100名办卡送私教课 要活力一点橙色: a remark after a space is the designer's, not the value's
    kept = next((k for k, word in enumerate(words) if k and rules.has_signal(word)), len(words))
    segment = " ".join(words[:kept])
    if not segment or (glued and (_GLUED_LEAD.match(segment) or _NUMBERED.match(segment)
                                  or _GLUED_DOCUMENT.match(text[value_start:_line_end(text, value_start)]))):
        return False
    if _HEADS_LINES.match(text, value_start):
        return False  # 文案来了：⏎… / 文案如下：: words that end their line with a colon introduce the copy below
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
    return bool(_SPACE_LABEL_BEFORE.search(text, max(0, label_start - 6), added.start() if added else label_start))


# 「主标题」春日上新: corner quotes around a label alone wrap it like brackets; 「标题党」 is a quote.
_SOFT_OPENERS = ("（", "(", '"', "'", "「", "『")
_SOFT_CLOSERS = ("）", ")", '"', "'", "」", "』")
_SOFT_PAIRS = ("（）", "()", '""', "''", "「」", "『』")
# What may follow a label that comes after its value: a separator, the end, or "and".
_AFTER_VALUE_END = re.compile(r"[ \t]*(?:位置|的位置|吧|就行|即可)?[ \t]*(?:$|[\n，,。；;、|｜!！?？）)]|\.(?:\s|$)|\s+(?:and|&)\s)")
# Where a value before its label starts: after the last separator (a comma too: a value with a
# comma is quoted when its label follows it).
_VALUE_BEFORE_START = re.compile(r"[\n，。；;、|｜!！?？：]|[,:](?!\d)|\.\s|\s[-–—]+\s")  # 10,000+ / 7:30 are copy
_LEFT_ARROW = re.compile(r"\s*(?:←|<-{1,2}|⬅️?)")
_LEADING_VERB = re.compile(r"^(?:就用|就拿|用|把|拿|以|将|请用|(?i:use|put|make))\s*(?=[" + "".join(QUOTE_PAIRS) + r"])")
_COLUMN_SEPARATOR = re.compile(r"[ \t]*(?:[|｜]|\t)[ \t]*")
_CELL_END = re.compile(r"[ \t]*(?:[|｜\t]|$)", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*[|｜]?[ \t]*:?-{3,}:?[ \t]*(?:[|｜][ \t]*:?-{3,}:?[ \t]*)*[|｜]?[ \t]*$")


def _first_column(text: str, label_start: int) -> bool:
    """Is the label the first cell of its line (nothing before it but a table's opening bar)?"""
    line_start = text.rfind("\n", 0, label_start) + 1
    return bool(re.fullmatch(r"[ \t]*(?:[|｜][ \t]*)?", text[line_start:label_start]))


def _table_row(text: str, position: int) -> bool:
    """Is the line holding `position` a table row (| a | b |, or cells pasted from a sheet: a⇥b⇥c, with no
    label's colon: 标题：…⇥副标题：… is labelled copy with tabs between)?"""
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:_line_end(text, position)].strip()
    return len(line) > 2 and line[0] in "|｜" and line[-1] in "|｜" \
        or line.count("\t") >= 2 and not re.search(r"[：﹕]|:(?!\d)", line)


def _table_header_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the lines right above a markdown table rule (| --- | --- |): header rows."""
    rows = []
    lines = text.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for k in range(1, len(lines)):
        if _TABLE_RULE.match(lines[k]) and "-" in lines[k]:
            rows.append((starts[k - 1], starts[k - 1] + len(lines[k - 1])))
    return rows


def _value_before(text: str, end: int, labels: list[_Label], rules: CopyRules) -> tuple[int, int] | None:
    """The copy right before a label that follows it (秋季新品上市（主标题）, 「会员专享日」作为主标题):
    back to the previous separator or label; a quote's content when it is quoted. None when that
    text is no copy (empty, an instruction, a design remark)."""
    floor = max([0] + [label.span_end or label.value_start for label in labels if label.start < end])
    window = text[floor:end]
    # 夏日冰爽季！（主标题）: the value's own closing ！ or ? is no separator
    core = len(re.sub(r"[!！?？\s]+$", "", window))
    separators = [m.end() for m in _VALUE_BEFORE_START.finditer(window, 0, core)]
    start = floor + (separators[-1] if separators else 0)
    raw = text[start:end]
    if arrow := _LEFT_ARROW.search(raw):  # 扫码投递 ← 这个放二维码旁边当按钮: the remark points back at the value
        raw = raw[:arrow.start()]
    start += len(raw) - len(raw.lstrip())
    raw = raw.strip()
    if lead := _LEADING_VERB.match(raw):
        start, raw = start + lead.end(), raw[lead.end():]
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


_STAND_IN_BEFORE = re.compile(r"(?:\b(?i:placeholder|dummy|filler|lorem ipsum)\s+|占位)$")
# "标题文案占位" / "Headline here" / 【主标题XXXXXXX】 / lorem ipsum: words that hold a field's place in a layout until
# the copy comes, never copy themselves…
_STAND_IN_TEXT = re.compile(r"(?:占位|佔位)(?:文案|文字|符)?$|^[^，,。；;\n]{0,6}?(?:X{4,}|x{4,})$|(?i:^lorem ipsum\b)"
                            r"|(?i:^(?:your\s+|the\s+)?(?:headline|title|sub\s*(?:title|head(?:line)?)?|body(?:\s+copy)?|copy|"
                            r"text|cta|button(?:\s+text)?)\s+(?:goes\s+)?here$)")  # ("Title" alone may be the copy)
# …nor are quotes the brief then calls stand-ins ("Headline here" / "CTA" 占位就好, use "Title" as a placeholder).
_STAND_IN_AFTER = re.compile(r"(?:[ \t]*(?:[/／、,，&和及]|(?i:and))[ \t]*[\"“'‘「『][^\"”'’」』\n]{1,30}[\"”'’」』])*[ \t]*"
                             r"(?:先|来|做|当|作为?|用作|(?i:as\s+(?:a\s+|the\s+)?))?[ \t]*"
                             r"(?:占位|佔位|(?i:placeholders?|stand-?ins?|dummy\s+(?:text|copy)))")


_SPACE_THEN_CJK = re.compile(r"[ \t]+(?=[" + _CJK + r"])")
_LATIN_LABEL_HEADS = re.compile(r"(?:^|[\n:：,，;；.。])[ \t]*(?:(?i:the|and|a)[ \t]+)?$")
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


def _label_led_segment(text: str, start: int, rules: CopyRules) -> tuple[int, int] | None:
    """Where the value of a list segment led by an English copy label and a blank (sub 20% off all pastel
    collections) starts and ends: the segment's end, the next comma or semicolon."""
    match = rules.label_candidates.match(text, _SEGMENT_LEAD.match(text, start).end())
    if not match or match.group("open") or match.group("close") or not match.group("label").isascii():
        return None
    key = _label_key(match.group("label"))
    gap = _SPACE_THEN_COPY.match(text, match.end())
    if key not in rules.field_of or key in rules.colon_labels or not gap:
        return None
    stop = _LIST_SEGMENT_END.search(text, gap.end())
    end = stop.start() if stop else len(text)
    value = text[gap.end():end].strip()
    if not value or rules.has_signal(value, first=True) or rules.is_placeholder(value):
        return None
    return gap.end(), end


def _labelled_list_value(text: str, label_start: int, rules: CopyRules) -> tuple[int, int] | None:
    """title Welcome to FitDay!, subtitle Your first week is on us, CTA Start training: a label heading one of two or
    more list segments side by side that each start with a label, a blank and copy; its value is its segment."""
    own = _label_led_segment(text, label_start, rules)
    if not own:
        return None
    # the segment after this one's comma, or the one before it, up to that comma, is led by a label too
    following = text[own[1]:own[1] + 1] in ",，;；" and _label_led_segment(text, own[1] + 1, rules)
    before = _SEGMENT_SEPARATOR_BEFORE.search(text, max(0, label_start - 8), label_start)
    head = max(text.rfind(mark, 0, before.start()) for mark in ",，;；:：\n") if before else -1
    previous = _label_led_segment(text, head + 1, rules) if before else None
    return own if following or (previous and previous[1] == before.start()) else None


def _plain_cjk_value(clause: str, rules: CopyRules) -> bool:
    """After an English label and a blank, Chinese words that are copy: no remark, design word, verb that places or
    sets a thing (button 放右下角, headline 用黑体), pointer or quote (sub copy 用这个 → "…" points at the copy after it)."""
    clause = clause.strip()
    return not (rules.has_signal(clause, first=True) or rules.is_instruction(clause) or rules.only_design_words(clause)
                or _GLUED_LEAD.match(clause) or _PLACING.search(clause) or _DESIGN_REMARK.search(clause)
                or _TRAILING_REMARK.search(clause) or re.search("[" + "".join(QUOTE_PAIRS) + "]|" + _ARROW, clause))


def find_labels(text: str, rules: CopyRules) -> list[_Label]:
    labels: list[_Label] = []
    header_rows = _table_header_rows(text)
    introduced_to = 0  # where the last label's value starts: 标题内容：… is one label, 内容 its connector
    for match in rules.label_candidates.finditer(text):
        if match.start("label") < introduced_to:
            continue
        fixed_end = None
        opened, closed = match.group("open"), match.group("close")
        label_start, label_end = match.start(), match.end()
        if any(start <= label_start < end for start, end in header_rows):
            continue  # | 字段 | 文案 |: a table's header row names columns, it holds no copy
        bold_colon = bool(closed and closed.strip().endswith("**") and closed.strip() != "**")
        if bold_colon and opened == "**":
            closed = "**"
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
        bracketed = pair in ("【】", "[]", "［］", "****", "（）", "()", "「」", "『』")
        if opened and not closed:
            continue  # 【标题 … without its bracket: not a label
        if _table_row(text, label_start) and not _first_column(text, label_start):
            continue  # | 位置 | 文案 | 备注 |: in a table only the first cell names a field
        key = _label_key(match.group("label"))
        if _STAND_IN_BEFORE.search(text, max(0, label_start - 16), label_start):
            continue  # placeholder text — lights, diyas / 占位文案：…: words that stand in for copy to come
        if key in rules.standalone_labels and not _after_separator(text, label_start, rules):
            continue  # 主图内容：一只猫 / 背景描述：… describe the picture; 内容：… alone is the body
        if key in rules.standalone_labels and key.isascii() and \
                not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start):
            continue  # BIG: / bottom: head their line (make the logo big: …, at the bottom: … are sentences)
        field = rules.label_field(key)
        if key in rules.second_after_primary and (rules.primary_button.search(text, 0, label_start)
                                                  or (labels and labels[-1].name == "cta")):
            field = SECOND_BUTTON  # Primary CTA — Update Now ⏎ Secondary — Later, or CTA: … ⏎ Secondary: …
        # Winter Sale (headline), / 秋季新品上市（主标题）， / 「会员专享日」作为主标题: the label follows its value.
        if (pair in ("（）", "()") or not opened) and _AFTER_VALUE_END.match(text, label_end):
            # ('Up to 40% off' is the big line: a position on the poster names the field after its own verbs)
            after_verb = rules.label_after_verb if key in rules.field_of else rules.position_after_verb
            verb = None if opened else after_verb.search(text, max(0, label_start - 12), label_start)
            if opened or verb:
                trailing = _value_before(text, verb.start() if verb else label_start, labels, rules)
                if trailing is not None and (key in rules.field_of or key in rules.position_field_of):
                    # Ken (legal) may name a person's role: a label in brackets yields to the field's own Legal: …
                    labels.append(_Label(trailing[0], trailing[0], field, True, text=key, value_end=trailing[1],
                                         span_end=label_end, secondary=bool(opened)))
                continue
        after = rules.connector.match(text, label_end)
        value_start = after.end()
        if after.group("colon") in ("/", "／") and (
                not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start)
                or rules.label_candidates.match(text, value_start)):
            continue  # 标题 / 副标题 names two fields; only Title / … heading its line gives the copy
        if pair in ('""', "''") and not after.group("colon"):
            continue  # "title": "…" (JSON) needs its colon
        strong = bool(after.group("colon")) or bracketed or bold_colon
        # 标题要中英双语：… / legal wants this at the bottom: … / small text under it '…': a remark first
        remark_colon = None if strong or after.group("strong") or after.group("weak") else \
            _remark_before_colon(text, label_end, rules, heads_lines=key in rules.block_labels)
        if key in rules.colon_labels and not after.group("colon") and not remark_colon:
            continue  # 主题是说走就走 / 底部小字：活动时间10月31日…: without its colon it is no label
        if key in rules.secondary_labels and not _SECONDARY_BEFORE.search(text, max(0, label_start - 8), label_start):
            continue  # 正文：活动时间：… / 全场8折，活动时间：…: inside a value, the words are its copy
        if (bracketed or text[label_end:label_end + 1] in (" ", "\t")) and not after.group("colon") \
                and _CJK_CHAR.fullmatch((after.group("strong") or "").strip()):
            # 「按钮」为爸妈预约 / 按钮 为父母预约: the brackets or the blank end the label; a one-character 为/是
            # after them starts the copy (glued, 按钮为…, it is the connector)
            value_start = label_end + len(text[label_end:after.start("strong")])
        if remark_colon:
            value_start, strong = remark_colon, True
        # 标题⇥年货节 / | 主标题 | 夏日冰饮节 |: a label in a line's first column, the copy in the next.
        column = _COLUMN_SEPARATOR.match(text, label_end) if _first_column(text, label_start) else None
        if column and not after.group("colon"):
            cell_end = _CELL_END.search(text, column.end())
            cell = text[column.end():cell_end.start() if cell_end else len(text)]
            if not cell.strip() or rules.label_candidates.fullmatch(cell.strip()):
                continue
            # the cell is the value ('Tis the Season: an apostrophe, no quote; a quoted cell keeps its quote rule)
            value_start, strong, fixed_end = column.end(), True, column.end() + len(cell.rstrip())
        connector = (after.group("strong") or "").strip().lower()
        correction = connector in rules.correction_connectors or bool(after.groupdict().get("change")) \
            or bool(rules.correction_lead.search(text, max(0, label_start - 24), label_start))
        latin_label = match.group("label").isascii()
        # change the button to "…" / update the headline to …: a correction of the field.
        if latin_label and (change := _CHANGE_BEFORE.search(text, 0, label_start)):
            # (replace the button with a QR code: only a quote brings the copy after with / for / , use)
            if (to := _CHANGE_TO.match(text, label_end)) and (
                    to.group().strip(" \t:：").lower() in ("to", "into") or text[to.end():to.end() + 1] in QUOTE_PAIRS):
                value_start, strong, correction = to.end(), True, True
            elif change.group("verb").lower() == "make" and connector:
                correction = True  # actually make the button say 'Shop Gifts': the connector brings the copy
            elif change.group("verb").lower() == "make" and (bare := _made_copy(text, label_end, rules)):
                # actually make the CTA Learn more: the copy follows the label directly
                value_start, strong, correction = bare, True, True
            if correction:  # …Pre-order now — actually make the CTA …: the earlier value ends before the change
                label_start = change.start()
        # Headline: either "A" or "B" / 标题要么「A」要么「B」: the first alternative is the copy.
        if (either := _EITHER.match(text, value_start)) and text[either.end():either.end() + 1] in QUOTE_PAIRS:
            value_start = either.end()
        if after.group("strong") and (named := _NAMED_VALUE.match(text, value_start)):
            value_start = named.end()  # 主标就用课程名：《…》: what the copy is (its name) comes before a colon
        quoted = value_start < len(text) and text[value_start] in QUOTE_PAIRS
        if latin_label and value_start == label_end and re.match(r"['’][A-Za-z]", text[value_start:value_start + 2]):
            continue  # Copy's still with the client / the headline's font: an apostrophe on the word, no quote
        if key not in rules.field_of:
            # 上面写… / 大字：…: a position needs 写, a colon or a quote (上面是月亮 is a picture);
            # copy: / wording: needs a colon or a quote (copy is TBD is no copy).
            # (the big text should say …: an English verb of writing counts like 写)
            writes = bool(_WRITING.search(after.group("strong") or "")) and key in rules.position_field_of
            if not (strong or quoted or writes):
                continue
        # (Copy (push opt-in):⏎…: a remark between a block label and its colon heads the lines too)
        block = (key in rules.block_labels and bool(after.group("colon") or remark_colon)
                 and "\n" in text[label_end:value_start] and text[value_start:value_start + 1] not in QUOTE_PAIRS)
        if strong or quoted:
            pass
        elif after.group("strong"):
            rest = text[value_start:_line_end(text, value_start)]
            first_part = re.split(r"[，,。.；;]", rest, maxsplit=1)[0]
            # 标题是红色的 / title is needed / the button should be bigger / button is red: a remark, not copy.
            if not rest.strip() or rules.has_signal(first_part, first=True) or \
                    (latin_label and (rules.only_design_words(first_part) or _SIZE_REMARK_EN.match(first_part.strip()))):
                continue
            if latin_label and not re.match(r"\s", text[label_end:label_end + 1] or "x") \
                    and not _CJK_CHAR.match(connector or "x"):
                continue  # button写 Pre-order Now: a Chinese connector may touch an English label
        elif field == "cta" and (action := rules.action_zh.match(text, value_start)) and \
                not _WORD_CHAR.match(text[action.end():action.end() + 1]):
            # 按钮去逛逛: the button label directly before an action phrase (按钮领取礼包: the whole phrase)
            fixed_end = action.end()
        elif field == "cta" and latin_label and value_start > label_end and \
                rules.is_action(action_text := re.split(r"[，,。；;\n]|\.(?=\s|$)", text[value_start:], maxsplit=1)[0]):
            fixed_end = value_start + len(action_text.rstrip())  # button text Shop Now: the action phrase after a space
        elif not latin_label and key in rules.field_of and not after.group("weak") and \
                (_space_label(text, label_start, label_end, value_start)
                 or (value_start == label_end and _after_separator(text, label_start, rules))) and \
                _bare_value_is_copy(text, value_start, rules, glued=value_start == label_end):
            pass  # 1. 主标题 月是故乡明 / 标题　春日野餐季 / 标题双十二狂欢夜: a label, a space or nothing, the copy
        elif (after.group("weak") or "").strip() in rules.weak_copy_connectors and not latin_label and \
                rules.copy_after_weak_connector(re.split(r"[，,。；;\n]", text[value_start:], maxsplit=1)[0]):
            pass  # 主标题用开学好物节 (标题用红色 / 标题用黑体 stay instructions)
        elif latin_label and key in rules.field_of and (gap := _SPACE_THEN_CJK.match(text, label_end)) and \
                _LATIN_LABEL_HEADS.search(text, max(0, label_start - 8), label_start) and \
                _plain_cjk_value(re.split(r"[，,。；;\n]", text[gap.end():], maxsplit=1)[0], rules):
            value_start, strong = gap.end(), True  # headline 晚餐满减 低至5折, button 去下单: the script changes at the copy
        elif latin_label and key in rules.field_of and \
                _LATIN_LABEL_HEADS.search(text, max(0, label_start - 8), label_start) and \
                (segment := _labelled_list_value(text, label_start, rules)):
            (value_start, fixed_end), strong = segment, True  # title Hop Into Spring, sub 20% off, CTA Shop Easter
        else:
            continue
        if latin_label and not (strong or quoted or after.group("strong") or fixed_end):
            continue
        if value_start >= len(text) or text[value_start] == "\n":
            continue
        if key in rules.footnote_labels and text[value_start] not in _FOOTNOTE_MARKS and not (
                _CLAUSE_HEAD.search(text, max(0, label_start - 8), label_start) and _quote_alone(text, value_start)):
            continue  # 备注：要大一点 is the designer's; 备注⇥*套餐含18项检查 / 备注“每日限量”, the poster's footnote
        if key in rules.layout_labels and _places_a_thing(text[value_start:_line_end(text, value_start)], rules):
            continue  # 底部：放二维码 / bottom: logo and QR code / small: make the date smaller: the layout, no copy
        labels.append(_Label(label_start, value_start, field, strong or quoted, fixed_end, key, block, correction,
                             secondary=key in rules.secondary_labels))
        introduced_to = value_start
    _placed_under(text, labels, rules)
    _placed_at_bottom(text, labels, rules)
    labels.sort(key=lambda label: label.start)
    # 大字写… 小字写…: with one position word used as a label, 小字 (else fine print) is a position too.
    if any(label.text in rules.position_field_of and label.text not in rules.field_of for label in labels):
        claimed: set[str] = set()
        for label in labels:
            if label.text in rules.position_field_of:
                label.name = rules.position_field_of[label.text]
                # 上面写A，下面写B，最下面小字写C: a lower line after the subtitle's is the fine print
                if label.name == "subtitle" and "subtitle" in claimed:
                    label.name = "body"
            claimed.add(label.name)
    _second_text_as_subtitle(labels)
    return labels


_WRITING = re.compile(r"[写寫]|\b(?:say|says|saying|read|reads|reading|write|writes)\b", re.IGNORECASE)
# 就用课程名：… / 写活动名称：…: the connector names which name the copy is, then a colon brings it.
_NAMED_VALUE = re.compile(r"[" + _CJK + r"]{1,4}(?:名|名称|名字)[ \t]*[：:﹕][ \t]*(?=\S)")
# A remark in brackets right after a quoted value asking to keep its marks: （书名号要保留） / (keep the quotes).
_BRACKETED = re.compile(r"[ \t]*[（(](?P<inner>[^()（）\n]{1,20})[）)]")
_MARKS_WORD = re.compile(r"书名号|引号|quotes|quote marks|quotation marks", re.IGNORECASE)
_KEEP_WORD = re.compile(r"保留|留着|不要删|别删|不要去掉|别去掉|\bkeep\b", re.IGNORECASE)


def _keeps_marks(text: str, end: int) -> int | None:
    """Where a bracketed remark asking to keep the quote marks (（书名号要保留）, (keep the quotes)) ends,
    right after a quoted value; None when there is none."""
    remark = _BRACKETED.match(text, end)
    if remark and _MARKS_WORD.search(remark.group("inner")) and _KEEP_WORD.search(remark.group("inner")):
        return remark.end()
    return None


_FOOTNOTE_MARKS = "*＊※†"
_CLAUSE_HEAD = re.compile(r"(?:^|[\n|｜;；，,。])[ \t]*(?:[-•*·・▪►>]|\d{1,2}[.)、])?[ \t]*$")  # [voice note] "…": no head
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[\n，,。；;|｜!！?？])")


def _quote_alone(text: str, start: int) -> bool:
    """A quote opening at `start` that is the whole clause (备注“每日10点前供应”；): words to print, not a
    remark that talks about a quote (备注：“立即下单”按钮要大)."""
    close = _quote_end(text, start) if text[start:start + 1] in QUOTE_PAIRS else None
    return close is not None and bool(_CLAUSE_END.match(text, close + 1))


# Description:⏎* Title: …: a value of marks alone is the next line's bullet, no copy.
_MARKS_ONLY = re.compile(r"[\s*＊※†•·・▪►>-]+")
_REMARK_ONLY = re.compile(r"[（(][^()（）\n]{1,20}[)）]")  # ### 文案（终稿）: a heading's remark in brackets, no copy
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
                            r"(?:[：﹕]|:(?!\d)|[|｜\t])[ \t]*(?=\S)", re.MULTILINE)


# Paid-for line (required by law, bottom): … / 备案号（放最底）：…: a bracketed remark on the line's lead that ends in where
# it goes, at the bottom.
_BOTTOM_IN_BRACKETS = re.compile(r"[（(][^()（）\n]{0,40}?(?:(?<![A-Za-z])(?i:bottom|footer)|底部|最底|最下面|最下方)[ \t]*[)）]")


def _placed_at_bottom(text: str, labels: list[_Label], rules: CopyRules) -> None:
    """No credit card line goes under the button: … / 时间（印在底部） | …: a line whose lead says its
    words go at the bottom, with no label of its own, holds the fine print (the body); not when the
    lead names a picture (Logo at the bottom: …) or the words after it are an instruction."""
    for line in _LINE_LEAD_KEY.finditer(text):
        placed = rules.bottom_placement.search(line.group("lead")) or _BOTTOM_IN_BRACKETS.search(line.group("lead"))
        if not placed or _DESIGN_NOUN.search(line.group("lead")):
            continue
        placed_span = (line.start("lead") + placed.start(), line.start("lead") + placed.end())
        on_line = [label for label in labels if line.start() <= label.start < line.end() + 1]
        # (…goes under the button: — the label word is part of where the line goes)
        if any(not placed_span[0] <= label.start < placed_span[1] for label in on_line):
            continue
        first = re.split(r"[，,。；;\n]|\.(?=\s|$)", text[line.end():], maxsplit=1)[0]
        negated = _NEGATED_FACT.match(first)  # No credit card required: a fact for the reader
        if rules.has_signal(first[negated.end():] if negated else first, first=True) or rules.is_placeholder(first) \
                or _PLACING.search(first):
            continue
        for label in on_line:
            labels.remove(label)
        labels.append(_Label(line.start("lead"), line.end(), "body", True, text="bottom"))


def _second_text_as_subtitle(labels: list[_Label]) -> None:
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
    bodies = [label for label in labels if label.name == "body" and not label.secondary and not label.correction]
    titled = any(label.name == "title" and bodies and label.start < bodies[0].start for label in labels)
    if titled and len({label.text for label in bodies}) >= 2 and bodies[0].text != bodies[1].text:
        bodies[0].name = "subtitle"


# 标题要中英双语：… / 文案全英文：… / just a headline please: …: a short remark about the field
# between its label and the colon that brings the copy.
_REMARK_COLON = re.compile(r"[ \t]*(?P<remark>[^，,。；;:：﹕=\n\t" + "".join(QUOTE_PAIRS) + r"]{1,12}?)[ \t]*(?:[：﹕]|:(?!\d))[ \t]*")


# Disclaimer (must appear in full, min 7pt): …: a remark in brackets between a label and its colon.
_BRACKETED_REMARK_COLON = re.compile(r"[ \t]*[（(][^()（）\n]{1,40}[）)][ \t]*(?:[：﹕]|:(?!\d))[ \t]*")
# legal wants this at the bottom: … / 副标题加个emoji，用这个：… / small text under it '…': a longer
# remark, ending at a colon or at the quote that brings the copy.
_FOR_THE_FORMAT = re.compile(r"(?i:for|on|in)\s+(?i:the|our|this|that|a|an)\s+[\w' -]{1,30}")
_LONG_REMARK = re.compile(r"[ \t]*(?P<remark>[^。；;:：﹕=\n\t" + "".join(QUOTE_PAIRS) + r"]{1,30}?)[ \t]*"
                          r"(?:[：﹕]|:(?!\d)|(?=[" + "".join(QUOTE_PAIRS) + r"]))[ \t]*")


_OUTLINE_NUMBER = re.compile(r"[A-Za-z]?\d{1,2}(?:\.\d{1,2})*[.)）、]?|[(（]\d{1,2}[)）]")
_WRITE_AFTER_REMARK = re.compile(r"(?<=[\u3400-\u9fff])(?:就|再)?[写寫](?:成|上|着|著)?$")


_BODY_LEADS_LINE = re.compile(r"[ \t]*[^\s（(：:﹕]")


def _remark_before_colon(text: str, label_end: int, rules: CopyRules, heads_lines: bool = False) -> int | None:
    """Where the copy starts when a remark sits between a label and its colon: an instruction to the
    designer (要中英双语, 全英文, please), a remark in brackets, where the text goes (at the bottom,
    under it, 放在底部) or which words to take (用这个, as follows; these may end at a quote too).
    A label that `heads_lines` (Copy (push opt-in):⏎…) takes a bracketed remark before a line break too.
    None when the words there are anything else."""
    for pattern in (_REMARK_COLON, _BRACKETED_REMARK_COLON, _LONG_REMARK):
        found = pattern.match(text, label_end)
        if found and pattern is _BRACKETED_REMARK_COLON and text[found.end():found.end() + 1] == "\n" \
                and (heads_lines or _BODY_LEADS_LINE.match(text, found.end() + 1)):
            return found.end() + 1  # 合规小字（字号可以小）：⏎本产品由…承保: the remark's colon heads the line below
        if not found or found.end() >= len(text) or text[found.end()] == "\n":
            continue
        if pattern is _BRACKETED_REMARK_COLON:
            return found.end()
        remark = found.group("remark").strip()
        said = _WRITE_AFTER_REMARK.sub("", remark) or remark  # 再下面小一点写：: the remark, then the verb that brings the copy
        if pattern is _REMARK_COLON and not rules.label_candidates.search(remark) and (
                rules.is_instruction(said) or rules.copy_amount.fullmatch(said)):
            return found.end()
        if pattern is _REMARK_COLON and rules.label_options.fullmatch(remark) \
                and (text[found.end()] in QUOTE_PAIRS or _OPTION_MARK.match(text, found.end())):
            return found.end()  # Headline options: "A" or "B" / 标题备选：A.「…」 B.「…」: the candidates follow, quoted
        if pattern is _LONG_REMARK and _FOR_THE_FORMAT.fullmatch(remark) and find_alias(remark, rules.lexicon.formats):
            return found.end()  # headline for the referral popup: …: which piece the copy is for
        if pattern is _LONG_REMARK and (rules.label_pointer.search(remark) or rules.label_choice.match(remark)
                                        or rules.copy_amount.fullmatch(remark) or (
                rules.label_placement.search(remark) and not re.search(r"[，,]", remark))):
            return found.end()
    return None


# What an English label's "is / should be" says when it is a design remark: bigger, a bit larger, bold.
_SIZE_REMARK_EN = re.compile(
    r"(?:(?:a\s+)?(?:bit|little|lot|much|way|slightly|more|less|very|too)\s+)*"
    r"(?:bigger|larger|smaller|bolder|brighter|darker|lighter|wider|narrower|taller|shorter|big|small|large|"
    r"bold|centred|centered|rounded|round|visible|prominent|obvious)\b(?:\s+(?:and|&)\s+\w+)*\s*$", re.I)


_EN_FIELD_REMARK = re.compile(
    r"(?:the\s+|a\s+|our\s+)?(?:headline|title|heading|sub\s*-?title|subhead(?:ing)?|tagline|strapline|button|cta|"
    r"call\s+to\s+action|body|copy|text|logo|font)s?\s+(?:should|must|needs?|has\s+to|is|are|could|can|will|would|"
    r"looks?)\b(?!\s+(?:say|says|read|reads|write|writes|show|shows)\b)", re.I)


# A.「…」 B.「…」 / 1) "…" 2) "…" / ①“…”②“…”: the letter or number an option is picked by, before its quote.
_OPTION_MARK = re.compile(r"[ \t]*(?:(?P<mark>[A-Da-d1-4])[.)）、]|(?P<circled>[①-④]))[ \t]*(?=[" + "".join(QUOTE_PAIRS) + r"])")
# …，老板选了B / — we're going with B / 最后定2: the pick names the option by its mark.
_MARK_PICK = re.compile(r"[ \t]*[,，;；.。!！]?[ \t]*(?:[-–—]+[ \t]*)?[^，,。；;\n]{0,12}?"
                        r"(?:定了?|选了?|選了?|用|挑了?|(?i:go(?:ing)?\s+with|pick(?:ed)?|chose|choose|use))[ \t]*"
                        r"(?:方案|选项|選項|(?i:option)\s*)?(?P<mark>[A-D1-4]|[①-④])(?![A-Za-z0-9])")


def _option_key(match: re.Match[str]) -> str:
    mark = match.group("mark") or match.group("circled")
    return str("①②③④".index(mark) + 1) if mark in "①②③④" else mark.upper()


def _lettered_options(text: str, start: int) -> tuple[str, int, int] | None:
    """标题备选：A.「一份保障」 B.「首月1元」，老板选了B: options marked by letter or number, then the one the
    brief picks by its mark (the first when it picks none): that option's copy, where it starts and where the
    options (or the pick) end. None when fewer than two marked options follow."""
    options: dict[str, tuple[int, int]] = {}
    at = start
    while (mark := _OPTION_MARK.match(text, at)) and (close := _quote_end(text, mark.end())) is not None:
        options[_option_key(mark)] = (mark.end() + 1, close)
        at = close + 1
    if len(options) < 2:
        return None
    pick = _MARK_PICK.match(text, at)
    chosen = options.get(_option_key(pick)) if pick else None
    if chosen is None:
        chosen = next(iter(options.values()))
    return _quoted_copy(text[chosen[0]:chosen[1]]), chosen[0], pick.end() if pick else at


# “旧文案”改成“新文案” / "Old" → "New" / "Old" changed to "New": a quote rewritten right after it is given.
_REPLACED_BY = re.compile(r"[ \t]*[，,]?[ \t]*(?:改成|改为|换成|换为|修改为|更正为|改為|換成|換為|修改為|" + _ARROW
                          + r"|(?i:(?:is\s+)?changed?\s+(?:it\s+)?to|replaced?\s+(?:it\s+)?(?:with|by)|becomes))"
                          r"[ \t]*[:：]?[ \t]*(?=[" + "".join(QUOTE_PAIRS) + r"])")


# 小字必须要有“…” / 按钮沿用上次的「…」 / the button keeps "…": a few words that keep, reuse or require a text
# lead to it, quoted to the end of the value (标题全场“5折” has no such verb: its quote is inside the copy).
_KEEP_LEAD = re.compile(r"沿用|延用|继续用|繼續用|保留|保持|还是|還是|照旧|照舊|依旧|依舊|仍然|仍用|一样|一樣|不变|不變|必须|必須|一定要|需要有|要有|得有"
                        r"|\b(?i:still|stays?|keeps?|reuses?|must\s+(?:say|read|include)|has\s+to\s+(?:say|include))\b")
_KEEP_LEAD_CHARS = 12


def _quote_after_lead(value: str) -> str | None:
    """The quoted text a keep/require lead brings as the whole rest of the value; None when there is none."""
    opened = next((i for i, ch in enumerate(value[:_KEEP_LEAD_CHARS + 1]) if ch in QUOTE_PAIRS), None)
    if not opened or not _KEEP_LEAD.search(value, 0, opened):
        return None
    close = _quote_end(value, opened)
    return _quoted_copy(value[opened + 1:close]) if close == len(value) - 1 else None


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
        if not piece or rules.has_signal(piece) or rules.is_action(piece):
            break
        stop = following
    # Subtitle - You've earned $12.50. Cash out anytime. Button - …: a subtitle may hold sentences;
    # one after a full stop is more of it while it is copy, up to the next label or the line's end.
    # Main: The Final. Live. Only Here. — on a line of its own after its label, a title or subtitle
    # keeps every sentence that says no word about the design.
    own_line = field in ("title", "subtitle") and _label_heads_line(text, start)
    while stop and (field == "subtitle" or own_line) and _SENTENCE_END.fullmatch(stop.group()):
        following = hard_stop.search(text, stop.end(), end)
        sentence = text[stop.end():following.start() if following else end].strip()
        more = own_line and (_more_copy_on_line(sentence, rules)
                             or _parallel_sentence(text[start:stop.start()], sentence, rules)) \
            and not (field == "title" and rules.benefit_span(sentence))  # an offer after a headline is the subtitle
        if not (more or (field == "subtitle" and _more_subtitle(sentence, rules))):
            break
        stop = following
    limit = stop.start() if stop else end
    limit = _before_bracketed_remark(text, start, limit, rules)
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
                and not (field != "body" and _asks_addressed_reader(text[start:segment_end], chunk, rules)) \
                and not (_AND_MORE.search(chunk) and not rules.is_instruction(chunk.strip())):
            return segment_end
        # 标题：火锅周年庆，菜品满200减40 (no subtitle label): an offer after the comma is the subtitle
        if offer_ends_title and field == "title" and _COMMA_SPLIT.fullmatch(sep.group()) and sep.group().strip() in "，," \
                and _is_offer(chunk, rules):
            return segment_end
        cursor = segment_end
    return limit


# Balloons, banners & more: a list of the goods on offer, closed by "and more", is copy (banners, here, is what is
# sold, not a format).
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


_TITLE_CASE_WORDS = 5
_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’&-]*")


def _title_case_part(value: str, chunk: str, rules: CopyRules) -> bool:
    """For Mom, With Love: in a value written in Title Case, a part after the comma that is Title
    Case too is more of the copy, even when its first word (With) would start a remark; an
    instruction longer than that word (Make It Pop) or a design word after it stays the designer's."""
    words, following = value.split(), chunk.split()
    if len(words) < 2 or not 2 <= len(following) <= _TITLE_CASE_WORDS \
            or not all(_TITLE_WORD.fullmatch(word.strip(".,!?")) for word in words + following):
        return False
    instruction = rules.instruction_en.match(chunk.strip())
    return not (instruction and instruction.end() > len(following[0])) \
        and not rules.no_text.search(chunk) and not rules.has_signal(" ".join(following[1:]))


_SENTENCE_WORDS = 3  # …, pre-orders aren't open yet: a clause after a button is the brief's
_SENTENCE_CJK_CHARS = 6


def _button_then_sentence(button: str, rest: str, rules: CopyRules) -> bool:
    """CTA: Learn more, pre-orders aren't open yet / 按钮：去看看 图用圣诞树和礼物: a whole action
    phrase, then a clause that is no button: the button is the action phrase. A short run-on
    (马上抢，手慢无) stays part of it."""
    rest = re.split(r"[，,。；;\n]|\.(?=\s|$)", rest, maxsplit=1)[0].strip()
    if not rules.is_action(button.strip()) or not rest or rules.is_action(rest):
        return False
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", rest)) >= _SENTENCE_WORDS or \
        len(_CJK_CHAR.findall(rest)) >= _SENTENCE_CJK_CHARS


_SENTENCE_END = re.compile(r"[。.]")
_SUBTITLE_SENTENCE_CHARS = 60
_MODAL_EN = re.compile(r"\b(?:should|must|needs?\s+to|has\s+to|please|pls|make\s+it|we|our\s+brand|i)\b", re.IGNORECASE)


def _more_subtitle(sentence: str, rules: CopyRules) -> bool:
    """Is the sentence after a subtitle's full stop more copy (Cash out anytime. / Seats are
    limited) rather than a remark (Blue background. / 背景用红色。 / Make it pop.)?"""
    sentence = sentence.rstrip("。. ")
    if not sentence or len(sentence) > _SUBTITLE_SENTENCE_CHARS or "\n" in sentence:
        return False
    if rules.has_signal(sentence) or rules.is_action(sentence) or rules.is_placeholder(sentence):
        return False
    if _MODAL_EN.search(sentence) or _DESIGN_NOUN.search(sentence) or _EN_FIELD_REMARK.match(sentence):
        return False
    # a sentence about the poster or its picture (图里放…, 配一张…) is for the designer
    return not re.search(r"海报|图|画面|设计|字体|颜色|配色|poster|banner|design|image|photo", sentence, re.IGNORECASE)


_LABEL_PREFIX_CHARS = 30
_LINE_SENTENCE_CHARS = 120
# Words that make a sentence about the poster rather than on it (No button needed. / Bold font.)
_DESIGN_TALK = re.compile(r"\b(?:buttons?|cta|headlines?|titles?|subtitles?|text|copy|logos?|images?|photos?|pictures?|"
                          r"background|fonts?|colou?rs?|design|posters?|banners?|emojis?|icons?)\b|海报|图|画面|设计|字体|颜色|配色",
                          re.IGNORECASE)
_NEGATED_FACT = re.compile(r"(?i)(?:no|not|without)\s+(?=\w)")


def _label_heads_line(text: str, value_start: int) -> bool:
    """Is the value on a line that only a label (and its colon) starts: Main: The Final. Live."""
    line_start = text.rfind("\n", 0, value_start) + 1
    prefix = text[line_start:value_start].rstrip()
    # (正文 —— …: a dash or an arrow after the label stands for its colon)
    return bool(prefix) and len(prefix) <= _LABEL_PREFIX_CHARS and bool(_LABEL_MARK_END.search(prefix)) \
        and not re.search(r"[。.!?！？]\s", prefix)


_LABEL_MARK_END = re.compile(r"(?:[：:﹕=](?:\*\*)?|\s[-–—]+|—+|" + _ARROW + r")$")


_PARALLEL_SENTENCE_WORDS = 4


def _parallel_sentence(value: str, sentence: str, rules: CopyRules) -> bool:
    """New map. New heroes. New rules.: a short sentence that opens with the value's own first word
    repeats its construction, so it is more of the copy (even with a word such as heroes in it)
    unless it is an instruction or a remark on the design."""
    first, following = _FIRST_LATIN_WORD.match(value), _FIRST_LATIN_WORD.match(sentence)
    sentence = sentence.rstrip("。. ")
    return bool(first and following and first.group(1) == following.group(1)
                and len(sentence.split()) <= _PARALLEL_SENTENCE_WORDS
                and not rules.is_instruction(sentence) and not _DESIGN_TALK.search(sentence))


def _more_copy_on_line(sentence: str, rules: CopyRules) -> bool:
    """A sentence after a full stop on a labelled value's own line: more copy (Live. / No
    appointment needed. / When they open an account …) unless it talks about the design (No button
    needed. / Make it pop.), is a button or says the copy comes later."""
    sentence = sentence.rstrip("。. ")
    if not sentence or len(sentence) > _LINE_SENTENCE_CHARS or "\n" in sentence:
        return False
    if _MODAL_EN.search(sentence) or _DESIGN_TALK.search(sentence) or _EN_FIELD_REMARK.match(sentence) \
            or rules.is_action(sentence) or rules.is_placeholder(sentence):
        return False
    negated = _NEGATED_FACT.match(sentence)  # No appointment needed: a fact for the reader
    return not rules.has_signal(sentence[negated.end():] if negated else sentence) or bool(
        negated and not rules.has_signal(sentence[negated.end():], first=True))


_BRACKET_REMARK = re.compile(r"\s*[（(]")
_BODY_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s)")


def _asks_reader(segment: str, rules: CopyRules) -> bool:
    """…请您在使用前仔细阅读 / Please read before you agree: a body's sentence that asks its reader, not
    the designer (请用红色背景 names a design choice)."""
    polite = rules.polite_lead.match(segment)
    rest = segment[polite.end():].strip() if polite else ""
    return bool(rest) and not rules.has_signal(rest) and not _DESIGN_NOUN.search(rest)


_READER_ADDRESS = re.compile(r"[您你]|\b(?i:you|your)\b")


def _asks_addressed_reader(value: str, chunk: str, rules: CopyRules) -> bool:
    """您今日时长已达1.5小时，请注意休息 / Your card was declined, please update it: copy that speaks to its
    reader may go on to ask them something; the request is copy too unless it names the design (请加粗)."""
    chunk = chunk.strip()
    polite = rules.polite_lead.match(chunk)
    rest = chunk[polite.end():].strip() if polite else ""
    return bool(_READER_ADDRESS.search(value)) and _asks_reader(chunk, rules) and not (
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


def _before_bracketed_remark(text: str, start: int, limit: int, rules: CopyRules) -> int:
    """立即领取（按钮要大一点，用金色） / Shop now (make it green): a remark to the designer in
    brackets after the value ends it; brackets holding copy (（限时）, (members only)) stay."""
    for bracket in _BRACKET_REMARK.finditer(text, start + 1, limit):
        opener = text[bracket.end() - 1]
        close = text.find("）" if opener == "（" else ")", bracket.end())
        inner = text[bracket.end():close if close >= 0 else _line_end(text, bracket.end())]
        first = re.split(r"[，,。；;]", inner, maxsplit=1)[0].strip()
        if first and (rules.is_instruction(first) or rules.has_signal(first) or _EN_FIELD_REMARK.match(first)
                      or (_MARKS_WORD.search(first) and _KEEP_WORD.search(first))):  # （书名号要保留）
            return bracket.start()
    return limit


# A body is sentences of rules and dates (活动时间：…。参与方式：…): one of its segments ends it only
# when it is an instruction, or a short design remark (红黄配色, 竖版海报); a long sentence that
# mentions 活动 or 会员 is more body.
_BODY_REMARK_CHARS = 12
_PROSE_LEAD = re.compile(r"(?:with|for\s+(?:a|an|the|our|my)|featuring)\b\s*", re.IGNORECASE)
_DESIGN_NOUN = re.compile(r"\b(?:background|layout|font|logo|colou?rs?|palette|style|vibe|image|photo|picture)\b",
                          re.IGNORECASE)


def _is_offer(chunk: str, rules: CopyRules) -> bool:
    """A comma-delimited chunk that is an offer and nothing after it: 菜品满200减40, 全场5折起, 坚果第二件半价 (a figure,
    in digits or words, says how much)."""
    chunk = chunk.strip()
    span = rules.benefit_span(chunk)
    return bool(span and re.search(r"[\d一二三四五六七八九十两半]", chunk[span[0]:span[1]]) and len(chunk) - span[1] <= 1
                and len(chunk) <= _OFFER_CHUNK_CHARS)


_OFFER_CHUNK_CHARS = 16


def _ends_value(segment: str, field: str, rules: CopyRules) -> bool:
    """Does this segment, after a value's first, stop the value (an instruction to the designer)?"""
    segment = segment.strip()
    if not segment:
        return False
    if field == "body":
        # Body: Our lightest trainer yet, with 20% more cushioning: "with" continues the sentence
        # unless what it brings is a design choice (, with a red background).
        if lead := _PROSE_LEAD.match(segment):
            return rules.has_signal(segment[lead.end():]) or bool(_DESIGN_NOUN.search(segment))
        # …请仔细阅读后点击同意 / Please read before you agree: a body asks its reader too; such a
        # sentence is copy unless what it asks names a design choice (请用红色背景) or is an instruction.
        if rules.polite_lead.match(segment):
            return not _asks_reader(segment, rules)
        return rules.is_instruction(segment) or (len(segment) <= _BODY_REMARK_CHARS and rules.has_signal(segment))
    # …straight to your bank, no fees: an offer that leads the segment (a cost waived) goes on the copy
    offer = rules.benefit_span(segment)
    return rules.has_signal(segment) and not (offer and offer[0] == 0)


# A header row names at least two copy fields (活动⇥位置⇥主标题⇥副标题⇥按钮), or one that is not in
# the first column (活动⇥位置⇥主标题: a label first, 主标题⇥春日上新, is a label with its value).
_HEADER_LABELS = 2


def _design_remark_only(value: str, rules: CopyRules) -> bool:
    """Is every comma-separated part of the value a design remark (bold, centered / 白色 / 要大一点)?"""
    parts = [part.strip() for part in re.split(r"[，,、;；]", value) if part.strip()]
    return bool(parts) and all(rules.only_design_words(part) or rules.is_instruction(part) or rules.has_signal(part, first=True)
                               or _SIZE_REMARK_EN.match(part) or _DESIGN_REMARK.search(part) for part in parts)


def _row_cells(text: str, line_start: int, line_end: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The cells of a spreadsheet line (tab-separated) or a markdown table row (| a | b |), as
    spans without their padding; None for a line that is neither."""
    line = text[line_start:line_end]
    stripped = line.strip()
    if "\t" in stripped:
        kind, pattern = "tab", re.compile(r"[^\t]+|(?<=\t)(?=\t|$)")
    elif len(stripped) > 2 and stripped[0] in "|｜" and stripped[-1] in "|｜":
        kind, pattern = "bar", re.compile(r"(?<=[|｜])[^|｜]*(?=[|｜])")
    else:
        return None
    cells = []
    for cell in pattern.finditer(line):
        raw = cell.group()
        lead = len(raw) - len(raw.lstrip())
        cells.append((line_start + cell.start() + lead, line_start + cell.start() + len(raw.rstrip())))
    return kind, cells


def _column_table(text: str, rules: CopyRules) -> tuple[list[Field], list[tuple[int, int]]]:
    """活动⇥位置⇥主标题⇥副标题⇥按钮⏎双12⇥首页弹窗⇥年终好价⇥…⇥去会场 (or a markdown table with
    the same header): a header row naming fields, the copy in the first row below it, column by
    column; the other columns (活动, 位置) hold no copy, and later rows are other posters. Returns
    the fields and the spans of the table's rows."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        return [], []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    bounds = [(start, _line_end(text, start)) for start in starts]
    for k, (line_start, line_end) in enumerate(bounds):
        header = _row_cells(text, line_start, line_end)
        if header is None:
            continue
        kind, cells = header
        keys = [_label_key(text[a:b].strip("【】[]*：:﹕ ")) for a, b in cells]
        # 大字 names the title's column as it names its line (大字：…)
        names = [rules.field_of.get(key) or rules.position_field_of.get(key) for key in keys]
        labelled = sum(name is not None for name in names)
        if labelled < _HEADER_LABELS and not (labelled and names[0] is None):
            continue
        for row_start, row_end in bounds[k + 1:]:
            if not text[row_start:row_end].strip() or _TABLE_RULE.match(text[row_start:row_end]):
                continue
            row = _row_cells(text, row_start, row_end)
            if row is None or row[0] != kind or (labelled < _HEADER_LABELS and len(row[1]) != len(cells)):
                break
            first_cell = text[row[1][0][0]:row[1][0][1]] if row[1] else ""
            if rules.field_of.get(_label_key(first_cell.strip("【】[]*：:﹕ "))):
                break  # | 字段 | 文案 | over | 主标题 | … |: labels down the first column, one field a row
            fields: list[Field] = []
            for key, name, (a, b) in zip(keys, names, row[1]):
                value = text[a:b]
                if key in rules.footnote_labels and value[:1] not in _FOOTNOTE_MARKS:
                    continue  # 备注⇥尺寸750x1000，红金配色: notes to the designer, as 备注：… is
                if len(value) > 2 and value[0] in QUOTE_PAIRS and value[-1] in QUOTE_PAIRS[value[0]]:
                    a, b, value = a + 1, b - 1, value[1:-1]
                if name and value.strip() and name not in {f.name for f in fields} and not rules.is_placeholder(value):
                    fields.append(Field(name, value, a, b))
            table = [(line_start, line_end), (row_start, row_end)]
            for later_start, later_end in bounds[bounds.index((row_start, row_end)) + 1:]:
                later = _row_cells(text, later_start, later_end)
                if later is None or later[0] != kind:
                    break
                table.append((later_start, later_end))
            return fields, table
        break
    return [], []


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


def extract_labelled(text: str, rules: CopyRules, messages: tuple[int, ...] = ()
                     ) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """Labelled fields, and the spans they cover (label through value). `messages`: where each message of a
    pasted chat starts; a field a later message gives again replaces the earlier value (the last word wins)."""
    # A pasted spreadsheet whose header row names the fields: its first row below is the copy.
    columns, spans = _column_table(text, rules)
    keyed, keyed_spans = _keyed_strings(text, rules)
    fields: dict[str, Field] = {field.name: field for field in [*keyed, *columns]}
    spans += keyed_spans
    text = _mask(text, spans)
    picked, picked_spans = _picked_versions(text, rules)  # v1 … v2 … ⏎ 标题用 v2: the picks replace every other value
    text = _mask(text, picked_spans)
    labels = find_labels(text, rules)
    subtitle_labelled = "subtitle" in fields or any(label.name == "subtitle" for label in labels)
    from_secondary: set[str] = set()  # fields a secondary label (活动时间, 注) filled: any other label replaces them
    i = 0
    while i < len(labels):
        label = labels[i]
        next_start = labels[i + 1].start if i + 1 < len(labels) else len(text)
        start = label.value_start
        value: Field | None = None
        end = start
        if label.value_end is not None and label.span_end is not None:  # the value came before its label
            if label.name not in fields:
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
        if i + 1 < len(labels) and "\n" in text[label.start:labels[i + 1].start] \
                and not text[start:labels[i + 1].start].strip():
            i += 1  # 弹窗文案：⏎【标题】…⏎【副标题】…: the lines under the heading bring their own labels
            continue
        if value is None and (lettered := _lettered_options(text, start)):
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
                if label.text in rules.block_labels and label.text not in rules.field_of \
                        and not _quote_continues(text, end, next_start, rules):
                    # copy: "A" / "B" / "C": quotes listed after a copy heading are the fields in order
                    listed, end = _quoted_list(text, start, next_start, set(fields), rules)
                    for field in listed:
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
                # 标题“感恩母爱”或者“妈妈我爱你”都行: the first alternative is the copy, the others go…
                alternatives = [value.value]
                while (alternative := _ALTERNATIVE.match(text, end)) and alternative.end() < len(text) \
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
        if value is None and label.name == "body" and "\n" in text[label.start:start] \
                and (listed_end := _list_end(text, start, next_start)):
            # Body：⏎1. 全新首页设计⏎2. 支持深色模式: a list under its label's line is the body, line breaks kept
            value, end = Field("body", text[start:listed_end], start, listed_end), listed_end
        if value is None:
            end = label.fixed_end or _unquoted_value(text, start, next_start, label.name, rules,
                                                     offer_ends_title=not subtitle_labelled)
            # 前100名立减500，不对不对，改成前200名立减300: the last version is the copy
            while not label.fixed_end and (retracted := _last_retraction(text, start, end, rules)) is not None:
                start = retracted
                end = _unquoted_value(text, start, next_start, label.name, rules, offer_ends_title=not subtitle_labelled)
            raw = text[start:end]
            if end == next_start:  # the headline should be X and the button …: "and" joins the brief's words
                raw = _TRAILING_JOIN.sub("", raw)
            cleaned = _clean(raw) + _closing_stop(text, start, end, own_line=_label_heads_line(text, start),
                                                  prose=label.name == "body")
            if label.name != "body" and not label.fixed_end:
                cleaned = _cut_trailing_remark(cleaned, rules)  # 标题年货节要大一点红色
            if kept := _quote_after_lead(cleaned):
                cleaned = kept  # 按钮沿用上次的「去逛逛」: the quote the verb keeps is the copy
            offset = raw.find(cleaned) if cleaned else 0
            value = Field(label.name, cleaned, start + offset, start + offset + len(cleaned))
        if label.name != "cta" and "cta" not in fields and rules.button_remark.match(text, value.end, next_start):
            label.name = value.name = "cta"  # 再下面写个扫码领取资料包，这个是按钮哈
        if label.text in rules.block_labels and label.text not in rules.field_of and not label.block \
                and _design_remark_only(value.value, rules):
            value.value = ""  # text: bold, centered / 文字：白色 says how the words look, not what they say
        replaces = label.correction or (label.name in from_secondary and not label.secondary) \
            or (label.name in fields and _said_again(text, fields[label.name], label.start, messages, rules))
        if value.value and (label.name not in fields or replaces) and not rules.is_placeholder(value.value) \
                and not _takes_itself_back(text, label, value, rules) \
                and not _STAND_IN_TEXT.search(value.value) \
                and not _MARKS_ONLY.fullmatch(value.value) and not _HEADS_NEXT.search(value.value) \
                and not _REMARK_ONLY.fullmatch(value.value):
            fields[label.name] = value
            (from_secondary.add if label.secondary else from_secondary.discard)(label.name)
        spans.append((label.start, end))
        i += 1
    _unlabelled_corrections(text, fields, spans, rules)
    _lines_referred_to(text, fields, spans)
    _lines_named(text, fields, spans, rules)
    if chosen := _chosen_option(text, rules):
        field, options = chosen
        fields[field.name] = field
        spans += options
    fields.update(picked)
    spans += picked_spans
    return fields, spans


# v1 headline: … / v2：“…” / v1: 标题 "…"，按钮 "…": one version of the copy a line, after its mark.
_VERSION_LINE = re.compile(r"^[ \t>*•-]*[vV](?P<version>\d)(?![\d.])(?:'s|’s)?[ \t]*(?P<rest>[^\n]*)$", re.MULTILINE)
_VERSION_VALUE_LEAD = re.compile(r"[ \t]*(?:那句|那版的|那版|版的|那个|那條|那条|的)?[ \t]*(?P<colon>[：:﹕][ \t]*)?")
_VERSION_BRACKETED = re.compile(r"[ \t]*[（(](?P<value>[^()（）\n]{1,60})[)）]")
_VERSION_UNQUOTED = re.compile(r"[^\n。；;]+")
_VERSIONS_MIN = 2


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
    if not picked:
        return {}, []
    # a field no pick names keeps the latest version's word on it (v3 你改的副标题 "…" 也 OK)
    latest = {name: field for number in sorted(versions) for name, field in versions[number].items() if name in FIELDS}
    return {**latest, **picked}, spans


def _shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters two values share."""
    best = 0
    for i in range(len(a)):
        while i + best < len(a) and a[i:i + best + 1] in b:
            best += 1
    return best


_SHARED_MIN = 2  # 鸡蛋 / 会员日: a correction keeps a word of the copy it rewrites


def _unlabelled_corrections(text: str, fields: dict[str, Field], spans: list[tuple[int, int]],
                            rules: CopyRules) -> None:
    """标题“今日特价 鸡蛋1.99元/斤” … (a later message) 改成“今日特价 鸡蛋2.99元/斤”吧: a correction verb and a quote
    that name no field rewrite the copy given before it that they share most words with; that field takes the quote."""
    for verb in rules.bare_correction.finditer(text):
        opened = verb.end()
        close = _quote_end(text, opened)
        if close is None or any(start <= opened < end for start, end in spans):
            continue
        new = _quoted_copy(text[opened + 1:close])
        if not new or rules.only_design_words(new) or rules.has_signal(new, first=True):
            continue
        earlier = [field for field in fields.values() if field.end <= verb.start()]
        # (a tie goes to the latest: 按钮还是“立即付定金”？⏎改成“去付定金” answers the message just before)
        rewritten = max(earlier, key=lambda field: (_shared_run(field.value, new), field.start), default=None)
        if rewritten and _shared_run(rewritten.value, new) >= _SHARED_MIN \
                and new not in (field.value for field in fields.values()):
            fields[rewritten.name] = Field(rewritten.name, new, opened + 1, close)
            spans.append((verb.start(), close + 1))


# 标题用第二行 / headline is the second line / sub = line 3: the field's copy is that line of the text pasted above.
_LINE_REFERENCE = re.compile(r"第\s*(?P<zh>[一二三四五六七八九\d])\s*行|(?i:(?:the\s+)?(?P<en>first|second|third|fourth|fifth)"
                             r"\s+line|line\s+(?P<number>\d))")
_LINE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# （以下是截图识别出来的） / (OCR from the screenshot): a remark in brackets that opens the pasted lines, none of them.
_BRACKETED_LINE = re.compile(r"[ \t]*[（(][^\n]*[)）][ \t]*")


def _pasted_lines(text: str, before: int) -> list[tuple[int, int]]:
    """The spans of the run of lines right above the line at `before` (no blank line between), less a remark in
    brackets that opens it."""
    lines: list[tuple[int, int]] = []
    end = text.rfind("\n", 0, before)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if not text[start:end].strip():
            break
        lines.insert(0, (start, end))
        end = start - 1
    while lines and _BRACKETED_LINE.fullmatch(text, *lines[0]):
        lines.pop(0)
    return lines


def _lines_referred_to(text: str, fields: dict[str, Field], spans: list[tuple[int, int]]) -> None:
    """标题用第二行，副标题用第三行 under lines pasted from a screenshot: a field whose value names a line by its number
    takes that line of the pasted run above it."""
    for field in fields.values():
        if not (reference := _LINE_REFERENCE.fullmatch(field.value)):
            continue
        word = reference.group("zh") or reference.group("en") or reference.group("number")
        number = int(word) if word.isdigit() else _LINE_NUMBERS[word.lower()]
        lines = _pasted_lines(text, field.start)
        if not 1 <= number <= len(lines):
            continue
        start, end = lines[number - 1]
        value = text[start:end].strip()
        if value:
            offset = text.find(value, start)
            field.value, field.start, field.end = value, offset, offset + len(value)
            spans.append((start, end))


_LINE_WORDS = {**_LINE_NUMBERS, "top": 1}
_LINE_HEADING = re.compile(r"[：:﹕][ \t]*$")


def _lines_named(text: str, fields: dict[str, Field], spans: list[tuple[int, int]], rules: CopyRules) -> None:
    """直播预告方图：⏎今晚8点 | 主理人亲自开箱⏎…⏎第一行那句是标题: the field takes that line of copy whole (bars and all).
    The lines counted are those above the reference that head nothing (no colon at their end) and bring no label."""
    for named in rules.line_named.finditer(text):
        name = rules.field_of.get(_label_key(named.group("label") or named.group("en_label")))
        word = (named.group("zh") or named.group("en")).lower()
        number = int(word) if word.isdigit() else _LINE_WORDS.get(word, 0)
        if name not in FIELDS or not number:
            continue
        lines, at = [], 0
        while at < named.start():
            end = _line_end(text, at)
            line = text[at:end].strip()
            if line and end < named.start() and not _LINE_HEADING.search(line) \
                    and not rules.label_candidates.match(_LINE_LEAD.sub("", line)):
                lines.append((at, end))
            at = end + 1
        if number > len(lines):
            continue
        start, end = lines[number - 1]
        value = _clean(text[start:end])
        if len(value) > 2 and value[0] in QUOTE_PAIRS and value[-1] in QUOTE_PAIRS[value[0]]:
            value = value[1:-1].strip()  # "For the Moms Who Do It All": a line quoted whole
        if value and not _LINE_REFERENCE.search(value):
            offset = text.find(value, start)
            for other in [other for other, field in fields.items() if start <= field.start < end]:
                del fields[other]  # (a part of the line read as a field of its own before)
            fields[name] = Field(name, value, offset, offset + len(value))
            spans.append((start, end))


def _said_again(text: str, earlier: Field, label_start: int, messages: tuple[int, ...], rules: CopyRules) -> bool:
    """Is a field's label, given again, the brief's later word on it: in a later message of a chat, or after the
    speaker took the earlier value back (标题用“A”……不对，…标题就“B” / "A" — no wait, headline "B")?"""
    if any(earlier.end <= start <= label_start for start in messages):
        return True
    return rules.retraction_word.search(text, earlier.end, label_start) is not None \
        or rules.final_heading.search(text, earlier.end, label_start) is not None


_DROPPED_AFTER = re.compile(r"[ \t]*(?:[—–-]{1,2}|[，,])[ \t]*$")  # the value, a dash or comma, then "drop this line"


def _takes_itself_back(text: str, label: _Label, value: Field, rules: CopyRules) -> bool:
    """Kicker: NEW — actually drop the kicker: the label's own line takes the field back, so its value is no
    copy and a later label of the same field (Deck: …) gives it."""
    line_end = _line_end(text, value.start)
    if rules.not_printed.search(text, value.end, line_end) and not any(
            mark in QUOTE_PAIRS for mark in text[value.start - 1:value.start]):
        return True  # 说明：…，不用画进图里: the line is about the page, not on the picture
    for dropped in rules.taken_back_later.finditer(text, value.start, line_end):  # 【小字】… —— 这句删掉
        if _DROPPED_AFTER.search(text, value.start, dropped.start()) \
                and not any(mark in QUOTE_PAIRS for mark in text[value.start:dropped.start()]):
            return True
    return any(rules.field_of.get(_label_key(removal.group("before") or removal.group("after"))) == label.name
               for removal in rules.removal.finditer(text, value.start, line_end))


_LIST_LINES_MIN = 2
# 文案确定：主标题「…」 / Copy agreed: title "…": words that end in a colon head the labels after them, no copy.
_HEADS_NEXT = re.compile(r"[：:﹕]$")


def _list_end(text: str, start: int, limit: int) -> int | None:
    """Where a list of two or more bulleted or numbered lines starting at `start` ends (None: no list)."""
    end, lines, cursor = start, 0, start
    while cursor < limit and _BULLET.match(text[cursor:min(_line_end(text, cursor), limit)]):
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
        if len(value) > 2 and value[0] in QUOTE_PAIRS and value[-1] in QUOTE_PAIRS[value[0]]:
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
_LINE_LEAD = re.compile(r"^(?:[-•*·・▪►>]|\d{1,2}(?:[)、]|\.(?!\d))|[①-⑩]|[—–]{2}|[—–]\s)\s*")
_BULLET = re.compile(r"^(?:[-•*·・▪►>]|\d{1,2}(?:[)、]|\.(?!\d))|[①-⑩])\s*")
_ALTERNATIVE = re.compile(r"\s*(?:或者是|或者|或是|或|还是|也可以是|也可以|要么|or|/|／)\s*", re.IGNORECASE)
_QUOTE_SPAN_MAX = 60  # a quote left open longer than this across a line break is no quote


def _quote_end(text: str, start: int) -> int | None:
    """The closing quote for the opener at `start`: on its line, or (“粽情端午⏎香飘万家”: a title
    written on two lines) on the next line, for a double or corner quote that holds no other quote."""
    line_end = _line_end(text, start)
    close = _closing_quote(text, start, line_end)
    if close is not None or text[start] in "'‘’" or line_end >= len(text):
        return close
    close = _closing_quote(text, start, _line_end(text, line_end + 1))
    if close is None or close - start > _QUOTE_SPAN_MAX or any(ch in QUOTE_PAIRS for ch in text[start + 1:close]):
        return None
    return close


def _quoted_copy(value: str) -> str:
    """Copy written across a line break inside its quotes is one field, and the break stays: it is
    where the marketer wants the line to wrap (the typesetter honours a hard break)."""
    return value.strip()


_INLINE_QUOTE_CHARS = 6  # “双11”狂欢节: a quoted word inside copy, not copy in quotes


def _opening_quote(text: str, close: int) -> int:
    """Where the quote that closes at `close` opened (searching back on the line)."""
    start = text.rfind("\n", 0, close) + 1
    found = [text.rfind(o, start, close) for o, closers in QUOTE_PAIRS.items() if text[close] in closers]
    return max([start, *found])


def _quote_continues(text: str, end: int, limit: int, rules: CopyRules) -> bool:
    """Does copy run on right after the closing quote (《长安的荔枝》限量签名版)? Then the quote is
    part of the copy. 就行 / 四个字 / 吧 after it, or an instruction, leave it a quote."""
    if end >= limit or not re.match(r"[\w\U0001F300-\U0001FAFF]", text[end]):
        return False
    # Corner quotes and brackets delimit copy; book-title marks and a short “…” are part of it.
    opener = text[end - 1]
    if opener not in "》”\"" or (opener != "》" and end - 1 - _opening_quote(text, end - 1) > _INLINE_QUOTE_CHARS):
        return False
    segment = re.split(r"[，,。；;|｜\n\t\s]", text[end:limit], maxsplit=1)[0]
    return bool(segment) and not (rules.is_instruction(segment) or rules.has_signal(segment)
                                  or _DESIGN_REMARK.search(segment) or rules.after_quote.match(segment))


_OPENERS_ONLY = "“‘「『《【"


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
    while cursor < limit:
        line_end = text.find("\n", cursor, limit)
        line_end = limit if line_end < 0 else line_end
        line = text[cursor:line_end]
        content = _LINE_LEAD.sub("", line.strip())
        if not content or _OUTLINE_NUMBER.fullmatch(content):  # (R2.1 before the next label: an outline's number)
            if fields:
                break
            cursor = line_end + 1
            continue
        if len(content) > 2 and content[0] in QUOTE_PAIRS and content[-1] in QUOTE_PAIRS[content[0]]:
            content = content[1:-1].strip()
        if rules.has_signal(content, first=not fields) or rules.is_placeholder(content) \
                or _aside_on_copy(content, rules) or content[-1] in _OPENERS_ONLY:
            break  # (报名的时候点“…: a sentence around copy taken out, its quote left open)
        if rules.is_action(content) and "cta" not in names:
            name = "cta"
        else:
            name = next((n for n in ("title", "subtitle", "body") if n not in names), "")
        value = _clean(content)
        if value:  # Cancel anytime. Renews at $12.99/month. / Back to School, Sorted.: a line's own stop stays
            value += _closing_stop(content, content.find(value), len(content), own_line=True)
        if not name or not value:
            break
        offset = text.find(value, cursor, line_end)
        fields.append(Field(name, value, offset, offset + len(value)))
        names.add(name)
        end = line_end
        cursor = line_end + 1
    _last_line_as_button(fields, names, rules)
    return fields, end


def _aside_on_copy(line: str, rules: CopyRules) -> bool:
    """（第一行标题，第二行副标题，第三行是按钮） / (last line is the button): a line in brackets that talks
    about the copy lines above it, not one of them."""
    return line[:1] in "（(" and line[-1:] in "）)" and bool(rules.label_candidates.search(line[1:-1]))


# A heading that ends its line with a colon and names the format (马拉松报名海报： / 公益活动海报，需要温暖一点的风格：).
_HEADING_LINE = re.compile(r"^[^\n]{1,240}?[：:﹕][ \t]*\n", re.MULTILINE)
_HEADING_CHARS = 80  # (counted without the blanks left where a key to the fields was)
_HEADED_LINES_MIN = 2


def _headed_lines(text: str, taken: set[str], rules: CopyRules) -> tuple[list[Field], tuple[int, int]]:
    """公益活动海报：⏎“一本书 点亮一个梦想”⏎…⏎我要捐书: under a heading line that names the format and
    ends with a colon, the lines are the copy in the poster's order (as after 文案：). Two lines at least."""
    for heading in _HEADING_LINE.finditer(text):
        if len(re.sub(r"\s+", " ", heading.group().strip())) > _HEADING_CHARS + 1:
            continue
        if not find_alias(heading.group(), rules.lexicon.formats):
            continue
        block, end = _copy_block(text, heading.end(), len(text), taken, rules)
        if len(block) >= _HEADED_LINES_MIN:
            return block, (heading.end(), end)
        break
    opened = _lines_under_opening(text, taken, rules)
    return opened if opened[0] else _lines_pointed_up_at(text, taken, rules)


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
    block = block[:button + 1]
    return block, (opening.end(), block[-1].end)


_BUTTON_CJK_CHARS = 8
_BUTTON_WORDS = 4


def _last_line_as_button(fields: list[Field], names: set[str], rules: CopyRules) -> None:
    """谢谢你，妈妈 / 康乃馨花束 5.12前下单包邮 / 送妈妈一束花: copy lines come in the poster's order,
    title, subtitle, button. With no action phrase among them, a last line that follows a title and
    subtitle and is as short as a button, with no offer in it, is the button (a longer one is body)."""
    if len(fields) < 3 or fields[-1].name != "body" or "cta" in names:
        return
    value = fields[-1].value
    short = len(_CJK_CHAR.findall(value)) <= _BUTTON_CJK_CHARS and len(re.findall(r"[A-Za-z]+", value)) <= _BUTTON_WORDS
    if short and not re.search(r"[，,。.;；：:\d]", value) and not rules.benefit_span(value):
        fields[-1].name = "cta"


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


# 【群聊：拉新项目组】 / 【需求：双11会场】: a bracketed header of the form key：value heads a message, holds no copy.
_BRACKET_HEADER = re.compile(r"[^：:﹕\d]{1,8}[：:﹕]\s*\S")
_CLAUSE_SPLIT = re.compile(r"[，,。；;!?！？]|\.(?=\s|$)")


def _quoted_request(content: str, rules: CopyRules) -> bool:
    """A quote longer than a line of copy whose clauses ask the designer for something (a transcript of
    the brief itself) holds no copy: its words are the request."""
    if len(content) <= _QUOTE_SPAN_MAX:
        return False
    clauses = [part.strip() for part in _CLAUSE_SPLIT.split(content) if part.strip()]
    return len(clauses) >= 2 and any(rules.has_signal(part, first=True) or rules.is_placeholder(part) for part in clauses)


def _in_remark_aside(text: str, opened_at: int, close: int, rules: CopyRules) -> bool:
    """（“稍后再说”用系统默认样式，不用你设计）: a quote opening a bracketed aside whose other words are
    an instruction to the designer names a thing the poster leaves out."""
    if text[opened_at - 1:opened_at] not in ("（", "("):
        return False
    bracket_end = re.compile(r"[）)]").search(text, close + 1, _line_end(text, close))
    rest = text[close + 1:bracket_end.start()] if bracket_end else ""
    return any(rules.is_instruction(part) or rules.has_signal(part, first=True)
               for part in re.split(r"[，,；;]", rest) if part.strip())


# 老板说 “…” / Jason said: "…": the words someone said, which are copy only when they are no remark on the design.
_SPEECH_BEFORE = re.compile(r"(?:说|說|讲|講|表示|觉得|覺得|提到|\b(?i:said|says|mentioned|noted|thinks|asked))[ \t:：，,]*$")
_QUOTE_SENTENCE_END = re.compile(r"[\n。！？!?]|\.(?=\s|$)")


def _taken_back_later(text: str, close: int, rules: CopyRules) -> bool:
    """we tested "Explore Deals" but it underperformed, so drop that: the rest of the quote's sentence
    takes it back (drop that, don't use it, 这个不要了), so it is a version tried, not copy."""
    end = _QUOTE_SENTENCE_END.search(text, close + 1)
    return bool(rules.taken_back_later.search(text, close + 1, end.start() if end else len(text)))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked by a separator, so positions stay put."""
    chars = list(text)
    for start, end in spans:
        for k in range(start, min(end, len(chars))):
            chars[k] = "\n" if chars[k] != "\n" else "\n"
    return "".join(chars)


# 截止日期写上：… / 再写上：…: a write verb and its colon bring copy without a label. A few words before it may
# say what the line is (not how it looks: 字体写：…); 不要写：/ 别写：… keep words off the poster.
_WRITTEN_COLON = re.compile(r"(?:^|(?<=[\n，,。；;|｜ \t]))(?P<what>[^\n，,。；;：:﹕|｜ \t" + "".join(QUOTE_PAIRS) + r"]{0,8}?)"
                            r"(?<!不要)(?<!不用)(?<![不别勿])(?:写上|写着|写成|寫上|寫著|寫成|[写寫])[ \t]*[：:﹕][ \t]*(?=\S)")


def extract_unlabelled(text: str, taken: dict[str, Field], rules: CopyRules,
                       unmasked: str | None = None) -> tuple[dict[str, Field], list[tuple[int, int]]]:
    """Copy the brief gives without labels: quoted strings, action phrases, benefit phrases.
    `text` has the labelled copy masked; `unmasked` is the brief as written (where sentences end)."""
    fields: dict[str, Field] = {}
    spans: list[tuple[int, int]] = []

    def free(name: str) -> bool:
        return name not in taken and name not in fields

    # 1. Quoted strings, in order.
    quoted: list[Field] = []
    i = 0
    while i < len(text):
        ch = text[i]
        # (’s / 's after a letter is an apostrophe; a Chinese sentence opens a quote ‘…’ right after its verb, 就写‘…’)
        if ch in QUOTE_PAIRS and (ch not in "'‘" or i == 0 or not text[i - 1].isalnum()
                                  or (ch == "‘" and _CJK_CHAR.match(text[i - 1]))):
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
            if rules.avoided_quote.search(text, max(0, opened_at - 24), opened_at):
                continue  # 不要用“抢”这个字: a word to keep off the poster
            if _in_remark_aside(text, opened_at, close, rules):
                continue  # （“稍后再说”用系统默认样式，不用你设计）: the brief's aside on a quote, not copy
            if rules.earlier_quote.search(text, max(0, opened_at - 12), opened_at) \
                    or rules.dropped_after_quote.match(text, close + 1):
                continue  # 之前那个「周年庆福利来袭」不用了: the version the brief replaced
            if _taken_back_later(text, close, rules):
                continue  # we tested "Explore Deals" but it underperformed, so drop that
            if _STAND_IN_TEXT.search(content) or _STAND_IN_AFTER.match(text, close + 1):
                continue  # 文字先用 "Headline here" / "CTA" 占位: a layout's stand-ins until the copy comes
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
    button = next((q for q in reversed(quoted[1:] if free("title") else quoted) if rules.is_action(q.value)), None)
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


_BACKGROUND_END = re.compile(r"[\n。！？!?]|\.(?=\s)")  # a sentence or line ends between the offer and the labels


def _describes_offer(text: str, chosen: tuple[int, int], taken: dict[str, Field]) -> bool:
    """话费充值满50减5，移动联通电信都能充。标题：充话费 立减5元: an offer told before the brief labels its
    title is the background the copy was written from; the labels say what goes on the poster."""
    if "title" not in taken:
        return False
    first_label = min(field.start for field in taken.values())
    # (海报 红色 满100减20 按钮立即领取 标题「…」: an offer among the brief's listed parts, no sentence
    # between it and the labels, is still the subtitle)
    return chosen[1] <= first_label and bool(_BACKGROUND_END.search(text, chosen[1], first_label))


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
_MAIL_SUBJECT_LINE = re.compile(r"^[ \t>]*(?:(?:(?i:fwd?|re|subject)|转发|回复|答复)[ \t]*[:：].*|-{2,}[^\n]{1,40}?-{2,}[ \t]*)$",
                                re.MULTILINE)
_MAIL_HEADER_LINE = re.compile(r"^[ \t>]*(?:(?i:from|to|cc|bcc|sent|date|subject)|发件人|收件人|抄送|发送时间|时间|日期|主题)"
                               r"[ \t]*[:：].*$", re.MULTILINE)
_MAIL_HEADER_LINES = 2


# The earlier mail a reply quotes (在 2024年3月12日 …，周敏 写道：⏎> … / On Tue, … Anna wrote:⏎> …): the thread's
# history under the new message. Once the reply gives labelled copy of its own, what was argued over below is
# no copy (a reply that only points down at it, go with option B … as below, still reads it).
_QUOTED_HISTORY = re.compile(r"^[ \t>]*(?:(?:在|於|于)[^\n]{1,80}?(?:写道|寫道)|(?i:on\s[^\n]{1,120}?\swrote))[ \t]*[:：]?[ \t]*\n"
                             r"(?:[ \t]*>[^\n]*(?:\n|$)|[ \t]*\n)+", re.MULTILINE)


def _mail_header_spans(text: str) -> list[tuple[int, int]]:
    """The lines of a pasted mail's header: its subject lines, and a run of two or more header lines."""
    spans = [line.span() for line in _MAIL_SUBJECT_LINE.finditer(text)]
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
# the name, a role in brackets among it, is never a label nor copy.
_CHAT_HEAD_LINE = re.compile(r"^[ \t]*(?:\*\*)?[^\n:：﹕*]{1,40}?(?:\*\*)?(?:[ \t]+|(?<=[)）]))"
                             r"(?:(?i:today|yesterday)[ \t]+(?:at[ \t]+)?)?"
                             r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?[ \t]*$", re.MULTILINE)


# 【生鲜运营群】 / [Teams – #growth-design]: a pasted chat's first line names the group or channel it came from.
_CHAT_ROOM_LINE = re.compile(r"^[ \t]*[【\[][^\]】\n]{0,30}?(?:(?:群|群聊|群组|群組|频道|頻道)|#[\w-]{2,30})[ \t]*[】\]][ \t]*$",
                             re.MULTILINE)


def _chat_head_spans(text: str) -> list[tuple[int, int]]:
    return [head.span() for head in (*_CHAT_HEAD.finditer(text), *_CHAT_HEAD_LINE.finditer(text),
                                     *_CHAT_ROOM_LINE.finditer(text))]


# (标题/副标题/按钮) / (line 1 = title, line 2 = small text under it, line 3 = button): brackets on one line.
_BRACKETS = re.compile(r"[（(][^()（）\n]{3,120}[）)]")
_KEY_FIELDS_MIN = 2


def _field_keys(text: str, rules: CopyRules) -> list[tuple[tuple[int, int], list[str]]]:
    """Brackets that name two or more fields ((标题/副标题/按钮), (headline first, button is the last one)):
    a key to the copy lines, in the order it names them. Its words are no label and no copy."""
    keys = []
    for bracket in _BRACKETS.finditer(text):
        named = [rules.label_field(label.group("label")) for label in rules.label_candidates.finditer(bracket.group())]
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
# Please use the Chinese for this poster / 用中文版 / 香港APP只印繁体 / app只上英文版: which of them the brief asks for.
_LANGUAGE_CHOICE = re.compile(r"(?i:\b(?:use|go\s+with|take|pick|print|keep)\s+(?:the\s+|only\s+(?:the\s+)?)?(?P<en>chinese|english)\b)"
                              r"|(?:用|使用|採用|采用|选|選|只印|只上|只用|只放|只出|只做|仅用|僅用|只要)"
                              r"(?P<zh>中文|英文|繁体|繁體|简体|簡體)")


def _language_of(word: str) -> str:
    """en, zh (simplified Chinese, or Chinese unsaid) or hant (traditional Chinese)."""
    if word.lower() in ("en", "english", "eng") or word.startswith("英"):
        return "en"
    return "hant" if word.startswith("繁") else "zh"


# Title: 新年快乐 / Happy New Year: one value in two languages, a spaced slash between them.
_LANGUAGE_SLASH = re.compile(r"[ \t]+[/／][ \t]+|[ \t]*／[ \t]*")


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
    wanted = _language_of(choice.group("en") or choice.group("zh"))
    return [(start, end) for section, start, end in sections if _language_of(section.group("language")) != wanted]


# No button – tapping the whole card opens the offer / 不要按钮：整张图可点: what follows the taking back says why.
_REASON_GAP = re.compile(r"[ \t]*(?:[-–—]+|[：:﹕，,])[ \t]*")


# 【APP-2231】 / [MKT-118] / GROW-42: a ticket's key (a project's capitals, a dash, a number).
_TICKET_KEY = re.compile(r"(?<![A-Za-z0-9-])[A-Z][A-Z0-9]{1,9}-\d{1,6}(?![\w-])")


def _ticket_field_spans(text: str, rules: CopyRules) -> list[tuple[int, int]]:
    """In a pasted ticket (its key names it), the key and the labels of the ticket's own fields (描述：, Description:,
    验收标准：): the ticket's words about the job. The copy comes under the brief's own labels."""
    if not (key := _TICKET_KEY.search(text)):
        return []
    return [key.span(), *(field.span() for field in rules.ticket_field.finditer(text))]


# ~~Headline: The future is electric~~ / ~~旧标题~~: Markdown's strikethrough marks a line taken out of the copy.
# (a tilde run glued to words is a chat's 好的~~, not a strikethrough)
_STRUCK_THROUGH = re.compile(r"(?<![~\w])~~(?=\S)[^~\n]{1,200}?(?<=\S)~~(?!~)")


def extract_copy(text: str, rules: CopyRules) -> tuple[dict[str, str], str]:
    """The brief's copy (labelled first, then unlabelled) and the text left for subjects."""
    full_text = text
    text = text[:_first_poster_end(text, rules)]
    keys = _field_keys(text, rules)
    chat_heads = _chat_head_spans(text)
    struck = [found.span() for found in _STRUCK_THROUGH.finditer(text)]  # ~~Headline: …~~: crossed out, no copy
    copy_text = _blank(_mask(text, [*_mail_header_spans(text), *_other_language_spans(text, rules), *struck]),
                       [*(span for span, _ in keys), *chat_heads, *_ticket_field_spans(text, rules)])
    messages = tuple(start for start, _ in chat_heads)  # in a chat, a later message's word on a field wins
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
        if block:
            masked = _mask(masked, [block_span])
            spans = [*spans, block_span]
    unlabelled, more = extract_unlabelled(masked, labelled, rules, text)
    if rules.no_text.search(text):  # 图上不要放文字: an offer the instructions mention is no copy
        unlabelled = {}
    fields = {**unlabelled, **labelled}
    # 不要副标题 after 副标题：积分翻倍: the brief took the field back.
    for taken_back in rules.removal.finditer(text):
        name = rules.field_of.get(_label_key(taken_back.group("before") or taken_back.group("after")))
        if name in fields and (taken_back.start() >= fields[name].start
                               or taken_back.start() < fields[name].start < taken_back.end()  # 副标题两版都不要
                               or _REASON_GAP.fullmatch(text, taken_back.end(), fields[name].start)):
            del fields[name]
    # Quoted copy leaves the text; an unquoted benefit or button stays, since it names the
    # subject too (文具满100减20).
    rest = _mask(_mask(text, spans), [span for span in more if text[span[0]] in QUOTE_PAIRS]) \
        + full_text[len(text):]
    if "cta" in fields:
        fields["cta"].value = _BUTTON_ARROW.sub("", fields["cta"].value)
        if box := _BUTTON_BOX.fullmatch(fields["cta"].value):
            fields["cta"].value = box.group("a") or box.group("b") or box.group("c")
    for field in fields.values():
        field.value = _without_gloss(field.value)
    if choice := _LANGUAGE_CHOICE.search(text):  # bilingual copy, this market prints the Chinese only
        for field in fields.values():
            field.value = _one_language(field.value, _language_of(choice.group("en") or choice.group("zh")))
    if "{" in text:  # "title": {"en": …, "zh_TW": …}: the version the brief asks for
        for field in fields.values():
            field.value = _version_asked_for(field.value, text)
    return {name: fields[name].value for name in FIELDS if name in fields and fields[name].value}, rest


# ---------------------------------------------------------------------------- claims
class ClaimRules:
    """Numbers, prices, discounts, free gifts and deadlines: never in generated copy unless the
    brief said them."""

    def __init__(self, patterns: list[str]):
        self.patterns = [re.compile(p) for p in patterns]

    def invented(self, copy_text: str, brief_text: str) -> list[str]:
        """The claims in `copy_text` that `brief_text` does not state."""
        said = brief_text.lower()
        found = []
        for pattern in self.patterns:
            for match in pattern.finditer(copy_text):
                token = match.group().strip().lower()
                if token and token not in said:
                    found.append(match.group().strip())
        return list(dict.fromkeys(found))
