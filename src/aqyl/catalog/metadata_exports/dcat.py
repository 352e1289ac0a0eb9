"""The catalog as DCAT-AP 3.0 JSON-LD: one dcat:Catalog, a dcat:Dataset per dataset with a
dcat:Distribution per download format of its latest version.

Texts carry kk/ru/en language tags; codes are mapped to the EU authority tables harvesters
expect (frequency, access right, data theme, file type). Large catalogs are served in pages,
linked with Hydra (hydra:PartialCollectionView), which DCAT harvesters such as udata and
ckanext-dcat follow. The shape is kept simple enough for `turtle.to_turtle`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from aqyl.catalog.metadata_exports import links, texts
from aqyl.catalog.metadata_exports.vocabularies import (
    ACCESS_RIGHTS,
    DOWNLOAD_FORMATS,
    EU,
    FREQUENCIES,
    METADATA_LANGUAGES,
    PUBLISHER_TYPES,
    THEME_TAXONOMY,
    THEMES,
    DownloadFormat,
    licence_url,
)
from aqyl.catalog.models import Dataset, DatasetVersion

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"


@dataclass(frozen=True)
class Page:
    """Which slice of the catalog a document holds, and where the feed lives."""

    number: int
    size: int
    total: int
    feed_url: str  # the feed's absolute address without a page parameter

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    def url(self, number: int) -> str:
        return f"{self.feed_url}?{urlencode({'page': number})}"


def dcat_catalog(datasets: Iterable[Dataset], base_url: str, *,
                 latest: Mapping[int, DatasetVersion] | None = None,
                 page: Page | None = None, modified: datetime | None = None) -> dict[str, Any]:
    """The DCAT-AP catalog of `datasets` (already filtered by what the reader may see).

    Args:
        latest: each dataset's latest version by dataset id; looked up one by one if omitted.
        page: the slice this document is, for Hydra paging links.
        modified: when anything in the whole catalog last changed.
    """
    root = links.base(base_url)
    entries = []
    for dataset in datasets:
        version = (latest.get(dataset.pk) if latest is not None
                   else dataset.versions.order_by("-number").first())
        entries.append(dataset_node(dataset, version, base_url))
    catalog: dict[str, Any] = {
        "@id": f"{root}/datasets/",
        "@type": ["dcat:Catalog", "hydra:Collection"] if page else "dcat:Catalog",
        "dct:title": texts.tagged(texts.CATALOG_TITLE),
        "dct:description": texts.tagged(texts.CATALOG_DESCRIPTION),
        "dct:publisher": {"@id": f"{root}/", "@type": "foaf:Agent", "foaf:name": "aqyl"},
        "foaf:homepage": {"@id": f"{root}/"},
        "dct:language": [{"@id": iri} for iri in METADATA_LANGUAGES.values()],
        "dcat:themeTaxonomy": {"@id": THEME_TAXONOMY},
        "dcat:dataset": entries,
    }
    if modified is not None:
        catalog["dct:modified"] = _datetime(modified)
    if page is not None:
        catalog["hydra:totalItems"] = page.total
        catalog["hydra:view"] = _view(page)
    return {"@context": CONTEXT, **catalog}


def _view(page: Page) -> dict[str, Any]:
    view: dict[str, Any] = {
        "@id": page.url(page.number),
        "@type": "hydra:PartialCollectionView",
        "hydra:first": {"@id": page.url(1)},
        "hydra:last": {"@id": page.url(page.last)},
    }
    if page.number > 1:
        view["hydra:previous"] = {"@id": page.url(min(page.number - 1, page.last))}
    if page.number < page.last:
        view["hydra:next"] = {"@id": page.url(page.number + 1)}
    return view


def dataset_node(dataset: Dataset, version: DatasetVersion | None, base_url: str
                 ) -> dict[str, Any]:
    page = links.dataset_page(base_url, dataset)
    node: dict[str, Any] = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": page,
        "dct:title": texts.tagged(texts.dataset_text(dataset, "title")),
        "dct:description": texts.tagged(texts.dataset_text(dataset, "description")
                                        or texts.NOT_DESCRIBED["dataset"]),
        "dct:publisher": _publisher(dataset, base_url),
        "dcat:landingPage": {"@id": page},
        "dct:accessRights": {"@id": ACCESS_RIGHTS[dataset.access_level]},
        "dct:issued": _datetime(dataset.created_at),
        "dct:modified": _datetime(dataset.updated_at),
    }
    contact = _contact_point(dataset)
    if contact:
        node["dcat:contactPoint"] = contact
    if dataset.tags:
        node["dcat:keyword"] = list(dataset.tags)
    if dataset.sector in THEMES:
        node["dcat:theme"] = {"@id": f"{EU}/data-theme/{THEMES[dataset.sector]}"}
    if dataset.update_frequency in FREQUENCIES:
        node["dct:accrualPeriodicity"] = {"@id": FREQUENCIES[dataset.update_frequency]}
    spatial = texts.dataset_text(dataset, "spatial_coverage")
    if spatial:
        node["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": texts.tagged(spatial)}
    if dataset.temporal_start or dataset.temporal_end:
        node["dct:temporal"] = _period(dataset.temporal_start, dataset.temporal_end)
    if version is not None:
        node["dcat:version"] = str(version.number)
        if version.note:
            node["adms:versionNotes"] = version.note
        node["dcat:distribution"] = [_distribution(dataset, version, fmt, base_url, page)
                                     for fmt in DOWNLOAD_FORMATS]
    return node


def _publisher(dataset: Dataset, base_url: str) -> dict[str, Any]:
    organisation = dataset.organisation
    agent: dict[str, Any] = {
        "@id": links.organisation_page(base_url, organisation),
        "@type": ["foaf:Agent", "foaf:Organization"],
        "foaf:name": texts.tagged(texts.organisation_name(organisation)),
    }
    if organisation.website:
        agent["foaf:homepage"] = {"@id": organisation.website}
    if organisation.type in PUBLISHER_TYPES:
        agent["dct:type"] = {"@id": PUBLISHER_TYPES[organisation.type]}
    return agent


def _contact_point(dataset: Dataset) -> dict[str, Any] | None:
    organisation = dataset.organisation
    if not (dataset.contact_email or organisation.website):
        return None
    contact: dict[str, Any] = {"@type": "vcard:Organization",
                               "vcard:fn": texts.tagged(texts.organisation_name(organisation))}
    if dataset.contact_email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{dataset.contact_email}"}
    if organisation.website:
        contact["vcard:hasURL"] = {"@id": organisation.website}
    return contact


def _period(start: date | None, end: date | None) -> dict[str, Any]:
    period: dict[str, Any] = {"@type": "dct:PeriodOfTime"}
    if start:
        period["dcat:startDate"] = {"@value": start.isoformat(), "@type": "xsd:date"}
    if end:
        period["dcat:endDate"] = {"@value": end.isoformat(), "@type": "xsd:date"}
    return period


def _distribution(dataset: Dataset, version: DatasetVersion, fmt: DownloadFormat,
                  base_url: str, page: str) -> dict[str, Any]:
    url = links.download(base_url, version, fmt.code)
    distribution: dict[str, Any] = {
        "@id": f"{page}#distribution-{fmt.code}",
        "@type": "dcat:Distribution",
        "dct:title": links.file_name(version, fmt.code),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": fmt.file_type},
        "dcat:mediaType": {"@id": fmt.media_type_iri},
        "dct:issued": _datetime(version.created_at),
        "dct:rights": {"@type": "dct:RightsStatement", "rdfs:label": texts.tagged(
            texts.ACCESS_CONDITIONS[dataset.access_level])},
    }
    licence = licence_url(dataset.licence)
    if licence:
        distribution["dct:license"] = {"@id": licence, "@type": "dct:LicenseDocument"}
    else:
        distribution["dct:license"] = {"@type": "dct:LicenseDocument",
                                       "rdfs:label": texts.tagged(texts.OWNER_TERMS)}
    # Only the Parquet file is stored as is; CSV and XLSX are written on each download.
    if fmt.code == "parquet":
        distribution["dcat:byteSize"] = {"@value": str(version.size_bytes),
                                         "@type": "xsd:nonNegativeInteger"}
        distribution["spdx:checksum"] = {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": SHA256},
            "spdx:checksumValue": {"@value": version.sha256, "@type": "xsd:hexBinary"},
        }
    return distribution


def _datetime(moment: datetime) -> dict[str, str]:
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
