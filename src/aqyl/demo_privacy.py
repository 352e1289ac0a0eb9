"""Demo content for personal data protection: the social assistance register (confidential,
full of synthetic personal data) gets a privacy policy, and its open, de-identified copy is
made through the same flow a steward uses."""

from __future__ import annotations

from collections.abc import Callable

from aqyl.catalog.models import Dataset
from aqyl.core.actors import SYSTEM
from aqyl.privacy import services

SOURCE = ("labour", "social-assistance")
OPEN_COPY = "social-assistance-deidentified"
POLICY = """\
# The applicants' identities go; what the assistance tells about the country stays.
columns:
  ИИН: pseudonymise                  # a key that joins other agencies' de-identified data
  ФИО: drop
  Телефон: drop
  Адрес: {method: generalise, to: region}
  Дата рождения: {method: generalise, to: age_band, width: 10}
  Среднедушевой доход, тенге: {method: noise, scale: 0.05}
quasi_identifiers: [Дата рождения, Пол, Регион, Адрес]
sensitive: [Решение]
k: 5
max_suppression: 0.05
"""


def load_privacy_demo(created: dict[str, int], progress: Callable[[str], None]) -> None:
    source = Dataset.objects.filter(organisation__slug=SOURCE[0], name=SOURCE[1]).first()
    if source is None or Dataset.objects.filter(organisation=source.organisation,
                                                name=OPEN_COPY).exists():
        return
    progress(f"{SOURCE[0]}/{OPEN_COPY}")
    services.deidentify(SYSTEM, source, text=POLICY, into=OPEN_COPY)
    created["datasets"] += 1
    created["versions"] += 1
