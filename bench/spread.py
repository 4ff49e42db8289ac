"""Where a benchmark's alerts and notices fall among the UNSPSC codes, as a real portal's do: a few
segments are popular, most are not, and alerts are at every level. bench/load.py (so `make bench`)
and bench/alerts_matching.py load their alerts with it; alerts_matching.py its new notices too.
Import it after Django is set up."""

import random
import re
from collections import defaultdict

from categories.models import Category, CategoryLevel

# How broad the categories of an alert are: a segment, a family, a class or a commodity.
LEVEL_LENGTHS, LEVEL_WEIGHTS = [2, 4, 6, 8], [15, 35, 35, 15]
WORD = re.compile(r"[a-z]{5,}")


class Spread:
    """Where alerts and notices fall: UNSPSC segments by popularity (a Zipf law over the segments,
    the biggest first), codes uniformly within a segment. With the exponent 0.8, a notice of the most
    popular segment fits about 2% of the alerts, a median one a few tenths of a percent."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.by_segment = defaultdict(list)
        commodities = Category.objects.filter(level=CategoryLevel.COMMODITY)
        for code, title_en, title_zh in commodities.values_list("code", "title_en", "title_zh"):
            self.by_segment[code[:2]].append((code, title_en, title_zh))
        self.segments = sorted(self.by_segment, key=lambda s: -len(self.by_segment[s]))
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.segments))]

    def commodity(self) -> tuple[str, str, str]:
        segment = self.rng.choices(self.segments, self.weights)[0]
        return self.rng.choice(self.by_segment[segment])

    def alert_criteria(self) -> tuple[list[str], str]:
        """An alert's category prefixes, and a keyword taken from what it is about (a fifth)."""
        picks = [self.commodity() for _ in range(self.rng.choice([1, 1, 2, 3]))]
        prefixes = {
            code[: self.rng.choices(LEVEL_LENGTHS, LEVEL_WEIGHTS)[0]] for code, _en, _zh in picks
        }
        keyword = ""
        if self.rng.random() < 0.2:
            _code, title_en, title_zh = picks[0]
            words = WORD.findall(title_en.lower())
            if title_zh and self.rng.random() < 0.15:
                keyword = title_zh[:2]
            elif words:
                keyword = self.rng.choice(words)
        return sorted(prefixes), keyword
