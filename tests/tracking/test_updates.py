"""Progress updates: public only after the CSO side and the Committee validate them."""

from pathlib import Path

from kit import audit
from tests.tracking.conftest import CSO, GOV, INAI, tracked_commitment

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def submit(client, token_for, activity="c10-k1-a1", status="completo", sub=GOV):
    return await client.post(
        "/commitments/c10/updates",
        json={
            "activity_id": activity,
            "new_status": status,
            "narrative": "Se publicó el informe.",
            "links": ["https://example.org/informe"],
        },
        headers=token_for("government", sub=sub, name="Ana Gobierno"),
    )


async def validate(client, headers, update_id, decision="approve", reason=None):
    body = {"decision": decision} | ({"reason": reason} if reason else {})
    return await client.post(f"/updates/{update_id}/validation", json=body, headers=headers)


async def activity_status(client, activity_id="c10-k1-a1") -> str:
    detail = (await client.get("/commitments/c10")).json()
    return {a["id"]: a["status"] for ka in detail["key_actions"] for a in ka["activities"]}[
        activity_id
    ]


async def test_an_update_is_public_only_after_both_validations(tracking, token_for):
    await tracked_commitment(tracking)
    created = await submit(tracking, token_for)
    update_id = created.json()["id"]

    after_submit = (await tracking.get("/commitments/c10/timeline")).json()
    hidden = await tracking.get(f"/updates/{update_id}")
    cso = await validate(tracking, token_for("cso", sub=CSO), update_id)
    after_cso = (await tracking.get("/commitments/c10/timeline")).json()
    status_after_cso = await activity_status(tracking)
    committee = await validate(tracking, token_for("committee", sub="sfp-1"), update_id)
    timeline = (await tracking.get("/commitments/c10/timeline")).json()

    assert created.status_code == 201, created.text
    assert created.json()["state"] == "pending"
    assert after_submit == [] and after_cso == []
    assert hidden.status_code == 403
    assert cso.json()["state"] == "pending"
    assert status_after_cso == "por_iniciar"
    assert committee.status_code == 200 and committee.json()["state"] == "published"
    assert [(e["id"], e["new_status"]) for e in timeline] == [(update_id, "completo")]
    assert "author_sub" not in timeline[0] and "cso_validation" not in timeline[0]
    # reported "completo" with a link, validated by both sides: verified
    assert await activity_status(tracking) == "verificado"
    async with tracking.app.state.db.transaction(read_only=True) as session:
        steps = await audit.history(session, "progress_update", update_id)
    assert [s["action"] for s in steps] == [
        "update.submitted",
        "update.validated_by_cso",
        "update.validated_by_committee",
    ]
    assert all(s["occurred_at"] is not None for s in steps)


async def test_a_rejected_update_goes_back_and_a_new_revision_needs_both_again(tracking, token_for):
    await tracked_commitment(tracking)
    first = (await submit(tracking, token_for)).json()["id"]
    rejected = await validate(
        tracking, token_for("committee"), first, "reject", "Falta el acta de la sesión."
    )
    late_cso = await validate(tracking, token_for("cso", sub=CSO), first)
    again = await tracking.post(
        f"/updates/{first}/resubmission",
        json={"narrative": "Se agrega el acta de la sesión."},
        headers=token_for("government", sub=GOV),
    )
    second = again.json()["id"]
    status_before = await activity_status(tracking)
    await validate(tracking, token_for("cso", sub=CSO), second)
    await validate(tracking, token_for("committee"), second)
    listed = await tracking.get("/commitments/c10/updates", headers=token_for("committee"))

    assert rejected.json()["state"] == "rejected"
    assert rejected.json()["rejection"]["reason"] == "Falta el acta de la sesión."
    assert late_cso.status_code == 409
    assert late_cso.json()["error"]["code"] == "update_not_pending"
    assert again.status_code == 201
    assert (again.json()["revision"], again.json()["resubmission_of"]) == (2, first)
    assert again.json()["state"] == "pending"
    assert status_before == "por_iniciar"
    assert await activity_status(tracking) == "verificado"
    states = {u["id"]: u["state"] for u in listed.json()}
    assert states == {first: "rejected", second: "published"}
    timeline = (await tracking.get("/commitments/c10/timeline")).json()
    assert [e["id"] for e in timeline] == [second]


async def test_a_cso_member_can_reject_too(tracking, token_for):
    await tracked_commitment(tracking)
    update_id = (await submit(tracking, token_for)).json()["id"]
    answer = await validate(
        tracking, token_for("cso", sub=CSO), update_id, "reject", "Sin evidencia"
    )
    assert answer.json()["rejection"]["side"] == "cso"


async def test_only_government_members_of_the_group_submit(tracking, token_for):
    await tracked_commitment(tracking)
    outsider = await submit(tracking, token_for, sub="gov-otro")
    cso_as_gov = await submit(tracking, token_for, sub=CSO)  # a CSO account id, wrong sector
    citizen = await tracking.post(
        "/commitments/c10/updates",
        json={"activity_id": "c10-k1-a1", "new_status": "completo", "narrative": "x"},
        headers=token_for("citizen"),
    )
    assert outsider.status_code == 403
    assert outsider.json()["error"]["code"] == "not_working_group_member"
    assert cso_as_gov.status_code == 403
    assert citizen.status_code == 403
    assert (
        await tracking.get("/commitments/c10/updates", headers=token_for("committee"))
    ).json() == []


