"""`refusenik courts …`: look up the bundled court registry and audit how it was merged."""

from __future__ import annotations

from collections import Counter

import typer

from refusenik import courts
from refusenik.console import JSON_OPTION, print_json, stdout_console, table
from refusenik.errors import UserInputError

HELP = (
    "The court registry: every court refusenik can ask, with its official code, kind, "
    "region, host, site template, captcha flag and database servers.\n\n"
    "Example: refusenik courts list --kind garrison_military"
)

app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
# Piped output (grep, files) gets wide rows instead of hosts folded over several lines.
console = stdout_console()


_echo_json = print_json


def _matches_region(court: courts.Court, wanted: str) -> bool:
    wanted = wanted.strip().lower()
    if court.region_code and court.region_code == wanted.zfill(2):
        return True
    return court.region is not None and wanted in court.region.lower()


def _region(court: courts.Court) -> str:
    """ "77 Город Москва", or only the name or code the registry has; "-" for neither."""
    return " ".join(p for p in (court.region_code, court.region) if p) or "-"


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
    as_json: bool = JSON_OPTION,
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
    grid = table(
        "code",
        "kind",
        "name",
        "region",
        "module host",
        "template",
        "captcha",
        "srv",
        title=f"{len(selected)} courts",
    )
    for c in selected:
        grid.add_row(
            c.code,
            c.kind,
            c.name,
            _region(c),
            c.module_host or c.site_url or "-",
            c.template,
            _yes_no(c.captcha),
            ",".join(map(str, c.srv_nums)),
        )
    console.print(grid)


@app.command("show")
def show(
    code: str = typer.Argument(
        ..., help="Official code (63GV0006) or host in either form (gvs--sam.sudrf.ru)."
    ),
    as_json: bool = JSON_OPTION,
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
        ("region", _region(court), "region"),
        ("hosts", "  ".join(court.hosts) or "-", "host"),
        ("site url", court.site_url or "-", "site_url"),
        ("template", court.template, "template"),
        ("captcha", _yes_no(court.captcha), "captcha"),
        ("srv_num", ", ".join(map(str, court.srv_nums)), "srv_nums"),
        ("court above", parent or "-", "parent_code"),
        ("military district", court.military_district or "-", "parent_code"),
    ]
    grid = table("fact", "value", "from", title=court.name)
    for label, value, key in facts:
        grid.add_row(label, value, ", ".join(court.sources.get(key, ())) or "-")
    console.print(grid)
    for note in court.notes:
        console.print(f"note: {note}")


@app.command("audit")
def audit(
    field: str | None = typer.Option(
        None,
        "--field",
        "-f",
        help="Only disagreements about this fact: presence, kind, host, template, captcha.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print {rules, sources, summary, conflicts} as JSON."
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
    console.print("Rules (one per fact; each disagreement names the rule that chose):")
    for rule_id, text in courts.RULES.items():
        console.print(f"  {rule_id}: {text}")
    overview = table("fact", "losing list", "count", title="Disagreements by fact and losing list")
    for (f, s), n in sorted(summary.items()):
        overview.add_row(f, s, str(n))
    console.print(overview)
    detail = table(
        "code",
        "name",
        "fact",
        "kept",
        "from",
        "rejected",
        "from ",
        "rule",
        title=f"{len(conflicts)} disagreements",
    )
    for c in conflicts:
        detail.add_row(
            c.code or "-",
            c.name,
            c.field,
            c.chosen,
            ", ".join(c.chosen_from),
            c.rejected,
            ", ".join(c.rejected_from),
            c.rule,
        )
    console.print(detail)


def register(root: typer.Typer) -> None:
    """Add `courts …` to an app built by hand, as tests do."""
    root.add_typer(app, name="courts")
