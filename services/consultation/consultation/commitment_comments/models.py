"""Published commitments open for comment during implementation, and the comments."""

from datetime import datetime

from sqlmodel import Field

from consultation.db import ConsultationModel, new_id, utcnow


class PublishedCommitment(ConsultationModel, table=True):
    """Consultation's copy of a published commitment (``roadmaps.commitment.published.v1``):
    what the comments and the Committee's list of them need to say."""

    __tablename__ = "published_commitment"

    commitment_id: str = Field(primary_key=True, max_length=64)
    plan_code: str = Field(max_length=40, index=True)
    number: int
    title: str = Field(max_length=300)
    published_at: datetime = Field(default_factory=utcnow)
    comments_count: int = Field(default=0)


class CommitmentComment(ConsultationModel, table=True):
    """A citizen's comment on a commitment's progress; answered through ``response``
    (``subject_type`` "progress"). The Committee may hide it (audited), never delete it."""

    __tablename__ = "commitment_comment"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    commitment_id: str = Field(
        foreign_key="published_commitment.commitment_id", max_length=64, index=True
    )
    process_id: str = Field(foreign_key="process.id", max_length=32, index=True)
    author_id: str | None = Field(default=None, max_length=80, index=True)
    author_name: str | None = Field(default=None, max_length=120)
    body: str = Field(max_length=4000)
    status: str = Field(default="published", max_length=12)  # published | hidden
    created_at: datetime = Field(default_factory=utcnow)
