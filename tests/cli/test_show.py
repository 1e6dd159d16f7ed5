"""`entregent show`: one person with roles, timeline, give-and-take and ties."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from entregent.services import exchanges


def _history(owner, helene, francois):
    exchanges.log_interaction(
        owner,
        [helene.pk, francois.pk],
        occurred_at=timezone.now() - dt.timedelta(days=2),
        summary="Café au marché",
    )
    exchanges.record_favor(owner, helene.pk, given=True, kind="advice", description="CV")
    exchanges.record_favor(owner, helene.pk, given=False, kind="business", amount="1500")
    exchanges.add_tie(owner, helene.pk, francois.pk, kind="colleagues", strength=0.8)


def test_show_prints_the_whole_picture(cli, owner, helene, francois):
    _history(owner, helene, francois)
    result = cli("show", "helene")
    assert result.exit_code == 0, result.output
    for expected in ("Hélène Dupré", "Lefèvre Conseil", "Café au marché", "François Bénard"):
        assert expected in result.stdout
    assert "1 given, 1 received" in result.stdout


def test_show_json(cli, owner, helene, francois):
    _history(owner, helene, francois)
    data = cli.json("show", str(helene.pk))
    assert data["id"] == helene.pk
    assert data["emails"] == ["helene@example.fr"]
    assert data["roles"][0]["organization"] == "Lefèvre Conseil"
    assert data["timeline"][0]["summary"] == "Café au marché"
    assert data["timeline"][0]["with"] == [{"id": francois.pk, "name": "François Bénard"}]
    assert data["balance"] == {"given": 1, "received": 1, "net": 0}
    assert {favor["amount"] for favor in data["favors"]} == {None, "1500.00"}
    assert data["ties"][0]["id"] == francois.pk
    assert data["interactions"] == 1


def test_another_accounts_person_is_not_found(cli, owner, helene, strangers_person):
    result = cli("show", str(strangers_person.pk), "--user", "owner")
    assert result.exit_code == 3
    assert "not found" in result.stderr.lower()
    assert "Müller" not in result.output
