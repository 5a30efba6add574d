"""The public tables an export holds: which columns, what each means, in which unit.

This list is the privacy boundary of every export. A column reaches a file only if it is
named here, so a column added to the store later is never published by accident. Left out
on purpose: act texts and press-release texts (they may name people; they stay in the
WARC archive), the archive index and the raw URLs fetched (search URLs can carry a name),
listing windows, internal identity keys (`case_key`, card ids) and the pseudonym key.
Defendants appear only as keyed pseudonyms; judges are public officials and keep their
names.
"""

from __future__ import annotations

from dataclasses import dataclass

# Column types as the data dictionary names them; each writer maps them to its own.
INTEGER, REAL, TEXT, DATE, DATETIME, BOOLEAN = (
    "integer",
    "real",
    "text",
    "date",
    "datetime",
    "boolean",
)


@dataclass(frozen=True)
class Column:
    """One exported column: its name, type, what it means and its unit ("" if none)."""

    name: str
    type: str
    meaning: str
    unit: str = ""


@dataclass(frozen=True)
class TableSpec:
    """One exported table: its name, what a row is, and its columns in order."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _case_id(meaning: str = "the case this row belongs to (cases.id)") -> Column:
    return Column("case_id", INTEGER, meaning)


RECORD = "id of the archive record (WARC) the value was read from; cite it to prove the source"

CASES = TableSpec(
    "cases",
    "One court's record of a case, as last seen on the court's website.",
    (
        Column("id", INTEGER, "case id in this export (stable within one store)"),
        Column("court", TEXT, "official court code, e.g. 63GV0006"),
        Column("server", INTEGER, "the court's database server the case is listed on"),
        Column("cartoteka", TEXT, "the court's case index the case is listed in"),
        Column("number", TEXT, "case number as the court prints it (renumbering in brackets)"),
        Column("uid", TEXT, "УИД, the unique case identifier that follows a case between courts"),
        Column("received", DATE, "date the court received the case"),
        Column("decided", DATE, "date of the decision, if any"),
        Column("in_force", DATE, "date the decision entered into force, if shown"),
        Column("judge", TEXT, "judge as printed (a public official)"),
        Column("result", TEXT, "result as the court prints it"),
        Column("category", TEXT, "case category as printed, if any"),
        Column("articles", TEXT, "articles charged as parsed, e.g. '337 ч.5; 338 ч.1'"),
        Column("names_hidden", BOOLEAN, "the court hid the parties' names on the card"),
        Column("card_url", TEXT, "the public case card on the court's website"),
        Column("first_seen", DATETIME, "first time the crawl saw the case (UTC)"),
        Column("last_seen", DATETIME, "last time the crawl saw the case (UTC)"),
        Column("first_record", TEXT, "archive record of the first sighting"),
        Column("last_record", TEXT, "archive record of the last sighting"),
    ),
)

DEFENDANTS = TableSpec(
    "defendants",
    "A defendant of a case, as a keyed pseudonym (never a name).",
    (
        _case_id(),
        Column("position", INTEGER, "order of the defendant on the card (1 = first)"),
        Column(
            "pseudonym",
            TEXT,
            "keyed pseudonym: the same person has the same pseudonym in every case of this "
            "store; empty when the court printed «Информация скрыта»",
        ),
        Column("name_hidden", BOOLEAN, "the court hid this defendant's name"),
        Column("articles", TEXT, "articles this defendant is charged under, as printed"),
        Column("decision_date", TEXT, "date of the decision for this defendant, as printed"),
        Column("result", TEXT, "result for this defendant, as printed"),
    ),
)

ARTICLES = TableSpec(
    "articles",
    "An article (and part) of the Criminal Code a case is charged under, one row each.",
    (
        _case_id(),
        Column("article", TEXT, "УК РФ article, e.g. 337 or 352.1"),
        Column("part", TEXT, "part of the article, e.g. 5; empty if not given"),
        Column("current", BOOLEAN, "false once the case is no longer charged under it"),
    ),
)

ACTS = TableSpec(
    "acts",
    "An act (judgment, ruling) published for a case: metadata only, never its text.",
    (
        Column("id", INTEGER, "act id (punishments.act_id points here)"),
        _case_id(),
        Column("kind", TEXT, "kind of act as the court names it, e.g. Приговор"),
        Column("date", TEXT, "date of the act, as printed"),
        Column("doc_number", TEXT, "the court's document number"),
        Column(
            "text_record",
            TEXT,
            "archive record holding the act text (the text itself is not exported)",
        ),
        Column("document_type", TEXT, "what the extractor made of the text, e.g. criminal_act"),
    ),
)

PUNISHMENTS = TableSpec(
    "punishments",
    "A punishment read from an act text or a press release, per defendant, with the "
    "phrase it was read from (names masked) and where that phrase sits in the text.",
    (
        Column("case_id", INTEGER, "the case (cases.id); empty if no case matched"),
        Column("act_id", INTEGER, "the act it was read from (acts.id), if any"),
        Column("record_id", TEXT, RECORD),
        Column("position", INTEGER, "order of the defendant in the text"),
        Column("pseudonym", TEXT, "the defendant's keyed pseudonym"),
        Column("outcome", TEXT, "outcome: convicted, acquitted, dismissed …"),
        Column("articles", TEXT, "articles of the conviction as read from the text"),
        Column("kind", TEXT, "punishment kind: real imprisonment, suspended, fine …"),
        Column("term_months", INTEGER, "term of the punishment", "months"),
        Column("probation_months", INTEGER, "probation period of a suspended sentence", "months"),
        Column("fine_rub", INTEGER, "fine", "roubles"),
        Column("regime", TEXT, "regime of the colony, if imprisonment"),
        Column("raw_phrase", TEXT, "the phrase the punishment was read from (names masked)"),
        Column("evidence_start", INTEGER, "start of the phrase in the text", "characters"),
        Column("evidence_end", INTEGER, "end of the phrase in the text", "characters"),
    ),
)

EVENTS = TableSpec(
    "events",
    "A row of the case card's movement tab (hearings, decisions), as last shown.",
    (
        _case_id(),
        Column("position", INTEGER, "order on the card"),
        Column("name", TEXT, "event as printed, e.g. Судебное заседание"),
        Column("date", TEXT, "date as printed"),
        Column("time", TEXT, "time as printed"),
        Column("result", TEXT, "result of the event as printed"),
        Column("basis", TEXT, "basis as printed"),
    ),
)

APPEALS = TableSpec(
    "appeals",
    "An appeal of the case card's appeals tab.",
    (
        _case_id(),
        Column("position", INTEGER, "order on the card"),
        Column("kind", TEXT, "kind of appeal as printed"),
        Column("filed_by", TEXT, "who appealed (a role, e.g. ЗАЩИТНИК, never a name)"),
        Column("higher_court", TEXT, "the court that heard it"),
        Column("decision_date", TEXT, "date of the decision on appeal, as printed"),
        Column("result", TEXT, "result of the appeal as printed"),
    ),
)

FLAGS = TableSpec(
    "flags",
    "A case hidden, removed or reappeared on the court's website, with when it was first "
    "and (if it ended) last true.",
    (
        _case_id(),
        Column("flag", TEXT, "hidden, removed or reappeared"),
        Column("since", DATETIME, "first seen true (UTC)"),
        Column("until", DATETIME, "last true (UTC); empty while it still holds"),
        Column("evidence", TEXT, "what showed it: an archive record id or a listing window"),
    ),
)

HISTORY = TableSpec(
    "history",
    "A field of a case (or of a defendant, event or appeal row) that changed between two "
    "sightings.",
    (
        _case_id(),
        Column("field", TEXT, "the field that changed"),
        Column("old", TEXT, "value before"),
        Column("new", TEXT, "value after"),
        Column("seen_at", DATETIME, "when the new value was seen (UTC)"),
        Column("record_id", TEXT, RECORD),
    ),
)

OBSERVATIONS = TableSpec(
    "observations",
    "One sighting of a case on a court page, with the archive record holding that page.",
    (
        _case_id(),
        Column("record_id", TEXT, RECORD),
        Column("seen_at", DATETIME, "when the page was fetched (UTC)"),
        Column("page_kind", TEXT, "listing or card"),
    ),
)

COVERAGE = TableSpec(
    "coverage",
    "Per court: when it was last read, how it answered, and what could not be read — "
    "counts from a court with unread pages may miss cases.",
    (
        Column("court", TEXT, "official court code"),
        Column("last_crawled", DATETIME, "last time the crawl asked this court (UTC)"),
        Column("last_ok", DATETIME, "last time the court answered normally (UTC)"),
        Column("status", TEXT, "ok, captcha, throttled, blocked, server_error, template_changed …"),
        Column("cases", INTEGER, "cases held for this court", "cases"),
        Column("hidden", INTEGER, "cases now hidden by the court", "cases"),
        Column("removed", INTEGER, "cases now removed from the court's lists", "cases"),
        Column("pages", INTEGER, "pages read from this court", "pages"),
        Column("pages_refused", INTEGER, "pages refused (captcha, throttle, block, 5xx)", "pages"),
        Column("pages_unreadable", INTEGER, "pages no parser could read", "pages"),
        Column(
            "windows_unread",
            INTEGER,
            "listing windows of the last crawl not read in full",
            "windows",
        ),
        Column("cards_unread", INTEGER, "case cards of the last crawl not read", "cards"),
        Column("note", TEXT, "the crawl's note on this court"),
        Column("alarms", TEXT, "silent-window alarms, separated by ' | '"),
    ),
)

OFFICIAL = TableSpec(
    "official_statistics",
    "A figure of the Judicial Department's forms (or one derived from them) with the file, "
    "sheet and cell it comes from.",
    (
        Column("year", INTEGER, "reporting year"),
        Column("period", TEXT, "reporting period, e.g. 12 (full year)"),
        Column("form", TEXT, "form, e.g. 10.3"),
        Column("article", TEXT, "УК РФ article (or ch33 for Chapter 33)"),
        Column("part", TEXT, "part of the article, if the row is per part"),
        Column("row_label", TEXT, "the row's label in the form"),
        Column("metric", TEXT, "what is counted, e.g. convicted"),
        Column("value", REAL, "the figure", "persons (see metric)"),
        Column("source_file", TEXT, "the official file"),
        Column("sheet", TEXT, "sheet of the file"),
        Column("cell", TEXT, "cell of the sheet"),
        Column("derived", BOOLEAN, "computed from other figures (see formula)"),
        Column("formula", TEXT, "how a derived figure was computed"),
    ),
)

RUNS = TableSpec(
    "crawl_runs",
    "One crawl (or reparse) that wrote to the store: when it ran and what it asked.",
    (
        Column("id", INTEGER, "run id"),
        Column("started_at", DATETIME, "start (UTC)"),
        Column("finished_at", DATETIME, "end (UTC); empty if it did not finish"),
        Column("kind", TEXT, "crawl or reparse"),
        Column("note", TEXT, "what it was asked: window, articles (JSON)"),
    ),
)

PUBLIC_TABLES: tuple[TableSpec, ...] = (
    CASES,
    DEFENDANTS,
    ARTICLES,
    ACTS,
    PUNISHMENTS,
    EVENTS,
    APPEALS,
    FLAGS,
    HISTORY,
    OBSERVATIONS,
    COVERAGE,
    OFFICIAL,
    RUNS,
)
