"""``COPY … TO STDOUT`` read off libpq in one tight loop.

psycopg's ``Copy.read()`` runs a generator and a wait per row: at a million rows of the
review's event log that costs the client about a second of CPU, more than pandas takes
to parse the same rows, on a machine whose other core serves the query. Here the rows
come straight from ``PGconn.get_copy_data`` (psycopg's documented libpq wrapper), and
the socket is waited on only when libpq's buffer is empty.
"""
from __future__ import annotations

import io
import select

import psycopg
from psycopg import pq
from psycopg.errors import error_from_result


def copy_out(conn: psycopg.Connection, statement: str, params: tuple = ()) -> bytes:
    """What ``COPY (…) TO STDOUT`` sends, as bytes; ``params`` are bound on the client, as
    psycopg binds those of a COPY."""
    query = psycopg.ClientCursor(conn).mogrify(statement, params or None)
    pg = conn.pgconn
    pg.send_query(query.encode(conn.info.encoding))
    result = _result(pg)
    if result.status != pq.ExecStatus.COPY_OUT:
        _drain(pg)
        raise error_from_result(result, encoding=conn.info.encoding)
    buffer = io.BytesIO()
    write, get = buffer.write, pg.get_copy_data
    while True:
        size, data = get(1)
        if size > 0:
            write(data)
        elif size == 0:        # libpq's buffer is empty: wait for the server
            select.select([pg.socket], [], [])
            pg.consume_input()
        else:
            break
    failed = None
    while (result := _result(pg)) is not None:
        if result.status != pq.ExecStatus.COMMAND_OK:
            failed = failed or result
    if failed is not None:
        raise error_from_result(failed, encoding=conn.info.encoding)
    return buffer.getvalue()


def _result(pg: pq.abc.PGconn):
    while pg.is_busy():
        select.select([pg.socket], [], [])
        pg.consume_input()
    return pg.get_result()


def _drain(pg: pq.abc.PGconn) -> None:
    while _result(pg) is not None:
        pass
