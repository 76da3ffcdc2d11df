"""The validators (ETag, Last-Modified) of open-data files and API answers.

Everything they serve follows from the deliveries and the catalogue, so the ETag changes with every
delivery (new or superseding) and with the loaded catalogue; Last-Modified is the newest arrival.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db.models import Count, Max

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.models import Lieferung

FASSUNG = "1"  # raise when the layout of the files or answers changes, so caches drop the old layout

_KATALOGE: dict[int, tuple[Katalog, str]] = {}  # id -> (catalogue, kept alive so the id stays unique)


def katalog_kennung(katalog: Katalog) -> str:
    """A fingerprint of the loaded catalogue (names, definitions and formulas appear in every answer)."""
    if id(katalog) not in _KATALOGE:
        _KATALOGE[id(katalog)] = (katalog, hashlib.sha256(repr(katalog).encode()).hexdigest()[:16])
    return _KATALOGE[id(katalog)][1]


def datenstand_kennung(katalog: Katalog) -> tuple[str, datetime | None]:
    """(ETag value without quotes, time of the newest delivery or None)."""
    agg = Lieferung.objects.aggregate(n=Count("id"), hoechste=Max("id"), neueste=Max("eingegangen_am"))
    neueste: datetime | None = agg["neueste"]
    roh = f"{FASSUNG}:{katalog_kennung(katalog)}:{agg['n']}:{agg['hoechste']}:{neueste.isoformat() if neueste else ''}"
    return hashlib.sha256(roh.encode()).hexdigest()[:32], neueste
