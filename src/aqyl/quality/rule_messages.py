"""Problems of rules and recipes in the reader's language: `aqyl.quality.rules` and
`aqyl.quality.recipes` raise codes, not sentences."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqyl.core.errors import InvalidInput
from aqyl.quality.recipes import STEPS, RecipeError
from aqyl.quality.rules import CHECKS, RuleError

MESSAGES = {
    "bad_yaml": gettext_lazy("The YAML is not valid at line %(line)s: %(detail)s."),
    "not_a_list": gettext_lazy("The YAML must be a list, one item per check or step."),
    "too_many_items": gettext_lazy("The list can have at most %(limit)s items."),
    "rule_not_mapping": gettext_lazy(
        "Each rule is a mapping such as {check: not_null, column: iin}."),
    "unknown_option": gettext_lazy("%(option)s is not a rule option."),
    "unknown_check": gettext_lazy("%(check)s is not a check. The checks are: %(checks)s."),
    "bad_severity": gettext_lazy("The severity is either critical or warning."),
    "column_not_allowed": gettext_lazy("The %(check)s check applies to the whole table and "
                                       "takes no column."),
    "column_required": gettext_lazy("%(check)s needs a column."),
    "bad_option": gettext_lazy("%(option)s must be text."),
    "option_not_allowed": gettext_lazy("%(check)s takes no option %(option)s."),
    "option_required": gettext_lazy("%(check)s needs %(option)s."),
    "bad_count": gettext_lazy("%(option)s must be a whole number of rows."),
    "bad_bound": gettext_lazy("%(option)s must be a number or a date."),
    "bad_values": gettext_lazy("values must be a list of at most %(limit)s plain values."),
    "bad_pattern": gettext_lazy("The pattern is not a valid regular expression: %(detail)s"),
    "bad_age": gettext_lazy("max_age_days must be a whole number of days."),
    "unknown_column": gettext_lazy(
        "There is no column %(column)s. The columns are: %(columns)s."),
    "wrong_type": gettext_lazy(
        "%(check)s cannot be applied to column %(column)s of type %(type)s."),
    "bad_bound_for_type": gettext_lazy("%(bound)s cannot be compared with this column's values."),
    "min_above_max": gettext_lazy("min is larger than max."),
    "unknown_reference": gettext_lazy(
        "There is no reference list %(reference)s. The lists are: %(references)s."),
    "unknown_dataset": gettext_lazy(
        "There is no dataset %(dataset)s whose data you may read."),
    "unknown_key": gettext_lazy(
        "Dataset %(dataset)s has no column %(column)s. Its columns: %(columns)s."),
    "step_not_mapping": gettext_lazy(
        "Each step is a mapping such as {step: drop_duplicates}."),
    "unknown_step": gettext_lazy("%(step)s is not a step. The steps are: %(steps)s."),
    "bad_columns": gettext_lazy("columns must be a list of column names."),
    "bad_method": gettext_lazy("%(method)s is not one of: %(methods)s."),
    "too_many_rows": gettext_lazy("At most %(limit)s synthetic rows can be made at once."),
    "column_exists": gettext_lazy("Column %(column)s already exists."),
    "nothing_to_fix": gettext_lazy("Column %(column)s holds neither numbers nor dates."),
    "no_value": gettext_lazy("Column %(column)s has no values to fill the gaps from."),
    "bad_fill_value": gettext_lazy("%(value)s cannot be a value of column %(column)s."),
    "no_predictors": gettext_lazy(
        "Column %(column)s cannot be filled by a model: the table has no other numeric "
        "columns to learn from."),
    "nothing_to_learn": gettext_lazy(
        "Synthetic rows cannot be made: the table has no rows or no columns a model can "
        "learn."),
}


def rule_message(code: str, rule: int | None = None, *, as_step: bool = False,
                 **params: object) -> str:
    """The message of a code; `rule` numbers the rule (or, with `as_step`, the recipe step)."""
    template = MESSAGES.get(code)
    text = str(template) % params if template is not None else code
    if not rule:
        return text
    prefix = _("Step %(number)s: %(problem)s") if as_step \
        else _("Rule %(number)s: %(problem)s")
    return prefix % {"number": rule, "problem": text}


def rule_error(exc: RuleError) -> InvalidInput:
    """RecipeError too: the message names the step instead of the rule."""
    params = dict(exc.params)
    params.setdefault("checks", ", ".join(CHECKS))
    params.setdefault("steps", ", ".join(STEPS))
    params.setdefault("columns", "…")
    return InvalidInput(rule_message(exc.code, exc.rule, as_step=isinstance(exc, RecipeError),
                                     **params),
                        details={"code": exc.code, "rule": exc.rule, **exc.params})
