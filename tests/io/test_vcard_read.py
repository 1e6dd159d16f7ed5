"""Reading messy vCards: encodings, line ends, folds, quoted-printable, groups, names, dates."""

from __future__ import annotations

import base64
import types

import pytest

from entregent.io import vcard_read
from entregent.io.vcard import Card, CardError, PartialDate, RawProperty, read_vcards

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256))


def vcf(*lines: str, version: str = "3.0", end: str = "\r\n") -> str:
    return end.join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


def one(data: str | bytes) -> Card:
    items = list(read_vcards(data))
    assert len(items) == 1, items
    assert isinstance(items[0], Card), items[0]
    return items[0]


# --- Encodings -----------------------------------------------------------------------------


def test_quoted_printable_soft_breaks_in_cp1252():
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;H=E9l=E8ne\r\n"
        "NOTE;CHARSET=windows-1252;QUOTED-PRINTABLE:Caf=E9 cr=E8me, =\r\n"
        "pr=E9vu =E0 =\r\n"
        "10:00 =80 pr=E8s=0D=0Ade Paris\r\n"
        "END:VCARD\r\n"
    ).encode("ascii")
    card = one(data)
    assert (card.first_name, card.last_name) == ("Hélène", "Lefèvre")
    assert card.formatted_name == "Hélène Lefèvre"  # built from N when FN is missing
    # The soft break continues on lines that start neither with a space nor look like text.
    assert card.note == "Café crème, prévu à 10:00 € près\nde Paris"


def test_quoted_printable_utf8_character_split_by_a_soft_break():
    card = one(vcf("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=", "=ABlle", version="2.1"))
    assert card.formatted_name == "Zoëlle"


def test_quoted_printable_soft_break_that_is_also_folded():
    card = one(vcf("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Ren=C3=A9e=", " =20Dupont"))
    assert card.formatted_name == "Renée Dupont"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_files_with_and_without_bom(encoding):
    text = vcf("FN:Chloé Lefèvre", "EMAIL:chloe@example.fr", "NOTE:Née à Zürich 😀")
    card = one(text.encode(encoding))  # "utf-16" and "utf-32" write a BOM; -le/-be do not
    assert card.formatted_name == "Chloé Lefèvre"
    assert [email.value for email in card.emails] == ["chloe@example.fr"]
    assert card.note == "Née à Zürich 😀"


def test_cp1252_file_without_charset():
    card = one(vcf("FN:Hélène Œuvray", "NOTE:Coût : 10 €").encode("cp1252"))
    assert card.formatted_name == "Hélène Œuvray"
    assert card.note == "Coût : 10 €"


def test_charset_parameter_on_raw_8bit_value():
    line = b"ORG;CHARSET=ISO-8859-15:" + "Société €uro".encode("iso-8859-15")
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Anne\r\n" + line + b"\r\nEND:VCARD\r\n"
    assert one(data).organization == "Société €uro"


def test_string_input_is_accepted():
    assert one(vcf("FN:Émile Zola")).formatted_name == "Émile Zola"


# --- Line ends and folding -----------------------------------------------------------------


@pytest.mark.parametrize("end", ["\r\r\n", "\r\n", "\n", "\r"])
def test_line_endings(end):
    text = vcf(
        "FN:Jean Dupont", "TEL;TYPE=CELL:+33 6 12 34 56 78", "NOTE:ligne 1\\nligne 2", end=end
    )
    items = list(read_vcards((text * 2).encode()))
    assert [item.line for item in items] == [1, 7]
    card = items[1]
    assert isinstance(card, Card)
    assert card.formatted_name == "Jean Dupont"
    assert [phone.value for phone in card.phones] == ["+33 6 12 34 56 78"]
    assert card.note == "ligne 1\nligne 2"


def test_tab_and_space_folds_remove_exactly_one_character():
    card = one(
        vcf("FN:Jean-Baptiste", "\tPoquelin", "NOTE:United", "  States", "TITLE:Dir", "\t\tecteur")
    )
    assert card.formatted_name == "Jean-BaptistePoquelin"
    assert card.note == "United States"  # the second space is text (Evolution, Gmail)
    assert card.title == "Dir\tecteur"


