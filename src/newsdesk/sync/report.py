"""What a sync did (`sync --json`'s shape) and where a running sync stands (its progress)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.changes import Changes

PLURAL = {"article": "articles", "passage": "passages", "tag": "tags", "edit": "edits"}


def _counts() -> dict[str, int]:
    return dict.fromkeys(("articles", "passages", "tags", "edits"), 0)


@dataclass
class SyncProgress:
    """Where a sync stands: "connecting", "pushing", "pulling", "indexing" or "done"; `done`
    of `total` changes in this phase (total 0: not known)."""

    phase: str
    done: int = 0
    total: int = 0


@dataclass
class SyncReport:
    """What one sync pushed and pulled (objects, by kind), the conflicts open after it (each with
    both versions) and the local changes the hub refused (put back to the hub's version)."""

    pushed: dict[str, int] = field(default_factory=_counts)
    pulled: dict[str, int] = field(default_factory=_counts)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    new_conflicts: int = 0
    indexed: int = 0

    def count_pushed(self, kind: str) -> None:
        self.pushed[PLURAL[kind]] += 1

    def count_pulled(self, kind: str) -> None:
        self.pulled[PLURAL[kind]] += 1

    def reject(self, kind: str, object_id: str, reason: str) -> None:
        self.rejected.append({"kind": kind, "object_id": object_id, "reason": reason})

    @property
    def ok(self) -> bool:
        """Nothing refused and no conflict left open."""
        return not self.rejected and not self.conflicts

    @property
    def changes(self) -> Changes:
        """What the sync changed in this library, for the views to refresh (newsdesk.changes):
        pulled objects, and local ones put back to the hub's version."""
        kinds = {r["kind"] for r in self.rejected} | {str(c["kind"]) for c in self.conflicts}
        kinds |= {k for k, plural in PLURAL.items() if self.pulled[plural]}
        articles = bool(kinds & {"article", "edit"})
        return Changes(
            articles=articles,
            passages=articles or bool(kinds & {"passage", "tag"}),
            tags="tag" in kinds or "passage" in kinds,
            saved=articles,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "pushed": dict(self.pushed),
            "pulled": dict(self.pulled),
            "conflicts": list(self.conflicts),
            "rejected": list(self.rejected),
        }
