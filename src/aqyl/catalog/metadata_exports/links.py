"""Absolute addresses of a dataset's page, downloads and metadata, from the site's base URL."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.urls import NoReverseMatch, reverse

from aqyl.accounts.models import Organisation
from aqyl.catalog.downloads import file_name
from aqyl.catalog.models import Dataset, DatasetVersion

__all__ = ["base", "croissant", "dataset_page", "download", "file_name", "organisation_page"]


def base(url: str) -> str:
    """`https://host/` or `https://host` → `https://host`."""
    return url.rstrip("/")


def _path(url_name: str, fallback: str, /, **kwargs: str) -> str:
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback


def dataset_page(base_url: str, dataset: Dataset) -> str:
    org, name = dataset.organisation.slug, dataset.name
    return base(base_url) + _path("catalog:dataset", f"/datasets/{quote(org)}/{quote(name)}/",
                                  org=org, name=name)


def organisation_page(base_url: str, organisation: Organisation) -> str:
    slug = organisation.slug
    return base(base_url) + _path("accounts:organisation", f"/organisations/{quote(slug)}/",
                                  slug=slug)


def download(base_url: str, version: DatasetVersion, fmt: str) -> str:
    """The REST API's download of exactly this version: it applies the access rules itself,
    so the address can be published for restricted datasets too."""
    dataset = version.dataset
    query = urlencode({"format": fmt, "version": version.number})
    return (f"{base(base_url)}/api/v1/datasets/{quote(dataset.organisation.slug)}/"
            f"{quote(dataset.name)}/download?{query}")


def croissant(base_url: str, dataset: Dataset, number: int | None = None) -> str:
    org, name = dataset.organisation.slug, dataset.name
    path = _path("catalog_exports:croissant", f"/datasets/{quote(org)}/{quote(name)}/"
                 "croissant.json", org=org, name=name)
    return base(base_url) + path + (f"?version={number}" if number else "")
