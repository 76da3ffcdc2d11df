from django.apps import AppConfig


class IntegreatConfig(AppConfig):
    name = "integrationsmonitor.integreat"
    label = "integreat"
    verbose_name = "Integreat"

    def ready(self) -> None:
        from . import pruefungen, signale  # noqa: F401  (imon check; a change of courses queues a push)
