"""Demo case history: weeks of plausible work, played through the real workflow.

Nothing here writes a case's final state. Every report and every step goes through
:class:`~commandcenter.store.service.Workflow` at its simulated time, so the demo
database holds exactly what real use would leave behind: the same rules, deadlines,
version numbers, events and change log.

The simulation is a discrete-event loop. Each case carries its own small plan; a
heap orders the next step of every case by time, and each step, when taken, decides
and schedules the one after it. Side steps (escalation of an overdue case, a leader's
supervision order) are scheduled with the handling cycle they belong to and dropped if
the case has moved on by then. Steps that would fall after ``end`` are not taken, so
the most recent cases are left open at whatever stage they had reached.

Shares and timings follow what a district command center sees day to day: most
reports come from the field supervisors during working hours, the center takes them
in within minutes, departments finish most cases inside their limit but the slower
ones run overdue more often, and a few cases take every side branch of the loop.
"""
from __future__ import annotations

import heapq
import math
import random
import time as _time
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import Enum
from types import MappingProxyType

from commandcenter.models.case import Action, Actor, CaseDraft, CaseRecord, RequestKind
from commandcenter.models.catalog import Catalog, MinorClass
from commandcenter.models.enums import CaseKind, Source, Stage, Urgency
from commandcenter.models.routing import Router
from commandcenter.models.workflow import DomainError
from commandcenter.models.worktime import LimitUnit, TimeLimit, limit_minutes
from commandcenter.resources import resource
from commandcenter.store.photos import PhotoFile
from commandcenter.store.service import CaseService, Workflow

DEFAULT_DAYS = 14
DEFAULT_CASES_PER_DAY = 160
# A batch is committed at the end of each simulated day, or after this many steps.
BATCH_STEPS = 2000

__all__ = ["DEFAULT_CASES_PER_DAY", "DEFAULT_DAYS", "DemoWorld", "HistoryStats", "Spot",
           "generate_history"]


@dataclass(frozen=True, kw_only=True)
class DemoWorld:
    """The people, places and things the history happens to."""

    grids: Sequence[tuple[str, float, float]]          # (grid code, centroid lon, centroid lat)
    supervisor_of_grid: Mapping[str, str]               # grid code -> field supervisor's username
    operators: Sequence[str]
    shift_leads: Sequence[str]
    dispatchers: Sequence[str]
    leaders: Sequence[str]
    system_user: str                                    # role system: escalates overdue cases
    handlers: Mapping[str, Sequence[str]]               # department code -> handlers' usernames
    # (component code, class key such as "component:0101", grid code, lon, lat, owner department)
    components: Sequence[tuple[str, str, str, float, float, str]]
    catalog: Catalog
    router: Router
    department_speed: Mapping[str, float]               # 1.0 typical; >1 slower, more overdue


@dataclass(frozen=True)
class HistoryStats:
    """What a run produced. ``actions`` counts every event written, reports included."""

    reports: int
    actions: Mapping[Action, int]
    voids: int
    returns: int            # approved returns (回退)
    extensions: int         # approved extensions (延期)
    holds: int              # approved holds (挂账)
    reworks: int            # failed checks sent back to the department (返工)
    supervisions: int       # supervision orders (督办)
    escalations: int        # automatic escalations of overdue cases
    open_at_end: int
    overdue_at_end: int
    elapsed_seconds: float
    errors: int = 0         # steps the rules refused (the case was then left alone)
    merges: int = 0         # duplicate reports merged into the case they repeat (合并)
    reassignments: int = 0  # field tasks the center gave to another supervisor
    self_handled: int = 0   # reports handled on the spot and approved as such (自处理)

    @property
    def total_actions(self) -> int:
        return sum(self.actions.values())

    @property
    def actions_per_second(self) -> float:
        return self.total_actions / self.elapsed_seconds if self.elapsed_seconds > 0 else 0.0


def generate_history(service: CaseService, world: DemoWorld, *, days: int, seed: int,
                     end: datetime, progress: Callable[[str], None] | None = None,
                     cases_per_day: int = DEFAULT_CASES_PER_DAY) -> HistoryStats:
    """Play ``days`` days of case work ending at ``end`` through the workflow.

    ``cases_per_day`` is the typical number of reports on a working day; weekends and
    holidays get fewer. The same ``seed`` against the same starting database gives the
    same cases, steps and times.
    """
    if days <= 0:
        raise ValueError("days must be positive")
    if cases_per_day <= 0:
        raise ValueError("cases_per_day must be positive")
    _check_world(world)
    return _Simulation(service, world, random.Random(seed), end.replace(microsecond=0),
                       days, cases_per_day, progress).run()


def _check_world(world: DemoWorld) -> None:
    missing = [name for name in ("grids", "operators", "shift_leads", "dispatchers", "leaders")
               if not getattr(world, name)]
    if not world.supervisor_of_grid:
        missing.append("supervisor_of_grid")
    if not any(world.handlers.values()):
        missing.append("handlers")
    if not world.system_user:
        missing.append("system_user")
    if missing:
        raise ValueError(f"the demo world has no {', '.join(missing)}")


# --- shares and shapes -------------------------------------------------------------

SOURCE_SHARES: tuple[tuple[Source, float], ...] = (
    (Source.SUPERVISOR, 0.60), (Source.HOTLINE, 0.15), (Source.PUBLIC, 0.10),
    (Source.VIDEO, 0.10), (Source.HANDED_DOWN, 0.05))
COMPONENT_SHARE = 0.35
URGENT_SHARE = 0.10
OFF_DAY_SHARE = 0.45          # reports on a weekend or holiday, relative to a working day

