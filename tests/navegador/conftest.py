"""Chromium de Debian manejado con Playwright (Playwright no puede descargar su propio navegador aquí)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session", autouse=True)
def _espera_de_expect() -> None:
    # La máquina de CI tiene 2 núcleos y corre todo a la vez: 15 s, no los 5 s de Playwright.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def navegador() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ejecutable = shutil.which("chromium")
    assert ejecutable, "falta Chromium de Debian: `make test` lo instala (scripts/instalar-chromium.sh)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=ejecutable, headless=True, args=ARGUMENTOS)
        yield b
        b.close()


@pytest.fixture
def pagina(navegador, servidor_url) -> Iterator[object]:
    contexto = navegador.new_context(locale="es-MX", base_url=servidor_url, viewport={"width": 1280, "height": 900})
    p = contexto.new_page()
    p.set_default_timeout(15_000)
    yield p
    contexto.close()