def test_two_space_folds_never_break_email_or_web_addresses():
    card = one(
        vcf("FN:Ann", "EMAIL:ann.lee@exam", "  ple.org", "URL:https://exa", "  mple.org/ann")
    )
    assert [email.value for email in card.emails] == ["ann.lee@example.org"]
    assert [url.value for url in card.urls] == ["https://example.org/ann"]


def test_fold_inside_a_multibyte_character():
    encoded = "NOTE:Réunion à Zürich 😀 fin".encode()
    cut = encoded.index("😀".encode()) + 2  # in the middle of the emoji's four bytes
    cut_e = encoded.index("é".encode()) + 1
    note = encoded[:cut_e] + b"\r\n " + encoded[cut_e:cut] + b"\r\n\t" + encoded[cut:]
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n" + note + b"\r\nEND:VCARD\r\n"
    assert one(data).note == "Réunion à Zürich 😀 fin"


# --- Parameters and labels -----------------------------------------------------------------


def test_bare_vcard21_types_type_lists_repeated_type_and_pref():
    card = one(
        vcf(
            "FN:Ann",
            "TEL;WORK;VOICE:+1 111",
            "TEL;TYPE=work,voice;TYPE=fax:+1 222",
            'TEL;TYPE="cell,text";PREF=1:+1 333',
            "EMAIL;INTERNET;PREF:ann@example.org",
            "EMAIL;type=INTERNET;type=HOME:ann@home.example",
            version="2.1",
        )
    )
    assert [(tel.value, tel.labels, tel.preferred) for tel in card.phones] == [
        ("+1 111", ("work",), False),
        ("+1 222", ("work", "fax"), False),
        ("+1 333", ("cell", "text"), True),
    ]
    assert [(mail.labels, mail.preferred) for mail in card.emails] == [
        ((), True),
        (("home",), False),
    ]


def test_caret_encoded_and_quoted_parameter_values():
    card = one(
        vcf(
            "FN:Ann",
            "ADR;LABEL=\"Hôtel ^'Le Lac^'^n12 rue Neuve; 2e: étage\";TYPE=home:"
            ";;12 rue Neuve;Genève;;1201;Suisse",
            "X-CUSTOM;X-NOTE=a^^b^nc:value",
            version="4.0",
        )
    )
    (address,) = card.addresses
    assert address.label == 'Hôtel "Le Lac"\n12 rue Neuve; 2e: étage'
    assert (address.street, address.locality, address.country) == (
        "12 rue Neuve",
        "Genève",
        "Suisse",
    )
    assert card.raw == [RawProperty("X-CUSTOM", (("X-NOTE", "a^b\nc"),), "value")]


def test_apple_item_groups_attach_their_label():
    card = one(
        vcf(
            "FN:Ann",
            "item1.EMAIL;type=INTERNET;type=pref:ann@example.org",
            "item1.X-ABLabel:_$!<Other>!$_",
            "item2.TEL:+33 1 00 00 00 00",
            "item2.X-ABLabel:Bureau",
            "item3.URL:https\\://ann.example",
            "ITEM3.X-ABLABEL:_$!<HomePage>!$_",
            "item4.ADR;type=HOME:;;1 rue Haute;Lyon;;69001;France",
            "item4.X-ABLabel:Chez maman",
            "item5.X-ABDATE:2019-06-15",
            "item5.X-ABLabel:Mariage",
        )
    )
    assert [(mail.value, mail.labels, mail.preferred) for mail in card.emails] == [
        ("ann@example.org", ("other",), True)
    ]
    assert [(tel.value, tel.labels) for tel in card.phones] == [("+33 1 00 00 00 00", ("Bureau",))]
    assert [(url.value, url.labels) for url in card.urls] == [
        ("https://ann.example", ("homepage",))
    ]
    assert card.addresses[0].labels == ("home", "Chez maman")
    # A custom date is not an anniversary: it stays raw, with its label.
    assert [(raw.group, raw.name, raw.value) for raw in card.raw] == [
        ("item5", "X-ABDATE", "2019-06-15"),
        ("item5", "X-ABLABEL", "Mariage"),
    ]


