"""A dataset's rules: written by its stewards, run on every upload and every new version, and
consulted before publishing (a failing critical rule stops it)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aqyl.catalog import selectors, storage
from aqyl.catalog.models import Dataset, DatasetVersion, UploadDraft
from aqyl.core import audit
from aqyl.core.actors import SYSTEM, Actor
from aqyl.core.errors import AqylError, Conflict
from aqyl.core.models import Outcome
from aqyl.core.permissions import require
from aqyl.quality.models import DatasetRules, ProfileStatus, RuleRun, VersionProfile
from aqyl.quality.references import REFERENCES
from aqyl.quality.rule_checks import Context, run_rules
from aqyl.quality.rule_labels import rule_title
from aqyl.quality.rule_messages import rule_error
from aqyl.quality.rule_suggestions import suggest_rules
from aqyl.quality.rules import Rule, RuleError, parse_rules, rules_digest, to_yaml, validate
from aqyl.quality.services import local_copy, rescore

logger = logging.getLogger(__name__)


def rules_text(dataset: Dataset) -> str:
    found = DatasetRules.objects.filter(dataset=dataset).first()
    return found.text if found else ""


def _columns(schema: list[dict[str, Any]]) -> dict[str, str]:
    return {column["name"]: column["type"] for column in schema}


def _readable_columns(actor: Actor) -> Callable[[str], Mapping[str, str] | None]:
    """The columns of another dataset's latest version, if `actor` may read its data."""
    def columns(slug: str) -> Mapping[str, str] | None:
        try:
            version = selectors.resolve_readable(actor, slug)
        except AqylError:
            return None
        return _columns(version.schema)
    return columns


def save_rules(actor: Actor, dataset: Dataset, text: str) -> list[Rule]:
    """Store the rules once they parse and fit the latest version; then run them on it."""
    require(actor, "catalog.change_dataset", dataset)
    text = text.replace("\r\n", "\n")  # as typed in a browser's text box
    try:
        rules = parse_rules(text)
        latest = dataset.versions.order_by("-number").first()
        if latest is not None:
            validate(rules, _columns(latest.schema), references=tuple(REFERENCES),
                     dataset_columns=_readable_columns(actor))
    except RuleError as exc:
        raise rule_error(exc) from exc
    with transaction.atomic():
        DatasetRules.objects.update_or_create(
            dataset=dataset, defaults={"text": text, "updated_by": actor.account})
        audit.record(actor, "quality.rules.change", dataset,
                     details={"rules": len(rules), "digest": rules_digest(text)})
        if latest is not None:
            transaction.on_commit(lambda: queue_version_rules(latest))
    return rules


def suggestions(dataset: Dataset) -> list[Rule]:
    """Rules drafted from the latest profile that the dataset does not have yet."""
    profile = VersionProfile.objects.filter(version__dataset=dataset, status=ProfileStatus.DONE
                                            ).order_by("-version__number").first()
    if profile is None:
        return []
    try:
        have = {(r.check, r.column) for r in parse_rules(rules_text(dataset))}
    except RuleError:
        have = set()
    return [rule for rule in suggest_rules(profile.data, today=timezone.localdate(),
                                           update_frequency=dataset.update_frequency)
            if (rule.check, rule.column) not in have]


def add_suggestions(actor: Actor, dataset: Dataset, chosen: list[int]) -> list[Rule]:
    """Append the chosen suggestions (by their index in `suggestions`) to the rules."""
    offered = suggestions(dataset)
    picked = [offered[i] for i in sorted(set(chosen)) if 0 <= i < len(offered)]
    text = rules_text(dataset).rstrip()
    addition = to_yaml(picked)
    return save_rules(actor, dataset, (text + "\n" if text else "") + addition)


# --- running ----------------------------------------------------------------------------

def _context(dataset: Dataset, made: Any) -> tuple[Context, ExitStack]:
    """References, and other datasets as their last rules editor may read them."""
    stored = DatasetRules.objects.filter(dataset=dataset).select_related("updated_by").first()
    # The worker reads for the last editor, with their rights (not the system's, which
    # would open every dataset); rules no user wrote (the demo's) read as the system.
    owner = Actor(user=stored.updated_by, channel="worker") if stored and stored.updated_by \
        else SYSTEM
    stack = ExitStack()

    def dataset_path(slug: str) -> str | None:
        try:
            version = selectors.resolve_readable(owner, slug)
        except AqylError:
            return None
        return stack.enter_context(local_copy(version))

    context = Context(today=timezone.localdate(), version_date=timezone.localdate(made),
                      references=REFERENCES, dataset_path=dataset_path)
    return context, stack


