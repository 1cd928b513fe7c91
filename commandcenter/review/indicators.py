"""What the review measures: every indicator of every object type, as data.

A *count* is the sum of a column of the object's fact rows (a flag, or a number such as
the rework cycles of an assignment); a *rate* divides two counts after they are summed
(never an average of rates); a *mean*/*median* aggregates a numeric column over the rows
where it is set. ``basis`` says which date puts a row into a period; the README lists
them all. Bits (``Indicator.bit``) number the counts for frozen case lists.
"""
from __future__ import annotations

from dataclasses import dataclass

# 2: handling time leaves out time on hold; recalled dispatches count for no department;
# supervisors' 漏报 (missed reports) in the grids they patrol.
# 3: reports handled on the spot (自处理) counted apart; an approved one is a valid report.
DEFINITIONS_VERSION = "3"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    kind: str                       # count, rate, mean, median, density, text
    column: str = ""                # count / mean / median: the fact column
    num: str = ""                   # rate: numerator count key
    den: tuple[str, ...] = ()       # rate: denominator = first − the others
    better: str = "higher"          # higher, lower (rates that hurt a score)
    basis: str = ""                 # the date that puts a fact row into the period

    @property
    def is_count(self) -> bool:
        return self.kind == "count"


def _c(key, label, column=None, basis=""):
    return Indicator(key, label, "count", column or key, basis=basis)


def _r(key, label, num, *den, better="higher"):
    return Indicator(key, label, "rate", num=num, den=tuple(den), better=better)


HANDLER = (
    _c("assigned", "应处置数", basis="dispatch"), _c("handled", "处置数"),
    _c("handled_on_time", "按期处置数"), _c("handled_late", "超期处置数"),
    _r("handle_rate", "处置率", "handled", "assigned"),
    _r("handle_on_time_rate", "按期处置率", "handled_on_time", "assigned"),
    _c("due_close", "应结案数"), _c("closed", "结案数"), _c("closed_on_time", "按期结案数"),
    _c("closed_late", "超期结案数"),
    _r("close_rate", "结案率", "closed", "due_close"),
    _r("close_on_time_rate", "按期结案率", "closed_on_time", "due_close"),
    _r("close_late_rate", "超期结案率", "closed_late", "due_close", better="lower"),
    _c("rework", "返工数", "reworks"),
    _r("rework_rate", "返工率", "rework", "due_close", better="lower"),
    _c("returned", "回退数"), _c("extended", "延期数"),
    _r("extension_rate", "延期率", "extended", "assigned", better="lower"),
    _c("overdue_unhandled", "超期未处置数"),
    _r("overdue_unhandled_rate", "超期待处置率", "overdue_unhandled", "assigned", better="lower"),
    _c("held", "挂账数"), _c("supervised", "督办数", "supervisions"),
    Indicator("handle_hours_mean", "平均处置用时(工作小时)", "mean", "handle_hours"),
    Indicator("handle_hours_median", "处置用时中位数(工作小时)", "median", "handle_hours"),
)

REGION = (
    _c("reported", "上报数", basis="report"), _c("filed", "立案数", basis="file"),
    _c("supervisor_found", "监督举报核实数", basis="file"), _c("held", "挂账数", basis="file"),
    _r("supervisor_rate", "监督举报核实率", "supervisor_found", "filed", "held"),
    _c("due_close", "应结案数", basis="file"), _c("closed", "结案数", basis="file"),
    _c("closed_on_time", "按期结案数", basis="file"),
    _r("close_rate", "结案率", "closed", "due_close"),
    _r("close_on_time_rate", "按期结案率", "closed_on_time", "due_close"),
    # After the counts above, whose bits earlier publications keep.
    _c("self_handled", "自处理数", basis="report"),
    Indicator("cases_per_km2", "每平方公里立案数", "density", num="filed"),
    Indicator("top_classes", "高发小类", "text"),
)

SUPERVISOR = (
    _c("reported", "上报数", basis="report"), _c("valid", "有效上报数", basis="report"),
    _r("valid_rate", "有效上报率", "valid", "reported"),
    _c("verified", "核实数", basis="verify"), _c("verified_on_time", "按期核实数", basis="verify"),
    _r("verify_on_time_rate", "按期核实率", "verified_on_time", "verified"),
    _c("checked", "核查数", basis="check"), _c("checked_on_time", "按期核查数", basis="check"),
    _r("check_on_time_rate", "按期核查率", "checked_on_time", "checked"),
    # Last, so the bits of the counts above stay those of earlier publications.
    _c("grid_filed", "辖区立案数", basis="file"), _c("missed", "漏报数", basis="file"),
    _r("missed_rate", "漏报率", "missed", "grid_filed", better="lower"),
    # 自处理: reports handled on the spot, and of them those the shift lead approved.
    _c("self_reported", "自处理申报数", basis="report"),
    _c("self_handled", "自处理数", basis="report"),
    _r("self_handled_rate", "自处理通过率", "self_handled", "self_reported"),
)

