"""Who is in the network: persons, circles, organisations, roles, sectors, tags and ties."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from entregent.models.base import OwnedModel


class Layer(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    PROFESSIONAL = "professional", _("Professional")
    EXTRA = "extra", _("Extra-professional")
    ONLINE = "online", _("Online networks")


# The circles every account starts with: (key, layer, English label). The label shown is
# translated; a user may rename a seeded circle or add their own.
SEEDED_CIRCLES: tuple[tuple[str, str, object], ...] = (
    ("family", Layer.PERSONAL, _("Family")),
    ("friends", Layer.PERSONAL, _("Friends")),
    ("neighbours", Layer.PERSONAL, _("Neighbours")),
    ("local-services", Layer.PERSONAL, _("Local services (shopkeepers, doctor, pharmacist…)")),
    ("classmates", Layer.PROFESSIONAL, _("Classmates")),
    ("colleagues", Layer.PROFESSIONAL, _("Colleagues")),
    ("former-colleagues", Layer.PROFESSIONAL, _("Former colleagues")),
    ("suppliers", Layer.PROFESSIONAL, _("Suppliers")),
    ("subcontractors", Layer.PROFESSIONAL, _("Subcontractors")),
    ("clients", Layer.PROFESSIONAL, _("Clients")),
    ("partners", Layer.PROFESSIONAL, _("Partners")),
    ("sports", Layer.EXTRA, _("Sports")),
    ("associations", Layer.EXTRA, _("Associations")),
    ("culture", Layer.EXTRA, _("Culture")),
    ("politics", Layer.EXTRA, _("Politics")),
    ("online-networks", Layer.ONLINE, _("Online networks")),
)
_SEEDED_LABELS = {key: label for key, _layer, label in SEEDED_CIRCLES}


class Circle(OwnedModel):
    key = models.SlugField(
        _("key"), max_length=50, blank=True, help_text=_("Set for the circles entregent seeds.")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    layer = models.CharField(_("layer"), max_length=20, choices=Layer.choices)
    cadence_days = models.PositiveIntegerField(
        _("cadence (days)"),
        null=True,
        blank=True,
        help_text=_("Keep in touch with the people of this circle this often."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], condition=~Q(key=""), name="circle_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return str(_SEEDED_LABELS.get(self.key, self.key))


class Sector(models.Model):
    """NACE Rev. 2 sections (A-U) and divisions (01-99); France's NAF follows the same tree.

    Reference data shared by every account, seeded by a data migration.
    """

    code = models.CharField(_("code"), max_length=4, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_fr = models.CharField(_("label (French)"), max_length=200)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"

    @property
    def is_section(self) -> bool:
        return self.parent_id is None

    @property
    def label(self) -> str:
        return self.label_fr if (get_language() or "en").startswith("fr") else self.label_en


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    CLUB = "club", _("Club")
    SCHOOL = "school", _("School")
    PROFESSIONAL_BODY = "professional-body", _("Professional body")
    PUBLIC_BODY = "public-body", _("Public body")
    NETWORK = "network", _("Network")


class Organization(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganizationKind.choices, default="company"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.SET_NULL
    )
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name_folded"], name="organization_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class TagKind(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    INTEREST = "interest", _("Interest")


class Tag(OwnedModel):
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=TagKind.choices)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "name_folded"], name="tag_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(OwnedModel):
    prefix = models.CharField(_("title"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    suffix = models.CharField(_("suffix"), max_length=30, blank=True)
    nickname = models.CharField(_("nickname"), max_length=100, blank=True)
    # Folded (lower case, no accents) copies kept by the services for search and sorting.
    sort_name = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    linkedin_url = models.URLField(_("LinkedIn profile"), max_length=300, blank=True)
    birthday_day = models.PositiveSmallIntegerField(
        _("birthday (day)"), null=True, blank=True, validators=[MaxValueValidator(31)]
    )
    birthday_month = models.PositiveSmallIntegerField(
        _("birthday (month)"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    birthday_year = models.PositiveSmallIntegerField(_("birthday (year)"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO code"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True)

    how_we_met = models.TextField(_("how we met"), blank=True)
    met_at_event = models.ForeignKey(
        "entregent.Event",
        verbose_name=_("met at event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people_met",
    )
    introduced_by = models.ForeignKey(
        "self",
        verbose_name=_("introduced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced",
    )
    first_met_on = models.DateField(_("first met on"), null=True, blank=True)
    closeness = models.PositiveSmallIntegerField(
        _("closeness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How close you feel to this person, from 1 (distant) to 5 (very close)."),
    )
    priority = models.PositiveSmallIntegerField(
        _("top-list rank"),
        null=True,
        blank=True,
        help_text=_("Pinned rank in your top list (1 first); empty when not pinned."),
    )
    cadence_days = models.PositiveIntegerField(
        _("cadence (days)"),
        null=True,
        blank=True,
        help_text=_("Keep in touch this often; empty to follow the defaults."),
    )
    archived = models.BooleanField(_("archived"), default=False)

    # Derived from the facts by services.scores (never edited by hand): a cache that the
    # recompute rebuilds, kept because ranking 100,000 people on the fly is too slow. Only
    # what the facts alone decide is kept, so that time passing rewrites nothing: warmth,
    # which cools every day, is computed when shown; going cold is a moment.
    depth = models.FloatField(_("depth"), default=0.0, editable=False)
    depth_level = models.PositiveSmallIntegerField(_("depth level"), default=0, editable=False)
    cold_from = models.DateTimeField(
        _("going cold from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When silence outgrows this tie's usual rhythm, unless you get in touch."),
    )
    last_interaction_at = models.DateTimeField(
        _("last interaction"), null=True, blank=True, editable=False
    )
    attention_key = models.FloatField(
        _("attention ranking key"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Time-independent key: the lower, the sooner this tie needs attention."),
    )
    scored_at = models.DateTimeField(null=True, blank=True, editable=False)

    circles = models.ManyToManyField(Circle, verbose_name=_("circles"), blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["owner", "archived", "sort_name", "id"], name="person_list"),
            # Narrow: counting a network reads three times fewer pages than on person_list.
            models.Index(fields=["owner", "archived"], name="person_count"),
            models.Index(
                fields=["owner", "attention_key"],
                condition=Q(archived=False, attention_key__isnull=False),
                name="person_attention",
            ),
            models.Index(
                fields=["owner", "priority"],
                condition=Q(priority__isnull=False),
                name="person_top_list",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name]
        name = " ".join(part for part in parts if part)
        return name or self.nickname or str(_("(no name)"))

    @property
    def birthday(self) -> dt.date | None:
        """The birthday as a date (year 2000, a leap year, when the year is unknown)."""
        if not (self.birthday_day and self.birthday_month):
            return None
        return dt.date(self.birthday_year or 2000, self.birthday_month, self.birthday_day)

    @property
    def going_cold(self) -> bool:
        """Whether the tie is going cold now, from the stored moment (`cold_from`)."""
        return self.cold_from is not None and self.cold_from <= timezone.now()

    @property
    def initials(self) -> str:
        letters = [part[0] for part in (self.first_name, self.last_name) if part]
        return "".join(letters).upper() or self.full_name[:1].upper()


class ContactLabel(models.TextChoices):
    WORK = "work", pgettext_lazy("contact label", "Work")
    HOME = "home", pgettext_lazy("contact label", "Home")
    MOBILE = "mobile", pgettext_lazy("contact label", "Mobile")
    OTHER = "other", pgettext_lazy("contact label", "Other")


class EmailAddress(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("e-mail"), max_length=254)
    # Lower-cased copy: matching ignores case.
    address_normalized = models.CharField(max_length=254, editable=False, db_index=True)
    label = models.CharField(_("label"), max_length=10, choices=ContactLabel.choices, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.address


class PhoneNumber(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    raw = models.CharField(_("phone as entered"), max_length=50)
    e164 = models.CharField(_("phone (E.164)"), max_length=20, blank=True, db_index=True)
    label = models.CharField(_("label"), max_length=10, choices=ContactLabel.choices, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.raw


class LinkKind(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    WEBSITE = "website", _("Website")
    MASTODON = "mastodon", "Mastodon"
    GITHUB = "github", "GitHub"
    OTHER = "other", pgettext_lazy("link kind", "Other")


class Link(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices, default="website")
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class Role(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["ended_on", "-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="role_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} @ {self.organization}" if self.title else str(self.organization)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class TieKind(models.TextChoices):
    KNOWS = "knows", _("Knows")
    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends")
    COLLEAGUES = "colleagues", _("Colleagues")
    FORMER_COLLEAGUES = "former-colleagues", _("Former colleagues")
    CLASSMATES = "classmates", _("Classmates")
    BUSINESS = "business", _("Business relation")
    PARTNERS = "partners", _("Partners (couple)")


class TieSource(models.TextChoices):
    DECLARED = "declared", _("Declared")
    INFERRED = "inferred", _("Inferred")


class Tie(OwnedModel):
    """Two of the owner's contacts know each other. Stored once, with person_a.id < person_b.id."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=TieKind.choices, default="knows")
    strength = models.FloatField(
        _("strength"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Estimated strength of their tie, from 0 (barely) to 1 (very close)."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=TieSource.choices, default="declared"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "person_a", "person_b", "source"], name="tie_unique"
            ),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="tie_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["person_b"], name="tie_person_b")]

    def __str__(self) -> str:
        return f"{self.person_a} – {self.person_b}"

    def other(self, person_id: int) -> Person:
        return self.person_b if self.person_a_id == person_id else self.person_a
