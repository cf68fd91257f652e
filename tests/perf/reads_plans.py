"""Extra plans for the reads benchmark: demo rows of roadmaps and tracking copied with new ids.

The copy is generic: the template rows of each table are read as they are, every id they
carry that belongs to a copied row (a whole value, or a 32-hex id inside text or JSON) is
replaced by a new id derived from it, and a few columns are overridden (``plan_code``). The
new ids are a hash of (plan, commitment number, old id), so roadmaps and tracking, copied
separately, agree on the ids they share (commitments, roadmaps, key actions, activities,
meetings). See reads_data.py.
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import asyncpg

DEMO_PLAN = "MX-4PA"  # its 13 commitments are copied into each extra plan
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def extra_plans(factor: int) -> list[str]:
    return [f"MX-X{k:03d}" for k in range(1, factor)]


@dataclass(frozen=True)
class Copy:
    """One new commitment: plan and number, copied from the demo plan's commitment ``source``,
    with the roadmap (and what hangs off it) of the demo commitment ``roadmap_source``."""

    plan: str
    number: int
    source: str
    roadmap_source: str

    def new_id(self, old: str) -> str:
        if old == self.roadmap_source:  # both templates become the one new commitment
            old = self.source
        return hashlib.md5(f"{self.plan}:{self.number}:{old}".encode()).hexdigest()  # noqa: S324


class Copier:
    """Template rows in, copied rows out, through ``copy_records_to_table``."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.known: set[str] = set()  # the ids of template rows: those are remapped
        self.inserted: dict[str, int] = {}

    async def rows(self, table: str, where: str, *args, ids: Iterable[str] = ()) -> list[dict]:
        query = f'SELECT * FROM "{table}" WHERE {where}'  # noqa: S608 (constant SQL)
        found = [dict(r) for r in await self.conn.fetch(query, *args)]
        for row in found:
            self.known.update(row[c] for c in ids if row[c])
        return found

    def remap(self, value, copy: Copy):
        if not isinstance(value, str):
            return value
        if value in self.known:  # an id of any shape ("demo-MX-4PA-1-results")
            return copy.new_id(value)

        def new(match: re.Match) -> str:
            old = match.group(0)
            return copy.new_id(old) if old in self.known else old

        return _HEX_ID.sub(new, value)

    def build(self, row: dict, copy: Copy, overrides: dict[str, Callable[[Copy], object]]):
        return tuple(
            overrides[c](copy) if c in overrides else self.remap(v, copy) for c, v in row.items()
        )

    async def insert(
        self,
        table: str,
        templates: Callable[[Copy], list[dict]],
        copies: list[Copy],
        overrides: dict[str, Callable[[Copy], object]] | None = None,
    ) -> None:
        records, columns = [], None
        for copy in copies:
            for row in templates(copy):
                columns = columns or list(row)
                records.append(self.build(row, copy, overrides or {}))
        if records:
            await self.conn.copy_records_to_table(table, records=records, columns=columns)
        self.inserted[table] = self.inserted.get(table, 0) + len(records)

    async def insert_under(self, under: dict[str, dict[str, list[dict]]], copies: list[Copy]):
        """Each table's rows of a copy's roadmapped demo commitment, once per copy."""
        for table, rows in under.items():
            await self.insert(table, lambda c, r=rows: r.get(c.roadmap_source, []), copies, PLAN)


