"""Pieces the sudrf-family templates share: header maps, people tables, the info column.

Columns are mapped by their header text, never by position: the same tab has different
columns on different courts (SUDRF `CaseCardParser`, OVD `rf.py`, TOCHNO
`GeneralMetaParser` all do the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from refusenik.privacy import mask_name_words, safe_name, safe_text
from refusenik.sites import text as T
from refusenik.sites.base import (
    ActLink,
    ActText,
    Appeal,
    Complaint,
    Event,
    ListingRow,
    Party,
    Requirement,
    TabTable,
    Writ,
)

# --- articles -----------------------------------------------------------------------

_REF_FIELDS = ("article", "part", "point", "code", "known")


@lru_cache(maxsize=4096)
def _refs(articles_text: str) -> tuple[tuple[Any, ...], ...]:
    # Cached: the same article strings repeat on every row and card of a search.
    from refusenik.law import parse_refs

    return tuple(
        tuple(getattr(ref, f, None) for f in _REF_FIELDS) for ref in parse_refs(articles_text)
    )


def refs(articles_text: str | None) -> list[dict[str, Any]]:
    """`law.parse_refs` results as plain dicts (article, part, point, code, known)."""
    if not articles_text:
        return []
    return [dict(zip(_REF_FIELDS, values, strict=True)) for values in _refs(articles_text)]


# «ИВАНОВ И.И. - ст.337 ч.5 УК РФ», «КАРПОВ К.В. - ст.12.27 ч.2 КоАП РФ»
DEFENDANT_LINE = re.compile(r"^(?P<name>.+?)\s+[-–—]\s+(?P<arts>(?:ст|Ст|СТ)\.?\s*\d.*)$")


def person(role: str | None, raw: str | None, scope: str | None, **more: Any) -> Party:
    """A `Party` whose printed name went through `names.safe_name` (pseudonym, hidden,
    organisation); `more` sets the other fields."""
    safe = safe_name(raw, scope)
    return Party(
        role=role, name=safe.name, name_hidden=safe.hidden, organisation=safe.organisation, **more
    )


def defendant_from_line(line: str, scope: str | None) -> Party | None:
    m = DEFENDANT_LINE.match(line)
    if not m:
        return None
    arts = m.group("arts").strip()
    return person("defendant", m.group("name"), scope, articles_text=arts, articles=refs(arts))


# --- listing info column ------------------------------------------------------------

_LABEL = re.compile(r"^(?P<label>[^:]{2,80}?):\s*(?P<value>.*)$")
_NOT_PARTY = ("категория", "суд", "нижестоящ", "номер дела", "регион")
# labels VNKOD puts before a «ФИО - ст.…» line (a bare name after them is a party)
_PERSON_LABELS = ("ЛИЦА", "ЛИЦО")


def info_column(
    cell_lines: Iterable[str], scope: str | None
) -> tuple[str | None, list[Party], list[Party], list[str], str | None, str | None]:
    """Split the listing's mixed column into category, defendants, parties, other lines,
    lower court and lower-court case number. Unlabelled or unknown lines are kept only
    with person names pseudonymised."""
    category = lower_court = lower_number = None
    defendants: list[Party] = []
    parties: list[Party] = []
    info: list[str] = []
    for line in cell_lines:
        m = _LABEL.match(line)
        if m and m.group("label").strip().upper() in _PERSON_LABELS:
            # VNKOD «ЛИЦА: ФИО - ст.…»: the label is no part of the name
            d = defendant_from_line(m.group("value").strip(), scope)
            if d is not None:
                defendants.append(d)
            else:  # «ЛИЦА: ФИО» or «ЛИЦА: Информация скрыта» without articles
                parties.extend(
                    parties_from_value(m.group("label").strip(), m.group("value"), scope)
                )
            continue
        d = defendant_from_line(line, scope)
        if d is not None:
            defendants.append(d)
            continue
        if not m:
            info.append(safe_text(line))
            continue
        label, value = m.group("label").strip(), T.clean(m.group("value"))
        low = label.lower()
        if low.startswith("категория"):
            category = value
        elif low.startswith("номер дела"):
            lower_number = value
        elif "суд" in low or "нижестоящ" in low:
            lower_court = value
        elif any(low.startswith(p) for p in _NOT_PARTY):
            info.append(f"{label}: {safe_text(value or '')}")
        else:
            parties.extend(parties_from_value(label, value, scope))
    return category, defendants, parties, info, lower_court, lower_number


TOP_COMMA = re.compile(r",\s+(?![^()]*\))")  # commas outside parentheses


def parties_from_value(role: str, value: str | None, scope: str | None) -> list[Party]:
    return [person(role, p, scope) for p in TOP_COMMA.split(value or "") if p.strip()]


# --- tables by header -----------------------------------------------------------------

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("дата размещ", "posted_date"),
    ("наименование", "name"),
    ("событие", "name"),
    ("стадия", "name"),
    ("состояние", "name"),
    ("дата", "date"),
    ("время", "time"),
    ("место", "room"),
    ("зал", "room"),
    ("результат", "result"),
    ("основани", "basis"),
    ("документ-основание", "basis"),
    ("примечание", "note"),
    ("комментарий", "note"),
)

PARTY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("вид лица", "role"),
    ("процессуальный статус", "role"),
    ("фамилия", "name"),
    ("лицо, участвующее", "name"),
    ("перечень статей", "articles_text"),
    ("статьи по результат", "outcome_articles_text"),
    ("дата рассмотрения", "decision_date"),
    ("результат", "result"),
    ("основания", "grounds"),
)


def map_headers(headers: list[str], table: tuple[tuple[str, str], ...]) -> list[str | None]:
    """Field name for each header: a prefix match first, then a substring match; each
    field is taken by the first header that claims it."""
    out: list[str | None] = []
    used: set[str] = set()
    for h in headers:
        low = h.lower()
        name = next((f for k, f in table if low.startswith(k) and f not in used), None)
        if name is None:
            name = next((f for k, f in table if k in low and f not in used), None)
        if name:
            used.add(name)
        out.append(name)
    return out


def _by_column(columns: list[str | None], cells: list[str | None]) -> dict[str, str | None]:
    """Field → value of a row; the first non-empty cell of a field wins."""
    values: dict[str, str | None] = {}
    for col, val in zip(columns, cells, strict=False):
        if col and values.get(col) is None:
            values[col] = val
    return values


def event_from_cells(columns: list[str | None], cells: list[str | None]) -> Event:
    values = _by_column(columns, cells)
    ev = Event(**{k: v for k, v in values.items() if k in Event.__dataclass_fields__})
    ev.date = T.date(ev.date)
    ev.posted_date = T.date(ev.posted_date)
    ev.time = T.time(ev.time)
    return ev


def party_from_cells(
    columns: list[str | None], cells: list[str | None], scope: str | None, default_role: str
) -> Party:
    values = _by_column(columns, cells)
    arts = values.get("articles_text")
    out_arts = values.get("outcome_articles_text")
    return person(
        values.get("role") or default_role,
        values.get("name"),
        scope,
        articles_text=arts,
        articles=refs(arts),
        outcome_articles_text=out_arts,
        outcome_articles=refs(out_arts),
        decision_date=T.date(values.get("decision_date")),
        result=values.get("result"),
        grounds=values.get("grounds"),
    )


def events(headers: list[str], rows: list[list[str | None]]) -> list[Event]:
    """ДВИЖЕНИЕ ДЕЛА / СЛУШАНИЯ rows, columns mapped by their headers."""
    cols = map_headers(headers, EVENT_COLUMNS)
    return [event_from_cells(cols, r) for r in rows]


def people(
    headers: list[str], rows: list[list[str | None]], scope: str | None, default_role: str
) -> tuple[list[Party], list[str | None]]:
    """ЛИЦА / СТОРОНЫ rows, columns mapped by their headers; also the column map (VNKOD
    tells defendants from parties by it)."""
    cols = map_headers(headers, PARTY_COLUMNS)
    return [party_from_cells(cols, r, scope, default_role) for r in rows], cols


# --- case fields ----------------------------------------------------------------------

CASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("уникальный идентификатор", "judicial_uid"),
    ("дата поступления", "received_date"),
    ("категория", "category"),
    ("председательствующий судья", "judge"),
    ("судья", "judge"),
    ("cудья", "judge"),  # mos-gorsud writes it with a Latin C
    ("докладчик", "rapporteur"),
    ("дата рассмотрения", "decision_date"),
    ("дело рассмотрено", "decision_date"),
    ("дата решения", "decision_date"),
    ("результат рассмотрения", "result"),
    ("решение", "result"),
    ("текущее состояние", "result"),
    ("дата вступления", "validity_date"),
)
DATE_FIELDS = {"received_date", "decision_date", "validity_date"}


def apply_case_fields(card: Any, pairs: dict[str, str]) -> None:
    """Fill the card's typed fields from the case tab's label → value pairs."""
    for label, value in pairs.items():
        low = label.lower().strip()
        for key, fld in CASE_FIELDS:
            if low.startswith(key):
                if getattr(card, fld) is None:
                    setattr(card, fld, T.date(value) if fld in DATE_FIELDS else value)
                break


CASE_NO = re.compile(r"^\s*ДЕЛО\s*№\s*", re.IGNORECASE)


def case_number(el: etree._Element) -> str | None:
    """«ДЕЛО № 2-151/2026» → «2-151/2026» (sudrf and msudrf card headings)."""
    return T.clean(CASE_NO.sub("", T.one_line(el) or "")) or None


def finish_case_fields(card: Any) -> None:
    """Typed fields from the case tab's pairs; the УИД without what follows it."""
    apply_case_fields(card, card.fields)
    if card.judicial_uid:
        card.judicial_uid = card.judicial_uid.split()[0]


