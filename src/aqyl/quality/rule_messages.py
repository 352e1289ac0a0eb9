"""Rule problems in the reader's language: `aqyl.quality.rules` raises codes, not sentences."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqyl.core.errors import InvalidInput
from aqyl.quality.rules import CHECKS, RuleError

MESSAGES = {
    "bad_yaml": gettext_lazy("The rules are not valid YAML at line %(line)s: %(detail)s."),
    "not_a_list": gettext_lazy("The rules must be a YAML list, one item per check."),
    "too_many_rules": gettext_lazy("A dataset can have at most %(limit)s rules."),
    "rule_not_mapping": gettext_lazy(
        "Each rule is a mapping such as {check: not_null, column: iin}."),
    "unknown_option": gettext_lazy("%(option)s is not a rule option."),
    "unknown_check": gettext_lazy("%(check)s is not a check. The checks are: %(checks)s."),
    "bad_severity": gettext_lazy("The severity is either critical or warning."),
    "column_not_allowed": gettext_lazy("The %(check)s check applies to the whole table and "
                                       "takes no column."),
    "column_required": gettext_lazy("The %(check)s check needs a column."),
    "bad_option": gettext_lazy("%(option)s must be text."),
    "option_not_allowed": gettext_lazy("The %(check)s check takes no option %(option)s."),
    "option_required": gettext_lazy("The %(check)s check needs %(option)s."),
    "bad_count": gettext_lazy("%(option)s must be a whole number of rows."),
    "bad_bound": gettext_lazy("%(option)s must be a number or a date."),
    "bad_values": gettext_lazy("values must be a list of at most %(limit)s plain values."),
    "bad_pattern": gettext_lazy("The pattern is not a valid regular expression: %(detail)s"),
    "bad_age": gettext_lazy("max_age_days must be a whole number of days."),
    "unknown_column": gettext_lazy(
        "There is no column %(column)s. The columns are: %(columns)s."),
    "wrong_type": gettext_lazy(
        "The %(check)s check cannot be applied to column %(column)s of type %(type)s."),
    "bad_bound_for_type": gettext_lazy("%(bound)s cannot be compared with this column's values."),
    "min_above_max": gettext_lazy("min is larger than max."),
    "unknown_reference": gettext_lazy(
        "There is no reference list %(reference)s. The lists are: %(references)s."),
    "unknown_dataset": gettext_lazy(
        "There is no dataset %(dataset)s whose data you may read."),
    "unknown_key": gettext_lazy(
        "Dataset %(dataset)s has no column %(column)s. Its columns: %(columns)s."),
}


def rule_message(code: str, rule: int | None = None, **params: object) -> str:
    template = MESSAGES.get(code)
    text = str(template) % params if template is not None else code
    return _("Rule %(number)s: %(problem)s") % {"number": rule, "problem": text} if rule \
        else text


def rule_error(exc: RuleError) -> InvalidInput:
    params = dict(exc.params)
    params.setdefault("checks", ", ".join(CHECKS))
    return InvalidInput(rule_message(exc.code, exc.rule, **params),
                        details={"code": exc.code, "rule": exc.rule, **exc.params})
