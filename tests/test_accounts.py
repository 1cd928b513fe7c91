"""Passwords, accounts and logins on SQLite and PostgreSQL; the database password in the keyring."""
from __future__ import annotations

import base64
from datetime import datetime

import keyring
import keyring.backend
import pytest
from keyring.backends import fail, null
from sqlalchemy import func, select

from commandcenter.models import accounts as hashing
from commandcenter.models.accounts import (AuthenticationError, PasswordRejected,
                                           hash_password, needs_rehash, verify_password)
from commandcenter.models.case import Actor
from commandcenter.models.enums import Role
from commandcenter.models.workflow import DomainError, InvalidRequest
from commandcenter.store import credentials, queries
from commandcenter.store.accounts import authenticate, create_user, set_password
from commandcenter.store.schema import ChangeLog, User
from commandcenter.store.service import NotFound

MON = datetime(2026, 11, 23, 9, 0)
GOOD = "correct horse"


# --- hashing -------------------------------------------------------------------------

def test_hashes_are_salted_self_describing_scrypt():
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first != second
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert verify_password(GOOD, first) and verify_password(GOOD, second)
    assert not verify_password("correct horsE", first)
    assert not needs_rehash(first)


def test_a_hash_made_with_other_parameters_still_verifies_and_asks_for_a_rehash():
    salt = b"0123456789abcdef"
    digest = hashing._scrypt(GOOD, salt, 2 ** 10, 8, 1, 32)
    stored = f"scrypt$1024$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password(GOOD, stored) and not verify_password("wrong one", stored)
    assert needs_rehash(stored)


@pytest.mark.parametrize("stored", [
    None, "", "scrypt", GOOD, "bcrypt$16384$8$1$AAAA$AAAA",
    "scrypt$16384$8$1$!!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "scrypt$16384$8$1$c2FsdA==$c2hvcnQ=",                       # digest too short
    "scrypt$1000$8$1$c2FsdHNhbHQ=$" + "A" * 44,                 # n not a power of two
    "scrypt$1073741824$8$1$c2FsdHNhbHQ=$" + "A" * 44,           # n far too costly
    "scrypt$16384$8$1$c2FsdHNhbHQ=$" + "A" * 44 + "$extra",
    "scrypt$-16384$8$1$c2FsdHNhbHQ=$" + "A" * 44,
    "scrypt$16_384$8$1$c2FsdHNhbHQ=$" + "A" * 44,
])
def test_malformed_stored_hashes_never_match(stored):
    assert verify_password(GOOD, stored) is False


def test_a_password_needs_eight_characters():
    with pytest.raises(PasswordRejected, match="at least 8 characters \\(this one has 7\\)"):
        hash_password("1234567")
    with pytest.raises(PasswordRejected, match="only spaces"):
        hash_password(" " * 8)
    assert isinstance(PasswordRejected("x"), InvalidRequest)
    assert verify_password("12345678", hash_password("12345678"))
    assert verify_password("密码很长很长很长", hash_password("密码很长很长很长"))


def test_full_width_input_is_the_same_password():
    stored = hash_password("abc12345")
    assert verify_password("ａｂｃ１２３４５", stored)


# --- accounts in the database -------------------------------------------------------

def _changes(db):
    return [(c.entity, c.entity_id, c.kind) for c in queries.changes_since(db, 0)]


def test_create_and_log_in(world_db):
    actor = create_user(world_db, "h_d02b", "李四", "department", GOOD, department_code="D02")
    assert actor == Actor("h_d02b", Role.DEPARTMENT, "D02", "李四")
    assert authenticate(world_db, "h_d02b", GOOD) == actor
    assert _changes(world_db) == []  # neither creating a user nor logging in is a change
    with world_db.session() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "h_d02b"))
    assert stored.startswith("scrypt$") and GOOD not in stored


@pytest.mark.parametrize("kwargs, message", [
    (dict(username="op1"), "user 'op1' exists already"),
    (dict(username=""), "needs a user name"),
    (dict(username="a b"), "may not contain spaces"),
    (dict(username="x" * 21), "longer than 20 characters"),
    (dict(role="root"), "unknown role 'root'"),
    (dict(role="department"), "needs a department"),
    (dict(role="department", department_code="D99"), "unknown department D99"),
    (dict(department_code="D02"), "belongs to no department"),
    (dict(password="short"), "at least 8 characters"),
])
def test_create_user_refuses_bad_accounts(world_db, kwargs, message):
    args = dict(username="new1", display_name="新人", role="operator") | kwargs
    with pytest.raises(InvalidRequest, match=message):
        create_user(world_db, **args)
    with world_db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 9


def test_set_password_is_logged_as_a_change(world_db):
    set_password(world_db, "disp1", GOOD, at=MON)
    assert authenticate(world_db, "disp1", GOOD).role is Role.DISPATCHER
    assert _changes(world_db) == [("user", "disp1", "password")]
    set_password(world_db, "disp1", "another good one")
    with pytest.raises(AuthenticationError):
        authenticate(world_db, "disp1", GOOD)
    assert authenticate(world_db, "disp1", "another good one").username == "disp1"
    with world_db.session() as s:
        assert s.scalar(select(ChangeLog.at).order_by(ChangeLog.seq)) == MON