_PAGE_TITLE = etree.XPath("//title")
_PUBLISH = etree.XPath("//div[contains(@class,'publishInfo')]")


def page_title(root: etree._Element) -> str | None:
    title = _PAGE_TITLE(root)
    return T.one_line(title[0]) if title else None


def publish_stamps(root: etree._Element) -> tuple[str | None, str | None]:
    """(published, modified) from the card's «опубликовано … изменено …» line."""
    pub = _PUBLISH(root)
    return publish_info(T.one_line(pub[0]) if pub else None)


PUBLISHED = re.compile(r"опубликовано\s+(\d{2}\.\d{2}\.\d{4}(?:\s+\d{1,2}:\d{2})?)")
MODIFIED = re.compile(r"изменено\s+(\d{2}\.\d{2}\.\d{4}(?:\s+\d{1,2}:\d{2})?)")


def publish_info(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    p, m = PUBLISHED.search(value), MODIFIED.search(value)
    return (_stamp(p.group(1)) if p else None), (_stamp(m.group(1)) if m else None)


def _stamp(value: str) -> str:
    """«22.04.2026 18:54» → «2026-04-22T18:54»."""
    day = T.date(value) or value
    t = T.time(value)
    return f"{day}T{t}" if t else day


ACT_TAB = re.compile(r"Судебный акт\s*#\s*(\d+)\s*(?:\((?P<kind>[^)]*)\))?")


def absolute(href: str | None, base: str | None) -> str | None:
    """`href` made absolute against the page URL (fast path for the usual `/modules.php?…`)."""
    if not href:
        return None
    href = href.strip()
    if not base:
        return href
    if href.startswith("/") and not href.startswith("//"):
        scheme, sep, rest = base.partition("://")
        if sep:
            return f"{scheme}://{rest.split('/', 1)[0]}{href}"
    return urljoin(base, href)


def id_index(root: etree._Element) -> dict[str, etree._Element]:
    """Every element with an id, by id (the first of a repeated one): one pass over the
    tree for a card whose tabs are looked up by id, where `//div[@id=…]` per tab would
    scan it once per tab. (The parser skips libxml2's own id table: it costs more to
    build on every page than this on the pages that need it.)"""
    out: dict[str, etree._Element] = {}
    for el in root.iter(etree.Element):  # a C-level walk: cheaper than `//*[@id]`
        ident = el.get("id")
        if ident is not None and ident not in out:
            out[ident] = el
    return out


def by_id(ids: dict[str, etree._Element], ident: str, tag: str = "div") -> etree._Element | None:
    """The `<tag id=ident>` from an `id_index`."""
    el = ids.get(ident)
    return el if el is not None and el.tag == tag else None


def scope_of(card_or_row: Any) -> str | None:
    """The scope for placeholder pseudonyms: УИД if known, else the case number."""
    return getattr(card_or_row, "judicial_uid", None) or getattr(card_or_row, "case_number", None)


def inline_act(label: str, number: str, body: etree._Element | None, card: Any) -> list[Any]:
    """An act shown on a card (tab «Судебный акт #N (kind)»): its link on the card, and
    its text as an `ActText` when the tab's block is there."""
    m = ACT_TAB.search(label)
    kind = T.clean(m.group("kind")) if m and m.group("kind") else None
    card.acts.append(ActLink(kind=kind, number=number, inline=body is not None))
    if body is None:
        return []
    return [
        ActText(
            text=T.act_text(body),
            kind=kind,
            case_number=card.case_number,
            source="card",
            index=int(number) if number.isdigit() else None,
        )
    ]


def form_value(form: etree._Element, name: str) -> str | None:
    """The value of the form's `<input name=…>`."""
    got = form.xpath(".//input[@name=$name]/@value", name=name)
    return got[0] if got else None


def form_fields(form: etree._Element) -> list[str]:
    """The names of the form's inputs and selects, in order, once each."""
    return list(dict.fromkeys(form.xpath(".//input/@name | .//select/@name")))


# --- listing rows (both sudrf templates) -----------------------------------------------

_A_HREF = etree.XPath(".//a[@href]")

_LISTING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("№ дела", "number"),
    ("номер дела", "number"),
    ("дата поступления", "received"),
    ("судья", "judge"),
    ("дата решения", "decided"),
    ("решение", "result"),
    ("дата вступления", "validity"),
    ("судебные акты", "acts"),
    ("категория", "info"),
    ("правонарушение", "info"),
    ("информация", "info"),
    ("фио", "info"),
    ("стороны", "info"),
)
_POSITIONAL = ("number", "received", "info", "judge", "decided", "result", "validity", "acts")