# Reports per hour of the day: peaks 9-11 and 14-17, little at night.
_HOURLY = (0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.5, 4.0, 7.0, 7.5, 6.0,
           3.0, 3.5, 6.5, 7.0, 6.5, 5.0, 3.0, 2.0, 1.5, 1.2, 0.8, 0.5)
_HOURS_BY_SOURCE: dict[Source, tuple[float, ...]] = {
    # Field supervisors patrol 07:00-19:00.
    Source.SUPERVISOR: tuple(w if 7 <= h < 19 else 0.0 for h, w in enumerate(_HOURLY)),
    Source.HOTLINE: _HOURLY,
    Source.PUBLIC: _HOURLY,
    # Cameras never sleep, but the people watching them are fewer at night.
    Source.VIDEO: tuple(w + 1.0 for w in _HOURLY),
    # Handed down by higher offices during office hours.
    Source.HANDED_DOWN: tuple(w if 9 <= h < 17 else 0.0 for h, w in enumerate(_HOURLY)),
}

# The common street events dominate; classes not listed weigh 1.
_EVENT_WEIGHTS = {
    "暴露垃圾": 14, "占道经营": 12, "非法小广告": 11, "乱堆物料": 7, "店外经营": 7,
    "非机动车乱停放": 7, "机动车乱停放": 6, "无照经营游商": 6, "积存垃圾渣土": 5,
    "道路不洁": 5, "垃圾满溢": 5, "违规晾晒": 3, "施工扰民": 3, "噪声扰民": 3,
    "私设地桩地锁": 3, "工地扬尘": 2, "违章搭建": 2, "餐饮油烟": 2, "违规户外广告": 2,
    "道路遗撒": 2, "绿地脏乱": 2, "施工废弃料": 2, "违规标语宣传品": 2, "露天烧烤": 1.5,
}
_RARE_EVENT_WEIGHT = 0.3      # emergencies (突发事件) are rare but happen
_EMERGENCY_MAJOR = "04"

# Branch shares.
VOID_AT_INTAKE = 0.02
VOID_AT_FILING = 0.01
NOT_FOUND_ON_VERIFY = 0.06
SECOND_SUGGESTION = 0.10
RETURN_SHARE = 0.045
EXTENSION_SHARE = 0.045
HOLD_SHARE = 0.018
APPROVE_RETURN = 0.8
APPROVE_EXTENSION = 0.8
APPROVE_HOLD = 0.9
CHECK_FAIL_SHARE = 0.07
MAX_REWORKS = 2
SUPERVISE_OVERDUE = 0.6
# Hotline and public reports of a problem already reported and still open nearby; the
# operator merges them into the first report instead of taking them in.
DUPLICATE_SHARE = 0.04
DUPLICATE_WITHIN = timedelta(days=2)
DUPLICATE_SPREAD_M = 25.0
# Supervisor reports of a class the catalog allows handled on the spot (自处理), and how
# many of those the shift lead accepts as handled (the rest go on to filing).
SELF_HANDLED_SHARE = 0.3
APPROVE_SELF_HANDLED = 0.85
# Field tasks the center gives to another supervisor, and those taken (接单) before done.
REASSIGN_SHARE = 0.06
ACKNOWLEDGE_SHARE = 0.85
# Personal pace of each member of staff (lognormal spread around 1), and the share of
# steps that slip because something else got in the way.
PERSON_SPREAD = 0.35
SLIP_SHARE = 0.04
SLIP_FACTOR = 6.0
# Handling takes a lognormal share of the time limit: median 0.5 x department speed.
HANDLING_SPREAD = 0.6

_WORK_DAY_MINUTES = 480


# --- texts ---------------------------------------------------------------------------

_ROADS = {
    "001": ("王府井大街", "南河沿大街", "东华门大街", "灯市口西街"),
    "002": ("景山前街", "地安门东大街", "五四大街", "美术馆后街"),
    "003": ("交道口南大街", "南锣鼓巷", "地安门外大街", "鼓楼东大街"),
    "004": ("安定门内大街", "国子监街", "五道营胡同", "安定门东大街"),
    "005": ("雍和宫大街", "北新桥三条", "东直门内大街", "香饵胡同"),
    "006": ("东四北大街", "东四十条", "朝阳门北小街", "东四六条"),
    "007": ("朝阳门内大街", "朝阳门南小街", "禄米仓胡同", "东四南大街"),
    "008": ("建国门内大街", "东单北大街", "北京站街", "东总布胡同"),
    "009": ("东直门外大街", "东中街", "东直门南大街", "海运仓胡同"),
    "010": ("和平里中街", "和平里东街", "和平里西街", "青年湖南街"),
    "011": ("前门大街", "前门东大街", "鲜鱼口街", "大江胡同"),
    "012": ("崇文门外大街", "东打磨厂街", "西花市大街", "兴隆街"),
    "013": ("东花市大街", "广渠门内大街", "白桥大街", "东花市北里"),
    "014": ("龙潭路", "光明路", "左安门内大街", "幸福大街"),
    "015": ("体育馆路", "法华寺街", "天坛东路", "东晓市街"),
    "016": ("天坛路", "祈年大街", "金鱼池中街", "永定门东街"),
    "017": ("永定门外大街", "沙子口路", "安乐林路", "定安路"),
}
_ANY_ROADS = tuple(road for roads in _ROADS.values() for road in roads)

_PLACE_FORMS = ("{road}{n}号附近", "{road}{n}号门前", "{road}与{other}交叉口",
                "{road}{n}号对面", "{road}公交站旁", "{road}{n}号院内")
