"""Infrastructure shared by the Cocrea services and the gateway.

No domain nouns live here: settings, database sessions, the error shape, token
verification, logging, the outbox/inbox and the audit log.
"""
