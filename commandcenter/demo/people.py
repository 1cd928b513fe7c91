"""Synthetic people for the demo district: names and accounts by role."""
from __future__ import annotations

import random
from dataclasses import dataclass

from commandcenter.models.catalog import Department
from commandcenter.models.enums import Role

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文玉春晓东海燕鹏飞宇航晨欣怡佳琪浩然子涵梓轩思远嘉怡雨萱俊杰博文"


def person_name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    department_code: str | None = None


# How many of each center role a district command center staffs across its shifts.
CENTER_STAFF = {Role.OPERATOR: ("op", 6), Role.SHIFT_LEAD: ("lead", 3),
                Role.DISPATCHER: ("disp", 6), Role.LEADER: ("leader", 2)}
HANDLERS_PER_DEPARTMENT = 2
# Every demo account logs in with this password (README); real accounts get their own
# through `commandcenter user passwd`.
DEMO_PASSWORD = "demo2026"


def center_accounts(rng: random.Random) -> list[Account]:
    accounts = [Account(f"{prefix}{i:02d}", person_name(rng), role)
                for role, (prefix, n) in CENTER_STAFF.items() for i in range(1, n + 1)]
    accounts.append(Account("system", "系统", Role.SYSTEM))
    accounts.append(Account("wall01", "指挥大厅大屏", Role.VIEWER))  # the wall display
    return accounts


def department_accounts(departments: list[Department], rng: random.Random) -> list[Account]:
    return [Account(f"h_{d.code.lower()}_{i}", person_name(rng), Role.DEPARTMENT, d.code)
            for d in departments for i in range(1, HANDLERS_PER_DEPARTMENT + 1)]


def field_staff(grids_by_street: dict[str, list[str]], total: int,
                rng: random.Random) -> tuple[list[Account], dict[str, str]]:
    """About ``total`` supervisors, each patrolling a contiguous run of grids of one street.

    Returns the accounts and grid code → username.
    """
    n_grids = sum(len(g) for g in grids_by_street.values())
    accounts: list[Account] = []
    owner: dict[str, str] = {}
    for street, grids in sorted(grids_by_street.items()):
        k = max(1, round(total * len(grids) / n_grids))
        for i in range(k):
            username = f"sup{street[-3:]}_{i + 1:02d}"
            accounts.append(Account(username, person_name(rng), Role.SUPERVISOR))
            for code in grids[i * len(grids) // k:(i + 1) * len(grids) // k]:
                owner[code] = username
    return accounts, owner
