"""The brief's vocabulary compiled once from prompts/lexicon/brief.yaml: label words, action and
benefit phrases, instruction words (`CopyRules`), and the claims generated copy must never make
(`ClaimRules`).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.aliases import color_words, find_alias
from agent.brief_copy.text import _ARROW, _CJK, _CJK_CHAR, QUOTE_PAIRS, SECOND_BUTTON, _label_key
from tools.colors import COLORS, find_colors

if TYPE_CHECKING:
    from agent.brief import BriefLexicon


# 图片仅供参考，以实物为准 is the fine print every product poster carries, not a remark on the pictures (图片放右边).
_PICTURE_DISCLAIMER = r"(?!(?<=图片)(?:仅供参考|仅作参考|僅供參考|仅供示意|仅为示意|以实物为准|以實物為準|请以实物为准))"
_COLON = r"[：:﹕=＝]"  # (标题＝…: a full-width equals sign, as a half-width one, stands for the colon)
_TYPO_LABEL_CHARS = 6
# (按钮-马上领券: a hyphen between Chinese; 标题-「一手收车 遛娃不累」: or before a quote)
_DASH = r"(?:[-–—]+(?=\s)|[—–]+|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff「『“【《]))"


# Also / And / Oh and / Plus / PS before a request to the designer (Also please put flags of many countries)
_EN_LEAD_IN = re.compile(r"(?i)^(?:(?:also|and|oh|plus|btw|ps|p\.s\.)[,:]?[ \t]+)+(?=please\b|pls\b|plz\b|kindly\b)")


# Title / Cyber Monday: a spaced slash after a label that heads its line stands for the colon.
_SLASH_COLON = r"(?<=[ \t])[/／](?=[ \t])"


# What follows 标题用… when it is a design remark: 黑体, 大号字, 英文, 渐变, 居中, 放在中间, 大一点 (在线报名 is copy: 在线 is online).
_DESIGN_REMARK = re.compile(r"^(?:在(?!线|線)|到|于)|(?:色|体|风|感|调|字|(?<!\d)号|系|文|图|效果|描边|渐变|居中|加粗|排版|一点|一些"
                            r"|中间|左边|右边|左侧|右侧|上方|下方|角|边)$")


# 哎 / 诶 / 嗯: a speaker's interjection that may open a clause before its words
_INTERJECTION = r"(?:[哎诶欸嗯呃][呀哟]?[，,]?[ \t]*)?"


# Words that place a quote ('Shop now' on the app banner) or join it to more words: never part of a name's head.
_PLACING_WORDS = (r"(?:on|in|at|to|for|as|with|under|below|above|over|beside|next|into|onto|inside"
                   r"|and|or|the|a|an|of|from|by)")


# the first line is the big headline: a place on the poster named by its size or height, as a legend may name a line
_SIZED_PLACE = re.compile(r"(?:big|large|top)[ \t]+(?:headline|title|line|text)")
# (啊不对不对半价不行，写…: the part taken back, judged)
_JUDGED_WRONG = r"(?:不行|不对|不對|不好|不能用|不能写|不能寫|不可以|有问题|有問題)"
# second line smaller: the line a size down from the headline's, the subtitle
_SMALLER_LINE = {"smaller": "subtitle", "a bit smaller": "subtitle", "slightly smaller": "subtitle",
                 "smaller text": "subtitle",
                 # (…, last one tiny at the bottom / third line small at the bottom: the fine print, by size and place)
                 "tiny at the bottom": "body", "small at the bottom": "body", "tiny at the very bottom": "body",
                 "small at the very bottom": "body"}


class CopyRules:
    """The compiled rules; built once per lexicon."""

    def __init__(self, lexicon: "BriefLexicon"):
        data = lexicon.data
        self.lexicon = lexicon
        second = data.get("second_button_labels", {})
        self.field_of = {_label_key(name): SECOND_BUTTON for name in second.get("labels", [])}
        self.field_of.update({_label_key(name): field for field, names in lexicon.copy_labels.items() for name in names})
        # headlin: / Headlne:: the one-word English labels long enough that a one-letter typo still names them
        self.typo_mendable_labels = frozenset(key for key in self.field_of
                                              if key.isascii() and key.isalpha() and len(key) >= _TYPO_LABEL_CHARS)
        self.second_after_primary = {_label_key(name) for name in second.get("after_primary", [])}
        self.primary_button = re.compile(r"(?<![A-Za-z])(?:" + _alternation(second.get("primary", [])) + r")(?![A-Za-z])"
                                         if second.get("primary") else r"(?!)", re.IGNORECASE)
        # 上面写… / 大字写…: a position on the poster used as a label (needs 写, a colon or a quote).
        self.position_field_of = {_label_key(name): field for field, names in data.get("position_labels", {}).items()
                                  for name in names}
        self.text_size_positions = {_label_key(name) for name in data.get("text_size_positions", [])}
        self.fine_print_cue = re.compile(_alternation(data.get("fine_print_cues", [])) or r"(?!)")
        # 文案：⏎… / copy: a block of copy lines; as a one-line label, the title (needs a colon or quote).
        self.block_labels = {_label_key(name) for name in data.get("copy_block_labels", [])}
        # 内容/描述: generic words that are a label only at a line or clause start (主图内容 is no label).
        self.standalone_labels = {_label_key(name) for name in data.get("standalone_labels", [])}
        secondary_labels = data.get("secondary_labels", {})
        self.secondary_labels = {_label_key(name) for name in secondary_labels.get("labels", [])}
        self.colon_labels = {_label_key(name) for name in secondary_labels.get("need_colon", [])}
        # 合规：… heading two messages of a chat (市场部：… ⏎ 合规：可以): the team speaking, no label there.
        self.role_labels = {_label_key(name) for name in secondary_labels.get("roles", [])}
        labels = sorted({name for names in lexicon.copy_labels.values() for name in names}
                        | set(second.get("labels", []))
                        | set(data.get("position_labels", {}).get("title", []))
                        | set(data.get("position_labels", {}).get("subtitle", []))
                        | set(data.get("copy_block_labels", [])), key=len, reverse=True)
        # button_text / call_to_action: the keys of a JSON or YAML snippet spell spaces as underscores.
        # (这次标题用：…: 次 there ends 这次 (this time), and 标题 is the label, not 次标题)
        alternatives = "|".join(("(?<![这那上下本每首再這])" if label.startswith("次") else "")
                                + re.escape(label).replace(r"\ ", r"[\s_]+").replace(r"\-", r"[-_\s]?")
                                for label in labels)
        # Brackets (【标题】 ［标题］ 「标题」 **Title** （标题） (Headline)) and quotes ("title": …) may wrap a label.
        self.label_candidates = re.compile(
            _starts_with(["【", "[", "［", "「", "『", "*", "（", "(", '"', "'"], labels)
            + rf"(?P<open>【|\[|［|「|『|\*\*?|（|\(|\"|')?(?:(?<![A-Za-z0-9_-])|(?=[\u4e00-\u9fff]))"
            rf"(?P<label>{alternatives})"  # (banner按钮太长了: a Chinese label may follow a Latin word)
            rf"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_]))"  # 标题Big Sale: a Chinese label may touch Latin
            rf"(?!(?<=under|below)[ \t]+(?:it|that)\b)"  # (the line under it: under it is the place, not the line under)
            rf"(?P<close>】|\]|］|」|』|\*\*?|）|\)|\"|'|\s*[：:﹕]\s*\*\*?)?",  # **Headline:** puts the colon inside the bold
            # (*Headline:*: a chat app's bold is one star a side)
            re.IGNORECASE)
        # 「会员专享日」作为主标题 / Winter Sale as the headline: a verb between the value and its label.
        self.label_after_verb = re.compile(
            # (“…”这个做大标题: the pointer, then the verb)
            r"(?:(?:这句话|这一句|这句|這句話|這一句|這句|这个|這個)\s*)?(?:" + _alternation(data.get("label_after_verbs", {}).get("zh", []))
            + r")(?:(?<=[在到])\s*(?:" + (_alternation(data.get("label_after_verbs", {}).get("zh_places", [])) or r"(?!)")
            # (把“尝鲜价9.9”放到最下面当小字: the place, then what the words serve as there)
            + r")的?(?:当|當|作为|作為|做)?)?\s*$"
            # (「新用户首月1元」是标题: right after its closing quote, 是 says which field the quoted words are)
            r"|(?<=[」”\"』’'])[ \t]*(?:就是|是)\s*$"
            r"|(?i:(?<![A-Za-z])(?:" + _alternation(data.get("label_after_verbs", {}).get("en", []))
            + r")\s+(?:the\s+|a\s+|our\s+)?)$"
            # (Free shipping on the banner; drinks on deck: "on" with no article is the copy's own preposition)
            r"|(?i:(?<![A-Za-z])(?:" + (_alternation(data.get("label_after_verbs", {}).get("en_before_article", []))
                                        or r"(?!)") + r")\s+(?:the|a|our)\s+)$"
            # "Midnight Cravings?" - headline / 扫码投递 ← 这个当按钮: a dash or an arrow pointing back at the value
            r"|(?<=[\s" + "".join(QUOTE_PAIRS.values()) + r"])[-–—]{1,2}[ \t]*$|(?:←|<-{1,2}|⬅️?)")
        under = data.get("label_after_verbs", {}).get("under_previous", [])
        self.under_previous = re.compile(
            rf"[\"”’」』][ \t]*(?P<where>(?<![A-Za-z])(?:{_alternation(under)}))[ \t]*[.。,，]?[ \t]*$" if under else r"(?!)",
            re.IGNORECASE | re.MULTILINE)
        position_verbs = data.get("label_after_verbs", {}).get("position_en", [])
        # ("…" <- big text ⏎ "…" <- smaller line: an arrow points back at the value as for a field's label)
        self.position_after_verb = re.compile((rf"(?<![A-Za-z])(?:{_alternation(position_verbs)})\s+(?:the\s+)?$|"
                                               if position_verbs else "") + r"(?:←|<-{1,2}|⬅️?)[ \t]*$", re.IGNORECASE)
        markers = data.get("poster_markers", {})
        # 海报一：… 海报二：… / Banner A … Banner B: one brief for several posters (the first is made).
        self.poster_marker = re.compile(
            r"(?:(?<![A-Za-z])(?P<word>" + _alternation(markers.get("words", [])) + r")\s*[#＃]?\s*(?P<n>[一二12①②AB])"
            r"(?![0-9A-Za-z张幅款个份套件])|第\s*(?P<nth>[一二12])\s*(?:张|幅|版|个|款))", re.IGNORECASE)
        self.no_text = re.compile("|".join(data["instructions"].get("no_text", [])) or r"(?!)", re.IGNORECASE)
        self.to_designer = re.compile(data["instructions"].get("to_designer") or r"(?!)")
        self.copy_pending = re.compile("|".join(data["instructions"].get("copy_pending", [])) or r"(?!)")
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
        # (Button-shaped sticker: / CTA badge: the form the field is drawn in, between the label and its colon)
        self.label_form = re.compile(rf"-?(?:shaped|style|styled)?[ \t]*(?:{_alternation(remarks.get('forms', []))})"
                                     if remarks.get("forms") else r"(?!)", re.IGNORECASE)
        self.label_placement = re.compile(rf"(?<![A-Za-z])(?:{_alternation(remarks.get('placements', []))})(?![A-Za-z])"
                                          if remarks.get("placements") else r"(?!)", re.IGNORECASE)
        # (标题两个备选 / three headline options: how many there are may come first)
        self.label_options = re.compile(rf"(?:(?:[两二三四五几\d]\s*个|(?:two|three|four|five|a\s+few|some)\s+)?"
                                        rf"(?:{_alternation(remarks.get('options', []))})"
                                        # (标题备选有俩 / 备选有两个: the count said after the options word)
                                        rf"(?:\s*(?:有|共|一共)\s*(?:[两二三四五几\d]\s*个|俩|仨))?)"
                                        if remarks.get("options") else r"(?!)", re.IGNORECASE)
        self.sole_line_labels = {_label_key(name) for name in data.get("sole_line_labels", [])}
        self.layout_labels = {_label_key(name) for name in remarks.get("layout_labels", [])}
        self.footnote_labels = {_label_key(name) for name in remarks.get("footnote_labels", [])}
        self.added_line = re.compile(remarks.get("added_line") or r"(?!)")
        # 副标题写…即享好礼最下面小字写…: a place on the poster glued before a label says where that label's line goes; it
        # starts the label, it ends no value (Chinese places that name no text themselves: 最下面, 底下, not 小字, 大字).
        places = [name for name in [*data.get("position_labels", {}).get("title", []),
                                    *data.get("position_labels", {}).get("subtitle", []), *remarks.get("bottom", []),
                                    *remarks.get("sides", [])]
                  if _CJK_CHAR.match(name) and "字" not in name and not any(label in name for label in self.field_of)]
        self.place_before_label = re.compile(rf"(?:{_alternation(places)})\Z" if places else r"(?!)")
        self.bottom_placement = re.compile(rf"(?<![A-Za-z])(?:{_alternation(remarks.get('bottom', []))})(?![A-Za-z])"
                                           if remarks.get("bottom") else r"(?!)", re.IGNORECASE)
        self.printed_lead = re.compile(rf"(?<![A-Za-z])(?:{_alternation(remarks.get('printed', []))})[ \t]*$"
                                       if remarks.get("printed") else r"(?!)", re.IGNORECASE)
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
        # OBJECTIVE / ## Key message / 2. Audience — …: a creative brief's strategy section heading its line (see
        # _brief_section_spans).
        self.brief_section = re.compile(rf"^[ \t]*(?:#+[ \t]*)?(?:\d{{1,2}}[.)、][ \t]*)?(?:\*\*)?"
                                        rf"(?P<name>{_alternation(data.get('brief_sections', []))})(?:\*\*)?"
                                        rf"[ \t]*(?:[：:﹕]|[—–-](?=[ \t])|$)"
                                        if data.get("brief_sections") else r"(?!)", re.IGNORECASE | re.MULTILINE)
        notes = data.get("designer_notes", {})
        # 注意事项（给美术）： / Notes for the designer: / 给设计的要求：: a short line ending in its colon that names notes
        # and whom they are for (see _designer_note_spans).
        self.notes_heading = re.compile(rf"^[ \t]*[^\n：:﹕{''.join(QUOTE_PAIRS)}]{{2,30}}[：:﹕][ \t]*$", re.MULTILINE)
        self.notes_word = re.compile(rf"(?<![A-Za-z])(?:{_alternation(notes.get('notes', []))})(?![A-Za-z])",
                                     re.IGNORECASE) if notes else re.compile(r"(?!)")
        self.notes_addressee = re.compile(rf"(?<![A-Za-z])(?:{_alternation(notes.get('addressees', []))})(?![A-Za-z])",
                                          re.IGNORECASE) if notes else re.compile(r"(?!)")
        # 建议改成“…” with no label before it: a correction of copy given earlier (see _unlabelled_corrections).
        # (wait, change $12 to $10 — "Fill Your Growler for $10": the change told, then a dash and the new words)
        self.bare_correction = re.compile(
            rf"(?:{_alternation(data['label_connectors'].get('correction', []) + data['label_connectors'].get('settle_leads', []))}"
            rf"|(?i:(?<![A-Za-z])change\s[^\n{''.join(QUOTE_PAIRS)}]{{1,40}}?\sto\s[^\n{''.join(QUOTE_PAIRS)}]{{1,30}}?[ \t]*[—–-]{{1,2}}))"
            rf"[ \t]*[：:﹕]?[ \t]*"
            rf"(?=[{''.join(QUOTE_PAIRS)}])"
            if data["label_connectors"].get("correction") else r"(?!)")
        # hmm 太 aggressive 了，改成：你的…: unquoted, the new words follow a correction verb's colon to the line's end.
        # (标题=充直送时长 ⏎ 打错了 是充值送时长: a typo owned up to on a line of its own, the right words after 是)
        self.bare_correction_colon = re.compile(
            rf"(?:(?:{_alternation(data['label_connectors'].get('correction', []))})[ \t]*[：:﹕]"
            rf"|(?<![^\n])[ \t]*(?:打错了|写错了|打錯了|寫錯了)[ \t，,]*(?:应该是|應該是|是))[ \t]*"
            rf"(?=[^\s{''.join(QUOTE_PAIRS)}])"
            if data["label_connectors"].get("correction") else r"(?!)")
        leads = data["label_connectors"].get("correction_leads", [])
        # 更正一下，副标题… / sorry, the button should say …: the lead heads its clause, the label follows it.
        # (Time to update⏎Button: …: a lead word on the line before the label heads that line or sentence, or it ends the copy)
        # (actually can the button say "…"? / could the headline read …: asked, after the field was given, the fix)
        # (哎改一下，副标题写「…」: a voice's interjection before the lead)
        self.correction_lead = re.compile(
            rf"(?:(?:^|[\n，,。；;!?！？：:]|(?<=[.\s]))[ \t]*{_INTERJECTION}(?:{_alternation(leads)})(?![A-Za-z])[ \t]*[，,:：—–-]*[ \t]*"
            rf"(?:(?:can|could)\s+)?(?:(?i:the|a)\s+)?\Z|(?:^|(?<=\n)|(?<=[.!?。！？；;]\s)|(?<=[。！？；;]))[ \t]*(?:{_alternation(leads)})(?![A-Za-z])"
            rf"[ \t]*[，,:：—–-]*[ \t]*\n\Z|(?:^|(?<=\n)|(?<=[.!?。！？；;]\s))[ \t]*(?:can|could)\s+the\s+\Z)"
            if leads else r"(?!)", re.IGNORECASE)
        # 更正：限量改成2000套 副标题：…: a lead and its colon heading the line make every label on it a correction.
        # (啊不好意思，标题用“…”，按钮用“…”: or its comma)
        # (——更正：副标题写“…”: a dash rule may open it)
        # (⚠️更正：… / ❗Update: …: a sign before the word that heads the line)
        self.correction_heads_line = re.compile(rf"[ \t>*#•—–\-\u2600-\u27BF\U0001F300-\U0001FAFF\uFE0F]*"
                                                rf"(?:{_alternation(leads)})(?![A-Za-z])[ \t]*[：:﹕，,]"
                                                if leads else r"(?!)", re.IGNORECASE)
        finals = data["label_connectors"].get("final_version", [])
        # 第二版（定稿）：⏎… / final (approved):⏎…: a short heading line that names the version under it final
        # (Body: Final hours! is a labelled value, no heading). (领导意见：标题太普通。最终稿以此为准：: it may close the line's
        # last sentence, as a revision heading may)
        self.final_heading = re.compile(
            rf"(?:^|(?<=[.!?]\s)|(?<=[。！？]))[ \t>*#•-]*[^\n:：﹕]{{0,16}}?(?<![A-Za-z])(?:{_alternation(finals)})(?![A-Za-z])"
            rf"[^\n{''.join(QUOTE_PAIRS)}]{{0,24}}?"
            rf"(?:[：:﹕][ \t]*|[ \t]*[-–—]+[ \t]*)?$" if finals else r"(?!)", re.IGNORECASE | re.MULTILINE)
        revisions = data["label_connectors"].get("revision_headings", [])
        # OLD: … ⏎ NEW (please use this one): / …drinks only. Updated: / 修改后：: the revision word opens the line or a
        # sentence at its end, a short remark may follow it, and a colon ends the line.
        self.revision_heading = re.compile(
            rf"(?:^|(?<=[.!?。！？]\s)|(?<=[。！？]))[ \t>*#•-]*(?<![A-Za-z])(?:{_alternation(revisions)})(?![A-Za-z])"
            rf"[^\n:：﹕{''.join(QUOTE_PAIRS)}]{{0,30}}?[：:﹕][ \t]*$" if revisions else r"(?!)", re.IGNORECASE | re.MULTILINE)
        following = data["label_connectors"].get("use_following", [])
        # Design team — please use the following, …: / 设计部请按以下文字出图：: anywhere on a line that ends in its colon.
        self.follow_heading = re.compile(
            rf"^[^\n]{{0,40}}?(?<![A-Za-z])(?:{_alternation(following)})(?![A-Za-z])[^\n:：﹕]{{0,50}}?"
            rf"[：:﹕][ \t]*$" if following else r"(?!)", re.IGNORECASE | re.MULTILINE)
        retractions = data["label_connectors"].get("retractions", [])
        # …，不对不对，改成…: a whole segment that takes back what came before, then maybe its verb.
        # …不对，识别断行了，标题就…: the same words between a value and its label given again take the value back.
        # (不是 only standing alone: 不是说标题就叫…吗 asks, it takes nothing back)
        self.retraction_word = re.compile(rf"(?<![A-Za-z])(?:{_alternation(retractions)})(?![A-Za-z])"
                                          rf"(?!(?<=不是)[{_CJK}])" if retractions else r"(?!)", re.IGNORECASE)
        retraction_verbs = _alternation(data["label_connectors"].get("retraction_verbs", []))
        self.retraction = re.compile(
            # (麻辣烫…不对不对是写…: a trailing-off may come before it, and the verb may touch it)
            # (…'A'，嗯，不行，…: a filler may come first)
            rf"(?:^|[，,。；;—–\s]+|(?<=[.!?！？…]))(?:(?:嗯|呃|额)+[，,。\s…]*)?(?:{_alternation(retractions)})"
            rf"(?:(?![A-Za-z{_CJK}])|(?=(?:还是)?(?:{retraction_verbs}))"
            rf"|(?<=[对對])(?=[^\s，,。；;]{{1,8}}?{_JUDGED_WRONG}[\s，,]))[，,。.!！、\s—–-]*"
            # (不对不对 不叫安装季 叫 焕新季: the word taken back named again, then the one meant)
            rf"(?:不(?:叫|是|写|寫)[^\s，,。；;]{{1,10}}[\s，,]+(?=(?:叫|是|写|寫)))?"
            # (啊不对不对半价不行，写…: the part taken back judged, then the words meant)
            rf"(?:(?<=[对對])[^\s，,。；;]{{1,8}}?{_JUDGED_WRONG}[\s，,]+"
            rf"(?=(?:还是)?(?:{retraction_verbs})))?"
            rf"(?:(?:还是)?(?:{retraction_verbs})(?![A-Za-z])[：:\s]*)?"
            if retractions else r"(?!)", re.IGNORECASE)
        removal = data.get("copy_removal", {})
        label_names = [name for names in lexicon.copy_labels.values() for name in names]
        names = _alternation(label_names)
        # 不要副标题 / 副标题去掉 / no subtitle: the brief takes back a field (later words win). One
        # pattern over all labels, longest first, so 副标题不要了 never reads as 标题不要了.
        self.removal = re.compile(
            _starts_with(removal.get("before", []), label_names)
            + rf"(?:(?<![A-Za-z])(?:{_alternation(removal.get('before', []))})\s*(?:the\s+|a\s+|any\s+)?"
            rf"(?:separate\s+|extra\s+|additional\s+|单独的?|另外的?|额外的?)?(?P<before>{names})"
            rf"|(?<![A-Za-z])(?P<after>{names})\s*(?:(?:{_alternation(removal.get('pointer', [])) or '(?!)'})\s*)?"
            rf"(?:(?:{_alternation(removal.get('when', [])) or '(?!)'})\s*)?"
            rf"(?:{_alternation(removal.get('after', []))}))"
            rf"(?:\s*(?:{_alternation(removal.get('tail', []))}))?(?=$|[，,。.；;！!～~）)]|[了啦哈吧呀哦]|\s*\n|\s+(?![A-Za-z]))",
            re.IGNORECASE)
        # go with option B for the headline / 标题用方案B: the brief picks one of the options it lists.
        # 第一行那句是标题 / the first line is the headline: a field named by the line of the brief that holds it.
        # (a legend under pasted lines: 第一行 title，第二行 sub，第三行小字 / 第二句放底部当小字 / 1 = headline, 2 = supporting
        # line / first line 大标题 second 副标题 … last 小字 / second is the sub, third line goes at the bottom small)
        # (the first line is the big headline / line 2 = sub / second line smaller: a place on the poster or the size a
        # step down from the headline's names the field as its label does)
        # (only the English places that name a line by its size or height, never 大字 or under it, whose legend (第一行做大字
        # / second under it) the block of lines above already reads)
        sized_places = [name for names in data.get("position_labels", {}).values()
                        for name in names if _SIZED_PLACE.fullmatch(name)]
        line_names = _alternation(label_names + sized_places + list(_SMALLER_LINE))
        self.line_named = re.compile(
            r"(?:(?:第\s*(?P<zh>[一二三四五六\d])|(?P<zh_last>最后|最後)\s*一?)\s*(?:行|句|个|個|条|條)"
            r"(?:那句|那一句|那行|那个|那個|的字|的文字|的文案|文字|文案)?"
            r"|(?<![A-Za-z\d])(?P<number>[1-6])[ \t]*(?=[=＝→]|->)"
            r"|(?<![A-Za-z])(?i:line)[ \t]*(?P<line_number>[1-6])(?![\d.])"
            r"|(?<![A-Za-z])(?:the[ \t]+)?(?P<en>first|second|third|fourth|fifth|top|last)"
            r"(?:[ \t]+(?:line|one|sentence|row))?)"
            r"[ \t]*(?:就是|是|做|当|當|作为|作為|用作"
            r"|(?P<zh_bottom>放(?:在|到)?(?:底部|最下面|最底下|底下|下面|底(?=[，,。；;\s]|$)))(?:当|當|做|作为|作為)?"
            r"|[=＝→]|->|[:：]|(?i:is|will[ \t]+be|should[ \t]+be|goes|as)\b"
            r"(?:[ \t]+(?P<en_bottom>at[ \t]+the[ \t]+(?:very[ \t]+)?bottom))?(?:[ \t]+as)?(?:[ \t]+(?:the|a|an))?"
            # (first line 大标题 / 第三行小字: after the line's word the field's name may follow at once)
            r"|(?<=[行句个個条條])|(?<=line)|(?<=one)|(?<=sentence)|(?<=first)|(?<=second)|(?<=third)|(?<=last)"
            r"|(?<=line[1-6])|(?<=line[ \t][1-6]))[ \t]*"
            rf"(?:(?<![A-Za-z])(?P<label>{line_names})(?![A-Za-z])|(?<=底部)|(?<=最下面)|(?<=底下)|(?<=放底)|(?<=bottom))"
            # (第3行按钮我改了: the field's name runs on into a sentence about it, no legend)
            r"(?=[ \t]*(?:[，,。.；;、)）!！\n]|$|[ \t]+\S))", re.IGNORECASE)
        # Revision rounds: v1 … v2 … v3 …, then 标题用 v3 / prefers v2's headline: the version picked for each field.
        version = r"(?<![A-Za-z0-9])[vV](?P<version>\d)(?!\d|\.\d)"
        self.version_choice = [re.compile(pattern.replace("{labels}", names).replace("{version}", version), re.IGNORECASE)
                               for pattern in data.get("version_choice", {}).get("patterns", [])]
        # Go with v2. / 就用v2吧: a pick that names no field takes every field that version gives.
        self.version_bare_choice = [re.compile(pattern.replace("{labels}", names).replace("{version}", version),
                                               re.IGNORECASE | re.MULTILINE)
                                    for pattern in data.get("version_choice", {}).get("bare_patterns", [])]
        # 标题还是用第一版 / 算了还是用第一版吧: a field (or every changed one) sent back to an earlier round's value.
        self.round_pick = re.compile(data["round_pick"].replace("{labels}", names), re.IGNORECASE) \
            if data.get("round_pick") else re.compile(r"(?!)")
        # Its label is optional, so a text where the rest of the pattern is nowhere holds no pick: the rest alone is
        # searched first, sparing a try of every label at every position of every brief.
        self.round_pick_rest = re.compile(data["round_pick"][len(_OPTIONAL_LABEL_LEAD):], re.IGNORECASE) \
            if (data.get("round_pick") or "").startswith(_OPTIONAL_LABEL_LEAD) else None
        choice = data.get("option_choice", {})
        self.option_choice = [re.compile(pattern.replace("{labels}", names), re.IGNORECASE)
                              for pattern in choice.get("patterns", [])]
        # 不要用“抢”这个字 / 竞品文案，别用：⏎“…”: a quote the brief keeps off the poster (a few words may come
        # between the verb and a colon that heads the quote's line; DON'T add the line about '…' / 别加那句“…”: the line the
        # quote names may come between; do NOT use the line "…": the line named bare).
        self.avoided_quote = re.compile(
            rf"(?<![A-Za-z])(?:{_alternation(removal.get('avoided', []) + removal.get('undecided', []))})(?![A-Za-z])"
            rf"(?:[^，,。；;\n]{{0,12}}?[：:]|\s+(?:the|a|any|that)\s+(?:line|bit|part|sentence|words?|text|note)"
            rf"(?:\s+(?:about|saying|that\s+says|with))?|[ \t]*(?:那句|这句|那行|这行|那条|这条)(?:话)?)?\s*$",
            re.IGNORECASE) if removal.get("avoided") else re.compile(r"(?!)")
        # 之前那个「…」 / 「…」不用了 / instead of "…": a quote the brief takes back.
        self.earlier_quote = re.compile(rf"(?<![A-Za-z])(?:{_alternation(removal.get('earlier', []))})\s*[（(]?\s*$",
                                        re.IGNORECASE) \
            if removal.get("earlier") else re.compile(r"(?!)")
        self.dropped_after_quote = re.compile(rf"\s*(?:就|也|都)?(?:{_alternation(removal.get('after', []))})"
                                              rf"(?=$|[，,。.；;！!～~\s了啦吧哈])") \
            if removal.get("after") else re.compile(r"(?!)")
        self.not_printed = re.compile(rf"(?:{_alternation(removal.get('not_printed', []))})[了哈吧啦哦]?[ \t]*(?:$|[。.！!，,；;])",
                                      re.IGNORECASE | re.MULTILINE) if removal.get("not_printed") else re.compile(r"(?!)")
        self.taken_back_later = re.compile("|".join(removal.get("taken_back_later", [])) or r"(?!)", re.IGNORECASE)
        connectors = data["label_connectors"]
        # (底下小字写一下 扫码领停车券: a voice note's 写一下, then a pause; 小字写一下自动续费的事 talks about the line)
        # (标题就用英文 Protect Your Crew: the language named, then the words; 就用中文吧：… says it with its colon)
        self.strong_connectors = r"(?:写一下|寫一下|就用英文|就用中文|就写英文|就写中文)(?=[ \t])|" \
            + _alternation(connectors["strong"])
        self.weak_connectors = _alternation(connectors["weak"])
        # Weak connectors that still introduce unquoted copy when what follows is not a design word.
        self.weak_copy_connectors = set(connectors.get("weak_copy", []))
        # 副标题改一下，改成：… / 主标题改一下 → …: the change announced first, then its correction connector or arrow.
        # (副标题也改下 新人无门槛券… / 小字改一下：每单限用…: the new words may follow the change after a blank or a colon)
        # (标题改一下，用「…」: or a verb of using right before a quote)
        opening = "".join(QUOTE_PAIRS)
        change_lead = (rf"(?:(?P<change>{_alternation(connectors.get('change_leads', []))})(?:[\s，,、]*"
                       rf"(?=(?:{_alternation(connectors.get('correction', []))})|{_ARROW}|用[ \t]*[{opening}])|(?=[ \t]*[：:﹕])"
                       rf"|[ \t]+(?=[^\s，,、。：:﹕吧啦哈呀]))"
                       rf")?") \
            if connectors.get("change_leads") else ""
        self.replaced_by = re.compile(
            rf"(?:{_alternation(connectors.get('replaced_by', []))})[ \t]*(?:{_alternation(connectors.get('replaced_version', []))})?"
            rf"[ \t]*(?=[{opening}])") if connectors.get("replaced_by") else re.compile(r"(?!)")
        # 标题太干了 改成 外卖满30减8 吧: what is wrong with the field, said before its correction connector.
        # (副标题不对，用“…”: after the critique, a verb of using before a quote brings the fix too)
        critique = (rf"(?:(?P<critique>{'|'.join(connectors.get('critiques', []))})[\s，,、]*"
                    rf"(?=(?:{_alternation(connectors.get('correction', []))})"
                    rf"|(?:{_alternation(connectors.get('before_quote', []))})\s*[{''.join(QUOTE_PAIRS)}]))?") \
            if connectors.get("critiques") else ""
        write_leads = _alternation(connectors.get("write_leads", [])) or r"(?!)"
        action_heads = _alternation(data["action_phrases"]["zh_prefixes"]) or r"(?!)"
        quote_only = (rf"(?:{_alternation(connectors['before_quote'])})(?=\s*[{''.join(QUOTE_PAIRS)}])"
                      if connectors.get("before_quote") else r"(?!)")
        self.connector = re.compile(
            # an English connector is a whole word (say, not the say of saying)
            rf"(?:\d{{1,2}}(?=\s*(?:[：﹕=]|:(?!\d))))?"  # 标题1：… 卖点2：…: a numbered label (19:00 is a time)
            # (标题你就写…: the designer addressed before the verb of writing)
            # (小字你帮我写上，…: whom the speaker asks, and for whom; 副标题呢写…: the topic's particle; 按钮的话写立即咨询: an
            # action phrase may touch 写; 小字的话 写 … / 小字的话，写'…': a voice note's pause before it)
            # (然后 小字 嗯 写 7月8日开课: a voice note's filler before the verb)
            # (put a button too that says Sign Up: an English label, then "too", then the verb that brings the words)
            rf"(?:(?<=[A-Za-z])[ \t]+(?i:too|also|as\s+well)(?=[ \t]+(?i:that|which|saying|says|reading|with)\b))?"
            rf"\s*{critique}{change_lead}(?:(?P<strong>(?:(?:(?:你们|你們|你|您)(?:帮我|幫我|给我|給我)?|呢|(?:嗯+|呃+|额+)[ \t，,]+)"
            rf"(?=(?:就|直接)?(?:写|寫))|(?:的话|的話)[ \t，,]*(?:(?:嗯+|呃+|额+)[ \t，,]*)?(?=就(?:写|寫))|"  # (按钮的话呃就写…: 就写 brings it)
            rf"(?:{write_leads}){{1,2}}[ \t，,]*(?=(?:就|直接)?(?:写|寫)(?:上)?(?:[啊哈]?[ \t{opening}：:﹕，,]|(?:{action_heads}))))?"
            # (按钮就 预约评估 吧: a voice note's 就 and a pause before the words)
            rf"(?:{self.strong_connectors}|就(?=[ \t]+(?!这样|這樣|那样|那樣|这个|這個|那个|那個|不|没|沒|算了|空)[^\s，,。]))(?:(?<=[A-Za-z])(?![A-Za-z])|(?<![A-Za-z]))"
            rf"(?!(?<=写上|寫上)[传傳线線市架门門班课課岗崗]))"  # (副标题写上传发票: 写, then 上传 the copy's own word)
            # (不用按钮⏎用那件…做主视觉: a weak verb opening the next line is that line's, not the label's)
            rf"|(?<!\n)(?P<weak>{self.weak_connectors}|{quote_only}))?\s*"
            # (然后下面一行写，0岁到17岁…: a voice note's pause after 写 stands for its colon)
            # (标题就写，嗯，“…”: and a filler after that pause)
            # (Button, um, 'Book a late slot': a voice memo's pause, and its filler, between an English label and its quote)
            rf"(?P<colon>{_ARROW}|{_COLON}|{_DASH}|{_SLASH_COLON}"
            rf"|(?<=[A-Za-z]),[ \t]*(?:um+|uh+|erm|er)[ \t]*,[ \t]*(?=[{''.join(QUOTE_PAIRS)}])"
            # (标题就叫，乘风破浪: a voice note's pause after 叫 as well)
            rf"|(?:(?<=[写寫叫])|(?<=写上)|(?<=寫上))(?:[，,]|[啊哈][ \t]+)"
            rf"(?:[ \t]*(?:嗯+|呃+|额+)[ \t]*[，,])?(?=[^\s，,]))?\s*",
            re.IGNORECASE)
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
        self.action_noun_compound = re.compile(rf"(?:{_alternation(actions.get('en_noun_compounds', []))})\b"
                                               if actions.get("en_noun_compounds") else r"(?!)", re.IGNORECASE)
        self.action_verb_phrase = re.compile(
            rf"(?:{_alternation([verb for verb in actions['en_verbs'] if ' ' in verb])})\b" if any(
                " " in verb for verb in actions["en_verbs"]) else r"(?!)", re.IGNORECASE)
        self.known_action = re.compile(rf"(?:{known_zh})[!！]?")
        self.benefit = [re.compile(pattern) for pattern in data["benefit_patterns"]]
        self.offer_word = re.compile("|".join(map(re.escape, data.get("offer_words", []))) or r"(?!)")
        instructions = data["instructions"]
        copy_openings = _alternation(instructions.get("zh_copy_openings", [])) or "(?!)"
        self.instruction_zh = re.compile(f"^(?!{copy_openings})(?:" + _alternation(instructions["zh"]) + ")"
                                         + _PICTURE_DISCLAIMER)
        self.instruction_en = re.compile(
            r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(instructions["en"], key=len,
                                                                                    reverse=True)) + r")\b(?!-\w)",
            re.IGNORECASE)  # (Trusted Cleaners, Background-Checked: a word hyphened into another is the copy's)
        self.glued_remark = re.compile(_alternation(instructions.get("glued_remark_heads", [])) or r"(?!)")
        self.style_name = re.compile(instructions.get("style_name") or r"(?!)")
        self.polite_lead = re.compile(
            r"^(?:" + _alternation(instructions.get("polite_to_reader", [])) + r")(?![A-Za-z])\s*" if
            instructions.get("polite_to_reader") else r"(?!)", re.IGNORECASE)
        self.instruction_zh_whole = [re.compile(p) for p in instructions.get("zh_patterns", [])]
        self.tags = {t.lower() for t in instructions["tags"]}
        self.tag_patterns = [re.compile(p) for p in instructions.get("tag_patterns", [])]
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
            # (按钮：不要按钮（…）: the refusal may name the field again)
            # (Subtitle: (optional) — let's drop it: a bracketed word about the line may come first)
            r"^(?:[(（][^()（）\n]{1,20}[)）][ \t]*[-–—:：]?[ \t]*)?"
            r"(?:(?:" + _alternation(instructions.get("placeholders", [])) + r")(?:按钮|按鈕|小字|副标题|副標題|标题|標題|文案)?了?"
            r"|[-–—_.…?？]+)[\s!！~～。.]*(?:$|[，,、;；/／–—-]\s*.{0,40}$|[(（][^()（）\n]{1,30}[)）]$)",  # (按钮：不要（贴门口的）: why)
            re.IGNORECASE)
        # 文案 — we'll send the text later / 文案：晚点发你: a sentence saying the copy comes later.
        self.placeholder_sentences = [re.compile(p) for p in instructions.get("placeholder_patterns", [])]
        self.copy_question = re.compile(instructions.get("copy_question") or r"(?!)")
        self.count_or_size = re.compile(
            # 3张 / 5款 (posters); 每单限用1张 and 3张5元打车券 count coupons, not posters; 限量3000套 counts stock
            # (x3 counts posters; X9 Pro, X200 Ultra: a letter and a number before a capitalised word name a model)
            # (最后10套 / 仅剩3套 / 只有5套: what is left in stock, as 限量 counts it)
            # (30家酒厂 100款啤酒: a count of kinds before the goods' noun is the offer's, not the posters')
            # (每人限投1幅 / 每人1张: a limit on what each reader sends or takes)
            # (随机特典小卡1张 / 门票2张: the count after the goods' own noun)
            r"(?<![\d.,用领送赠得发抽限每量剩仅卡券票])(?<!最后)(?<!只有)(?<!最后 )(?<![剩仅限每] )(?<!只有 )(?<!限[\u4e00-\u9fff])(?<!每人)"
            r"\d{1,3}\s*(?:张|款|幅|版|套)(?![^，,。；;\s]{0,6}(?:券|卡|票|红包))"
            r"(?![\u4e00-\u9fff](?<![海图圖弹彈设設方尺的吧哈不给給出备備看对對左即就风風样樣横竖豎大小同]))"
            # (smoke detector ×5 / promo card ×1: how many of the goods come with the offer)
            # (【回归补给箱】×7: the goods' name in its game brackets, then how many)
            r"|(?<![\w.】」』）)])(?<![a-z][ \t])[x×]\s*\d+\b(?![ \t]+(?-i:[A-Z]))|\b\d+\s+(?:posters?|popups?|banners?|images?|variants?|versions?)\b"
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
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9'’ .&-]*[!→>»]?", text) or self.action_noun_compound.match(text):
            return False
        return not self.has_signal(text, first=True)

    def quote_names_thing(self, text: str, close: int) -> bool:
        """新品“杨枝甘露波波”上市 / 上线了「宠物友好地图」功能 / our "Calm Mind" meditation series /
        《星海远征》三周年: the quote closing at `close` is the name of a product, feature, campaign or
        work inside the brief's own sentence, not copy for the poster."""
        after = close + 1
        if _WHOSE_POSTER.match(text, after):
            return True  # 语言学习应用「说说」的：⏎『…』 / 「暖冬」的海报: whose poster it is (“…”的 alone: the copy talked about)
        if self.after_quote.match(text[after:after + 8]):
            return False  # 《…》这几个字 / “…”就行: the quote is the copy, talked about
        if re.match(r"[ \t]*(?i:button|btn|cta)\b", text[after:after + 12]):
            return False  # a "Request a Quote" button-style box: the button's words, however it is drawn
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
        sizes = [m.span() for m in _PIXEL_SIZE.finditer(text)]  # (1080x1440: the canvas, no number of an offer)
        spans = [m.span() for pattern in self.benefit for m in pattern.finditer(text) if m.group().strip()
                 and not any(start <= m.start() and m.end() <= end for start, end in sizes)]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def is_instruction(self, text: str) -> bool:
        text = _EN_LEAD_IN.sub("", text.strip().lstrip("，,、/ "))  # (Also please put flags …: the request after "also")
        if _told_to_reader(text) or self._makes_a_slogan(text):
            return False
        if (prohibition := _ZH_PROHIBITION.fullmatch(text)) and prohibition.group("act")[:1] not in _ZH_BRIEFING_VERBS \
                and not self.has_signal(prohibition.group("act")) and not self.zh_label_prefix.search(text):
            return False  # 别再拖了 / 请勿喧哗: what the reader is told not to do (别用红色 is the designer's)
        if self._is_instruction(text):
            return True
        # 按钮不要太大 / 标题字大一点: a remark about a field, not its copy.
        about_field = self.zh_label_prefix.match(text)
        rest = text[about_field.end():] if about_field else ""
        # 條款及細則適用 (terms and conditions apply): two labels joined name no field when what follows them is
        # no remark on fields; it is the fine print's own sentence (标题和副标题都要 stays a remark).
        if (joined := _JOINED_LABEL.match(rest)) and (other := self.zh_label_prefix.match(rest, joined.end())) \
                and rest[other.end():] and not self.is_instruction(rest[joined.end():]) \
                and not _DESIGN_REMARK.search(rest[other.end():]):
            return False
        # 标题你们帮我想一个 / 标题和副标题都要: a pronoun or a conjunction after the label talks about the field
        return bool(rest and (self._is_instruction(rest) or _GLUED_LEAD.match(rest)))

    def _makes_a_slogan(self, text: str) -> bool:
        """做一个快乐的人 / 做一幅秋天的画 / 来一次全面检修 / 需要一次SPA: being, making, having or needing a thing that is no
        part of the poster is a slogan; 做一个竖版的 / 做个喜庆点的 / 做一张海报 / 来个红色的 / 需要一个banner make the poster
        (a format, look or colour, or only 的 and how much)."""
        making = _MAKING_A_THING.fullmatch(text) or _GENERATES_A_THING.fullmatch(text)
        return bool(making) and not (_POSTER_THING.search(making.group("thing")) or self.has_signal(making.group("thing")))

    def _is_instruction(self, text: str) -> bool:
        return bool(self.instruction_zh.match(text)
                    or ((lead := self.instruction_en.match(text)) and not _NAMED_WITH_A_BRIEF_WORD.match(text)
                        and not self._weak_lead_says_copy(lead.group(), text[lead.end():]))
                    or any(p.match(text) for p in self.instruction_zh_whole)
                    or self.no_text.search(text))  # 其余不要放文字: a remark, never copy

    def _weak_lead_says_copy(self, lead: str, rest: str) -> bool:
        """no pets inside / clean record / feel at home: a word that opens remarks (no button, clean look, feel premium)
        opens copy when what it leads names no part of the poster, no look and no talk between sender and designer."""
        rest = rest.strip(" \t,.!;:-")
        if not _WEAK_EN_LEAD.fullmatch(lead) or not rest:
            return False
        return not (_FIELD_OR_DESIGN_WORD.search(rest) or _LOOK_NOUN.search(rest) or _CHAT_AFTER_NO.match(rest)
                    or _ASKED.search(rest) or self.has_signal(rest) or find_alias(rest.lower(), self.lexicon.styles)
                    or color_words(rest))

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
        return bool(self.placeholder.match(value) or any(p.match(value) for p in self.placeholder_sentences)
                    or self.copy_question.match(value))

    def field_named(self, key: str) -> str | None:
        """The field a label key names, as a field's word (副标题) or as a place on the poster (second line, 大字)."""
        return self.field_of.get(key) or self.position_field_of.get(key)

    def line_field_named(self, key: str) -> str | None:
        """…and, in a legend of lines (second line smaller), the size a step down from the headline's."""
        return self.field_named(key) or _SMALLER_LINE.get(key)

    def label_field(self, label: str) -> str:
        return self.field_named(_label_key(label)) or "title"

    def is_tag(self, text: str) -> bool:
        return text.strip().lower() in self.tags or any(p.match(text.strip()) for p in self.tag_patterns)

    def has_signal(self, text: str, *, first: bool = False) -> bool:
        """Does this segment talk about the design (format, colour, size, count, theme name)
        rather than say copy? `first`: the segment is a value's first, where colours are copy
        (标题：红色星期五) and only instructions count."""
        if self.is_instruction(text) or self.count_or_size.search(text):
            return True
        if first:
            return False
        if self.style_name.match(text.strip()):
            return True  # …，赛博朋克风: the look to draw in (a value's first segment, 一路春风, stays copy)
        things_named = _COLOUR_THING_ZH.sub(" ", _COLOUR_THING.sub(" ", _ORANGE_THE_FRUIT.sub(" ", text)))
        if find_colors(_COLOUR_OF_THING_ZH.sub(_colour_said_of_a_thing, things_named)):
            return True
        if find_alias(text, self.lexicon.formats):
            return True
        # 中秋主题 / 双十一活动 describes the campaign; a theme word alone may be copy (Hello, Autumn), and so is one a
        # few words away from 活动 (活动时间以游戏内为准: the event's time, told in the fine print).
        if _CAMPAIGN_WORD.search(text) and not _EVENT_ON_OFFER.search(text) \
                and _names_campaign_theme(text, find_alias(text, self.lexicon.themes)):
            return True
        styles = find_alias(text, self.lexicon.styles)
        if not styles:
            return False
        # 简约一点 / 可爱些 / 国潮: the look alone (科技夜话 names a show: a style word inside copy)
        rest = list(text)
        for start, _, alias in styles:
            rest[start:start + len(alias)] = [""] * len(alias)
        return not _STYLE_FILLER.sub("", "".join(rest)) or bool(re.search(r"风|感|style|look|vibe|feel", text, re.I))


