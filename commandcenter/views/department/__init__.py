"""The department handler's desk (专业部门处置台): their own department's cases, what runs
out first on top; results with words and photos; requests and the center's decisions."""
from .window import DepartmentDesk

__all__ = ["DepartmentDesk"]
