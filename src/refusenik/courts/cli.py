"""`refusenik courts …`: look up the bundled court registry and audit how it was merged."""

from __future__ import annotations

import json
from collections import Counter

import typer
from rich.markup import escape
from rich.table import Table

from refusenik import courts
from refusenik.console import stdout_console
from refusenik.errors import UserInputError

HELP = (
    "The court registry: every court refusenik can ask, with its official code, kind, "
    "region, host, site template, captcha flag and database servers.\n\n"
    "Example: refusenik courts list --kind garrison_military"
)

app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")
# Piped output (grep, files) gets wide rows instead of hosts folded over several lines.
console = stdout_console()


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _matches_region(court: courts.Court, wanted: str) -> bool:
    wanted = wanted.strip().lower()
    if court.region_code and court.region_code == wanted.zfill(2):
        return True
    return bool(court.region) and wanted in court.region.lower()


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else ("yes" if value else "no")


@app.command("list")
def list_courts(
    kind: str | None = typer.Option(
        None, "--kind", "-k", help=f"Only courts of this kind: {', '.join(courts.KINDS)}."
    ),
    region: str | None = typer.Option(
        None,
        "--region",
        "-r",
        help="Only courts sitting in this region: a code (77) or part of its name (Самарская).",
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        "-t",
        help=f"Only sites of this template: {', '.join(courts.TEMPLATES)}.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
) -> None:
    """List courts, optionally of one kind, region or template.

    Example: refusenik courts list --kind garrison_military --region Самарская
    """
    selected = courts.by_kind(kind) if kind is not None else courts.all_courts()
    if template is not None:
        wanted = courts.check_template(template)
        selected = [c for c in selected if c.template is wanted]
    if region is not None:
        if not any(_matches_region(c, region) for c in courts.all_courts()):
            raise UserInputError(
                f"no region matches {region!r}: give a region code such as 77 "
                "or part of a region name such as 'Самарская'"
            )
        selected = [c for c in selected if _matches_region(c, region)]
    if as_json:
        _echo_json([c.to_dict() for c in selected])
        return
    table = Table(title=f"{len(selected)} courts", show_lines=False)
    for column in ("code", "kind", "name", "region", "module host", "template", "captcha", "srv"):
        table.add_column(column, overflow="fold")
    for c in selected:
        table.add_row(
            c.code,
            c.kind,
            escape(c.name),
            escape(c.region or "-"),
            c.module_host or escape(c.site_url or "-"),
            c.template,
            _yes_no(c.captcha),
            ",".join(map(str, c.srv_nums)),
        )
    console.print(table)


@app.command("show")
def show(
    code: str = typer.Argument(
        ..., help="Official code (63GV0006) or host in either form (gvs--sam.sudrf.ru)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the court as a JSON object."),
) -> None:
    """Show one court with the list each fact came from.

    Example: refusenik courts show 63GV0006   (or: refusenik courts show voen--perm.sudrf.ru)
    """
    court = courts.get(code)
    if as_json:
        _echo_json(court.to_dict())
        return
    parent = None
    if court.parent_code:
        parent = f"{court.parent_code} {courts.get(court.parent_code).name}"
    facts = [
        ("code", court.code, "code"),
        ("name", court.name, "name"),
        ("kind", court.kind, "kind"),
        ("region", f"{court.region_code or '-'} {court.region or '-'}", "region"),
        ("hosts", "  ".join(court.hosts) or "-", "host"),
        ("site url", court.site_url or "-", "site_url"),
        ("template", court.template, "template"),
        ("captcha", _yes_no(court.captcha), "captcha"),
        ("srv_num", ", ".join(map(str, court.srv_nums)), "srv_nums"),
        ("court above", parent or "-", "parent_code"),
        ("military district", court.military_district or "-", "parent_code"),
    ]
    table = Table(title=escape(court.name), show_header=True)
    table.add_column("fact")
    table.add_column("value", overflow="fold")
    table.add_column("from", overflow="fold")
    for label, value, key in facts:
        table.add_row(label, escape(value), ", ".join(court.sources.get(key, ())) or "-")
    console.print(table)
    for note in court.notes:
        console.print(f"note: {escape(note)}", highlight=False)


@app.command("audit")
def audit(
    field: str | None = typer.Option(
        None,
        "--field",
        "-f",
        help="Only disagreements about this fact: presence, kind, host, template, captcha.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print {rules, summary, conflicts} as JSON."
    ),
) -> None:
    """Show how the source lists disagree and the written rule that settled each case.

    Example: refusenik courts audit --field host
    """
    conflicts = courts.audit()
    if field is not None:
        fields = sorted({c.field for c in conflicts} | set(courts.RULES))
        if field not in fields:
            raise UserInputError(f"unknown field {field!r}; fields: {', '.join(fields)}")
        conflicts = [c for c in conflicts if c.field == field]
    summary = Counter((c.field, ", ".join(c.rejected_from)) for c in conflicts)
    if as_json:
        _echo_json(
            {
                "rules": courts.RULES,
                "sources": courts.SOURCES,
                "summary": [
                    {"field": f, "rejected_from": s, "count": n}
                    for (f, s), n in sorted(summary.items())
                ],
                "conflicts": [c.to_dict() for c in conflicts],
            }
        )
        return
    console.print("[bold]Rules[/] (one per fact; each disagreement names the rule that chose):")
    for rule_id, text in courts.RULES.items():
        console.print(f"  [bold]{rule_id}[/]: {escape(text)}", highlight=False)
    overview = Table(title="Disagreements by fact and losing list")
    for column in ("fact", "losing list", "count"):
        overview.add_column(column)
    for (f, s), n in sorted(summary.items()):
        overview.add_row(f, s, str(n))
    console.print(overview)
    detail = Table(title=f"{len(conflicts)} disagreements")
    for column in ("code", "name", "fact", "kept", "from", "rejected", "from ", "rule"):
        detail.add_column(column, overflow="fold")
    for c in conflicts:
        detail.add_row(
            c.code or "-",
            escape(c.name),
            c.field,
            escape(c.chosen),
            ", ".join(c.chosen_from),
            escape(c.rejected),
            ", ".join(c.rejected_from),
            c.rule,
        )
    console.print(detail)


def register(root: typer.Typer) -> None:
    """Add `refusenik courts …` to the root app."""
    root.add_typer(app, name="courts")
