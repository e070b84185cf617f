"""How gallery search reads words: Chinese cut with jieba (search mode, so 小推车 also yields 推车)
plus single characters at a lower weight, English lower-cased and stemmed (shoes → shoe), typos of
known words, and the small vocabularies that say what a word is in a query (an occasion, an
audience, a leading verb, a stop word) rather than an object.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

CHAR_WEIGHT = 0.3       # a single Chinese character counts this much of a word

BIGRAM_WEIGHT = 0.5     # a Chinese character bigram counts this much of a word

# A caption character that is not the head (last character) of its word says little about the
# image: 袋 in 袋鼠 is no bag, 猫 in 猫头鹰 no cat. It counts this much of a head character.
INNER_CHAR_SHARE = 0.3

_VOWELS = "aeiou"

# Noun suffixes after the head (杯子, 鸟儿): the character before them is a head too.
_ZH_SUFFIXES = frozenset("子儿头")

# Suffixes that make a word a person who does what the word before them says (魔法师 is a mage,
# 骑手 a rider, 程序员, 作者, 画家, 木匠): what is done is no object of the person's own.
ZH_PERSON_SUFFIXES = frozenset("师者员家手匠")

# What a bare head noun at the end of a query word may be the short form of (小木椅 → 椅子, 贵妃芒 →
# 芒果: a fruit's variety names it by its first character).
_BARE_HEAD_SUFFIXES = "子儿果"

# Verbs of joining a group make one word with the character after them (拼团, 成团, 抱团, 参团, 组队,
# 凑单): that character is the verb's object, not the short form of a noun (团 → 团子, the dango).
_ZH_JOINING_VERBS = frozenset("拼成抱参跟组凑")

_CJK = re.compile(r"[\u3400-\u9fff]+")

_LATIN = re.compile(r"[a-z0-9]+")

# A Chinese word as a name is a run of Chinese characters, with a single Latin letter glued in
# front when there is one (T恤, U盘, X光, K歌): that letter is part of the word, not a word.
_ZH_WORD = re.compile(r"(?<![a-z0-9])[a-z](?=[\u3400-\u9fff])[\u3400-\u9fff]+|[\u3400-\u9fff]+")

# Words with no subject in them: function words, and the words of a marketing brief itself.
_EN_STOP = frozenset("""a an the of for and or with to in on at by from my our your his her its their this that
these those is are be it as all every each any""".split())

_ZH_STOP = frozenset("的 了 和 与 及 之 在 是 个 一 只 辆 杯 张 件 把 盒 瓶 块 双 顶 架 部 束 盆 碗 套 份".split())

# Words that describe an object rather than name one: never an object of their own in a query; the
# praise words of an ad among them (an *epic* battle, the *ultimate* guide), tags of reaction faces.
_MODIFIERS = frozenset("""红色 橙色 橘色 黄色 绿色 青色 蓝色 紫色 粉色 粉红色 白色 黑色 灰色 棕色 金色 银色 彩色 红 橙 黄 绿 蓝 紫
白 黑 粉 金 银 大 小 新 旧 可爱 漂亮 热 冷 red orange yellow green blue purple pink white black grey gray brown gold
golden silver colorful cute big small little new old hot cold
raw organic fresh artisan handmade homemade premium extra 有机 手工 新鲜 正宗 进口 imported 冰鲜
epic ultimate awesome amazing incredible legendary""".split())

# Words that name an occasion or an offer, not an object (soccer *camp*, hot pot *night*, 啤酒*节*,
# sneakers 30% *off*): after another word of the query they are not what the query names, like
# packaging, and they do not make the words before them a mere part of a longer name. Greetings after a
# festival (新春*快乐*, 元宵*佳节*) are occasion words too: they name no object of their own, nor does
# the section of an app a feature lives in (领券*中心*, "rewards *center*"), nor a trade's "services"
# ("plumbing services" names no service dog). A school or an academy after what it teaches is where it
# is taught, as a class or a course is ("flight school" is the aeroplane's, "swim school" the swimmer's).
# A stand, a stall or a booth after what it sells is where it is sold ("lemonade stand" is the lemonade's).
_EVENTS = frozenset("""camp night party festival fest week weekend day sale deal deals class classes lesson lessons
league club drive season fair event launch drop combo order delivery rental gear special promo bonus
off offer discount clearance rebate preorder tournament contest meetup workshop bootcamp course courses training holiday
service services school academy
节 季 周 趴 营 班 夜 赛 会 课 大促 活动 专场 特惠 优惠 套餐 节日 夏令营 冬令营 训练营 集训营 音乐节 美食节 文化节
狂欢节 嘉年华 俱乐部 联赛 锦标赛 大赛 培训班 兴趣班 大师课 体验课 公开课 之夜 派对 社团 招生 报名
佳节 快乐 安康 吉祥 如意 大吉
中心 专区 频道 入口 板块 center centre hub zone
stand stands stall stalls booth kiosk""".split())

# Words that say whom (or where) an English service is for, before the words naming it ("family
# dental clinic", "family hair salon", "residential solar installers"): there they describe it, not what is shown.
_AUDIENCES = frozenset("""family families kid kids children women men ladies gents senior seniors
elderly teen teens student students household community residential commercial corporate personal local
儿童 孩子 少儿 宝宝 婴儿 母婴 家庭 全家 女性 女士 男士 老人 长辈 中老年 学生 青少年 社区 企业 个人""".split())

# Words that say only how a dish tastes (麻辣 of 麻辣牛肉面, "spicy" of "spicy hot pot"): before the dish they
# describe it, as an audience word describes a service; none is an ingredient one could draw (garlic, honey are).
_FLAVOURS = frozenset("""spicy hot fiery mild sweet sour tangy zesty smoky savory savoury salty
麻辣 香辣 酸辣 微辣 中辣 特辣 重辣 甜辣 爆辣 酸甜 酸酸甜甜 甜甜 咸甜 鲜辣 麻 辣 甜 咸 酸 鲜 香""".split())

# Words that end an English noun phrase: its head is the last content word before them.
_PREPOSITIONS = frozenset("for with in on at from to by near under over without".split())

# What opens a noun phrase: an article, a possessive or demonstrative, a quantifier, or a day's
# possessive ("today's"). A noun never stands right before one inside a phrase, so an English
# query's first word followed by one is a verb ("check today's weather", "scan your receipts",
# "report a bug"): what it does to the phrase, not an object of its own (no check mark).
_EN_DETERMINERS = frozenset("""a an the your my our their his her its this these those every each some
today's tonight's tomorrow's yesterday's""".split())

_EN_LEADING_VERB = re.compile(r"^[^a-z\u3400-\u9fff]*([a-z]+)\s+([a-z]+(?:'s)?)\s+[a-z]")

# Skin-tone and hair variants share a base name before ": " ("person swimming: light skin tone").
_VARIANT = re.compile(r"\s*[:：].*$")

# Chinese occasion words of more than one character, longest first: the words inside one are
# part of it (训练 in 篮球训练营 names no weightlifter).
_ZH_OCCASIONS = tuple(sorted((w for w in _EVENTS if _CJK.fullmatch(w) and len(w) >= 2), key=len, reverse=True))


def _suffixed_label(run: str, labels: Any) -> str:
    """The label a Chinese run's last character takes with a noun suffix (椅 → 椅子), or "": not
    after a verb of joining (三人成团 names no dango, see _ZH_JOINING_VERBS)."""
    if not run or run[-1] in _ZH_SUFFIXES or run[-1] in _ZH_STOP \
            or (len(run) >= 2 and run[-2] in _ZH_JOINING_VERBS):
        return ""
    return next((run[-1] + suffix for suffix in _BARE_HEAD_SUFFIXES if run[-1] + suffix in labels), "")


def _starts(text: str, word: str) -> list[int]:
    """Every position where `word` occurs in `text` (overlapping ones too)."""
    return [i for i in range(len(text) - len(word) + 1) if text.startswith(word, i)]


def occasion_tail(run: str) -> str:
    """The longest occasion word a Chinese run ends with (篮球训练营 → 训练营), or ""."""
    return next((w for w in _ZH_OCCASIONS if run.endswith(w)), "")


def is_audience(word: str) -> bool:
    """A word saying whom a service is for (family, kids, residential, 儿童), see _AUDIENCES."""
    return word in _AUDIENCES or stem(word) in _AUDIENCES


def is_flavour(word: str) -> bool:
    """A word saying only how a dish tastes (spicy, 麻辣), see _FLAVOURS."""
    return word in _FLAVOURS


def is_occasion(word: str) -> bool:
    """An occasion or offer word (camp, nights, 夏令营, off), see _EVENTS."""
    return word in _EVENTS or stem(word) in _EVENTS


def leading_verb(text: str) -> str:
    """The first word of an English text (normalised) when a determiner follows it and a word
    after that, so that it is a verb and no noun ("check" of "check today's weather", "set" of "set a
    savings goal"); "" for Chinese text or any other opening ("New Year's Eve", "gift box")."""
    found = _EN_LEADING_VERB.match(text)
    if found is None or _CJK.search(text):
        return ""
    word, after = found.groups()
    if after not in _EN_DETERMINERS or word in _EN_STOP or word in _EN_DETERMINERS or word in _MODIFIERS \
            or word in _PREPOSITIONS:
        return ""
    return word


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace("’", "'")


# Words that end like an inflection but are nouns of their own: stripping them would make them
# another word (news is no new, a rating no rat, boxing no box, an earring no ear).
WHOLE_WORDS = frozenset({
    "news", "bowling", "boxing", "parking", "rating", "bearing", "moped", "earring", "ceiling", "evening",
    "morning", "landing", "pudding", "clothing", "stuffing", "icing", "frosting", "topping", "filling",
    "sibling", "dumpling", "duckling", "seedling", "darling", "wedding", "lightning", "awning", "shed", "sled",
    "living", "tired",
})


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English stemmer: enough that plural/-ing/-ed forms meet (shoes/shoe, swimming/swim,
    dumplings/dumpling), without turning one word into another (news, rating, string, speed)."""
    if len(word) <= 3 or not word.isalpha() or word in WHOLE_WORDS:
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + keep
    # -oes and -oe meet at -o (mangoes/mango, shoes/shoe, canoes/canoe): both sides stem alike.
    if word.endswith("oes") and len(word) > 4:
        return word[:-2]
    if word.endswith("oe"):
        return word[:-1]
    # Nouns whose plural turns -f into -ves meet their singular (loaves/loaf, leaves/leaf,
    # shelves/shelf, halves/half); waves, olives and solves are other words and keep their -e.
    for suffix, keep in (("oaves", "oaf"), ("eaves", "eaf"), ("elves", "elf"), ("alves", "alf")):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + keep
    # -ie meets -ies at -y (cookie/cookies, movie/movies) as -y words already do (party/parties).
    if word.endswith("ie") and len(word) > 4:
        return word[:-2] + "y"
    # -ing and -ed go only where a vowel is left before them (string, spring, bring stay) and
    # -eed stays (speed, seed, breed).
    if word.endswith("ing") and len(word) > 5 and _has_vowel(word[:-3]):
        return _without_inflection(word[:-3])
    if word.endswith("ed") and len(word) > 4 and not word.endswith("eed") and _has_vowel(word[:-2]):
        return _without_inflection(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        single = word[:-1]
        # a plural stems as its singular does (dumplings/dumpling, earrings/earring, paintings/painting)
        return stem(single) if single.endswith(("ing", "ed")) else _without_silent_e(single)
    return _without_silent_e(word)


def _without_silent_e(word: str) -> str:
    """A word ending in a silent e after two consonants loses it, as its -ing and -ed forms do
    (dance/dancing/danced, nurse/nursing, charge/charging meet at danc, nurs, charg)."""
    if len(word) > 4 and word[-1] == "e" and word[-2] in "cgsv" and word[-3] not in "aeiou" and word not in WHOLE_WORDS:
        return word[:-1]
    return word


# A syllable's vowels; y is a vowel only away from other vowels (the y of kayak, crayon and loyal is a consonant).
_SYLLABLE = re.compile(r"[aeiou]+|y(?![aeiou])")


def _without_inflection(base: str) -> str:
    """What is left of a word before -ing or -ed: a doubled consonant undoubled (swimming → swim), and
    the silent e put back after one short syllable ending consonant-vowel-consonant (caring → care,
    not car; skating → skate, coded → code, not cod); longer words keep what is left (opening → open)."""
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
        return base[:-1]
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou" \
            and len(_SYLLABLE.findall(base[:-1])) == 1 and not base.startswith(("y", "qu")):
        return base + "e"
    return base


def _has_vowel(text: str) -> bool:
    return any(ch in "aeiouy" for ch in text)


class Segmenter:
    """jieba's word graph over one vocabulary: the gallery's own label and tag words, the synonym
    table and the theme lexicon. Words outside it cannot match anything in the index, so cutting
    queries with it loses nothing, and it loads in milliseconds where jieba's 350k-word default
    dictionary takes most of a second (a cold `huabao search` pays that). Characters outside
    the vocabulary stay single; they are indexed as characters and bigrams anyway."""

    def __init__(self, vocabulary: Iterable[str]):
        from tools.words import vocabulary_tokenizer

        entries = sorted({w for w in (normalise(v).strip() for v in vocabulary) if _ZH_WORD.fullmatch(w or "")})
        # its own small dictionary on purpose, not jieba's default one (see the class docstring)
        self._tokenizer = vocabulary_tokenizer((word, 10 + 5 * len(word)) for word in entries)
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[str, ...]] = {}

    def zh_words(self, run: str) -> tuple[str, ...]:
        """Search-mode words of one Chinese run (小推车 gives 小推车 and 推车 when both are known)."""
        cached = self._cache.get(run)
        if cached is None:
            with self._lock:  # jieba's tokenizer keeps state while cutting
                cached = tuple(w for w in self._tokenizer.cut_for_search(run, HMM=False)
                               if len(w) > 1 and w not in _ZH_STOP)
            if len(self._cache) < 50_000:
                self._cache[run] = cached
        return cached

    def zh_units(self, run: str) -> tuple[str, ...]:
        """The words one Chinese run is made of, each once (小推车 → 小推车; 银行信用卡 → 银行, 信用卡)."""
        key = "\0" + run
        cached = self._cache.get(key)
        if cached is None:
            with self._lock:
                cached = tuple(w for w in self._tokenizer.cut(run, HMM=False) if w not in _ZH_STOP)
            if len(self._cache) < 50_000:
                self._cache[key] = cached
        return cached

    def spans(self, run: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of the words one Chinese run is cut into, stop words included."""
        with self._lock:
            return [(word, start, end) for word, start, end in self._tokenizer.tokenize(run, HMM=False)]

    def heads(self, run: str) -> frozenset[int]:
        """Positions in one Chinese run that end a word (its head noun): 购物袋 → {2}, 袋鼠 → {1}."""
        key = "\1" + run
        cached = self._cache.get(key)
        if cached is None:
            with self._lock:
                words = list(self._tokenizer.cut(run, HMM=False))
            found: set[int] = set()
            end = 0
            for word in words:
                end += len(word)
                found.add(end - 1)
                if len(word) >= 2 and word[-1] in _ZH_SUFFIXES:
                    found.add(end - 2)
            cached = frozenset(found)
            if len(self._cache) < 50_000:
                self._cache[key] = cached
        return cached  # type: ignore[return-value]

    def words(self, text: str) -> list[str]:
        """Word tokens of mixed zh/en text: known Chinese words, then stemmed English words."""
        text = normalise(text)
        out = [w for run in _CJK.findall(text) for w in self.zh_words(run)]
        out.extend(en_words(_CJK.sub(" ", text)))
        return out


def en_words(text: str) -> list[str]:
    return [stem(w) for w in _LATIN.findall(normalise(text)) if w not in _EN_STOP]


def typo_fixes(word: str) -> set[str]:
    """The words one common typo away from `word`: two letters swapped (kettel), a doubled letter
    single or a single one doubled (aniversary, umbrela), a vowel missing or extra (choclate).
    A changed letter is left out, vowels too: tourism is no typo of tourist, racket none of rocket;
    so is a changed first letter, which people rarely mistype: "awaits" is a word of its own, no
    typo of "waits" (it names no alarm clock)."""
    out: set[str] = set()
    for i in range(len(word) - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    for i, letter in enumerate(word):
        out.add(word[:i] + letter + word[i:])
        if (i > 0 and word[i - 1] == letter) or letter in _VOWELS:
            out.add(word[:i] + word[i + 1:])
    for i in range(len(word) + 1):
        out.update(word[:i] + vowel + word[i:] for vowel in _VOWELS)
    out.discard(word)
    return {fix for fix in out if fix[:1] == word[:1]}


def grams(text: str, segmenter: Segmenter | None = None) -> list[tuple[str, float]]:
    """Single Chinese characters and character bigrams with their weight, marked so they never
    collide with words: a word the vocabulary lacks (马克杯, 小猪) still meets captions holding it.
    With a `segmenter` (the indexed side), characters inside a word weigh INNER_CHAR_SHARE less."""
    out = []
    for run in _CJK.findall(normalise(text)):
        heads = segmenter.heads(run) if segmenter is not None else None
        out.extend(("·" + c, CHAR_WEIGHT * (1.0 if heads is None or i in heads else INNER_CHAR_SHARE))
                   for i, c in enumerate(run) if c not in _ZH_STOP)
        out.extend(("··" + run[i:i + 2], BIGRAM_WEIGHT) for i in range(len(run) - 1))
    return out


def phrase_key(text: str) -> str:
    """How a label, tag or query phrase is compared for an exact match: zh as written (minus
    spaces), en as its stemmed words."""
    text = normalise(_VARIANT.sub("", text or ""))
    if _CJK.search(text):
        return re.sub(r"\s+", "", text)
    return " ".join(stem(w) for w in _LATIN.findall(text))
