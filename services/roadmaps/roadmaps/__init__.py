"""Roadmaps service: commitments, working groups and their roadmaps (phases 3 and 4)."""
