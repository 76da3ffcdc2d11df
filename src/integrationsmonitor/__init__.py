"""Integrationsmonitor: Integrationsmonitoring für Landkreise."""

__version__ = "0.1.0"
