"""Court-site parsers: page bytes (+ URL) → page kind and typed records.

One module per site template (juriscraper-style), each owning its hosts, content
markers, body region, URL builders, `classify` and `parse` (the `base.SiteTemplate`
contract): `sudrf_classic`, `sudrf_vnkod`, `mosgorsud`, `msudrf`, `vsrf`. `dispatch`
picks the module for a page; `urls` lists every URL builder; `act_pages` turns an act
page into its plain text.

Public API: `parse_page`, `classify`, `detect_template`, `act_plain_text`, and the
records of `base`. Names of private people leave this package only as pseudonyms, and
no URL a record carries keeps a name in its query.
"""

from __future__ import annotations

from refusenik.sites.act_pages import act_plain_text
from refusenik.sites.base import (
    ActLink,
    ActText,
    CaseCard,
    Event,
    Listing,
    ListingRow,
    PageKind,
    PageResult,
    ParseError,
    Party,
    PressItem,
    PressList,
    PressRelease,
    Record,
    SearchForm,
    ServerChoice,
    SiteTemplate,
    Source,
    TabTable,
    Template,
)
from refusenik.sites.dispatch import classify, detect_template, parse_page

__all__ = [
    "ActLink",
    "ActText",
    "CaseCard",
    "Event",
    "Listing",
    "ListingRow",
    "PageKind",
    "PageResult",
    "ParseError",
    "Party",
    "PressItem",
    "PressList",
    "PressRelease",
    "Record",
    "SearchForm",
    "ServerChoice",
    "SiteTemplate",
    "Source",
    "TabTable",
    "Template",
    "act_plain_text",
    "classify",
    "detect_template",
    "parse_page",
]
