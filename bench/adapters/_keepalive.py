"""The http adapter's transport: plain HTTP on lean keep-alive connections built on h11, HTTPS through
httpx's own. Written by hand because httpx's connection pool costs grow with the square of the
open connections (encode/httpx#3215): measured at 256 concurrent conversations, 3% of the ideal
throughput with 161 bot errors through httpx's pool, against 38% with none through this one."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from typing import Any

import h11
import httpx

READ_CHUNK = 64 * 1024


class TooBig(Exception):
    pass


class Transport(httpx.AsyncBaseTransport):
    """The one client's transport: plain HTTP on lean keep-alive connections, HTTPS through httpx's
    own transport. httpcore's pool does work quadratic in its connections on every request
    (encode/httpx#3215): with 256 conversations in one pool the harness was CPU-bound there and
    most replies timed out; even split into small pools it cost ~0.7 ms of CPU per request. Local
    and in-cluster bots (plain HTTP, where the harness's CPU is what limits a benchmark) get h11
    over asyncio streams instead, about half the cost; TLS, with its verification and handshakes,
    stays in the well-kept library, spread over several small pools. Proxies from the environment
    are mounted by httpx itself and never reach this transport."""

    def __init__(self) -> None:
        self._plain = _KeepAlive()
        self._tls: list[httpx.AsyncHTTPTransport] = []
        self._turn: Iterator[httpx.AsyncHTTPTransport] = iter(())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "http":
            return await self._plain.handle_async_request(request)
        if not self._tls:
            tls = httpx.create_ssl_context()  # one for all pools: loading the CA bundle costs 20 ms
            limits = httpx.Limits(max_connections=32, max_keepalive_connections=32, keepalive_expiry=30)
            self._tls = [httpx.AsyncHTTPTransport(verify=tls, limits=limits) for _ in range(32)]  # 1,024 in all
            self._turn = itertools.cycle(self._tls)
        return await next(self._turn).handle_async_request(request)

    async def aclose(self) -> None:
        await self._plain.aclose()
        for pool in self._tls:
            await pool.aclose()


class _Connection:
    __slots__ = ("reader", "writer", "state", "received")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer, self.state = reader, writer, h11.Connection(h11.CLIENT)
        self.received = 0  # bytes read so far: none since the request means the server closed it

    async def receive(self, timeout: float | None) -> Any:
        """The next HTTP event, reading from the socket as needed."""
        while True:
            event = self.state.next_event()
            if event is not h11.NEED_DATA:
                return event
            try:
                async with asyncio.timeout(timeout):
                    data = await self.reader.read(READ_CHUNK)
            except TimeoutError:
                raise httpx.ReadTimeout("no data within the read timeout") from None
            except OSError as failed:
                raise httpx.ReadError(str(failed) or type(failed).__name__) from None
            self.received += len(data)
            self.state.receive_data(data)

    def close(self) -> None:
        self.writer.close()


class _KeepAlive(httpx.AsyncBaseTransport):
    """HTTP/1.1 with h11 over asyncio streams; idle connections are kept per origin and reused, as
    many as there are conversations at once. A reused connection the server has meanwhile closed
    is replaced once, transparently (as browsers do)."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, int], list[_Connection]] = {}
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        origin = (request.url.host, request.url.port or 80)
        timeouts = request.extensions.get("timeout", {})
        body = await request.aread()
        try:
            head = h11.Request(method=request.method, target=request.url.raw_path, headers=request.headers.raw)
        except h11.LocalProtocolError as bad:  # e.g. a header value with a line break in it
            raise httpx.LocalProtocolError(str(bad)) from None
        while True:
            connection, reused = self._reuse(origin), True
            if connection is None:
                connection, reused = await self._connect(origin, timeouts.get("connect")), False
            try:
                return await self._exchange(connection, origin, head, body, timeouts.get("read"))
            except _Stale:
                connection.close()
                if not reused:
                    raise httpx.RemoteProtocolError("Server disconnected without sending a response.") from None
            except BaseException:
                connection.close()
                raise

    def _reuse(self, origin: tuple[str, int]) -> _Connection | None:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if not connection.reader.at_eof() and not connection.writer.is_closing():
                return connection
            connection.close()
        return None

    async def _connect(self, origin: tuple[str, int], timeout: float | None) -> _Connection:
        try:
            async with asyncio.timeout(timeout):
                return _Connection(*await asyncio.open_connection(*origin, limit=READ_CHUNK))
        except TimeoutError:
            raise httpx.ConnectTimeout("could not connect within the connect timeout") from None
        except OSError as failed:
            raise httpx.ConnectError(failed.strerror or str(failed) or type(failed).__name__) from None

    async def _exchange(
        self, connection: _Connection, origin: tuple[str, int], head: h11.Request, body: bytes, timeout: float | None
    ) -> httpx.Response:
        state, before = connection.state, connection.received
        try:
            data = (
                state.send(head) + (state.send(h11.Data(data=body)) if body else b"") + state.send(h11.EndOfMessage())
            )
            connection.writer.write(data)
            await connection.writer.drain()
        except OSError:
            raise _Stale from None  # the server closed (or reset) it: nothing of the request was answered
        try:
            event = await connection.receive(timeout)
            while isinstance(event, h11.InformationalResponse):
                event = await connection.receive(timeout)
        except (h11.RemoteProtocolError, httpx.ReadError) as failed:
            if connection.received == before:
                raise _Stale from None  # closed (or reset) before a single byte of the reply
            raise httpx.RemoteProtocolError(str(failed)) from None
        if isinstance(event, h11.ConnectionClosed):
            raise _Stale
        return httpx.Response(
            event.status_code,
            headers=event.headers.raw_items(),
            stream=_ReplyBody(self, connection, origin, timeout),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": event.reason},
        )

    def release(self, connection: _Connection, origin: tuple[str, int]) -> None:
        """A connection whose exchange is complete: kept for the next request, or closed."""
        state = connection.state
        if self._closed or state.our_state is not h11.DONE or state.their_state is not h11.DONE:
            connection.close()
            return
        state.start_next_cycle()
        self._idle.setdefault(origin, []).append(connection)

    async def aclose(self) -> None:
        self._closed = True
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()


class _Stale(Exception):
    """The server closed a connection before answering on it."""


class _ReplyBody(httpx.AsyncByteStream):
    def __init__(self, pool: _KeepAlive, connection: _Connection, origin: tuple[str, int], timeout: float | None):
        self._pool, self._connection, self._origin, self._timeout = pool, connection, origin, timeout
        self._complete = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while not self._complete:
            try:
                event = await self._connection.receive(self._timeout)
            except h11.RemoteProtocolError as failed:
                raise httpx.RemoteProtocolError(str(failed)) from None
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                self._complete = isinstance(event, h11.EndOfMessage)
                return

    async def aclose(self) -> None:
        if self._complete:
            self._pool.release(self._connection, self._origin)
        else:  # read halfway (a reply over the size limit, a timeout): the connection is unusable
            self._connection.close()
