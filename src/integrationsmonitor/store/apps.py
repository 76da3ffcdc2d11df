from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "integrationsmonitor.store"
    label = "store"
    verbose_name = "Lieferungen und Beobachtungen"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import datenversion, vorberechnung

        datenversion.verbinde()
        vorberechnung.verbinde()
        # values a page computed go to the database after its answer (store.seitenwerte)
        request_finished.connect(_speichere_seitenwerte, dispatch_uid="imon-seitenwerte")


def _speichere_seitenwerte(**_kwargs: object) -> None:
    from .lieferwerte import speichere_neue

    speichere_neue()
