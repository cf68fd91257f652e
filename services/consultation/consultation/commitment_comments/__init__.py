"""Public comments on a published commitment's progress, answered like the draft plan's."""
