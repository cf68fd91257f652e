"""The commitment bodies under their original import path (the demo loader and other
services' tests use ``roadmaps.schemas.CommitmentCreate``)."""

from roadmaps.commitments.schemas import CommitmentCreate, CommitmentList, CommitmentRead

__all__ = ["CommitmentCreate", "CommitmentList", "CommitmentRead"]
