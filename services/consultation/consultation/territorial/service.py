"""Territorial consultation: paper questionnaires typed in by staff, one by one or as a CSV.

A CSV is validated row by row and accepted whole or refused whole: one bad row refuses
the file, with every problem listed by row number (the header is row 1), field and a
message in Spanish, so the person at the keyboard can fix the sheet and send it again.
"""

import csv
import io
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes import service as processes
from consultation.processes.gate import require_phase
from consultation.responses.tally import announce
from consultation.topics.models import Topic
from consultation.topics.schemas import TopicFields
from consultation.topics.service import new_topic, store_topic
from consultation.topics.vocabulary import check_vocabulary, vocabulary_errors
from kit.errors import Unprocessable
from kit.tokens import Principal

COLUMNS = ("title", "problem", "affected", "solution", "area", "state_code", "sdg_tags")
REQUIRED = COLUMNS[:-1]
MAX_ROWS = 2000
MAX_BYTES = 2_000_000


class ImportRejected(Unprocessable):
    code = "import_rejected"
    message = "El archivo tiene errores; no se guardó ninguna fila. Corrige y vuelve a enviarlo."


class InvalidCsv(Unprocessable):
    code = "invalid_csv"
    message = "El archivo no es un CSV válido en UTF-8 con los encabezados esperados."


def _spanish(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type")
    if kind == "missing":
        return "Falta este campo."
    if kind == "string_too_short":
        return f"Es demasiado corto (mínimo {ctx.get('min_length')} caracteres)."
    if kind == "string_too_long":
        return f"Es demasiado largo (máximo {ctx.get('max_length')} caracteres)."
    if kind == "control_character":
        return "Contiene caracteres de control o bytes nulos."
    return "El valor no es válido."


def _row_fields(row: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {k: (row.get(k) or "").strip() for k in REQUIRED}
    tags = (row.get("sdg_tags") or "").replace(";", " ").replace(",", " ").split()
    fields["sdg_tags"] = tags
    return {k: v for k, v in fields.items() if v != ""}


def _validate_row(number: int, row: dict[str, str]) -> tuple[TopicFields | None, list[dict]]:
    raw = _row_fields(row)
    problems = [
        {"row": number, "field": e.details["field"], "message": e.message}
        for e in vocabulary_errors(raw.get("area"), raw.get("state_code"), raw.get("sdg_tags"))
    ]
    try:
        data = TopicFields.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            if not any(p["field"] == field for p in problems):
                problems.append({"row": number, "field": field, "message": _spanish(error)})
        return None, problems
    return (None if problems else data), problems


def parse_csv(content: bytes) -> list[TopicFields]:
    """All rows as topic fields, or ImportRejected with every problem found."""
    try:
        text = content.decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in reader.fieldnames or []]
    except (UnicodeDecodeError, csv.Error):
        raise InvalidCsv() from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidCsv(details={"missing_columns": missing, "expected": list(COLUMNS)})
    reader.fieldnames = header
    rows, problems = [], []
    try:
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise InvalidCsv(f"El archivo tiene más de {MAX_ROWS} filas; divídelo.")
            data, found = _validate_row(number, row)
            problems += found
            if data is not None:
                rows.append(data)
    except csv.Error:
        raise InvalidCsv() from None
    if problems:
        raise ImportRejected(details={"errors": problems})
    if not rows:
        raise InvalidCsv("El archivo no tiene filas.")
    return rows


async def capture(
    session: AsyncSession, actor: Principal, process_id: str, items: list[TopicFields], today: date
) -> list[Topic]:
    """Store questionnaires as territorial topics attributed to the staff member."""
    process = await processes.get_process(session, process_id)
    require_phase(process, "consultation", today)
    topics = []
    for data in items:
        check_vocabulary(data.area, data.state_code, data.sdg_tags)
        topic = new_topic(data, process.id, channel="territorial", captured_by=actor.sub)
        await store_topic(session, actor, topic)
        topics.append(topic)
    await announce(session, process.id)
    return topics
