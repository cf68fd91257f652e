"""Working groups: one per commitment, its members by sector and role, its public rules."""
