"""A commitment with its working group, as the roadmaps tests need it: who is in it, their
tokens, and a roadmap body with every required element."""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

PLAN = "MX-4PA"
# account id -> (name, sector, role in the group, token role)
MEMBERS: dict[str, tuple[str, str, str]] = {
    "sp-ana": ("Ana López", "government", "responsible_public_servant"),
    "osc-luis": ("Luis Pérez", "cso", "responsible_cso_person"),
    "sp-maria": ("María Gómez", "government", "member"),
    "osc-eva": ("Eva Ruiz", "cso", "member"),
    "inai-rosa": ("Rosa Díaz", "inai", "member"),
}
GOV, CSO = "sp-ana", "osc-luis"


def roadmap_body(**changes: Any) -> dict[str, Any]:
    """A roadmap with all seven elements and key actions weighing 40 + 60."""
    body: dict[str, Any] = {
        "responsible_public_servant_id": GOV,
        "responsible_cso_person_id": CSO,
        "final_result": "Seguimiento ciudadano del gasto en seis programas sociales.",
        "expected_products": ["Herramienta de seguimiento", "Reportes trimestrales"],
        "indicators": ["Programas con reporte publicado"],
        "means_of_verification": ["Reportes en el micrositio"],
        "start_date": "2020-01-15",
        "end_date": "2021-08-31",
        "key_actions": [
            {
                "title": "Diseño de la herramienta",
                "weight": 40,
                "activities": [
                    {
                        "title": "Taller de diseño",
                        "start_date": "2020-01-15",
                        "end_date": "2020-03-31",
                        "indicator": "Taller realizado",
                        "means_of_verification": "Minuta",
                    }
                ],
            },
            {
                "title": "Piloto en programas sociales",
                "weight": 60,
                "activities": [
                    {
                        "title": "Piloto en Sembrando Vida",
                        "start_date": "2020-04-01",
                        "end_date": "2021-06-30",
                        "indicator": "Reporte del piloto",
                        "means_of_verification": "Reporte publicado",
                    }
                ],
            },
        ],
        "message": "Propuesta inicial",
    }
    body.update(changes)
    return body


def editable(read: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A roadmap as read, turned back into a save body that keeps the item ids."""
    content = copy.deepcopy(read["content"])
    for role in ("responsible_public_servant", "responsible_cso_person"):
        person = content.pop(role)
        content[f"{role}_id"] = person["account_id"] if person else None
    for ka in content["key_actions"]:
        ka.pop("order")
        for act in ka["activities"]:
            act.pop("order")
    return content | {"message": "Edición"} | changes


@dataclass
class Group:
    client: httpx.AsyncClient
    token_for: Callable[..., dict[str, str]]
    commitment_id: str
    committee: dict[str, str]
    members: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def roadmap_url(self) -> str:
        return f"/commitments/{self.commitment_id}/roadmap"

    def as_(self, account_id: str) -> dict[str, str]:
        """The headers of a staff account (its token role is its sector)."""
        sector = self.members[account_id][1] if account_id in self.members else "cso"
        return self.token_for(sector, sub=account_id)

    async def add(self, account_id: str, name: str, sector: str, role: str = "member"):
        body = {"account_id": account_id, "name": name, "sector": sector, "group_role": role}
        body["organization"] = "Secretaría de Bienestar" if sector == "government" else "GESOC"
        response = await self.client.post(
            f"/commitments/{self.commitment_id}/working-group/members",
            json=body,
            headers=self.committee,
        )
        assert response.status_code == 201, response.text
        self.members[account_id] = (name, sector, role)
        return response

    async def create_roadmap(self, body: dict[str, Any] | None = None, as_: str = GOV):
        body = roadmap_body() if body is None else body
        response = await self.client.post(self.roadmap_url, json=body, headers=self.as_(as_))
        assert response.status_code == 201, response.text
        return response

    async def get(self, as_: str | None = GOV) -> httpx.Response:
        headers = self.as_(as_) if as_ else {}
        return await self.client.get(self.roadmap_url, headers=headers)

    async def put(self, body: dict[str, Any], etag: str | None, as_: str = GOV) -> httpx.Response:
        headers = self.as_(as_) | ({"If-Match": etag} if etag else {})
        return await self.client.put(self.roadmap_url, json=body, headers=headers)

    async def post(self, action: str, as_: str = GOV, **kw: Any) -> httpx.Response:
        headers = self.committee if as_ == "committee" else self.as_(as_)
        headers = headers | kw.pop("headers", {})
        return await self.client.post(f"{self.roadmap_url}/{action}", headers=headers, **kw)

    async def review_session(self, attendees: list[str], held_on: str = "2019-08-12"):
        body = {
            "held_on": held_on,
            "attendee_ids": attendees,
            "minutes": "Se revisaron indicadores y fechas.",
            "outcome": "Se ajustan los pesos.",
        }
        response = await self.post("review-sessions", json=body)
        assert response.status_code == 201, response.text
        return response

    async def sign(self, account_id: str) -> httpx.Response:
        etag = (await self.get(account_id)).headers["etag"]
        return await self.post("sign-offs", as_=account_id, headers={"If-Match": etag})

    async def ready_to_agree(self, body: dict[str, Any] | None = None) -> None:
        """Created (unless it is), in review, two sessions with both sides, both signed."""
        if (await self.get()).status_code == 404:
            await self.create_roadmap(body)
        assert (await self.post("submit")).status_code == 200
        await self.review_session([GOV, CSO])
        await self.review_session([GOV, CSO, "inai-rosa"], held_on="2019-08-19")
        content = (await self.get()).json()["content"]
        for role in ("responsible_public_servant", "responsible_cso_person"):
            if content[role]:  # a missing responsible person cannot sign
                assert (await self.sign(content[role]["account_id"])).status_code == 201

    async def publish(self) -> httpx.Response:
        await self.ready_to_agree()
        assert (await self.post("agree")).status_code == 200
        response = await self.post("publish", as_="committee")
        assert response.status_code == 200, response.text
        return response


async def open_group(
    client: httpx.AsyncClient,
    token_for: Callable[..., dict[str, str]],
    number: int = 1,
    *,
    members: dict[str, tuple[str, str, str]] | None = None,
    publish: bool = True,
) -> Group:
    """A (published) commitment whose working group has ``members``."""
    committee = token_for("committee", sub="sfp-comite")
    body = {
        "plan_code": PLAN,
        "number": number,
        "slug": f"c-{number}",
        "title": f"Compromiso {number}",
    }
    created = await client.post("/commitments", json=body, headers=committee)
    assert created.status_code == 201, created.text
    commitment_id = created.json()["id"]
    if publish:
        await client.post(f"/commitments/{commitment_id}/publish", headers=committee)
    group = Group(client, token_for, commitment_id, committee)
    for account_id, (name, sector, role) in (MEMBERS if members is None else members).items():
        await group.add(account_id, name, sector, role)
    return group