_EN_COLOURS = sorted({word for color in COLORS for word in (color.en, *color.aliases_en)}, key=len, reverse=True)
# dark mode, Black Friday, green tea: an English colour word before a noun that is no design word
# (background, text, tones, accents …) or another colour names a thing, not a colour choice.
_EN_COLOUR = "(?:" + "|".join(_EN_COLOURS) + ")"
_LOOK_NOUNS = ("(?:backgrounds?|bg|backdrop|text|type|font|letters?|lettering|colou?rs?|palette|tones?|tint|hues?|"
               "shades?|themes?|scheme|accents?|highlights?|details?|elements?|look|vibe|style|feel|gradient|borders?|"
               "frame|layout|glow|foil|finish|base|overlay|buttons?|cta|title|headline|logo|icons?|design)")
_LOOK_NOUN = re.compile(r"(?i)\b" + _LOOK_NOUNS + r"\b")
_COLOUR_THING = re.compile(
    r"\b" + _EN_COLOUR + r"\s+(?!(?:" + _EN_COLOUR + "|" + _LOOK_NOUNS
    + r"|and|or|with|on|to|plus|n|everything|only|please|pls)\b)[a-z]+"
    # (dandelion, mint & lemongrass / jujube seed & lavender: a colour's name joined by & to a thing that is no colour
    # nor a part of the look is one more of the things, a herb or a fruit)
    r"|\b" + _EN_COLOUR + r"\s*(?:&|\+|\band\b)\s*(?!(?:" + _EN_COLOUR + "|" + _LOOK_NOUNS + r")\b)[a-z]{3,}"
    r"|\b(?!(?:" + _EN_COLOUR + "|" + _LOOK_NOUNS + r")\b)[a-z]{3,}\s*(?:&|\+|\band\b)\s*" + _EN_COLOUR + r"\b"
    # (a twist of lemon / a sprig of mint / a glass of rosé: a measure of the thing, the colour's name a fruit or a leaf)
    r"|\b(?:twist|slice|wedge|squeeze|sprig|dash|scoop|zest|glass|cup|bottle|jar|bowl|piece|pinch|bunch|basket|leaf|"
    r"leaves|scent)\s+of\s+(?:fresh\s+)?" + _EN_COLOUR + r"\b"
    # (both get free gold / buy gold online / 0.1g of gold: the metal, bought, saved or given)
    r"|\b(?:free|buy|sell|save\s+in|invest\s+in|digital|physical|real|pure|\d+(?:\.\d+)?\s*g\s+of)\s+(?:gold|silver)\b",
    re.IGNORECASE)
