"""The window's marking colours, taken from the palette so that light and dark schemes both read.

Hits, the current hit and passage tints are not palette roles of their own: each is a fixed hue
chosen per scheme (a pale yellow behind dark text in a light scheme, a deep amber behind light
text in a dark one), and a tag's colour becomes a tint by mixing it into the palette's base
colour, so that the palette's own text colour stays readable on it. The scheme is read from the
palette the widget draws with (its window colour's lightness), which follows the system's colour
scheme (Qt 6's `QStyleHints.colorScheme`) or whatever palette the application was given.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Marking:
    """The colours one scheme marks text with."""

    hit_background: QColor
    hit_foreground: QColor
    current_background: QColor
    list_hit: QColor  # hit characters in list rows (drawn bold in this colour)
    muted: QColor  # secondary text: meta lines, kickers, credits
    caption_text: QColor
    caption_background: QColor
    caption_border: QColor
    base: QColor  # the ground text is drawn on
    dark: bool


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether `palette` (else the application's) is a dark scheme: light text on dark ground."""
    p = palette if palette is not None else QGuiApplication.palette()
    return p.color(QPalette.ColorRole.Window).lightness() < 128


def marking(palette: QPalette | None = None) -> Marking:
    """The marking colours for `palette` (else the application's palette)."""
    p = palette if palette is not None else QGuiApplication.palette()
    text, base = p.color(QPalette.ColorRole.Text), p.color(QPalette.ColorRole.Base)
    if is_dark(p):
        return Marking(
            hit_background=QColor("#6b5200"),
            hit_foreground=QColor("#fff6d5"),
            current_background=QColor("#b34d00"),
            list_hit=QColor("#ff8a80"),
            muted=mix(text, base, 0.62),
            caption_text=mix(text, base, 0.85),
            caption_background=mix(QColor("#ffffff"), base, 0.06),
            caption_border=mix(text, base, 0.3),
            base=base,
            dark=True,
        )
    return Marking(
        hit_background=QColor("#ffe36e"),
        hit_foreground=QColor("#000000"),
        current_background=QColor("#ff9a3c"),
        list_hit=QColor("#b3261e"),
        muted=mix(text, base, 0.6),
        caption_text=mix(text, base, 0.8),
        caption_background=QColor("#f4f3ee"),
        caption_border=QColor("#c8c8c0"),
        base=base,
        dark=False,
    )


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of colour `a` over colour `b`."""
    return QColor(
        round(a.red() * share + b.red() * (1 - share)),
        round(a.green() * share + b.green() * (1 - share)),
        round(a.blue() * share + b.blue() * (1 - share)),
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21; 4.5 reads as body text)."""

    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def paper() -> Marking:
    """The light scheme whatever the screen's: printing and PDFs are black on white."""
    p = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        p.setColor(role, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    return marking(p)
