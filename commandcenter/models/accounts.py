"""Passwords: the hashing scheme and the rules a password must meet.

Hashes are scrypt (RFC 7914) with a random 16-byte salt, stored as a self-describing
string so the cost parameters can be raised later without breaking old hashes::

    scrypt$16384$8$1$<salt, base64>$<hash, base64>

Passwords are normalised to Unicode NFKC before hashing (NIST SP 800-63B): a password
typed with a Chinese input method in full-width mode (ａｂｃ１２３) is the same password
as its half-width form.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata

from .workflow import DomainError, InvalidRequest

MIN_PASSWORD_LENGTH = 8
SCHEME = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32

# Bounds on parameters read back from a stored hash, so a corrupted or planted row
# cannot make a login allocate gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2 ** 20, 32, 16


class AuthenticationError(DomainError):
    """A login was refused. The message never says whether the user exists."""

    def __init__(self, message: str = "unknown user or wrong password"):
        super().__init__(message)


class PasswordRejected(InvalidRequest):
    """A new password does not meet the rules."""


def check_password_rules(password: str) -> str:
    """Return the normalised password, or raise :class:`PasswordRejected`."""
    if not isinstance(password, str):
        raise PasswordRejected("a password must be text")
    normalised = unicodedata.normalize("NFKC", password)
    if len(normalised) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters "
            f"(this one has {len(normalised)})")
    if not normalised.strip():
        raise PasswordRejected("a password cannot be only spaces")
    return normalised


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=128 * r * (n + 2 + p) + (1 << 20))


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` (which must meet the rules)."""
    normalised = check_password_rules(password)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(normalised, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return "$".join((SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(digest).decode("ascii")))


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    if not all(x.isascii() and x.isdigit() for x in parts[1:4]):
        return None
    try:
        n, r, p = (int(x, 10) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if not salt or not 16 <= len(digest) <= 64:
        return None
    return n, r, p, salt, digest


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored``; False for anything malformed."""
    if not isinstance(password, str) or not isinstance(stored, str):
        return False
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    try:
        candidate = _scrypt(unicodedata.normalize("NFKC", password), salt, n, r, p, len(digest))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, digest)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with other parameters than today's."""
    parsed = _parse(stored) if isinstance(stored, str) else None
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


# Hashed once; a login for an unknown user is checked against it so that it takes as
# long as a login with a wrong password.
_DUMMY_HASH: str | None = None


def burn_verification_time(password: str) -> None:
    """Spend the time of one verification, for logins that fail before hashing."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
    verify_password(password if isinstance(password, str) else "", _DUMMY_HASH)
