"""Bar charts drawn on the server as SVG geometry (the template writes the elements).

No script and no inline style (the CSP forbids both): sizes are SVG attributes, colours
come from the stylesheet. A suppressed cell (fewer than 5 people, or a figure that would let
one be calculated) has no bar and says "reservado"; every chart is followed by the same
numbers as a table.
"""

from dataclasses import dataclass

from frontend.i18n import _

# Phone first: each label sits above its bar and the picture is about as wide as a phone's
# column (360 units for ~358 CSS px at 390 px), so 14-unit text stays >= 12 CSS px there.
# The stylesheet caps the width on wide screens so the text does not grow past ~16 px.
VIEW_WIDTH = 360
VALUE_SPACE = 64
PLOT_WIDTH = VIEW_WIDTH - VALUE_SPACE
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 10
TOP = 4
LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    label: str
    count: int | None
    y: int
    width: int

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def value_text(self) -> str:
        return _("reservado") if self.count is None else f"{self.count:,}"

    @property
    def short_label(self) -> str:
        if len(self.label) <= LABEL_CHARS:
            return self.label
        return self.label[: LABEL_CHARS - 1] + "…"

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 4

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 3

    @property
    def value_x(self) -> int:
        return self.width + 6


@dataclass(frozen=True)
class BarChart:
    """One chart: ``slug`` names its ids (title, description, table)."""

    slug: str
    title: str
    description: str
    bars: list[Bar]
    has_suppressed: bool

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def width(self) -> int:
        return VIEW_WIDTH

    @property
    def bar_x(self) -> int:
        return 0

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def describe(title: str, bars: list[Bar]) -> str:
    """A sentence a screen reader can read in place of the picture."""
    shown = [b for b in bars if b.count is not None]
    if not shown:
        return _("Sin datos publicables: todas las cifras son menores de 5.")
    top = max(shown, key=lambda b: b.count or 0)
    text = _("%(n)d categorías; la mayor es %(label)s con %(count)s.") % {
        "n": len(bars),
        "label": top.label,
        "count": top.value_text,
    }
    if len(shown) < len(bars):
        text += " " + _(
            "Se reservan las categorías con menos de 5 personas y las que permitirían calcularlas."
        )
    return text


def bar_chart(slug: str, title: str, cells: list[dict]) -> BarChart:
    """Cells as the statistics API gives them: ``{"label", "count", "suppressed"}``."""
    counts = [c.get("count") for c in cells if isinstance(c.get("count"), int)]
    biggest = max(counts, default=0) or 1
    bars = []
    for index, cell in enumerate(cells):
        count = cell.get("count") if isinstance(cell.get("count"), int) else None
        width = 0 if count is None else max(2, round(PLOT_WIDTH * count / biggest))
        label = _(str(cell.get("label") or cell.get("key") or "Sin dato"))
        bars.append(Bar(label=label, count=count, y=TOP + index * ROW_HEIGHT, width=width))
    return BarChart(
        slug=slug,
        title=title,
        description=describe(title, bars),
        bars=bars,
        has_suppressed=any(b.suppressed for b in bars),
    )
