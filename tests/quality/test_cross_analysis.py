"""Quality across datasets: two systems compared on a shared key (exact counts against a
plain computation), and the operator's overview of every organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.test import Client

from aqyl.core.models import AuditEntry
from aqyl.quality import rule_services
from aqyl.quality.key_match import KeyMatchError, match_keys
from aqyl.quality.tasks import profile_version_task, run_version_rules_task
from tests.factories import actor, make_dataset, make_token, make_user

TAX = "iin;name;region\n000101300011;Асанов;Алматы\n010203400022;Бекова;Астана\n" \
      "020304500033;Серіков;Шымкент\n"
HEALTH = "iin;name;region\n000101300011;Асанов;Алматы\n010203400022;Бекова;Алматы\n" \
         "990101300044;Дәулетов;Атырау\n"


def test_keys_and_attributes_are_compared_exactly(tmp_path: Path) -> None:
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    pq.write_table(pa.table({"iin": ["001", "002", "003", None, "003", " 005"],
                             "name": ["A", "B", "C", "D", "C2", "E"], "age": [1, 2, 3, 4, 5, 6]}),
                   a)
    pq.write_table(pa.table({"bin": ["002", "003", "004", "005"], "name": ["B", "Cx", "F", "E"],
                             "age": [2.0, 3.0, 9.0, None]}), b)
    found = match_keys(str(a), str(b), "iin", "bin", [("name", "name"), ("age", "age")])
    left = {"001", "002", "003", "005"}
    right = {"002", "003", "004", "005"}
    assert (found.keys_a, found.keys_b, found.matched) == (4, 4, len(left & right))
    assert (found.only_a, found.only_b) == (1, 1)
    assert (found.samples_only_a, found.samples_only_b) == (["001"], ["004"])
    assert (found.repeated_a, found.empty_a) == (1, 1)
    name, age = found.attributes
    assert (name["conflicts"], name["samples"]) == (1, [["003", "C", "Cx"]])  # first row wins
    assert (age["conflicts"], age["samples"]) == (1, [["005", 6, None]])  # 2 and 2.0 agree
    with pytest.raises(KeyMatchError):
        match_keys(str(a), str(b), "iin")  # b has no column iin
    apart = match_keys(str(a), str(b), "name", "bin")  # no key in common, columns alike
    assert (apart.matched, apart.attributes[0]["conflicts"]) == (0, 0)


@pytest.mark.django_db
def test_readers_of_both_compare_through_api_page_and_cli(two_orgs: dict[str, Any],
                                                          client_for: Any) -> None:
    from typer.testing import CliRunner

    from aqyl.cli import app

    make_dataset(two_orgs["a"], "tax", csv_text=TAX, access_level="confidential")
    make_dataset(two_orgs["a"], "health", csv_text=HEALTH,
                 access_level="confidential")
    token = make_token(two_orgs["steward_a"])
    owner = Client(headers={"Authorization": f"Bearer {token}"})
    found = owner.get("/api/v1/quality/compare",
                      {"a": "org-a/tax", "b": "org-a/health", "key": "iin"}).json()
    assert (found["matched"], found["only_a"], found["only_b"]) == (2, 1, 1)
    region = next(x for x in found["attributes"] if x["a"] == "region")
    assert region["samples"] == [["010203400022", "Астана", "Алматы"]]
    # one entry per dataset that is not open
    assert AuditEntry.objects.filter(action="quality.compare").count() == 2
    outsider = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_b'])}"})
    assert outsider.get("/api/v1/quality/compare", {"a": "org-a/tax", "b": "org-a/health",
                                                    "key": "iin"}).status_code == 404
    bad = owner.get("/api/v1/quality/compare", {"a": "org-a/tax", "b": "org-a/health",
                                                "key": "bin"}, headers={"Accept-Language": "en"})
    assert bad.status_code == 400
    assert "has no column bin" in bad.json()["error"]["message"]
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/quality/compare/", {"a": "org-a/tax", "b": "org-a/health",
                                            "key": "iin"}).content.decode()
    assert 'data-testid="matched">2<' in page
    printed = CliRunner().invoke(app, ["dataset", "compare", "org-a/tax", "org-a/health",
                                       "--key", "iin", "--json", "--token", token])
    assert printed.exit_code == 0, printed.output
    assert '"matched": 2' in printed.output


@pytest.mark.django_db
def test_the_overview_shows_each_organisation_to_platform_roles(two_orgs: dict[str, Any],
                                                               client_for: Any) -> None:
    good = make_dataset(two_orgs["a"], "good")
    bad = make_dataset(two_orgs["b"], "bad", csv_text="a;b\n1;\n1;\n;\n")
    for version in (good, bad):
        profile_version_task.func(version_id=version.pk)
    rule_services.save_rules(actor(two_orgs["steward_b"]), bad.dataset,
                             "- {check: not_null, column: a, severity: critical}")
    run_version_rules_task.func(version_id=bad.pk)
    operator = make_user("operator", platform_role="platform_auditor")
    rows = Client(headers={"Authorization": f"Bearer {make_token(operator)}"}).get(
        "/api/v1/quality/overview").json()
    assert [r["organisation"] for r in rows] == ["org-b", "org-a"]  # worst first
    assert rows[0]["incomplete"] == rows[0]["duplicated"] == rows[0]["failing"] == ["org-b/bad"]
    assert rows[1]["failing"] == []
    member = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_a'])}"})
    assert [r["organisation"] for r in member.get("/api/v1/quality/overview").json()] == [
        "org-a"]
    page = client_for(operator).get("/quality/").content.decode()
    assert 'data-testid="quality-overview"' in page
    assert client_for(make_user("nobody")).get("/quality/").status_code == 403