# 绿色能量系列 / 绿色出行 / 白色情人节: a Chinese colour word before a noun names a thing too, unless what follows it is the
# look (红色背景, 蓝色渐变, 金色字, 黑色为主, 粉色系, 红色的, 绿色偏多, 白色高级感).
_COLOUR_THING_ZH = re.compile(
    r"(?:" + "|".join(color.zh for color in COLORS if color.zh.endswith("色")) + r")"
    r"(?=[" + _CJK + r"]{2})(?![背底字调系色的为主风感渐边框块纹光点配和或与及加搭元图按标文偏多少亮暗深浅高一些就吧也更做搞喜但即可不要最好很比稍有还作当用])")

_WHOSE_POSTER = re.compile(r"的(?:[：:﹕]|海报|海報|弹窗|彈窗|推广|推廣|(?i:banner|poster|popup))")

# Remark openers that also open copy (No pets inside / Clean record / Feel at home / Bright smiles ahead), and what after
# "no" is the sender talking to the designer (no rush, no worries, no rendering), never the reader.
_WEAK_EN_LEAD = re.compile(r"(?i)no|clean|feel|bright|dark|bold")
_CHAT_AFTER_NO = re.compile(r"(?i)(?:rush|hurry|worries|worry|need|pressure|problem|probs|prob|biggie|qr|t\s*&\s*cs?|terms|"
                            r"caps|capitals|all\s+caps|changes?|edits?|render(?:s|ings?)?|3d|mock-?ups?|stock|illustrations?|"
                            r"animations?|gifs?|shadows?|clip-?art|cartoons?)\b")
