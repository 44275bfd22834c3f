"""Escalamiento en la consola real: un asesor escala a Facturación, el departamento lo ve y un supervisor lo atiende."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.navegador.test_consola import FOLIO, MARIA, buscar_en_cola, entrar, verificar

pytestmark = [pytest.mark.navegador, pytest.mark.xdist_group("navegador")]

ULTIMOS4 = "4321"
MOTIVO = "Cargo duplicado en el recibo de noviembre; requiere ajuste de facturación."
INSTRUCCIONES = "Llamar a la clienta antes de las 15:00 para confirmar el ajuste."


def abrir_caso_por_telefono(pagina, tipo: str = "queja", categoria: str = "cargo_indebido") -> str:
    """Verifica a María con los últimos 4 dígitos, abre un caso por teléfono y lo abre desde la cola."""
    verificar(pagina, "ultimos4", ULTIMOS4)
    expect(pagina.locator("#tarjeta-cliente")).to_contain_text("Identidad verificada")
    pagina.select_option("#caso-tipo", tipo)
    pagina.select_option("#caso-categoria", categoria)
    pagina.fill("#caso-descripcion", "El recibo de noviembre trae dos veces el cargo mensual de $499.00.")
    pagina.check("#canal-telefono")
    pagina.check("#medio-correo")
    pagina.click("#boton-abrir-caso")
    expect(pagina.locator("#folio-nuevo")).to_have_text(FOLIO)
    folio = pagina.locator("#folio-nuevo").inner_text().replace(" ", "")
    buscar_en_cola(pagina, folio).click()
    expect(pagina.locator("#caso-folio")).to_have_text(FOLIO)
    return folio


def salir(pagina) -> None:
    pagina.click("#boton-salir")
    expect(pagina.locator("#form-entrar")).to_be_visible()


def escalar(pagina, destino: str, motivo: str = MOTIVO) -> None:
    pagina.select_option("#escalar-destino", destino)
    pagina.fill("#escalar-motivo", motivo)
    pagina.click("#boton-escalar")


def leer_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def alerta_publicada(servidor_url: str, folio: str) -> dict:
    """La publicación en el tema de alertas de SNS para el folio (la entrega es asíncrona: se espera)."""
    limite = time.monotonic() + 20
    while True:
        for m in leer_json(f"{servidor_url}/_local/mensajes.json"):
            if m["tipo"] == "alerta" and m["atributos"].get("folio", {}).get("Value") == folio:
                return m
        assert time.monotonic() < limite, f"no se publicó la alerta del folio {folio}"
        time.sleep(0.3)


def entrada_del_historial(pagina, texto: str):
    """Una entrada del historial; las notificaciones llegan después, así que se recarga el caso hasta verla."""
    entrada = pagina.locator("#historial > li", has_text=texto)
    limite = time.monotonic() + 20
    while not entrada.count():
        assert time.monotonic() < limite, f"no apareció «{texto}» en el historial"
        time.sleep(0.5)
        pagina.click("#boton-recargar-caso")
        expect(pagina.locator("#caso")).to_have_attribute("aria-busy", "false")
    return entrada


def filas_de_la_cola(pagina) -> list[dict]:
    expect(pagina.locator("#tabla-cola")).to_have_attribute("aria-busy", "false")
    return pagina.eval_on_selector_all(
        "#cola-cuerpo tr",
        """filas => filas.map(f => ({
            folio: f.dataset.folio,
            estado: f.cells[3].innerText.trim(),
            vencido: f.classList.contains("fila-caso--vencida"),
        }))""",
    )


def test_escalar_a_facturacion_y_el_supervisor_lo_atiende(pagina, servidor_url):
    # El asesor abre un caso en la llamada y lo escala a Facturación.
    entrar(pagina)
    folio = abrir_caso_por_telefono(pagina)
    expect(pagina.locator("#dato-nivel")).to_have_text(re.compile(r"^1 de 3"))
    expect(pagina.locator("#dato-departamento")).to_have_text("Ninguno")
    expect(pagina.locator("#dato-alertas")).to_have_text("Ninguna")
    expect(pagina.locator("#accion-desescalar")).to_be_hidden()  # sólo supervisores y departamentos
    expect(pagina.locator("#accion-reasignar")).to_be_hidden()  # sólo supervisores
    expect(pagina.locator("#escalar-destino option[value='facturacion']")).to_have_text("Facturación")
    escalar(pagina, "facturacion")
    expect(pagina.locator("#aviso-accion")).to_contain_text("se escaló a Facturación")
    expect(pagina.locator("#aviso-accion")).to_be_focused()
    expect(pagina.locator("#caso-estado")).to_have_text("Escalado")
    expect(pagina.locator("#dato-nivel")).to_have_text(re.compile(r"^2 de 3"))
    expect(pagina.locator("#dato-departamento")).to_have_text("Facturación")
    expect(pagina.locator("#dato-asignado")).to_have_text("Sin asignar")

    # La alerta salió al tema de SNS con el departamento en sus atributos (filtro de las suscripciones).
    alerta = alerta_publicada(servidor_url, folio)
    assert "facturacion" in json.loads(alerta["atributos"]["departamento"]["Value"])
    assert alerta["atributos"]["tipo"]["Value"] == "escalamiento"
    salir(pagina)

    # Facturación ve el caso en su cola, con su nombre en el título y sin el panel de llamadas.
    entrar(pagina, "facturacion.demo")
    expect(pagina.locator("#titulo-cola")).to_have_text("Casos de Facturación")
    expect(pagina.locator("#panel-llamada")).to_be_hidden()
    expect(pagina.locator("#filtros-rapidos")).to_be_hidden()
    fila = buscar_en_cola(pagina, folio)
    expect(fila).to_contain_text("Escalado")
    expect(fila).to_contain_text("Facturación")
    salir(pagina)

    # El supervisor: su cola abre con los escalados y vencidos primero (el servidor ordena cada página).
    entrar(pagina, "supervisor.demo")
    expect(pagina.locator("#titulo-cola")).to_have_text("Cola de casos abiertos")
    expect(pagina.locator("#rapido-todos")).to_have_attribute("aria-pressed", "true")
    expect(pagina.locator("#estado-cola")).to_contain_text(re.compile("caso"))
    filas = filas_de_la_cola(pagina)
    prioridad = [f["estado"] == "Escalado" or f["vencido"] for f in filas]
    assert prioridad == sorted(prioridad, reverse=True), filas  # ninguno sin prioridad antes de uno con ella
    folios = [f["folio"] for f in filas]
    if folio in folios:  # en la primera página: dentro del bloque de escalados y vencidos, que va primero
        assert prioridad[0] and all(prioridad[: folios.index(folio) + 1]), filas
        expect(pagina.locator("#cola-cuerpo tr").first).to_contain_text(re.compile("Escalado|Vencido"))

    # Filtros rápidos: "Escalados" sólo trae escalados; "Vencidos" se marca al aplicarse.
    pagina.click("#rapido-escalados")
    expect(pagina.locator("#rapido-escalados")).to_have_attribute("aria-pressed", "true")
    expect(pagina.locator("#rapido-todos")).to_have_attribute("aria-pressed", "false")
    expect(pagina.locator("#filtro-estado")).to_have_value("escalado")
    assert {f["estado"] for f in filas_de_la_cola(pagina)} == {"Escalado"}
    buscar_en_cola(pagina, folio)
    pagina.click("#rapido-vencidos")
    expect(pagina.locator("#rapido-vencidos")).to_have_attribute("aria-pressed", "true")
    expect(pagina.locator("#filtro-vence")).to_have_value("ahora")
    expect(pagina.locator("#filtro-estado")).to_have_value("")
    assert all(f["vencido"] for f in filas_de_la_cola(pagina))
    pagina.click("#rapido-todos")
    expect(pagina.locator("#rapido-todos")).to_have_attribute("aria-pressed", "true")
    fila = buscar_en_cola(pagina, folio)

    # Abre el caso: en el historial, quién escaló y por qué, y la alerta enviada a supervisores.
    fila.focus()
    pagina.keyboard.press("Enter")
    expect(pagina.locator("#caso-folio")).to_have_text(re.compile(r"^\d{3} \d{3} \d{4}$"))
    escalamiento = pagina.locator("#historial > li[data-tipo='escalamiento']")
    expect(escalamiento).to_have_count(1)
    expect(escalamiento).to_contain_text("Escalamiento")
    expect(escalamiento).to_contain_text("asesor.demo")
    expect(escalamiento).to_contain_text(MOTIVO)
    expect(escalamiento).to_contain_text("Interna")
    expect(pagina.locator("#historial > li[data-tipo='alerta_escalamiento']")).to_contain_text("Alerta de escalamiento")
    expect(pagina.locator("#historial > li[data-tipo='caso_escalado']")).to_contain_text(
        "Aviso de escalamiento al cliente"
    )
    sns = entrada_del_historial(pagina, "Alerta enviada a supervisores")
    expect(sns).to_contain_text(alerta["id"])
    expect(sns).to_contain_text("Interna")
    # Sin nombres de proveedor ni llaves crudas (issue 16); y «Alertas» ya no dice «Ninguna» con una alerta enviada.
    expect(pagina.locator("#historial")).not_to_contain_text("SNS")
    expect(pagina.locator("#historial")).not_to_contain_text("facturacion")
    expect(pagina.locator("#dato-alertas")).to_contain_text("Alerta de escalamiento")

    # Reasigna con instrucciones.
    expect(pagina.locator("#accion-reasignar")).to_be_visible()
    pagina.fill("#reasignar-asesor", "asesor.demo")
    pagina.fill("#reasignar-instrucciones", INSTRUCCIONES)
    pagina.click("#boton-reasignar")
    expect(pagina.locator("#aviso-accion")).to_contain_text("asignado a asesor.demo")
    expect(pagina.locator("#dato-asignado")).to_have_text("asesor.demo")
    asignacion = pagina.locator("#historial > li[data-tipo='asignacion']")
    expect(asignacion).to_contain_text("Reasignación")
    expect(asignacion).to_contain_text(INSTRUCCIONES)
    expect(asignacion).to_contain_text("supervisor.demo")

    # Desescala: vuelve al nivel 1, "En proceso" y sin departamento.
    expect(pagina.locator("#accion-desescalar")).to_be_visible()
    pagina.fill("#desescalar-motivo", "Facturación ya aplicó el ajuste.")
    pagina.click("#boton-desescalar")
    expect(pagina.locator("#aviso-accion")).to_contain_text("regresó al nivel 1")
    expect(pagina.locator("#caso-estado")).to_have_text("En proceso")
    expect(pagina.locator("#dato-nivel")).to_have_text(re.compile(r"^1 de 3"))
    expect(pagina.locator("#dato-departamento")).to_have_text("Ninguno")
    expect(pagina.locator("#historial > li[data-tipo='desescalamiento']")).to_contain_text("Desescalamiento")
    expect(pagina.locator("#accion-desescalar")).to_be_hidden()


def test_errores_del_escalamiento_y_el_supervisor_resuelve(pagina):
    # El supervisor también atiende llamadas: abre un caso y lo lleva al nivel 3.
    entrar(pagina, "supervisor.demo")
    abrir_caso_por_telefono(pagina, "reclamacion", "error_facturacion")

    # Sin datos: errores en los campos, sin ir al servidor.
    pagina.click("#boton-escalar")
    errores = pagina.locator("#errores-escalar")
    expect(errores).to_be_focused()
    expect(pagina.locator("#error-e-destino")).to_be_visible()
    expect(pagina.locator("#error-e-motivo")).to_be_visible()
    expect(pagina.locator("#escalar-motivo")).to_have_attribute("aria-invalid", "true")

    # Un destino que el servidor no conoce: su 400 marca el campo.
    pagina.eval_on_selector("#escalar-destino", "s => s.add(new Option('Mercadotecnia', 'mercadotecnia'))")
    escalar(pagina, "mercadotecnia")
    expect(pagina.locator("#error-e-destino")).to_contain_text("Elige «supervisor» o un departamento")
    expect(errores).to_contain_text("Revisa los datos marcados")
    expect(pagina.locator("#caso-estado")).to_have_text("Registrado")

    escalar(pagina, "supervisor", "El cliente pide hablar con un supervisor.")
    expect(pagina.locator("#aviso-accion")).to_contain_text("nivel 2")
    expect(errores).to_be_hidden()
    escalar(pagina, "soporte_tecnico", "Hay que revisar la red además del cobro.")
    expect(pagina.locator("#aviso-accion")).to_contain_text("se escaló a Soporte técnico")
    expect(pagina.locator("#dato-nivel")).to_have_text(re.compile(r"^3 de 3"))
    expect(pagina.locator("#escalar-nivel")).to_contain_text("nivel más alto")

    # Más allá del nivel 3: el 409 del servidor, tal cual.
    escalar(pagina, "facturacion", "Intento de escalar otra vez.")
    expect(errores).to_be_visible()
    expect(errores).to_contain_text("El caso ya está en el nivel más alto (3).")
    expect(errores).to_be_focused()
    expect(pagina.locator("#dato-nivel")).to_have_text(re.compile(r"^3 de 3"))

    # El supervisor resuelve el caso escalado (acción de siempre).
    pagina.fill("#resolucion-resumen", "Se reembolsó el cargo duplicado y se revisó la red.")
    pagina.check("#primer-contacto-no")
    pagina.click("#boton-resolver")
    expect(pagina.locator("#caso-estado")).to_have_text("Resuelto")
    expect(pagina.locator("#accion-escalar")).to_be_hidden()
    expect(pagina.locator("#accion-reasignar")).to_be_hidden()
    expect(pagina.locator("#accion-desescalar")).to_be_hidden()
    assert MARIA["nombre"] in pagina.locator("#caso-datos").inner_text()
