"""Women-owned business status, by the WEConnect International and the IFC definitions.

- WEConnect: at least 51% owned, managed and controlled by women: women own at least 51%, a woman is
  the chief executive, and women hold at least 51% of the board.
- IFC: women own at least 51%; or women own at least 20%, a woman is the chief executive (CEO, COO,
  president or vice-president), and at least 30% of the board are women.

The status is self-declared from these facts; it becomes "verified" only when an admin has checked
it against an uploaded women-owned business certificate.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

RULE = _(
    "WEConnect: at least 51% owned, managed and controlled by women (51% of the shares, a woman chief "
    "executive and at least 51% women on the board). IFC: at least 51% owned by women, or at least 20% "
    "owned by women with a woman chief executive and at least 30% women on the board."
)


@dataclass(frozen=True)
class WomenOwnership:
    weconnect: bool
    ifc: bool

    @property
    def any(self) -> bool:
        return self.weconnect or self.ifc


def women_ownership(
    *,
    ownership_pct: Decimal | None,
    woman_ceo: bool | None,
    board_pct: Decimal | None,
) -> WomenOwnership:
    """Which definitions the facts meet; a fact not given counts as not met."""
    owned = ownership_pct or Decimal(0)
    board = board_pct or Decimal(0)
    ceo = bool(woman_ceo)
    weconnect = owned >= 51 and ceo and board >= 51
    ifc = owned >= 51 or (owned >= 20 and ceo and board >= 30)
    return WomenOwnership(weconnect=weconnect, ifc=ifc)