def test_a_refused_password_change_changes_nothing(world_db):
    set_password(world_db, "disp1", GOOD)
    with pytest.raises(PasswordRejected):
        set_password(world_db, "disp1", "short")
    with pytest.raises(NotFound):
        set_password(world_db, "nobody", GOOD)
    assert authenticate(world_db, "disp1", GOOD).username == "disp1"
    assert len(_changes(world_db)) == 1


def test_every_failed_login_says_the_same(world_db):
    set_password(world_db, "disp1", GOOD)
    set_password(world_db, "disp2", GOOD)
    with world_db.session() as s:
        s.get(User, s.scalar(select(User.id).where(User.username == "disp2"))).active = False
    attempts = [("disp1", "wrong password"),   # wrong password
                ("nobody", GOOD),              # unknown user
                ("disp2", GOOD),               # right password, inactive user
                ("op1", GOOD),                 # user without a password
                ("DISP1", GOOD),               # user names are exact
                ("", GOOD), ("disp1\x00", GOOD), ("disp1", "")]
    messages = set()
    for username, password in attempts:
        with pytest.raises(AuthenticationError) as err:
            authenticate(world_db, username, password)
        messages.add(str(err.value))
    assert messages == {"unknown user or wrong password"}
    assert isinstance(AuthenticationError(), DomainError)


def test_an_unknown_user_costs_a_hash_like_a_wrong_password(world_db, monkeypatch):
    set_password(world_db, "disp1", GOOD)
    calls = []
    real = hashing._scrypt
    monkeypatch.setattr(hashing, "_scrypt", lambda *a: calls.append(a[2]) or real(*a))
    hashing.burn_verification_time("warm up")
    for username in ("disp1", "nobody", "op1"):
        calls.clear()
        with pytest.raises(AuthenticationError):
            authenticate(world_db, username, "wrong password")
        assert calls == [2 ** 14], username


def test_accounts_are_read_with_bound_parameters(world_db):
    set_password(world_db, "disp1", GOOD)
    for username in ("' OR '1'='1", "disp1' --", "disp1'; DROP TABLE users; --", "%", "disp_"):
        with pytest.raises(AuthenticationError):
            authenticate(world_db, username, GOOD)
    assert authenticate(world_db, "disp1", GOOD).username == "disp1"


# --- the database password in the keyring ------------------------------------------

class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in a dict, as a desktop keyring would on disk."""

    priority = 5

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class PlainTextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plain-text file backends, which rate below 1."""

    priority = 0.5


@pytest.fixture
def use_keyring():
    previous = keyring.get_keyring()

    def use(backend):
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


PG = "postgresql+psycopg://cc@10.1.2.3:5432/commandcenter"


def test_strip_and_put_back_the_password():
    assert credentials.strip_password("postgresql+psycopg://cc:s3cr%40t@10.1.2.3:5432/commandcenter") \
        == (PG, "s3cr@t")
    assert credentials.strip_password(PG) == (PG, None)
    assert credentials.strip_password("sqlite:///C:/data/cc.db") == ("sqlite:///C:/data/cc.db", None)
    url = credentials.with_password(PG, "p@ss:w/rd")
    assert url == "postgresql+psycopg://cc:p%40ss%3Aw%2Frd@10.1.2.3:5432/commandcenter"
    assert credentials.strip_password(url) == (PG, "p@ss:w/rd")
    assert credentials.with_password(url, None) == PG


def test_a_usable_keyring_keeps_the_password(use_keyring):
    ring = use_keyring(MemoryKeyring())
    assert credentials.keyring_usable()
    assert credentials.load_db_password(PG) is None
    assert credentials.save_db_password(PG, "s3cret")
    assert list(ring.secrets) == [("commandcenter", "postgresql://cc@10.1.2.3:5432/commandcenter")]
    # the driver name, a query and a password in the URL do not change the entry
    assert credentials.load_db_password("postgresql://cc@10.1.2.3:5432/commandcenter") == "s3cret"
    assert credentials.load_db_password(PG + "?sslmode=require") == "s3cret"
    assert credentials.load_db_password("postgresql://cc:x@10.1.2.3:5432/commandcenter") == "s3cret"
    assert credentials.load_db_password("postgresql://cc@10.1.2.3:5432/other") is None
    assert credentials.complete_url(PG) == credentials.with_password(PG, "s3cret")
    assert credentials.delete_db_password(PG) and not credentials.delete_db_password(PG)
    assert credentials.load_db_password(PG) is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlainTextKeyring()],
                         ids=["fail", "null", "plain-text"])
def test_without_a_usable_keyring_nothing_is_stored(use_keyring, backend):
    use_keyring(backend)
    assert not credentials.keyring_usable()
    assert credentials.save_db_password(PG, "s3cret") is False
    assert credentials.load_db_password(PG) is None
    assert not credentials.delete_db_password(PG)
    if isinstance(backend, PlainTextKeyring):
        assert backend.secrets == {}
    assert "must be entered at login" in credentials.NO_KEYRING


def test_complete_url_asks_only_when_it_must(use_keyring):
    use_keyring(fail.Keyring())
    asked = []

    def ask(url):
        asked.append(url)
        return "typed"

    assert credentials.complete_url("sqlite:///cc.db", ask) == "sqlite:///cc.db"
    assert credentials.complete_url(credentials.with_password(PG, "given"), ask) \
        == credentials.with_password(PG, "given")
    assert asked == []
    assert credentials.complete_url(PG, ask) == credentials.with_password(PG, "typed")
    assert asked == [PG]
    assert credentials.complete_url(PG, lambda url: "") == PG
    assert credentials.complete_url(PG) == PG