_EVENT_DETAILS = ("影响市容环境", "影响行人通行", "群众反映较多", "已持续多日",
                  "现场约有{k}处", "周边居民意见较大", "存在安全隐患")
_REQUESTS = ("请尽快处置", "请派人处理", "请相关部门处理", "")
_DAMAGE = (
    (("井盖", "箅子"), ("破损", "缺失", "移位", "下沉", "松动有响声")),
    (("路灯", "景观灯", "灯箱"), ("不亮", "灯罩破损", "灯杆倾斜", "白天亮灯")),
    (("树", "绿地", "花坛"), ("枯死", "倾斜", "缺株", "护栏破损")),
    (("厕所", "垃圾楼"), ("设施损坏", "卫生状况差", "门窗破损")),
    (("信号灯", "电子警察"), ("不工作", "灯头倾斜", "显示异常")),
)
_DEFAULT_DAMAGE = ("破损", "污损", "倾斜", "缺失", "松动")
_SOURCE_OPENINGS = {
    Source.SUPERVISOR: "巡查发现：",
    Source.HOTLINE: "市民来电反映：",
    Source.PUBLIC: "市民通过随手拍反映：",
    Source.VIDEO: "视频巡查发现：",
    Source.HANDED_DOWN: "上级交办：",
}

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华志国红梅玉兰文博晨阳欣怡子涵浩然"
_ID_AREAS = ("110101", "110102", "110105", "110106", "110108", "110111", "110114", "130102",
             "370102", "410105")

_VOID_INTAKE_REASONS = ("重复上报", "不属于受理范围", "信息不全，无法定位", "非城市管理问题，已告知来电人其他渠道")
_VOID_FILING_REASONS = ("不予立案：重复案件", "不予立案：不属于城市管理范围", "不予立案：问题已自行消除")
_NOT_FOUND_REASON = "经核实，现场无此问题"
_RETURN_REASONS = ("不属于本单位职责范围", "该部件权属不属我单位，请重新派遣",
                   "问题不在本单位辖区", "需专业部门处置，超出本单位处置能力")
_RETURN_REJECTS = ("经核实属于你单位职责范围，请继续处置", "权属清楚，请按期处置")
_EXTENSION_REASONS = ("需采购配件，无法按期完成", "涉及多部门协调，需延长处置时间",
                      "受天气影响暂无法施工", "需联系产权单位确认维修方案")
_EXTENSION_REJECTS = ("延期理由不充分，请按期处置", "问题影响较大，不予延期")
_HOLD_REASONS = ("涉及产权纠纷，待确权后处置", "需纳入年度维修计划统一实施",
                 "当前不具备施工条件", "需协调市级部门联合处置")
_HOLD_REJECTS = ("不符合挂账条件，请继续处置",)
_HANDLE_NOTES = ("已处置完毕，现场恢复正常", "已安排人员清理完毕", "已修复", "已整改到位",
                 "已劝离并清理现场", "已更换完毕")
_CHECK_FAIL_REASONS = ("现场问题未彻底解决", "处置不到位，仍有残留", "反馈照片与现场不符",
                       "问题反弹，现场仍存在")
_SUPERVISE_REASONS = ("超期未处置，请加快办理", "群众反映强烈，请限期处置并反馈",
                      "多次催办未果，请主要负责人督促落实")
_ESCALATE_REASON = "超期未处置，自动升级"
_MERGE_REASON = "重复上报，并入原案件"
_REASSIGN_REASONS = ("原监督员另有紧急任务", "就近改派", "原监督员请假")
_SELF_REJECTS = ("照片不能反映处置结果，请按流程立案", "问题较大，需专业部门处置")


def _place(rng: random.Random, grid_code: str) -> str:
    roads = _ROADS.get(grid_code[6:9], _ANY_ROADS)
    road = rng.choice(roads)
    other = rng.choice([r for r in roads if r != road] or list(_ANY_ROADS))
    return rng.choice(_PLACE_FORMS).format(road=road, other=other, n=rng.randint(1, 120))


def _damage(rng: random.Random, name: str) -> str:
    for keys, damages in _DAMAGE:
        if any(k in name for k in keys):
            return rng.choice(damages)
    return rng.choice(_DEFAULT_DAMAGE)


