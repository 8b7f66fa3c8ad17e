"""The two small value types every stage speaks: a rule and the edit it proposes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Rule:
    """A named, selectable repair, identified by a ruff-style code such as ``P101``.

    >>> from cleaner import all_rules
    >>> rule = next(rule for rule in all_rules() if rule.code == "U102")
    >>> rule.name, rule.stage, rule.default
    ('html-entity', 'unicode', True)
    """

    code: str
    name: str
    stage: str
    summary: str
    example: str
    default: bool = True


@dataclass(frozen=True, slots=True)
class Edit:
    """A proposed replacement of ``text[start:end]`` of the *current* text.

    Stages return edits instead of rewriting text, so that one place can apply them,
    keep the map back to the original and log them. ``replacement=None`` marks a
    finding that has no safe fix: it is only ever reported. ``metadata`` is what the
    removed text meant (``{"date": "2022-01-24"}``); it is kept when the edit applies.

    >>> Edit(8, 8, " ", "P103", 0.95, "space after Ukraine.")  # an insertion in "Ukraine.The"
    Edit(start=8, end=8, replacement=' ', rule='P103', confidence=0.95, message='space after Ukraine.', metadata=None)
    """

    start: int
    end: int
    replacement: str | None
    rule: str
    confidence: float = 1.0
    message: str = ""
    metadata: dict[str, str | list[str]] | None = field(default=None, compare=False)

    def overlaps(self, other: Edit) -> bool:
        """Two edits conflict when they share characters or insert at the same point.

        >>> Edit(0, 3, "", "L101").overlaps(Edit(2, 4, "x", "L102")), Edit(0, 2, "", "L101").overlaps(Edit(2, 4, "", "L102"))
        (True, False)
        """
        if self.start == other.start:
            return True
        return self.start < other.end and other.start < self.end


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with sorted, non-overlapping edits applied."""
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement or "")
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)
