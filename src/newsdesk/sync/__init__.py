"""Sync with the newsroom hub: the engine (push, then pull), its report, and `lib.hub`."""
