"""What roadmaps holds about a person: the export and the erasure."""
