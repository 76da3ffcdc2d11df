from django.apps import AppConfig


class BeratungConfig(AppConfig):
    name = "integrationsmonitor.registry.beratung"
    label = "beratung"
    verbose_name = "Beratungsstellen und anonyme Beratungskontakte"
    default_auto_field = "django.db.models.BigAutoField"