def listing_columns(headers: list[str]) -> list[str | None]:
    cols = map_headers(headers, _LISTING_COLUMNS)
    if "number" not in cols or "info" not in cols:  # unknown headers: TOCHNO's positions
        cols = list(_POSITIONAL[: len(headers)])
        if len(headers) == 7:
            cols[6] = "acts"
    return cols


def listing_row(
    cols: list[str | None], cells: list[etree._Element], base: str | None
) -> ListingRow:
    row = ListingRow()
    by: dict[str, etree._Element] = {}
    for col, cell in zip(cols, cells, strict=False):
        if col and col not in by:
            by[col] = cell
    num = by.get("number")
    if num is not None:
        links = [a for a in _A_HREF(num) if "name_op=case" in a.get("href", "")]
        row.case_number = T.one_line(links[0]) if links else T.one_line(num)
        if links:
            href = links[0].get("href")
            row.card_url = absolute(href, base)
            q = T.query(href)
            row.case_id = q.get("case_id") or q.get("_id")
            row.case_uid = q.get("case_uid") or q.get("_uid")
    row.received_date = T.date(T.one_line(by.get("received")))
    row.judge = T.one_line(by.get("judge"))
    row.decision_date = T.date(T.one_line(by.get("decided")))
    row.result = T.text(by.get("result"))
    row.validity_date = T.date(T.one_line(by.get("validity")))
    if (info := by.get("info")) is not None:
        (
            row.category,
            row.defendants,
            row.parties,
            row.info,
            row.lower_court,
            row.lower_case_number,
        ) = info_column(T.lines(info), row.case_number)
    if (acts := by.get("acts")) is not None:
        for a in _A_HREF(acts):
            href = a.get("href")
            q = T.query(href)
            row.acts.append(
                ActLink(
                    url=absolute(href, base),
                    kind=T.clean(a.get("title")),
                    number=q.get("number") or q.get("_doc"),
                )
            )
    return row


