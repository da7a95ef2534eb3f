"""nginx in front of bot replicas for the end-to-end tests and benchmarks: the shipped
`deploy/nginx.conf` with its ports replaced, run in the foreground from a temporary prefix
(pid and logs there too)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)


def unavailable() -> str | None:
    """Why nginx cannot run here (None when it can)."""
    if nginx_binary() is None:
        return "nginx is not installed (apt-get install nginx-light; .ci/run installs it)"
    return None


def render(listen_port: int, replica_ports: list[int]) -> str:
    """deploy/nginx.conf for a proxy on `listen_port` and replicas on `replica_ports`."""
    text = CONFIG.read_text()
    servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"
                      for p in replica_ports)
    text, n = re.subn(r"(?m)^        server 127\.0\.0\.1:\d+ .*\n(?:        server .*\n)*",
                      servers, text)
    assert n == 1, "deploy/nginx.conf: upstream servers not found"
    text, n = re.subn(r"listen 127\.0\.0\.1:\d+;", f"listen 127.0.0.1:{listen_port};", text)
    assert n == 1, "deploy/nginx.conf: listen not found"
    return text


class Nginx:
    """nginx as a foreground subprocess (`daemon off`) with a temporary prefix."""

    def __init__(self, prefix: Path, listen_port: int, replica_ports: list[int]) -> None:
        self.prefix = prefix
        self.port = listen_port
        self.replica_ports = replica_ports
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        (self.prefix / "logs").mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(render(self.port, self.replica_ports))
        binary = nginx_binary()
        assert binary is not None
        self.process = subprocess.Popen(
            [binary, "-p", str(self.prefix), "-c", str(conf), "-e",
             str(self.prefix / "logs" / "error.log"),
             "-g", f"daemon off; pid {self.prefix / 'nginx.pid'};"],
            stdout=subprocess.DEVNULL, stderr=(self.prefix / "logs" / "stderr.log").open("wb"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                httpx.get(f"{self.url}/nothing", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start: "
                           + (self.prefix / "logs" / "error.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
