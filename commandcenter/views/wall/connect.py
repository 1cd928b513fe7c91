"""Opening the wall's database and logging in as its read-only account (worker thread), and
the reason shown on the "connecting…" page when that fails."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.models.case import Actor
from commandcenter.models.enums import Role
from commandcenter.models.policy import Policy
from commandcenter.store.accounts import AuthenticationError, authenticate
from commandcenter.store.calendar import load_policy
from commandcenter.store.credentials import complete_url, load_account_password
from commandcenter.store.db import Database, DatabaseUrlError, open_database, resolve_url
from commandcenter.store.geography import place_names

from ..common.i18n import set_place_names


class WallLoginError(Exception):
    """The wall cannot log in for a reason its operator must fix (shown as is)."""


@dataclass
class WallSession:
    db: Database
    actor: Actor
    policy: Policy

    def __post_init__(self) -> None:  # made on a worker thread, like the rest of the session
        set_place_names(place_names(self.db))


def connect_wall(url: str | None, user: str | None, password: str | None) -> WallSession:
    """The database and the wall's login. The password comes from the configuration, else
    from the keyring; the account must be a 大屏 (viewer) account."""
    translate = QCoreApplication.translate
    if not user:
        raise WallLoginError(translate("WallConnect", "配置文件中没有大屏账号（[account] user）"))
    password = password or load_account_password(user)
    if not password:
        raise WallLoginError(translate(
            "WallConnect", "没有账号 {user} 的密码：写入配置文件 [account] password，"
                           "或运行 commandcenter wall --save-password").format(user=user))
    db = open_database(complete_url(resolve_url(url)))
    try:
        try:
            actor = authenticate(db, user, password)
        except AuthenticationError:
            raise WallLoginError(translate("WallConnect", "账号 {user} 登录失败：用户名或密码不对")
                                 .format(user=user)) from None
        if actor.role is not Role.VIEWER:
            raise WallLoginError(translate(
                "WallConnect", "账号 {user} 不是大屏账号（角色 {role}）：大屏只用只读的大屏账号登录")
                .format(user=user, role=actor.role.value))
        policy = load_policy(db)
    except BaseException:
        db.dispose()
        raise
    return WallSession(db, actor, policy)


def failure_reason(exc: Exception, user: str | None) -> str:
    translate = QCoreApplication.translate
    if isinstance(exc, WallLoginError):
        return str(exc)
    if isinstance(exc, DatabaseUrlError):
        return translate("WallConnect", "数据库地址有误：{error}").format(error=exc)
    if isinstance(exc, SQLAlchemyError):
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
        return translate("WallConnect", "数据库不可达：{error}").format(error=first)
    return translate("WallConnect", "无法启动：{error}").format(error=str(exc)[:200])
