"""The catalog in the formats other systems read: Croissant 1.1 (with RAI) per dataset,
DCAT-AP 3 for the catalog (JSON-LD and Turtle), schema.org markup for dataset pages, and CKAN
Action API shapes for harvesters.

Builders take model instances and the site's base URL and return plain data; they never see a
request, and the caller decides what the reader may see (catalog.selectors.visible_datasets).
"""

from aqyl.catalog.metadata_exports.ckan import (
    dataset_pk,
    name_candidates,
    organisation_pk,
    organization_dict,
    package_dict,
    package_id,
    package_name,
)
from aqyl.catalog.metadata_exports.croissant import MEDIA_TYPE as CROISSANT_MEDIA_TYPE
from aqyl.catalog.metadata_exports.croissant import croissant
from aqyl.catalog.metadata_exports.dcat import Page, dcat_catalog
from aqyl.catalog.metadata_exports.schema_org import ld_json_script, schema_org, script_safe_json
from aqyl.catalog.metadata_exports.turtle import UnsupportedJsonLd, to_turtle

__all__ = [
    "CROISSANT_MEDIA_TYPE",
    "Page",
    "UnsupportedJsonLd",
    "croissant",
    "dataset_pk",
    "dcat_catalog",
    "ld_json_script",
    "name_candidates",
    "organisation_pk",
    "organization_dict",
    "package_dict",
    "package_id",
    "package_name",
    "schema_org",
    "script_safe_json",
    "to_turtle",
]