def _run(run: RuleRun, dataset: Dataset, path_of: Callable[[], Any], made: Any) -> RuleRun:
    text = rules_text(dataset)
    RuleRun.objects.filter(pk=run.pk).update(status=ProfileStatus.RUNNING, error="")
    try:
        rules = parse_rules(text)
        context, stack = _context(dataset, made)
        with stack, path_of() as path:
            results = run_rules(path, rules, context)
    except Exception as exc:  # stored for the operator; users see a translated sentence
        logger.exception("rules on %s failed", run)
        RuleRun.objects.filter(pk=run.pk).update(
            status=ProfileStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            digest=rules_digest(text), finished_at=timezone.now())
    else:
        RuleRun.objects.filter(pk=run.pk).update(
            status=ProfileStatus.DONE, results=[r.to_json() for r in results],
            digest=rules_digest(text), finished_at=timezone.now())
    run.refresh_from_db()
    if run.version is not None:
        rescore(run.version)
    return run


def run_version_rules(version: DatasetVersion) -> RuleRun:
    run, _created = RuleRun.objects.get_or_create(version=version)
    return _run(run, version.dataset, lambda: local_copy(version), version.created_at)


@contextmanager
def _staged(draft: UploadDraft) -> Iterator[str]:
    yield str(storage.staging_dir(str(draft.id)) / "work" / "data.parquet")


def run_draft_rules(draft: UploadDraft) -> RuleRun | None:
    """The dataset's rules on an upload before it is published (none for a new dataset)."""
    if draft.dataset is None or not rules_text(draft.dataset).strip():
        RuleRun.objects.filter(draft=draft).delete()
        return None
    run, _created = RuleRun.objects.get_or_create(draft=draft)
    return _run(run, draft.dataset, lambda: _staged(draft), timezone.now())


def queue_version_rules(version: DatasetVersion) -> None:
    """Run the rules on a new version in the worker; an upload checked with the same rules
    lends its results instead."""
    from aqyl.quality.tasks import run_version_rules_task

    text = rules_text(version.dataset)
    if not text.strip():
        return
    checked = RuleRun.objects.filter(draft__version=version, status=ProfileStatus.DONE,
                                     digest=rules_digest(text)).first()
    if checked is not None:
        RuleRun.objects.filter(version=version).delete()
        RuleRun.objects.create(version=version, status=checked.status, digest=checked.digest,
                               results=checked.results, finished_at=checked.finished_at)
        rescore(version)
        return
    RuleRun.objects.update_or_create(version=version, defaults={"status": ProfileStatus.PENDING})
    run_version_rules_task.enqueue(version_id=version.pk)


def current_run(subject: DatasetVersion | UploadDraft) -> RuleRun | None:
    """The stored run of a version or an upload, None when it has no rules to run."""
    lookup = {"version": subject} if isinstance(subject, DatasetVersion) else {"draft": subject}
    return RuleRun.objects.filter(**lookup).first()


def refuse_if_blocked(actor: Actor, draft: UploadDraft) -> None:
    """Publishing waits for the rules: an upload whose run is missing or older than the rules
    is checked now, and a failing critical rule refuses it."""
    if draft.dataset is None:
        return
    text = rules_text(draft.dataset)
    if not text.strip():
        return
    run = current_run(draft)
    if run is None or run.digest != rules_digest(text) or run.status != ProfileStatus.DONE:
        run = run_draft_rules(draft)
    if run is None:
        return
    if run.status != ProfileStatus.DONE:
        raise Conflict(_("The dataset's rules could not be run on this upload, so it cannot be "
                         "published. The operator has been told in the server log."))
    blocking = run.blocking
    if blocking:
        audit.record(actor, "quality.rules.block", draft.dataset, outcome=Outcome.DENIED,
                     details={"draft": str(draft.id), "rules": len(blocking)})
        raise Conflict(blocked_message(blocking), details={"blocking_rules": blocking})


def blocked_message(blocking: list[dict[str, Any]]) -> str:
    """Why publishing was refused, for stored results read later in another language."""
    names = "; ".join(rule_title(r["rule"]) for r in blocking)
    return ngettext(
        "A critical rule fails, so this version cannot be published: %(rules)s.",
        "%(count)s critical rules fail, so this version cannot be published: %(rules)s.",
        len(blocking)) % {"count": len(blocking), "rules": names}


def run_summary(version: DatasetVersion) -> dict[str, Any]:
    """A version's results as the API and the CLI give them."""
    text = rules_text(version.dataset)
    run = current_run(version)
    status = run.status if run else ("none" if not text.strip() else ProfileStatus.PENDING)
    return {"dataset": version.dataset.slug, "version": version.number, "status": status,
            "current": bool(run and run.digest == rules_digest(text)),
            "blocking": len(run.blocking) if run else 0,
            "results": run.results if run else []}


def rerun_latest(actor: Actor, dataset: Dataset) -> None:
    """Run the rules again on the latest version (after a fix of a referenced dataset, or to
    bring results up to date with today's date)."""
    require(actor, "catalog.change_dataset", dataset)
    latest = dataset.versions.order_by("-number").first()
    if latest is None or not rules_text(dataset).strip():
        raise Conflict(_("There is nothing to check: the dataset needs rules and a version."))
    RuleRun.objects.filter(version=latest).delete()
    queue_version_rules(latest)
