"""Bad roadmap content is a 422 that names the problem in Spanish, with a stable code and
details, and nothing is saved."""

import pytest

from tests.roadmaps.workspace import GOV, open_group, roadmap_body

WEIGHTS = "Pesos de las acciones clave que sumen 100"


def with_weights(*weights: int) -> dict:
    body = roadmap_body()
    for key_action, weight in zip(body["key_actions"], weights, strict=True):
        key_action["weight"] = weight
    return body


def with_activity_dates(start: str, end: str) -> dict:
    body = roadmap_body()
    body["key_actions"][0]["activities"][0] |= {"start_date": start, "end_date": end}
    return body


CASES = [
    (
        roadmap_body(start_date="2021-01-01", end_date="2020-01-01"),
        "end_before_start",
        "la fecha de conclusión (1 de enero de 2020) es anterior a la de inicio "
        "(1 de enero de 2021)",
    ),
    (
        with_activity_dates("2020-03-01", "2020-02-01"),
        "end_before_start",
        "la actividad «Taller de diseño»",
    ),
    (
        with_activity_dates("2019-12-01", "2020-02-01"),
        "activity_outside_roadmap_dates",
        "fuera de las de la hoja de ruta",
    ),
    (
        roadmap_body(responsible_cso_person_id="osc-desconocida"),
        "unknown_member",
        "«osc-desconocida» no integra el grupo de trabajo",
    ),
    (
        roadmap_body(responsible_public_servant_id="sp-maria"),
        "responsible_role_mismatch",
        "María Gómez integra el grupo como «Integrante»",
    ),
    (
        roadmap_body(responsible_public_servant_id="osc-luis"),
        "responsible_role_mismatch",
        "no como «Servidor público responsable»",
    ),
]


@pytest.mark.parametrize(("body", "code", "message"), CASES)
async def test_bad_content_is_refused_by_name_on_create_and_on_save(
    roadmaps, token_for, body, code, message
):
    group = await open_group(roadmaps, token_for)

    on_create = await roadmaps.post(group.roadmap_url, json=body, headers=group.as_(GOV))
    await group.create_roadmap()
    on_save = await group.put(body, etag='"1"')

    for response in (on_create, on_save):
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == code
        assert message in error["message"]
        assert error["details"]
    shown = (await group.get()).json()
    assert shown["version"] == 1
    history = await roadmaps.get(f"{group.roadmap_url}/versions", headers=group.as_(GOV))
    assert len(history.json()["items"]) == 1


@pytest.mark.parametrize("weights", [(40, 50), (70, 50)])
async def test_a_draft_whose_weights_do_not_sum_100_is_saved_with_a_warning(
    roadmaps, token_for, weights
):
    group = await open_group(roadmaps, token_for)

    created = await roadmaps.post(
        group.roadmap_url, json=with_weights(*weights), headers=group.as_(GOV)
    )
    submitted = await group.post("submit")

    assert created.status_code == 201, created.text
    body = created.json()
    assert body["weight_total"] == sum(weights)
    weights_missing = {"key": "key_action_weights", "label": WEIGHTS}
    assert body["missing_elements"] == [weights_missing]
    assert [ka["weight"] for ka in body["content"]["key_actions"]] == list(weights)
    assert submitted.status_code == 409
    error = submitted.json()["error"]
    assert error["code"] == "roadmap_incomplete" and WEIGHTS in error["message"]
    assert error["details"]["weight_total"] == sum(weights)


async def test_an_amendment_whose_weights_do_not_sum_100_is_refused(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.publish()

    body = with_weights(40, 50) | {"justification": "Ajuste por cambio de titular."}
    response = await group.put(body, etag='"1"')

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "weights_must_sum_100"
    assert "suman 90; deben sumar 100" in error["message"]
    assert error["details"] == {"sum": 90, "weights": [40, 50]}
    assert (await group.get()).json()["version"] == 1


async def test_a_draft_may_leave_elements_out(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)

    response = await roadmaps.post(
        group.roadmap_url,
        json={"final_result": "Por definir", "message": "Arranque"},
        headers=group.as_("osc-eva"),
    )

    assert response.status_code == 201
    assert response.json()["content"]["key_actions"] == []
    assert len(response.json()["missing_elements"]) == 7  # six elements + key actions


async def test_schema_errors_use_the_one_error_shape(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    body = roadmap_body()
    body["key_actions"][0]["weight"] = 0

    response = await roadmaps.post(group.roadmap_url, json=body, headers=group.as_(GOV))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "key_actions.0.weight" in [d["field"] for d in error["details"]]
