"""Accent folding and search tokens: "Hélène" and "helene" must always meet."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from entregent.engines import text


def test_fold_removes_accents_and_case():
    assert text.fold("Hélène  DUPRÉ") == "helene dupre"
    assert text.fold("Œuvre, Æsop, Straße") == "oeuvre, aesop, strasse"
    assert text.fold("François-Noël L’Écuyer") == "francois-noel l'ecuyer"


def test_fold_handles_composed_and_decomposed_forms_alike():
    composed = unicodedata.normalize("NFC", "Éloïse")
    decomposed = unicodedata.normalize("NFD", "Éloïse")
    assert composed != decomposed
    assert text.fold(composed) == text.fold(decomposed) == "eloise"


def test_search_terms_split_words():
    assert text.search_terms("  Hélène   société ") == ["helene", "societe"]
    assert text.search_terms("") == []


def test_sort_key_is_last_name_first_with_fallback():
    assert text.sort_key("Zoë", "Ábel") == "abel zoe"
    assert text.sort_key("", "", "Coco") == "coco"


def _slow_fold(value: str) -> str:
    """`text.fold` without its shortcut for ASCII text."""
    value = value.translate(text._LIGATURES)
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text._SPACES.sub(" ", stripped.casefold().translate(text._LIGATURES)).strip()


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_folds_as_any_other(value):
    assert text.fold(value) == _slow_fold(value)


@given(st.text())
def test_fold_is_idempotent(value):
    once = text.fold(value)
    assert text.fold(once) == once


@given(st.text())
def test_fold_has_no_combining_marks_or_upper_case(value):
    folded = text.fold(value)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.casefold()


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=12))
def test_a_folded_word_finds_itself_in_the_document(word):
    document = text.search_document("Jean", word, "Dupont")
    for term in text.search_terms(word):
        assert term in document


@given(st.lists(st.text(max_size=10), max_size=5))
def test_search_document_has_no_leading_or_double_spaces(parts):
    document = text.search_document(*parts)
    assert document == document.strip()
    assert "  " not in document
