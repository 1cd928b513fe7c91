"""The dispatcher's desk (派遣员): map, queues, departments panel and case detail."""
from .window import DispatcherWindow

__all__ = ["DispatcherWindow"]
