"""The stages, in pipeline order. Each module owns its rules and their codes."""

from __future__ import annotations

from cleaner.budget import OVER_BUDGET
from cleaner.config import Config
from cleaner.edits import Rule
from cleaner.stages.base import Document, Stage
from cleaner.stages.context import ContextStage
from cleaner.stages.frontmatter import FrontMatterStage
from cleaner.stages.grammar import GrammarStage
from cleaner.stages.headers import HeadersStage
from cleaner.stages.layout import LayoutStage
from cleaner.stages.merges import MergesStage
from cleaner.stages.spacing import SpacingStage
from cleaner.stages.spelling import SpellingStage
from cleaner.stages.stutter import StutterStage
from cleaner.stages.unicode import UnicodeStage

STAGE_TYPES: tuple[type[Stage], ...] = (
    UnicodeStage,
    HeadersStage,
    FrontMatterStage,
    LayoutStage,
    SpacingStage,
    MergesStage,
    SpellingStage,
    ContextStage,
    StutterStage,
    GrammarStage,
)


def default_stages(config: Config) -> list[Stage]:
    """One instance of every stage, in order, each built for ``config``."""
    return [stage_type.from_config(config) for stage_type in STAGE_TYPES]


def all_rules() -> list[Rule]:
    """Every rule of every stage, in pipeline order, then the pipeline's own (what ``cleaner rules`` prints).

    >>> rules = all_rules()
    >>> "P101" in {rule.code for rule in rules}, len({rule.code for rule in rules}) == len(rules)
    (True, True)
    """
    return [rule for stage_type in STAGE_TYPES for rule in stage_type.rules] + [OVER_BUDGET]


__all__ = ["STAGE_TYPES", "Document", "Stage", "all_rules", "default_stages"]
