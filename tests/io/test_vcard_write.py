"""Writing vCard 3.0 and 4.0, and reading back what was written."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entregent.io.vcard import Address, Card, Labeled, PartialDate, read_vcards, write_card

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(200))


def reread(text: str) -> Card:
    (card,) = read_vcards(text.encode("utf-8"))
    assert isinstance(card, Card)
    return card


def test_vcard3_output():
    card = Card(
        uid="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        formatted_name="Doe, John",
        first_name="John",
        last_name="Doe",
        organization="Dupont; Fils",
        title="Directeur, ventes",
        emails=[Labeled("john@example.org", ("work",), preferred=True)],
        phones=[Labeled("+33 1 23 45 67 89", ("cell", "Bureau"))],
        birthday=PartialDate(None, 3, 15),
        note="Vu au salon.\nÀ rappeler\\lundi",
        categories=["clients", "salon, Paris"],
    )
    assert write_card(card) == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "UID:urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427\r\n"
        "FN:Doe\\, John\r\n"
        "N:Doe;John;;;\r\n"
        "ORG:Dupont\\; Fils\r\n"
        "TITLE:Directeur\\, ventes\r\n"
        "EMAIL;TYPE=work,pref:john@example.org\r\n"
        "item1.TEL;TYPE=cell:+33 1 23 45 67 89\r\n"
        "item1.X-ABLabel:Bureau\r\n"
        "BDAY:--0315\r\n"
        "NOTE:Vu au salon.\\nÀ rappeler\\\\lundi\r\n"
        "CATEGORIES:clients,salon\\, Paris\r\n"
        "END:VCARD\r\n"
    )


def test_vcard4_output():
    card = Card(
        formatted_name="Acme",
        organization="Acme",
        is_organization=True,
        emails=[Labeled("hello@acme.example", ("other",), preferred=True)],
        birthday=PartialDate(None, 3, 15),
        anniversary=PartialDate(1999, 12, 31),
        photo=b"\x89PNG",
        photo_type="image/png",
        social=[Labeled("https://www.linkedin.com/company/acme", ("linkedin",))],
        related=[Labeled("Jane Roe", ("spouse",))],
    )
    assert write_card(card, "4.0").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        "FN:Acme",
        "N:;;;;",
        "ORG:Acme",
        "item1.EMAIL;PREF=1:hello@acme.example",
        "item1.X-ABLabel:_$!<Other>!$_",
        "BDAY:--0315",
        "ANNIVERSARY:19991231",
        "PHOTO:data:image/png;base64\\,iVBORw==",
        "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/company/acme",
        "RELATED;TYPE=spouse;VALUE=text:Jane Roe",
        "END:VCARD",
        "",
    ]


def test_vcard3_photo_and_birthday_with_year():
    text = write_card(
        Card(
            formatted_name="A",
            photo=JPEG,
            photo_type="image/jpeg",
            birthday=PartialDate(1985, 3, 15),
        )
    )
    assert "\r\nBDAY:1985-03-15\r\n" in text
    assert "\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AABAgMEBQYH" in text


def test_folding_at_75_octets_never_splits_a_character():
    card = Card(
        formatted_name="É" * 100,
        note="😀" * 60 + "x" * 200,
        photo=bytes(3000),
        photo_type="image/jpeg",
    )
    text = write_card(card)
    assert "\n" not in text.replace("\r\n", "")
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole characters
    back = reread(text)
    assert (back.formatted_name, back.note, back.photo) == (
        card.formatted_name,
        card.note,
        card.photo,
    )


def test_only_vcard_3_and_4_are_written():
    with pytest.raises(ValueError, match="2.1"):
        write_card(Card(formatted_name="A"), "2.1")  # type: ignore[arg-type]


def test_control_characters_are_dropped():
    assert reread(write_card(Card(formatted_name="A\x00B\x07C"))).formatted_name == "ABC"


# --- Round trip ----------------------------------------------------------------------------

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(",;\\:\"'^\n=<>"),
    max_size=40,
)
WORD = TEXT.map(str.strip)
NAME = WORD.filter(bool)
TYPES = ("home", "work", "cell", "fax", "pager", "text", "video")
CUSTOM = st.sampled_from(("other", "homepage", "Bureau", "Mon bureau, à Paris", "assistant"))
LABELS = st.builds(
    lambda types, custom: tuple(sorted(types, key=TYPES.index)) + custom,
    st.sets(st.sampled_from(TYPES), max_size=3),
    st.one_of(st.just(()), CUSTOM.map(lambda label: (label,))),
)
EMAIL = st.from_regex(r"[a-zà-ÿ0-9._%+-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,6}", fullmatch=True)
PHONE = st.from_regex(r"\+?[0-9][0-9 ().-]{0,16}[0-9]", fullmatch=True)
URL = st.from_regex(
    r"https://[a-z0-9.-]{1,12}\.[a-z]{2,4}(/[a-zA-Z0-9_~%.-]{0,12}){0,3}", fullmatch=True
)
DATE = st.builds(
    PartialDate,
    st.one_of(st.none(), st.integers(1800, 2100).filter(lambda year: year != 1604)),
    st.integers(1, 12),
    st.integers(1, 28),
)


def labeled(values: st.SearchStrategy[str]) -> st.SearchStrategy[Labeled]:
    return st.builds(Labeled, values, LABELS, st.booleans())


ADDRESS = st.builds(
    Address,
    street=NAME,
    locality=WORD,
    region=WORD,
    postal_code=WORD,
    country=WORD,
    po_box=WORD.map(lambda text: text.replace(":", "").strip()),
    extended=WORD,
    labels=LABELS,
    preferred=st.booleans(),
    label=WORD,
)
SOCIAL = st.builds(
    Labeled,
    URL,
    st.tuples(st.sampled_from(("linkedin", "twitter", "mastodon"))).map(tuple),
    st.just(False),
)
RELATED = st.builds(
    Labeled,
    NAME,
    st.sampled_from(((), ("spouse",), ("friend",), ("manager",), ("Marraine",))),
    st.booleans(),
)


@st.composite
def cards(draw: st.DrawFn) -> Card:
    photo = draw(st.one_of(st.none(), st.binary(min_size=1, max_size=200)))
    return Card(
        uid=draw(WORD),
        formatted_name=draw(NAME),
        prefix=draw(WORD),
        first_name=draw(WORD),
        middle_name=draw(WORD),
        last_name=draw(NAME),
        suffix=draw(WORD),
        nickname=draw(WORD),
        organization=draw(WORD),
        department=draw(WORD),
        title=draw(WORD),
        role=draw(WORD),
        is_organization=draw(st.booleans()),
        emails=draw(st.lists(labeled(EMAIL), max_size=3)),
        phones=draw(st.lists(labeled(PHONE), max_size=3)),
        addresses=draw(st.lists(ADDRESS, max_size=2)),
        urls=draw(st.lists(labeled(URL), max_size=2)),
        social=draw(st.lists(SOCIAL, max_size=2)),
        related=draw(st.lists(RELATED, max_size=2)),
        birthday=draw(st.one_of(st.none(), DATE)),
        anniversary=draw(st.one_of(st.none(), DATE)),
        note=draw(TEXT),
        categories=list(dict.fromkeys(draw(st.lists(NAME, max_size=3)))),
        photo=photo,
        photo_type=draw(st.sampled_from(("image/jpeg", "image/png", "image/gif"))) if photo else "",
        photo_url="" if photo else draw(st.one_of(st.just(""), URL)),
    )


WRITTEN = [
    field.name
    for field in dataclasses.fields(Card)
    if field.name not in ("position", "line", "version", "note", "raw", "problems")
]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=cards())
def test_round_trip(version, card):
    back = reread(write_card(card, version))
    for field in WRITTEN:
        assert getattr(back, field) == getattr(card, field), field
    assert back.note == (card.note if card.note.strip() else "")
    assert back.problems == [] and back.version == version


def test_round_trip_of_accents_emoji_and_punctuation():
    card = Card(
        formatted_name="Zoë Ødegård-Lefèvre 😀",
        first_name="Zoë",
        last_name="Ødegård-Lefèvre",
        note="Ligne 1, avec ; et \\ et \\n littéral\nLigne 2 ^ \" '",
        categories=["a,b", "c;d", "e\\f"],
    )
    for version in ("3.0", "4.0"):
        back = reread(write_card(card, version))
        assert (back.formatted_name, back.note, back.categories) == (
            card.formatted_name,
            card.note,
            card.categories,
        )
