"""What happens between people: interactions, give-and-take, introductions, requests, news."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entregent.models.base import OwnedModel
from entregent.models.people import Person


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    MEAL = "meal", _("Meal")
    CALL = "call", _("Call")
    VIDEO = "video", _("Video call")
    EMAIL = "email", _("E-mail")
    MESSAGE = "message", _("Message")
    SOCIAL = "social", _("Social network")
    EVENT = "event", _("Event encounter")
    NOTE = "note", _("Note")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("I reached out")
    INCOMING = "incoming", _("They reached out")
    MUTUAL = "mutual", _("Mutual")


class Setting(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    PERSONAL = "personal", _("Personal")


class Interaction(OwnedModel):
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=InteractionKind.choices, default="meeting"
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default="mutual"
    )
    setting = models.CharField(
        _("setting"), max_length=15, choices=Setting.choices, default="professional"
    )
    participants = models.ManyToManyField(
        Person,
        verbose_name=_("participants"),
        through="Participation",
        related_name="interactions",
    )
    summary = models.TextField(_("summary"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    event = models.ForeignKey(
        "entregent.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    # Where the row came from, and its id there, so that re-importing changes nothing.
    source = models.CharField(_("source"), max_length=30, default="manual")
    external_id = models.CharField(_("external id"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "external_id"],
                condition=~Q(external_id=""),
                name="interaction_unique_external",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurred_at:%Y-%m-%d}"


class Participation(models.Model):
    """One person taking part in an interaction; denormalises the date for per-person timelines."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    occurred_at = models.DateTimeField()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["interaction", "person"], name="participation_unique"),
        ]
        indexes = [
            models.Index(fields=["person", "-occurred_at"], name="participation_timeline"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.interaction_id}"


class FavorKind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    INFORMATION = "information", _("Information")
    INTRODUCTION = "introduction", _("Introduction")
    REFERRAL = "referral", _("Referral")
    BUSINESS = "business", _("Business passed on")
    INVITATION = "invitation", _("Invitation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    HELP = "help", _("Help")
    GIFT = "gift", _("Gift")


class Favor(OwnedModel):
    """Something given or received. An empty giver or receiver means the owner."""

    giver = models.ForeignKey(
        Person,
        verbose_name=_("giver"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="favors_given",
    )
    receiver = models.ForeignKey(
        Person,
        verbose_name=_("receiver"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="favors_received",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FavorKind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")
    thanked_on = models.DateField(_("thanked on"), null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="favors"
    )

    class Meta:
        verbose_name = _("favour")
        verbose_name_plural = _("favours")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(giver__isnull=False) | Q(receiver__isnull=False),
                name="favor_has_a_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurred_on}"

    @property
    def given_by_me(self) -> bool:
        return self.giver_id is None


class IntroductionStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    ASKED_FIRST = "asked-first", _("First person asked")
    ASKED_SECOND = "asked-second", _("Second person asked")
    MADE = "made", _("Made")
    DECLINED = "declined", _("Declined")


class Introduction(OwnedModel):
    """One person introduced to another (double opt-in). An empty introducer means the owner."""

    introducer = models.ForeignKey(
        Person,
        verbose_name=_("introducer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="introductions_made",
    )
    person_a = models.ForeignKey(
        Person,
        verbose_name=_("first person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty when you are the one being introduced."),
    )
    person_b = models.ForeignKey(
        Person, verbose_name=_("second person"), on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=IntroductionStatus.choices, default="idea"
    )
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    made_on = models.DateField(_("made on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_a or '—'} ↔ {self.person_b}"


class RequestDirection(models.TextChoices):
    RECEIVED = "received", _("Received")
    MADE = "made", pgettext_lazy("request", "Made")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Request(OwnedModel):
    """A solicitation received from a contact, or made to one."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="requests"
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=RequestDirection.choices, default="received"
    )
    topic = models.CharField(_("topic"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    received_on = models.DateField(_("date"))
    respond_by = models.DateField(_("respond by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default="open"
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.topic


class NewsKind(models.TextChoices):
    NEW_JOB = "new-job", _("New job")
    PROMOTION = "promotion", _("Promotion")
    AWARD = "award", _("Award")
    PUBLICATION = "publication", _("Publication")
    MOVE = "move", _("Move")
    BIRTH = "birth", _("Birth")
    WEDDING = "wedding", _("Wedding")
    COMPANY = "company", _("Company news")
    OTHER = "other", pgettext_lazy("news kind", "Other")


class News(OwnedModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="news"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=NewsKind.choices)
    headline = models.CharField(_("headline"), max_length=300)
    occurred_on = models.DateField(_("date"))
    url = models.URLField(_("link"), blank=True)
    congratulated_on = models.DateField(_("congratulated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return self.headline
