"""Actions that change datasets and access requests. Each checks rights and writes the audit
log in the same transaction. New datasets are born with their first version (see drafts)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aqyl.accounts.models import Organisation
from aqyl.catalog.lifecycle import refuse_if_withdrawn
from aqyl.catalog.models import (
    LANGUAGES,
    AccessLevel,
    AccessRequest,
    Dataset,
    DatasetVersion,
    RequestStatus,
)
from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import Conflict, InvalidInput
from aqyl.core.permissions import require

METADATA_FIELDS = (
    "title_kk", "title_ru", "title_en", "description_kk", "description_ru", "description_en",
    "contact_email", "sector", "tags", "licence", "update_frequency", "spatial_coverage_kk",
    "spatial_coverage_ru", "spatial_coverage_en", "temporal_start", "temporal_end",
    "access_level", "column_descriptions",
)
NEW_DATASET_FIELDS = ("name", *METADATA_FIELDS)
# Before spatial coverage had three languages it was one text, taken as the Kazakh one.
FIELD_ALIASES = {"spatial_coverage": "spatial_coverage_kk"}
MAX_ACCESS_DAYS = 366 * 3
MAX_COLUMN_DESCRIPTION = 2000


def _validated(dataset: Dataset) -> None:
    try:
        dataset.full_clean(exclude=["organisation", "steward", "created_by"])
    except ValidationError as exc:
        raise InvalidInput(
            _("Some fields are not valid."),
            fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from exc
    if dataset.temporal_start and dataset.temporal_end and (
            dataset.temporal_start > dataset.temporal_end):
        message = _("The coverage cannot end before it starts.")
        raise InvalidInput(message, fields={"temporal_end": [message]})


def _clean_tags(tags: Any) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list | tuple):
        raise InvalidInput(_("Tags must be a list of words."), fields={"tags": [_("Not a list.")]})
    cleaned = sorted({str(tag).strip().lower()[:50] for tag in tags if str(tag).strip()})
    if len(cleaned) > 30:
        raise InvalidInput(_("A dataset has at most 30 tags."))
    return cleaned


def _known_columns(dataset: Dataset) -> set[str] | None:
    """Every column name any version of the dataset has had; None before its first version."""
    if dataset.pk is None:
        return None
    schemas = DatasetVersion.objects.filter(dataset_id=dataset.pk).values_list("schema",
                                                                                flat=True)
    return {str(column["name"]) for schema in schemas for column in schema}


def _merged_column_descriptions(dataset: Dataset, given: Any) -> dict[str, dict[str, str]]:
    """The stored notes with `given` merged in as a JSON merge patch (RFC 7396): a column or a
    language left out stays as it is, an empty text or null removes it. Notes are kept by
    column name, so a later version's column of the same name keeps its description."""
    message = _("Column descriptions must map column names to texts in kk, ru or en.")
    if not isinstance(given, dict):
        raise InvalidInput(message, fields={"column_descriptions": [message]})
    known = _known_columns(dataset)
    merged = {str(k): dict(v) if isinstance(v, dict) else {"kk": str(v)}
              for k, v in (dataset.column_descriptions or {}).items() if v}
    for column, given_texts in given.items():
        where = f"column_descriptions.{column}"[:200]
        if known is not None and column not in known:
            problem = _("The dataset has no column %(name)s.") % {"name": str(column)[:100]}
            raise InvalidInput(problem, fields={where: [problem]})
        if given_texts is None:
            merged.pop(column, None)
            continue
        # One text alone is the Kazakh one, as for spatial coverage.
        texts = {"kk": given_texts} if isinstance(given_texts, str) else given_texts
        if not isinstance(texts, dict) or set(texts) - set(LANGUAGES):
            raise InvalidInput(message, fields={where: [message]})
        entry = merged.setdefault(column, {})
        for lang, text in texts.items():
            if text is not None and not isinstance(text, str):
                raise InvalidInput(message, fields={where: [message]})
            cleaned = (text or "").strip()
            if len(cleaned) > MAX_COLUMN_DESCRIPTION:
                problem = _("Keep each column description under %(limit)s characters.") % {
                    "limit": MAX_COLUMN_DESCRIPTION}
                raise InvalidInput(problem, fields={where: [problem]})
            if cleaned:
                entry[lang] = cleaned
            else:
                entry.pop(lang, None)
        if not entry:
            del merged[column]
    return merged


