"""Croissant 1.1 (MLCommons) for one dataset version, with the Responsible AI vocabulary.

Spec: http://mlcommons.org/croissant/1.1 and http://mlcommons.org/croissant/RAI/1.0. The
document describes one immutable version: its Parquet file (with the SHA-256 the lake stores it
under) and one record set with a field per column. Readers that want "the latest" ask the
feed again; each answer pins a version, so `isLiveDataset` is false and checksums always hold.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aqyl.catalog.metadata_exports import lineage, links, texts
from aqyl.catalog.metadata_exports.texts import Text
from aqyl.catalog.metadata_exports.vocabularies import (
    CROISSANT_PARQUET,
    SOURCE_MEDIA_TYPES,
    licence_url,
    schema_type,
)
from aqyl.catalog.models import Dataset, DatasetVersion

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
RAI_CONFORMS_TO = "http://mlcommons.org/croissant/RAI/1.0"
MEDIA_TYPE = f'application/ld+json; profile="{CONFORMS_TO}"'

# Appendix 1 of the spec, plus RAI and PROV. There is no default "@language": names and
# descriptions may be Kazakh, so untagged text stays untagged and multilingual values carry
# their own tags.
CONTEXT: dict[str, Any] = {
    "@vocab": "http://schema.org/",
    "sc": "http://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "annotation": "cr:annotation",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "excludes": "cr:excludes",
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "readLines": "cr:readLines",
    "sdVersion": "cr:sdVersion",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "unArchive": "cr:unArchive",
    "value": "cr:value",
}

FILE_ID = "parquet-file"


def croissant(dataset: Dataset, version: DatasetVersion, base_url: str, *,
              language: str = "kk") -> dict[str, Any]:
    """The Croissant description of `version` of `dataset`. `language` chooses which of the
    owner's texts fills the single-valued `name` and `description`; every language is also
    given, tagged, in `alternateName` and `disambiguatingDescription`."""
    title = texts.dataset_text(dataset, "title")
    description = texts.dataset_text(dataset, "description") or texts.NOT_DESCRIBED["dataset"]
    page = links.dataset_page(base_url, dataset)
    owner = _organisation(dataset, base_url, language)
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "@id": links.croissant(base_url, dataset, version.number),
        "conformsTo": [CONFORMS_TO, RAI_CONFORMS_TO],
        "name": texts.pick(title, language) or dataset.name,
        "alternateName": texts.tagged(title),
        "description": texts.pick(description, language),
        "disambiguatingDescription": texts.tagged(description),
        "url": page,
        "identifier": f"{dataset.slug}@{version.number}",
        # Each aqyl version replaces the data, so each is a new major version.
        "version": f"{version.number}.0.0",
        "license": _licence(dataset, page),
        "creator": owner,
        "publisher": owner,
        "dateCreated": dataset.created_at.isoformat(),
        "datePublished": version.created_at.isoformat(),
        "dateModified": max(dataset.updated_at, version.created_at).isoformat(),
        "keywords": list(dataset.tags or []),
        "isLiveDataset": False,
        "isAccessibleForFree": dataset.access_level == "open",
        "conditionsOfAccess": texts.tagged(texts.ACCESS_CONDITIONS[dataset.access_level]),
        "distribution": [_file_object(version, base_url)],
        "recordSet": [_record_set(dataset, version)],
    }
    if dataset.temporal_start or dataset.temporal_end:
        document["temporalCoverage"] = _interval(dataset)
    spatial = texts.dataset_text(dataset, "spatial_coverage")
    if spatial:
        document["spatialCoverage"] = {"@type": "sc:Place", "name": texts.pick(spatial, language),
                                       "alternateName": texts.tagged(spatial)}
    document.update(_responsible_ai(dataset, version))
    document.update(_provenance(version, base_url))
    return document


def _organisation(dataset: Dataset, base_url: str, language: str) -> dict[str, Any]:
    organisation = dataset.organisation
    names = texts.organisation_name(organisation)
    found: dict[str, Any] = {
        "@type": "sc:Organization",
        "@id": links.organisation_page(base_url, organisation),
        "name": texts.pick(names, language),
        "alternateName": texts.tagged(names),
    }
    if organisation.website:
        found["url"] = organisation.website
    return found


def _licence(dataset: Dataset, page: str) -> str | dict[str, Any]:
    url = licence_url(dataset.licence)
    if url:
        return url
    # The owner's own terms are written on the dataset's page.
    return {"@type": "sc:CreativeWork", "name": texts.tagged(texts.OWNER_TERMS), "url": page}


def _interval(dataset: Dataset) -> str:
    start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
    end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
    return f"{start}/{end}"


def _file_object(version: DatasetVersion, base_url: str) -> dict[str, Any]:
    return {
        "@type": "cr:FileObject",
        "@id": FILE_ID,
        "name": links.file_name(version, "parquet"),
        "contentUrl": links.download(base_url, version, "parquet"),
        "contentSize": f"{version.size_bytes} B",
        "encodingFormat": CROISSANT_PARQUET,
        "sha256": version.sha256,
    }


def _record_set(dataset: Dataset, version: DatasetVersion) -> dict[str, Any]:
    record_set = quote(dataset.name, safe="")
    description = texts.dataset_text(dataset, "title")
    return {
        "@type": "cr:RecordSet",
        "@id": record_set,
        "name": dataset.name,
        "description": texts.tagged(description),
        "field": [_field(dataset, record_set, column) for column in version.schema],
    }


def _field(dataset: Dataset, record_set: str, column: dict[str, str]) -> dict[str, Any]:
    name = str(column["name"])
    data_type, is_array = schema_type(str(column.get("type", "")))
    field: dict[str, Any] = {
        "@type": "cr:Field",
        # Column names may hold spaces, slashes or Cyrillic: the @id is an IRI reference.
        "@id": f"{record_set}/{quote(name, safe='')}",
        "name": name,
        "dataType": data_type,
        "source": {"fileObject": {"@id": FILE_ID}, "extract": {"column": name}},
    }
    if is_array:
        field["isArray"] = True
    described = texts.column_text(dataset, name)
    if described:
        field["description"] = texts.tagged(described)
    return field


def _responsible_ai(dataset: Dataset, version: DatasetVersion) -> dict[str, Any]:
    from aqyl.privacy.statements import personal_data_statement

    undescribed = texts.NOT_DESCRIBED
    collection: Text = texts.join(lineage.publication(version), undescribed["collection"])
    rai: dict[str, Any] = {
        "rai:dataCollection": texts.tagged(collection),
        "rai:dataCollectionType": texts.tagged(undescribed["collection_type"]),
        "rai:dataPreprocessingProtocol": texts.tagged(lineage.preprocessing(version)),
        "rai:dataLimitations": texts.tagged(lineage.limitations(version)),
        "rai:dataBiases": texts.tagged(undescribed["biases"]),
        "rai:personalSensitiveInformation": texts.tagged(
            personal_data_statement(version) or undescribed["personal_information"]),
        "rai:dataUseCases": texts.tagged(undescribed["use_cases"]),
        "rai:dataSocialImpact": texts.tagged(undescribed["social_impact"]),
    }
    maintenance = lineage.maintenance(version)
    if maintenance:
        rai["rai:dataReleaseMaintenancePlan"] = texts.tagged(maintenance)
    if dataset.temporal_start or dataset.temporal_end:
        rai["rai:dataCollectionTimeframe"] = _interval(dataset)
    # Data is known to be synthetic when its owner tags it so (the demo datasets are); else
    # the owner has not said, and a boolean cannot say "not described": the property is left
    # out. A demo organisation may well hold real data a steward uploaded.
    if SYNTHETIC_TAG in dataset.tags:
        rai["rai:hasSyntheticData"] = True
        rai["rai:syntheticDataExplanation"] = texts.tagged(texts.SYNTHETIC)
    return rai


SYNTHETIC_TAG = "synthetic"


def _provenance(version: DatasetVersion, base_url: str) -> dict[str, Any]:
    """PROV-O lineage: the source the version was read from, and the version it follows."""
    source: dict[str, Any] = {"@type": "prov:Entity"}
    if version.source_name:
        source["name"] = version.source_name
    else:
        source["name"] = texts.tagged(lineage.source_label(version))
    if version.source_sha256:
        source["sha256"] = version.source_sha256
    if version.source_size is not None:
        source["contentSize"] = f"{version.source_size} B"
    if version.format in SOURCE_MEDIA_TYPES:
        source["encodingFormat"] = SOURCE_MEDIA_TYPES[version.format]
    derived: list[dict[str, Any]] = [source]
    parent = version.parent
    if parent is not None:
        derived.append({"@type": "prov:Entity",
                        "@id": links.croissant(base_url, version.dataset, parent.number),
                        "version": f"{parent.number}.0.0", "sha256": parent.sha256})
    return {
        "prov:wasDerivedFrom": derived,
        "prov:wasGeneratedBy": {
            "@type": "prov:Activity",
            "prov:endedAtTime": {"@value": version.created_at.isoformat(),
                                 "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
            "prov:wasAssociatedWith": {"@id": links.organisation_page(
                base_url, version.dataset.organisation)},
        },
    }
