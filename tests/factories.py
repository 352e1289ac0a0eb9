"""Test objects, created through the same services the product uses."""

from __future__ import annotations

import itertools
from typing import Any

from aqyl.accounts import services
from aqyl.accounts.models import Membership, Organisation, User
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.core.actors import SYSTEM, Actor
from aqyl.core.identifiers import check_digit

_serial = itertools.count(1)


def valid_bin(serial: int | None = None) -> str:
    """A checksum-valid BIN for a resident legal entity registered in January 2024."""
    for n in itertools.count(serial if serial is not None else next(_serial) * 7):
        head = f"240140{n % 100000:05d}"
        digit = check_digit(head)
        if digit is not None:
            return f"{head}{digit}"
    raise AssertionError("unreachable")


def make_organisation(slug: str, **fields: Any) -> Organisation:
    defaults = {
        "name_kk": f"{slug} ұйымы", "name_ru": f"Организация {slug}",
        "name_en": f"Organisation {slug}", "type": "government", "sector": "digital",
        "bin": valid_bin(),
    }
    return services.create_organisation(SYSTEM, slug=slug, **{**defaults, **fields})


def make_user(username: str, *, password: str = "Correct-Horse-42", **fields: Any) -> User:
    return services.create_user(SYSTEM, username=username, password=password, **fields)


def make_membership(user: User, organisation: Organisation, role: str) -> Membership:
    return services.add_member(SYSTEM, organisation, username=user.username, role=role)


def actor(user: User, *, scope: str | None = None) -> Actor:
    return Actor(user=user, token_scope=scope, client_address="127.0.0.1")


def make_token(user: User, *, scope: str = "write", days: int = 30) -> str:
    _token, secret = services.issue_token(actor(user), name="test", scope=scope, days=days)
    return secret


REGIONS_CSV = (
    "region;population;area_km2;centre;founded\n"
    "Абай облысы;614000;185500,5;Семей;08.06.2022\n"
    "Ақмола облысы;788000;146219,1;Көкшетау;14.10.1939\n"
    "Алматы;2228000;682,5;Алматы;01.01.1854\n"
)


def make_dataset(organisation: Organisation, name: str, *, csv_text: str = REGIONS_CSV,
                 access_level: str = "open", by: Actor = SYSTEM, **metadata: Any
                 ) -> DatasetVersion:
    """A dataset with its first version, made the way a steward's upload makes it."""
    from aqyl.catalog import drafts

    fields = {"name": name, "title_kk": f"{name} деректері", "title_ru": f"Данные {name}",
              "title_en": f"{name} data", "sector": "public_administration",
              "access_level": access_level, **metadata}
    return drafts.ingest_upload(by, organisation, filename=f"{name}.csv",
                                chunks=[csv_text.encode()], new_dataset=fields)


def add_version(dataset: Dataset, csv_text: str, *, by: Actor = SYSTEM) -> DatasetVersion:
    from aqyl.catalog import drafts

    return drafts.ingest_upload(by, dataset.organisation, filename=f"{dataset.name}.csv",
                                chunks=[csv_text.encode()], dataset=dataset)
