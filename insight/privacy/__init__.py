"""Personal-data screen for texts entering Innsikt (pure Python, no Flask)."""

from .aggregates import suppress_small
from .findings import KINDS, WARNING_KINDS, Finding
from .screen import screen, warnings

__all__ = ["KINDS", "WARNING_KINDS", "Finding", "screen", "suppress_small", "warnings"]
