"""Does a gallery image show the subject the brief names? (issue 16, "nothing hidden")

The retriever always returns *something*: for 扫地机器人 it finds the robot-face emoji (机器人
is in the name) and a broom (扫地 is a tag); for 空气炸锅 a falafel. Its scores cannot tell these
from a real match: the fused score ranks, it does not measure, and the dense (e5) similarity of
the best hit is as high for 空气炸锅 → falafel (0.90) as for 书包 → backpack (0.90), see
bench/subject_threshold.py. What does tell them apart is how much of the subject the image's own
names account for: 扫地机器人 against a robot (label 机器人, tags 怪物/脸) leaves 扫地 unexplained;
小推车 against a shopping cart (tag 手推车, and 小推车 → 购物车 in the synonym table) is all
accounted for.

`subject_coverage` is that share, 0..1 (tools/retrieval/subject_coverage.py, shared with
`/describe`, which names ImageNet labels by it): characters of a Chinese subject, words of an
English one, that a name of the image (label, tags, their parts) or a synonym-table entry
explains. Modifiers that do not change what the object is (colours, 小/大, cute) are not counted.
The threshold it is compared with is a setting (`subject_match_threshold`) calibrated on the
gallery by bench/subject_threshold.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.retrieval.subject_coverage import subject_coverage

__all__ = ["SubjectMatch", "best_match", "subject_coverage"]


@dataclass(frozen=True)
class SubjectMatch:
    """How well one gallery image shows the subject."""

    coverage: float
    gallery_id: str
    label_zh: str
    label_en: str

    def used(self) -> dict[str, str]:
        return {"gallery_id": self.gallery_id, "label_zh": self.label_zh, "label_en": self.label_en}


def best_match(subject: str, hits: list[dict[str, Any]], synonyms: Any = None) -> list[SubjectMatch]:
    """Each hit's coverage of the subject, in the hits' order. A hit is a dict with gallery_id,
    label_zh, label_en and tags (a search result with the gallery's tags added)."""
    return [SubjectMatch(subject_coverage(subject, [hit.get("label_zh", ""), hit.get("label_en", ""),
                                                    *hit.get("tags", [])], synonyms),
                         str(hit.get("gallery_id", "")), hit.get("label_zh", ""), hit.get("label_en", ""))
            for hit in hits]
