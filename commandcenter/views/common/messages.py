"""What an action's failure means, in plain words for the person who asked: a refusal is
built from the exception's fields (who won a race, which stage the case is in), never from
its text; a storage error says what failed, that nothing was saved and what to do.

The messages keep the translation context "DispatchController", where they were first
written."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from sqlalchemy.exc import SQLAlchemyError

from commandcenter.models.case import Action, CaseRecord
from commandcenter.models.workflow import RULES, ForbiddenTransition, InvalidRequest
from commandcenter.store.photos import MAX_BYTES, MAX_PER_ACTION, PhotoError
from commandcenter.store.service import NotFound, StaleCase, local_now

from .i18n import domain_text

log = logging.getLogger(__name__)


def _first_line(exc: BaseException) -> str:
    detail = getattr(exc, "orig", None) or exc  # a DBAPI error carries the driver's own
    lines = str(detail).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# What a database driver says, in words for the person at the desk: (marker, cause, advice).
_CAUSES = (
    (("readonly", "read-only", "read only"), QT_TRANSLATE_NOOP("DispatchController", "数据库处于只读状态，无法写入"),
     QT_TRANSLATE_NOOP("DispatchController", "请联系系统管理员检查数据库。")),
    (("disk i/o", "i/o error", "disk full", "no space", "database or disk is full"),
     QT_TRANSLATE_NOOP("DispatchController", "数据库所在磁盘读写出错"),
     QT_TRANSLATE_NOOP("DispatchController", "请联系系统管理员检查磁盘空间和数据库。")),
    (("locked", "busy", "deadlock", "could not serialize", "lock timeout"),
     QT_TRANSLATE_NOOP("DispatchController", "数据库正忙"),
     QT_TRANSLATE_NOOP("DispatchController", "请稍后再试一次。")),
    (("connection", "connect", "server closed", "timeout", "unable to open", "network"),
     QT_TRANSLATE_NOOP("DispatchController", "无法连接数据库"),
     QT_TRANSLATE_NOOP("DispatchController", "请检查网络；连接恢复后再试一次。")),
)
_UNKNOWN_CAUSE = (QT_TRANSLATE_NOOP("DispatchController", "数据库写入失败"),
                  QT_TRANSLATE_NOOP("DispatchController",
                                    "请稍后再试；如果仍然失败，请联系系统管理员。"))


_PHOTO_PROBLEMS = {
    "unreadable": QT_TRANSLATE_NOOP("DispatchController", "照片 {name} 无法读取，什么也没有保存。"),
    "too_large": QT_TRANSLATE_NOOP("DispatchController",
                                   "照片 {name} 超过 {mb} MB，什么也没有保存；请压缩后再试。"),
    "not_image": QT_TRANSLATE_NOOP("DispatchController",
                                   "{name} 不是图片（JPEG、PNG、WebP、GIF、BMP），什么也没有保存。"),
    "too_many": QT_TRANSLATE_NOOP("DispatchController", "每次最多 {n} 张照片，什么也没有保存。"),
}


def _cause_of(exc: BaseException) -> tuple[str, str]:
    text = _first_line(exc).lower()
    for markers, cause, advice in _CAUSES:
        if any(m in text for m in markers):
            return cause, advice
    return _UNKNOWN_CAUSE


def storage_cause(exc: BaseException) -> str:
    """What failed, in plain words (the driver's own text goes to the log)."""
    return QCoreApplication.translate("DispatchController", _cause_of(exc)[0])


def storage_advice(exc: BaseException) -> str:
    return QCoreApplication.translate("DispatchController", _cause_of(exc)[1])


def _when(at: datetime | None, now: datetime) -> str:
    if at is None:
        return ""
    if at.date() == now.date():
        return f"{at:%H:%M}"
    return QCoreApplication.translate("DispatchController", "{m}月{d}日 {t:%H:%M}").format(
        m=at.month, d=at.day, t=at)


def refusal_message(exc: BaseException, *, action: Action = Action.DISPATCH,
                    department_code: str | None = None, now: datetime | None = None,
                    department_names: Mapping[str, str] | None = None) -> str:
    """Why ``action`` did not happen, for the person who asked."""
    now = now or local_now()
    names = department_names or {}
    translate = QCoreApplication.translate
    verb = domain_text(action.label)
    if isinstance(exc, StaleCase):  # who won, what they did and when
        current: CaseRecord = exc.current
        department = domain_text(names.get(current.department_code, current.department_code)
                                 if current.department_code else "")
        fields = dict(number=current.number, who=current.updated_by,
                      when=_when(current.updated_at, now),
                      stage=domain_text(current.stage.label), department=department)
        if exc.last_action is Action.DISPATCH and department:
            return translate("DispatchController",
                             "案件 {number} 已由 {who} 于 {when} 派遣至 {department}，"
                             "当前状态：{stage}").format(**fields)
        text = translate("DispatchController",
                         "案件 {number} 已由 {who} 于 {when} {action}，当前状态：{stage}").format(
            action=domain_text(exc.last_action.label) if exc.last_action else
            translate("DispatchController", "处理"), **fields)
        if department:
            text += translate("DispatchController", "（{department}）").format(
                department=department)
        return text
    if isinstance(exc, ForbiddenTransition):
        role, verb = domain_text(exc.role.label), domain_text(exc.action.label)
        permissions = RULES.get(exc.action, ())
        if not any(exc.role in p.roles for p in permissions):
            return translate("DispatchController", "您的角色（{role}）无权{action}").format(
                role=role, action=verb)
        if exc.stage is not None and not any(exc.role in p.roles and exc.stage in p.stages
                                             for p in permissions):
            return translate("DispatchController", "该案件当前处于「{stage}」，不能{action}").format(
                stage=domain_text(exc.stage.label), action=verb)
        return translate("DispatchController", "该案件当前不能{action}").format(action=verb)
    if isinstance(exc, PhotoError):
        return translate("DispatchController", _PHOTO_PROBLEMS[exc.problem]).format(
            name=exc.name, mb=MAX_BYTES // 2**20, n=MAX_PER_ACTION)
    if isinstance(exc, NotFound):
        return translate("DispatchController", "案件不存在，可能已被删除")
    if isinstance(exc, InvalidRequest):
        if action is Action.DISPATCH and not department_code:
            return translate("DispatchController", "请选择派遣部门")
        if department_code and department_code not in names:
            return translate("DispatchController", "部门 {code} 不存在").format(
                code=department_code)
        log.warning("%s refused: %s", action.value, exc)
        return translate("DispatchController", "{action}请求无效").format(action=verb)
    if isinstance(exc, (SQLAlchemyError, OSError)):
        log.warning("%s not saved: %s", action.value, _first_line(exc))
        return translate("DispatchController", "{action}未保存：{cause}。案件没有任何改变。{advice}"
                         ).format(action=verb, cause=storage_cause(exc), advice=storage_advice(exc))
    log.error("%s failed", action.value, exc_info=exc)
    return translate("DispatchController", "{action}失败：{detail}").format(
        action=verb, detail=_first_line(exc))
