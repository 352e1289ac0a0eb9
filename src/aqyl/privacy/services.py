"""Scans of uploads and versions, dataset policies, de-identified versions, and the release
gate that keeps personal data out of open datasets.

Every upload is scanned when it has been read; publishing it into an open dataset is refused
while it holds personal data, and into a restricted one unless the steward has recorded a
justification. A de-identified version is made by applying the dataset's policy to a version
through the catalog's `derive_version`, so it passes the same gate: the copy is scanned again
before it is published.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aqyl.catalog import drafts, selectors, storage
from aqyl.catalog import services as catalog_services
from aqyl.catalog.models import AccessLevel, Dataset, DatasetVersion, UploadDraft
from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import Conflict, InvalidInput
from aqyl.core.models import Outcome
from aqyl.core.permissions import require
from aqyl.privacy.apply import apply_policy
from aqyl.privacy.generalise import logical_type
from aqyl.privacy.messages import policy_error
from aqyl.privacy.models import Deidentification, PrivacyPolicy, PrivacyScan, ReleaseDecision
from aqyl.privacy.policy import Policy, PolicyError, check_policy, parse_policy
from aqyl.privacy.scan import TableScan, scan_parquet
from aqyl.quality.services import local_copy

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 20
SUGGESTED_K = 5
MIN_JUSTIFICATION = 10
_SUGGESTED: dict[str, Any] = {
    "iin": "pseudonymise", "person_name": "drop", "phone": "drop", "email": "drop",
    "card": "drop", "iban": "drop", "id_card": "drop", "passport": "drop",
    "vehicle_plate": "drop", "birth_date": {"method": "generalise", "to": "year"},
    "address": {"method": "generalise", "to": "region"}, "text": "redact_text",
}


# --- scans --------------------------------------------------------------------------------

def _staged(draft: UploadDraft) -> Path:
    return storage.staging_dir(str(draft.id)) / "work" / "data.parquet"


def scan_draft(draft: UploadDraft) -> TableScan:
    """Scan an upload once it has been read (the worker, or the caller of a one-step ingest)."""
    found = scan_parquet(_staged(draft))
    PrivacyScan.objects.update_or_create(draft=draft, defaults={"result": found.to_dict()})
    return found


def scan_version(version: DatasetVersion) -> TableScan:
    """A version's scan: the one its upload had, or a new one of its Parquet file."""
    stored = PrivacyScan.objects.filter(version=version).first()
    if stored is not None:
        return TableScan.from_dict(stored.result)
    checked = PrivacyScan.objects.filter(draft__version=version).first()
    if checked is not None:
        found = TableScan.from_dict(checked.result)
    else:
        with local_copy(version) as path:
            found = scan_parquet(path)
    PrivacyScan.objects.update_or_create(version=version, defaults={"result": found.to_dict()})
    return found


def queue_scan(version: DatasetVersion) -> None:
    """A new version is scanned in the worker, unless its upload's scan can be kept."""
    from aqyl.privacy.tasks import scan_version_task

    if PrivacyScan.objects.filter(draft__version=version).exists():
        scan_version(version)
        return
    scan_version_task.enqueue(version_id=version.pk)


def stored_scan(version: DatasetVersion) -> TableScan | None:
    stored = PrivacyScan.objects.filter(version=version).first()
    return TableScan.from_dict(stored.result) if stored else None


def scan_for(actor: Actor, version: DatasetVersion) -> TableScan:
    """A version's scan for its stewards and auditors, computed now if the worker has not."""
    require(actor, "privacy.view_scan", version.dataset)
    return scan_version(version)


# --- the release gate ---------------------------------------------------------------------

def _target_level(draft: UploadDraft) -> str:
    if draft.dataset is not None:
        return str(draft.dataset.access_level)
    return str((draft.new_dataset or {}).get("access_level") or AccessLevel.OPEN)


def found_summary(found: dict[str, str]) -> str:
    return ", ".join(f"{column} ({kind})" for column, kind in found.items())