_ASKED = re.compile(r"(?i)\b(?:please|pls|plz)\b")  # (no prices please): asked of the designer
# Bilingual funeral directors / Colors of Childhood: a word the designer is told (bilingual, colours) that names a thing
# of the copy
_NAMED_WITH_A_BRIEF_WORD = re.compile(
    r"(?i)bilingual\s+(?!(?:please|pls|version|versions|copy|text|layout|design|poster|banner|flyer|if|too|is|would|"
    r"and|or|as|with|for|on|in|en|zh|english|chinese)\b)[a-z]+"
    r"|colou?rs?\s+of\s+(?!(?:the|our|your)\s+(?:brand|logo|company)\b)[a-z]+")

# 赣南脐橙 / 新鲜橙子 / 鲜橙汁: the fruit, whose name is the colour's (橙 alone is orange)
_ORANGE_THE_FRUIT = re.compile(r"[脐臍鲜鮮甜血香]橙|橙(?:子|汁|味|香|皮|肉)")

# 枫叶正红 / 稻谷金黄 / 秋叶渐黄: a colour said of a thing before it describes the season, as a slogan does (背景正红, 主色偏红,
# 标题改成红: what turns red is the poster, the look to draw).
_COLOUR_OF_THING_ZH = re.compile(r"(?P<thing>[\u4e00-\u9fff]{2,6}?)(?:正|已|渐|漸|初|又|更|最|都)?"
                                 r"(?P<colour>金黄|金黃|火红|火紅|湛蓝|湛藍|碧绿|碧綠|雪白|红|紅|黄|黃|绿|綠|蓝|藍|白|紫|粉|橙|青)"
                                 r"(?:了|啦|透)?(?=$|[\s，,。.!！~～])")
