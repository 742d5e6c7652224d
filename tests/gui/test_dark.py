"""Light and dark: marking colours come from the palette and stay readable in both, the window
follows the system's colour scheme, and screenshots of both are drawn (#22 point 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from newsdesk.ui import theme
from newsdesk.ui.colours import contrast, is_dark, marking
from newsdesk.ui.widgets.passages import background_of


@pytest.fixture
def dark(qapp):  # type: ignore[no-untyped-def]
    """The system turns dark (as QStyleHints.colorSchemeChanged reports it); light again after."""
    style = qapp.style().name()
    theme.apply(qapp, Qt.ColorScheme.Dark)
    yield qapp
    theme.apply(qapp, Qt.ColorScheme.Light)
    qapp.setStyle(style)
    qapp.setPalette(qapp.style().standardPalette())


def _readable(palette: QPalette) -> None:
    scheme = marking(palette)
    text = palette.color(QPalette.ColorRole.Text)
    assert contrast(scheme.hit_foreground, scheme.hit_background) >= 4.5
    assert contrast(scheme.hit_foreground, scheme.current_background) >= 4.5
    assert contrast(scheme.list_hit, palette.color(QPalette.ColorRole.Base)) >= 4.5
    assert contrast(scheme.muted, palette.color(QPalette.ColorRole.Base)) >= 3.0
    for tag in ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"):
        assert contrast(text, background_of(QColor(tag), scheme)) >= 4.5, tag


def test_marking_colours_are_readable_in_light_and_dark(qapp) -> None:
    light = qapp.palette()
    assert not is_dark(light)
    _readable(light)
    _readable(theme.dark_palette())
    assert marking(theme.dark_palette()).hit_background != marking(light).hit_background


def test_the_window_follows_the_system_scheme(qtbot, dark, library, make_window, tmp_path: Path) -> None:
    assert is_dark(QApplication.palette())
    w = make_window(library, size=(1366, 768))
    w.search.set_query("熊猫")
    qtbot.waitUntil(lambda: w.model.mode == "results" and not w.ops.busy and w.search.idle, timeout=10000)
    w.list.selectRow(0)
    w.open_row(0, focus=False)
    qtbot.wait(50)
    view = w.reader.view
    scheme = marking(view.palette())
    assert scheme.dark

    def hit_pixel_colour(number: int) -> QColor:
        start = w.reader.built.hits[number][0]
        w.reader._scroll_to(start)
        QApplication.processEvents()
        c = QTextCursor(w.reader.built.doc)
        c.setPosition(start)
        r = view.cursorRect(c)
        image = view.viewport().grab().toImage()
        dpr = image.devicePixelRatio()
        return QColor(image.pixel(int((r.left() + 2) * dpr), int((r.top() + 2) * dpr)))

    assert w.reader.current == 0
    assert hit_pixel_colour(0) == scheme.current_background  # the current hit, in the dark tint
    if w.reader.hit_count > 1:
        assert hit_pixel_colour(1) == scheme.hit_background
    assert w.grab().save(str(tmp_path / "dark.png"))
    # the system turns light: the open article is painted again in the light colours
    theme.apply(QApplication.instance(), Qt.ColorScheme.Light)
    QApplication.processEvents()
    light = marking(view.palette())
    assert not light.dark
    assert hit_pixel_colour(0) == light.current_background
    assert w.grab().save(str(tmp_path / "light.png"))


def test_following_the_system_connects_to_its_changes(qapp) -> None:
    style = qapp.style().name()
    try:
        theme.follow_system(qapp)  # the offscreen platform reports no dark scheme
        assert not is_dark(qapp.palette())
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert is_dark(qapp.palette())
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not is_dark(qapp.palette())
    finally:
        qapp.styleHints().colorSchemeChanged.disconnect()
        qapp.setStyle(style)
        qapp.setPalette(qapp.style().standardPalette())


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots_show_whole_result_rows(
    qtbot, qapp, library, make_window, tmp_path, size, scheme, lang
) -> None:
    """At 1366×768 and 1920×1080, light and dark, English and Chinese: a result row shows its
    date, source and page without scrolling sideways, and the picture is drawn."""
    from newsdesk.ui import i18n
    from newsdesk.ui.models.articles import CARD_ROLE, TITLE

    style = qapp.style().name()
    translators = i18n.install(qapp, lang) if lang != "en" else []
    if scheme == "dark":
        theme.apply(qapp, Qt.ColorScheme.Dark)
    try:
        w = make_window(library, size=size)
        w.search.set_query("上海")
        qtbot.waitUntil(lambda: w.model.mode == "results" and not w.ops.busy and w.search.idle, timeout=10000)
        w.list.selectRow(0)
        w.open_row(0, focus=False)
        qtbot.wait(20)
        assert w.list.horizontalScrollBar().maximum() == 0  # nothing pushed off to the right
        _, _, meta, _, _ = w.model.index(0, TITLE).data(CARD_ROLE)
        assert w.model.hit(0).date in meta
        assert is_dark(w.palette()) == (scheme == "dark")
        shot = tmp_path / f"window-{size[0]}x{size[1]}-{scheme}-{lang}.png"
        assert w.grab().save(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        i18n.uninstall(qapp, translators)
        if scheme == "dark":
            theme.apply(qapp, Qt.ColorScheme.Light)
            qapp.setStyle(style)
            qapp.setPalette(qapp.style().standardPalette())
