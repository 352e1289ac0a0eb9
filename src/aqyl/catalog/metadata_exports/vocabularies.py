"""How aqyl's own codes read in the vocabularies harvesters know: EU authority tables for DCAT-AP,
IANA media types, schema.org data types for Arrow columns, SPDX and CKAN licence ids."""

from __future__ import annotations

import re

from aqyl.catalog.models import LICENCE_URLS

EU = "http://publications.europa.eu/resource/authority"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types"

# Dataset.update_frequency → EU frequency table. "continuous" is the data being kept up to date
# all the time (UPDATE_CONT), not an event that never stops (CONT).
FREQUENCIES = {
    "continuous": f"{EU}/frequency/UPDATE_CONT",
    "daily": f"{EU}/frequency/DAILY",
    "weekly": f"{EU}/frequency/WEEKLY",
    "monthly": f"{EU}/frequency/MONTHLY",
    "quarterly": f"{EU}/frequency/QUARTERLY",
    "annual": f"{EU}/frequency/ANNUAL",
    "irregular": f"{EU}/frequency/IRREG",
    "never": f"{EU}/frequency/NEVER",
}

ACCESS_RIGHTS = {
    "open": f"{EU}/access-right/PUBLIC",
    "restricted": f"{EU}/access-right/RESTRICTED",
    "confidential": f"{EU}/access-right/NON_PUBLIC",
}

# accounts.Sector → EU data themes; "other" has no theme rather than a guessed one.
THEMES = {
    "public_administration": "GOVE",
    "digital": "TECH",
    "health": "HEAL",
    "education": "EDUC",
    "agriculture": "AGRI",
    "energy": "ENER",
    "finance": "ECON",
    "transport": "TRAN",
    "industry": "ECON",
    "social": "SOCI",
    "ecology": "ENVI",
}
THEME_TAXONOMY = f"{EU}/data-theme"

# accounts.OrganisationType → ADMS publisher types, only where the match is exact: a
# "government body" may be national or local, so it gets none.
PUBLISHER_TYPES = {
    "university": "http://purl.org/adms/publishertype/Academia-ScientificOrganisation",
    "research": "http://purl.org/adms/publishertype/Academia-ScientificOrganisation",
    "company": "http://purl.org/adms/publishertype/Company",
    "ngo": "http://purl.org/adms/publishertype/NonGovernmentalOrganisation",
}

METADATA_LANGUAGES = {
    "kk": f"{EU}/language/KAZ",
    "ru": f"{EU}/language/RUS",
    "en": f"{EU}/language/ENG",
}


class DownloadFormat:
    """One of the formats the download endpoint serves."""

    def __init__(self, code: str, title: str, media_type: str, eu_file_type: str) -> None:
        self.code = code
        self.title = title
        self.media_type = media_type
        self.file_type = f"{EU}/file-type/{eu_file_type}"

    @property
    def media_type_iri(self) -> str:
        return f"{IANA_MEDIA_TYPES}/{self.media_type}"


DOWNLOAD_FORMATS = (
    DownloadFormat("parquet", "Parquet", "application/vnd.apache.parquet", "PARQUET"),
    DownloadFormat("csv", "CSV", "text/csv", "CSV"),
    DownloadFormat("xlsx", "XLSX",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
)
# What an uploaded source file was, by the format the reader found (lake.ingest.FORMATS).
SOURCE_MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
    "jsonl": "application/jsonl",
    "parquet": "application/vnd.apache.parquet",
}
# Croissant loaders (mlcroissant) know Parquet by this older, unregistered name.
CROISSANT_PARQUET = "application/x-parquet"

# Our licence codes are SPDX ids, except the owner's own terms.
OPEN_LICENCES = frozenset({"CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODbL-1.0"})


def licence_url(code: str) -> str | None:
    """The licence's own address; None for terms set by the owner."""
    return next((str(url) for licence, url in LICENCE_URLS.items() if licence == code), None)


CKAN_LICENCES = {
    "CC-BY-4.0": "cc-by",
    "CC-BY-SA-4.0": "cc-by-sa",
    "CC0-1.0": "cc-zero",
    "ODbL-1.0": "odc-odbl",
}
CKAN_UNKNOWN_LICENCE = "notspecified"

_LIST = re.compile(r"^(?:large_)?list<[^:>]+:\s*(?P<item>.+)>$")
_TYPES = (
    (re.compile(r"^u?int(8|16|32|64)$"), "sc:Integer"),
    (re.compile(r"^(halffloat|float|double|float(16|32|64))$"), "sc:Float"),
    (re.compile(r"^decimal(128|256)\(\d+, 0\)$"), "sc:Integer"),
    (re.compile(r"^decimal(128|256)\("), "sc:Float"),
    (re.compile(r"^(large_)?(string|utf8)$"), "sc:Text"),
    (re.compile(r"^bool(ean)?$"), "sc:Boolean"),
    (re.compile(r"^date(32|64)"), "sc:Date"),
    (re.compile(r"^timestamp"), "sc:DateTime"),
    (re.compile(r"^time(32|64)"), "sc:Time"),
    (re.compile(r"^dictionary<values=(large_)?(string|utf8)"), "sc:Text"),
)


def schema_type(arrow_type: str) -> tuple[str, bool]:
    """The schema.org data type of an Arrow type string, and whether values are lists of it.
    Types with no schema.org match (binary, durations, structs) are described as text."""
    found = _LIST.match(arrow_type.strip())
    if found:
        item, _is_list = schema_type(found.group("item"))
        return item, True
    for pattern, data_type in _TYPES:
        if pattern.match(arrow_type.strip()):
            return data_type, False
    return "sc:Text", False