_POSTER_PART_ZH = re.compile(r"[背底字色按标標主整画畫调調边邊框图圖配用要偏改换換成为為是做加搞弄排版风風感]")


def _colour_said_of_a_thing(match: re.Match[str]) -> str:
    return " " if not _POSTER_PART_ZH.search(match.group("thing")) else match.group(0)


# What may stand beside a style word that is the whole remark (要简约一点, 可爱些, 偏国潮的).
_STYLE_FILLER = re.compile(r"[\s，,。.!！~～]|一点儿?|一些|点儿?|些|的|要|用|偏|更|再|版|调|系|风格")


# (社区活动中心 / 主题乐园 / theme park: a place, no campaign; 活动免费: the event is free, a fact for the reader)
_CAMPAIGN_WORD = re.compile(r"主题(?!公园|乐园|樂園|餐厅|酒店)|活动(?!中心|室|场地|大厅|广场|免费|免費|全免)|theme(?!\s+park)|campaign",
                            re.IGNORECASE)
# 每周末有亲子活动 / 全天举办中秋活动: an event the reader is told of is copy, not the campaign described
_EVENT_ON_OFFER = re.compile(r"(?:有|举办|举行|開展|开展|舉辦|舉行)[\u4e00-\u9fff]{1,4}?活动")
_CAMPAIGN_GAP = 2  # 双十一的活动 / Halloween-themed campaign / 主题：中秋: a particle or a colon between them


