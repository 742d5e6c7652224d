"""newsdesk: an offline archive of Chinese newspaper articles (import, exact search, tagging)."""

from newsdesk.errors import NewsdeskError, UserError

__version__ = "0.1.0"

__all__ = ["Library", "NewsdeskError", "UserError", "__version__"]


def __getattr__(name: str) -> object:
    # Library pulls in the store and index; import it lazily so `import newsdesk` stays cheap.
    if name == "Library":
        from newsdesk.library import Library

        return Library
    raise AttributeError(name)
