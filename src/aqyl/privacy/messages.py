"""Problems of privacy policies in the reader's language: `aqyl.privacy.policy` raises codes,
not sentences."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqyl.core.errors import InvalidInput
from aqyl.privacy.policy import PolicyError

MESSAGES = {
    "bad_yaml": gettext_lazy("The YAML is not valid at line %(line)s: %(detail)s."),
    "not_a_mapping": gettext_lazy(
        "A policy is a mapping: columns: with a method per column, and optionally "
        "quasi_identifiers:, sensitive:, k: and l:."),
    "unknown_option": gettext_lazy("%(option)s is not a policy option."),
    "columns_not_mapping": gettext_lazy(
        "columns: maps each column name to a method, such as iin: pseudonymise."),
    "column_not_mapping": gettext_lazy(
        "Give a method, or a mapping such as {method: generalise, to: year}."),
    "unknown_method": gettext_lazy("%(method)s is not a method. The methods are: %(methods)s."),
    "unknown_generalisation": gettext_lazy(
        "generalise needs to: one of %(targets)s."),
    "option_required": gettext_lazy("%(option)s is needed here."),
    "bad_names": gettext_lazy("%(option)s must be a list of column names."),
    "bad_whole": gettext_lazy("%(option)s must be a whole number from %(minimum)s."),
    "bad_positive": gettext_lazy("%(option)s must be a positive number."),
    "bad_share": gettext_lazy("max_suppression must be a share from 0 to 1, such as 0.05."),
    "bad_date": gettext_lazy("as_of must be a date such as 2026-01-01."),
    "unknown_column": gettext_lazy(
        "There is no column %(column)s. The columns are: %(columns)s."),
    "wrong_type": gettext_lazy("%(method)s cannot be applied to %(type)s values."),
    "untreated": gettext_lazy(
        "The policy leaves personal data as it is in %(kinds)s. Choose a method for each, or "
        "keep it with a reason (method: keep, reason: ...), which is recorded."),
    "dropped_quasi": gettext_lazy(
        "A dropped column cannot also be a quasi-identifier or a sensitive column."),
    "k_without_quasi": gettext_lazy("k needs quasi_identifiers: the columns k applies to."),
    "l_without_sensitive": gettext_lazy("l needs sensitive: the columns l applies to."),
    "k_too_large": gettext_lazy(
        "k=%(k)s is larger than the dataset, which has %(rows)s rows."),
    "l_unreachable": gettext_lazy("l=%(l)s cannot be reached: %(detail)s."),
    "missing_secret": gettext_lazy(
        "Pseudonyms need the platform's pseudonym key, and none is configured. The operator "
        "creates it with aqyl init (see AQYL_PSEUDONYM_KEY_FILE)."),
}


def policy_error(exc: PolicyError) -> InvalidInput:
    """The translated error for a policy problem, naming the column at fault."""
    message = MESSAGES.get(exc.code)
    text = str(message) % {"column": exc.column, **exc.params} if message else str(exc)
    if exc.column and exc.code != "unknown_column":
        text = _("Column %(column)s: %(problem)s") % {"column": exc.column, "problem": text}
    return InvalidInput(text, details={"code": exc.code, "column": exc.column})
