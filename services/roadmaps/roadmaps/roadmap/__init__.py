"""Roadmaps (hojas de ruta): the seven required elements, weighted key actions and their
activities; immutable versions, review sessions, sign-offs, publication and amendments."""