def _names_campaign_theme(text: str, themes: list[tuple[int, str, str]]) -> bool:
    """Does a theme word stand next to 主题 / 活动 / theme / campaign (中秋主题, 双十一活动, theme: Christmas)?"""
    return any(start - _CAMPAIGN_GAP <= word.end() and word.start() <= start + len(alias) + _CAMPAIGN_GAP
               for word in _CAMPAIGN_WORD.finditer(text) for start, _, alias in themes)


# Negation, read one way for the whole brief: "No credit card required", "without fees" (a negated fact's lead, which
# labels and values strip before asking whether the rest is copy); "no experience needed", "no account needed for
# recipients" (a reader's fact whole); "Adopt, Don't Shop", "Never settle" (a negated imperative; told the designer,
# its verb is one of briefing: don't use, don't add). A field's or the design's name makes any of them a remark (no
# button needed, don't use red).
_NEGATED_FACT = re.compile(r"(?i)(?:no|not|without)\s+(?=\w)")
_READER_FACT = re.compile(r"(?i)no\s+(?:[a-z'’-]+\s+){1,3}?(?:needed|required|necessary)"
                          r"(?:\s+(?:for|to|by|from|with|on|at)(?:\s+[a-z'’-]+){1,3})?[.!]?"  # … for recipients
                          # (No fix, no fee. / no hidden charges / no questions asked: what the reader is spared)
                          r"|(?i:no)\s+(?:[a-z'’-]+\s+){0,2}?(?:fees?|charges?|costs?|commitments?|contracts?|catch|risk|"
                          r"interest|deposits?|strings\s+attached|questions\s+asked|fix|win|cure|"
                          # (Natural electrolytes, no added sugar: what the product is made without)
                          r"sugars?|preservatives?|additives?|artificial\s+[a-z]+|caffeine|gluten|dairy|alcohol|nasties|"
                          # (Auto-filed for every employee, no spreadsheets: the chores and waits the reader is spared)
                          r"spreadsheets?|paperwork|queues?|lines|waiting|hassle|stress|fuss|ads|jargon|surprises|"
                          r"minimums?|penalt(?:y|ies)|"
                          # (Same cleaner, same day, no rebooking: doing it over, or the trip, spared)
                          r"re-?(?!nder|touch|siz|colou?r)[a-z]{3,}ing|commut(?:e|ing)|driving|haggling|obligations?|"
                          # (quiet rooms, no dogs: what the place is kept free of)
                          r"dogs|smoking|crowds|kids\s+allowed|pets\s+allowed|"
                          # (Cash and card, no refunds / No purchase necessary: the terms of the sale)
                          r"refunds?|exchanges?|cash\s+value|purchase\s+necessary|substitutions|re-?entry)"
                          r"(?:\s+for\s+(?:you|anyone|everyone|them))?[.!]?"
                          # (A free, no-pressure seminar / a no-fuss service: a hyphened "no-" is an adjective of the copy)
                          r"|no-(?!text|copy|button|logo)[a-z]+"
                          r"(?:\s+[a-z'’-]+){1,6}[.!]?")  # (… – no paperwork for you: the reader named)