def _decisions(*, draft: UploadDraft | None = None,
               dataset: Dataset | None = None) -> list[ReleaseDecision]:
    found = ReleaseDecision.objects.none()
    if draft is not None:
        found |= ReleaseDecision.objects.filter(draft=draft)
    target = dataset if dataset is not None else (draft.dataset if draft else None)
    if target is not None:
        found |= ReleaseDecision.objects.filter(dataset=target)
    return list(found)


def _gate(actor: Actor, found: dict[str, str], level: str, *,
          decisions: list[ReleaseDecision], subject: Any,
          details: dict[str, Any]) -> dict[str, str] | None:
    """The personal data still in the way of a release at `level` after the steward's
    recorded decisions; the refusal is audited."""
    cleared = {column for decision in decisions for column in decision.columns}
    found = {column: kind for column, kind in found.items() if column not in cleared}
    if not found or level == AccessLevel.CONFIDENTIAL:
        return None
    if level == AccessLevel.RESTRICTED and any(not d.columns for d in decisions):
        return None
    audit.record(actor, "privacy.release.refuse", subject, outcome=Outcome.DENIED,
                 details={**details, "access_level": level, "found": found})
    return found


def check_release(actor: Actor, draft: UploadDraft) -> None:
    """Refuse publishing personal data into an open dataset, or into a restricted one
    without a recorded justification."""
    stored = PrivacyScan.objects.filter(draft=draft).first()
    found = (TableScan.from_dict(stored.result) if stored else scan_draft(draft)).identifiers()
    level = _target_level(draft)
    blocked = _gate(actor, found, level, decisions=_decisions(draft=draft),
                    subject=draft.dataset or draft.organisation,
                    details={"draft": str(draft.id)})
    if blocked is None:
        return
    if level == AccessLevel.OPEN:
        message = _("This upload holds personal data in %(found)s, so it cannot be published "
                    "as open data. Publish a de-identified version made with a privacy "
                    "policy, or choose restricted or confidential access.")
    else:
        message = _("This upload holds personal data in %(found)s. Restricted data may hold "
                    "it only with a justification, which is recorded: give one, or publish a "
                    "de-identified version.")
    raise Conflict(message % {"found": found_summary(blocked)},
                   details={"personal_data": blocked, "access_level": level})


def record_decision(actor: Actor, *, text: str, draft: UploadDraft | None = None,
                    dataset: Dataset | None = None,
                    columns: list[str] | None = None) -> ReleaseDecision:
    """Record a justification for personal data in a restricted release (no columns), or
    that flagged `columns` are not a person's data; kept with the upload or the dataset and
    in the audit log."""
    target = dataset if dataset is not None else (draft.dataset if draft else None)
    if target is not None:
        require(actor, "catalog.change_dataset", target)
    elif draft is not None:
        require(actor, "catalog.create_dataset", draft.organisation)
    text = text.strip()
    if len(text) < MIN_JUSTIFICATION:
        raise InvalidInput(_("Write a justification of at least %(n)s characters: why this "
                             "data may be released and who will read it.")
                           % {"n": MIN_JUSTIFICATION})
    with transaction.atomic():
        decision = ReleaseDecision.objects.create(
            draft=draft, dataset=dataset, columns=list(columns or []), text=text,
            recorded_by=actor.account)
        action = "privacy.override" if columns else "privacy.release.justify"
        audit.record(actor, action, target or (draft.organisation if draft else None),
                     details={"draft": str(draft.id) if draft else None,
                              "columns": list(columns or []), "justification": text})
    return decision


def check_access_change(actor: Actor, dataset: Dataset, level: str) -> None:
    """Refuse opening a dataset any of whose versions holds personal data, and restricting it
    without a recorded justification."""
    if level == dataset.access_level:
        return
    found: dict[str, str] = {}
    for version in dataset.versions.all():
        found.update(scan_version(version).identifiers())
    blocked = _gate(actor, found, level, decisions=_decisions(dataset=dataset),
                    subject=dataset, details={})
    if blocked is None:
        return
    raise Conflict(_("The dataset's versions hold personal data in %(found)s, so its access "
                     "cannot become %(level)s. Publish de-identified data in another dataset, "
                     "or, for restricted access, record a justification first.")
                   % {"found": found_summary(blocked), "level": AccessLevel(level).label},
                   details={"personal_data": blocked})


