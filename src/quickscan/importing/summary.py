"""The import summary as lines of text: what was read, mapped, dropped and recoded."""

from __future__ import annotations

from collections import Counter

from quickscan.importing.api import ImportPlan


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def _some(names: list[str], limit: int) -> str:
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f" and {more} more" if more > 0 else "")


def summary_lines(plan: ImportPlan) -> list[str]:
    lines: list[str] = []
    for info in plan.files:
        how = "detected" if info.detected else "given"
        kind = info.platform_title + ("" if info.platform == "quickscan" else " export")
        lines.append(f"{info.file}: {kind} ({how})")
        if info.notes:
            lines.append("  " + "; ".join(info.notes))
        lines.append(f"  rows read: {info.rows_read:,}; respondents written: {info.respondents:,}")
        mapped = [m for m in info.matches if m.kind in ("field", "item", "open", "finished")]
        reasons = Counter(m.how for m in mapped)
        lines.append(
            f"  columns mapped: {len(mapped)} ("
            + ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
            + ")"
        )
        dropped = [m.header for m in info.matches if m.kind in ("drop", "empty")]
        if dropped:
            shown = _some(dropped, 8)
            lines.append(f"  columns dropped: {len(dropped)} ({shown})")
        unknown = [m.header for m in info.matches if m.kind in ("none", "close")]
        if unknown:
            lines.append(f"  columns not recognised: {len(unknown)} ({', '.join(unknown[:8])})")
        if info.missing_items:
            missing = info.missing_items
            shown = _some(missing, 10)
            lines.append(f"  items with no column: {len(missing)} ({shown})")
        if info.generated_ids:
            lines.append("  respondent ids: the export has none; numbered in row order (1, 2, ...)")
        if info.unfinished:
            what = "left out (--finished-only)" if plan.finished_only else "kept"
            lines.append(f"  unfinished responses: {info.unfinished:,} ({what})")
    if plan.sets:
        lines.append("set: " + ", ".join(f"{k}={v}" for k, v in plan.sets.items()))
    lines.append(f"values recoded: {plan.values_recoded:,} cells from labels or wordings")
    if plan.user_missing:
        lines.append(f"user-missing codes read as don't know: {plan.user_missing:,} cells")
    return lines
