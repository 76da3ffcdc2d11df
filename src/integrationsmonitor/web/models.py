"""The one table of the web app: events counted by the abuse limits (web.drossel)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Drosselereignis(models.Model):
    """One counted event: a failed login (per account and per client) or a newsletter sign-up.

    `schluessel` is a keyed hash (HMAC with the site's secret key) of the account name, client address or
    mailbox, never the value itself; rows older than the longest window are deleted (web.drossel). Not shown
    anywhere (the names below are not translated for that reason)."""

    art = models.CharField("Art", max_length=32)
    schluessel = models.CharField("Schlüssel (HMAC)", max_length=64)
    zeitpunkt = models.DateTimeField("Zeitpunkt", default=timezone.now)

    class Meta:
        verbose_name = "Drosselereignis"
        verbose_name_plural = "Drosselereignisse"
        indexes = [models.Index(fields=["art", "schluessel", "zeitpunkt"], name="drossel_art_schl_zeit")]

    def __str__(self) -> str:
        return f"{self.art} {self.schluessel[:8]} {self.zeitpunkt:%Y-%m-%d %H:%M}"
