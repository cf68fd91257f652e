"""The route table: which service answers ``/api/v1/<service>/...`` and who may call it.

The table is data (``route_table.yaml``), not code per route. Each entry names a service,
methods, a service-relative path pattern, the roles allowed (``public`` for anyone,
``authenticated`` for any valid token, or role names), the scopes that let an agency API
client through, and optionally a rate limit, a body-size cap and ``require_mfa`` (people
must have signed in with two-step verification: the token's ``amr`` holds ``otp``).
Anything not in the table is not reachable from outside: the gateway denies by default.
"""

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from kit.errors import Forbidden, Unauthorized
from kit.tokens import Principal
from reference.roles import ROLES

MFA_METHOD = "otp"


class MfaRequiredForAction(Forbidden):
    code = "mfa_required_for_action"
    message = (
        "Esta acción requiere verificación en dos pasos: actívala en tu cuenta e inicia "
        "sesión de nuevo con el código de tu aplicación."
    )


PUBLIC, AUTHENTICATED = "public", "authenticated"
_PARAM = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


@dataclass(frozen=True)
class RouteRule:
    service: str
    methods: frozenset[str]
    path: str
    allow: frozenset[str]
    scopes: frozenset[str]
    rate_limit: str | None
    max_body: int | None
    pattern: re.Pattern[str]
    require_mfa: bool = False

    @property
    def id(self) -> str:
        return f"{self.service}:{'|'.join(sorted(self.methods))}:{self.path}"

    def authorize(self, principal: Principal | None) -> None:
        """Raise 401/403 unless ``principal`` may call this route."""
        if PUBLIC in self.allow:
            return
        if principal is None:
            raise Unauthorized()
        if principal.is_client:
            if self.scopes & principal.scopes:
                return
            raise Forbidden(
                "Tu cliente de API no tiene el alcance necesario.",
                code="insufficient_scope",
                details={"scopes": sorted(self.scopes)},
            )
        if AUTHENTICATED not in self.allow and principal.role not in self.allow:
            raise Forbidden()
        amr = principal.claims.get("amr")
        if self.require_mfa and not (isinstance(amr, list) and MFA_METHOD in amr):
            raise MfaRequiredForAction()


def _compile(path: str) -> re.Pattern[str]:
    regex = _PARAM.sub(r"[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
    return re.compile(f"^{regex}$")


def _specificity(rule: RouteRule) -> tuple[int, int]:
    segments = rule.path.strip("/").split("/")
    literal = sum(1 for s in segments if not _PARAM.fullmatch(s))
    return (-literal, -len(segments))


class RouteTable:
    def __init__(self, rules: list[RouteRule]) -> None:
        self.rules = sorted(rules, key=_specificity)
        self.services = frozenset(r.service for r in rules)
        # Every request is matched here: look only at the rules of its service whose first
        # segment is that literal or a parameter (kept in specificity order).
        self._buckets: dict[tuple[str, str], list[RouteRule]] = {}
        for rule in self.rules:
            first = rule.path.strip("/").split("/", 1)[0]
            key = (rule.service, "*" if _PARAM.fullmatch(first) else first)
            self._buckets.setdefault(key, []).append(rule)
        self._candidates: dict[tuple[str, str], list[RouteRule]] = {}
        self._rank = {rule.path: _specificity(rule) for rule in self.rules}

    def _rules_for(self, service: str, path: str) -> list[RouteRule]:
        first = path.strip("/").split("/", 1)[0]
        key = (service, first)
        found = self._candidates.get(key)
        if found is None:
            found = sorted(
                self._buckets.get(key, []) + self._buckets.get((service, "*"), []),
                key=_specificity,
            )
            if len(self._candidates) < 10_000:  # bounded: first segments come from callers
                self._candidates[key] = found
        return found

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "RouteTable":
        rules = []
        for entry in data["routes"]:
            allow = frozenset(entry.get("allow", []))
            unknown = allow - set(ROLES) - {PUBLIC, AUTHENTICATED}
            if unknown:
                raise ValueError(f"unknown roles in route table: {sorted(unknown)}")
            rules.append(
                RouteRule(
                    service=entry["service"],
                    methods=frozenset(m.upper() for m in entry["methods"]),
                    path=entry["path"],
                    allow=allow,
                    scopes=frozenset(entry.get("scopes", [])),
                    rate_limit=entry.get("rate_limit"),
                    max_body=entry.get("max_body"),
                    pattern=_compile(entry["path"]),
                    require_mfa=entry.get("require_mfa", False) is True,
                )
            )
        return cls(rules)

    def match(self, service: str, method: str, path: str) -> tuple[RouteRule | None, bool]:
        """The rule for a request, and whether the path exists under another method."""
        path_known = False
        for rule in self._resource(service, path):
            if method in rule.methods or (method == "HEAD" and "GET" in rule.methods):
                return rule, True
            path_known = True
        return None, path_known

    def _resource(self, service: str, path: str) -> list[RouteRule]:
        """The rules of the most specific route path matching ``path``: a literal segment
        shadows a parameter (``/topics/similar`` is not ``/topics/{topic_id}``), as in the
        services' own routers, so ``Allow`` lists only what the resource supports."""
        # The candidates are in specificity order: the first rule that matches is the most
        # specific, and the search stops at the first less specific one (every request
        # passes here, so it must cost no more than finding the first match did).
        found: list[RouteRule] = []
        best = None
        for rule in self._rules_for(service, path):
            rank = self._rank[rule.path]
            if best is not None and rank != best:
                break
            if rule.pattern.match(path):
                best = rank
                found.append(rule)
        return found

    def allowed_methods(self, service: str, path: str) -> list[str]:
        """Every method some rule accepts on ``path`` (HEAD with GET, and OPTIONS), for
        the ``Allow`` header of 405 and OPTIONS answers; empty when the path is unknown."""
        methods: set[str] = set()
        for rule in self._resource(service, path):
            methods |= rule.methods
        if "GET" in methods:
            methods.add("HEAD")
        return sorted(methods | {"OPTIONS"}) if methods else []


def load_route_table() -> RouteTable:
    text = resources.files("gateway").joinpath("route_table.yaml").read_text(encoding="utf-8")
    return RouteTable.from_data(yaml.safe_load(text))
