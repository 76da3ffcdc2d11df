from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "integrationsmonitor.store"
    label = "store"
    verbose_name = "Lieferungen und Beobachtungen"

    def ready(self) -> None:
        from . import datenversion, vorberechnung

        datenversion.verbinde()
        vorberechnung.verbinde()
