"""What an import did, row by row: counted, kept for the command's summary, and handed to a listener
(the command's progress bar and its per-row report file) as each row is done."""

from collections.abc import Callable
from dataclasses import dataclass, field


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)
    # Called with (label, outcome, reason) for every row, and with the number of rows to come
    # (`on_total`) once it is known.
    on_row: Callable[[str, str, str], None] | None = None
    on_total: Callable[[int], None] | None = None

    def add(self, label: str, outcome: str, reason: str = "") -> None:
        if outcome == Outcome.REFUSED:
            self.refused.append((label, reason))
        else:
            setattr(self, outcome, getattr(self, outcome) + 1)
        if self.on_row:
            self.on_row(label, outcome, reason)

    def expect(self, total: int) -> None:
        if self.on_total:
            self.on_total(total)