# --- policies -----------------------------------------------------------------------------

def policy_text(dataset: Dataset) -> str:
    stored = PrivacyPolicy.objects.filter(dataset=dataset).first()
    return stored.text if stored else ""


def suggested_policy(found: TableScan) -> str:
    """A starting policy from a scan: every identifier treated, the quasi-identifiers named,
    k = 5 when there are any."""
    columns = {name: _SUGGESTED.get(kind, "drop") for name, kind in found.identifiers().items()}
    text: dict[str, Any] = {"columns": columns}
    quasi = found.quasi_identifiers()
    if quasi:
        text["quasi_identifiers"] = quasi
        text["k"] = min(SUGGESTED_K, max(found.rows, 2))
    return yaml.safe_dump(text, allow_unicode=True, sort_keys=False)


def _checked(text: str, version: DatasetVersion, found: TableScan) -> Policy:
    try:
        policy = parse_policy(text)
        check_policy(policy, types=_types(version), identifiers=found.identifiers(),
                     rows=version.row_count)
    except PolicyError as exc:
        raise policy_error(exc) from exc
    return policy


def _types(version: DatasetVersion) -> dict[str, str]:
    with local_copy(version) as path:
        schema = pq.read_schema(path)
    return {item.name: logical_type(item.type) for item in schema}


def _latest(dataset: Dataset) -> DatasetVersion:
    version = dataset.versions.order_by("-number").first()
    if version is None:
        raise Conflict(_("The dataset has no version yet: publish one first."))
    return version


def save_policy(actor: Actor, dataset: Dataset, text: str) -> Policy:
    """Store a policy checked against the latest version; the audit log keeps each column's
    decision and every identifier kept on purpose (an override), with its reason."""
    require(actor, "catalog.change_dataset", dataset)
    version = _latest(dataset)
    found = scan_version(version)
    policy = _checked(text, version, found)
    identifiers = found.identifiers()
    with transaction.atomic():
        PrivacyPolicy.objects.update_or_create(dataset=dataset, defaults={
            "text": text, "updated_by": actor.account, "updated_at": timezone.now()})
        audit.record(actor, "privacy.policy.save", dataset, details={
            "version": version.number, "policy": policy.to_dict()})
        for item in policy.columns:
            if item.method == "keep" and item.column in identifiers:
                audit.record(actor, "privacy.policy.override", dataset, details={
                    "column": item.column, "found": identifiers[item.column],
                    "reason": item.reason})
    return policy


def pseudonym_secret() -> bytes | None:
    """The pseudonym key from its file, never from the database; None when missing."""
    path = Path(settings.AQYL["AQYL_PSEUDONYM_KEY_FILE"])
    try:
        return path.read_bytes().strip() or None
    except OSError:
        return None


def _apply(text: str, version: DatasetVersion, target: Path) -> dict[str, Any]:
    found = scan_version(version)
    policy = _checked(text, version, found)
    with local_copy(version) as path:
        try:
            return apply_policy(path, target, policy, found, secret=pseudonym_secret())
        except PolicyError as exc:
            raise policy_error(exc) from exc


def preview(actor: Actor, dataset: Dataset, text: str | None = None,
            rows: int = PREVIEW_ROWS) -> dict[str, Any]:
    """What the policy would make of the latest version: the report and the first rows,
    written nowhere."""
    require(actor, "catalog.change_dataset", dataset)
    version = _latest(dataset)
    folder = Path(tempfile.mkdtemp(prefix="aqyl-privacy-"))
    try:
        target = folder / "preview.parquet"
        report = _apply(policy_text(dataset) if text is None else text, version, target)
        first = pq.ParquetFile(target).iter_batches(batch_size=rows)
        sample = next(first, None)
        return {"report": report, "rows": sample.to_pylist() if sample is not None else []}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_COPIED = ("sector", "tags", "licence", "update_frequency", "temporal_start", "temporal_end",
           "description_kk", "description_ru", "description_en", "spatial_coverage")


