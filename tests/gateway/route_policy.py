"""Who may call each route, as every access test reads it: from the route table itself.

``gateway/gateway/route_table.yaml`` is the one place a route's policy is written (its
``allow`` roles, the API-client ``scopes``, ``require_mfa``); the tests here and in
tests/authz/ derive the expected allow/deny of every caller from it instead of keeping a
copy. What keeps the table honest without a copy: its ``allow`` sets must be named sets of
``reference.roles`` (tests/gateway/test_route_table.py), the gateway must enforce them
(the role matrix), and the services behind it must let in everybody the table lets in
(the live matrix of tests/authz/).
"""

from gateway.routing import AUTHENTICATED, PUBLIC, RouteRule, load_route_table
from reference.roles import ROLES

Route = tuple[str, str, str]  # (service, method, service-relative path)
ANONYMOUS = "anonymous"
EVERYONE = frozenset({ANONYMOUS, *ROLES})
SIGNED_IN = EVERYONE - {ANONYMOUS}
RULES: tuple[RouteRule, ...] = tuple(load_route_table().rules)


def callers(rule: RouteRule) -> frozenset[str]:
    """The kinds of people the rule lets in (``anonymous`` for nobody signed in)."""
    if PUBLIC in rule.allow:
        return EVERYONE
    if AUTHENTICATED in rule.allow:
        return SIGNED_IN
    return frozenset(rule.allow)


POLICY: dict[Route, frozenset[str]] = {
    (rule.service, method, rule.path): callers(rule) for rule in RULES for method in rule.methods
}
# The routes an agency API client may call besides public ones, with the scopes that grant them.
CLIENT_SCOPES: dict[Route, frozenset[str]] = {
    (rule.service, method, rule.path): rule.scopes
    for rule in RULES
    for method in rule.methods
    if rule.scopes
}
