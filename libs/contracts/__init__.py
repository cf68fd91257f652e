"""The payload of every event between Cocrea's processes, owned by its producer.

One module per producer (``contracts.consultation``, ``contracts.roadmaps``,
``contracts.tracking``, ``contracts.auth`` for the gateway's accounts): its topic names and
one pydantic model per topic, which the producer builds and its consumers parse into
(``kit.inbox.Consumer``). Fields a producer does not send are refused, so a payload that
drifts from its contract fails ``tests/events/test_contracts.py``, which builds every
producer's payload through the real services and validates it here.

Data and types only: this package imports pydantic, the standard library and
``reference``, never the kit nor a service (import-linter keeps it so).
"""

from pydantic import BaseModel

from contracts import auth, consultation, roadmaps, tracking

TOPICS: dict[str, type[BaseModel]] = {
    **auth.TOPICS,
    **consultation.TOPICS,
    **roadmaps.TOPICS,
    **tracking.TOPICS,
}
