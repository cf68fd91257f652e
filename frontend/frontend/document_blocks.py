"""A document as a list of blocks, drawn twice: as a web page and as an editable .docx.

Both the page and the Word file are rendered from the same blocks, so they can never say
different things; the builders (``action_plan_doc``, ``self_assessment_doc``) only decide
what the blocks are.
"""

import io
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.shared import Pt

NO_DATA = "sin datos"


@dataclass
class Heading:
    text: str
    level: int = 2
    anchor: str | None = None
    kind: str = "heading"


@dataclass
class Para:
    text: str
    note: bool = False  # "sin datos" and other remarks about the data itself
    kind: str = "para"


@dataclass
class Items:
    items: list[str]
    kind: str = "items"


@dataclass
class Fields:
    """Label and value pairs (an OGP template's fields)."""

    rows: list[tuple[str, str]]
    kind: str = "fields"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class DocumentBlocks:
    title: str
    subtitle: str
    blocks: list[Any] = field(default_factory=list)

    def add(self, *blocks: Any) -> None:
        self.blocks.extend(blocks)

    def text_or_none(self, text: str | None, missing: str) -> None:
        """The Committee's text, or an honest note that there is none."""
        if text and text.strip():
            self.add(*(Para(p.strip()) for p in text.split("\n\n") if p.strip()))
        else:
            self.add(Para(missing, note=True))

    def items_or_none(self, items: list[str] | None, missing: str) -> None:
        self.add(Items(list(items)) if items else Para(missing, note=True))


def _table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def to_docx(document: DocumentBlocks) -> bytes:
    """The blocks as a Word document the Committee can open, edit and publish."""
    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.language = "es-MX"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)
    for block in document.blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=min(block.level - 1, 9))
        elif block.kind == "para":
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = block.note
        elif block.kind == "items":
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif block.kind == "fields":
            _table(doc, ["Campo", "Contenido"], [[label, value] for label, value in block.rows])
        elif block.kind == "table":
            doc.add_paragraph(block.caption).runs[0].bold = True
            _table(doc, block.headers, block.rows)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
