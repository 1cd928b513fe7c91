"""The intake operator's desk (受理台): registering calls and walk-ins with a duplicate
check, and the cases waiting for intake and verification."""
from .window import IntakeDesk

__all__ = ["IntakeDesk"]
