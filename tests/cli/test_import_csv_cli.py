"""`entregent import FILE.csv --map field=column,...` on the command line."""

from __future__ import annotations

from pathlib import Path

from entregent.models import Person

FIXTURES = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "csv"


def test_import_a_table_through_a_mapping(cli, owner):
    mapping = "first_name=Prénom,last_name=Nom,emails=Courriel"
    result = cli("import", FIXTURES / "custom.csv", "--map", mapping)
    assert result.exit_code == 0, result.output
    assert Person.objects.owned_by(owner).get().last_name == "Gauthier"


def test_a_bad_mapping_names_the_piece_at_fault(cli, owner):
    result = cli("import", FIXTURES / "custom.csv", "--map", "pointure=Pointure")
    assert result.exit_code != 0
    assert "pointure=Pointure" in result.output
    assert not Person.objects.owned_by(owner).exists()


def test_a_google_export_is_recognised_without_options(cli, owner):
    result = cli("import", FIXTURES / "google-contacts.csv")
    assert result.exit_code == 0, result.output
    assert "google-contacts.csv, line 4" in result.stdout