def by(rows: list[dict], key: Callable[[dict], str]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def of(column: str) -> Callable[[dict], str]:
    return lambda row: row[column]


def plan_copies(plans: list[str], commitments: list[dict], roadmapped: list[str]) -> list[Copy]:
    """Each plan gets the demo plan's commitments; commitment n the roadmap of the
    n-th roadmapped demo commitment (cycling)."""
    return [
        Copy(plan, c["number"], c["id"], roadmapped[i % len(roadmapped)])
        for plan in plans
        for i, c in enumerate(sorted(commitments, key=lambda c: c["number"]))
    ]


def per_plan(copies: list[Copy]) -> list[Copy]:
    """One copy per plan (number 0): for the rows a plan has once."""
    return [Copy(p, 0, "", "") for p in dict.fromkeys(c.plan for c in copies)]


PLAN = {"plan_code": lambda c: c.plan}
# A copied commitment is an ordinary (not demonstration) one, with no consultation theme.
COMMITMENT = PLAN | {"demo": lambda c: False}


# Roadmaps' rows of a roadmapped commitment, by the column that ties them to it, and the
# columns holding the ids of copied rows (in the order the foreign keys need).
ROADMAPS_ROWS = {
    "working_group": ("commitment_id", []),
    "working_group_member": ("commitment_id", []),
    "meeting": ("commitment_id", ["id"]),
    "roadmap_version": ("roadmap_id", []),
    "roadmap_publication": ("roadmap_id", []),
    "roadmap_sign_off": ("roadmap_id", []),
    "review_session": ("roadmap_id", ["id"]),
}


async def copy_roadmaps(conn: asyncpg.Connection, plans: list[str]) -> dict[str, int]:
    """MX-4PA's commitments into ``plans``, each with a published demo roadmap, its versions,
    publications, sign-offs, review sessions, working group, members and meetings."""
    cp = Copier(conn)
    commitments = await cp.rows("commitment", "plan_code = $1", DEMO_PLAN, ids=["id"])
    roadmaps = await cp.rows("roadmap", "published_version IS NOT NULL", ids=["id"])
    commitment_of = {r["id"]: r["commitment_id"] for r in roadmaps}
    sources = sorted(commitment_of.values())
    cp.known.update(sources)
    under = {"roadmap": by(roadmaps, of("commitment_id"))}
    for table, (column, ids) in ROADMAPS_ROWS.items():
        keys = sources if column == "commitment_id" else list(commitment_of)
        found = await cp.rows(table, f"{column} = ANY($1)", keys, ids=ids)
        under[table] = by(
            found, lambda r, c=column: commitment_of[r[c]] if c == "roadmap_id" else r[c]
        )
    copies = plan_copies(plans, commitments, sources)
    source_row = {c["id"]: c for c in commitments}
    # No consultation theme (unique) and no predecessor: ordinary commitments of a new plan.
    unlinked = {"source_theme_id": lambda c: None, "continues_commitment_id": lambda c: None}
    await cp.insert("commitment", lambda c: [source_row[c.source]], copies, COMMITMENT | unlinked)
    await cp.insert_under(under, copies)
    return cp.inserted


# Tracking's rows of a roadmapped commitment, and the columns holding the ids of copied rows.
TRACKING_ROADMAP_ROWS = {
    "tracked_roadmap": ["roadmap_id"],
    "key_action": ["key_action_id"],
    "activity": ["activity_id"],
    "activity_reschedule": ["event_id"],
    "roadmap_version": ["event_id"],
    "working_group_member": [],
    "meeting": ["meeting_id"],
    "progress_update": ["id"],
    "follow": [],
}
# Tracking's rows of the demo plan itself, with the same (copied-row id) columns.
TRACKING_PLAN_ROWS = {
    "self_assessment": [],
    "irm_assessment": ["id"],
    "indicator": ["id"],
    "plan_narrative": [],
    "plan_narrative_version": [],
    "plan_state": [],
    "public_data_change": [],
    "compliance_input": [],
    "contribution_tally": ["event_id"],
}


async def copy_tracking(conn: asyncpg.Connection, plans: list[str]) -> dict[str, int]:
    """MX-4PA's tracked commitments into ``plans``, each with the key actions, activities,
    progress updates (and evidence), meetings, members and followers of a demo roadmap; and
    per plan MX-4PA's assessments, indicators, narrative and change counter."""
    cp = Copier(conn)
    ids = ["commitment_id", "source_event_id"]
    commitments = await cp.rows("tracked_commitment", "plan_code = $1", DEMO_PLAN, ids=ids)
    commitments = [c | {"id": c["commitment_id"]} for c in commitments]
    roadmapped = await cp.rows("tracked_roadmap", "true", ids=["commitment_id", "roadmap_id"])
    sources = sorted(r["commitment_id"] for r in roadmapped)
    copies = plan_copies(plans, commitments, sources)
    under = {}
    for table, columns in TRACKING_ROADMAP_ROWS.items():
        found = await cp.rows(table, "commitment_id = ANY($1)", sources, ids=columns)
        under[table] = by(found, of("commitment_id"))
    updates = [u["id"] for rows in under["progress_update"].values() for u in rows]
    evidence = by(
        await cp.rows("update_evidence", "update_id = ANY($1)", updates, ids=["id"]),
        of("update_id"),
    )
    of_plan = {
        t: await cp.rows(t, "plan_code = $1", DEMO_PLAN, ids=c)
        for t, c in TRACKING_PLAN_ROWS.items()
    }
    source_row = {c["commitment_id"]: c for c in commitments}
    await cp.insert(
        "tracked_commitment",
        lambda c: [{k: v for k, v in source_row[c.source].items() if k != "id"}],
        copies,
        COMMITMENT,
    )
    await cp.insert_under(under, copies)
    await cp.insert(
        "update_evidence",
        lambda c: [
            e
            for u in under["progress_update"].get(c.roadmap_source, [])
            for e in evidence.get(u["id"], [])
        ],
        copies,
    )
    for table, rows in of_plan.items():
        await cp.insert(table, lambda c, r=rows: r, per_plan(copies), PLAN)
    # The catalogue changed: open data caches keyed on it must not serve the old one.
    await conn.execute(
        "UPDATE plan_state SET version = version + 1, changed_at = now() WHERE plan_code = '*'"
    )
    return cp.inserted
