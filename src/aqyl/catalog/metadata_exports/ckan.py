"""aqyl datasets and organisations in the shapes of CKAN's Action API (package_show,
organization_list, organization_show), so existing CKAN harvesters can read the catalog.

CKAN names are lowercase letters, digits, "-" and "_": dataset "org/name" is package
"org--name". CKAN ids are UUIDs; ours are UUIDv8 (RFC 9562, custom) with the database id in the
low 48 bits, so a package id leads back to its dataset without a lookup table.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from aqyl.accounts.models import Organisation
from aqyl.catalog.metadata_exports import links, texts
from aqyl.catalog.metadata_exports.vocabularies import (
    CKAN_LICENCES,
    CKAN_UNKNOWN_LICENCE,
    DOWNLOAD_FORMATS,
    OPEN_LICENCES,
    DownloadFormat,
    licence_url,
    schema_type,
)
from aqyl.catalog.models import Dataset, DatasetVersion, Licence

NAME_SEPARATOR = "--"
_LOW_48 = (1 << 48) - 1
_PACKAGE_IDS = uuid.UUID("a9c1f0e2-5d3b-8d41-9a6e-000000000000")
_ORGANISATION_IDS = uuid.UUID("a9c1f0e2-5d3b-8d41-9a6f-000000000000")
_LICENCE_TITLES = {str(code): str(label) for code, label in Licence.choices
                   if code in OPEN_LICENCES}


def package_name(dataset: Dataset) -> str:
    return f"{dataset.organisation.slug.lower()}{NAME_SEPARATOR}{dataset.name}"


def name_candidates(name: str) -> list[tuple[str, str]]:
    """(organisation, dataset) pairs a package name may stand for: "org/name" as is, or
    "org--name" split at each "--" (both organisation and dataset names may contain one)."""
    name = name.strip()
    if "/" in name:
        org, _slash, short = name.partition("/")
        return [(org, short)] if org and short else []
    found = []
    start = name.find(NAME_SEPARATOR)
    while start > 0:
        org, short = name[:start], name[start + len(NAME_SEPARATOR):]
        if short:
            found.append((org, short))
        start = name.find(NAME_SEPARATOR, start + 1)
    return found


def package_id(dataset: Dataset) -> str:
    return str(_embed(_PACKAGE_IDS, dataset.pk))


def organisation_id(organisation: Organisation) -> str:
    return str(_embed(_ORGANISATION_IDS, organisation.pk))


def dataset_pk(package: str) -> int | None:
    """The dataset id inside a package id, or None when `package` is not one of ours."""
    return _extract(_PACKAGE_IDS, package)


def organisation_pk(organisation: str) -> int | None:
    return _extract(_ORGANISATION_IDS, organisation)


def _embed(base: uuid.UUID, number: int) -> uuid.UUID:
    if not 0 < number <= _LOW_48:
        raise ValueError(f"{number} does not fit in a CKAN id")
    return uuid.UUID(int=base.int | number)


def _extract(base: uuid.UUID, value: str) -> int | None:
    try:
        found = uuid.UUID(value.strip())
    except ValueError:
        return None
    if found.int & ~_LOW_48 != base.int:
        return None
    return (found.int & _LOW_48) or None


def package_dict(dataset: Dataset, version: DatasetVersion | None, base_url: str, *,
                 language: str = "kk") -> dict[str, Any]:
    """package_show's result for `dataset`, with resources for `version` (the latest)."""
    title = texts.dataset_text(dataset, "title")
    notes = texts.dataset_text(dataset, "description")
    organisation = dataset.organisation
    licence = licence_url(dataset.licence)
    resources = ([] if version is None else
                 [_resource(dataset, version, fmt, position, base_url, language=language)
                  for position, fmt in enumerate(DOWNLOAD_FORMATS)])
    tags = [{"name": tag, "display_name": tag, "state": "active", "vocabulary_id": None}
            for tag in dataset.tags or []]
    return {
        "id": package_id(dataset),
        "name": package_name(dataset),
        "title": texts.pick(title, language) or dataset.name,
        "title_translated": title,
        "notes": texts.pick(notes, language),
        "notes_translated": notes,
        "url": links.dataset_page(base_url, dataset),
        "version": str(version.number) if version is not None else None,
        "author": None,
        "author_email": None,
        "maintainer": texts.pick(texts.organisation_name(organisation), language),
        "maintainer_email": dataset.contact_email or None,
        "license_id": CKAN_LICENCES.get(dataset.licence, CKAN_UNKNOWN_LICENCE),
        "license_title": _LICENCE_TITLES.get(dataset.licence)
        or texts.pick(texts.OWNER_TERMS, language),
        "license_url": licence or links.dataset_page(base_url, dataset),
        "isopen": dataset.licence in OPEN_LICENCES,
        "metadata_created": ckan_time(dataset.created_at),
        "metadata_modified": ckan_time(dataset.updated_at),
        "organization": organization_dict(organisation, language=language),
        "owner_org": organisation_id(organisation),
        "private": False,
        "state": "active",
        "type": "dataset",
        "creator_user_id": None,
        "tags": tags,
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "groups": [],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        "extras": _extras(dataset, version, base_url, language),
    }


