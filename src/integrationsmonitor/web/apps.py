from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "integrationsmonitor.web"
    label = "web"
    verbose_name = "Dashboard"
