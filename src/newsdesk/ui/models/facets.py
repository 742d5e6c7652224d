"""The facet tree: groups (source, year, month, author, section) and their values with counts.

A QStandardItemModel filled once per query: the items live in C++, so painting and expanding
the tree never call into Python — which matters because every such call waits for the GIL
while the worker thread searches. Which values are active filters shows as a check mark; the
panel toggles them. A filter typed in the query (`source:苹果日报`) ticks the values it matches
the way search matches them (`matches`: folded, a part of the value), so it never adds a
phantom "苹果日报 0" beside the real "蘋果日報（台灣）".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from newsdesk.ui import plain
from newsdesk.zh.normalize import fold

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1  # (field, value) of a value row, (field, None) of a group
GROUPS = ("source", "year", "month", "author", "section", "tag")
MAX_VALUES = 50  # per group: the panel is for narrowing, not for listing every reporter

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def matches(field: str, typed: str, value: str) -> bool:
    """Whether the filter `field:typed` selects facet value `value`, as search reads it:
    source, author and section match a part of the value in search form (traditional and
    simplified, full- and half-width alike); dates, tags and the rest match as written."""
    if field in ("source", "author", "section"):
        needle = fold(typed).strip()
        return bool(needle) and needle in fold(value)
    return typed == value


class FacetsModel(QStandardItemModel):
    """Counts per facet value for the current query (two columns: value, count)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(0, 2, parent)  # type: ignore[arg-type]
        self._groups: list[str] = []
        self._labels = {
            "source": self.tr("Sources"),
            "year": self.tr("Years"),
            "month": self.tr("Months"),
            "author": self.tr("Reporters"),
            "section": self.tr("Sections"),
            "tag": self.tr("Tags"),
        }
        self.setHorizontalHeaderLabels([self.tr("Filter"), self.tr("Articles")])
        self._bold = QFont()
        self._bold.setBold(True)

    def set_facets(
        self, facets: Mapping[str, Sequence[tuple[str, int]]] | None, active: set[tuple[str, str]]
    ) -> None:
        """Replace the counts; active (field, value) pairs are kept even at count 0."""
        facets = facets or {}
        self.blockSignals(True)  # the views hear one reset, not a signal per item
        try:
            self.removeRows(0, self.rowCount())
            self._groups = []
            for name in [*GROUPS, *sorted(set(facets) - set(GROUPS))]:
                every = [(str(v), int(n)) for v, n in facets.get(name, ()) if v not in (None, "")]
                values = every[:MAX_VALUES]
                typed = sorted(v for f, v in active if f == name)
                on = {v for v, _ in every if any(matches(name, t, v) for t in typed)}
                values += [(v, n) for v, n in every[MAX_VALUES:] if v in on]  # ticked: always shown
                values += [(t, 0) for t in typed if not any(matches(name, t, v) for v, _ in every)]
                if values:
                    self._groups.append(name)
                    on |= {t for t in typed}
                    self.appendRow(self._group_row(name, values, on))
        finally:
            self.blockSignals(False)
        self.beginResetModel()
        self.endResetModel()

    def _group_row(
        self, name: str, values: list[tuple[str, int]], on_values: set[str]
    ) -> list[QStandardItem]:
        group = QStandardItem(self._labels.get(name, name))
        group.setFont(self._bold)
        group.setFlags(_READ_ONLY)
        group.setData((name, None), FIELD_ROLE)
        for value, count in values:
            on = value in on_values
            item = QStandardItem(value)
            item.setFlags(_READ_ONLY | Qt.ItemFlag.ItemNeverHasChildren)
            item.setToolTip(plain.tip(value))
            item.setData((name, value), FIELD_ROLE)
            item.setData(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
            )
            number = QStandardItem(f"{count:,}")
            number.setFlags(_READ_ONLY | Qt.ItemFlag.ItemNeverHasChildren)
            number.setTextAlignment(_RIGHT)
            number.setData((name, value), FIELD_ROLE)
            if on:
                item.setFont(self._bold)
            group.appendRow([item, number])
        spacer = QStandardItem()
        spacer.setFlags(_READ_ONLY)
        spacer.setData((name, None), FIELD_ROLE)
        return [group, spacer]

    def group_names(self) -> list[str]:
        return list(self._groups)
