"""Staff type in paper questionnaires, one by one or as a CSV accepted whole or refused whole."""

from sqlalchemy import func, select

from consultation.topics.models import Topic

HEADER = "title,problem,affected,solution,area,state_code,sdg_tags\n"
GOOD = (
    "Agua en la sierra,Las obras de agua no se publican por localidad.,Comunidades rurales,"
    "Publicar las obras de agua por localidad y su avance.,fiscal_openness,20,6.1\n"
)


async def _count(app) -> int:
    async with app.state.db.transaction(read_only=True) as session:
        return (await session.execute(select(func.count()).select_from(Topic))).scalar_one()


async def test_staff_captures_one_questionnaire(consultation, process_id, token_for):
    staff = token_for("cso", sub="osc-7")
    body = {
        "title": "Transparencia en el transporte público",
        "problem": "Las concesiones de transporte no se publican.",
        "affected": "Usuarios del transporte",
        "solution": "Publicar las concesiones y tarifas en datos abiertos.",
        "area": "access_to_information",
        "state_code": "14",
    }
    response = await consultation.post(
        f"/processes/{process_id}/territorial/topics", json=body, headers=staff
    )
    citizen = await consultation.post(
        f"/processes/{process_id}/territorial/topics", json=body, headers=token_for("citizen")
    )

    assert response.status_code == 201
    assert response.json()["channel"] == "territorial" and response.json()["author_name"] is None
    assert citizen.status_code == 403


async def test_csv_import_is_all_or_nothing(consultation, process_id, token_for):
    staff = token_for("government", sub="sfp-1")
    url = f"/processes/{process_id}/territorial/import"
    bad = (
        HEADER
        + GOOD
        + "Mal,x,Comunidades,Publicar las obras de agua por localidad.,weather,40,99\n"
        + GOOD.replace("Agua en la sierra", "Agua\x00 sierra")
    )

    refused = await consultation.post(
        url, content=bad.encode(), headers=staff | {"content-type": "text/csv"}
    )
    count_after_refusal = await _count(consultation.app)
    accepted = await consultation.post(
        url,
        files={"file": ("cuestionarios.csv", (HEADER + GOOD * 3).encode(), "text/csv")},
        headers=staff,
    )

    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "import_rejected"
    found = {(e["row"], e["field"]) for e in error["details"]["errors"]}
    assert {(3, "area"), (3, "state_code"), (3, "sdg_tags"), (3, "title"), (3, "problem")} <= found
    assert (4, "title") in found and not any(row == 2 for row, _ in found)
    assert all(e["message"] for e in error["details"]["errors"])
    assert count_after_refusal == 0
    assert accepted.status_code == 201 and accepted.json()["imported"] == 3
    assert await _count(consultation.app) == 3


async def test_csv_without_the_columns_is_refused(consultation, process_id, token_for):
    response = await consultation.post(
        f"/processes/{process_id}/territorial/import",
        content=b"foo,bar\n1,2\n",
        headers=token_for("inai") | {"content-type": "text/csv"},
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_csv"
