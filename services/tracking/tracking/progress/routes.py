"""``GET /progress/formula``: how the tablero computes progress, in words and symbols."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

from reference.statuses import ACTIVITY_STATUS, DONE, VERIFIED
from tracking.progress.formula import FORMULA, FORMULA_TEXT_ES

router = APIRouter(tags=["progress"])


class FormulaRead(BaseModel):
    text_es: str = Field(description="La fórmula explicada en español.")
    formula: str
    completed_statuses: list[str]
    verified_statuses: list[str]
    no_data: str


@router.get("/progress/formula", response_model=FormulaRead)
async def progress_formula() -> FormulaRead:
    """La fórmula pública del avance (por compromiso y por plan)."""
    return FormulaRead(
        text_es=FORMULA_TEXT_ES,
        formula=FORMULA,
        completed_statuses=[s for s in ACTIVITY_STATUS if s in DONE],
        verified_statuses=[s for s in ACTIVITY_STATUS if s in VERIFIED],
        no_data="Un compromiso sin actividades se muestra como null con sin_datos=true.",
    )
