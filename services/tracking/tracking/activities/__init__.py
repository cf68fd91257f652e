"""The roadmaps tracking keeps: versions, key actions, activities, working groups."""