def _person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random) -> str:
    """An 18-digit resident ID number with a valid check character (GB 11643)."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 52))
    body = f"{rng.choice(_ID_AREAS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]
    return body + check


def _jitter(rng: random.Random, lon: float, lat: float,
            metres: float = 40.0) -> tuple[float, float]:
    """A point uniformly within ``metres`` of (lon, lat)."""
    r = metres * math.sqrt(rng.random())
    a = rng.uniform(0, 2 * math.pi)
    dlat = r * math.sin(a) / 111_320.0
    dlon = r * math.cos(a) / (111_320.0 * math.cos(math.radians(lat)))
    return round(lon + dlon, 7), round(lat + dlat, 7)


# --- the simulation ------------------------------------------------------------------

@dataclass(frozen=True)
class Spot:
    """Where a field supervisor on patrol stands when they report what they see."""

    grid_code: str
    lon: float
    lat: float
    supervisor: str
    # Registered components of that grid, as in DemoWorld.components.
    components: Sequence[tuple[str, str, str, float, float, str]] = ()


class _Step(Enum):
    REPORT = 1
    ACCEPT = 2
    VOID = 3
    VERIFY = 4
    FILE = 5
    DISPATCH = 6
    REQUEST = 7
    DECIDE = 8
    RESUME = 9
    HANDLE = 10
    CHECK = 11
    CLOSE = 12
    ESCALATE = 13
    SUPERVISE = 14
    MERGE = 15
    DECIDE_SELF = 16
    ASSIGN = 17
    ACKNOWLEDGE = 18


@dataclass(eq=False, slots=True)
class _Case:
    no: int
    draft: CaseDraft
    supervisor: str
    major: str
    minor: str
    owner: str | None
    record: CaseRecord | None = None
    handler: str | None = None
    natural: bool = False          # the handling limit runs on natural hours
    epoch: int = 0                 # bumped whenever the handling deadline is set anew
    handle_due: datetime | None = None
    request: RequestKind | None = None
    approve: bool = False
    returned_from: list[str] = field(default_factory=list)
    extended: bool = False
    held: bool = False
    reworks: int = 0
    void_reason: str = ""
    dead: bool = False
    duplicate_of: _Case | None = None   # the open case this report repeats
    field_step: _Step | None = None     # the verify or check a field task ends with
    field_span: tuple[float, float] = (10.0, 60.0)


def _floor(t: datetime) -> datetime:
    return t.replace(microsecond=0)


class _Simulation:
    def __init__(self, service: CaseService, world: DemoWorld, rng: random.Random,
                 end: datetime, days: int, cases_per_day: int,
                 progress: Callable[[str], None] | None):
        self.service, self.world, self.rng, self.end = service, world, rng, end
        self.start = end - timedelta(days=days)
        self.cases_per_day = cases_per_day
        self.progress = progress or (lambda _message: None)
        self.policy = service.policy
        self.calendar = service.policy.calendar
        # (time, tie-breaker, case number, step, handling cycle, who takes it)
        self.heap: list[tuple[datetime, int, int, _Step, int, str]] = []
        self.tie = 0
        self.now = self.start
        self.pace: dict[str, float] = {}
        self.cases: list[_Case] = []
        self.actors: dict[str, Actor] = {}
        self.actions: Counter[Action] = Counter()
        self.counts: Counter[str] = Counter()
        self.errors = 0
        # Sorted copies, so nothing depends on the order a mapping was built in.
        self.grids = sorted(world.grids)
        self.components = sorted(world.components)
        self.handlers = {code: sorted(users) for code, users in sorted(world.handlers.items())
                         if users}
        self.all_supervisors = sorted(set(world.supervisor_of_grid.values()))
        events = sorted(world.catalog.minors(CaseKind.EVENT), key=lambda m: m.key)
        self.event_classes = events
        self.event_weights = [_EVENT_WEIGHTS.get(m.name, _RARE_EVENT_WEIGHT
                                                 if m.major_code == _EMERGENCY_MAJOR else 1.0)
                              for m in events]
        self.sources = [s for s, _ in SOURCE_SHARES]
        self.source_weights = [w for _, w in SOURCE_SHARES]
        self.recent: deque[_Case] = deque()   # event cases reported lately: what repeats
        # The one picture every report handled on the spot comes with (kept once).
        self.photo = PhotoFile("现场处置.jpg", "image/jpeg",
                               resource("demo", "self_handled.jpg").read_bytes())

    # -- driver -------------------------------------------------------------------------

    def run(self) -> HistoryStats:
        began = _time.perf_counter()
        self._load_actors()
        self._plan_arrivals()
        self.progress(f"{len(self.cases)} reports planned from {self.start:%Y-%m-%d %H:%M} "
                      f"to {self.end:%Y-%m-%d %H:%M}")
        while self.heap and self.heap[0][0] < self.end:
            day = self.heap[0][0].date()
            steps = 0
            with self.service.batch() as wf:
                while (self.heap and self.heap[0][0] < self.end
                       and self.heap[0][0].date() == day and steps < BATCH_STEPS):
                    at, _tie, no, step, epoch, user = heapq.heappop(self.heap)
                    self.now = at
                    self._take(wf, self.cases[no], step, at, epoch, user)
                    steps += 1
            if not self.heap or self.heap[0][0] >= self.end or self.heap[0][0].date() != day:
                self.progress(f"{day:%Y-%m-%d}: {self.counts['reports_' + day.isoformat()]} "
                              f"reports, {sum(self.actions.values())} actions so far")
        elapsed = _time.perf_counter() - began
        records = [c.record for c in self.cases if c.record is not None]
        open_cases = [r for r in records if r.is_open]
        stats = HistoryStats(
            reports=self.actions[Action.REPORT],
            actions=MappingProxyType({a: self.actions[a] for a in Action if self.actions[a]}),
            voids=self.actions[Action.VOID], returns=self.counts["returns"],
            extensions=self.counts["extensions"], holds=self.counts["holds"],
            reworks=self.actions[Action.CHECK_FAIL], supervisions=self.actions[Action.SUPERVISE],
            escalations=self.actions[Action.ESCALATE], open_at_end=len(open_cases),
            overdue_at_end=sum(r.is_overdue(self.end) for r in open_cases),
            elapsed_seconds=elapsed, errors=self.errors, merges=self.actions[Action.MERGE],
            reassignments=self.actions[Action.ASSIGN], self_handled=self.counts["self_handled"])
        self.progress(f"{stats.reports} reports, {stats.total_actions} actions in "
                      f"{elapsed:.1f} s ({stats.actions_per_second:.0f} actions/s); "
                      f"{stats.open_at_end} open, {stats.overdue_at_end} overdue")
        return stats

    def _load_actors(self) -> None:
        w = self.world
        names = {*w.operators, *w.shift_leads, *w.dispatchers, *w.leaders, w.system_user,
                 *w.supervisor_of_grid.values(), *(u for us in self.handlers.values() for u in us)}
        with self.service.batch() as wf:
            for name in sorted(names):
                self.actors[name] = wf.actor(name)
        # Some people are quicker than others; reviews of staff have something to rank.
        for name in sorted(names):
            self.pace[name] = self.rng.lognormvariate(0.0, PERSON_SPREAD)

    def _push(self, at: datetime, case: _Case, step: _Step, epoch: int = 0,
              user: str = "") -> None:
        # Never in the past: a step planned for a moment already gone is taken now.
        self.tie += 1
        heapq.heappush(self.heap, (max(_floor(at), self.now), self.tie, case.no, step, epoch,
                                   user))

    def _take(self, wf: Workflow, case: _Case, step: _Step, at: datetime, epoch: int,
              user: str) -> None:
        if case.dead:
            return
        try:
            getattr(self, f"_on_{step.name.lower()}")(wf, case, at, epoch, user)
        except DomainError as exc:
            # The plan and the rules disagree: leave this case where it stands.
            self.errors += 1
            case.dead = True
            self.progress(f"skipped case {case.record.number if case.record else case.no} "
                          f"at {step.name.lower()} ({at:%Y-%m-%d %H:%M}): {exc}")

    def _act(self, wf: Workflow, case: _Case, user: str, action: Action, at: datetime,
             **kw) -> CaseRecord:
        if user not in self.actors:  # a supervisor the service chose who patrols elsewhere
            self.actors[user] = wf.actor(user)
            self.pace[user] = self.rng.lognormvariate(0.0, PERSON_SPREAD)
        case.record = wf.act(self.actors[user], case.record.id, action, at=at, **kw)
        self.actions[action] += 1
        return case.record

    # -- time -------------------------------------------------------------------------------

    def _center(self, at: datetime, mean_minutes: float, user: str) -> datetime:
        """When the center's duty staff get to something: minutes, slower at night."""
        mean_minutes *= self.pace.get(user, 1.0)
        if not 8 <= at.hour < 20:
            mean_minutes *= 2.5
        if self.rng.random() < SLIP_SHARE:
            mean_minutes *= SLIP_FACTOR
        minutes = max(0.5, self.rng.expovariate(1.0 / mean_minutes))
        return at + timedelta(minutes=minutes)

    def _field(self, at: datetime, low: float, high: float, user: str) -> datetime:
        """When a field supervisor gets to a case: working minutes, at their own pace."""
        minutes = self.rng.uniform(low, high) * self.pace.get(user, 1.0)
        if self.rng.random() < SLIP_SHARE:
            minutes *= SLIP_FACTOR
        return self._work(at, minutes)

    def _work(self, at: datetime, minutes: float) -> datetime:
        """``minutes`` of working time after ``at`` (field staff and departments)."""
        return self.calendar.add_minutes(at, minutes) + timedelta(seconds=self.rng.randrange(60))

    def _along(self, case: _Case, start: datetime, deadline: datetime, share: float) -> datetime:
        """The moment ``share`` of the way from ``start`` to ``deadline`` on the case's clock."""
        if case.natural:
            return start + (deadline - start) * max(share, 0.0)
        total = max(self.calendar.working_minutes_between(start, deadline), 0.0)
        return self._work(start, total * max(share, 0.0))

    def _handling_share(self, case: _Case, median: float) -> float:
        speed = self.world.department_speed.get(case.record.department_code, 1.0)
        return self.rng.lognormvariate(math.log(median * speed), HANDLING_SPREAD)

    # -- arrivals ---------------------------------------------------------------------------

    def _plan_arrivals(self) -> None:
        rng, day = self.rng, self.start.date()
        while day <= self.end.date():
            working = self.calendar.is_working_day(day)
            mean = self.cases_per_day * (1.0 if working else OFF_DAY_SHARE)
            count = max(0, round(rng.gauss(mean, math.sqrt(mean))))
            times = []
            for _ in range(count):
                source = rng.choices(self.sources, self.source_weights)[0]
                if source is Source.HANDED_DOWN and not working:
                    source = Source.HOTLINE
                hour = rng.choices(range(24), _HOURS_BY_SOURCE[source])[0]
                at = datetime(day.year, day.month, day.day, hour) + timedelta(
                    seconds=rng.randrange(3600))
                if self.start <= at < self.end:
                    times.append((at, source))
            for at, source in sorted(times, key=lambda item: item[0]):
                case = self._new_case(len(self.cases), source)
                self.cases.append(case)
                self._push(at, case, _Step.REPORT)
            day += timedelta(days=1)

    def _new_case(self, no: int, source: Source, spot: Spot | None = None) -> _Case:
        """A case to report; ``spot`` puts it where a supervisor on patrol stands."""
        rng, world = self.rng, self.world
        owner: str | None = None
        components = self.components if spot is None else spot.components
        if components and rng.random() < COMPONENT_SHARE:
            code, class_key, grid, lon, lat, owner = rng.choice(components)
            minor = world.catalog.by_key(class_key)
            kind, component = CaseKind.COMPONENT, code
            what = f"{minor.name}{_damage(rng, minor.name)}"
        else:
            grid, glon, glat = rng.choice(self.grids) if spot is None \
                else (spot.grid_code, spot.lon, spot.lat)
            minor = rng.choices(self.event_classes, self.event_weights)[0]
            kind, component = CaseKind.EVENT, None
            lon, lat = _jitter(rng, glon, glat) if spot is None \
                else (round(glon, 7), round(glat, 7))
            what = minor.name
        urgent_share = 0.5 if kind is CaseKind.EVENT and minor.major_code == _EMERGENCY_MAJOR \
            else URGENT_SHARE
        urgency = Urgency.URGENT if rng.random() < urgent_share else Urgency.NORMAL
        address = _place(rng, grid)
        description = self._description(source, kind, address, what, minor, urgency)
        name = phone = id_no = ""
        if source in (Source.HOTLINE, Source.PUBLIC):
            name, phone = _person_name(rng), _phone(rng)
            if rng.random() < 0.3:
                id_no = _id_number(rng)
        draft = CaseDraft(source=source, kind=kind, class_key=minor.key, urgency=urgency,
                          lon=lon, lat=lat, grid_code=grid, description=description,
                          address=address, component_code=component, reporter_name=name,
                          reporter_phone=phone, reporter_id_no=id_no)
        supervisor = spot.supervisor if spot is not None else \
            world.supervisor_of_grid.get(grid) or rng.choice(self.all_supervisors)
        return _Case(no, draft, supervisor, minor.major_code, minor.code, owner)

    def _description(self, source: Source, kind: CaseKind, address: str, what: str,
                     minor: MinorClass, urgency: Urgency) -> str:
        rng = self.rng
        detail = rng.choice(_EVENT_DETAILS).format(k=rng.randint(2, 12))
        if kind is CaseKind.COMPONENT:
            detail = rng.choice(("存在安全隐患", "影响正常使用", "影响行人通行", "影响市容"))
        ask = rng.choice(_REQUESTS)
        text = f"{_SOURCE_OPENINGS[source]}{address}{what}，{detail}"
        if urgency is Urgency.URGENT:
            text += "，情况紧急"
        return text + (f"，{ask}。" if ask else "。")

    # -- the steps ---------------------------------------------------------------------------
    # Whoever takes a step is chosen when it is scheduled, so their own pace sets when.

    def _to_center(self, case: _Case, at: datetime, step: _Step, pool: Sequence[str],
                   mean_minutes: float, epoch: int = 0) -> None:
        user = self.rng.choice(pool)
        self._push(self._center(at, mean_minutes, user), case, step, epoch, user)

    def _to_field(self, case: _Case, at: datetime, step: _Step, low: float, high: float) -> None:
        """A verify or check task was given (to the supervisor the service chose): now and
        then the center gives it to someone else first; mostly it is taken, then done."""
        case.field_step, case.field_span = step, (low, high)
        if self.rng.random() < REASSIGN_SHARE and len(self.all_supervisors) > 1:
            self._to_center(case, at, _Step.ASSIGN, self.world.dispatchers, 6)
        else:
            self._field_next(case, at)

    def _field_next(self, case: _Case, at: datetime) -> None:
        user = case.record.assignee or case.supervisor
        low, high = case.field_span
        if self.rng.random() < ACKNOWLEDGE_SHARE:
            self._push(self._field(at, 2, 20, user), case, _Step.ACKNOWLEDGE, user=user)
        else:
            self._push(self._field(at, low, high, user), case, case.field_step, user=user)

    def _on_assign(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                   user: str) -> None:
        holder = case.record.assignee or case.supervisor
        other = self.rng.choice([s for s in self.all_supervisors if s != holder])
        self._act(wf, case, user, Action.ASSIGN, at, assignee=other,
                  reason=self.rng.choice(_REASSIGN_REASONS))
        self._field_next(case, at)

    def _on_acknowledge(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                        user: str) -> None:
        self._act(wf, case, user, Action.ACKNOWLEDGE, at)
        low, high = case.field_span
        self._push(self._field(at, low * 0.5, high * 0.8, user), case, case.field_step,
                   user=user)

    def _on_report(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, _user: str) -> None:
        source = case.draft.source
        if source in (Source.HOTLINE, Source.PUBLIC) and self.rng.random() < DUPLICATE_SHARE:
            self._repeat_an_open_case(case, at)
        elif source is Source.SUPERVISOR and case.draft.kind is CaseKind.EVENT \
                and self.world.catalog.allows_self_handling(case.draft.class_key) \
                and self.rng.random() < SELF_HANDLED_SHARE:
            case.draft = replace(
                case.draft, self_handled=True,
                description=case.draft.description.rstrip("。") + "，已现场处置。")
        user = case.supervisor if source is Source.SUPERVISOR \
            else self.rng.choice(self.world.operators)
        case.record = wf.report(self.actors[user], case.draft, at=at,
                                photo_files=(self.photo,) if case.draft.self_handled else ())
        self.actions[Action.REPORT] += 1
        self.counts["reports_" + at.date().isoformat()] += 1
        if case.draft.kind is CaseKind.EVENT and not case.draft.self_handled:
            self.recent.append(case)
        limit = self.policy.stage_limit(Stage.HANDLING, case.draft.urgency, case.draft.class_key)
        case.natural = limit is not None and limit.unit is LimitUnit.NATURAL_HOURS
        if case.draft.self_handled:
            self._to_center(case, at, _Step.DECIDE_SELF, self.world.shift_leads, 10)
        elif case.duplicate_of is not None:
            self._to_center(case, at, _Step.MERGE, self.world.operators, 4)
        elif self.rng.random() < VOID_AT_INTAKE:
            case.void_reason = self.rng.choice(_VOID_INTAKE_REASONS)
            self._to_center(case, at, _Step.VOID, self.world.operators, 4)
        else:
            self._to_center(case, at, _Step.ACCEPT, self.world.operators, 3)

    def _repeat_an_open_case(self, case: _Case, at: datetime) -> None:
        """Make ``case`` a second report of a recent open event case, a few metres away."""
        while self.recent and at - self.recent[0].record.reported_at > DUPLICATE_WITHIN:
            self.recent.popleft()
        targets = [c for c in self.recent if c.record.is_open and not c.dead]
        if not targets:
            return
        target = self.rng.choice(targets)
        minor = self.world.catalog.by_key(target.draft.class_key)
        lon, lat = _jitter(self.rng, target.draft.lon, target.draft.lat, DUPLICATE_SPREAD_M)
        description = self._description(case.draft.source, CaseKind.EVENT, target.draft.address,
                                        minor.name, minor, target.draft.urgency)
        case.draft = replace(case.draft, kind=CaseKind.EVENT, class_key=minor.key,
                             urgency=target.draft.urgency, lon=lon, lat=lat,
                             grid_code=target.draft.grid_code, address=target.draft.address,
                             component_code=None, description=description)
        case.major, case.minor, case.owner = minor.major_code, minor.code, None
        case.supervisor = target.supervisor
        case.duplicate_of = target

    def _on_merge(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        parent = case.duplicate_of.record
        if not parent.is_open or parent.merged_into is not None:
            # The first report ended meanwhile: this one is taken in as a case of its own.
            self._on_accept(wf, case, at, _epoch, user)
            return
        self._act(wf, case, user, Action.MERGE, at, merge_into=parent.id, reason=_MERGE_REASON)
        # The parent's history gained a line (and a version): keep its record current.
        case.duplicate_of.record = wf.get(parent.id)
        self.actions[Action.DUPLICATE] += 1

    def _on_decide_self(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                        user: str) -> None:
        if self.rng.random() < APPROVE_SELF_HANDLED:
            self._act(wf, case, user, Action.APPROVE, at)
            self.counts["self_handled"] += 1
        else:
            self._act(wf, case, user, Action.REJECT, at, reason=self.rng.choice(_SELF_REJECTS))
            self._after_filing_ready(case, at)

    def _on_accept(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        record = self._act(wf, case, user, Action.ACCEPT, at)
        if record.stage is Stage.VERIFY:
            self._to_field(case, at, _Step.VERIFY, 10, 60)
        else:
            self._after_filing_ready(case, at)

    def _on_verify(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        self._act(wf, case, user, Action.VERIFY, at)
        if self.rng.random() < NOT_FOUND_ON_VERIFY:
            case.void_reason = _NOT_FOUND_REASON
            self._to_center(case, at, _Step.VOID, self.world.shift_leads, 8)
        else:
            self._after_filing_ready(case, at)

    def _after_filing_ready(self, case: _Case, at: datetime) -> None:
        if self.rng.random() < VOID_AT_FILING:
            case.void_reason = self.rng.choice(_VOID_FILING_REASONS)
            self._to_center(case, at, _Step.VOID, self.world.shift_leads, 8)
        else:
            self._to_center(case, at, _Step.FILE, self.world.shift_leads, 6)

    def _on_void(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        self._act(wf, case, user, Action.VOID, at, reason=case.void_reason)

    def _on_file(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        self._act(wf, case, user, Action.FILE, at)
        self._to_center(case, at, _Step.DISPATCH, self.world.dispatchers, 7)

    def _on_dispatch(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                     user: str) -> None:
        department = self._choose_department(case)
        record = self._act(wf, case, user, Action.DISPATCH, at, department_code=department)
        case.handler = self.rng.choice(self.handlers[department])
        self._plan_handling(case, at, record.deadline, median=0.5, branches=True)

    def _choose_department(self, case: _Case) -> str:
        """The router's first suggestion, now and then its second; never one that returned it."""
        suggestions = self.world.router.suggest(case.draft.kind, case.major, case.minor,
                                                case.draft.grid_code, case.owner)
        codes = [s.department_code for s in suggestions
                 if s.department_code in self.handlers
                 and s.department_code not in case.returned_from]
        if not codes:
            codes = [c for c in self.handlers if c not in case.returned_from] or list(self.handlers)
        if len(codes) > 1 and self.rng.random() < SECOND_SUGGESTION:
            return codes[1]
        return codes[0]

    def _plan_handling(self, case: _Case, at: datetime, deadline: datetime, *, median: float,
                       branches: bool) -> None:
        """A handling cycle starts at ``at``: decide how it goes and schedule its next step.

        ``median`` is the typical share of the time to ``deadline`` the department takes
        at speed 1.0; ``branches`` allows a return, extension or hold request this cycle.
        """
        rng = self.rng
        case.epoch += 1
        case.handle_due = max(self._along(case, at, deadline, self._handling_share(case, median)),
                              at + timedelta(minutes=rng.uniform(5, 20)))
        if branches:
            u = rng.random()
            kind, share = None, 0.0
            if u < RETURN_SHARE and not case.returned_from:
                kind, share = RequestKind.RETURN, rng.uniform(0.03, 0.25)
            elif u < RETURN_SHARE + EXTENSION_SHARE and not case.extended:
                kind, share = RequestKind.EXTENSION, rng.uniform(0.5, 0.9)
            elif u < RETURN_SHARE + EXTENSION_SHARE + HOLD_SHARE and not case.held:
                kind, share = RequestKind.HOLD, rng.uniform(0.1, 0.6)
            if kind is not None:
                case.request = kind
                self._push(self._along(case, at, deadline, share), case, _Step.REQUEST,
                           case.epoch, case.handler)
                return
        self._push(case.handle_due, case, _Step.HANDLE, case.epoch, case.handler)
        self._plan_overdue(case, deadline)

    def _plan_overdue(self, case: _Case, deadline: datetime) -> None:
        """Escalation and supervision for a cycle that will end after its deadline."""
        if case.handle_due <= deadline:
            return
        rng, system = self.rng, self.world.system_user
        self._push(deadline + timedelta(minutes=rng.uniform(1, 10)), case, _Step.ESCALATE,
                   case.epoch, system)
        later = self._work(deadline, _WORK_DAY_MINUTES)
        if case.handle_due > later:
            self._push(later + timedelta(minutes=rng.uniform(1, 10)), case, _Step.ESCALATE,
                       case.epoch, system)
        if rng.random() < SUPERVISE_OVERDUE:
            order = self._work(deadline, rng.uniform(20, 240))
            if order < case.handle_due:
                self._push(order, case, _Step.SUPERVISE, case.epoch, rng.choice(self.world.leaders))

    def _on_request(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                    user: str) -> None:
        rng, kind = self.rng, case.request
        if kind is RequestKind.RETURN:
            self._act(wf, case, user, Action.REQUEST_RETURN, at, reason=rng.choice(_RETURN_REASONS))
            case.approve = rng.random() < APPROVE_RETURN
        elif kind is RequestKind.EXTENSION:
            limit = (TimeLimit(rng.choice((1, 2, 3)), LimitUnit.WORK_DAYS)
                     if self._handling_minutes(case) >= _WORK_DAY_MINUTES
                     else TimeLimit(rng.choice((2, 4)), LimitUnit.WORK_HOURS))
            self._act(wf, case, user, Action.REQUEST_EXTENSION, at,
                      reason=rng.choice(_EXTENSION_REASONS), extension=limit)
            case.approve = rng.random() < APPROVE_EXTENSION
            case.extended = True
        else:
            self._act(wf, case, user, Action.REQUEST_HOLD, at, reason=rng.choice(_HOLD_REASONS))
            case.approve = rng.random() < APPROVE_HOLD
            case.held = True
        # Extensions are signed off by a dispatcher or, now and then, the shift lead.
        pool = self.world.dispatchers
        if kind is RequestKind.EXTENSION and rng.random() < 0.3:
            pool = self.world.shift_leads
        self._to_center(case, at, _Step.DECIDE, pool, 20, case.epoch)

    def _handling_minutes(self, case: _Case) -> float:
        limit = self.policy.stage_limit(Stage.HANDLING, case.draft.urgency, case.draft.class_key)
        return limit_minutes(self.calendar, limit)

    def _on_decide(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                   user: str) -> None:
        rng, kind = self.rng, case.request
        case.request = None
        if not case.approve:
            rejects = {RequestKind.RETURN: _RETURN_REJECTS,
                       RequestKind.EXTENSION: _EXTENSION_REJECTS,
                       RequestKind.HOLD: _HOLD_REJECTS}[kind]
            record = self._act(wf, case, user, Action.REJECT, at, reason=rng.choice(rejects))
            # Told to get on with it; a refused extension usually ends late.
            median = 1.0 if kind is RequestKind.EXTENSION else 0.5
            self._plan_handling(case, at, record.deadline, median=median, branches=False)
            return
        department = case.record.department_code
        record = self._act(wf, case, user, Action.APPROVE, at)
        if kind is RequestKind.RETURN:
            self.counts["returns"] += 1
            case.returned_from.append(department)
            self._to_center(case, at, _Step.DISPATCH, self.world.dispatchers, 10)
        elif kind is RequestKind.EXTENSION:
            self.counts["extensions"] += 1
            self._plan_handling(case, at, record.deadline, median=0.55, branches=False)
        else:
            self.counts["holds"] += 1
            resume = self._work(at, rng.uniform(1, 6) * _WORK_DAY_MINUTES)
            self._push(resume, case, _Step.RESUME, user=rng.choice(self.world.dispatchers))

    def _on_resume(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                   user: str) -> None:
        record = self._act(wf, case, user, Action.RESUME, at, reason="挂账条件消除，恢复处置")
        self._plan_handling(case, at, record.deadline, median=0.5, branches=False)

    def _on_handle(self, wf: Workflow, case: _Case, at: datetime, _epoch: int,
                   user: str) -> None:
        self._act(wf, case, user, Action.HANDLE, at, reason=self.rng.choice(_HANDLE_NOTES))
        self._to_field(case, at, _Step.CHECK, 10, 100)

    def _on_check(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        if case.reworks < MAX_REWORKS and self.rng.random() < CHECK_FAIL_SHARE:
            record = self._act(wf, case, user, Action.CHECK_FAIL, at,
                               reason=self.rng.choice(_CHECK_FAIL_REASONS))
            case.reworks += 1
            self._plan_handling(case, at, record.deadline, median=0.3, branches=False)
        else:
            self._act(wf, case, user, Action.CHECK_PASS, at)
            self._to_center(case, at, _Step.CLOSE, self.world.shift_leads, 15)

    def _on_close(self, wf: Workflow, case: _Case, at: datetime, _epoch: int, user: str) -> None:
        self._act(wf, case, user, Action.CLOSE, at)

    def _current(self, case: _Case, epoch: int, at: datetime) -> bool:
        """Whether a side step still concerns the case's running, overdue handling cycle."""
        record = case.record
        return (epoch == case.epoch and record.stage is Stage.HANDLING
                and record.deadline is not None and at >= record.deadline)

    def _on_escalate(self, wf: Workflow, case: _Case, at: datetime, epoch: int,
                     user: str) -> None:
        if self._current(case, epoch, at):
            self._act(wf, case, user, Action.ESCALATE, at, reason=_ESCALATE_REASON)

    def _on_supervise(self, wf: Workflow, case: _Case, at: datetime, epoch: int,
                      user: str) -> None:
        if self._current(case, epoch, at):
            self._act(wf, case, user, Action.SUPERVISE, at,
                      reason=self.rng.choice(_SUPERVISE_REASONS))
