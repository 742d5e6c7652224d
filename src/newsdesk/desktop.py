"""`newsdesk desktop-install`: a Linux desktop entry, icons and AppStream metainfo in the user's XDG folders.

Everything goes under $XDG_DATA_HOME (``~/.local/share``): ``applications/newsdesk.desktop``,
``icons/hicolor/<size>/apps/newsdesk.png`` and ``scalable/apps/newsdesk.svg``, and
``metainfo/newsdesk.metainfo.xml``. The entry starts the program that ran the install (the
``newsdesk`` script of its environment, or the frozen bundle's executable), so a pipx install
and the bundle each get an entry that starts themselves. `uninstall` removes exactly those files.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from newsdesk import __version__, paths, resources
from newsdesk.errors import UserError
from newsdesk.language import _

APP_ID = "newsdesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def entry_text(command: list[str]) -> str:
    """The .desktop file for a command line (its words quoted as the spec requires)."""
    exec_line = " ".join(_quote(word) for word in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        "Name=newsdesk\n"
        "Name[zh_CN]=新闻档案\n"
        "GenericName=News archive\n"
        "GenericName[zh_CN]=新闻档案检索\n"
        "Comment=Search, read and tag an offline archive of Chinese newspaper articles\n"
        "Comment[zh_CN]=检索、阅读和标注离线中文报纸文章档案\n"
        f"Exec={exec_line}\n"
        f"TryExec={_quote(command[0])}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "Keywords=news;newspaper;archive;search;Chinese;报纸;新闻;检索;\n"
        "StartupNotify=true\n"
        f"StartupWMClass={APP_ID}\n"
        f"X-Newsdesk-Version={__version__}\n"
    )


def _quote(word: str) -> str:
    # Desktop Entry Spec, "The Exec key": reserved characters force quoting; inside quotes
    # `"`, `` ` ``, `$` and `\` are escaped with a backslash; a literal % is written %%.
    word = word.replace("%", "%%")
    if not any(c in word for c in " \t\n\"'\\><~|&;$*?#()`"):
        return word
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in word)
    return f'"{escaped}"'


def launcher() -> list[str]:
    """The command that starts this installation's window."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve()), "gui"]
    script = Path(sys.executable).parent / "newsdesk"
    if script.is_file():
        return [str(script), "gui"]
    found = shutil.which("newsdesk")
    if found:
        return [str(Path(found).resolve()), "gui"]
    return [str(Path(sys.executable).resolve()), "-m", "newsdesk", "gui"]


def targets(data_home: Path) -> dict[str, Path]:
    """Every file desktop-install writes, by what it is."""
    icons = data_home / "icons" / "hicolor"
    out = {
        "desktop": data_home / "applications" / f"{APP_ID}.desktop",
        "metainfo": data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
        "icon-scalable": icons / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    for size in ICON_SIZES:
        out[f"icon-{size}"] = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    return out


def install(data_home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry, icons and metainfo; returns the files written."""
    _require_linux()
    home = data_home or paths.xdg_data_home()
    files = targets(home)
    contents = {
        "desktop": entry_text(command or launcher()).encode("utf-8"),
        "metainfo": resources.read_bytes(resources.DESKTOP, f"{APP_ID}.metainfo.xml"),
        "icon-scalable": resources.read_bytes(resources.ICONS, f"{APP_ID}.svg"),
    }
    for size in ICON_SIZES:
        contents[f"icon-{size}"] = resources.read_bytes(resources.ICONS, f"{APP_ID}-{size}.png")
    try:
        for key, path in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(contents[key])
    except OSError as exc:
        raise UserError(_("cannot install the desktop entry: {exc}").format(exc=exc)) from exc
    return list(files.values())


def uninstall(data_home: Path | None = None) -> list[Path]:
    """Remove what `install` wrote; returns the files removed."""
    _require_linux()
    removed = []
    for path in targets(data_home or paths.xdg_data_home()).values():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise UserError(
                _("cannot remove {path}: {strerror}").format(path=path, strerror=exc.strerror)
            ) from exc
        removed.append(path)
    return removed


def _require_linux() -> None:
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise UserError(
            _(
                "desktop-install is for Linux desktops (XDG); on Windows and macOS run the bundle "
                "(make bundle) or start `newsdesk-gui`"
            )
        )
