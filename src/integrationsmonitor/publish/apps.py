from django.apps import AppConfig


class PublishConfig(AppConfig):
    """The Django side of publishing: the archive of FactSheet issues (the pure modules need no Django)."""

    name = "integrationsmonitor.publish"
    label = "publish"
    verbose_name = "Veröffentlichungen"
