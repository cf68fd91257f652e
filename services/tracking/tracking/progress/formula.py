"""The progress formula of Mexico's 2019 tablero, as pure functions (published at
``GET /progress/formula``).

Per commitment: Σ over key actions of weight × (activities done / activities), divided by
Σ weights (weights are meant to add up to 100; dividing keeps a roadmap whose weights do
not exactly add up on a 0–100 scale). "Done" is ``completo`` or ``verificado`` for the
completed figure and ``verificado`` alone for the verified one. A key action without
activities counts with share 0. A commitment without activities (or without a roadmap)
has no data: ``null`` with ``sin_datos``, never 0 %, and stays out of the plan average.
Per plan: the plain average of the commitments that have data.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reference.statuses import DONE, VERIFIED

FORMULA_TEXT_ES = (
    "Avance del compromiso = Σ (peso de la acción clave × actividades concluidas de la acción "
    "÷ actividades de la acción) ÷ Σ pesos × 100. Una actividad cuenta como concluida si su "
    "estado es «completo» o «verificado»; el avance verificado cuenta solo las «verificado». "
    "Una acción clave sin actividades aporta 0. Un compromiso sin actividades se reporta "
    "«sin datos» (nunca 0 %) y no entra al promedio. Avance del plan = promedio simple de los "
    "compromisos con datos. Solo cambian el estado de una actividad las actualizaciones "
    "validadas por la sociedad civil del grupo de trabajo y por el Comité Coordinador."
)
FORMULA = "avance = 100 × Σₖ wₖ · (hechasₖ / nₖ) / Σₖ wₖ ;  avance_plan = (1/|C|) Σ_{c∈C} avance_c"


@dataclass(frozen=True)
class KeyActionStatuses:
    weight: float
    statuses: Sequence[str]


@dataclass(frozen=True)
class Progress:
    completed: float | None
    verified: float | None

    @property
    def no_data(self) -> bool:
        return self.completed is None


def _share(statuses: Sequence[str], done: frozenset[str]) -> float:
    if not statuses:
        return 0.0
    return sum(1 for s in statuses if s in done) / len(statuses)


def _weighted(key_actions: Sequence[KeyActionStatuses], done: frozenset[str]) -> float:
    total_weight = sum(k.weight for k in key_actions)
    if total_weight <= 0:
        # Weights all zero: every key action counts the same.
        shares = [_share(k.statuses, done) for k in key_actions]
        return round(100 * sum(shares) / len(shares), 2)
    value = sum(k.weight * _share(k.statuses, done) for k in key_actions) / total_weight
    return round(100 * value, 2)


def commitment_progress(key_actions: Sequence[KeyActionStatuses]) -> Progress:
    if not any(k.statuses for k in key_actions):
        return Progress(None, None)
    return Progress(_weighted(key_actions, DONE), _weighted(key_actions, VERIFIED))


def plan_progress(commitments: Iterable[Progress]) -> Progress:
    with_data = [p for p in commitments if not p.no_data]
    if not with_data:
        return Progress(None, None)
    completed = sum(p.completed or 0.0 for p in with_data) / len(with_data)
    verified = sum(p.verified or 0.0 for p in with_data) / len(with_data)
    return Progress(round(completed, 2), round(verified, 2))
