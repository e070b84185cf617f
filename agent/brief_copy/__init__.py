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
  a table's header row and any later column hold no copy, with or without its outer bars); YAML keys
  (button_text: …). A JSON object is read as JSON (structured.py): its keys name fields by their words
  (sub_title, primaryButton, cta_label), look and link keys (title_color, cta_url) and ids are left out.
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
  $9.99/month. Cancel anytime.; so does a headline or subtitle alone on its line: Just Run., fine
  print at its line's end, fine print of several sentences wherever it ends, and lines of copy listed one a line), a
  spaced dash between fields (Title: A — Subtitle: B), an arrow after a button (Get a Quote →). A
  design word glued after the copy with its choice (立即开通颜色用黑金) ends it. A second button
  (Secondary CTA, 次按钮, Secondary after a Primary CTA) is no copy.
- Chats and replies: a correction word right before a label (更正一下，副标题…, sorry, the button should
  say …, correction — sub …) replaces the field's earlier value; a remark between a label and its colon
  is left out when it is bracketed (Disclaimer (in full): …), says where the text goes (legal wants this
  at the bottom: …, small text under it '…') or which words to take (加个emoji，用这个：…, 还是用中文吧，「…」);
  a line led by where it goes at the bottom (No credit card line goes under the button: …) is the body;
  the option a reply picks (go with option B for the headline ⏎ > B) …) is that field.
- Copy lines in the poster's order (文案：A / B / C, or one a line): title, subtitle, then a
  button-short last line is the button; unlabelled, a plain sentence between the brief's
  description and the offer (popup — Protect Your Pet. Plans from $12/month.) is the headline.
- Pointers and options: a label whose value only points back (充100送20，标题就用这个) takes the clause before it;
  options written unquoted after words that call them options (标题两个备选：A. 清凉一夏 B. 冰爽夏日 就用B, Headline
  options: 1) … 2) …. Client picked option 2) give the picked one (else the first); the kind of line named before a
  quote (Headline should be the question '…') is left out; quotes listed after an avoid verb (不要写“A”“B”) all stay off.
- Fine print and placement: a line added at the bottom (底部加一行 …), words written in the small print below
  (有效期7天写在下面小字) and a line of its own that opens with a footnote mark (*需完成实名认证) are the body; a
  paragraph of clauses ending in its stop among copy lines is the body, not the subtitle; a line of copy after the
  brief's colon with a quote placed below it (FRESH CROISSANTS, below it '…') is the headline, the quote the subtitle.
- Short forms: 副/主 between blanks in a run of bare labels (标题 A 副 B 按钮 C) are labels; copy lines that open the
  brief right above a labelled button are title and subtitle; a tagline that is the only labelled line is the headline;
  X9 Pro is a model name (not x3 posters); a segment naming a look with 风 (，赛博朋克风) ends a value.
- Revisions and notes: a heading that marks the copy under it as revised (NEW (use this one):, …only. Updated:, 修改后：)
  or a change at a line's start (现在改成：标题…) lets the fields under it replace earlier ones; a reply settling on a
  quote (那就“…”) rewrites the copy it shares words with; notes headed for the designer (注意事项（给美术）：) hold no
  copy to the next blank line. An offer alone on its line above a labelled title is the subtitle; the words after the
  first line's description of the job (Poster for the gym - New Year, New You!) are the headline when the lines under
  it label the rest; a part of the poster may precede a label under a copy heading (头图标题用 “…”); a remark asking
  to print the quotes keeps them; a table cell ends at its bar for a closing stop.
- Round 23: a numbered list under a fine-print label (【规则】⏎1. 活动时间：…) is the body whole, labels inside its
  items included; a change may bring its words after a blank or a colon (副标题也改下 …, 小字改一下：…) or follow a
  critique (标题太干了 改成 … 吧, the particle left off); a field's quote changed to a later quote in its clause
  (从 'A' 改成 'B', 'A' 不行，要换回最早的 'B', 「A」 → 改成 「B」) gives the later one; a label's arrow before a quote
  restates the field (> and sub -> "…"); a bracketed reason naming the field ends a changed value (（原副标题太短）);
  a copy heading's dash names the job when the fields are labelled (Popup copy — …); a dash opening the next line
  is its bullet, not a colon; a pick that names a version alone (Go with v2.) takes that version's fields; options
  "for the … headline" are picked by a bare number; a question glued to a label (文案有了吗) and quotes under
  discussion (whether we say '…', 要不要写“…”) or from last year's round are no copy; [组-名字] tags head a chat's messages.