# --- Photos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "data:image/jpeg;base64,",
        "data:image/jpeg;base64\\,",  # the comma escaped (RFC 6350 3.4; sabre, entregent)
        "data:image/jpeg\\;base64\\,",  # as Radicale (vobject) writes it back
        "DATA:IMAGE/JPEG;BASE64,",
    ],
)
def test_data_uri_photo(head):
    payload = base64.b64encode(JPEG).decode()
    card = one(vcf("FN:Ann", f"PHOTO:{head}{payload}", version="4.0"))
    assert (card.photo, card.photo_type) == (JPEG, "image/jpeg")


def test_data_uri_photo_percent_encoded_with_an_escaped_comma_inside():
    card = one(vcf("FN:Ann", "PHOTO:data:image/svg+xml\\,<svg>a%2Cb\\,c</svg>", version="4.0"))
    assert (card.photo, card.photo_type) == (b"<svg>a,b,c</svg>", "image/svg+xml")


def test_vcard21_base64_photo_ended_by_a_blank_line():
    payload = base64.b64encode(JPEG).decode()
    chunks = [payload[at : at + 60] for at in range(0, len(payload), 60)]
    lines = ["FN:Ann", f"PHOTO;ENCODING=BASE64;TYPE=JPEG:{chunks[0]}", *chunks[1:], "", "TEL:123"]
    card = one(vcf(*lines, version="2.1"))  # continuation lines without a leading space
    assert (card.photo, card.photo_type) == (JPEG, "image/jpeg")
    assert [phone.value for phone in card.phones] == ["123"]


def test_folded_base64_photo_without_type_is_sniffed():
    payload = base64.b64encode(JPEG).decode()
    lines = [
        "FN:Ann",
        f"PHOTO;ENCODING=b:{payload[:40]}",
        f"  {payload[40:90]}",
        f" {payload[90:]}",
    ]
    assert one(vcf(*lines)).photo_type == "image/jpeg"


def test_url_photo_kept_as_url():
    card = one(vcf("FN:Ann", "PHOTO;VALUE=uri:https://example.org/ann.jpg"))
    assert (card.photo, card.photo_url) == (None, "https://example.org/ann.jpg")


def test_unreadable_photo_is_a_problem_but_the_card_is_kept():
    card = one(vcf("FN:Ann", "PHOTO:data:image/png;base64"))
    assert card.photo is None
    assert [(problem.field, problem.code) for problem in card.problems] == [("PHOTO", "photo")]


# --- Text: commas, escapes -----------------------------------------------------------------


def test_unescaped_commas_never_truncate_text():
    card = one(vcf("FN:Doe, John", "N:Doe;John;;;", "ORG:Dupont, Durand et Fils;Ventes, Export"))
    assert card.formatted_name == "Doe, John"
    assert (card.organization, card.department) == ("Dupont, Durand et Fils", "Ventes, Export")


def test_escapes_and_invalid_escapes():
    card = one(
        vcf(
            "FN:Smith\\, Jane",
            "N:Smith\\;Jones;Jane;;;",
            'NOTE:a\\,b\\;c\\\\d\\ne\\Nf \\:g \\"h\\" C:\\Users\\ann',
            "CATEGORIES:clients,salon\\, Paris,,clients",
            "NICKNAME:Janie,JJ",
        )
    )
    assert card.formatted_name == "Smith, Jane"
    assert (card.last_name, card.first_name) == ("Smith;Jones", "Jane")
    assert card.note == 'a,b;c\\d\ne\nf :g "h" C:\\Users\\ann'
    assert card.categories == ["clients", "salon, Paris"]
    assert card.nickname == "Janie, JJ"


