"""The published commitments as tracking keeps them, and each plan's change counter."""
