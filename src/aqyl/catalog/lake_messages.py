"""The lake's error codes in the reader's language, saying what is wrong and where.

`aqyl.lake` raises `LakeError(code, **params)` without Django; stored drafts keep the code and
params, so a message is rendered in whoever reads it later's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aqyl.core.errors import InvalidInput
from aqyl.lake.errors import BadRows, LakeError

MESSAGES = {
    "empty_file": gettext_lazy("The file is empty."),
    "binary_file": gettext_lazy(
        "The file holds binary data, not text: it is not a CSV file. Check that you chose the "
        "right file."),
    "unknown_format": gettext_lazy(
        "The format of the file was not recognised. Upload CSV, Excel (XLSX, XLS, ODS), JSON, "
        "JSON Lines or Parquet."),
    "undecodable": gettext_lazy(
        "Line %(line)s contains byte %(byte)s, which is not valid in the %(encoding)s encoding. "
        "Choose another encoding."),
    "not_utf8": gettext_lazy(
        "Line %(line)s is not valid UTF-8. Choose the file's encoding (for example Windows-1251 "
        "or KZ-1048)."),
    "unknown_encoding": gettext_lazy("%(name)s is not a known encoding."),
    "unsupported_encoding": gettext_lazy("The %(name)s encoding is not supported."),
    "unterminated_quote": gettext_lazy(
        "A quoted value that starts near line %(line)s is never closed."),
    "unreadable_csv": gettext_lazy("The file cannot be read as CSV: %(detail)s"),
    "line_too_long": gettext_lazy(
        "Line %(line)s is longer than %(limit)s MB, longer than any table's row: check the "
        "file's delimiter, quotes and line breaks."),
    "unknown_type": gettext_lazy("Column %(column)s: %(type)s is not a known column type."),
    "nul_in_option": gettext_lazy("A setting contains a NUL character."),
    "bad_workbook": gettext_lazy(
        "The workbook cannot be opened: it is damaged or incomplete (%(detail)s)."),
    "unknown_sheet": gettext_lazy(
        "The workbook has no sheet named %(sheet)s. Its sheets: %(sheets)s."),
    "bad_header_row": gettext_lazy(
        "Row %(row)s of sheet %(sheet)s cannot be the header: the sheet has %(rows)s rows."),
    "bad_header_rows": gettext_lazy(
        "A header takes one row or two (a group label above the labels of its parts), not "
        "%(rows)s."),
    "bad_header_line": gettext_lazy(
        "Line %(line)s cannot start a header of two lines: the file ends before the second."),
    "ragged_header": gettext_lazy(
        "The header on lines %(first)s–%(last)s names %(labels)s columns, but the rows below "
        "hold %(columns)s values. Check the header lines, or read the header as one line."),
    "html_file": gettext_lazy(
        "%(filename)s is a web page saved with a spreadsheet's name, not a workbook: open it "
        "and save it as XLSX or CSV."),
    "encrypted_workbook": gettext_lazy(
        "The workbook is protected with a password: save an unprotected copy and upload that."),
    "empty_sheet": gettext_lazy("Sheet %(sheet)s is empty."),
    "unknown_column": gettext_lazy(
        "There is no column %(column)s. The columns are: %(columns)s."),
    "json_no_records": gettext_lazy(
        "No list of records was found in the JSON. Its keys: %(keys)s. Say which key holds "
        "the records."),
    "unknown_json_key": gettext_lazy("The JSON has no key %(key)s. Its keys: %(keys)s."),
    "unreadable_json": gettext_lazy("The JSON cannot be read: %(detail)s"),
    "unknown_table": gettext_lazy("The database has no table %(table)s."),
    "bad_dsn": gettext_lazy(
        "The database address is not valid: use postgresql://user:password@host:port/database."),
    "bad_json": gettext_lazy("The JSON is not valid at line %(line)s: %(detail)s"),
    "json_not_records": gettext_lazy(
        "Line %(line)s is not a JSON object: each record must be an object."),
    "bad_parquet": gettext_lazy("The Parquet file is damaged or incomplete: %(detail)s"),
    "database_unreachable": gettext_lazy(
        "The database %(database)s cannot be reached: %(detail)s"),
    "bad_query": gettext_lazy("The database refused the query: %(detail)s"),
    "too_large": gettext_lazy("The file is larger than the limit of %(limit)s MiB."),
    "too_many_rows_for_xlsx": gettext_lazy(
        "%(rows)s rows do not fit in one Excel sheet (%(limit)s at most): download CSV or "
        "Parquet instead."),
    "sql_empty": gettext_lazy("The query is empty."),
    "sql_many_statements": gettext_lazy(
        "Only one query can run at a time, and this text holds %(count)s: keep one."),
    "sql_not_read_only": gettext_lazy(
        "Only one read-only SELECT query can run here, not %(statement)s."),
    "sql_function_not_allowed": gettext_lazy("%(function)s() is not available here."),
    "sql_file_access": gettext_lazy(
        "Files and the network cannot be read from SQL here: query datasets by their names, "
        "such as \"organisation/name\"."),
    "sql_unknown_table": gettext_lazy(
        "There is no dataset %(name)s. Name datasets in double quotes: \"organisation/name\"."),
    "sql_syntax": gettext_lazy("Syntax error: %(detail)s"),
    "sql_syntax_at": gettext_lazy(
        "Syntax error at line %(line)s, column %(column)s: %(detail)s"),
    "sql_error": gettext_lazy("The query failed: %(detail)s"),
    "sql_timeout": gettext_lazy(
        "The query ran longer than %(seconds)s seconds and was stopped. Filter or aggregate "
        "more, or use a smaller dataset."),
    "sql_out_of_memory": gettext_lazy(
        "The query needs more memory than the %(memory_limit)s allowed: aggregate or filter "
        "more."),
    "sql_too_many_rows": gettext_lazy(
        "The result has more than %(row_limit)s rows: filter or aggregate it before exporting."),
    "sql_source_unreadable": gettext_lazy("Dataset %(name)s cannot be read: %(detail)s"),
}

ROW_PROBLEMS = {
    "cast_error": gettext_lazy("a value does not fit the column's type"),
    "too_many_columns": gettext_lazy("more values than columns"),
    "missing_columns": gettext_lazy("fewer values than columns"),
    "unquoted_value": gettext_lazy("a quote inside an unquoted value"),
    "line_size_over_maximum": gettext_lazy("the line is too long"),
    "not_an_integer": gettext_lazy("not a whole number"),
    "not_a_number": gettext_lazy("not a number"),
    "not_a_boolean": gettext_lazy("not yes or no"),
    "not_a_date": gettext_lazy("not a date"),
    "not_a_timestamp": gettext_lazy("not a date and time"),
    "not_a_time": gettext_lazy("not a time"),
    "out_of_range": gettext_lazy("the number is too large for the column's type"),
    "cannot_convert": gettext_lazy("the value cannot be converted to the column's type"),
}


def lake_error_data(exc: LakeError) -> dict[str, Any]:
    """What a draft stores about a failure: enough to render it later in any language."""
    data: dict[str, Any] = {"code": exc.code, "params": _plain(exc.params)}
    if isinstance(exc, BadRows):
        data["problems"] = _plain(exc.problems)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def describe_problem(problem: dict[str, Any]) -> str:
    """One ragged or unreadable row: its line, column and what is wrong with it."""
    kind = ROW_PROBLEMS.get(str(problem.get("error", "")))
    what = str(kind) if kind else str(problem.get("error", ""))
    column = problem.get("column_name") or problem.get("column")
    if problem.get("cell"):  # spreadsheets: the cell as Excel names it
        return _("sheet %(sheet)s, cell %(cell)s: %(problem)s") % {
            "sheet": problem.get("sheet"), "cell": problem["cell"], "problem": what}
    if column not in (None, ""):
        return _("line %(line)s, column %(column)s: %(problem)s") % {
            "line": problem.get("line"), "column": column, "problem": what}
    return _("line %(line)s: %(problem)s") % {"line": problem.get("line"), "problem": what}


def lake_error_message(data: dict[str, Any]) -> str:
    code = str(data.get("code", ""))
    params = dict(data.get("params") or {})
    if code == "bad_rows":
        total = int(params.get("total", 0))
        return ngettext(
            "%(total)d row does not fit the table; nothing was saved. Fix it and upload again, "
            "or change how the file is read.",
            "%(total)d rows do not fit the table; nothing was saved. Fix them and upload again, "
            "or change how the file is read.", total) % {"total": total}
    if code == "sql_syntax" and params.get("line"):
        code = "sql_syntax_at"
    template = MESSAGES.get(code)
    if template is None:
        return _("The file cannot be read (%(code)s).") % {"code": code}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return _("The file cannot be read (%(code)s).") % {"code": code}


class DataError(InvalidInput):
    """A file, query or download the lake refused, in the caller's language; `details` carry
    the lake's code (`reason`) and where (line, column) for programs."""

    code = "data_error"

    def __init__(self, data: dict[str, Any]) -> None:
        self.problems = [describe_problem(p) for p in data.get("problems", [])]
        details = {"reason": data.get("code"), **data.get("params", {})}
        if self.problems:
            details["problems"] = self.problems
        super().__init__(lake_error_message(data), details=details)
        self.data = data