def keep_tab(
    card: Any, title: str, headers: list[str], rows: list[list[str | None]], unknown: bool = True
) -> None:
    """A tab no parser reads yet, kept on the card as title and cells with every name
    masked, and named in `card.unknown_tabs`: never dropped in silence. `unknown=False`
    keeps a table the parser knows but has no typed record for, without reporting it."""
    scope = scope_of(card)

    def masked(cell: str | None) -> str | None:
        return mask_name_words(safe_text(cell, scope)) if cell else cell

    card.other_tabs.append(
        TabTable(
            title=title,
            headers=[masked(h) or "" for h in headers],
            rows=[[masked(c) for c in row] for row in rows],
        )
    )
    if unknown:
        card.unknown_tabs.append(title)


# --- server choice (both sudrf templates) ----------------------------------------------

_SRV_LINKS = etree.XPath("//a[contains(@href,'srv_num=')]")
# the links nearest to the words «Выберите сервер» (menus elsewhere on a page may link a server)
_CHOICE_LINKS = etree.XPath(
    "(//*[text()[contains(., 'Выберите сервер')]])[1]"
    "/ancestor-or-self::*[.//a[contains(@href,'srv_num=')]][1]//a[contains(@href,'srv_num=')]"
)
_SRV_NUM = re.compile(r"[?&](?:amp;)?srv_num=(\d+)")