# 给爸妈的体检 别再拖了 / 安静阅读 请勿喧哗: a prohibition for the reader, a few characters after 别再 / 请勿 (a verb of making
# the poster first is the designer's: 别用红色, 别放logo, 请勿改动).
_ZH_PROHIBITION = re.compile(r"(?:请勿|請勿|严禁|嚴禁|别再|別再|不要再)(?P<act>[\u4e00-\u9fff]{1,6}?)(?:了|啦|哦|喔)?[!！。～~]*")
_MAKING_A_THING = re.compile(r"(?:做|来|來|需要)(?:一|个|個)[个個幅只位名回次件首份场場杯碗]?"
                             r"(?P<thing>[\u4e00-\u9fffA-Za-z]{1,10}?)[!！。.～~]*")
# …your watch — keep ownership, repay in 30 days: what the reader keeps (keep it short is the designer's)
# (Contains fish sauce. Keep refrigerated. / Store in a cool, dry place: how the reader keeps the product)
# (…, keep to the paths / keep off the grass / keep clear: a rule for the visitor)
_READER_KEEPS = re.compile(r"(?i)keep\s+(?:your|ownership|more\b|all\s+your|every|to\s+the|off\s+the|out\b|clear\b|"
                           r"(?:to\s+)?(?:left|right)\b)|(?:keep|store)\s+(?:refrigerated|frozen|"
                           r"chilled|cool\b|dry\b|upright|in\s+(?:a|the)\s+(?:cool|fridge|freezer)|out\s+of\s+(?:reach|direct)|"
                           r"away\s+from)")