# --- Names ---------------------------------------------------------------------------------


def test_empty_n_company_card_is_named_after_its_org():
    card = one(vcf("N:;;;;", "ORG:Acme SARL;Achats", "TEL:+33 1 23 45 67 89"))
    assert (card.formatted_name, card.is_organization) == ("Acme SARL", True)
    assert one(vcf("FN:Acme", "N:;;;;", "ORG:Acme")).is_organization


@pytest.mark.parametrize("marker", ["KIND:org", "X-ABShowAs:COMPANY"])
def test_explicit_organisation_markers(marker):
    card = one(vcf(marker, "FN:Initech", "N:;;;;", "ORG:Initech"))
    assert card.is_organization


def test_person_with_fn_but_no_n_gets_first_and_last_names():
    assert (
        one(vcf("FN:Jean de La Fontaine")).first_name,
        one(vcf("FN:Jean de La Fontaine")).last_name,
    ) == (
        "Jean de La",
        "Fontaine",
    )
    card = one(vcf("FN:Dupont, Marie", "ORG:Acme"))
    assert (card.first_name, card.last_name, card.is_organization) == ("Marie", "Dupont", False)


def test_no_fn_builds_the_name_from_n():
    card = one(vcf("N:Curie;Marie;Salomea;Dr;"))
    assert card.formatted_name == "Dr Marie Salomea Curie"


def test_card_without_a_name_is_kept_for_its_phone_or_email():
    card = one(vcf("TEL:+33 6 00 00 00 00"))
    assert (card.formatted_name, card.display_name) == ("", "+33 6 00 00 00 00")


# --- Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BDAY:1985-03-15", PartialDate(1985, 3, 15)),
        ("BDAY:19850315", PartialDate(1985, 3, 15)),
        ("BDAY:1985-03-15T00:00:00Z", PartialDate(1985, 3, 15)),
        ("BDAY;VALUE=date:1985-03-15T10:00:00+02:00", PartialDate(1985, 3, 15)),
        ("BDAY:--0315", PartialDate(None, 3, 15)),
        ("BDAY:--03-15", PartialDate(None, 3, 15)),
        ("BDAY:1604-03-15", PartialDate(None, 3, 15)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15", PartialDate(None, 3, 15)),
        ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-03-15", PartialDate(None, 3, 15)),
        ("BDAY:0000-03-15", PartialDate(None, 3, 15)),
        ("BDAY:--0229", PartialDate(None, 2, 29)),
    ],
)
def test_birthdays(line, expected):
    card = one(vcf("FN:Ann", line))
    assert (card.birthday, card.problems) == (expected, [])


@pytest.mark.parametrize("line", ["BDAY;VALUE=text:circa 1800", "BDAY:2023-02-30", "BDAY:---15"])
def test_unreadable_birthday_is_reported_and_the_card_kept(line):
    items = list(read_vcards(vcf("FN:Ann", "EMAIL:ann@example.org", line)))
    (card,) = items
    assert isinstance(card, Card) and card.birthday is None
    assert [(p.position, p.line, p.field, p.code) for p in card.problems] == [
        (1, 1, "BDAY", "date")
    ]
    assert card.raw[0].name == "BDAY"  # the value is not lost


def test_anniversaries_from_several_writers():
    for line in (
        "ANNIVERSARY:20090808T1430-0500",
        "X-ANNIVERSARY:2009-08-08",
        "X-MS-ANNIVERSARY:20090808",
    ):
        assert one(vcf("FN:Ann", line)).anniversary == PartialDate(2009, 8, 8)


# --- Files with many cards -----------------------------------------------------------------


def test_vaddressbook_wrapper_and_garbage_between_cards():
    text = (
        "BEGIN:VADDRESSBOOK\r\n"
        + vcf("FN:Ann")
        + "garbage line\r\n\r\nX-NOT-IN-A-CARD:x\r\n"
        + vcf("FN:Bob")
        + "END:VADDRESSBOOK\r\n"
    )
    cards = list(read_vcards(text))
    assert [(card.position, card.line, card.formatted_name) for card in cards] == [
        (1, 2, "Ann"),
        (2, 9, "Bob"),
    ]