def _resource(dataset: Dataset, version: DatasetVersion, fmt: DownloadFormat, position: int,
              base_url: str, *, language: str) -> dict[str, Any]:
    stored = fmt.code == "parquet"  # CSV and XLSX are written on each download
    created = ckan_time(version.created_at)
    return {
        "id": str(uuid.uuid5(_embed(_PACKAGE_IDS, dataset.pk), f"{version.number}/{fmt.code}")),
        "package_id": package_id(dataset),
        "url": links.download(base_url, version, fmt.code),
        "name": links.file_name(version, fmt.code),
        "description": "",
        "format": fmt.title,
        "mimetype": fmt.media_type,
        "mimetype_inner": None,
        "size": version.size_bytes if stored else None,
        "hash": version.sha256 if stored else "",
        "created": created,
        "last_modified": created,
        "metadata_modified": created,
        "position": position,
        "state": "active",
        "url_type": None,
        "resource_type": None,
        "cache_url": None,
        "datastore_active": False,
        "schema": table_schema(dataset, version, language),
    }


# schema.org types (as Croissant gives them) → Frictionless Table Schema field types.
_TABLE_SCHEMA_TYPES = {"sc:Integer": "integer", "sc:Float": "number", "sc:Boolean": "boolean",
                       "sc:Date": "date", "sc:DateTime": "datetime", "sc:Time": "time"}


def table_schema(dataset: Dataset, version: DatasetVersion, language: str) -> dict[str, Any]:
    """The version's columns as a Frictionless Table Schema, the resource `schema` that CKAN's
    validation extension reads, with the steward's column descriptions."""
    fields = []
    for column in version.schema:
        name = str(column["name"])
        data_type, is_array = schema_type(str(column.get("type", "")))
        field: dict[str, Any] = {"name": name, "type": "array" if is_array
                                 else _TABLE_SCHEMA_TYPES.get(data_type, "string")}
        described = texts.column_text(dataset, name)
        if described:
            field["description"] = texts.pick(described, language)
            field["description_translated"] = described
        fields.append(field)
    return {"fields": fields}


def _extras(dataset: Dataset, version: DatasetVersion | None, base_url: str, language: str
            ) -> list[dict[str, str]]:
    spatial = texts.dataset_text(dataset, "spatial_coverage")
    values = {
        "identifier": dataset.slug,
        "access_level": dataset.access_level,
        "update_frequency": dataset.update_frequency,
        "sector": dataset.sector,
        "spatial_coverage": texts.pick(spatial, language),
        **{f"spatial_coverage_{lang}": text for lang, text in spatial.items()},
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "croissant": links.croissant(base_url, dataset) if version is not None else "",
    }
    return [{"key": key, "value": value} for key, value in values.items() if value]


def organization_dict(organisation: Organisation, *, language: str = "kk",
                      package_count: int | None = None) -> dict[str, Any]:
    names = texts.organisation_name(organisation)
    title = texts.pick(names, language) or organisation.slug
    found: dict[str, Any] = {
        "id": organisation_id(organisation),
        "name": organisation.slug.lower(),
        "title": title,
        "title_translated": names,
        "display_name": title,
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(organisation.created_at),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
    }
    if package_count is not None:
        found["package_count"] = package_count
    return found


def ckan_time(moment: datetime) -> str:
    """CKAN's timestamps: UTC without an offset, e.g. 2024-05-01T09:30:00.123456."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()
