"""The gateway: accounts, tokens, role-based access, the route table and the proxy."""
