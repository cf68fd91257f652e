"""The consultation's open data: a Frictionless package of topics with their answers,
themes and participation statistics exactly as published, with no personal data."""

import csv
import io
import json

import frictionless
import pytest

from consultation.config import ConsultationSettings
from consultation.demo import load_demo
from consultation.main import create_app
from kit.demo import ACCOUNTS_ENV
from tests.conftest import Databases, migrate, running, service_settings

PERSONAL = {"author_id", "author_key", "author_name", "captured_by", "drafted_by", "email"}


ROLES = ("admin", "committee", "government", "cso", "inai", "citizen")


def demo_accounts_file(path) -> str:
    """A demo accounts file as the gateway's ``seed-demo-accounts`` writes it."""
    people = [
        {
            "account_id": f"demo-{role}",
            "email": f"{role}@demo.test",
            "role": role,
            "name": f"Persona {role}",
            "organization": f"Organización {role}",
            "sector": role if role in ("government", "cso", "inai") else "",
        }
        for role in ROLES
    ]
    path.write_text(json.dumps(people), encoding="utf-8")
    return str(path)


@pytest.fixture(autouse=True)
def _demo_accounts(monkeypatch, tmp_path):
    """The whole demonstration cycle (themes, answers), as the dev stack loads it."""
    monkeypatch.setenv(ACCOUNTS_ENV, demo_accounts_file(tmp_path / "demo-accounts.json"))


async def _demo_client(databases: Databases, jwks_file: str):
    url = await databases.new("consultation")
    await migrate("consultation", url)
    settings = service_settings(ConsultationSettings, url, jwks_file)
    await load_demo(settings)
    return running(create_app(settings))


async def test_the_package_validates_and_every_resource_has_rows(
    databases: Databases, jwks_file, tmp_path
):
    async with await _demo_client(databases, jwks_file) as client:
        package = await client.get("/open-data/datapackage.json")
        assert package.status_code == 200 and package.headers["last-modified"]
        (tmp_path / "datapackage.json").write_text(package.text)
        for res in package.json()["resources"]:
            answer = await client.get(f"/open-data/{res['path']}")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith(
                "text/csv"
            )
            assert answer.headers["etag"] and answer.headers["last-modified"]
            assert len(answer.text.splitlines()) > 1, res["name"]  # the demo fills it
            (tmp_path / res["path"]).write_bytes(answer.content)
            assert res["last_modified"]
        unknown = await client.get("/open-data/secretos.csv")

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in package.json()["resources"]]
    assert names == ["topics", "themes", "participation_statistics"]
    assert unknown.status_code == 404


async def test_topics_carry_their_published_answer_and_nothing_personal(
    databases: Databases, jwks_file
):
    async with await _demo_client(databases, jwks_file) as client:
        rows = (await client.get("/open-data/topics.json")).json()
        csv_rows = list(
            csv.DictReader(io.StringIO((await client.get("/open-data/topics.csv")).text))
        )
        answered = next(r for r in rows if r["answer_state"])
        detail = (await client.get(f"/topics/{answered['id']}")).json()
        themes = (await client.get("/open-data/themes.json")).json()

    assert PERSONAL.isdisjoint(rows[0]) and PERSONAL.isdisjoint(csv_rows[0])
    assert {r["status"] for r in rows} <= {"published", "merged"}
    assert [r["id"] for r in rows] == [r["id"] for r in csv_rows]
    assert answered["answer_state"] == detail["answer"]["state"]
    assert answered["answer_justification"] == detail["answer"]["justification"]
    assert answered["votes_count"] == detail["votes_count"]
    assert themes and all(t["status"] in ("published", "promoted") for t in themes)


async def test_statistics_are_the_published_figures_suppressed_alike(
    databases: Databases, jwks_file
):
    async with await _demo_client(databases, jwks_file) as client:
        rows = (await client.get("/open-data/participation_statistics.json")).json()
        processes = (await client.get("/processes")).json()["items"]
        published = {
            p["id"]: (await client.get(f"/processes/{p['id']}/statistics")).json()
            for p in processes
        }

    assert rows and any(r["suppressed"] for r in rows)
    for row in rows:
        stats = published[row["process_id"]]
        if row["table"] == "totals":
            cell = stats["totals"][row["key"]]
        else:
            key = None if row["key"] == "sin_dato" else row["key"]
            cell = next(c for c in stats["tables"][row["table"]] if c["key"] == key)
        assert (row["count"], row["suppressed"]) == (cell["count"], cell["suppressed"])
        if row["suppressed"]:
            assert row["count"] is None
    expected = sum(
        1 + len(s["totals"]) - 1 + sum(len(t) for t in s["tables"].values())
        for s in published.values()
    )
    assert len(rows) == expected


async def test_revalidation_answers_304(databases: Databases, jwks_file):
    async with await _demo_client(databases, jwks_file) as client:
        first = await client.get("/open-data/themes.csv")
        by_etag = await client.get(
            "/open-data/themes.csv", headers={"If-None-Match": first.headers["etag"]}
        )
        by_date = await client.get(
            "/open-data/themes.csv", headers={"If-Modified-Since": first.headers["last-modified"]}
        )
        stale = await client.get(
            "/open-data/themes.csv",
            headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        )

    assert (by_etag.status_code, by_date.status_code, stale.status_code) == (304, 304, 200)
    assert "public" in first.headers["cache-control"]
