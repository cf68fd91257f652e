from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, HttpUrl

from reference.statuses import ActivityStatus, ReportedStatus
from tracking.updates.models import ProgressUpdate, UpdateEvidence, UpdateState


class UpdateCreate(BaseModel):
    activity_id: str = Field(min_length=1, max_length=64)
    new_status: ReportedStatus = Field(
        description="Estado reportado (hasta «completo»). Al validarse por ambos lados, un "
        "«completo» con enlaces o evidencia queda «verificado»."
    )
    narrative: str = Field(min_length=1, max_length=5000)
    links: list[HttpUrl] = Field(default_factory=list, max_length=20)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "activity_id": "act-10-1-1",
                    "new_status": "completo",
                    "narrative": "Se publicó el ITRN 2021 con los tres sectores evaluados.",
                    "links": ["https://example.org/itrn-2021.pdf"],
                }
            ]
        }
    }


class Resubmission(BaseModel):
    new_status: ReportedStatus | None = None
    narrative: str = Field(min_length=1, max_length=5000)
    links: list[HttpUrl] | None = Field(default=None, max_length=20)
    keep_evidence: bool = Field(default=True, description="Conservar los archivos ya subidos.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "new_status": "completo",
                    "narrative": "Se añadió el acta firmada de la sesión de cierre.",
                    "links": ["https://example.org/acta-cierre.pdf"],
                    "keep_evidence": True,
                }
            ]
        }
    }


class Validation(BaseModel):
    decision: Literal["approve", "reject"]
    reason: str | None = Field(default=None, max_length=2000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"decision": "approve"},
                {"decision": "reject", "reason": "Falta el enlace al acta de la reunión."},
            ]
        }
    }


class EvidenceRead(BaseModel):
    id: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    url: str

    @classmethod
    def of(cls, row: UpdateEvidence) -> "EvidenceRead":
        return cls(
            id=row.id,
            file_name=row.file_name,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            url=f"/evidence/{row.id}",
        )


class ValidationStep(BaseModel):
    by: str | None
    at: datetime | None


class UpdateRead(BaseModel):
    id: str
    commitment_id: str
    activity_id: str
    revision: int
    resubmission_of: str | None
    author_name: str
    new_status: ActivityStatus
    narrative: str
    links: list[str]
    state: UpdateState
    submitted_at: datetime
    cso_validation: ValidationStep
    committee_validation: ValidationStep
    rejection: dict | None
    published_at: datetime | None
    evidence: list[EvidenceRead]

    @classmethod
    def of(cls, row: ProgressUpdate, evidence: list[UpdateEvidence]) -> "UpdateRead":
        rejection = None
        if row.rejected_at is not None:
            rejection = {
                "side": row.rejected_side,
                "reason": row.rejection_reason,
                "at": row.rejected_at,
            }
        return cls(
            **row.model_dump(
                include={
                    "id",
                    "commitment_id",
                    "activity_id",
                    "revision",
                    "resubmission_of",
                    "author_name",
                    "new_status",
                    "narrative",
                    "links",
                    "state",
                    "submitted_at",
                    "published_at",
                }
            ),
            cso_validation=ValidationStep(by=row.cso_validated_by, at=row.cso_validated_at),
            committee_validation=ValidationStep(
                by=row.committee_validated_by, at=row.committee_validated_at
            ),
            rejection=rejection,
            evidence=[EvidenceRead.of(e) for e in evidence],
        )


class TimelineEntry(BaseModel):
    """A validated update as the public sees it (no account ids)."""

    id: str
    activity_id: str
    activity_title: str
    new_status: ActivityStatus
    narrative: str
    links: list[str]
    published_at: datetime
    evidence: list[EvidenceRead]


class QueueItem(UpdateRead):
    """A pending update in the Committee's queue, with what it reports on."""

    plan_code: str
    commitment_number: int | None
    commitment_title: str
    key_action_title: str
    activity_title: str
    indicator: str
    means_of_verification: str

    @classmethod
    def of_row(cls, row: Any, evidence: list[UpdateEvidence]) -> "QueueItem":
        update, commitment, activity, key_action = row
        return cls(
            **UpdateRead.of(update, evidence).model_dump(),
            plan_code=update.plan_code,
            commitment_number=commitment.number if commitment else None,
            commitment_title=commitment.title if commitment else "",
            key_action_title=key_action.title if key_action else "",
            activity_title=activity.title if activity else "",
            indicator=activity.indicator if activity else "",
            means_of_verification=activity.means_of_verification if activity else "",
        )


_QUEUED = {
    "id": "9b1d4c3aa1e2f3b4c5d6e7f85f0c2a7e",
    "commitment_id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
    "activity_id": "act-10-1-1",
    "revision": 1,
    "resubmission_of": None,
    "author_name": "Ana López",
    "new_status": "completo",
    "narrative": "Se publicó el ITRN 2021 con los tres sectores evaluados.",
    "links": ["https://example.org/itrn-2021.pdf"],
    "state": "pending",
    "submitted_at": "2027-03-01T17:00:00+00:00",
    "cso_validation": {"by": "b7e215f0c6b1e9d7a4c2b8e3f1a6d9c0", "at": "2027-03-02T16:00:00+00:00"},
    "committee_validation": {"by": None, "at": None},
    "rejection": None,
    "published_at": None,
    "evidence": [],
    "plan_code": "MX-5PA",
    "commitment_number": 10,
    "commitment_title": "Transparencia en el sector extractivo",
    "key_action_title": "Índice de transparencia",
    "activity_title": "Publicar el ITRN 2021",
    "indicator": "ITRN publicado",
    "means_of_verification": "Enlace al informe",
}


class QueuePage(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"items": [_QUEUED], "next_cursor": None}]}}

    items: list[QueueItem]
    next_cursor: str | None = None