def _apply(dataset: Dataset, fields: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    fields = {FIELD_ALIASES.get(name, name): value for name, value in fields.items()
              if not (name in FIELD_ALIASES and FIELD_ALIASES[name] in fields)}
    unknown = set(fields) - set(allowed)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    changed = []
    for name, given in fields.items():
        value = given
        if name == "tags":
            value = _clean_tags(given)
        elif name == "column_descriptions":
            value = _merged_column_descriptions(dataset, given)
        elif isinstance(given, str):
            value = given.strip()
        if getattr(dataset, name) != value:
            setattr(dataset, name, value)
            changed.append(name)
    return changed


def search_text(dataset: Dataset, columns: list[str] | None = None) -> str:
    """Everything full-text search looks at, case-folded once here rather than per query."""
    organisation = dataset.organisation
    parts = [dataset.name, organisation.slug, organisation.name_kk, organisation.name_ru,
             organisation.name_en, " ".join(dataset.tags)]
    parts += [getattr(dataset, f"{field}_{lang}")
              for field in ("title", "description", "spatial_coverage") for lang in LANGUAGES]
    parts += columns or []
    for texts in dataset.column_descriptions.values():
        if isinstance(texts, dict):
            parts += [str(text) for text in texts.values()]
    return " ".join(part for part in parts if part).casefold()


def prepare_new_dataset(actor: Actor, organisation: Organisation, fields: dict[str, Any]
                        ) -> Dataset:
    """Check a new dataset's fields before any work is done; it is saved only with its first
    version, so a failed upload never leaves an empty catalog entry."""
    require(actor, "catalog.create_dataset", organisation)
    dataset = Dataset(organisation=organisation, sector=organisation.sector)
    _apply(dataset, {k: v for k, v in fields.items() if v is not None}, NEW_DATASET_FIELDS)
    _validated(dataset)
    if Dataset.objects.filter(organisation=organisation, name=dataset.name).exists():
        raise Conflict(_("%(slug)s already exists: upload a new version of it instead.")
                       % {"slug": dataset.slug})
    return dataset


def update_dataset(actor: Actor, dataset: Dataset, **fields: Any) -> Dataset:
    """Change what describes a dataset: titles, descriptions, coverage, licence, access level,
    column descriptions (merged, see `_merged_column_descriptions`). Not while withdrawn."""
    refuse_if_withdrawn(dataset)
    require(actor, "catalog.change_dataset", dataset)
    changed = _apply(dataset, fields, METADATA_FIELDS)
    _validated(dataset)
    if not changed:
        return dataset
    latest = dataset.versions.order_by("-number").first()
    dataset.search_text = search_text(dataset, latest.column_names if latest else None)
    dataset.updated_at = timezone.now()
    with transaction.atomic():
        dataset.save()
        audit.record(actor, "catalog.dataset.update", dataset, details={"fields": changed})
    return dataset


def count_use(dataset: Dataset, kind: str) -> None:
    """Usage counters on the card: views, downloads, queries."""
    Dataset.objects.filter(pk=dataset.pk).update(**{f"{kind}_count": F(f"{kind}_count") + 1})


def record_read(actor: Actor, action: str, dataset: Dataset,
                version: DatasetVersion | None = None, **details: Any) -> None:
    """Downloads, queries, pages of rows and SDK reads of restricted or confidential data are
    audited; reads of open data are counted only, so the log is not flooded by public
    traffic. Pages of rows are not counted as downloads."""
    if action in ("catalog.query", "catalog.download"):
        count_use(dataset, "query" if action == "catalog.query" else "download")
    if dataset.access_level != AccessLevel.OPEN:
        audit.record(actor, action, dataset,
                     details={"version": version.number if version else None, **details})


def request_access(actor: Actor, dataset: Dataset, *, purpose: str, until: date
                   ) -> AccessRequest:
    require(actor, "catalog.request_access", dataset)
    purpose = purpose.strip()
    if len(purpose) < 20:
        message = _("Say in at least 20 characters what you will use the data for.")
        raise InvalidInput(message, fields={"purpose": [message]})
    today = timezone.localdate()
    if not today < until <= today + timedelta(days=MAX_ACCESS_DAYS):
        message = _("Choose an end date after today and within three years.")
        raise InvalidInput(message, fields={"until": [message]})
    requester: Any = actor.user  # the rule admits signed-in users only
    if AccessRequest.objects.filter(dataset=dataset, requester_id=requester.pk,
                                    status=RequestStatus.PENDING).exists():
        raise Conflict(_("You already have a request for this dataset waiting for a decision."))
    with transaction.atomic():
        request = AccessRequest.objects.create(dataset=dataset, requester=requester,
                                               purpose=purpose, requested_until=until)
        audit.record(actor, "catalog.access.request", dataset,
                     details={"request": request.pk, "until": until.isoformat()})
    return request


def decide_access(actor: Actor, request: AccessRequest, *, approve: bool, note: str = "",
                  until: date | None = None) -> AccessRequest:
    """The owner's steward approves (possibly for a shorter time) or rejects a request."""
    require(actor, "catalog.decide_access", request.dataset)
    if request.status != RequestStatus.PENDING:
        raise Conflict(_("This request has already been decided."))
    if request.requester_id == actor.user.pk:
        raise Conflict(_("You cannot decide your own request."))
    end = until or request.requested_until
    if approve and not timezone.localdate() < end <= request.requested_until:
        message = _("Access can end after today and no later than the date requested.")
        raise InvalidInput(message, fields={"until": [message]})
    with transaction.atomic():
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        request.decided_by = actor.account
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        if approve:
            request.expires_at = timezone.make_aware(datetime.combine(end, time.max))
        request.save()
        audit.record(actor, "catalog.access.approve" if approve else "catalog.access.reject",
                     request.dataset,
                     details={"request": request.pk, "requester": request.requester.username,
                              "until": end.isoformat() if approve else None})
    return request


def revoke_access(actor: Actor, request: AccessRequest, *, note: str = "") -> AccessRequest:
    require(actor, "catalog.decide_access", request.dataset)
    if request.status != RequestStatus.APPROVED:
        raise Conflict(_("Only approved access can be revoked."))
    with transaction.atomic():
        request.status = RequestStatus.REVOKED
        request.decision_note = note.strip() or request.decision_note
        request.expires_at = timezone.now()
        request.save()
        audit.record(actor, "catalog.access.revoke", request.dataset,
                     details={"request": request.pk, "requester": request.requester.username})
    return request


def withdraw_access_request(actor: Actor, request: AccessRequest) -> AccessRequest:
    require(actor, "catalog.withdraw_access_request", request)
    if request.status != RequestStatus.PENDING:
        raise Conflict(_("Only a request waiting for a decision can be withdrawn."))
    with transaction.atomic():
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status"])
        audit.record(actor, "catalog.access.withdraw", request.dataset,
                     details={"request": request.pk})
    return request
