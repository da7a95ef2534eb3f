"""Bot replicas behind nginx, each its own process serving a webhook on 127.0.0.1: what the
replica end-to-end test and the replica benchmark share."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.harness import BotApiServer
from tests.e2e.proxy import Nginx

ROOT = Path(__file__).resolve().parents[2]
SECRET = "replicas-share-this-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replica:
    """`ecobot run --webhook` (kind "ecobot") or the echo bot (kind "echo") on one port."""

    def __init__(self, kind: str, port: int, webhook_url: str, env: dict[str, str],
                 log: Path) -> None:
        self.kind, self.port, self.webhook_url, self.env, self.log = (
            kind, port, webhook_url, env, log)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        module = "bot.cli" if self.kind == "ecobot" else "bench.echo_bot"
        command = [sys.executable, "-m", module, "run", "--webhook", self.webhook_url,
                   "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env,
                                        stdout=subprocess.DEVNULL,
                                        stderr=self.log.open("ab"))

    def wait_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                break
            try:
                status = httpx.get(f"{self.url}/healthz", timeout=1).status_code
                if status == 200 or self.kind == "echo":  # the echo bot has no /healthz
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"replica on {self.port} is not healthy: "
                           + self.log.read_text(errors="replace")[-3000:])

    def in_flight(self) -> int:
        """Updates this replica is handling now (from its /healthz)."""
        return int(httpx.get(f"{self.url}/healthz", timeout=5).json()["in_flight"])

    def kill(self) -> None:
        """SIGKILL: no cleanup at all, as when a machine dies."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Cluster:
    """nginx on a free port in front of `count` replicas of one bot token (`proxy=False`: one
    replica, which Telegram reaches directly)."""

    def __init__(self, server: BotApiServer, tmp: Path, token: str, count: int, *,
                 kind: str = "ecobot", database_url: str | None = None,
                 admin_id: int | None = None, proxy: bool = True) -> None:
        ports = [free_port() for _ in range(count)]
        assert proxy or count == 1, "without the proxy there is one replica"
        self.nginx = Nginx(tmp / "nginx", free_port(), ports) if proxy else None
        self.token = token
        env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
        env.update(ECOBOT_TOKEN=token, ECOBOT_API_BASE_URL=f"{server.url}/bot",
                   ECOBOT_API_FILE_URL=f"{server.url}/file/bot", ECOBOT_LOAD_DEMO="false",
                   ECOBOT_RATE_LIMIT_PER_MINUTE="0", ECOBOT_FLOOD_LIMITS="false",
                   ECOBOT_WEBHOOK_SECRET=SECRET, ECOBOT_ALLOW_PRIVATE_URLS="true",
                   ECOBOT_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
        if database_url:
            env["ECOBOT_DATABASE_URL"] = database_url
        if admin_id is not None:
            env["ECOBOT_ADMIN_IDS"] = str(admin_id)
        webhook = f"{self.nginx.url if self.nginx else f'http://127.0.0.1:{ports[0]}'}/telegram"
        self.replicas = [Replica(kind, port, webhook, env, tmp / f"replica-{i}.log")
                         for i, port in enumerate(ports)]

    def __enter__(self) -> Cluster:
        try:
            if self.nginx:
                self.nginx.start()
            for replica in self.replicas:
                replica.start()
            for replica in self.replicas:
                replica.wait_healthy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        for replica in self.replicas:
            replica.stop()
        if self.nginx:
            self.nginx.stop()