- Round 24: options one a line (A. / 1. / (a) / 1️⃣) under a line naming a title, subtitle or button, picked by their
  mark on the line after (领导选了B, 就用2️⃣吧, We're going with (a), boss picked 2); a sheet of candidates (候选标题⇥选用) takes the row marked √; quoted options may be listed with commas (CTA
  options from the UX team: 'A', 'B'. Going with 'B'.); 按钮就…吧 in a spoken brief; 最后10套 is stock, not posters; a
  chat sticker ([玫瑰]) after the words is no copy; a whole sentence (8 words or more) keeps its stop on its labelled
  line; a question to the designer (can the button say …?) keeps its ? off; a line placed at the bottom may bring its
  quote after a blank; the kind of line before a quote (下面写一句“…”, 写上时间“…”) is left out; last round's field
  (去年用的标题是“…”) yields to a later one; a table's header and rule rows over labels down its first column bring
  no copy, and a header of three cells or more with one label and short column names is a header.
- Round 25: fine print may name its terms (條款及細則適用) and the event's time (活动时间以游戏内为准); a game's 【tag】 glued
  before a name and a book title followed, after a blank, by more of its line are copy (【限定UP】星海歌姬, 《…》 3D/IMAX 双版本);
  --- alone is a rule between parts, no table's; a language picked on a field's own line (Start now / 立即开始 —— 二选一，用中文的)
  or named before a change's colon (按钮改成中文：…) gives that version; in a pasted chat 【群聊记录】 is a tag and a question
  (按钮写啥) is answered by the next line (写 预约直播); a voice-typed run-on closes copy at the speaker's particle (…吧然后,
  …哈这个一定要写上, …就行了其他…) and a place glued before a label starts it (即享好礼最下面小字写…); a pointer back (，这个是合规
  给的原话) and 没按钮 end a value; options may be 方案 with letters touching their quotes (两个方案 A「…」 B「…」 最后定A); Under it: …
  places the subtitle (the unlabelled line above it is the headline); 小字 beside 大字 stays fine print when its words read so (…除外,
  详见…细则); 扫码… is a button; a quote before style / 风格 names a kind of poster; 拟为 / 暂定为 bring copy.
- Round 26: a topic marker or emphasis may sit between a label and its 写 when a blank, quote or colon follows (按钮的话写 …,
  小字一定要写 …, 小字要写“…”), and a pause may come before 就可以了; a voice run-on ends where the speaker turns to the designer
  (…使用你弄好了发我看, 售完即止 价格48元你放图片旁边) or at 然后 glued before the next field's name; news glued to a label
  (文案定了！！) is no copy; a place in 【】 (【底部】) is a label; 小字补一句：… adds the line; 所以 / so before a label restates
  the field, and a line headed 更正： makes its labels corrections; a quote after drop / 去掉 is no copy; Copy TBD / 文案还在写
  leaves only labelled copy; quoted options may be picked by their count (采用第2条, 选了第二个); a field sent back to a round
  (标题还是用第一版，按钮用第二版的; naming none, ……算了还是用第一版吧 sends back every field given twice) takes that round's value.
- Round 27: 就得行了 / 就要得 close a voice note's copy as 就行了 does, before a design remark too; a retraction may follow a
  trailing-off and touch its verb (麻辣烫…不对不对是写…), and one that closes a value (…哦等一下我看错了) ends it; ，你按600的做 and
  （这个领导说可以） are the sender's; copy another team brings (文案对方会提供, 内容由…另行提供, no copy yet) and legal is
  reviewing … are no copy; 【消息1】 heads a message; 只要中文那個就好 picks a language (用英文讀一首詩 stays copy); 地點要印：…
  is fine print; 小字那条删掉 drops the field; “六不”要记牢，… keeps its quote; 原拟定为“A”，…修改为“B” gives B.
