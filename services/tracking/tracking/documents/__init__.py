"""The plan's documents (action plan, end-of-term self-assessment): data and narrative."""
