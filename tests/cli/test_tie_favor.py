"""`entregent tie` and `entregent favor`."""

from __future__ import annotations

from decimal import Decimal

from entregent.models import Favor, Tie


def test_tie_two_people(cli, owner, helene, francois):
    data = cli.json("tie", "francois", "helene", "--kind", "colleagues", "--strength", "0.8")
    tie = Tie.objects.owned_by(owner).get()
    assert data["id"] == tie.pk
    assert (tie.person_a_id, tie.person_b_id) == tuple(sorted([helene.pk, francois.pk]))
    assert (tie.kind, tie.strength, tie.source) == ("colleagues", 0.8, "declared")


def test_tie_table_output_and_since(cli, owner, helene, francois):
    result = cli("tie", str(helene.pk), str(francois.pk), "--since", "2015-09-01")
    assert result.exit_code == 0, result.output
    assert "Hélène Dupré" in result.stdout
    assert str(Tie.objects.get().since) == "2015-09-01"


def test_tie_bad_input(cli, owner, helene, francois):
    assert cli("tie", str(helene.pk), str(helene.pk)).stderr.startswith("other: ")
    result = cli("tie", str(helene.pk), str(francois.pk), "--strength", "3")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "strength")
    assert not Tie.objects.exists()


def test_tie_with_another_accounts_person_is_not_found(cli, owner, helene, strangers_person):
    result = cli("tie", str(helene.pk), str(strangers_person.pk), "--user", "owner")
    assert result.exit_code == 3
    assert "not found" in result.stderr.lower()
    assert not Tie.objects.exists()


def test_favor_given_and_received(cli, owner, helene):
    assert cli("favor", "helene", "--given", "--kind", "advice").exit_code == 0
    data = cli.json(
        "favor", "helene", "--received", "--kind", "business", "--amount", "1 500,50",
        "--date", "2026-01-10", "--thanked", "2026-01-12", "--description", "Mission",
    )  # fmt: skip
    given, received = Favor.objects.owned_by(owner).order_by("id")
    assert (given.giver_id, given.receiver_id, given.kind) == (None, helene.pk, "advice")
    assert (received.giver_id, received.receiver_id) == (helene.pk, None)
    assert received.amount == Decimal("1500.50")
    assert str(received.thanked_on) == "2026-01-12"
    assert data == {"id": received.pk, "person": helene.pk, "given": False, "kind": "business"}


def test_favor_bad_input(cli, owner, helene):
    result = cli("favor", "helene", "--given", "--kind", "advice", "--amount", "100")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "amount")
    result = cli("favor", "helene", "--given", "--date", "31/02/2026")
    assert (result.exit_code, result.stderr.split(":")[0]) == (1, "occurred_on")
    assert cli("favor", "helene", "--kind", "advice").exit_code == 2  # --given or --received
    assert not Favor.objects.exists()


def test_favor_with_another_accounts_person_is_not_found(cli, owner, helene, strangers_person):
    result = cli("favor", str(strangers_person.pk), "--given", "--user", "owner")
    assert result.exit_code == 3
    assert not Favor.objects.exists()
