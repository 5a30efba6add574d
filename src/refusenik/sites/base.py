"""Typed records every site parser returns, the page kinds, and the parse error.

The records are the contract with the rest of the pipeline (store, simulator tests): add
fields at the end with defaults, never rename. Every record has `to_dict()` giving plain
JSON types, with a `"record"` key naming the record type. Names of private people in these
records are already pseudonyms (see `refusenik.privacy`); judges keep their names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from refusenik.errors import RefusenikError
from refusenik.sites.url_privacy import safe_url
from refusenik.templates import Template

if TYPE_CHECKING:
    from lxml import etree


class PageKind(StrEnum):
    """What a fetched page is. Decided from the content: courts answer 200 to almost anything."""

    LISTING = "listing"
    EMPTY_RESULT = "empty_result"  # «Данных по запросу не обнаружено» (also a malformed query)
    SEARCH_FORM = "search_form"
    CAPTCHA_FORM = "captcha_form"  # a form or interstitial that wants a captcha answer
    CAPTCHA_ERROR = "captcha_error"  # wrong / missing captcha, expired session
    THROTTLED = "throttled"  # «Информация временно недоступна», HTTP 429
    GEO_BLOCKED = "geo_blocked"  # the courts' firewall refused us: geo-IP «(G)» or «(B)»
    CASE_CARD = "case_card"
    ACT_TEXT = "act_text"
    EMPTY_DOCUMENT = "empty_document"  # «ПУСТОЙ ДОКУМЕНТ»: a text_number that does not exist
    SERVER_ERROR = "server_error"  # pg_connect warnings, 5xx, site being filled
    SERVER_CHOICE = "server_choice"  # «Выберите сервер»: the court has several databases
    PRESS_LIST = "press_list"  # a page of the court's press-service news list
    PRESS_RELEASE = "press_release"  # one press-service item, in full
    UNKNOWN = "unknown"

    @property
    def is_refusal(self) -> bool:
        """True for pages that say nothing about the cases: retry later, never count as empty."""
        return self in _REFUSALS


_REFUSALS = frozenset(
    {
        PageKind.CAPTCHA_FORM,
        PageKind.CAPTCHA_ERROR,
        PageKind.THROTTLED,
        PageKind.GEO_BLOCKED,
        PageKind.SERVER_ERROR,
    }
)


class ParseError(RefusenikError, ValueError):
    """The page is not what a parser can read: it names what was expected and what was missing.

    Raised instead of returning an empty result, so a truncated or changed page is never
    mistaken for "no cases".
    """

    def __init__(
        self,
        kind_expected: PageKind | str,
        missing: str,
        *,
        template: Template | str | None = None,
        url: str | None = None,
    ) -> None:
        self.kind_expected = str(kind_expected)
        self.missing = missing
        self.template = str(template) if template is not None else None
        self.url = safe_url(url)
        where = f" ({self.template})" if self.template else ""
        src = f" at {self.url}" if self.url else ""
        super().__init__(f"expected a {self.kind_expected} page{where}{src}: missing {missing}")

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword arguments survive pickling (a page parsed in the store's own process)
        return (_parse_error, (self.kind_expected, self.missing, self.template, self.url))


def _parse_error(
    kind_expected: str, missing: str, template: str | None, url: str | None
) -> ParseError:
    return ParseError(kind_expected, missing, template=template, url=url)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, StrEnum):
        return str(value)
    return value


class Record:
    """Mixin: dataclass records turn into plain dicts with their type name."""

    RECORD = "record"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"record": self.RECORD}
        for f in fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out


@dataclass
class Party(Record):
    """A person or organisation in a case: defendant, party, lawyer, applicant.

    `name` is a pseudonym (`P-XXXXXXXX`) for people, the plain name for organisations, or
    None when the court printed «Информация скрыта» (`name_hidden` is then True: hidden
    names are a signal worth counting). `articles` are `law.parse_refs` results as dicts.
    """

    RECORD = "party"
    role: str | None = None
    name: str | None = None
    name_hidden: bool = False
    organisation: bool = False
    articles_text: str | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)
    outcome_articles_text: str | None = None
    outcome_articles: list[dict[str, Any]] = field(default_factory=list)
    decision_date: str | None = None
    result: str | None = None
    grounds: str | None = None


@dataclass
class ActLink(Record):
    """A court act referred to by a listing row or a card: link and/or text shown inline."""

    RECORD = "act_link"
    url: str | None = None
    kind: str | None = None  # «Постановление», «Определения» …
    date: str | None = None
    number: str | None = None  # the site's document id (`number=` / `_doc=`)
    inline: bool = False  # the text is on the card itself (an ActText record follows)


@dataclass
class Event(Record):
    """One row of ДВИЖЕНИЕ ДЕЛА / СЛУШАНИЯ (or mos-gorsud's state history and hearings)."""

    RECORD = "event"
    name: str | None = None
    date: str | None = None
    time: str | None = None
    room: str | None = None
    result: str | None = None
    basis: str | None = None
    note: str | None = None
    posted_date: str | None = None


@dataclass
class ListingRow(Record):
    """One case in a results listing."""

    RECORD = "listing_row"
    case_number: str | None = None
    card_url: str | None = None
    case_id: str | None = None  # site-internal integer key (`case_id` / `_id`)
    case_uid: str | None = None  # site-internal GUID (`case_uid` / `_uid`), not the УИД
    received_date: str | None = None
    category: str | None = None
    info: list[str] = field(
        default_factory=list
    )  # other lines of the info column, names pseudonymised
    defendants: list[Party] = field(default_factory=list)  # «ФИО - ст.… УК РФ» lines
    parties: list[Party] = field(default_factory=list)  # ИСТЕЦ / ОТВЕТЧИК / Жалобу подал(а) …
    lower_court: str | None = None
    lower_case_number: str | None = None
    judge: str | None = None
    decision_date: str | None = None
    result: str | None = None
    validity_date: str | None = None
    acts: list[ActLink] = field(default_factory=list)


@dataclass
class Listing(Record):
    """A results page: the rows plus the counter and the paging needed to walk it."""

    RECORD = "listing"
    cartoteka: str | None = None
    total: int | None = None  # «Всего по запросу найдено — N»
    first_row: int | None = None
    last_row: int | None = None
    page: int | None = None
    last_page: int | None = None
    next_url: str | None = None
    rows: list[ListingRow] = field(default_factory=list)


@dataclass
class Complaint(Record):
    """One row of a cassation card's ЖАЛОБЫ tab: who filed, when, and what the study gave.
    `filer` is a pseudonym (or an organisation, or «подано ПРОКУРОРОМ» as printed)."""

    RECORD = "complaint"
    received_date: str | None = None
    filer_status: str | None = None  # «Процессуальный статус заявителя»: АДВОКАТОМ, ИСТЕЦ …
    filer: str | None = None
    sent_for_study_date: str | None = None
    case_requested: str | None = None  # «С истребованием дела»
    decision_date: str | None = None  # «Дата вынесения определения по итогам изучения»
    result: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # every column, as shown


@dataclass
class Appeal(Record):
    """One «ЖАЛОБА № N» of an ОБЖАЛОВАНИЕ РЕШЕНИЙ / ПЕРЕСМОТР tab: the appeal's kind, who
    filed it (a procedural role), its own events, and its date and result when decided."""

    RECORD = "appeal"
    number: int | None = None
    kind: str | None = None  # «Вид жалобы (представления)»
    filed_by: str | None = None  # «Заявитель»: ОТВЕТЧИК, ПРЕДСТАВИТЕЛЬ …
    higher_court: str | None = None
    decision_date: str | None = None  # «Дата рассмотрения жалобы»
    result: str | None = None  # «Результат обжалования»
    events: list[Event] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Writ(Record):
    """One row of ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ: a writ of execution issued in the case."""

    RECORD = "writ"
    issued_date: str | None = None
    blank_number: str | None = None  # «Серия, номер бланка»
    electronic_id: str | None = None  # «Номер электронного ИД»
    status: str | None = None
    issued_to: str | None = None  # «Кому выдан / направлен» (names masked)


@dataclass
class Requirement(Record):
    """One row of a VNKOD card's «Требования» tab (КАС ch. 27.1-27.2 restriction claims)."""

    RECORD = "requirement"
    kind: str | None = None
    decision: str | None = None
    decision_date: str | None = None
    restricted_info: str | None = None
    resource_url: str | None = None


@dataclass
class TabTable(Record):
    """A card tab the parsers have no typed record for, kept as shown: its title and rows
    of cells (names pseudonymised), so nothing on a card is silently dropped."""

    RECORD = "tab_table"
    title: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str | None]] = field(default_factory=list)


