"""A text the extractor refuses (too long, not Russian) is marked unreadable, so one odd act
never stops a crawl; the extractor itself still refuses it with a clear error."""

from __future__ import annotations

import pytest

from refusenik.errors import UserInputError
from refusenik.extract import extract
from refusenik.ingest.pages import _extract

# Over the extractor's limit for the part it reads for defendants, with no operative part.
LONG = "Суд признал виновным рядового по ч. 5 ст. 337 УК РФ и назначил наказание. " * 4000


def test_the_extractor_refuses_an_oversized_text() -> None:
    with pytest.raises(UserInputError, match="characters long"):
        extract(LONG)


def test_ingest_marks_it_unreadable_instead_of_failing() -> None:
    found = _extract(LONG)
    assert found.document_type == "unreadable"
    assert found.defendants == []
    assert found.reason and "could not be read" in found.reason


def test_a_readable_text_is_still_read() -> None:
    found = _extract("Суд приговорил рядового к 2 годам лишения свободы условно.")
    assert found.document_type != "unreadable"
