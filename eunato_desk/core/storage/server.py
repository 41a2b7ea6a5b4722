"""A database on a PostgreSQL team server: its engines and its errors as sentences.

Many officers write at once, so there is no lock file and no single writer: PostgreSQL keeps
each write transaction whole (committed entirely or not at all). Writes run at READ COMMITTED;
reads run at REPEATABLE READ, READ ONLY: one consistent snapshot, never a write. Every pooled
connection is tested before use (``pool_pre_ping``), so a server restart costs no error.
Nothing here prints or stores a password: messages name the server by ``ServerAddress.label``.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext

from eunato_desk.core.errors import UNCERTAIN, DatabaseError
from eunato_desk.core.storage.address import ServerAddress

CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "eunato-desk"
READ_BEGIN = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

# SQLSTATEs (PostgreSQL, appendix A) that are about the server or the login, not our SQL.
_LOGIN = {"28P01", "28000"}  # invalid password, invalid authorization
_NO_DATABASE = "3D000"
_NO_PRIVILEGE = "42501"
_READ_ONLY = "25006"
_CONFLICT = {"40001", "40P01"}  # serialization failure, deadlock
_DISK_FULL = {"53100", "53200"}  # disk full, out of memory
_GONE = {"57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"}


class ServerDatabaseError(DatabaseError):
    """The server database cannot be used as it is: unreachable, the login refused, not an
    EU-NATO Desk database, empty, or at another schema. The command line exits 2."""

    exit_code = 2


def make_engine(address: ServerAddress, *, reading: bool = False) -> Engine:
    """An engine for the server database; ``reading``: every transaction is a REPEATABLE
    READ, READ ONLY snapshot."""
    engine = create_engine(
        address.url,
        pool_pre_ping=True,
        pool_size=2,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": APPLICATION_NAME,
        },
    )
    if reading:

        @event.listens_for(engine, "begin")
        def _snapshot(conn) -> None:  # type: ignore[no-untyped-def]
            conn.exec_driver_sql(READ_BEGIN)

    return engine


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(exc, "sqlstate", "") or "")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def connect_message(exc: BaseException, address: ServerAddress) -> str:
    """A sentence for a failed connection: wrong login, no such database, or no server."""
    state, text = _sqlstate(exc), str(exc).lower()
    who = address.user or "your login"
    if state in _LOGIN or "password" in text or ("role" in text and "does not exist" in text):
        return (
            f"{address.label}: the server refused the login of {who} (wrong or missing "
            "password, or no such login). Set the password in PGPASSWORD or your PGPASSFILE."
        )
    if state == _NO_DATABASE or (address.database and "does not exist" in text):
        return (
            f"{address.label}: the server has no database {address.database!r}; the unit's "
            "administrator creates it (see Team server in the README)."
        )
    return f"{address.label}: cannot reach the database server ({_first_line(exc)})."


def server_error_message(
    exc: BaseException, address: ServerAddress, *, writing: bool = True
) -> str | None:
    """A message for a server error that is about the server, the login or the connection,
    not about the app's SQL (None for those, which stay programming errors)."""
    import psycopg

    if not isinstance(exc, psycopg.Error):
        return None
    state = _sqlstate(exc)
    outcome = " Nothing was saved; your changes are still here." if writing else ""
    if state in _CONFLICT:
        return (
            f"{address.label}: another officer changed the same records at the same moment."
            f"{outcome} Please try again."
        )
    if state == _NO_PRIVILEGE:
        return (
            f"{address.label}: your login may not do this ({_first_line(exc)}).{outcome} "
            "Ask the unit's administrator for the grants (see Team server in the README)."
        )
    if state == _READ_ONLY:
        return f"{address.label}: the server allows only reading here.{outcome}"
    if state in _DISK_FULL:
        return f"{address.label}: the server is out of space ({_first_line(exc)}).{outcome}"
    if state in _LOGIN or state == _NO_DATABASE:
        return connect_message(exc, address)
    if state in _GONE or isinstance(exc, psycopg.OperationalError):
        lost = UNCERTAIN if writing else ""
        return f"{address.label}: the connection to the server failed ({_first_line(exc)}).{lost}"
    return None


def install_error_messages(engine: Engine, address: ServerAddress, *, writing: bool = True) -> None:
    """Turn the server's login, connection, permission and conflict errors on this engine
    into a DatabaseError naming the server (the transaction is rolled back as for any error)."""

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> None:
        if context.is_pre_ping:  # a dead pooled connection: let the pool open a fresh one
            return
        message = server_error_message(context.original_exception, address, writing=writing)
        if message is not None:
            raise DatabaseError(message) from context.original_exception


def read_only_message(label: str, login: str) -> str:
    """What a login with SELECT only is told when it tries to change something."""
    return (
        f"{label}: your login {login} may read this team database but not change it; nothing "
        "was saved. Ask the unit's administrator for the grants of an officer if you need to."
    )


_MAY_WRITE = text(
    "SELECT current_user, has_table_privilege(current_user, 'interaction', 'INSERT') "
    "AND has_table_privilege(current_user, 'interaction', 'UPDATE')"
)


def login_rights(engine: Engine) -> tuple[str, bool]:
    """(the login the server knows us by, whether it may add and change interactions): a
    role granted SELECT only (README, Team server: ``eunato_readers``) may not."""
    with engine.connect() as conn:
        login, may_write = conn.execute(_MAY_WRITE).one()
    return str(login), bool(may_write)


def probe(engine: Engine, address: ServerAddress) -> None:
    """Connect once; DatabaseError with a sentence if the server, the login or the database
    is not there."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise ServerDatabaseError(connect_message(exc.orig or exc, address)) from None
