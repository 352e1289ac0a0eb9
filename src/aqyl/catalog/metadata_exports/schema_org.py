"""schema.org Dataset markup for the dataset page, as Google Dataset Search reads it, and the
escaping that makes JSON safe inside a `<script>` element."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from aqyl.catalog.metadata_exports import links, texts
from aqyl.catalog.metadata_exports.vocabularies import DOWNLOAD_FORMATS, licence_url
from aqyl.catalog.models import Dataset, DatasetVersion

# "<", ">" and "&" as JSON escapes: no "</script>", "<!--" or "-->" can end or bend the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def schema_org(dataset: Dataset, version: DatasetVersion | None, base_url: str, *,
               language: str = "kk") -> dict[str, Any]:
    """The Dataset as schema.org JSON-LD, texts in `language` (falling back to Kazakh) as the
    page that embeds it shows them."""
    title = texts.dataset_text(dataset, "title")
    description = texts.dataset_text(dataset, "description") or texts.NOT_DESCRIBED["dataset"]
    organisation = dataset.organisation
    page = links.dataset_page(base_url, dataset)
    name = texts.pick(title, language) or dataset.name
    markup: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": page,
        "name": name,
        "description": texts.pick(description, language),
        "url": page,
        "identifier": dataset.slug,
        "isAccessibleForFree": dataset.access_level == "open",
        "creator": {
            "@type": "Organization",
            "name": texts.pick(texts.organisation_name(organisation), language),
            "url": organisation.website or links.organisation_page(base_url, organisation),
        },
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": texts.pick(texts.CATALOG_TITLE, language),
            "url": f"{links.base(base_url)}/datasets/",
        },
        "dateCreated": dataset.created_at.isoformat(),
        "dateModified": dataset.updated_at.isoformat(),
    }
    others = [text for text in title.values() if text != name]
    if others:
        markup["alternateName"] = others
    if dataset.tags:
        markup["keywords"] = list(dataset.tags)
    licence = licence_url(dataset.licence)
    markup["license"] = licence or {"@type": "CreativeWork", "url": page,
                                    "name": texts.pick(texts.OWNER_TERMS, language)}
    if dataset.temporal_start or dataset.temporal_end:
        start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
        end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
        markup["temporalCoverage"] = f"{start}/{end}"
    spatial = texts.dataset_text(dataset, "spatial_coverage")
    if spatial:
        markup["spatialCoverage"] = {"@type": "Place", "name": texts.pick(spatial, language)}
    if version is not None:
        markup["version"] = str(version.number)
        markup["datePublished"] = version.created_at.isoformat()
        markup["distribution"] = [_download(version, fmt.code, fmt.media_type, base_url)
                                  for fmt in DOWNLOAD_FORMATS]
        markup["variableMeasured"] = [_variable(dataset, column, language)
                                      for column in version.schema]
    return markup


def _download(version: DatasetVersion, fmt: str, media_type: str, base_url: str
              ) -> dict[str, Any]:
    download: dict[str, Any] = {
        "@type": "DataDownload",
        "name": links.file_name(version, fmt),
        "encodingFormat": media_type,
        "contentUrl": links.download(base_url, version, fmt),
    }
    if fmt == "parquet":
        download["contentSize"] = f"{version.size_bytes} B"
        download["sha256"] = version.sha256
    return download


def _variable(dataset: Dataset, column: dict[str, Any], language: str) -> dict[str, Any]:
    name = str(column["name"])
    variable: dict[str, Any] = {"@type": "PropertyValue", "name": name}
    described = texts.pick(texts.column_text(dataset, name), language)
    if described:
        variable["description"] = described
    return variable


def script_safe_json(data: Any) -> str:
    """`data` as JSON that can sit inside `<script type="application/ld+json">`: `</script>`,
    `<!--` and `-->` cannot occur in it, and JSON-LD readers decode it to the same values."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def ld_json_script(data: Any) -> SafeString:
    """The whole `<script type="application/ld+json">` element, ready for a template."""
    return mark_safe(  # noqa: S308  (escaped by script_safe_json)
        f'<script type="application/ld+json">{script_safe_json(data)}</script>')
