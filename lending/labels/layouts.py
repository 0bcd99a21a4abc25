"""The label stocks a program prints on: sheets of labels on US Letter and A4, and label
printers that print one label a page. Sizes are the makers' published ones."""
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm


@dataclass(frozen=True)
class Layout:
    """Where each label of a page is: columns and rows from a corner, at a pitch."""

    key: str  # as the command line and the form give it
    title: str
    page: tuple[float, float]  # width, height in points
    label: tuple[float, float]
    columns: int = 1
    rows: int = 1
    margin: tuple[float, float] = (0, 0)  # left, top
    pitch: tuple[float, float] = (0, 0)  # from one label's corner to the next's

    @property
    def per_page(self) -> int:
        """How many labels a page holds."""
        return self.columns * self.rows

    def corner(self, position: int) -> tuple[float, float]:
        """The bottom-left corner of the label at a position on its page (0 is top left,
        along the rows)."""
        row, column = divmod(position, self.columns)
        x = self.margin[0] + column * self.pitch[0]
        y = self.page[1] - self.margin[1] - row * self.pitch[1] - self.label[1]
        return x, y


def _printer(key: str, title: str, width: float, height: float) -> Layout:
    """A label printer's stock: a page per label."""
    return Layout(key, title, (width, height), (width, height))


LAYOUTS = {layout.key: layout for layout in (
    Layout("avery-5160", "Avery 5160 (Letter, 30 a sheet, 2.625 × 1 in)", LETTER,
           (2.625 * inch, 1 * inch), 3, 10, (0.1875 * inch, 0.5 * inch), (2.75 * inch, inch)),
    Layout("avery-5163", "Avery 5163 (Letter, 10 a sheet, 4 × 2 in)", LETTER,
           (4 * inch, 2 * inch), 2, 5, (0.15625 * inch, 0.5 * inch), (4.1875 * inch, 2 * inch)),
    Layout("avery-l7160", "Avery L7160 (A4, 21 a sheet, 63.5 × 38.1 mm)", A4,
           (63.5 * mm, 38.1 * mm), 3, 7, (7.2 * mm, 15.1 * mm), (66 * mm, 38.1 * mm)),
    Layout("avery-l7163", "Avery L7163 (A4, 14 a sheet, 99.1 × 38.1 mm)", A4,
           (99.1 * mm, 38.1 * mm), 2, 7, (4.7 * mm, 15.1 * mm), (101.6 * mm, 38.1 * mm)),
    _printer("brother-62", "Brother 62 mm continuous (62 × 29 mm a label)", 62 * mm, 29 * mm),
    _printer("dymo-30252", "Dymo 30252 (3.5 × 1.125 in)", 3.5 * inch, 1.125 * inch),
    _printer("thermal-2x1", "Thermal 2.25 × 1.25 in", 2.25 * inch, 1.25 * inch),
)}
DEFAULT = "avery-5160"
