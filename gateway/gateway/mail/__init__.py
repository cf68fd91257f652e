"""Outgoing mail: queued in the outbox with the change that causes it, delivered after
commit by the gateway's mail relay through a transport (the dev mailbox or SMTP)."""
