"""Disclosure control: no published figure lets a count under the threshold be derived.

Every table of people is a one-dimensional partition of one population whose total is
published (participants, or votes: each vote is one person's). A reader who knows the
total and the visible cells of a table knows the sum of its hidden cells, and that each
hidden cell holds at least one person (a cell is listed only when it has someone). So a
hidden cell's largest possible value is ``hidden sum − (hidden cells − 1)``; if that is
under the threshold, the cell is known to be small, which is what suppression hides.

Primary suppression hides every cell under the threshold; complementary suppression then
hides more cells of the same table until every hidden cell could be at least the
threshold. The complements chosen first are "Sin dato", then the smallest cells, so the
most useful figures stay visible. Tables of one population share its total and are
partitions of different variables, so protecting each table against that total protects
their differences too. If the total itself is small, or a table cannot be protected
without it, the whole population (total and every table) is withheld.
"""

from collections.abc import Sequence

Rows = list[tuple[str | None, int]]


def largest_hidden_value(hidden: Sequence[int]) -> int:
    """What a reader can bound a hidden cell by, knowing only the hidden sum."""
    return sum(hidden) - (len(hidden) - 1) if hidden else 0


def _protected(hidden: Sequence[int], min_cell: int) -> bool:
    return not hidden or largest_hidden_value(hidden) >= min_cell


def hide(rows: Rows, min_cell: int) -> set[int] | None:
    """Indices of ``rows`` to withhold, or None when no choice protects the table."""
    hidden = {i for i, (_, count) in enumerate(rows) if 0 < count < min_cell}
    if not hidden:
        return hidden
    # "Sin dato" first, then the smallest figures: the least useful cells go first.
    candidates = sorted(
        (i for i in range(len(rows)) if i not in hidden),
        key=lambda i: (rows[i][0] is not None, rows[i][1]),
    )
    while not _protected([rows[i][1] for i in hidden], min_cell):
        if not candidates:
            return None
        hidden.add(candidates.pop(0))
    return hidden


def suppress_population(
    total: int, tables: dict[str, Rows], min_cell: int
) -> tuple[bool, dict[str, set[int]]]:
    """Whether the total is withheld, and the rows withheld in each table of it."""
    everything = {name: set(range(len(rows))) for name, rows in tables.items()}
    if 0 < total < min_cell:  # nobody at all is no one's figure: 0 is published
        return True, everything
    hidden: dict[str, set[int]] = {}
    for name, rows in tables.items():
        chosen = hide(rows, min_cell)
        if chosen is None:
            return True, everything
        hidden[name] = chosen
    return False, hidden