_PIXEL_SIZE = re.compile(r"\d{2,5}[ \t]*[x×X*][ \t]*\d{2,5}(?:[ \t]*(?:px|像素|mm|cm))?")
# O型血告急 需要您的帮助: what the poster asks of its reader (需要你们加急 asks the designer)
_NEEDS_THE_READER = re.compile(r"(?:需要|需)(?:您|你|大家)的")
# …，生成专属训练计划: what the app generates for the reader (生成一张海报 / 生成图片 make the poster)
_GENERATES_A_THING = re.compile(r"生成(?P<thing>[\u4e00-\u9fffA-Za-z]{2,12}?)[!！。.～~]*")
_POSTER_THING = re.compile(r"(?:的|吧|啊|哈|呗|唄|呀|点|點|些|下)$|海报|海報|图|圖|版|风|風|色|款|样|樣|效果|背景|按钮|按鈕|字|框|卡|弹窗|"
                           r"彈窗|横幅|橫幅|封面|渐变|漸變|感|调|調|排|尺寸|大小|设计|設計|视觉|視覺|动画|動畫|特效|"
                           r"(?i:banner|poster|popup|pop-up|logo|icon|kv|h5|gif|png|jpg|psd)")
_ZH_BRIEFING_VERBS = frozenset("用放写寫加改做弄搞画畫换換删刪动動调調排拉挪")
# (No Tricks / No Limits. / No Excuses!: a headline's Title Case, a remark would be lower case: no button, no logo)
_TITLE_CASE_NEGATION = re.compile(r"No\s+[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2}[.!]?")
_NEGATED_IMPERATIVE = re.compile(r"(?i)(?:don['’]?t|do\s+not|never)\s+(?P<verb>[a-z]+)\b")
_BRIEFING_VERBS = frozenset(
    "use add put make forget include print change show need want do go let move crop cut stretch write say mention "
    "center centre overdo copy mix translate bold italicize capitalize shrink enlarge place leave type spell "
    "be have worry bother".split())
# Words that make a sentence about the poster rather than on it (No button needed. / Bold font.)
_DESIGN_TALK = re.compile(r"\b(?:buttons?|cta|headlines?|titles?|subtitles?|text|copy|logos?|images?|photos?|pictures?|"
                          # (no artificial colours: what the product is made without, no colour of the design)
                          r"background|fonts?|(?<!artificial )(?<!natural )colou?rs?|design|posters?|banners?|emojis?|"
                          r"icons?)\b|海报|图|画面|设计|字体|颜色|配色",
                          re.IGNORECASE)
# …and the other fields' names: "no sub needed", "no fine print required" talk about the poster too
_FIELD_OR_DESIGN_WORD = re.compile(_DESIGN_TALK.pattern + r"|\b(?:sub(?:head(?:line)?)?s?|disclaimers?|fine\s+print|"
                                   r"small\s+print|footnotes?|body)\b", re.IGNORECASE)


# 请市民合理安排出行 / 请各位乘客提前候车: a request the poster makes of its readers, named, is no request to the designer.
_ASKS_THE_PUBLIC = re.compile(r"(?:请|請|敬请|敬請)(?:广大|各位|全体|本店|本站)?(?:市民|居民|乘客|旅客|游客|遊客|顾客|顧客|用户|用戶|家长|家長|"
                              r"车主|車主|业主|業主|观众|觀眾|读者|讀者|会员|會員|同学|同學|朋友|师生|師生|患者|考生|选手|選手|大家)"
                              # 请穿防滑袜入场 / 请出示会员码: what a visitor is asked to do, never a designer
                              r"|(?:请|請)(?:穿|佩戴|戴好|携带|攜帶|带好|帶好|出示|排队|排隊|有序|妥善保管|凭票|憑票|凭证|憑證|扫码|掃碼|遵守|"
                              r"系好|繫好|文明|爱护|愛護|按时|按時|准时|準時|理性|合理安排|保持安静|保持安靜|保持距离|保持距離|"
                              # (周末限流，请提前预约: booking ahead, asked of the visitor)
                              r"提前(?:预约|預約|购票|購票|报名|報名|到场|到場|入场|入場|取号|取號|下单|下單|规划|規劃))")


# Cleaning, colour restoration and polishing / Colour correction from £60: a service done to colour, offered to the
# reader (colour: navy / colours from last month are the designer's).
_COLOUR_SERVICE = re.compile(r"(?i:colou?r)[ \t]+(?i:restoration|restore|correction|correcting|matching|match|analysis|"
                             r"consultations?|treatments?|repair|refresh|protection|care)\b(?![ \t]*[:：])")


def _told_to_reader(text: str) -> bool:
    """Free sessions, no experience needed / Adopt, Don't Shop / 请市民合理安排出行 / 需要您的帮助 / keep ownership: a negation, a
    request or what is kept, for the poster's reader, not a remark to the designer."""
    if _NEEDS_THE_READER.match(text) or _READER_KEEPS.match(text) or _COLOUR_SERVICE.match(text):
        return True  # (said to the reader by its own words, design words beside them or not)
    if _FIELD_OR_DESIGN_WORD.search(text):
        return False
    slogan = _NEGATED_IMPERATIVE.match(text)
    return bool(_READER_FACT.fullmatch(text) or _TITLE_CASE_NEGATION.fullmatch(text.strip()) or _ASKS_THE_PUBLIC.match(text)
                or (slogan and slogan.group("verb").lower() not in _BRIEFING_VERBS))


def _starts_with(*word_lists: list[str]) -> str:
    """A lookahead for the first characters of the words of a pattern that must begin with one of them: where
    none stands the pattern fails at once instead of trying each of the hundreds of labels (a case-insensitive
    Latin alternative is tried in full at every position). Empty where a list is empty or a word could start
    otherwise (with a blank or a hyphen, which _alternation and the label forms widen)."""
    firsts = {word[0] for words in word_lists for word in words if word}
    if not all(word_lists) or not all(word for words in word_lists for word in words) \
            or any(ch.isspace() or ch in "-_" for ch in firsts):
        return ""
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"


_OPTIONAL_LABEL_LEAD = "(?:(?P<label>{labels})[ \\t]*)?"  # how round_pick opens in the lexicon


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_JOINED_LABEL = re.compile(r"和|与|及|跟|與|以及")


# What a word glued to a label says when it is no copy: 标题和副标题都要, 标题字大一点, 按钮不要太大.
_GLUED_LEAD = re.compile(r"^(?:和|与|及|跟|的|也|都|还|要|不|别|没|字|栏|处|区|部分|位置|里|太|很|比较|可以|需要|用|放|改|这|那"
                         r"|就|只|被|把|在|请|等|啥|什么|怎么|吗|呢|吧|党|你|我|您|咱|他|她|大家|自己|随便|看着|先|后|待)")


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
