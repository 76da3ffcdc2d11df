from django.apps import AppConfig


class KurseConfig(AppConfig):
    name = "integrationsmonitor.registry.kurse"
    label = "kurse"
    verbose_name = "Sprachkurse"

    def ready(self) -> None:
        from . import signale  # noqa: F401  (connects the delivery on save)
