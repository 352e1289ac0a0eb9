"""The catalog as other systems read it: Croissant per dataset, the DCAT-AP feed (JSON-LD and
Turtle), schema.org markup and CKAN's Action API, each filtered by what the reader may see."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aqyl.catalog import export_views
from aqyl.catalog.metadata_exports import (
    dataset_pk,
    ld_json_script,
    name_candidates,
    package_id,
    schema_org,
    script_safe_json,
)
from aqyl.catalog.metadata_exports.vocabularies import schema_type
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.core.models import AuditEntry
from tests.factories import (
    add_version,
    make_dataset,
    make_membership,
    make_organisation,
    make_token,
    make_user,
)

pytestmark = pytest.mark.django_db

EU = "http://publications.europa.eu/resource/authority"
TYPED_CSV = (
    "id,share,flag,day,moment,label\n"
    "1,0.5,true,2024-01-31,2024-01-31 10:00:00,alpha\n"
    "2,1.25,false,2024-02-29,2024-02-29 23:59:59,beta\n"
)
# What CKAN's docs show package_show, a resource and organization_list(all_fields) return.
CKAN_PACKAGE_KEYS = {
    "id", "name", "title", "notes", "url", "version", "author", "author_email", "maintainer",
    "maintainer_email", "license_id", "license_title", "license_url", "isopen",
    "metadata_created", "metadata_modified", "organization", "owner_org", "private", "state",
    "type", "tags", "num_tags", "resources", "num_resources", "groups", "extras",
    "relationships_as_object", "relationships_as_subject", "creator_user_id",
}
CKAN_RESOURCE_KEYS = {
    "id", "package_id", "url", "name", "description", "format", "mimetype", "size", "hash",
    "created", "last_modified", "metadata_modified", "position", "state", "url_type",
    "resource_type",
}
CKAN_ORGANIZATION_KEYS = {
    "id", "name", "title", "display_name", "description", "image_url", "image_display_url",
    "created", "is_organization", "approval_status", "state", "type", "package_count",
}


@pytest.fixture
def world() -> dict[str, Any]:
    """An owner with one dataset of each access level, a member of it and an outsider."""
    stat = make_organisation("stat", website="https://stat.gov.kz")
    versions = {
        level: make_dataset(
            stat, level, access_level=level, description_ru=f"Описание {level}",
            description_en=f"About {level}", tags=["regions", level], licence="CC-BY-4.0",
            update_frequency="monthly", sector="health", contact_email="data@stat.gov.kz",
            spatial_coverage_kk="Қазақстан", spatial_coverage_ru="Казахстан",
            spatial_coverage_en="Kazakhstan", temporal_start=date(2020, 1, 1),
            temporal_end=date(2023, 12, 31))
        for level in ("open", "restricted", "confidential")
    }
    member = make_user("member")
    make_membership(member, stat, "member")
    return {"stat": stat, "versions": versions, "member": member,
            "outsider": make_user("outsider")}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def croissant_of(client: Client, slug: str, query: str = "") -> dict[str, Any]:
    response = client.get(f"/datasets/{slug}/croissant.json{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    assert 'profile="http://mlcommons.org/croissant/1.1"' in response["Content-Type"]
    document: dict[str, Any] = response.json()
    return document


def values(tagged: list[dict[str, str]]) -> dict[str, str]:
    return {item["@language"]: item["@value"] for item in tagged}


# Croissant


def test_croissant_has_the_properties_the_spec_requires(world: dict[str, Any]) -> None:
    version: DatasetVersion = world["versions"]["open"]
    document = croissant_of(Client(), "stat/open")

    context = document["@context"]
    assert context["cr"] == "http://mlcommons.org/croissant/"
    assert context["rai"] == "http://mlcommons.org/croissant/RAI/"
    assert context["sc"] == "http://schema.org/"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert context["conformsTo"] == "dct:conformsTo"
    assert document["@type"] == "sc:Dataset"
    assert "http://mlcommons.org/croissant/1.1" in document["conformsTo"]
    for required in ("name", "description", "license", "url", "creator", "datePublished",
                     "distribution"):
        assert document[required], required
    assert document["name"] == "open деректері"  # Kazakh unless another language is chosen
    assert values(document["alternateName"]) == {
        "kk": "open деректері", "ru": "Данные open", "en": "open data"}
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["url"] == "http://testserver/datasets/stat/open/"
    assert document["creator"]["@type"] == "sc:Organization"
    assert document["creator"]["url"] == "https://stat.gov.kz"
    assert document["version"] == "1.0.0"
    assert document["keywords"] == ["open", "regions"]
    assert document["isLiveDataset"] is False
    assert document["temporalCoverage"] == "2020-01-01/2023-12-31"
    assert document["spatialCoverage"]["@type"] == "sc:Place"
    assert document["spatialCoverage"]["name"] == "Қазақстан"
    assert values(document["spatialCoverage"]["alternateName"]) == {
        "kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}

    (parquet,) = document["distribution"]
    assert parquet["@type"] == "cr:FileObject"
    assert parquet["encodingFormat"] == "application/x-parquet"
    assert parquet["sha256"] == version.sha256
    assert parquet["contentSize"] == f"{version.size_bytes} B"
    assert parquet["contentUrl"] == ("http://testserver/api/v1/datasets/stat/open/download"
                                     "?format=parquet&version=1")
    download = Client().get(parquet["contentUrl"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PAR1")  # type: ignore[attr-defined]


def test_croissant_has_one_field_per_column_with_its_type(world: dict[str, Any]) -> None:
    version = make_dataset(world["stat"], "typed", csv_text=TYPED_CSV,
                           column_descriptions={"share": {"kk": "Үлесі", "ru": "Доля",
                                                          "en": "Share"}})
    document = croissant_of(Client(), "stat/typed")

    (record_set,) = document["recordSet"]
    assert record_set["@type"] == "cr:RecordSet"
    fields = {field["name"]: field for field in record_set["field"]}
    assert list(fields) == version.column_names
    assert {name: field["dataType"] for name, field in fields.items()} == {
        "id": "sc:Integer", "share": "sc:Float", "flag": "sc:Boolean", "day": "sc:Date",
        "moment": "sc:DateTime", "label": "sc:Text"}
    file_id = document["distribution"][0]["@id"]
    for name, field in fields.items():
        assert field["@type"] == "cr:Field"
        assert field["@id"] == f"typed/{name}"
        assert field["source"] == {"fileObject": {"@id": file_id}, "extract": {"column": name}}
    assert values(fields["share"]["description"]) == {"kk": "Үлесі", "ru": "Доля",
                                                      "en": "Share"}
    assert "description" not in fields["id"]


def test_croissant_field_ids_are_iri_safe_for_any_column_name(world: dict[str, Any]) -> None:
    make_dataset(world["stat"], "odd", csv_text="Өңір аты;a/b\nАлматы;1\nАстана;2\n")
    fields = croissant_of(Client(), "stat/odd")["recordSet"][0]["field"]

    assert [field["name"] for field in fields] == ["Өңір аты", "a/b"]
    assert fields[1]["@id"] == "odd/a%2Fb"
    assert " " not in fields[0]["@id"]
    assert fields[0]["source"]["extract"]["column"] == "Өңір аты"


def test_croissant_says_what_is_known_and_what_the_owner_has_not_described(
        world: dict[str, Any]) -> None:
    version: DatasetVersion = world["versions"]["open"]
    document = croissant_of(Client(), "stat/open")

    for key in ("rai:dataCollection", "rai:dataCollectionType", "rai:dataLimitations",
                "rai:dataBiases", "rai:personalSensitiveInformation", "rai:dataUseCases",
                "rai:dataSocialImpact", "rai:dataPreprocessingProtocol",
                "rai:dataReleaseMaintenancePlan"):
        assert set(values(document[key])) == {"kk", "ru", "en"}, key
    collection = values(document["rai:dataCollection"])["en"]
    assert "Version 1 was published on" in collection
    assert "open.csv" in collection
    assert "has not described how the data was originally collected" in collection
    assert "has not described" in values(document["rai:dataBiases"])["en"]
    preprocessing = values(document["rai:dataPreprocessingProtocol"])["en"]
    assert 'Field delimiter: ";"' in preprocessing
    assert "Character encoding: utf-8" in preprocessing
    assert f"{version.row_count} rows, 5 columns" in preprocessing
    limitations = values(document["rai:dataLimitations"])
    assert "Period covered: 2020-01-01 to 2023-12-31" in limitations["en"]
    assert "Spatial coverage: Kazakhstan." in limitations["en"]
    assert "Аумақтық қамту: Қазақстан." in limitations["kk"]
    assert values(document["rai:dataReleaseMaintenancePlan"])["ru"].startswith(
        "Частота обновления: ежемесячно")
    # Whether the data is synthetic is not known for a real organisation: no guess.
    assert "rai:hasSyntheticData" not in document

    (source,) = document["prov:wasDerivedFrom"]
    assert source == {"@type": "prov:Entity", "name": "open.csv",
                      "sha256": version.source_sha256, "contentSize": f"{version.source_size} B",
                      "encodingFormat": "text/csv"}


def test_croissant_of_demo_data_says_it_is_synthetic() -> None:
    demo = make_organisation("demo", is_demo=True)
    make_dataset(demo, "sample", tags=["synthetic"])
    make_dataset(demo, "uploaded")  # real data a steward put in a demo organisation
    document = croissant_of(Client(), "demo/sample")
    assert "rai:hasSyntheticData" not in croissant_of(Client(), "demo/uploaded")

    assert document["rai:hasSyntheticData"] is True
    assert "Synthetic" in values(document["rai:syntheticDataExplanation"])["en"]


def test_croissant_describes_the_latest_version_or_a_pinned_one(world: dict[str, Any]) -> None:
    first: DatasetVersion = world["versions"]["open"]
    second = add_version(first.dataset, "region;population\nАбай облысы;614000\n")

    latest = croissant_of(Client(), "stat/open")
    assert latest["identifier"] == "stat/open@2"
    assert latest["distribution"][0]["sha256"] == second.sha256
    assert [field["name"] for field in latest["recordSet"][0]["field"]] == [
        "region", "population"]
    parent = latest["prov:wasDerivedFrom"][1]
    assert parent["@id"] == "http://testserver/datasets/stat/open/croissant.json?version=1"
    assert parent["sha256"] == first.sha256

    pinned = croissant_of(Client(), "stat/open", "?version=1")
    assert pinned["identifier"] == "stat/open@1"
    assert pinned["distribution"][0]["sha256"] == first.sha256
    assert pinned["distribution"][0]["contentUrl"].endswith("format=parquet&version=1")
    assert len(pinned["recordSet"][0]["field"]) == 5

    assert Client().get("/datasets/stat/open/croissant.json?version=9").status_code == 404
    bad = Client().get("/datasets/stat/open/croissant.json?version=first")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["version"]


def test_croissant_follows_the_access_rules(world: dict[str, Any]) -> None:
    anonymous = Client()
    assert anonymous.get("/datasets/stat/confidential/croissant.json").status_code == 404
    assert signed_in(world["outsider"]).get(
        "/datasets/stat/confidential/croissant.json").status_code == 404
    assert croissant_of(signed_in(world["member"]), "stat/confidential")["name"]

    restricted = croissant_of(anonymous, "stat/restricted")
    assert restricted["isAccessibleForFree"] is False
    assert "access request" in values(restricted["conditionsOfAccess"])["en"]
    # The address is published; the download endpoint decides who may use it.
    url = restricted["distribution"][0]["contentUrl"].removeprefix("http://testserver")
    assert anonymous.get(url).status_code in (401, 403)


def test_croissant_answers_api_tokens(world: dict[str, Any]) -> None:
    token = make_token(world["member"], scope="read")
    member = Client(headers={"Authorization": f"Bearer {token}"})
    assert member.get("/datasets/stat/confidential/croissant.json").status_code == 200
    forged = Client(headers={"Authorization": "Bearer aqyl_nonsense"})
    response = forged.get("/datasets/stat/open/croissant.json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_metadata_reads_are_not_audited(world: dict[str, Any]) -> None:
    client = signed_in(world["member"])
    before = AuditEntry.objects.count()
    client.get("/datasets/stat/open/croissant.json")
    client.get("/catalog/dcat.jsonld")
    client.get("/catalog/dcat.ttl")
    client.get("/api/3/action/package_search")
    client.get("/api/3/action/package_show?id=stat--open")
    assert AuditEntry.objects.count() == before
    assert Dataset.objects.get(name="open").view_count == 0


# DCAT-AP


def dcat_datasets(client: Client) -> dict[str, dict[str, Any]]:
    response = client.get("/catalog/dcat.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    catalog = response.json()
    assert catalog["@type"] == ["dcat:Catalog", "hydra:Collection"]
    return {node["@id"].split("/")[-2]: node for node in catalog["dcat:dataset"]}


def test_dcat_lists_what_the_reader_may_see(world: dict[str, Any]) -> None:
    assert set(dcat_datasets(Client())) == {"open", "restricted"}
    assert set(dcat_datasets(signed_in(world["outsider"]))) == {"open", "restricted"}
    seen = dcat_datasets(signed_in(world["member"]))
    assert set(seen) == {"open", "restricted", "confidential"}
    assert seen["confidential"]["dct:accessRights"] == {"@id": f"{EU}/access-right/NON_PUBLIC"}
    assert seen["restricted"]["dct:accessRights"] == {"@id": f"{EU}/access-right/RESTRICTED"}
    assert seen["open"]["dct:accessRights"] == {"@id": f"{EU}/access-right/PUBLIC"}


def test_dcat_dataset_speaks_dcat_ap(world: dict[str, Any]) -> None:
    version: DatasetVersion = world["versions"]["open"]
    node = dcat_datasets(Client())["open"]

    assert node["@type"] == "dcat:Dataset"
    assert values(node["dct:title"]) == {"kk": "open деректері", "ru": "Данные open",
                                         "en": "open data"}
    assert values(node["dct:description"]) == {"ru": "Описание open", "en": "About open"}
    assert node["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/MONTHLY"}
    assert node["dcat:theme"] == {"@id": f"{EU}/data-theme/HEAL"}
    assert node["dcat:keyword"] == ["open", "regions"]
    assert node["dct:temporal"] == {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": "2020-01-01", "@type": "xsd:date"},
        "dcat:endDate": {"@value": "2023-12-31", "@type": "xsd:date"}}
    assert values(node["dct:spatial"]["skos:prefLabel"]) == {
        "kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}
    assert node["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:data@stat.gov.kz"}
    publisher = node["dct:publisher"]
    assert "foaf:Agent" in publisher["@type"]
    assert values(publisher["foaf:name"])["en"] == "Organisation stat"
    assert node["dcat:version"] == "1"

    distributions = {d["dct:format"]["@id"].rsplit("/", 1)[-1]: d
                     for d in node["dcat:distribution"]}
    assert set(distributions) == {"PARQUET", "CSV", "XLSX"}
    parquet = distributions["PARQUET"]
    assert parquet["dcat:downloadURL"]["@id"].endswith(
        "/api/v1/datasets/stat/open/download?format=parquet&version=1")
    assert parquet["dcat:mediaType"] == {
        "@id": "https://www.iana.org/assignments/media-types/application/vnd.apache.parquet"}
    assert parquet["dcat:byteSize"] == {"@value": str(version.size_bytes),
                                        "@type": "xsd:nonNegativeInteger"}
    assert parquet["spdx:checksum"]["spdx:checksumValue"]["@value"] == version.sha256
    assert parquet["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert distributions["CSV"]["dcat:mediaType"]["@id"].endswith("/text/csv")
    assert "dcat:byteSize" not in distributions["CSV"]  # written on each download


def test_dcat_frequencies_and_owner_terms_map_to_eu_vocabularies(world: dict[str, Any]) -> None:
    make_dataset(world["stat"], "live", update_frequency="continuous", licence="owner-terms",
                 sector="other")
    node = dcat_datasets(Client())["live"]
    assert node["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/UPDATE_CONT"}
    assert "dcat:theme" not in node  # "other" has no EU theme, and none is guessed
    licence = node["dcat:distribution"][0]["dct:license"]
    assert licence["@type"] == "dct:LicenseDocument"
    assert values(licence["rdfs:label"])["en"] == "Terms set by the owner"


def test_dcat_pages_are_linked_with_hydra(world: dict[str, Any],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_views, "DCAT_PAGE_SIZE", 1)
    first = Client().get("/catalog/dcat.jsonld").json()
    second = Client().get("/catalog/dcat.jsonld?page=2").json()

    assert first["hydra:totalItems"] == second["hydra:totalItems"] == 2
    assert len(first["dcat:dataset"]) == len(second["dcat:dataset"]) == 1
    assert first["dcat:dataset"][0]["@id"] != second["dcat:dataset"][0]["@id"]
    feed = "http://testserver/catalog/dcat.jsonld"
    assert first["hydra:view"] == {
        "@id": f"{feed}?page=1", "@type": "hydra:PartialCollectionView",
        "hydra:first": {"@id": f"{feed}?page=1"}, "hydra:last": {"@id": f"{feed}?page=2"},
        "hydra:next": {"@id": f"{feed}?page=2"}}
    assert second["hydra:view"]["hydra:previous"] == {"@id": f"{feed}?page=1"}
    assert "hydra:next" not in second["hydra:view"]
    assert Client().get("/catalog/dcat.jsonld?page=3").status_code == 404
    assert Client().get("/catalog/dcat.jsonld?page=0").status_code == 400


TERM = r'(?:<[^<>"{}|^`\\\x00-\x20]*>|_:b\d+|[a-z]+:[A-Za-z_][A-Za-z0-9_-]*)'
LITERAL = r'"(?:[^"\\\n\r]|\\[tbnrf"\\]|\\u[0-9A-F]{4})*"(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^' \
          r'[a-z]+:[A-Za-z]+)?'
TRIPLE = re.compile(rf"^({TERM}) ({TERM}|a) ({TERM}|{LITERAL}) \.$")


def parse_turtle(text: str) -> set[tuple[str, str, str]]:
    """The one-triple-per-line Turtle the feed writes, checked line by line."""
    prefixes, triples = set(), set()
    for line in text.splitlines():
        if not line:
            continue
        declared = re.match(r"^@prefix ([a-z]+): <[^>]+> \.$", line)
        if declared:
            prefixes.add(declared.group(1))
            continue
        match = TRIPLE.match(line)
        assert match, line
        triples.add(match.groups())
    used = {term.split(":")[0] for triple in triples for term in triple
            if re.match(r"^[a-z]+:[A-Za-z]", term)}
    used |= {literal.rsplit("^^", 1)[1].split(":")[0] for *_, literal in triples
             if "^^" in literal}
    assert used <= prefixes
    return triples


def test_dcat_turtle_carries_the_feed(world: dict[str, Any]) -> None:
    dataset: Dataset = world["versions"]["open"].dataset
    dataset.description_en = 'Says "hello"\nand C:\\path'
    dataset.save()
    response = Client().get("/catalog/dcat.ttl")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    triples = parse_turtle(response.content.decode())

    page = "<http://testserver/datasets/stat/open/>"
    assert (page, "a", "dcat:Dataset") in triples
    assert (page, "dct:title", '"open деректері"@kk') in triples
    assert (page, "dct:description", r'"Says \"hello\"\nand C:\\path"@en') in triples
    assert (page, "dct:accrualPeriodicity", f"<{EU}/frequency/MONTHLY>") in triples
    assert ("<http://testserver/datasets/>", "dcat:dataset", page) in triples
    assert not any("confidential" in subject for subject, *_ in triples)
    checksums = sorted(obj for _s, predicate, obj in triples
                       if predicate == "spdx:checksumValue")
    assert checksums == sorted(f'"{world["versions"][level].sha256}"^^xsd:hexBinary'
                               for level in ("open", "restricted"))
    periods = {obj for _s, predicate, obj in triples if predicate == "dct:temporal"}
    assert len(periods) == 2  # one blank node each for open and restricted
    for period in periods:
        assert period.startswith("_:b")
        assert (period, "a", "dct:PeriodOfTime") in triples
        assert (period, "dcat:startDate", '"2020-01-01"^^xsd:date') in triples
    places = {obj for _s, predicate, obj in triples if predicate == "dct:spatial"}
    assert len(places) == 2
    for place in places:
        assert (place, "skos:prefLabel", '"Казахстан"@ru') in triples
        assert (place, "skos:prefLabel", '"Kazakhstan"@en') in triples


# schema.org


def test_schema_org_markup_for_the_dataset_page(world: dict[str, Any]) -> None:
    version: DatasetVersion = world["versions"]["open"]
    markup = schema_org(version.dataset, version, "https://aqyl.kz/", language="ru")

    assert markup["@context"] == "https://schema.org/"
    assert markup["@type"] == "Dataset"
    assert markup["name"] == "Данные open"
    assert markup["description"] == "Описание open"
    assert markup["url"] == "https://aqyl.kz/datasets/stat/open/"
    assert markup["alternateName"] == ["open деректері", "open data"]
    assert markup["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert markup["isAccessibleForFree"] is True
    assert markup["temporalCoverage"] == "2020-01-01/2023-12-31"
    assert markup["spatialCoverage"] == {"@type": "Place", "name": "Казахстан"}
    assert markup["creator"] == {"@type": "Organization", "name": "Организация stat",
                                 "url": "https://stat.gov.kz"}
    assert [d["encodingFormat"] for d in markup["distribution"]] == [
        "application/vnd.apache.parquet", "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert markup["distribution"][0]["contentUrl"] == (
        "https://aqyl.kz/api/v1/datasets/stat/open/download?format=parquet&version=1")
    assert [v["name"] for v in markup["variableMeasured"]] == version.column_names


def test_schema_org_json_cannot_break_out_of_its_script_element(world: dict[str, Any]) -> None:
    dataset: Dataset = world["versions"]["open"].dataset
    dataset.title_kk = "</script><script>alert(1)</script> <!-- & -->"
    dataset.save()
    markup = schema_org(dataset, None, "https://aqyl.kz")

    text = script_safe_json(markup)
    for dangerous in ("</script", "<script", "<!--", "-->", "<", ">", "&"):
        assert dangerous not in text
    assert json.loads(text) == markup
    element = ld_json_script(markup)
    assert element.startswith('<script type="application/ld+json">{')
    assert element.endswith("}</script>")
    assert element.count("</script") == 1
    assert "distribution" not in markup  # no version yet: nothing to download


# CKAN Action API


def ckan(client: Client, action: str, status: int = 200, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/3/action/{action}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json;charset=utf-8"
    body: dict[str, Any] = response.json()
    assert body["help"] == f"http://testserver/api/3/action/help_show?name={action}"
    assert body["success"] is (status == 200)
    return body


def test_ckan_package_list(world: dict[str, Any]) -> None:
    assert ckan(Client(), "package_list")["result"] == ["stat--open", "stat--restricted"]
    assert ckan(signed_in(world["member"]), "package_list")["result"] == [
        "stat--confidential", "stat--open", "stat--restricted"]
    assert ckan(Client(), "package_list", limit=1, offset=1)["result"] == ["stat--restricted"]


def test_ckan_package_show_in_ckans_shape(world: dict[str, Any]) -> None:
    version: DatasetVersion = world["versions"]["open"]
    result = ckan(Client(), "package_show", id="stat--open")["result"]

    assert set(result) >= CKAN_PACKAGE_KEYS
    assert result["name"] == "stat--open"
    assert result["id"] == package_id(version.dataset)
    assert result["title"] == "open деректері"
    assert result["license_id"] == "cc-by"
    assert result["isopen"] is True
    assert result["private"] is False
    assert result["organization"]["name"] == "stat"
    assert result["owner_org"] == result["organization"]["id"]
    assert [tag["name"] for tag in result["tags"]] == ["open", "regions"]
    assert {"key": "access_level", "value": "open"} in result["extras"]
    assert {"key": "update_frequency", "value": "monthly"} in result["extras"]
    assert {"key": "spatial_coverage", "value": "Қазақстан"} in result["extras"]
    assert {"key": "spatial_coverage_ru", "value": "Казахстан"} in result["extras"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", result["metadata_modified"])
    resources = result["resources"]
    assert [r["format"] for r in resources] == ["Parquet", "CSV", "XLSX"]
    for resource in resources:
        assert set(resource) >= CKAN_RESOURCE_KEYS
        assert resource["package_id"] == result["id"]
    assert resources[0]["hash"] == version.sha256
    assert resources[0]["size"] == version.size_bytes
    assert resources[1]["url"].endswith("/api/v1/datasets/stat/open/download?format=csv&version=1")
    assert len({r["id"] for r in resources}) == 3

    by_id = ckan(Client(), "package_show", id=result["id"])["result"]
    by_slug = ckan(Client(), "package_show", id="stat/open")["result"]
    assert by_id["name"] == by_slug["name"] == "stat--open"
    english = Client(headers={"Accept-Language": "en"}).get(
        "/api/3/action/package_show", {"id": "stat--open"}).json()["result"]
    assert english["title"] == "open data"
    assert {"key": "spatial_coverage", "value": "Kazakhstan"} in english["extras"]


def test_ckan_package_show_unknown_or_hidden_is_not_found(world: dict[str, Any]) -> None:
    for wanted in ("stat--nothing", "stat--confidential", package_id(
            world["versions"]["confidential"].dataset), "nonsense"):
        body = ckan(Client(), "package_show", status=404, id=wanted)
        assert body["error"] == {"__type": "Not Found Error", "message": "Not found"}
        assert "result" not in body
    assert ckan(signed_in(world["member"]), "package_show",
                id="stat--confidential")["result"]["name"] == "stat--confidential"
    missing = ckan(Client(), "package_show", status=409)
    assert missing["error"] == {"__type": "Validation Error", "id": ["Missing value"]}


def test_ckan_package_search(world: dict[str, Any]) -> None:
    other = make_organisation("health")
    make_dataset(other, "clinics", tags=["clinics"])

    everything = ckan(Client(), "package_search")["result"]
    assert set(everything) == {"count", "results", "sort", "facets", "search_facets"}
    assert everything["count"] == 3
    assert {p["name"] for p in everything["results"]} == {
        "stat--open", "stat--restricted", "health--clinics"}

    by_org = ckan(Client(), "package_search", fq="organization:stat")["result"]
    assert {p["name"] for p in by_org["results"]} == {"stat--open", "stat--restricted"}
    excluded = ckan(Client(), "package_search", fq="-organization:stat")["result"]
    assert [p["name"] for p in excluded["results"]] == ["health--clinics"]
    tagged = ckan(Client(), "package_search", fq='tags:"clinics"')["result"]
    assert [p["name"] for p in tagged["results"]] == ["health--clinics"]
    # What ckanext-harvest sends when it pages through a source.
    harvest = ckan(Client(), "package_search", rows=2, start=0, sort="id asc",
                   fq="(organization:health OR metadata_modified:[2000-01-01T00:00:00Z TO *])"
                   )["result"]
    assert harvest["count"] == 3
    assert len(harvest["results"]) == 2
    ids = [p["id"] for p in harvest["results"]]
    assert ids == sorted(ids)
    rest = ckan(Client(), "package_search", rows=2, start=2, sort="id asc")["result"]
    assert ids + [p["id"] for p in rest["results"]] == sorted(
        p["id"] for p in everything["results"])
    future = ckan(Client(), "package_search", fq="metadata_modified:[2999-01-01T00:00:00Z TO *]")
    assert future["result"]["count"] == 0

    words = ckan(Client(), "package_search", q="clinics")["result"]
    assert [p["name"] for p in words["results"]] == ["health--clinics"]
    assert ckan(Client(), "package_search", rows=5000)["result"]["count"] == 3
    member = ckan(signed_in(world["member"]), "package_search", fq="organization:stat")
    assert member["result"]["count"] == 3


def test_ckan_package_search_refuses_what_it_cannot_read(world: dict[str, Any]) -> None:
    rows = ckan(Client(), "package_search", status=409, rows=-1)
    assert rows["error"] == {"__type": "Validation Error", "rows": ["Must be a natural number"]}
    start = ckan(Client(), "package_search", status=409, start="x")
    assert start["error"]["start"] == ["Invalid integer"]
    for fq in ("maintainer:x", "organization:stat AND (", "metadata_modified:[yesterday TO *]"):
        body = ckan(Client(), "package_search", status=400, fq=fq)
        assert body["error"]["__type"] == "Search Query Error"


def test_ckan_organization_list(world: dict[str, Any]) -> None:
    make_organisation("health")
    assert ckan(Client(), "organization_list")["result"] == ["health", "stat"]

    details = ckan(Client(), "organization_list", all_fields="true")["result"]
    assert [org["name"] for org in details] == ["health", "stat"]
    for org in details:
        assert set(org) >= CKAN_ORGANIZATION_KEYS
        assert org["is_organization"] is True
    assert [org["package_count"] for org in details] == [0, 2]
    member = ckan(signed_in(world["member"]), "organization_list", all_fields="True")
    assert [org["package_count"] for org in member["result"]] == [0, 3]


def test_ckan_organization_show(world: dict[str, Any]) -> None:
    shown = ckan(Client(), "organization_show", id="stat")["result"]
    assert set(shown) >= CKAN_ORGANIZATION_KEYS
    assert shown["package_count"] == 2  # not the confidential one
    assert "packages" not in shown
    by_id = ckan(Client(), "organization_show", id=shown["id"], include_datasets="true")
    assert [p["name"] for p in by_id["result"]["packages"]] == ["stat--open",
                                                                "stat--restricted"]
    member = ckan(signed_in(world["member"]), "organization_show", id="STAT")["result"]
    assert member["package_count"] == 3
    assert ckan(Client(), "organization_show", status=404, id="nobody")["error"][
        "__type"] == "Not Found Error"
    assert ckan(Client(), "organization_show", status=409)["error"]["id"] == ["Missing value"]


def test_ckan_clients_may_post_json_and_send_tokens(world: dict[str, Any]) -> None:
    token = make_token(world["member"], scope="read")
    client = Client(headers={"Authorization": token})  # CKAN clients send the bare key
    response = client.post("/api/3/action/package_show", {"id": "stat--confidential"},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["result"]["name"] == "stat--confidential"
    unversioned = Client().get("/api/action/package_list")
    assert unversioned.json()["result"] == ["stat--open", "stat--restricted"]

    forged = Client(headers={"Authorization": "aqyl_nonsense"})
    body = ckan(forged, "package_list", status=403)
    assert body["error"]["__type"] == "Authorization Error"


def test_ckan_unknown_action_is_a_bad_request(world: dict[str, Any]) -> None:
    response = Client().get("/api/3/action/package_create")
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: package_create"
    assert ckan(Client(), "help_show", name="package_show")["result"].startswith("One dataset")


def test_ckan_names_and_ids() -> None:
    assert name_candidates("a--b--c") == [("a", "b--c"), ("a--b", "c")]
    assert name_candidates("org/name") == [("org", "name")]
    assert name_candidates("--x") == []
    organisation = make_organisation("org")
    dataset = make_dataset(organisation, "name").dataset
    assert dataset_pk(package_id(dataset)) == dataset.pk
    assert dataset_pk("a9c1f0e2-5d3b-8d41-9a6f-000000000001") is None  # an organisation's id
    assert dataset_pk("not-a-uuid") is None


def test_feeds_cost_the_same_queries_for_more_datasets(world: dict[str, Any]) -> None:
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured.captured_queries)

    urls = ("/catalog/dcat.jsonld", "/catalog/dcat.ttl", "/api/3/action/package_search?rows=100",
            "/api/3/action/package_list")
    before = [queries(url) for url in urls]
    for number in range(4):
        make_dataset(world["stat"], f"more-{number}")
    assert [queries(url) for url in urls] == before


@pytest.mark.parametrize(("arrow", "expected"), [
    ("int64", ("sc:Integer", False)), ("uint8", ("sc:Integer", False)),
    ("double", ("sc:Float", False)), ("decimal128(18, 3)", ("sc:Float", False)),
    ("decimal128(12, 0)", ("sc:Integer", False)), ("large_string", ("sc:Text", False)),
    ("bool", ("sc:Boolean", False)), ("date32[day]", ("sc:Date", False)),
    ("timestamp[us, tz=UTC]", ("sc:DateTime", False)), ("time64[us]", ("sc:Time", False)),
    ("list<item: int64>", ("sc:Integer", True)), ("binary", ("sc:Text", False)),
])
def test_arrow_types_map_to_schema_org(arrow: str, expected: tuple[str, bool]) -> None:
    assert schema_type(arrow) == expected
