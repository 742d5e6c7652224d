"""Portable by construction: no POSIX-only module, function or signal on a path the program
takes, except in a spot guarded by a platform test or an ImportError/AttributeError handler."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "newsdesk"

POSIX_MODULES = {
    "fcntl",
    "pwd",
    "grp",
    "termios",
    "tty",
    "pty",
    "resource",
    "posix",
    "syslog",
    "crypt",
    "spwd",
    "nis",
}
POSIX_NAMES = {
    "os": {
        "fork",
        "forkpty",
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "getpwuid",
        "killpg",
        "setsid",
        "getpgid",
        "setpgid",
        "setpgrp",
        "getsid",
        "wait3",
        "wait4",
        "mkfifo",
        "chown",
        "lchown",
        "fchown",
        "sched_getaffinity",
        "getloadavg",
        "sync",
        "nice",
        "openpty",
        "WNOHANG",
    },
    "signal": {
        "SIGKILL",
        "SIGHUP",
        "SIGALRM",
        "SIGUSR1",
        "SIGUSR2",
        "SIGCHLD",
        "SIGPIPE",
        "SIGQUIT",
        "SIGSTOP",
        "SIGCONT",
        "SIGTSTP",
        "alarm",
        "pause",
        "setitimer",
        "siginterrupt",
        "pthread_kill",
    },
}
GUARD_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError"}


def _is_platform_test(node: ast.expr) -> bool:
    text = ast.unparse(node)
    return any(s in text for s in ("sys.platform", "os.name", "platform.system", "hasattr("))


def _guards(node: ast.AST) -> bool:
    if isinstance(node, ast.If | ast.IfExp):
        return _is_platform_test(node.test)
    if isinstance(node, ast.Try):
        names = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
        return any(err in n for n in names for err in GUARD_ERRORS)
    return False


def offenders(source: str, name: str = "<string>") -> list[str]:
    """Unguarded POSIX-only imports and attributes in `source`, as 'name:line: what'."""
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent

    def guarded(node: ast.AST) -> bool:
        while node in parents:
            node = parents[node]
            if _guards(node):
                return True
        return False

    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Import):
            bad = [a.name for a in node.names if a.name.split(".")[0] in POSIX_MODULES]
            what = f"import {', '.join(bad)}" if bad else None
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in POSIX_MODULES:
                what = f"from {node.module} import"
            elif top in POSIX_NAMES and (bad := [a.name for a in node.names if a.name in POSIX_NAMES[top]]):
                what = f"from {top} import {', '.join(bad)}"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in POSIX_NAMES.get(node.value.id, ())
        ):
            what = f"{node.value.id}.{node.attr}"
        if what and not guarded(node):
            found.append(f"{name}:{node.lineno}: {what}")
    return found


def test_no_posix_only_import_outside_a_guarded_spot() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        found += offenders(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    assert found == []


def test_the_walk_finds_what_it_is_meant_to_find() -> None:
    bad = "import fcntl\nfrom pwd import getpwnam\nimport os, signal\nos.kill(1, signal.SIGKILL)\nos.fork()\n"
    assert [line.split(": ", 1)[1] for line in offenders(bad)] == [
        "import fcntl",
        "from pwd import",
        "signal.SIGKILL",
        "os.fork",
    ]
    guarded = (
        "import sys, os, signal\n"
        "if sys.platform != 'win32':\n    import fcntl\n    os.kill(1, signal.SIGKILL)\n"
        "try:\n    import termios\nexcept ImportError:\n    termios = None\n"
        "sig = signal.SIGHUP if hasattr(signal, 'SIGHUP') else signal.SIGTERM\n"
    )
    assert offenders(guarded) == []