def server_choices(root: etree._Element, base: str | None) -> list[Any]:
    """The servers of a «Выберите сервер» page: number, label and URL, once each."""
    from refusenik.sites.base import ServerChoice

    out: list[ServerChoice] = []
    seen: set[int] = set()
    for a in _CHOICE_LINKS(root) or _SRV_LINKS(root):
        href = a.get("href") or ""
        m = _SRV_NUM.search(href)
        if not m or int(m.group(1)) in seen:
            continue
        seen.add(int(m.group(1)))
        out.append(
            ServerChoice(srv_num=int(m.group(1)), label=T.one_line(a), url=absolute(href, base))
        )
    return out


# --- typed card tabs (both sudrf templates) ----------------------------------------------

COMPLAINT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("дата поступления", "received_date"),
    ("процессуальный статус", "filer_status"),
    ("лицо, подавшее", "filer"),
    ("дата передачи", "sent_for_study_date"),
    ("с истребованием", "case_requested"),
    ("дата вынесения определения", "decision_date"),
    ("результат", "result"),
)
WRIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("дата выдачи", "issued_date"),
    ("серия", "blank_number"),
    ("номер электронного", "electronic_id"),
    ("статус", "status"),
    ("кому выдан", "issued_to"),
)
REQUIREMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("вид требования", "kind"),
    ("дата решения", "decision_date"),
    ("решение", "decision"),
    ("вид информации", "restricted_info"),
    ("url", "resource_url"),
)
_DATES = {"received_date", "sent_for_study_date", "decision_date", "issued_date"}


def _masked(value: str | None, scope: str | None) -> str | None:
    """Court text that may name a person, names replaced (pseudonyms, then ‹ФИО›)."""
    return mask_name_words(safe_text(value, scope)) if value else value


