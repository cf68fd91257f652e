"""The commitment entry points under their original import path (``roadmaps.service``),
used by the demo loader and by tests that drive the service layer directly."""

from roadmaps.commitments.service import (
    create_commitment,
    get_commitment,
    list_commitments,
    publish_commitment,
)

__all__ = ["create_commitment", "get_commitment", "list_commitments", "publish_commitment"]
