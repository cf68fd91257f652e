"""Cocrea's public website: server-rendered pages that read the API through the gateway."""
