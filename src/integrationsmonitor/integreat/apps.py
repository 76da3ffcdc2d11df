from django.apps import AppConfig


class IntegreatConfig(AppConfig):
    name = "integrationsmonitor.integreat"
    label = "integreat"
    verbose_name = "Integreat"

    def ready(self) -> None:
        from . import signale  # noqa: F401  (a change of courses queues a push)
