"""`quickscan questionnaire list|show|validate`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import ExtraOption, Lang, LangOption, TextOrJson
from quickscan.console import escape
from quickscan.questionnaire import builtin_names, load_questionnaire
from quickscan.questionnaire.describe import describe

questionnaire_app = typer.Typer(
    help="List, show, validate and print questionnaires.", no_args_is_help=True
)
app.add_typer(questionnaire_app, name="questionnaire")

RefArgument = Annotated[
    str,
    typer.Argument(help="A built-in questionnaire name, or the path of a questionnaire folder."),
]


@questionnaire_app.command("list")
@command_errors
def list_command() -> None:
    """List the built-in questionnaires.

    \b
    Examples:
      quickscan questionnaire list
    """
    for name in builtin_names():
        q = load_questionnaire(name)
        typer.echo(f"{name}\t{q.title.get('en')} (version {q.version}, {len(q.items)} items)")


@questionnaire_app.command("show")
@command_errors
def show_command(
    ref: RefArgument = "qsld",
    lang: LangOption = Lang.nl,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", help="text for people, json for tools.")
    ] = TextOrJson.text,
    extra: ExtraOption = None,
) -> None:
    """Show a questionnaire: areas, items, groups, scales and fingerprint.

    \b
    Examples:
      quickscan questionnaire show
      quickscan questionnaire show my-scan/ --format json
    """
    q = load_questionnaire(ref, extra=extra)
    info = describe(q, lang.value)
    if output_format is TextOrJson.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    out = console.stdout()
    # Every text below comes from the questionnaire's YAML: escaped, never read as markup.
    out.print(
        f"[bold]{escape(str(info['title']))}[/bold]  "
        f"({escape(str(info['id']))} {escape(str(info['version']))})"
    )
    out.print(f"fingerprint: {escape(str(info['fingerprint']))}")
    counts = info["counts"]
    per_group = ", ".join(f"{g} {n}" for g, n in counts["items_per_group"].items())
    out.print(
        f"{counts['areas']} areas, {counts['items']} items, "
        f"{counts['maatwerk_items']} maatwerk items, {counts['open_questions']} open questions"
    )
    out.print(f"items per group: {escape(per_group)}")
    out.print(
        console.table(
            "Groups",
            ["id", "label", "aliases"],
            ([g["id"], g["label"], ", ".join(g["aliases"])] for g in info["groups"]),
        )
    )
    for scale in info["scales"]:
        options = ", ".join(f"{c}={label}" for c, label in scale["options"].items())
        dont_know = ", ".join(f"{c}={label}" for c, label in scale["dont_know"].items())
        out.print(escape(f"scale {scale['id']}: {options}; don't know: {dont_know or 'none'}"))
    bands = ", ".join(f"{b['label']} [{b['min']:g}, {b['max']:g})" for b in info["bands"])
    out.print(f"bands: {escape(bands)}")
    rows: list[list[str]] = []
    for area in info["areas"]:
        for item in area["items"]:
            rows.append(_item_row(str(area["number"]), item))
    for item in info["maatwerk"]:
        rows.append(_item_row("mw", item))
    areas = ", ".join(f"{a['number']} {a['title']}" for a in info["areas"])
    out.print(f"areas: {escape(areas)}")
    out.print(console.table("Items", ["area", "item", "text", "groups", "rev", "kind"], rows))
    if info["open_questions"]:
        out.print(
            console.table(
                "Open questions",
                ["id", "text"],
                ([o["id"], o["text"]] for o in info["open_questions"]),
            )
        )


def _item_row(area: str, item: dict[str, object]) -> list[str]:
    groups = item["groups"]
    return [
        area,
        str(item["id"]),
        str(item["text"]),
        ", ".join(groups) if isinstance(groups, list) else "all",
        "yes" if item["reverse"] else "",
        str(item["kind"]),
    ]


@questionnaire_app.command("validate")
@command_errors
def validate_command(
    ref: RefArgument = "qsld",
    extra: ExtraOption = None,
) -> None:
    """Check a questionnaire (and a maatwerk file); exit 0 when valid, 3 when not.

    \b
    Examples:
      quickscan questionnaire validate my-scan/
      quickscan questionnaire validate qsld --extra maatwerk.yaml
    """
    q = load_questionnaire(ref, extra=extra)
    console.success(
        f"{q.source}: valid ({len(q.areas)} areas, {len(q.items)} items, "
        f"{len(q.maatwerk)} maatwerk items; fingerprint {q.fingerprint})"
    )
