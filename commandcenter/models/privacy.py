"""Reporter's personal data: who may see it unmasked, and how it is masked for everyone else.

The masks follow common Chinese practice: a mobile number keeps its first 3 and last 4
digits (138****5678), an 18-digit resident ID keeps the 6-digit area code and the last 4
(110101********1234), a name keeps the surname's first character (张**). Input that does
not have the expected shape is masked more, never less: at most the characters the
standard mask would show are revealed, and short values are starred entirely.
"""
from __future__ import annotations

from dataclasses import dataclass

from .case import CaseRecord
from .enums import Role

MASK = "*"

# Who sees the reporter's name, phone and ID number unmasked (最小必要):
# - 受理员 (operator) takes the report, usually on the phone, and calls the reporter back
#   for missing details and for the return visit (回访) after the case is closed;
# - 值班长 (shift lead) decides on void and filing, answers complaints about the handling
#   and stands in for the operators, so needs the same contact.
# Everyone else works on the problem, not with the person who reported it:
# - 派遣员 (dispatcher) routes by place and class; 专业部门 (departments) and 监督员 (field
#   staff) fix and check things on site — reporters are protected from pressure by them;
# - 领导 (leader) reviews figures and issues supervision orders to departments; a leader
#   who has to contact a reporter asks the shift lead, whose read is then logged;
# - the center's automation (system) never needs a person's contact.
# Every unmasked read is written to the personal-data read log (使用留痕) by the store.
PERSONAL_DATA_ROLES: frozenset[Role] = frozenset({Role.OPERATOR, Role.SHIFT_LEAD})


def _clean(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _keep_ends(value: str, head: int, tail: int, min_hidden: int) -> str:
    """Show at most ``head`` leading and ``tail`` trailing characters, hiding at least
    ``min_hidden`` (or all of a shorter value). A value too short for the full mask
    loses its head first, then as much of its tail as needed."""
    n = len(value)
    if n - head - tail < min_hidden:
        head = 0
    while tail and n - tail < min_hidden:
        tail -= 1
    return value[:head] + MASK * (n - head - tail) + value[n - tail:]


def mask_phone(phone: str | None) -> str:
    """``13812345678`` → ``138****5678``; at least four characters stay hidden."""
    return _keep_ends(_clean(phone), 3, 4, 4)


def mask_id_no(id_no: str | None) -> str:
    """``110101199003071234`` → ``110101********1234``: the birth date and serial are hidden.

    A 15-digit (first-generation) ID keeps its area code and last 3 digits, hiding the
    6-digit birth date; any other document number keeps at most its last 4 characters
    and hides at least 8.
    """
    value = _clean(id_no)
    if len(value) == 18:
        return _keep_ends(value, 6, 4, 8)
    if len(value) == 15:
        return _keep_ends(value, 6, 3, 6)
    return _keep_ends(value, 0, 4, 8)


def mask_name(name: str | None) -> str:
    """``张三丰`` → ``张**``; a one-character name is starred entirely."""
    value = _clean(name)
    if len(value) < 2:
        return MASK * len(value)
    return value[0] + MASK * (len(value) - 1)


def may_see_personal_data(role: Role | str) -> bool:
    try:
        return Role(role) in PERSONAL_DATA_ROLES
    except ValueError:
        return False


@dataclass(frozen=True)
class ReporterView:
    """The reporter's contact as one role may see it."""

    name: str
    phone: str
    id_no: str
    masked: bool

    @property
    def revealed_fields(self) -> tuple[str, ...]:
        """Fields shown unmasked that hold something (what a read log records)."""
        if self.masked:
            return ()
        return tuple(f for f in ("name", "phone", "id_no") if getattr(self, f))


def reporter_view(case: CaseRecord, role: Role | str) -> ReporterView:
    """The reporter's name, phone and ID number of ``case`` as ``role`` may see them."""
    if may_see_personal_data(role):
        return ReporterView(_clean(case.reporter_name), _clean(case.reporter_phone),
                            _clean(case.reporter_id_no), masked=False)
    return ReporterView(mask_name(case.reporter_name), mask_phone(case.reporter_phone),
                        mask_id_no(case.reporter_id_no), masked=True)
