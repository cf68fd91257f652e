"""Events the tracking service publishes: ``tracking.<entity>.<verb>.v<n>``.

``tracking.notification.requested.v1`` goes to the gateway; the other three go only to the
agencies' webhooks (``POST /webhooks``), signed with each webhook's own secret."""

from datetime import date
from typing import Annotated

from pydantic import AwareDatetime, Field

from contracts.payload import NotificationRequest, Payload
from reference.ogp import (
    Completion,
    DidItOpenGovernment,
    OgpValue,
    PotentialImpact,
    ReportType,
    SelfAssessmentStatus,
)
from reference.statuses import ActivityStatus

NOTIFICATION_REQUESTED = "tracking.notification.requested.v1"
UPDATE_PUBLISHED = "tracking.update.published.v1"
STATUS_CHANGED = "tracking.commitment.status_changed.v1"
IRM_RECORDED = "tracking.irm_assessment.recorded.v1"
WEBHOOK_TOPICS = (UPDATE_PUBLISHED, STATUS_CHANGED, IRM_RECORDED)

PlanCode = Annotated[str, Field(min_length=1, max_length=40)]


class NotificationRequested(NotificationRequest):
    """``tracking.notification.requested.v1``: e-mail a follower of a commitment that a
    validated update was published (``kind`` ``commitment_update_published``; ``link`` the
    website's page of the commitment).

    Produced by tracking (``notifications.service.notify_followers``); consumed by the
    gateway (``gateway.events.handlers``), which e-mails it."""


class UpdatePublished(Payload):
    """``tracking.update.published.v1``: a progress update validated by the working group's
    civil society and by the Committee.

    Produced by tracking (``updates.service._publish``); consumed by agencies' webhooks."""

    update_id: str = Field(min_length=1, max_length=64)
    commitment_id: str = Field(min_length=1, max_length=64)
    plan_code: PlanCode
    commitment_number: int = Field(ge=1)
    activity_id: str = Field(min_length=1, max_length=64)
    activity_title: str = Field(max_length=500)
    new_status: ActivityStatus
    narrative: str = Field(max_length=5000)
    links: list[str]
    published_at: AwareDatetime


class StatusChanged(Payload):
    """``tracking.commitment.status_changed.v1``: the Committee's self-assessment of a
    commitment changed (``inactive_reason`` and ``inactive_since`` only when inactive).

    Produced by tracking (``assessments.service.set_self_assessment``); consumed by
    agencies' webhooks."""

    plan_code: PlanCode
    commitment_number: int = Field(ge=1)
    status: SelfAssessmentStatus
    inactive_reason: str | None = Field(max_length=2000)
    inactive_since: date | None


class IrmAssessmentRecorded(Payload):
    """``tracking.irm_assessment.recorded.v1``: an assessment of the Independent Reporting
    Mechanism, of a design or a results report.

    Produced by tracking (``assessments.service.record_irm``); consumed by agencies'
    webhooks."""

    plan_code: PlanCode
    commitment_number: int = Field(ge=1)
    report_type: ReportType
    report_name: str = Field(max_length=300)
    assessed_on: date | None
    verifiable: bool | None
    relevance: list[OgpValue] = Field(max_length=4)
    potential_impact: PotentialImpact | None
    completion: Completion | None
    did_it_open_government: DidItOpenGovernment | None
    comment: str | None = Field(max_length=5000)


TOPICS = {
    NOTIFICATION_REQUESTED: NotificationRequested,
    UPDATE_PUBLISHED: UpdatePublished,
    STATUS_CHANGED: StatusChanged,
    IRM_RECORDED: IrmAssessmentRecorded,
}
