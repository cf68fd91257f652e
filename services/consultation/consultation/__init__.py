"""Consultation service: co-creation processes, their dated phases and (next) the topics."""
