"""Accounts: registration, e-mail verification, login, MFA, refresh tokens, API clients."""