def _typed_rows(
    headers: list[str], rows: list[list[str | None]], table: tuple[tuple[str, str], ...]
) -> list[dict[str, str | None]]:
    cols = map_headers(headers, table)
    out = []
    for row in rows:
        values = _by_column(cols, row)
        for k in _DATES & set(values):
            values[k] = T.date(values[k]) or values[k]
        out.append(values)
    return out


def complaints(
    headers: list[str], rows: list[list[str | None]], scope: str | None
) -> list[Complaint]:
    """ЖАЛОБЫ rows; the filer's name becomes a pseudonym (a role printed instead stays)."""
    out = []
    for row, values in zip(rows, _typed_rows(headers, rows, COMPLAINT_COLUMNS), strict=True):
        raw = values.pop("filer", None)
        filer = safe_name(raw, scope).name if raw and not raw.startswith("подано") else raw
        shown = {h: _masked(v, scope) or "" for h, v in zip(headers, row, strict=False) if v}
        for h in headers:
            if h.lower().startswith("лицо, подавшее") and h in shown:
                shown[h] = filer or ""
        out.append(Complaint(filer=filer, fields=shown, **values))
    return out


def writs(headers: list[str], rows: list[list[str | None]], scope: str | None) -> list[Writ]:
    out = []
    for values in _typed_rows(headers, rows, WRIT_COLUMNS):
        values["issued_to"] = _masked(values.get("issued_to"), scope)
        out.append(Writ(**values))
    return out


def requirements(
    headers: list[str], rows: list[list[str | None]], scope: str | None
) -> list[Requirement]:
    out = []
    for values in _typed_rows(headers, rows, REQUIREMENT_COLUMNS):
        out.append(Requirement(**{k: _masked(v, scope) for k, v in values.items()}))
    return out


_APPEAL_NO = re.compile(r"ЖАЛОБА\s*№\s*(\d+)", re.IGNORECASE)
_TOP_TABLES = etree.XPath(".//table[not(ancestor::table)]")
_TR = etree.XPath("./tr | ./tbody/tr | ./thead/tr")
_TD_TH = etree.XPath("./td | ./th")
_INNER_TABLE = etree.XPath("./td/table")


def appeals(div: etree._Element, scope: str | None) -> list[Appeal]:
    """Every «ЖАЛОБА № N» table of an ОБЖАЛОВАНИЕ / ПЕРЕСМОТР tab, with its own events
    (the nested ДВИЖЕНИЕ ЖАЛОБЫ table)."""
    out: list[Appeal] = []
    for table in _TOP_TABLES(div):
        appeal = Appeal()
        for tr in _TR(table):
            inner = _INNER_TABLE(tr)
            if inner:
                rows = _TR(inner[0])
                if rows:
                    heads = [T.one_line(c) or "" for c in _TD_TH(rows[0])]
                    data = [[T.text(c) for c in _TD_TH(r)] for r in rows[1:]]
                    appeal.events = events(heads, [r for r in data if any(r)])
                continue
            cells = _TD_TH(tr)
            if len(cells) == 1 and cells[0].tag == "th":
                if m := _APPEAL_NO.search(T.one_line(cells[0]) or ""):
                    appeal.number = int(m.group(1))
                continue
            if len(cells) == 2 and cells[0].xpath("./b"):
                label = T.one_line(cells[0]) or ""
                value = _masked(T.text(cells[1]), scope) or ""
                appeal.fields[label] = value
        f = {k.lower(): v for k, v in appeal.fields.items()}
        appeal.kind = f.get("вид жалобы (представления)") or f.get("вид жалобы")
        appeal.filed_by = f.get("заявитель")
        appeal.higher_court = f.get("вышестоящий суд")
        appeal.decision_date = T.date(f.get("дата рассмотрения жалобы"))
        appeal.result = f.get("результат обжалования")
        if appeal.fields or appeal.events:
            out.append(appeal)
    return out
