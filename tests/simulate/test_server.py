"""The HTTP server: keep-alive, routing by Host or path prefix, faults on the wire, control."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from refusenik.errors import UserInputError
from refusenik.simulate import FaultPlan, SimServer
from refusenik.sites import urls

from .conftest import COURTS

CLASSIC = COURTS[0]


def search_path(article: str = "337") -> str:
    url = urls.criminal_search(
        CLASSIC.host, article=article, date_from="01.01.2024", date_to="31.12.2024"
    )
    return url.split(".sudrf.ru", 1)[1]


def test_serves_by_path_prefix_and_by_host_over_keep_alive(world):
    with SimServer(world) as server, httpx.Client(base_url=server.base_url) as client:
        by_prefix = client.get(f"/c/{CLASSIC.code}{search_path()}")
        by_host = client.get(search_path(), headers={"Host": "voen--perm.sudrf.ru"})
        assert by_prefix.status_code == by_host.status_code == 200
        assert by_host.headers["content-type"] == "text/html; charset=windows-1251"
        assert "Всего по запросу найдено" in by_host.content.decode("cp1251")
        assert int(by_host.headers["content-length"]) == len(by_host.content)
        for _ in range(5):  # one connection, many requests
            assert client.get(f"/c/{CLASSIC.code}{search_path('338')}").status_code == 200
        assert client.get("/_sim/stats").json()["requests"] >= 7


def test_raw_pipelined_requests_are_answered_in_order(world):
    with SimServer(world) as server:
        sock = socket.create_connection((server.host, server.port))
        req = lambda p: f"GET {p} HTTP/1.1\r\nHost: {CLASSIC.module_host}\r\n\r\n".encode()  # noqa: E731
        sock.sendall(req(search_path("337")) + req(search_path("338")) + req("/nothing"))
        data = b""
        sock.settimeout(5)
        while data.count(b"HTTP/1.1 ") < 3 or not data.endswith(b"</html>"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        statuses = [int(part.split(b" ", 1)[0]) for part in data.split(b"HTTP/1.1 ")[1:]]
        assert statuses == [200, 200, 404]


def test_faults_on_the_wire_and_a_retry_gets_through(world):
    plan = FaultPlan({"reset": 0.5, "server_error": 0.3}, seed=5, clean_after=8)
    with SimServer(world, plan) as server, httpx.Client(base_url=server.base_url) as client:
        seen = set()
        for i in range(12):
            path = f"/c/{CLASSIC.code}{search_path()}&page={i + 1}"
            for _attempt in range(10):
                try:
                    resp = client.get(path)
                except httpx.TransportError:
                    seen.add("reset")
                    continue
                if resp.status_code >= 500:
                    seen.add("server_error")
                    continue
                break
            assert resp.status_code == 200
        assert seen == {"reset", "server_error"}


def test_slow_fault_delays_the_answer(world):
    plan = FaultPlan({"slow": 1.0}, slow_seconds=0.3)
    with SimServer(world, plan) as server, httpx.Client(base_url=server.base_url) as client:
        t0 = time.perf_counter()
        assert client.get(f"/c/{CLASSIC.code}{search_path()}").status_code == 200
        assert time.perf_counter() - t0 >= 0.3


def test_round_control_over_http(world):
    with SimServer(world) as server, httpx.Client(base_url=server.base_url) as client:
        assert client.get("/_sim/state").json()["round"] == 0
        assert client.get("/_sim/round", params={"set": 3}).json()["date"] == str(
            world.round_date(3)
        )
        assert server.site.round == 3


def test_port_in_use_is_a_user_error(world):
    with SimServer(world) as first:
        with pytest.raises(UserInputError, match=f"port {first.port} is already in use"):
            SimServer(world, port=first.port).start_in_thread()
