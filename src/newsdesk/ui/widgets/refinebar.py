"""Search within results (二次检索): the steps of a refined search as a row of chips.

The window's query is its steps ANDed (`join_steps`), so it stays one query in the search field
and in the history; this row shows the steps (经济 › date:2019 › 一带一路), each with the number
of results up to it, each removable (×), and a field whose text is added as the next step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

__all__ = ["RefineBar", "join_steps", "wrap_step"]

_SIMPLE = re.compile(r'^[^\s()"]+$|^"[^"]*"$')


def wrap_step(step: str) -> str:
    """A step as one term of the joined query: in parentheses unless it is a single term."""
    step = step.strip()
    return step if _SIMPLE.match(step) else f"({step})"


def join_steps(steps: Sequence[str]) -> str:
    """The query that ANDs every step (the first as typed: it needs no grouping)."""
    steps = [s.strip() for s in steps if s.strip()]
    if not steps:
        return ""
    return " ".join([steps[0], *(wrap_step(s) for s in steps[1:])]) if len(steps) > 1 else steps[0]


class RefineBar(QWidget):
    """Chips of the steps and the 'search within results' field (see the module docstring)."""

    refined = Signal(str)  # a new step to add
    step_removed = Signal(int)  # the index of the step whose × was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refine_bar")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self._layout.setSpacing(4)
        self._chips: list[QWidget] = []
        self.field = QLineEdit(self)
        self.field.setObjectName("refine_field")
        self.field.setPlaceholderText(self.tr("Search within results…"))
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._submit)
        self.button = QPushButton(self.tr("Search within results"), self)
        self.button.setObjectName("refine_button")
        self.button.clicked.connect(self._submit)
        self._layout.addStretch(1)
        self._layout.addWidget(self.field)
        self._layout.addWidget(self.button)
        self.field.setMinimumWidth(160)

    def _submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.field.clear()
            self.refined.emit(text)

    def set_steps(self, steps: Sequence[str], counts: Sequence[int | None] = ()) -> None:
        """Show `steps` as chips (none for a single-step search), each with its count if known."""
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        if len(steps) < 2:
            return
        for i, step in enumerate(steps):
            if i:
                sep = QLabel("›", self)
                self._chips.append(sep)
                self._layout.insertWidget(len(self._chips) - 1, sep)
            count = counts[i] if i < len(counts) else None
            chip = QToolButton(self)
            chip.setObjectName(f"refine_chip_{i}")
            label = step if count is None else f"{step} ({count:,})"
            chip.setText(f"{label}  ×")
            chip.setToolTip(self.tr("Remove this step"))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            chip.setStyleSheet(
                "QToolButton { border: 1px solid #9db4d0; border-radius: 9px; padding: 1px 8px;"
                " background: #eaf1fb; }"
            )
            chip.clicked.connect(lambda _=False, k=i: self.step_removed.emit(k))
            self._chips.append(chip)
            self._layout.insertWidget(len(self._chips) - 1, chip)

    def chip_texts(self) -> list[str]:
        """The chips' labels, for tests and screen readers."""
        return [c.text() for c in self._chips if isinstance(c, QToolButton)]
