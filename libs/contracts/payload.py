"""What every payload contract shares."""

from pydantic import BaseModel, ConfigDict, Field


class Payload(BaseModel):
    """An event's payload as its producer sends it: a field the producer does not send is
    refused (``extra="forbid"``), so a producer and its consumers cannot drift apart."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NotificationRequest(Payload):
    """An e-mail a service asks the gateway to send (the gateway alone holds addresses); the
    same shape for every producer of ``<producer>.notification.requested.v1``."""

    account_id: str = Field(min_length=1, max_length=80)
    kind: str = Field(min_length=1, max_length=60)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=10_000)
    link: str = Field(max_length=500, description="A site path (or an absolute URL).")