@dataclass
class CaseCard(Record):
    """A case card: the case, its movement, its people and its acts."""

    RECORD = "case_card"
    case_number: str | None = None
    judicial_uid: str | None = None  # УИД
    cartoteka: str | None = None  # «Уголовные дела - первая инстанция» …
    court: str | None = None
    court_code: str | None = None
    case_id: str | None = None
    case_uid: str | None = None
    received_date: str | None = None
    category: str | None = None
    judge: str | None = None
    decision_date: str | None = None
    result: str | None = None
    validity_date: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # every label of the case tab, as shown
    lower_court: dict[str, str] = field(default_factory=dict)  # РАССМОТРЕНИЕ В НИЖЕСТОЯЩЕМ СУДЕ
    tabs: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    defendants: list[Party] = field(default_factory=list)  # ЛИЦА (criminal)
    parties: list[Party] = field(default_factory=list)  # СТОРОНЫ / УЧАСТНИКИ
    acts: list[ActLink] = field(default_factory=list)
    published: str | None = None  # «опубликовано …»
    modified: str | None = None  # «изменено …»
    rapporteur: str | None = None  # «Докладчик» of an appeal or cassation bench
    # Tabs with no typed field here, kept as shown; `unknown_tabs` names them so a
    # report can say what the parsers do not read yet.
    other_tabs: list[TabTable] = field(default_factory=list)
    unknown_tabs: list[str] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)  # ЖАЛОБЫ
    appeals: list[Appeal] = field(default_factory=list)  # ОБЖАЛОВАНИЕ РЕШЕНИЙ / ПЕРЕСМОТР
    writs: list[Writ] = field(default_factory=list)  # ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ
    requirements: list[Requirement] = field(default_factory=list)  # «Требования» (VNKOD)


