"""Text helpers for matching: accent folding, name normalisation, search tokens.

Pure Python, no Django: "Hélène" and "helene" fold to the same key, so that accents never
break search or matching.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not split into a base letter plus accents.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "’": "'",
        "‘": "'",
    }
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[\w']+")


def fold(text: str) -> str:
    """Lower case, accents removed, ligatures spelled out, spaces collapsed."""
    if text.isascii():  # no accent nor ligature: the same result, several times faster
        return _SPACES.sub(" ", text.lower()).strip()
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold().translate(_LIGATURES)).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def search_terms(query: str) -> list[str]:
    """The folded words of a search query; every one of them must match."""
    return [term for term in tokens(query) if term]


def search_document(*parts: str) -> str:
    """One folded line holding every searchable part, separated by spaces."""
    return " ".join(folded for folded in (fold(part) for part in parts if part) if folded)


def sort_key(first_name: str, last_name: str, fallback: str = "") -> str:
    """Folded 'last first' for alphabetical lists; the fallback when both are empty."""
    key = fold(f"{last_name} {first_name}")
    return key or fold(fallback)