- Rounds 29–30: 【语音转文字】 is a tag; a voice note's pause after 写 (写，…), 你帮我写上, 呢写, 的话写立即… bring copy, and 好吧 / 对
  alone are the speaker's; options one a line may be marked A⎵/A: (quoted, a test's figures after them) and picked by a vote
  (voted for #3), a winner (B wins … headline = B) or under Options were: / an A/B test; V1…❌ V3…✅ picks the checked version;
  → 算了就写「…」 on the value's line changes it; a fine-print label heading lines (正文——⏎…, 印以下内容：⏎…, 照抄就行：⏎…) takes
  them all, to a blank, bracketed or field-naming line; 一行字就行：… / 只放一句：⏎… is the headline; one 【name】 heading two lines
  is a speaker; 按钮？ / 标题用啥？ take the quote answering on the next line; a line's own 别印 / 请勿印出 keeps it off; 中字 is the
  subtitle, and with the subtitle taken back 小字 / small stays fine print; 不要按钮 按钮… gives a reason; 打错了 是“…” and
  写错了，应该是“…” correct; 再改成 chains a change; 按钮不用“A”，…改为「B」 gives B (A is never copy); emoji bullets on copy
  lines are marks; Work the Fest. See the Fest. echoes; Print it A4 is the brief's; a button taken back drops an action word
  read unlabelled; （一） numbers an outline; 此稿不用 drops its draft; 调整为 corrects.
- Round 31: a field answered with a refusal (按钮：不要, 小字 没有) or handed to the designer (你们自己想一句吧, could you think of
  something catchy?) has no copy; tiny text / small letters are fine print, a notice (如出现…) under 大字 too; 一、 numbers an
  outline; deck needs its colon (Pool deck); DON'T add the line about '…' keeps it off; a chat settles on a speaker's quote
  (用小王的, going with Jordan's); … wait no — scratch that, make it "…" after a value's stop, a change verb later in a label's
  sentence (按钮改一下，…"A"过不了审，改成"B"), Scratch that sub — … Use: …, Original …: ⏎ Approved: …, and a quote found wanting
  (is too generic. Please use "…", the reply winning over the mail history below it) replace the field; ← FINAL marks an
  option, 标题 A版：… ⏎ 用B版 and a table row named by its first cell (选了B, 第24期那行) pick a version; ①②③ on one line are
  picked by a later ②吧; 上面大字 … / 下面一行小点的 … place their line; 两版通用 before a colon is a remark; Tom (Legal): is a
  sender and role, and add Sam's line as fine print gives that speaker's quote to the field.
- Rounds 33–35: 合规：… / 合规小字 … are fine print (合规 heading two chat lines is the team speaking); 唔使 refuses, a reason in
  brackets may follow a refusal; a shrug may lead a field handed to the designer (idk, u write something fun, 嘛 你帮我琢磨一句),
  and a lower-case something … describes the line; Small print at the bottom:⏎… takes the next line; 下面一行小一点的写 … ; a
  nod between blanks (… 好 然后) closes a voice note's value; 按钮呢 / 小字写一下…的事 are answered by the next message's quote;
  fine print keeps its stop before a bracketed remark; 一、二、 are list items; “…” 这个是副标题 names its field; lines each
  closed by （label） are copy whole; a voice note takes a value back after a filler (嗯 不对不对 写 …), 。。。算了 改成 …, 打错了 是 …
  on its own line, 标题感觉太… 改成：…, 「A」。哦不对，…：「B」 and 也就是最终标题是“…” correct it; 之前的标题「…」作废 is no copy.
- Rounds 224–227: a creative brief's strategy sections (OBJECTIVE, Key message — …) hold no copy once two head lines; a
  reviewer's change under a labelled line (// 客户：改成 …) or in brackets after it corrects that field; of a numbered list
  of popups, the one the brief makes (只做第2个, 只做弹窗2); A版/B版 options, and a heading that picks one itself; a header's
  column limits (Headline (max 30)); copy left to the designer in more words, and then a field only told about (卖点是…) is
  none; ”…“ reads as a pair; 同意 | 暂不使用 gives the first button; 做个海报 写 … 然后下面写 …; title is …, under is …,
  bottom write …; Headline changed from "A" (too cliché) to "B", Button was "A" — change to "B", Title is good ("…").
- Rounds 228–231: fine print given under several labels of its own (小字 … 二维码下面写 …, Fine print … Footer …) is printed
  line by line, never cut to the first (a note to the designer, or a label inside a bracketed aside, is no such line); a
  note whose bracket prints it small (备注：…（这句放在按钮下面做小字）); 服务时间 9:00-21:00 under the copy; 文案沿用上一版不改
  gives none; a quoted file name ("大橘.jpg") and the popup's own name (直播间「尺码推荐」弹窗) are no copy; 然後 closes a value.
- Rounds 232–235: the lines under a heading that asks them printed (Must show underneath:, 都放底部：) are the fine print;
  legends name lines by order (第一句标题 第二句副标题, headline is the first line, 最後一句放底) over the copy lines only;
  a board or note typed out (店员白板上写的：, Chalkboard … (typed by Sam):) heads copy lines, one quoted block or not;
  copy lines a blank line apart above a labelled button; a compliance lead's required quote (合规原话：“…”，一个字都别改);
  还要加一句：… and 必须放：… are fine print; Use "…" instead. after a retraction; 「…」是标题.

Nothing is rewritten: every value is a substring of the brief (a body given in several places, each line of it).

The readers, lowest first: `text` (fields, quotes, separators) → `rules` (the lexicon compiled) →
`labels` (where fields start) → `values` (where an unquoted value ends) → `revisions` (what a
thread changes) → `labelled` → `unlabelled` → `extract` (`extract_copy`, the one entry point).
"""
from agent.brief_copy.extract import extract_copy
from agent.brief_copy.rules import ClaimRules, CopyRules
from agent.brief_copy.text import FIELDS, Field

__all__ = ["FIELDS", "ClaimRules", "CopyRules", "Field", "extract_copy"]
