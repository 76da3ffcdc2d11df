from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "integrationsmonitor.registry.engagement"
    label = "engagement"
    verbose_name = "Engagement und Begegnung"
