"""The SQL console: an editor, results, a shareable URL (the query is in it) and CSV export."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from aqyl.catalog import queries, selectors
from aqyl.core.actors import Actor, actor_from_request
from aqyl.core.errors import AqylError
from aqyl.lake.parquet import table_rows

EXAMPLE = 'SELECT *\nFROM "stat/regions"\nLIMIT 10'


def console(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    sql = request.GET.get("sql", "")[:100_000]
    context: dict[str, object] = {"sql": sql, "example": EXAMPLE}
    status = 200
    if sql.strip():
        try:
            run = queries.run_sql(actor, sql)
        except AqylError as exc:
            context["error"] = str(exc.message)
            context["sign_in"] = not actor.is_authenticated
            status = exc.status_code
        else:
            context.update(run=run, rows=table_rows(run.table))
    context["datasets"] = selectors.readable_datasets(actor).order_by(
        "organisation__slug", "name")[:200]
    return render(request, "catalog/sql.html", context, status=status)


def export(request: HttpRequest) -> FileResponse:
    return csv_response(actor_from_request(request), request.GET.get("sql", ""))


def csv_response(actor: Actor, sql: str) -> FileResponse:
    """A query's whole result as a CSV download (the console's and the API's)."""
    return FileResponse(queries.export_csv(actor, sql), as_attachment=True,
                        filename="aqyl-query.csv", content_type="text/csv")
