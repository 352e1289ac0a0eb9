"""Personal data through the API: scans, policies, previews, de-identified versions and their
reports, and the detectors on free text."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from aqyl.catalog import selectors
from aqyl.core.errors import InvalidInput
from aqyl.privacy import services
from aqyl.privacy.detectors import find_spans
from aqyl.privacy.redaction import replace_spans

router = Router(tags=["privacy"])
MAX_TEXT = 1_000_000  # characters of free text per request


def _version(request: HttpRequest, org: str, name: str, version: int | None) -> Any:
    actor = request.auth  # type: ignore[attr-defined]
    slug = f"{org}/{name}" + (f"@{version}" if version is not None else "")
    _org, _name, number = selectors.parse_slug(slug)
    dataset = selectors.get_dataset(actor, slug)
    return actor, dataset, selectors.get_version(dataset, number)


class ScanOut(Schema):
    dataset: str
    version: int
    rows: int
    columns: list[dict[str, Any]]  # per column: kind (or null), confidence, matches, checked,
    #                                masked examples; free text: text_counts per kind; quasi
    personal_data: dict[str, str]  # column -> kind ("text": free text that mentions some)
    quasi_identifiers: list[str]


@router.get("/datasets/{org}/{name}/privacy/scan", response=ScanOut,
            summary="The privacy scan of a version (latest, or ?version=N): for the dataset's "
                    "stewards and the platform's auditors")
def scan(request: HttpRequest, org: str, name: str, version: int | None = None
         ) -> dict[str, Any]:
    actor, dataset, found = _version(request, org, name, version)
    result = services.scan_for(actor, found)
    return {"dataset": dataset.slug, "version": found.number, **result.to_dict(),
            "personal_data": result.identifiers(),
            "quasi_identifiers": result.quasi_identifiers()}


class PolicyIn(Schema):
    yaml: str  # see docs/privacy.md


class PolicyOut(Schema):
    dataset: str
    yaml: str
    suggested: str  # a starting policy drafted from the latest version's scan


@router.get("/datasets/{org}/{name}/privacy/policy", response=PolicyOut,
            summary="The dataset's privacy policy, and one suggested from its latest scan")
def policy(request: HttpRequest, org: str, name: str) -> dict[str, Any]:
    actor, dataset, latest = _version(request, org, name, None)
    return {"dataset": dataset.slug, "yaml": services.policy_text(dataset),
            "suggested": services.suggested_policy(services.scan_for(actor, latest))}


@router.put("/datasets/{org}/{name}/privacy/policy", response=PolicyOut,
            summary="Set the privacy policy (checked against the latest version; audited)")
def set_policy(request: HttpRequest, org: str, name: str, body: PolicyIn) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    services.save_policy(actor, dataset, body.yaml)
    latest = dataset.versions.order_by("-number").first()
    return {"dataset": dataset.slug, "yaml": body.yaml,
            "suggested": services.suggested_policy(services.scan_version(latest))
            if latest else ""}


class PreviewIn(Schema):
    yaml: str | None = None  # default: the stored policy


class PreviewOut(Schema):
    report: dict[str, Any]
    rows: list[dict[str, Any]]


@router.post("/datasets/{org}/{name}/privacy/preview", response=PreviewOut,
             summary="What a policy would make of the latest version: report and first rows")
def preview(request: HttpRequest, org: str, name: str, body: PreviewIn) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    found = services.preview(actor, dataset, body.yaml)
    return {"report": found["report"],
            "rows": [{key: _plain(value) for key, value in row.items()}
                     for row in found["rows"]]}


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


class DeidentifyIn(Schema):
    yaml: str | None = None  # saved as the policy first; default: the stored policy
    into: str | None = None  # organisation/name of the same organisation; new names create it
    access_level: str = "open"  # of a dataset created by `into`
    note: str = ""


class DeidentifiedOut(Schema):
    dataset: str
    version: int
    report: dict[str, Any]


@router.post("/datasets/{org}/{name}/privacy/deidentify", response=DeidentifiedOut,
             summary="Apply the policy to the latest version and publish the de-identified "
                     "version with its report")
def deidentify(request: HttpRequest, org: str, name: str, body: DeidentifyIn
               ) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    version = services.deidentify(actor, dataset, text=body.yaml, into=body.into or "",
                                  access_level=body.access_level, note=body.note)
    return {"dataset": version.dataset.slug, "version": version.number,
            "report": services.report_for(version) or {}}


class ReportOut(Schema):
    dataset: str
    version: int
    deidentified: bool
    report: dict[str, Any] | None  # what was found, what was done, parameters, risk


@router.get("/datasets/{org}/{name}/privacy/report", response=ReportOut,
            summary="How a version was de-identified (latest, or ?version=N), as on the card")
def report(request: HttpRequest, org: str, name: str, version: int | None = None
           ) -> dict[str, Any]:
    _actor, dataset, found = _version(request, org, name, version)
    made = services.report_for(found)
    return {"dataset": dataset.slug, "version": found.number, "deidentified": made is not None,
            "report": made}


class TextIn(Schema):
    text: str


class SpanOut(Schema):
    kind: str
    start: int  # character offsets: text[start:end] is the personal data
    end: int


class SpansOut(Schema):
    spans: list[SpanOut]
    redacted: str


@router.post("/privacy/text", response=SpansOut,
             summary="Personal data in a free text (kk, ru, en, mixed): spans and the text "
                     "with typed placeholders")
def text_spans(request: HttpRequest, body: TextIn) -> dict[str, Any]:
    if len(body.text) > MAX_TEXT:
        raise InvalidInput(_("The text is longer than %(limit)s characters: send it in parts.")
                           % {"limit": MAX_TEXT})
    spans = find_spans(body.text)
    return {"spans": [{"kind": s.kind, "start": s.start, "end": s.end} for s in spans],
            "redacted": replace_spans(body.text, spans)}
