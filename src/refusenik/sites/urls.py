"""Every URL builder of the court sites in one list, for callers that build many kinds.

Each template module owns its own builders (`sudrf_classic.card_url`,
`sudrf_vnkod.card_url`, `mosgorsud.search_url` …), the shared query pieces live in
`url_parts` and the host rule in `hosts`; this module only names them.
"""

from __future__ import annotations

from refusenik.sites import mosgorsud, sudrf_classic, sudrf_vnkod
from refusenik.sites.hosts import home_host, module_host
from refusenik.sites.url_parts import (
    CARTOTEKAS,
    CRIMINAL_APPEAL,
    CRIMINAL_CASSATION,
    CRIMINAL_FIRST,
    DATE_FIELDS,
    MATERIALS,
    SUBMIT,
    Cartoteka,
    SearchQuery,
    article_query,
    article_text,
    cp1251,
    with_captcha,
    with_page,
)

criminal_search = sudrf_classic.criminal_search
card_url = sudrf_classic.card_url
act_url = sudrf_classic.act_url
form_url = sudrf_classic.form_url
vnkod_criminal_search = sudrf_vnkod.criminal_search
vnkod_card_url = sudrf_vnkod.card_url
vnkod_form_url = sudrf_vnkod.form_url
mosgorsud_article = mosgorsud.article_query
mosgorsud_search = mosgorsud.search_url

__all__ = [
    "CARTOTEKAS",
    "CRIMINAL_APPEAL",
    "CRIMINAL_CASSATION",
    "CRIMINAL_FIRST",
    "DATE_FIELDS",
    "MATERIALS",
    "SUBMIT",
    "Cartoteka",
    "SearchQuery",
    "act_url",
    "article_query",
    "article_text",
    "card_url",
    "cp1251",
    "criminal_search",
    "form_url",
    "home_host",
    "module_host",
    "mosgorsud_article",
    "mosgorsud_search",
    "vnkod_card_url",
    "vnkod_criminal_search",
    "vnkod_form_url",
    "with_captcha",
    "with_page",
]
