"""`entregent import`, `import undo|list|show` and `merge` on the command line."""

from __future__ import annotations

from pathlib import Path

from entregent.models import ImportBatch, Person
from entregent.services import imports
from entregent.services.people import PersonData, create_person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "linkedin"
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupré;Hélène\r\nEMAIL:helene@example.fr\r\nEND:VCARD\r\n"
BAD = CARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nEND:VCARD\r\n"


def vcf(tmp_path, text=CARD, name="contacts.vcf"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_a_report_and_the_batch_to_undo(cli, owner, tmp_path):
    result = cli("import", vcf(tmp_path, BAD))
    assert result.exit_code == 0, result.output
    assert "People" in result.stdout
    assert "contacts.vcf, card 2 (line 6)" in result.stdout
    assert "The card holds no name" in result.stdout
    batch = ImportBatch.objects.get()
    assert f"entregent import undo {batch.pk}" in result.stdout
    assert Person.objects.owned_by(owner).get().last_name == "Dupré"


def test_the_report_in_french(cli, owner, tmp_path):
    from entregent.services import accounts

    accounts.update_preferences(owner, language="fr")
    result = cli("import", vcf(tmp_path, BAD))
    assert result.exit_code == 0, result.output
    assert "Personnes" in result.stdout


def test_dry_run_writes_nothing(cli, owner, tmp_path):
    result = cli("import", "--dry-run", vcf(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.stdout
    assert not Person.objects.exists()
    assert not ImportBatch.objects.exists()


def test_json_output(cli, owner, tmp_path):
    data = cli.json("import", FIXTURES)
    assert data["format"] == "linkedin"
    assert data["report"]["counts"]["people"]["created"] == 11
    assert data["skipped"] == 4


def test_a_forced_format(cli, owner, tmp_path):
    result = cli("import", "--format", "vcard", vcf(tmp_path, name="contacts.txt"))
    assert result.exit_code == 0, result.output
    assert Person.objects.count() == 1


def test_an_unknown_file_is_refused_with_its_name(cli, owner, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    result = cli("import", junk)
    assert result.exit_code == 1
    assert "notes.txt" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file(cli, owner, tmp_path):
    result = cli("import", tmp_path / "missing.vcf")
    assert result.exit_code == 1
    assert "missing.vcf: no such file" in result.stderr


def test_list_show_and_undo(cli, owner, tmp_path):
    cli("import", vcf(tmp_path))
    batch = ImportBatch.objects.get()
    listing = cli("import", "list")
    assert listing.exit_code == 0
    assert "contacts.vcf" in listing.stdout
    shown = cli("import", "show", batch.pk, "--details")
    assert shown.exit_code == 0
    assert "Hélène Dupré" in shown.stdout
    undone = cli("import", "undo", batch.pk)
    assert undone.exit_code == 0, undone.output
    assert "1 people removed" in undone.stdout
    assert not Person.objects.exists()
    again = cli("import", "undo", batch.pk)
    assert again.exit_code == 1


def test_a_strangers_batch_is_not_found(cli, owner, stranger, tmp_path):
    batch = imports.import_files(stranger, [vcf(tmp_path)])
    result = cli("import", "undo", batch.pk, "--user", "owner")
    assert result.exit_code == 3
    assert Person.objects.owned_by(stranger).count() == 1


def test_import_shows_progress_on_stderr_only(cli, owner, tmp_path):
    data = cli.json("import", vcf(tmp_path))
    assert data["created"] == 1  # stdout is clean JSON


def test_merge_two_people(cli, owner):
    keep = create_person(owner, PersonData(first_name="Jean", last_name="Dupont", city="Lyon"))
    other = create_person(
        owner, PersonData(first_name="J.", last_name="Dupont", city="Paris", emails=["j@d.fr"])
    )
    result = cli("merge", keep.pk, other.pk, input="y\n")
    assert result.exit_code == 0, result.output
    assert "Merged into Jean Dupont" in result.stdout
    assert "Paris" in result.stdout
    assert Person.objects.owned_by(owner).get().emails.get().address == "j@d.fr"


def test_merge_asks_first(cli, owner):
    keep = create_person(owner, PersonData(first_name="Jean"))
    other = create_person(owner, PersonData(first_name="Marc"))
    result = cli("merge", keep.pk, other.pk, input="n\n")
    assert result.exit_code == 0
    assert "Nothing merged" in result.stdout
    assert Person.objects.count() == 2


def test_merge_suggestions(cli, owner):
    keep = create_person(
        owner, PersonData(first_name="Jean", last_name="Dupont", organization="Acme")
    )
    other = create_person(
        owner, PersonData(first_name="J.", last_name="Dupont", organization="Acme")
    )
    result = cli("merge", "--suggestions")
    assert result.exit_code == 0
    assert f"entregent merge {keep.pk} {other.pk}" in result.stdout
    data = cli.json("merge", "--suggestions")
    assert data == [
        {
            "keep": keep.pk,
            "other": other.pk,
            "names": ["Jean Dupont", "J. Dupont"],
            "organization": "Acme",
        }
    ]


def test_merge_with_a_strangers_person_is_not_found(cli, owner, stranger):
    mine = create_person(owner, PersonData(first_name="Jean"))
    theirs = create_person(stranger, PersonData(first_name="Zoë"))
    result = cli("merge", mine.pk, theirs.pk, "--yes", "--user", "owner")
    assert result.exit_code == 3