def test_missing_end_at_end_of_file_keeps_what_was_read():
    text = vcf("FN:Ann") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob@example.org\r\n"
    ann, bob = read_vcards(text)
    assert isinstance(bob, Card) and ann.problems == []
    assert (bob.formatted_name, [mail.value for mail in bob.emails]) == ("Bob", ["bob@example.org"])
    assert [(p.position, p.line, p.field, p.code) for p in bob.problems] == [
        (2, 5, "END", "missing-end")
    ]


def test_broken_cards_in_the_middle_do_not_sink_the_others():
    text = (
        vcf("FN:Ann")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut short\r\n"  # no END: the next BEGIN closes it
        + vcf("X-GARBAGE:nothing usable", "this line is not a property")
        + vcf("FN:Dan", "BDAY:circa 1800")
    )
    items = list(read_vcards(text))
    assert [item.position for item in items] == [1, 2, 3, 4]
    ann, cut, empty, dan = items
    assert isinstance(cut, Card) and cut.formatted_name == "Cut short"
    assert [problem.code for problem in cut.problems] == ["missing-end"]
    assert empty == CardError(3, 8, "", empty.message, "empty")
    assert isinstance(dan, Card) and (dan.line, dan.problems[0].field) == (13, "BDAY")


def test_a_card_that_raises_is_reported_and_the_rest_read(monkeypatch):
    real = vcard_read.build_card

    def explode_on_second(props, position, line):
        if position == 2:
            raise RuntimeError("boom")
        return real(props, position, line)

    monkeypatch.setattr(vcard_read, "build_card", explode_on_second)
    items = list(read_vcards(vcf("FN:Ann") + vcf("FN:Bob") + vcf("FN:Cy")))
    assert [type(item).__name__ for item in items] == ["Card", "CardError", "Card"]
    assert (items[1].position, items[1].line, items[1].code) == (2, 5, "unreadable")


def test_reading_is_a_lazy_stream():
    stream = read_vcards(vcf("FN:Ann") * 3)
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).formatted_name == "Ann"


# --- Everything else -----------------------------------------------------------------------


def test_unknown_properties_are_kept_raw_with_params_and_group():
    card = one(vcf("FN:Ann", 'X-FOO;TYPE=a,b;X-Y="1;2":bar\\, baz', "home.X-BAR:1", "FN:Second"))
    assert card.raw == [
        RawProperty("X-FOO", (("TYPE", "a,b"), ("X-Y", "1;2")), "bar\\, baz"),
        RawProperty("X-BAR", (), "1", "home"),
        RawProperty("FN", (), "Second"),
    ]


def test_social_profiles_and_related_people():
    card = one(
        vcf(
            "FN:Ann",
            "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/ann",
            "X-SOCIALPROFILE;type=twitter;x-user=ann:",
            "IMPP;X-SERVICE-TYPE=Skype:skype:ann.lee",
            "IMPP:xmpp:ann@jabber.example",
            "RELATED;TYPE=spouse;VALUE=text:Bob",
            "X-SPOUSE:Bob",
            version="4.0",
        )
    )
    assert [(entry.value, entry.labels) for entry in card.social] == [
        ("https://www.linkedin.com/in/ann", ("linkedin",)),
        ("ann", ("twitter",)),
        ("skype:ann.lee", ("skype",)),
        ("xmpp:ann@jabber.example", ("xmpp",)),
    ]
    assert [(entry.value, entry.labels) for entry in card.related] == [
        ("Bob", ("spouse",)),
        ("Bob", ("spouse",)),
    ]


def test_email_cleanup():
    card = one(
        vcf("FN:Ann", "EMAIL:Ann Lee <ann@example.org>", "EMAIL:mailto:bob@example.org", "EMAIL:")
    )
    assert [email.value for email in card.emails] == ["ann@example.org", "bob@example.org"]
