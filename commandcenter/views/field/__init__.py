"""The field supervisor's desk (监督员任务台): their verify and check tasks, flagged when
not taken in time, and reports from the field, handled on the spot where the class allows."""
from .window import FieldDesk

__all__ = ["FieldDesk"]