async def test_nobody_validates_their_own_update_or_both_sides(tracking, token_for):
    await tracked_commitment(tracking)
    update_id = (await submit(tracking, token_for, sub=GOV)).json()["id"]
    own_as_committee = await validate(tracking, token_for("committee", sub=GOV), update_id)
    not_member = await validate(tracking, token_for("cso", sub="cso-otro"), update_id)
    inai = await validate(tracking, token_for("inai", sub=INAI), update_id)
    government = await validate(tracking, token_for("government", sub="gov-2"), update_id)

    assert own_as_committee.status_code == 403
    assert own_as_committee.json()["error"]["code"] == "self_validation"
    assert not_member.status_code == 403
    assert not_member.json()["error"]["code"] == "not_working_group_member"
    assert inai.status_code == 403 and government.status_code == 403
    detail = (await tracking.get(f"/updates/{update_id}", headers=token_for("committee"))).json()
    assert detail["cso_validation"]["at"] is None and detail["committee_validation"]["at"] is None


async def test_unknown_status_or_activity_is_refused(tracking, token_for):
    await tracked_commitment(tracking)
    status = await submit(tracking, token_for, status="terminado")
    activity = await submit(tracking, token_for, activity="no-existe")
    assert status.status_code == 422
    assert status.json()["error"]["code"] == "validation_error"
    assert activity.status_code == 404
    assert activity.json()["error"]["code"] == "activity_not_found"


async def test_an_inactive_commitment_refuses_updates_but_stays_visible(tracking, token_for):
    await tracked_commitment(tracking)
    pending = (await submit(tracking, token_for, activity="c10-k2-a1")).json()["id"]
    no_reason = await tracking.put(
        "/commitments/c10/self-assessment",
        json={"status": "inactive"},
        headers=token_for("committee"),
    )
    marked = await tracking.put(
        "/commitments/c10/self-assessment",
        json={
            "status": "inactive",
            "inactive_reason": "Las OSC dejaron el grupo de trabajo.",
            "inactive_since": "2020-10-21",
        },
        headers=token_for("committee"),
    )
    refused = await submit(tracking, token_for)
    validation = await validate(tracking, token_for("cso", sub=CSO), pending)
    shown = await tracking.get("/commitments/c10")

    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["code"] == "inactive_needs_reason"
    assert marked.status_code == 200
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "commitment_inactive"
    assert validation.status_code == 409
    assert shown.status_code == 200
    assert shown.json()["inactive"] is True
    assert shown.json()["self_assessment"]["inactive_reason"].startswith("Las OSC")


async def _upload(client, token_for, update_id, name, data, declared="application/pdf"):
    return await client.post(
        f"/updates/{update_id}/evidence",
        files={"file": (name, data, declared)},
        headers=token_for("government", sub=GOV),
    )


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_evidence_is_stored_by_checksum_and_served_with_its_real_type(
    tracking, token_for, tmp_path
):
    await tracked_commitment(tracking)
    update_id = (await submit(tracking, token_for)).json()["id"]
    uploaded = await _upload(tracking, token_for, update_id, "acta.pdf", PDF, "image/png")
    evidence = uploaded.json()
    hidden = await tracking.get(evidence["url"])
    await validate(tracking, token_for("cso", sub=CSO), update_id)
    await validate(tracking, token_for("committee"), update_id)
    served = await tracking.get(evidence["url"])

    assert uploaded.status_code == 201, uploaded.text
    assert evidence["content_type"] == "application/pdf"  # sniffed, not the declared header
    import hashlib

    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert [p.name for p in files_in(tmp_path / "evidence")] == [evidence["sha256"]]
    assert hidden.status_code == 403
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/pdf"
    assert served.content == PDF
    timeline = (await tracking.get("/commitments/c10/timeline")).json()
    assert timeline[0]["evidence"][0]["sha256"] == evidence["sha256"]


async def test_refused_files_leave_nothing_on_disk(tracking, token_for, tmp_path):
    await tracked_commitment(tracking)
    update_id = (await submit(tracking, token_for)).json()["id"]
    exe = await _upload(tracking, token_for, update_id, "informe.pdf", b"MZ\x90\x00binario")
    html = await _upload(tracking, token_for, update_id, "x.csv", b"<html>\x00</html>", "text/csv")
    big = await _upload(tracking, token_for, update_id, "grande.pdf", PDF + b"0" * 70_000)
    outsider = await tracking.post(
        f"/updates/{update_id}/evidence",
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=token_for("government", sub="gov-otro"),
    )

    assert (exe.status_code, exe.json()["error"]["code"]) == (415, "evidence_type_refused")
    assert html.status_code == 415
    assert (big.status_code, big.json()["error"]["code"]) == (413, "evidence_too_large")
    assert outsider.status_code == 403
    assert files_in(tmp_path / "evidence") == []
    detail = (await tracking.get(f"/updates/{update_id}", headers=token_for("committee"))).json()
    assert detail["evidence"] == []
