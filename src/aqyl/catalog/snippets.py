"""What the dataset card offers to copy: code that loads the data, and how to cite it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from aqyl.catalog.models import Dataset, DatasetVersion


def code_snippets(dataset: Dataset, version: DatasetVersion, base: str) -> list[dict[str, str]]:
    """Loading this version in the tools AI developers use, each in one or two lines."""
    slug, pinned = dataset.slug, f"{dataset.slug}@{version.number}"
    download = (f"{base}/api/v1/datasets/{dataset.slug}/download?format=parquet"
                f"&version={version.number}")
    token = dataset.access_level != "open"
    in_console, locally = _("in the platform SQL console:"), _("or locally:")
    without_sdk = _("or without the SDK:")
    auth_py = ', token="…"' if token else ""
    auth_curl = ' -H "Authorization: Bearer $AQYL_TOKEN"' if token else ""
    return [
        {"id": "sdk", "title": _("Python (aqyl SDK)"),
         "code": f'import aqyl\n\ntable = aqyl.connect("{base}"{auth_py}).dataset("{pinned}")'
                 ".to_arrow()"},
        {"id": "pandas", "title": "pandas",
         "code": f'import aqyl\n\ndf = aqyl.connect("{base}"{auth_py}).dataset("{pinned}")'
                 ".to_pandas()"
                 + ("" if token else f'\n# {without_sdk}\n# pd.read_parquet("{download}")')},
        {"id": "duckdb", "title": "DuckDB",
         "code": f"-- {in_console}\n"  # noqa: S608  (shown, not run)
                 f'SELECT * FROM "{slug}" LIMIT 10;'
                 + ("" if token else f"\n-- {locally}\n"
                    f"SELECT * FROM read_parquet('{download}') LIMIT 10;")},
        {"id": "curl", "title": "curl",
         "code": f'curl{auth_curl} -o "{dataset.organisation.slug}-{dataset.name}.parquet" '
                 f'"{download}"'},
    ]


def citation(dataset: Dataset, version: DatasetVersion | None, base: str) -> str:
    """A plain reference in the style data repositories use: owner, year, title, version, URL."""
    year = (version.created_at if version else dataset.created_at).year
    label = _("version")
    number = f", {label} {version.number}" if version else ""
    return (f"{dataset.organisation.name} ({year}). {dataset.title}{number}. aqyl. "
            f"{base}/datasets/{dataset.slug}/")