OPERATOR = (
    _c("accepted", "受理数", basis="accept"), _c("accepted_on_time", "按期受理数", basis="accept"),
    _r("accept_on_time_rate", "按期受理率", "accepted_on_time", "accepted"),
    _c("accepted_accurate", "准确受理数", basis="accept"),
    _r("accept_accurate_rate", "准确受理率", "accepted_accurate", "accepted"),
)

SHIFT_LEAD = (
    _c("filed", "立案数", basis="file"), _c("filed_on_time", "按时立案数", basis="file"),
    _r("file_on_time_rate", "按时立案率", "filed_on_time", "filed"),
    _c("filed_accurate", "准确立案数", basis="file"),
    _r("file_accurate_rate", "准确立案率", "filed_accurate", "filed"),
    _c("closed", "结案数", basis="close"), _c("closed_on_time", "按时结案数", basis="close"),
    _r("close_on_time_rate", "按时结案率", "closed_on_time", "closed"),
)

DISPATCHER = (
    _c("dispatched", "派遣数", basis="dispatch"),
    _c("dispatched_on_time", "按期派遣数", basis="dispatch"),
    _r("dispatch_on_time_rate", "按期派遣率", "dispatched_on_time", "dispatched"),
    _c("dispatched_accurate", "准确派遣数", basis="dispatch"),
    _r("dispatch_accurate_rate", "准确派遣率", "dispatched_accurate", "dispatched"),
)

OBJECTS: dict[str, tuple[Indicator, ...]] = {
    "department": HANDLER, "street": REGION, "community": REGION, "grid": REGION,
    "supervisor": SUPERVISOR, "operator": OPERATOR, "shift_lead": SHIFT_LEAD,
    "dispatcher": DISPATCHER,
}

OBJECT_LABELS = {"department": "专业部门/街道", "street": "街道", "community": "社区",
                 "grid": "单元网格", "supervisor": "监督员", "operator": "受理员",
                 "shift_lead": "值班长", "dispatcher": "派遣员"}

# The command line's --object choices and the object types each stands for.
OBJECT_CHOICES = {
    "department": ["department"], "street": ["street"], "community": ["community"],
    "grid": ["grid"], "supervisor": ["supervisor"],
    "post": ["operator", "shift_lead", "dispatcher"],
    "all": list(OBJECTS),
}

# Labels of the columns every review table has besides its indicators.
COLUMN_LABELS = {"unit": "编码", "name": "名称", "group": "分组", "score": "综合得分",
                 "grade": "等级", "rank": "排名", "rank_change": "名次变化",
                 "score_prev": "上期得分", "score_yoy": "去年同期得分",
                 "score_mom": "环比", "score_yoy_change": "同比", "ranked": "参与排名"}


def indicator(object_type: str, key: str) -> Indicator:
    for ind in OBJECTS[object_type]:
        if ind.key == key:
            return ind
    raise KeyError(f"{object_type} has no indicator {key!r}")


def count_bits(object_type: str) -> dict[str, int]:
    """Bit number of each count indicator in a frozen case list."""
    return {ind.key: i for i, ind in enumerate(i for i in OBJECTS[object_type] if i.is_count)}


# The few indicators a printed table or the map offers, per object type.
HEADLINE = {
    "department": ("assigned", "handle_rate", "handle_on_time_rate", "due_close", "close_rate",
                   "close_on_time_rate", "rework_rate", "overdue_unhandled_rate",
                   "extension_rate"),
    "street": ("reported", "filed", "self_handled", "close_rate", "close_on_time_rate",
               "supervisor_rate", "cases_per_km2"),
    "supervisor": ("reported", "valid_rate", "missed_rate", "verify_on_time_rate",
                   "check_on_time_rate", "self_handled", "self_handled_rate"),
    "operator": ("accepted", "accept_on_time_rate", "accept_accurate_rate"),
    "shift_lead": ("filed", "file_on_time_rate", "file_accurate_rate", "close_on_time_rate"),
    "dispatcher": ("dispatched", "dispatch_on_time_rate", "dispatch_accurate_rate"),
}
HEADLINE["community"] = HEADLINE["grid"] = HEADLINE["street"]


def format_value(ind: Indicator | None, value) -> str:
    """A figure as a report prints it: rates in per cent, hours with one decimal."""
    if value is None or (isinstance(value, float) and value != value) or value is _NA:
        return "—"
    if ind is not None and ind.kind == "rate":
        return f"{100 * float(value):.1f}%"
    if ind is not None and ind.kind in ("mean", "median", "density"):
        return f"{float(value):.1f}"
    if isinstance(value, float):
        return f"{value:.2f}" if value != int(value) else str(int(value))
    return str(value)


try:
    from pandas import NA as _NA
except ImportError:  # pragma: no cover
    _NA = object()
