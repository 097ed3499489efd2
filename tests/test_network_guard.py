"""The autouse guard in bot.testing: tests can reach 127.0.0.1 and nothing else."""

import socket

import pytest


def test_connections_off_loopback_fail():
    with pytest.raises(ConnectionRefusedError, match="leave 127.0.0.1"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_loopback_connections_are_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
