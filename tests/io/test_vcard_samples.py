"""What a user would see from each real vCard file in ../shared/samples/vcard/.

Expected values were written by hand from the files: the name, every e-mail and phone, the
note and the birthday, plus whatever makes the file hard (the photo, a label, an address).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from entregent.io.vcard import Card, PartialDate, read_vcards

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "vcard"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/samples/vcard")

BSD = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS'
    " OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF"
    " MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE"
    " COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,"
    " EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF"
    " SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)"
    " HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR"
    " TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS"
    " SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
)


def read(name: str) -> list[Card]:
    items = list(read_vcards((SAMPLES / name).read_bytes()))
    assert all(isinstance(item, Card) for item in items), items
    cards = [item for item in items if isinstance(item, Card)]
    assert [card.position for card in cards] == list(range(1, len(cards) + 1))
    for card in cards:
        assert not any("\ufffd" in field for field in _texts(card)), "a replacement character"
    return cards


def _texts(card: Card) -> list[str]:
    entries = card.emails + card.phones + card.urls + card.social + card.related
    return [card.formatted_name, card.note, card.organization] + [e.value for e in entries]


def emails(card: Card) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(email.value, email.labels, email.preferred) for email in card.emails]


def phones(card: Card) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(phone.value, phone.labels, phone.preferred) for phone in card.phones]


def test_android_six_cards_quoted_printable_and_no_names():
    cards = read("ezvcard__John_Doe_ANDROID.vcf")
    assert len(cards) == 6
    first, second, third, fourth, fifth, sixth = cards
    # Cards with no name at all are kept for their e-mail.
    assert (first.formatted_name, emails(first)) == ("", [("john.doe@company.com", (), True)])
    assert first.display_name == "john.doe@company.com"
    assert first.categories == ["My Contacts"]
    assert emails(second) == [("jane.doe@company.com", (), True)]
    assert third.formatted_name == "Ñ Ñ Ñ Ñ Ñ"
    assert third.last_name == "Ñ Ñ Ñ Ñ"
    assert phones(third) == [("123456789", ("cell",), True)]
    # Soft line breaks that start the next line with "=20" (no leading space).
    assert fourth.formatted_name == " ".join("Ñ" * 11)
    assert phones(fourth) == [
        ("123456", ("cell",), True),
        ("234567", ("home",), False),
        ("3456789", ("cell",), False),
        ("45678901", ("home",), False),
    ]
    one_note = "Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ "
    assert fourth.note == f"{one_note}\n\n{one_note}"  # two NOTE properties, both kept
    assert (fifth.last_name, fifth.first_name, fifth.formatted_name) == ("Ñ Ñ", "Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ")
    assert emails(fifth) == [("bob@company.com", ("work",), True), ("Ñ" * 14, (), True)]
    assert phones(fifth) == [
        ("123456", ("cell",), True),
        ("123456", ("work",), False),
        ("123456", ("work", "fax"), False),
    ]
    assert fifth.organization == "Ñ" * 12
    assert [url.value for url in fifth.urls] == ["www.company.com", "http://www.company.com"]
    assert fifth.photo is not None and len(fifth.photo) == 876  # base64 ended by a blank line
    assert fifth.photo_type == "image/jpeg"
    assert (sixth.formatted_name, emails(sixth)) == ("ÑÑÑÑ", [("henry@company.com", (), True)])
    assert phones(sixth) == [("55556666", ("cell",), True)]
    # A soft break followed by a blank line ends the value; a stray byte reads as cp1252.
    assert sixth.organization == "Ñ" * 44
    assert [raw.value for raw in sixth.raw] == ["Ñ" * 44 + "€", "Ñ" * 44]


def test_blackberry_one_line_photo_then_blank_line():
    (card,) = read("ezvcard__John_Doe_BLACK_BERRY.vcf")
    assert (card.formatted_name, card.first_name, card.last_name) == ("John Doe", "john", "Doe")
    assert phones(card) == [("+96123456789", ("cell",), False)]
    assert card.emails == [] and card.note == "" and card.birthday is None
    assert card.organization == "Acme Solutions"
    assert card.photo is not None and len(card.photo) == 1674


def test_evolution_folds_inside_addresses_and_two_space_fold():
    (card,) = read("ezvcard__John_Doe_EVOLUTION.vcf")
    assert card.formatted_name == "Mr. John Richter, James Doe Sr."
    assert (card.prefix, card.first_name, card.middle_name) == ("Mr.", "John", "Richter, James")
    assert (card.last_name, card.suffix, card.nickname) == ("Doe", "Sr.", "Johny")
    assert emails(card) == [("john.doe@ibm.com", ("work",), False)]  # folded in the middle
    assert phones(card) == [("905-666-1234", ("cell",), False), ("905-555-1234", ("work",), False)]
    assert card.note == BSD
    assert card.birthday == PartialDate(1980, 3, 22)
    assert card.anniversary == PartialDate(1980, 3, 22)
    assert [url.value for url in card.urls] == ["http://www.ibm.com"]
    (address,) = card.addresses
    assert (address.po_box, address.street) == ("ASB-123", "15 Crescent moon drive")
    assert address.country == "United States of America"  # "United\r\n  States": one space is text
    assert (card.organization, card.department) == ("IBM", "Accounting, Dungeon")
    assert [(entry.value, entry.labels) for entry in card.social] == [
        ("johnny5@aol.com", ("aim", "home"))
    ]
    assert [(entry.value, entry.labels) for entry in card.related] == [
        ("Maria", ("spouse",)),
        ("Big Blue", ("manager",)),
        ("Little Red", ("assistant",)),
    ]


def test_gmail_unescaped_comma_in_fn_and_invalid_escapes():
    (card,) = read("ezvcard__John_Doe_GMAIL.vcf")
    assert card.formatted_name == "Mr. John Richter, James Doe Sr."  # never cut at the comma
    assert emails(card) == [("john.doe@ibm.com", ("home",), False)]
    assert phones(card) == [("905-555-1234", ("cell",), False), ("905-666-1234", ("home",), False)]
    assert card.note == BSD + "\nFavotire Color: Blue"  # \" read as "
    assert card.birthday == PartialDate(1980, 3, 22)
    assert [(url.value, url.labels) for url in card.urls] == [("http://www.ibm.com", ("work",))]
    assert card.anniversary == PartialDate(1975, 3, 1)  # item1.X-ABDATE + _$!<Anniversary>!$_
    assert [(entry.value, entry.labels) for entry in card.related] == [("Jenny", ("spouse",))]
    (address,) = card.addresses
    assert "Nice Area, Albaney, New York 12345\nUnited States" in address.extended


def test_iphone_cr_cr_lf_item_labels_and_big_photo():
    (card,) = read("ezvcard__John_Doe_IPHONE.vcf")
    assert card.formatted_name == "Mr. John Richter James Doe Sr."
    assert emails(card) == [("john.doe@ibm.com", (), True)]
    assert phones(card) == [
        ("905-555-1234", ("cell",), True),
        ("905-666-1234", ("home",), False),
        ("905-777-1234", ("work",), False),
        ("905-888-1234", ("home", "fax"), False),
        ("905-999-1234", ("work", "fax"), False),
        ("905-111-1234", ("pager",), False),
        ("905-222-1234", ("assistant",), False),  # item2 + _$!<AssistantPhone>!$_
    ]
    assert card.note == ""
    assert card.birthday == PartialDate(2012, 6, 6)
    assert [(url.value, url.labels) for url in card.urls] == [("http://www.ibm.com", ("homepage",))]
    assert card.photo is not None and len(card.photo) == 32531
    assert [address.street for address in card.addresses] == [
        "Silicon Alley 5,",
        "Street4\nBuilding 6\nFloor 8",
    ]


def test_lotus_notes_rare_properties_kept_raw():
    (card,) = read("ezvcard__John_Doe_LOTUS_NOTES.vcf")
    assert card.formatted_name == "Mr. Doe John I Johny"
    assert card.nickname == "Johny,JayJay"  # an escaped comma: one nickname
    assert emails(card) == [
        ("john.doe@ibm.com", ("work",), True),
        ("billy_bob@gmail.com", ("work",), False),
    ]
    assert phones(card) == [
        ("+1 (212) 204-34456", ("cell",), True),
        ("00-1-212-555-7777", ("work", "fax"), False),
    ]
    assert card.note.startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRI")
    assert card.note.endswith("ADVISED OF THE\n POSSIBILITY OF SUCH DAMAGE.")
    assert card.note.count("\n") == 10
    assert card.birthday == PartialDate(1980, 5, 21)
    assert card.photo is not None and len(card.photo) == 7957
    raw = {prop.name: prop.value for prop in card.raw}
    assert raw["PROFILE"] == "VCard" and raw["NAME"] == "VCard for John Doe"
    assert raw["X-GENERATOR"] == "Cardme Generator" and card.role == "Counting Money"


def test_mac_address_book_two_space_folded_photo_and_free_text_labels():
    (card,) = read("ezvcard__John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert card.formatted_name == "Mr. John Richter,James Doe Sr."
    assert emails(card) == [("john.doe@ibm.com", ("work",), True)]
    assert phones(card) == [
        ("905-777-1234", ("work",), True),
        ("905-666-1234", ("home",), False),
        ("905-555-1234", ("cell",), False),
        ("905-888-1234", ("home", "fax"), False),
        ("905-999-1234", ("work", "fax"), False),
        ("905-111-1234", ("pager",), False),
        ("905-222-1234", ("AssistantPhone",), False),  # free text label, kept as written
    ]
    assert card.note == BSD + "\nFavotire Color: Blue"
    assert card.birthday == PartialDate(2012, 6, 6)
    assert card.photo is not None and len(card.photo) == 18242
    assert card.photo[:3] == b"\xff\xd8\xff"
    assert [(entry.value, entry.labels, entry.preferred) for entry in card.related] == [
        ("Jenny", ("Spouse",), True)
    ]


def test_ms_outlook_quoted_printable_label_without_leading_space():
    (card,) = read("ezvcard__John_Doe_MS_OUTLOOK.vcf")
    assert card.formatted_name == "Mr. John Richter James Doe Sr."
    assert emails(card) == [("john.doe@ibm.cm", (), True)]
    assert phones(card) == [
        ("(905) 555-1234", ("work",), False),
        ("(905) 666-1234", ("home",), False),
    ]
    assert card.note.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS'' AND")
    assert card.note.endswith("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")
    assert card.birthday == PartialDate(1980, 3, 22)
    assert card.anniversary == PartialDate(2011, 1, 13)
    assert card.photo is not None and len(card.photo) == 860
    labels = [prop.value for prop in card.raw if prop.name == "LABEL"]
    assert labels == [
        "Cresent moon drive\nAlbaney, New York  12345",
        "Silicon Alley 5,\nNew York, New York  12345",
    ]


def test_fullcontact_vcard4():
    (card,) = read("ezvcard__fullcontact.vcf")
    assert card.formatted_name == "Prefix FirstName MiddleName LastName Suffix"
    assert emails(card) == [
        ("home@example.com", ("home",), False),
        ("work@example.com", ("work",), False),
        ("school@example.com", ("school",), False),
        ("other@example.com", ("other",), False),
        ("custom@example.com", ("customtype",), False),
    ]
    assert [phone.value for phone in card.phones] == [
        f"555-555-111{digit}" for digit in range(1, 10)
    ]
    assert phones(card)[5] == ("555-555-1116", ("home", "fax"), False)
    assert card.note == "Notes line 1\nNotes line 2"
    assert card.birthday == PartialDate(2016, 8, 1)
    assert card.photo_url.startswith("https://d3m0kzytmr41b1.cloudfront.net/")
    assert (card.organization, card.department, card.title) == (
        "Organization1",
        "Department1",
        "Title1",
    )
    assert ("ORG", "Organization2;Department2") in [(raw.name, raw.value) for raw in card.raw]
    assert [(entry.value, entry.labels) for entry in card.social][:2] == [
        ("xmpp:gtalk", ("gtalk",)),
        ("skype:skype", ("skype",)),
    ]


def test_gmail_single_custom_labels():
    (card,) = read("ezvcard__gmail-single.vcf")
    assert card.formatted_name == "Greg Dartmouth"
    assert emails(card) == [("gdartmouth@hotmail.com", (), False)]
    assert phones(card) == [
        ("555 555 1111", ("cell",), False),
        ("555 555 2222", ("GRAND_CENTRAL",), False),
    ]
    assert card.note == (
        "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    )
    assert card.birthday == PartialDate(1960, 9, 10)
    assert [(url.value, url.labels) for url in card.urls] == [
        ("http://TheProfile.com", ("PROFILE",))
    ]
    assert card.addresses[1].labels == ("CustomAdrType",)
    assert [(entry.value, entry.labels) for entry in card.related] == [
        ("MySpouse", ("spouse",)),
        ("MyCustom", ("CustomRelationship",)),
    ]


def test_issue114_caret_encoded_label_with_colons():
    (card,) = read("ezvcard__issue114.vcf")
    assert card.formatted_name == "Dummy, Dummy"
    assert emails(card) == [("dummy.dummy@dummy.com", ("home",), False)]
    assert phones(card) == [
        ("+49 1234 56789", ("cell",), True),
        ("+49 9876 54321", ("work",), False),
    ]
    assert card.note == "" and card.birthday is None
    (address,) = card.addresses
    assert (address.street, address.locality) == ("Dummy-Dummy-Strasse 1", "Bad Homburg")
    assert (address.postal_code, address.country, address.po_box) == ("61352", "Germany", "")
    assert address.label.startswith('Dummy-Dummy-Strasse 1 61352 Bad Homburg\nGERMANY"')


def test_outlook_2003_quoted_printable_note_and_indented_key():
    (card,) = read("ezvcard__outlook-2003.vcf")
    assert card.formatted_name == "John Doe III"
    assert emails(card) == [("jdoe@hotmail.com", (), True)]
    assert phones(card) == [
        ("BusinessPhone", ("work",), False),
        ("HomePhone", ("home",), False),
        ("MobilePhone", ("cell",), False),
        ("BusinessFaxPhone", ("work", "fax"), False),
    ]
    assert card.note == "This is the note field!!\nSecond line\n\nThird line is empty\n"
    assert card.birthday == PartialDate(1980, 3, 21)
    assert (card.organization, card.department) == ("Company, The", "TheDepartment")
    key = next(raw for raw in card.raw if raw.name == "KEY")
    assert key.value.startswith("MIIDITCCAoqgAwIBAgIQT52W2WawmStUwpV8tBV9TTANBgkqhkiG9w0BAQUFADBM")


def test_rfc2426_two_cards_without_n():
    first, second = read("ezvcard__rfc2426-example.vcf")
    assert (first.line, second.line) == (1, 13)
    assert (first.formatted_name, first.first_name, first.last_name) == (
        "Frank Dawson",
        "Frank",
        "Dawson",
    )
    assert emails(first) == [
        ("Frank_Dawson@Lotus.com", (), True),
        ("fdawson@earthlink.net", (), False),
    ]
    assert phones(first) == [
        ("+1-919-676-9515", ("msg", "work"), False),
        ("+1-919-676-9564", ("fax", "work"), False),
    ]
    assert first.addresses[0].street == "6544 Battleford Drive"
    assert (second.formatted_name, emails(second)) == (
        "Tim Howes",
        [("howes@netscape.com", (), False)],
    )
    assert [phone.value for phone in second.phones] == ["+1-415-937-3419", "+1-415-528-4164"]
    assert first.note == second.note == "" and first.birthday is second.birthday is None


def test_rfc6350_example():
    (card,) = read("ezvcard__rfc6350-example.vcf")
    assert card.formatted_name == "Simon Perreault"
    assert card.suffix == "ing. jr,M.Sc."  # a comma inside N is text
    assert emails(card) == [("simon.perreault@viagenie.ca", ("work",), False)]
    assert phones(card) == [
        ("+1-418-656-9254 ext. 102", ("work",), True),
        ("+1-418-262-6501", ("work", "cell", "video", "text"), False),
    ]
    assert card.note == ""
    assert card.birthday == PartialDate(None, 2, 3)  # --0203
    assert card.anniversary == PartialDate(2009, 8, 8)


def test_thunderbird_two_component_n_and_escaped_categories():
    (card,) = read("ezvcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert (card.formatted_name, card.first_name, card.last_name) == ("John Doe", "John", "Doe")
    assert emails(card) == [("doe.john@hotmail.com", (), True)] + [
        (f"additional-email{suffix}@company.com", (), False) for suffix in ("", "1", "2", "3")
    ]
    assert [phone.value for phone in card.phones] == [
        "555-555-1111",
        "555-555-2222",
        "555-555-5555",
        "555-555-3333",
        "555-555-4444",
    ]
    assert card.note == (
        "This is the notes field.\nSecond Line\n\nFourth Line\n"
        'You can put anything in the "note" field; even curse words.'
    )
    assert card.birthday == PartialDate(1970, 9, 21)
    assert card.categories == ["category1, category2, category3"]  # the commas are escaped
    assert card.photo is not None and len(card.photo) == 8940


def test_vobject_quoted_printable_chinese():
    (card,) = read("vobject__quoted-printable_v21.vcf")
    assert (card.formatted_name, card.last_name, card.first_name) == ("黄世勇", "黄", "世勇")
    assert phones(card) == [("15810139237", ("cell",), False), ("01088520374", ("work",), False)]
    assert card.emails == [] and card.note == "" and card.birthday is None
    assert [url.value for url in card.urls] == ["http://weibo.com/3094900433?闪闪H红星"]
    assert card.addresses[0].locality == "北京 丰台区"


def test_vobject_simple_3_0():
    (card,) = read("vobject__simple_3_0_test.vcf")
    assert card.formatted_name == "Daffy Duck Knudson (with Bugs Bunny and Mr. Pluto)"
    assert card.emails == []
    assert [phone.value for phone in card.phones] == [
        "+01-(0)2-765.43.21",
        "+01-(0)5-555.55.55",
        "+01-(0)2-876.54.32",
    ]
    assert card.note == ""
    assert card.birthday == PartialDate(None, 2, 10)  # "02-10"
    assert card.addresses[0].street == "Haight Street 512;\nEscape, Test"


def test_vobject_groups_lowercase_names_and_folded_note():
    (card,) = read("vobject__vcard_with_groups_rfc2425.vcf")
    assert card.formatted_name == "Meister Berger"
    assert emails(card) == [("mb@goerlitz.de", (), False)]
    assert phones(card) == [("+49 3581 123456", ("fax", "msg"), False)]
    assert card.note == (
        "The Mayor of the great city of Goerlitz in the great country of Germany.\nNext line."
    )
    assert card.birthday == PartialDate(1963, 9, 21)
    assert card.title == "Mayor"
    assert ("home", "LABEL") in [(raw.group, raw.name) for raw in card.raw]


def test_every_sample_file_has_a_test():
    tested = set(re.findall(r'read\("([^"]+)"\)', Path(__file__).read_text()))
    assert tested == {path.name for path in SAMPLES.glob("*.vcf")}
