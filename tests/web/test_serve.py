"""``firth serve`` as a user starts it: a process serving the explorer on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from firth.cli import app


def test_serve_answers_on_localhost_and_stops_on_ctrl_c(royal_model: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "firth", "serve", str(royal_model), "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info") as reply:
                    info = json.load(reply)
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "firth serve did not answer"
                time.sleep(0.2)
        assert info["words"] == 116
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in stderr


def test_serve_reports_a_missing_model(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "nothing" in result.output
    bad_port = CliRunner().invoke(app, ["serve", str(tmp_path), "--port", "70000"])
    assert bad_port.exit_code == 2
    assert "port must be an integer from 0 to 65535" in " ".join(bad_port.output.split())
