"""Questionnaire definitions: models, safe YAML loading, and the built-in catalogue."""

from quickscan.questionnaire.loader import (
    DEFAULT_QUESTIONNAIRE,
    builtin_names,
    load_questionnaire,
    resolve_ref,
)
from quickscan.questionnaire.models import (
    Area,
    Band,
    Group,
    Item,
    OpenQuestion,
    Questionnaire,
    Scale,
    ScoringSettings,
    Text,
    normalise_label,
)

__all__ = [
    "DEFAULT_QUESTIONNAIRE",
    "Area",
    "Band",
    "Group",
    "Item",
    "OpenQuestion",
    "Questionnaire",
    "Scale",
    "ScoringSettings",
    "Text",
    "builtin_names",
    "load_questionnaire",
    "normalise_label",
    "resolve_ref",
]