def _new_target(actor: Actor, source: Dataset, name: str, access_level: str) -> Dataset:
    """A new dataset of the source's organisation for its de-identified copy, described like
    the source; saved now, removed again if the copy fails."""
    fields: dict[str, Any] = {key: getattr(source, key) for key in _COPIED}
    for lang, suffix in (("kk", " (иесіздендірілген)"), ("ru", " (обезличенные)"),
                         ("en", " (de-identified)")):
        title = getattr(source, f"title_{lang}")
        fields[f"title_{lang}"] = f"{title}{suffix}"[:300] if title else ""
    dataset = catalog_services.prepare_new_dataset(
        actor, source.organisation, {**fields, "name": name, "access_level": access_level})
    dataset.steward = actor.account
    dataset.created_by = actor.account
    dataset.save()
    audit.record(actor, "catalog.dataset.create", dataset,
                 details={"slug": dataset.slug, "deidentified_from": source.slug})
    return dataset


def _target(actor: Actor, dataset: Dataset, into: str, access_level: str
            ) -> tuple[Dataset, bool]:
    """The dataset a de-identified copy goes into, and whether it must be created: `into` is
    "org/name" or "name" of the source's organisation, empty for the source itself."""
    if not into.strip():
        return dataset, False
    org, _sep, name = into.strip().rpartition("/")
    if (org and org != dataset.organisation.slug) or not name:
        raise InvalidInput(_("The de-identified copy goes into a dataset of the same "
                             "organisation: %(org)s/name.") % {"org": dataset.organisation.slug})
    if access_level not in AccessLevel.values:
        raise InvalidInput(_("The access level is open, restricted or confidential."))
    existing = dataset.organisation.datasets.filter(name=name).first()
    if existing is not None:
        return selectors.get_dataset(actor, existing.slug), False
    return _new_target(actor, dataset, name, access_level), True


def deidentify(actor: Actor, dataset: Dataset, *, into: str = "",
               access_level: str = AccessLevel.OPEN, text: str | None = None,
               note: str = "") -> DatasetVersion:
    """Apply the dataset's policy (or `text`, saved first) to its latest version and publish
    the result, with its report, as a new version of `into` (see `_target`; a new name
    creates the dataset with `access_level`), by default of the dataset itself."""
    if text is not None:
        save_policy(actor, dataset, text)
    require(actor, "catalog.change_dataset", dataset)
    text = policy_text(dataset)
    if not text.strip():
        raise InvalidInput(_("The dataset has no privacy policy yet: write one first."))
    source = _latest(dataset)
    _checked(text, source, scan_version(source))
    target, created = _target(actor, dataset, into, access_level)
    require(actor, "catalog.change_dataset", target)
    made: dict[str, Any] = {}

    def produce(path: Path) -> dict[str, Any]:
        made.update(_apply(text, source, path))
        return {"deidentified_from": f"{dataset.slug}@{source.number}"}

    try:
        version = drafts.derive_version(
            actor, target, source_name=f"{dataset.slug}@{source.number}",
            note=note or _("De-identified from %(slug)s, version %(n)s")
            % {"slug": dataset.slug, "n": source.number}, produce=produce)
    except BaseException:
        if created:
            target.delete()
        raise
    made["residual"] = scan_version(version).identifiers()
    Deidentification.objects.create(version=version, source=source, report=made,
                                    created_by=actor.account)
    audit.record(actor, "privacy.deidentify", target, details={
        "version": version.number, "source": f"{dataset.slug}@{source.number}",
        "rows_in": made["rows_in"], "rows_out": made["rows_out"], "k": made["k"],
        "risk_after": made["risk_after"], "pseudonym_key": made["pseudonym_key"]})
    return version


def report_for(version: DatasetVersion) -> dict[str, Any] | None:
    """The de-identification report of a version, or None if it was not made by one."""
    found = Deidentification.objects.filter(version=version).first()
    return found.report if found else None
