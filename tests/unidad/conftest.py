"""Las pruebas unitarias corren sin red: cualquier socket es un error."""

from __future__ import annotations

import pytest
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _sin_red():
    disable_socket()
    yield
    enable_socket()
