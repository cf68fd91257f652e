"""Commitments of an action plan: the OGP template, traceability to the consultation, and
the publication of the draft plan."""
