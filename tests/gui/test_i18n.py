"""The zh_CN translation loads and changes what the window shows; the language is chosen right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from newsdesk.ui import i18n


@pytest.mark.parametrize(
    ("flag", "setting", "system", "expected"),
    [
        ("zh", "", "en_US", "zh_CN"),
        ("zh-CN", "", "en_US", "zh_CN"),
        ("zh_TW", "", "en_US", "zh_CN"),
        ("en", "", "zh_CN", "en"),
        (None, "zh_CN", "en_US", "zh_CN"),
        (None, "", "zh-Hans-CN", "zh_CN"),
        (None, "", "de_DE", "en"),
        (None, "", "", "en"),
    ],
)
def test_choose(flag, setting, system, expected) -> None:  # type: ignore[no-untyped-def]
    assert i18n.choose(flag, setting, system) == expected


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    translators = i18n.install(qapp, "zh_CN")
    yield translators
    i18n.uninstall(qapp, translators)


def test_zh_cn_translation_changes_visible_strings(chinese, library, make_window) -> None:
    assert len(chinese) == 2  # ours and Qt's own
    w = make_window(library)
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus[0] == "文件(&F)"
    assert menus[2] == "标签(&T)"
    assert w.side_tabs.tabText(1) == "标签"
    assert w.model.headerData(0, Qt.Orientation.Horizontal) == "标题"
    assert w.bar.exact_button.text() == "精确(&X)"
    assert w.status_label.text().startswith("文章：")
    assert w.reader.view.placeholderText() == "在列表中选择一篇文章，在这里阅读。"


def test_english_is_the_source_language(library, make_window) -> None:
    w = make_window(library)
    assert w.menuBar().actions()[0].text() == "&File"


def test_the_shipped_translation_is_complete() -> None:
    import xml.etree.ElementTree as ET

    from newsdesk import resources

    ts = resources.data(resources.TRANSLATIONS, "newsdesk_zh_CN.ts")
    assert resources.data(resources.TRANSLATIONS, "newsdesk_zh_CN.qm").is_file()
    unfinished = [
        m.findtext("source")
        for m in ET.fromstring(ts.read_bytes()).iter("message")
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert unfinished == []


def test_chinese_text_uses_the_simplified_chinese_face(qapp) -> None:
    from PySide6.QtGui import QFontDatabase, QFontInfo

    from newsdesk.ui import fonts

    if "Noto Sans CJK SC" not in QFontDatabase.families():
        pytest.skip("fonts-noto-cjk is not installed")
    assert fonts.families()[0] == "Noto Sans CJK SC"
    assert QFontInfo(fonts.reading_font(14)).family() == "Noto Sans CJK SC"
    fonts.apply(qapp)
    assert qapp.font().families()[0] == "Noto Sans CJK SC"
