"""The co-creation process of a plan and its dated phases: the central domain."""
