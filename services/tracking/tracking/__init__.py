"""Tracking service: the public follow-up of published commitments (phase 6)."""
