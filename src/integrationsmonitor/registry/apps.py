from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "integrationsmonitor.registry"
    label = "registry"
    verbose_name = "Träger, Angebote und Zugänge"