@dataclass
class ActText(Record):
    """The text of a court act. Courts anonymise most acts, not all: the text may hold names
    and goes to the extract stage only (the CLI prints a summary unless asked)."""

    RECORD = "act_text"
    text: str = ""
    kind: str | None = None
    case_number: str | None = None
    source: str = "page"  # "page" (name_op=doc) or "card" (shown inline on a card)
    index: int | None = None  # N of «Судебный акт #N» for inline acts
    card_url: str | None = None  # the «Информация по делу» link of an act page


@dataclass
class PressItem(Record):
    """One entry of a court's press list: where the item is, its date and title."""

    RECORD = "press_item"
    url: str | None = None
    date: str | None = None  # as printed, dd.mm.yyyy
    title: str | None = None


@dataclass
class PressList(Record):
    """One page of a court's press list, newest first, and the next page if there is one."""

    RECORD = "press_list"
    items: list[PressItem] = field(default_factory=list)
    page: int = 1
    next_url: str | None = None


@dataclass
class PressRelease(Record):
    """One press-service item in full. Its text may name the defendant: like an act's, it
    goes to the extract stage only."""

    RECORD = "press_release"
    date: str | None = None
    title: str | None = None
    text: str = ""


@dataclass
class SearchForm(Record):
    """A search form: which cartoteka it searches and whether it wants a captcha."""

    RECORD = "search_form"
    delo_id: str | None = None
    new: str | None = None
    delo_table: str | None = None
    court_code: str | None = None
    captcha: bool = False
    captcha_id: str | None = None
    captcha_image: str | None = None  # src of the captcha image (data: URI or path)
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """Where a page's records came from: enough to cite them and to find the raw bytes.

    `sha256` is of the body exactly as fetched; `archive_record` is the id of the archive
    record holding those bytes, once the page has been archived. `url` has any query
    parameter that names a person removed (see `privacy_urls`)."""

    url: str | None
    sha256: str
    status: int | None = None
    fetched_at: dt.datetime | None = None
    archive_record: str | None = None

    @classmethod
    def of(
        cls,
        body: bytes,
        url: str | None,
        *,
        status: int | None = None,
        fetched_at: dt.datetime | None = None,
        archive_record: str | None = None,
        sha256: str | None = None,
    ) -> Source:
        """`sha256`: the body's digest when the caller has it already (the archive)."""
        return cls(
            url=url,
            sha256=sha256 or hashlib.sha256(body).hexdigest(),
            status=status,
            fetched_at=fetched_at,
            archive_record=archive_record,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "sha256": self.sha256,
            "status": self.status,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "archive_record": self.archive_record,
        }


@dataclass
class ServerChoice(Record):
    """One database of a court that has several («Выберите сервер»): its `srv_num`."""

    RECORD = "server_choice"
    srv_num: int | None = None
    label: str | None = None
    url: str | None = None


@dataclass
class PageResult:
    """What `parse_page` returns: template, page kind, the records found on the page, and
    the `Source` every one of them came from."""

    template: Template
    page_kind: PageKind
    records: list[Record] = field(default_factory=list)
    court_code: str | None = None  # from the sudrf counter (`cnt.php?ssid=`), when present
    url: str | None = None
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": str(self.template),
            "page_kind": str(self.page_kind),
            "court_code": self.court_code,
            "url": self.url,
            "source": self.source.to_dict() if self.source else None,
            "records": [r.to_dict() for r in self.records],
        }


class SiteTemplate(Protocol):
    """What a template module in `sites/` provides (each module is one of these).

    `HOSTS` are the host names (and their subdomains) the template alone serves, empty
    for the sudrf variants, which share `*.sudrf.ru` and are told apart by content;
    `MARKERS` are byte strings found only in its pages; `BODY_REGION` the start and end
    markers of the part of a page any parser reads (None: the page whole, or the sudrf
    module region)."""

    TEMPLATE: Template
    HOSTS: tuple[str, ...]
    MARKERS: tuple[bytes, ...]
    BODY_REGION: tuple[bytes, bytes] | None

    def classify(self, root: etree._Element, body: bytes, url: str | None) -> PageKind: ...

    def expected_kind(self, url: str | None) -> PageKind | None: ...

    def parse(self, root: etree._Element, kind: PageKind, url: str | None) -> list[Record]: ...
