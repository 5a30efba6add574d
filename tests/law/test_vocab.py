"""One vocabulary for sentencing: values stay the strings published so far, cover every
kind of punishment the Criminal Code has, and agree with the bundled law data."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from refusenik import law
from refusenik.law import model, vocab
from refusenik.law.vocab import DismissalGround, Outcome, PunishmentKind, RefusalGroup, Regime

# The strings the extractor's JSON, the official metric aliases and articles.yaml used
# before the vocabulary had one home: they must not change meaning or spelling.
PUBLISHED_KINDS = {
    "imprisonment",
    "suspended",
    "fine",
    "disciplinary_unit",
    "restriction_of_service",
    "arrest",
    "compulsory_works",
    "correctional_labour",
    "forced_labour",
    "restriction_of_freedom",
    "other",
}
PUBLISHED_ADDITIONAL = {"stripped_of_rank", "fine", "ban", "restriction_of_freedom", "other"}
PUBLISHED_REGIMES = {"settlement", "general", "strict", "special"}
PUBLISHED_OUTCOMES = {
    "convicted",
    "acquitted",
    "dismissed",
    "returned_to_prosecutor",
    "released_from_punishment",
    "other",
}
PUBLISHED_GROUNDS = {
    "reconciliation",
    "active_repentance",
    "court_fine",
    "military_service",
    "death",
    "limitation",
    "amnesty",
    "no_crime",
    "note_to_article",
}


def test_published_values_are_kept() -> None:
    assert PUBLISHED_KINDS | PUBLISHED_ADDITIONAL <= {k.value for k in PunishmentKind}
    assert PUBLISHED_ADDITIONAL - {"other"} <= vocab.ADDITIONAL_KINDS
    assert PUBLISHED_REGIMES <= {r.value for r in Regime}
    assert PUBLISHED_OUTCOMES <= {o.value for o in Outcome}
    assert {g.value for g in DismissalGround} == PUBLISHED_GROUNDS


def test_every_kind_of_the_criminal_code_has_a_name() -> None:
    """Art. 44: fine … life imprisonment and the death penalty; art. 51 and 55 are the
    military ones; the educational colony and the prison are where terms are served."""
    by_article = {article: kind for kind, article in vocab.CODE_ARTICLE.items()}
    for article in ("46", "47", "48", "49", "50", "51", "53", "53.1", "54", "55", "56", "57", "59"):
        assert article in by_article, article
    assert by_article["51"] == "restriction_of_service"  # ограничение по военной службе
    assert by_article["55"] == "disciplinary_unit"  # дисциплинарная воинская часть
    assert by_article["54"] == "arrest"
    assert by_article["57"] == "life_imprisonment"
    assert Regime.EDUCATIONAL_COLONY == "educational_colony"
    assert DismissalGround.COURT_FINE == "court_fine"  # судебный штраф is no punishment
    assert "court_fine" not in {k.value for k in PunishmentKind}


def test_members_are_their_strings() -> None:
    assert PunishmentKind.IMPRISONMENT == "imprisonment"
    assert f"{Regime.STRICT}" == "strict"
    assert json.dumps({"kind": PunishmentKind.FINE}) == '{"kind": "fine"}'
    assert PunishmentKind("restriction_of_service") is PunishmentKind.RESTRICTION_OF_SERVICE
    with pytest.raises(ValueError):
        PunishmentKind("prison_term")


def test_the_model_speaks_the_vocabulary() -> None:
    kinds = {
        s.kind for a in law.articles() for p in a.parts for per in p.periods for s in per.sanctions
    }
    assert kinds and all(isinstance(k, PunishmentKind) for k in kinds)
    assert kinds <= vocab.SANCTION_KINDS
    groups = {a.group for a in law.articles() if a.group is not None}
    assert groups == set(RefusalGroup)
    assert law.group("ч. 5 ст. 337") is RefusalGroup.AWOL
    assert law.GROUPS == tuple(RefusalGroup)


def test_named_law_changes_match_the_data_file() -> None:
    laws = model.load().laws
    for change in vocab.LAW_CHANGES:
        assert laws[change.law].in_force == change.in_force
    assert vocab.MOBILIZATION_LAW.in_force == dt.date(2022, 9, 24)
    assert vocab.AMENDMENT_534.in_force == dt.date(2026, 1, 9)
    mobilization_parts = [p for a in law.articles() for p in a.parts if p.mobilization]
    assert min(p.in_force_from for p in mobilization_parts) == vocab.MOBILIZATION_LAW.in_force


def test_a_data_file_that_disagrees_is_refused() -> None:
    laws = dict(model.load().laws)
    wrong = laws["FZ-365-2022"]
    laws["FZ-365-2022"] = model.Law(
        id=wrong.id,
        title_ru=wrong.title_ru,
        in_force=dt.date(2022, 9, 21),
        effect=wrong.effect,
        confidence=wrong.confidence,
    )
    with pytest.raises(ValueError, match="FZ-365-2022"):
        model._check_law_changes(laws)
    del laws["FZ-365-2022"]
    with pytest.raises(ValueError, match="missing"):
        model._check_law_changes(laws)


def test_other_stages_take_their_words_from_law() -> None:
    from refusenik.official.metrics import ALIASES
    from refusenik.simulate.charges import AMENDMENT_534, MOBILISATION_LAW

    assert MOBILISATION_LAW == vocab.MOBILIZATION_LAW.in_force
    assert AMENDMENT_534 == vocab.AMENDMENT_534.in_force
    named = [k for k in ALIASES if isinstance(k, PunishmentKind | Outcome)]
    assert {str(k) for k in named} == {
        "convicted",
        "acquitted",
        "imprisonment",
        "suspended",
        "fine",
        "disciplinary_unit",
        "restriction_of_service",
    }
    assert ALIASES["fine"] is ALIASES[PunishmentKind.FINE]  # plain strings still find them


def test_the_vocabulary_imports_without_the_model_or_the_parser() -> None:
    code = (
        "import sys, refusenik.law.vocab; "
        "print(sorted(m for m in sys.modules if m.startswith('refusenik.law')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['refusenik.law', 'refusenik.law.vocab']"
