"""Machine-readable output of series: moved to `publish.reihen`, which the read API and open data share."""

from integrationsmonitor.publish.reihen import FEHLT, als_csv, als_json, zahl_roh

__all__ = ["FEHLT", "als_csv", "als_json", "zahl_roh"]
