"""A plain description of a questionnaire, for `questionnaire show` (text and JSON)."""

from __future__ import annotations

from typing import Any

from quickscan.questionnaire.models import Questionnaire


def describe(questionnaire: Questionnaire, lang: str = "nl") -> dict[str, Any]:
    """Everything a user needs to know about a questionnaire, in one language.

    The JSON output of `quickscan questionnaire show --format json` is exactly this.
    """
    q = questionnaire
    return {
        "id": q.id,
        "version": q.version,
        "title": q.title.get(lang),
        "fingerprint": q.fingerprint,
        "languages": list(q.languages),
        "source": q.source,
        "groups": [
            {"id": g.id, "label": g.label.get(lang), "aliases": list(g.aliases)} for g in q.groups
        ],
        "scales": [
            {
                "id": s.id,
                "min": s.min,
                "max": s.max,
                "options": {str(o.code): o.label.get(lang) for o in s.options},
                "dont_know": {str(o.code): o.label.get(lang) for o in s.dont_know},
            }
            for s in q.scales
        ],
        "scoring": q.scoring.model_dump(),
        "bands": [
            {"id": b.id, "label": b.label.get(lang), "min": b.min, "max": b.max, "colour": b.colour}
            for b in q.bands
        ],
        "areas": [
            {
                "number": a.number,
                "id": a.id,
                "title": a.title.get(lang),
                "items": [_item(i, lang) for i in a.items],
            }
            for a in q.areas
        ],
        "maatwerk": [_item(i, lang) for i in q.maatwerk],
        "open_questions": [
            {"id": o.id, "text": o.text.get(lang), "groups": o.groups} for o in q.all_open_questions
        ],
        "counts": {
            "areas": len(q.areas),
            "items": len(q.items),
            "maatwerk_items": len(q.maatwerk),
            "open_questions": len(q.all_open_questions),
            "items_per_group": {
                g.id: sum(1 for i in q.all_items if i.applies_to(g.id)) for g in q.groups
            },
        },
    }


def _item(item: Any, lang: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text.get(lang),
        "scale": item.scale,
        "reverse": item.reverse,
        "groups": item.groups,
        "kind": item.kind,
    }
