"""Can Qt open a window here? Asked before QApplication exists, because Qt aborts when it cannot.

Qt picks a platform plugin (QT_QPA_PLATFORM, else wayland in a Wayland session, else xcb); when
that plugin has no display or cannot load its system libraries, Qt prints a paragraph and calls
abort() (exit 134). `problem()` looks first: the display variable, the plugin's libraries (it
loads the plugin the way Qt would) and, for X, a connection to the server; and says in one line
what is missing. Only Linux and the BSDs are checked: Windows and macOS always have their plugin.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

# Debian/Ubuntu packages of the libraries Qt's xcb and wayland plugins need beyond libxcb itself.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Plugins that need no display of their own.
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}


def problem(environ: dict[str, str] | None = None) -> str | None:
    """Why no window can open here, in one line; None when Qt's platform plugin should start."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    env = os.environ if environ is None else environ
    requested = [n.split(":")[0].strip() for n in env.get("QT_QPA_PLATFORM", "").split(";") if n.strip()]
    wayland_session = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
    names = requested or (["wayland", "xcb"] if wayland_session else ["xcb"])
    reasons = []
    for name in names:  # Qt tries them in this order and takes the first that starts
        reason = _check(name, env)
        if reason is None:
            return None
        reasons.append(reason)
    chosen = f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}" if requested else "Qt's platform"
    return f"the window cannot open ({chosen}): " + "; ".join(reasons)


def package_hint(message: str) -> str:
    """' (Debian/Ubuntu: apt install P)' when an error message names a library we know, else ''."""
    for soname, package in PACKAGES.items():
        if message.startswith(soname) or f" {soname}" in message or f"{soname}:" in message:
            return f" (Debian/Ubuntu: apt install {package})"
    return ""


def _check(name: str, env: dict[str, str] | os._Environ[str]) -> str | None:
    if name in _HEADLESS:
        return None
    if name == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "no X display (DISPLAY is not set)"
        return _plugin_problem("xcb") or _x_connection_problem(display)
    if name.startswith("wayland"):
        socket = env.get("WAYLAND_DISPLAY") or "wayland-0"
        path = (
            Path(socket)
            if os.path.isabs(socket)
            else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / socket
        )
        if not path.exists():
            return f"no Wayland display ({path} does not exist)"
        return _plugin_problem("wayland")
    return None  # a plugin we do not know: let Qt try


def _plugin_problem(name: str) -> str | None:
    """Load Qt's platform plugin as Qt would; a missing system library is named with its package."""
    plugin = _plugin_path(name)
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        text = str(exc)
        missing = text.split(":", 1)[0].strip() if ":" in text else text
        return f"Qt's {name} plugin cannot load: {missing} is missing{package_hint(missing)}"
    return None


def _plugin_path(name: str) -> Path | None:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    stem = "libqxcb" if name == "xcb" else "libqwayland"
    found = sorted(folder.glob(f"{stem}*.so*"))
    return found[0] if found else None


def _x_connection_problem(display: str) -> str | None:
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return "libxcb.so.1 is missing (Debian/Ubuntu: apt install libxcb1)"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        failed = xcb.xcb_connection_has_error(conn)
    finally:
        xcb.xcb_disconnect(conn)
    return f"cannot connect to the X display {display!r}" if failed else None
