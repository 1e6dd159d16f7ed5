"""Shared fixtures of the import and export tests."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from entregent import models
from entregent.services.people import PersonData, create_person

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3
NOTE = "Rencontrée au salon; à rappeler, vite.\nChemin: C:\\dossiers\\clients"


@pytest.fixture
def helene(owner):
    """A person whose card needs escapes, accents, folding, labels, a circle and a photo."""
    person = create_person(
        owner,
        PersonData(
            prefix="Dr",
            first_name="Hélène",
            middle_name="Marie",
            last_name="Dupré-Lefèvre",
            nickname="Léna",
            emails=["helene@societe.fr", "lena@maison.fr"],
            phones=["06 12 34 56 78", "+44 20 7946 0958"],
            websites=["https://helene.example"],
            linkedin_url="https://www.linkedin.com/in/helene",
            birthday="1980-04-02",
            city="Lyon",
            country="FR",
            notes=NOTE,
            organization="Dupont, Fils & Cie; Lyon",
            title="Directrice financière",
        ),
    )
    models.EmailAddress.objects.filter(address="lena@maison.fr").update(label="home")
    models.PhoneNumber.objects.filter(raw="06 12 34 56 78").update(label="mobile")
    person.circles.set(models.Circle.objects.owned_by(owner).filter(key__in=["clients"]))
    person.photo.save("helene.jpg", ContentFile(JPEG))
    return person
