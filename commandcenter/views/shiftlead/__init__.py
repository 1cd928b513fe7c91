"""The shift lead's desk (值班长台): filing, closing, voiding and approvals in queues of
their own, each case fully in view with its possible duplicates beside it."""
from .window import ShiftLeadDesk

__all__ = ["ShiftLeadDesk"]
