"""The leader's desk (领导台): the center's figures at a glance, overdue and supervised
cases, 督办 with an order text, and the monthly review."""
from .window import LeaderDesk

__all__ = ["LeaderDesk"]
