from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntregentConfig(AppConfig):
    name = "entregent"
    verbose_name = _("entregent")
    default_auto_field = "django.db.models.BigAutoField"
