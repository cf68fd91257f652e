"""roadmaps."""
