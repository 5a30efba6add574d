"""Property tests: the parser never raises and is a fixed point on its own canonical output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refusenik.law import normalise, parse_refs

# Pieces court texts are made of, so that generated text is dense in near-references.
WORDS = """
    ст. ст ст.ст. статьи статьями ч. ч.ч. части частью п. пп. пункта «а» «б» "в" б) 337 338
    352.1 3521 2281 5 2.1 3.1 30 228.1 20.3.3 0 99999 второй.1 пятой первой УК УК_РФ КоАП_РФ
    УПК_РФ УК_РСФСР ГПК_РФ названного_Кодекса Федерального_закона Article Part
    of_the_Criminal_Code , ; и - ( ) : . ¹ &nbsp; & года осужден_по
"""
FRAGMENTS = [w.replace("_", " ") for w in WORDS.split()] + ["\u00a0", "\n", " "]

legal_text = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join)
glued_text = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=200), legal_text, glued_text)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_never_raises_and_returns_valid_refs(text: str) -> None:
    refs = parse_refs(text)
    assert isinstance(refs, list)
    assert len(refs) == len(set(refs))
    for r in refs:
        assert r.article and r.article[0].isdigit()
        assert r.known in (True, False)
        if r.known:
            assert r.code in (None, "УК РФ")


@settings(max_examples=400, deadline=None)
@given(st.one_of(legal_text, glued_text))
def test_idempotent_on_normalised_output(text: str) -> None:
    refs = parse_refs(text)
    assert parse_refs(normalise(refs)) == refs
