"""IVR de Amazon Connect: cada rama de la respuesta, el SSML y el mismo bloqueo que la página de seguimiento."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esquemas.ivr import EntradaIvr, leer_evento
from funciones.ivr.logica import atender
from funciones.nucleo.dominio import voz
from funciones.nucleo.dominio.calendario import ZONA
from funciones.nucleo.dominio.caso import Caso, Evento
from funciones.nucleo.dominio.errores import ServicioNoDisponible
from funciones.nucleo.dominio.folio import digito_damm
from infraestructura.local.ivr import evento_contacto
from tests.unidad.fakes import RepositorioFalso

FOLIO = "1234567894"  # con su dígito verificador de Damm
MAL_DIGITO = "1234567895"  # un solo dígito cambiado
TRANSPUESTO = "1234567849"  # dos dígitos vecinos intercambiados
INEXISTENTE = "100000000" + digito_damm("100000000")
TELEFONO = "+525512345678"
AJENO = "+523312345678"
CONTRATO = "12345678"
# Lunes 30 de noviembre de 2026, 10:00 en la Ciudad de México.
AHORA = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
CASO = Caso(
    folio=FOLIO,
    tipo="queja",
    categoria="interrupcion",
    canal="web",
    medio_notificacion="sms",
    nombre="Ana López",
    descripcion="Sin servicio.",
    fecha_registro=datetime(2026, 11, 27, 9, 0, tzinfo=ZONA),
    fecha_compromiso=datetime(2026, 12, 1, 12, 30, tzinfo=ZONA),
    fecha_limite_legal=datetime(2026, 12, 18, 18, 30, tzinfo=ZONA),
    contrato=CONTRATO,
    telefono=TELEFONO,
    estado="en_proceso",
)
EVENTOS = [
    Evento(folio=FOLIO, fecha=datetime(2026, 11, 27, 9, 0, tzinfo=ZONA), tipo="alta", descripcion="Registramos."),
    Evento(
        folio=FOLIO,
        fecha=datetime(2026, 11, 28, 13, 5, tzinfo=ZONA),
        tipo="interaccion",
        descripcion="Programamos la visita técnica.",
    ),
    Evento(
        folio=FOLIO, fecha=datetime(2026, 11, 29, 8, 0, tzinfo=ZONA), tipo="nota", descripcion="Interna.", publico=False
    ),
]


def _repo(caso: Caso = CASO, eventos: list[Evento] | None = None) -> RepositorioFalso:
    repo = RepositorioFalso()
    repo.casos[caso.folio] = caso
    repo.eventos[caso.folio] = list(EVENTOS if eventos is None else eventos)
    return repo


def _llamar(repo, folio: str | None, telefono: str | None = AJENO, contrato: str | None = None, ahora=AHORA):
    return atender(EntradaIvr(folio=folio, contrato=contrato, telefono=telefono), repo, ahora)


def _fallos(repo: RepositorioFalso, folio: str) -> int:
    return sum(1 for f in repo.consultas.get(folio, []) if f)


def _arbol(mensaje: str) -> ET.Element:
    raiz = ET.fromstring(mensaje)  # noqa: S314 -- SSML armado aquí, no de fuera
    assert raiz.tag == "speak"
    return raiz


def _texto(mensaje: str) -> str:
    return " ".join("".join(_arbol(mensaje).itertext()).split())


# Folio


@pytest.mark.parametrize("tecleado", [MAL_DIGITO, TRANSPUESTO, "123456789", "12345678941", "12345678a4", "", "*#"])
def test_un_folio_con_el_digito_verificador_malo_se_rechaza_sin_leer_ni_contar(tecleado):
    repo = _repo()
    r = _llamar(repo, tecleado, telefono=TELEFONO)
    assert r == {"resultado": "folio_invalido", "mensaje": voz.mensaje_folio_invalido()}
    assert "El folio que marcó no es válido." in _texto(r["mensaje"])
    assert repo.consultas == {}


# Llamada desde el número del caso


@pytest.mark.parametrize("numero", [TELEFONO, "+5215512345678", "+52 55 1234 5678"])
def test_desde_el_numero_del_caso_lee_estado_plazo_y_ultimo_paso(numero):
    repo = _repo()
    r = _llamar(repo, FOLIO, telefono=numero)
    assert r["resultado"] == "encontrado" and r["folio"] == FOLIO
    assert "intentos_restantes" not in r
    assert _texto(r["mensaje"]) == (
        "Su queja con folio 1234567894 está en proceso. "
        "La fecha compromiso para darle respuesta es el martes 1 de diciembre a las 12:30. "
        "El último avance, el sábado 28 de noviembre a las 13:05, dice: Programamos la visita técnica."
    )
    # Un acierto devuelve su lugar: no queda ningún fallo.
    assert _fallos(repo, FOLIO) == 0


def test_el_folio_se_lee_por_digitos_en_grupos_3_3_4():
    r = _llamar(_repo(), FOLIO, telefono=TELEFONO)
    grupos = [e.text for e in _arbol(r["mensaje"]).iter("say-as")]
    assert grupos == ["123", "456", "7894"]
    assert all(e.get("interpret-as") == "digits" for e in _arbol(r["mensaje"]).iter("say-as"))
    assert len(list(_arbol(r["mensaje"]).iter("break"))) == 2


def test_vencido_resuelto_y_sin_historial():
    r = _llamar(_repo(), FOLIO, telefono=TELEFONO, ahora=datetime(2026, 12, 2, 16, 0, tzinfo=UTC))
    assert "La fecha compromiso era el martes 1 de diciembre a las 12:30. Lamentamos la demora." in _texto(r["mensaje"])
    r = _llamar(_repo(replace(CASO, estado="resuelto"), []), FOLIO, telefono=TELEFONO)
    assert _texto(r["mensaje"]) == "Su queja con folio 1234567894 está resuelta."
    r = _llamar(_repo(replace(CASO, estado="escalado", tipo="aclaracion")), FOLIO, telefono=TELEFONO)
    assert _texto(r["mensaje"]).startswith(
        "Su aclaración con folio 1234567894 está en revisión con un área especializada."
    )


def test_un_caso_de_otro_anio_dice_el_anio():
    r = _llamar(_repo(), FOLIO, telefono=TELEFONO, ahora=datetime(2027, 1, 2, 16, 0, tzinfo=UTC))
    assert "el martes 1 de diciembre de 2026 a las 12:30" in _texto(r["mensaje"])


# Número ajeno: el contrato como segundo factor


def test_numero_ajeno_pide_contrato_y_el_contrato_correcto_encuentra():
    repo = _repo()
    r = _llamar(repo, FOLIO)
    assert r == {
        "resultado": "pide_contrato",
        "mensaje": voz.mensaje_pide_contrato(),
        "folio": FOLIO,
        "intentos_restantes": "4",
    }
    # El número que no coincide cuenta como un fallo (el identificador de llamada se puede falsificar).
    assert _fallos(repo, FOLIO) == 1
    r = _llamar(repo, FOLIO, contrato=" 1234-5678 ")
    assert r["resultado"] == "encontrado" and r["folio"] == FOLIO
    assert _texto(r["mensaje"]).startswith("Su queja con folio 1234567894 está en proceso.")
    assert _fallos(repo, FOLIO) == 1


def test_el_contrato_del_caso_no_se_salta_con_el_numero():
    # Con contrato, se compara el contrato aunque llame el número del caso.
    r = _llamar(_repo(), FOLIO, telefono=TELEFONO, contrato="87654321")
    assert r["resultado"] == "contrato_incorrecto" and r["intentos_restantes"] == "4"


@pytest.mark.parametrize("numero", [None, "", "anonymous", "+14805550100", "+442071234567"])
def test_un_numero_anonimo_o_extranjero_pide_contrato_sin_contar(numero):
    repo = _repo()
    r = _llamar(repo, FOLIO, telefono=numero)
    assert r == {"resultado": "pide_contrato", "mensaje": voz.mensaje_pide_contrato(), "folio": FOLIO}
    assert repo.consultas == {}


def test_contrato_incorrecto_hasta_el_bloqueo():
    repo = _repo()
    assert _llamar(repo, FOLIO)["intentos_restantes"] == "4"
    for restantes in (3, 2, 1):
        r = _llamar(repo, FOLIO, contrato="87654321")
        assert r == {
            "resultado": "contrato_incorrecto",
            "mensaje": voz.mensaje_contrato_incorrecto(restantes),
            "folio": FOLIO,
            "intentos_restantes": str(restantes),
        }
    assert "Le queda 1 intento con este folio." in _texto(voz.mensaje_contrato_incorrecto(1))
    assert "Le quedan 3 intentos con este folio." in _texto(voz.mensaje_contrato_incorrecto(3))
    # El quinto fallo agota: bloqueado de una vez (no pide un contrato que ya no se compararía).
    r = _llamar(repo, FOLIO, contrato="87654321")
    assert r["resultado"] == "bloqueado" and r["intentos_restantes"] == "0"
    assert "Podrá intentarlo de nuevo en 60 minutos" in _texto(r["mensaje"])
    # Bloqueado, ni el contrato correcto ni el número del caso pasan.
    for kw in ({"contrato": CONTRATO}, {"telefono": TELEFONO}):
        r = _llamar(repo, FOLIO, **kw, ahora=AHORA + timedelta(minutes=15))
        assert r == {
            "resultado": "bloqueado",
            "mensaje": voz.mensaje_bloqueado(45 * 60),
            "folio": FOLIO,
            "intentos_restantes": "0",
        }
    # Pasada la ventana, el contrato correcto pasa.
    assert _llamar(repo, FOLIO, contrato=CONTRATO, ahora=AHORA + timedelta(minutes=61))["resultado"] == "encontrado"


@pytest.mark.parametrize("contrato", ["12", "1234567890123", "12345a78", "*123456#", "Timeout"])
def test_un_contrato_mal_formado_gasta_un_intento_y_nunca_coincide(contrato):
    """Si no contara, un flujo que vuelve a pedir el contrato tras «Timeout» (nadie marcó) daría vueltas sin fin."""
    repo = _repo()
    r = _llamar(repo, FOLIO, contrato=contrato)
    assert r == {
        "resultado": "contrato_incorrecto",
        "mensaje": voz.mensaje_contrato_mal_formado(4),
        "folio": FOLIO,
        "intentos_restantes": "4",
    }
    assert _texto(r["mensaje"]) == "El número de contrato tiene de 6 a 12 dígitos. Le quedan 4 intentos con este folio."
    assert _fallos(repo, FOLIO) == 1
    for _ in range(3):
        _llamar(repo, FOLIO, contrato=contrato)
    assert _llamar(repo, FOLIO, contrato=contrato)["resultado"] == "bloqueado"
    # Y un folio inexistente responde lo mismo.
    otro = _repo()
    assert {k: v for k, v in _llamar(otro, INEXISTENTE, contrato=contrato).items() if k != "folio"} == {
        k: v for k, v in r.items() if k != "folio"
    }


def test_folio_inexistente_indistinguible_de_uno_existente():
    """Desde un número ajeno, la misma secuencia de respuestas (salvo el folio que se repite) y el mismo bloqueo."""
    repo = _repo()

    def sin_folio(r: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in r.items() if k != "folio"}

    pares = [(_llamar(repo, FOLIO), _llamar(repo, INEXISTENTE))]
    for _ in range(5):
        pares.append((_llamar(repo, FOLIO, contrato="87654321"), _llamar(repo, INEXISTENTE, contrato="87654321")))
    for existente, inexistente in pares:
        assert sin_folio(existente) == sin_folio(inexistente)
    assert [e["resultado"] for e, _ in pares] == [
        "pide_contrato",
        *["contrato_incorrecto"] * 3,
        "bloqueado",
        "bloqueado",
    ]
    # El folio no aparece en los mensajes que podrían compararse.
    assert all(FOLIO not in e["mensaje"] for e, _ in pares)


def test_sin_telefono_en_el_caso_el_numero_nunca_coincide():
    repo = _repo(replace(CASO, telefono=None))
    assert _llamar(repo, FOLIO, telefono=TELEFONO)["resultado"] == "pide_contrato"


def test_dynamodb_no_disponible_responde_fuera_de_servicio_y_devuelve_el_intento():
    class Caido(RepositorioFalso):
        def obtener_para_consulta(self, folio):
            raise ServicioNoDisponible()

    repo = Caido()
    r = _llamar(repo, FOLIO, contrato=CONTRATO)
    assert r == {"resultado": "fuera_de_servicio", "mensaje": voz.mensaje_fuera_de_servicio()}
    assert _fallos(repo, FOLIO) == 0


# SSML


def test_todos_los_mensajes_son_ssml_bien_formado():
    mensajes = [
        voz.mensaje_folio_invalido(),
        voz.mensaje_pide_contrato(),
        voz.mensaje_contrato_mal_formado(3),
        voz.mensaje_contrato_incorrecto(2),
        voz.mensaje_bloqueado(61),
        voz.mensaje_fuera_de_servicio(),
        _llamar(_repo(), FOLIO, telefono=TELEFONO)["mensaje"],
    ]
    for m in mensajes:
        assert m.startswith("<speak>") and m.endswith("</speak>")
        _arbol(m)
    assert "en 2 minutos" in _texto(voz.mensaje_bloqueado(61))
    assert "en 1 minuto," in _texto(voz.mensaje_bloqueado(1))


def test_lo_que_viene_de_datos_se_escapa_y_no_mete_etiquetas():
    malicioso = 'Listo </speak><speak><audio src="https://x.example/a.mp3"/><break time="60s"/> R&D "ok" \x07'
    eventos = [Evento(folio=FOLIO, fecha=datetime(2026, 11, 28, 13, 5, tzinfo=ZONA), tipo="i", descripcion=malicioso)]
    r = _llamar(_repo(eventos=eventos), FOLIO, telefono=TELEFONO)
    raiz = _arbol(r["mensaje"])
    assert [e.tag for e in raiz.iter()] == ["speak", "say-as", "break", "say-as", "break", "say-as"]
    assert 'Listo </speak><speak><audio src="https://x.example/a.mp3"/><break time="60s"/> R&D "ok".' in _texto(
        r["mensaje"]
    )


def test_un_paso_largo_se_recorta_en_una_palabra():
    largo = "palabra " * 100
    eventos = [Evento(folio=FOLIO, fecha=datetime(2026, 11, 28, 13, 5, tzinfo=ZONA), tipo="i", descripcion=largo)]
    texto = _texto(_llamar(_repo(eventos=eventos), FOLIO, telefono=TELEFONO)["mensaje"])
    dicho = texto.split("dice: ", 1)[1]
    assert dicho.endswith("palabra…") and len(dicho) <= voz.MAX_PASO + 1


def test_fechas_en_espanol_en_hora_de_la_ciudad_de_mexico():
    assert voz.fecha_hablada(datetime(2026, 12, 1, 18, 30, tzinfo=UTC), AHORA) == "el martes 1 de diciembre a las 12:30"
    assert voz.fecha_hablada(datetime(2026, 12, 5, 7, 0, tzinfo=UTC), AHORA) == "el sábado 5 de diciembre a la 01:00"
    assert (
        voz.fecha_hablada(datetime(2027, 1, 4, 15, 0, tzinfo=UTC), AHORA) == "el lunes 4 de enero de 2027 a las 09:00"
    )


@pytest.mark.parametrize(
    ("direccion", "esperado"),
    [
        ("+525512345678", "+525512345678"),
        ("+5215512345678", "+525512345678"),
        ("+52 (55) 1234-5678", "+525512345678"),
        ("525512345678", "+525512345678"),
        ("+14805550100", None),
        ("+15512345678", None),
        ("+520512345678", None),
        # Otro país con 10 dígitos en total: sin el +52 no es un número local.
        ("+3312345678", None),
        ("+4420123456", None),
        ("anonymous", None),
        (None, None),
    ],
)
def test_el_numero_que_llama_se_normaliza_como_lo_guarda_el_caso(direccion, esperado):
    assert voz.telefono_de_llamada(direccion) == esperado


def test_los_tipos_del_catalogo_son_femeninos_como_suponen_las_frases():
    from funciones.nucleo.dominio import catalogo

    assert {t["clave"] for t in catalogo.catalogo()["tipos"]} == {"duda", "aclaracion", "queja", "reclamacion"}
    assert set(voz.FRASE_ESTADO) == {"registrado", "en_proceso", "escalado", "resuelto", "cerrado", "reabierto"}


# El evento de Connect


def test_el_evento_de_connect_se_lee_y_lo_demas_es_none():
    entrada = leer_evento(evento_contacto({"folio": f" {FOLIO} ", "contrato": CONTRATO}, TELEFONO))
    assert entrada is not None
    assert (entrada.folio, entrada.contrato, entrada.telefono) == (FOLIO, CONTRATO, TELEFONO)
    otro = evento_contacto({"folio": FOLIO})
    otro["Name"] = "ContactFlowExecution"
    for malo in (None, [], "x", {}, {"Name": "ContactFlowEvent"}, otro, {"Records": []}):
        assert leer_evento(malo) is None
    sin_parametros = evento_contacto({})
    del sin_parametros["Details"]["Parameters"]
    vacia = leer_evento(sin_parametros)
    assert vacia is not None and (vacia.folio, vacia.contrato) == (None, None)
    # Connect sólo manda cadenas: otra cosa no se toma por un folio.
    numerico = leer_evento(evento_contacto({"folio": 1234567894}))
    assert numerico is not None and numerico.folio is None


@pytest.mark.parametrize(
    "evento",
    [
        None,
        [],
        {"Records": [{"eventSource": "aws:sqs"}]},
        {"Name": "ContactFlowEvent", "Details": "x"},
        evento_contacto({}),
        evento_contacto({"folio": "abc"}),
        evento_contacto({"folio": FOLIO, "contrato": ""}, telefono=None),
    ],
)
def test_el_handler_nunca_lanza_y_responde_cadenas(evento, monkeypatch):
    from funciones.ivr import handler as modulo
    from tests.eventos import contexto

    monkeypatch.setattr(modulo.repositorios, "casos", _repo)
    r = modulo.handler(evento, contexto("ivr"))
    assert r["resultado"] in voz.RESULTADOS
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in r.items())
    _arbol(r["mensaje"])


def test_una_falla_inesperada_es_fuera_de_servicio_sin_datos_en_el_registro(monkeypatch, caplog):
    from funciones.ivr import handler as modulo
    from tests.eventos import contexto

    # Datos que no aparecen en nada más del registro (el ARN de la cuenta contiene «12345678»).
    telefono, contrato = "+527779135790", "97531864"

    def roto():
        raise RuntimeError(f"falla con {telefono} y {contrato}")

    monkeypatch.setattr(modulo.repositorios, "casos", roto)
    r = modulo.handler(evento_contacto({"folio": FOLIO, "contrato": contrato}, telefono), contexto("ivr"))
    assert r == {"resultado": "fuera_de_servicio", "mensaje": voz.mensaje_fuera_de_servicio()}
    # Cada registro como lo escribe Powertools (JSON con los campos extra).
    registros = [json.loads(modulo.logger.registered_formatter.format(x)) for x in caplog.records]
    salida = json.dumps(registros)
    assert any(x.get("error") == "RuntimeError" and x["level"] == "ERROR" for x in registros)
    for dato in (telefono, telefono[3:], contrato, FOLIO):
        assert dato not in salida


def test_un_contrato_vacio_es_como_no_traerlo():
    # Un flujo que siempre manda los dos parámetros manda `contrato: ""` en la primera invocación.
    repo = _repo()
    assert _llamar(repo, FOLIO, telefono=TELEFONO, contrato="")["resultado"] == "encontrado"
    r = _llamar(repo, FOLIO, contrato="")
    assert (r["resultado"], r["intentos_restantes"]) == ("pide_contrato", "4")
    entrada = leer_evento(evento_contacto({"folio": FOLIO, "contrato": "   "}, TELEFONO))
    assert entrada is not None and entrada.contrato == ""


@given(st.text(max_size=400))
def test_cualquier_texto_escapado_es_ssml_valido_y_se_oye_tal_cual(texto):
    raiz = ET.fromstring(voz.ssml(voz.escapar(texto)))  # noqa: S314
    assert list(raiz) == []  # ningún elemento dentro: sólo texto
    esperado = " ".join(voz._NO_XML.sub("", texto).split())
    assert (raiz.text or "") == esperado


@given(st.from_regex(r"[1-9][0-9]{9}", fullmatch=True), st.sampled_from(["+52", "+521", "52", "+52 1 "]))
def test_el_numero_mexicano_se_normaliza_con_cualquier_prefijo(diez, prefijo):
    separado = f"{diez[:2]} {diez[2:6]}-{diez[6:]}"
    assert voz.telefono_de_llamada(prefijo + diez) == voz.telefono_de_llamada(prefijo + separado) == f"+52{diez}"


@pytest.mark.parametrize(
    ("descripcion", "se_oye"),
    [
        (
            "Te enviamos el folio por WhatsApp al *** *** 4000.",
            "Te enviamos el folio por WhatsApp al número terminado en 4000.",
        ),
        ("Te enviamos el folio por SMS al *** *** 0827", "Te enviamos el folio por SMS al número terminado en 0827."),
        (
            "Te enviamos el folio por correo a m***@example.com.",
            "Te enviamos el folio por correo a la dirección que registró.",
        ),
    ],
)
def test_los_datos_enmascarados_del_paso_no_se_leen_como_asteriscos(descripcion, se_oye):
    # El último paso público suele ser un aviso con el teléfono o el correo enmascarados: Polly leería «asterisco».
    eventos = [Evento(folio=FOLIO, fecha=datetime(2026, 11, 28, 13, 5, tzinfo=ZONA), tipo="i", descripcion=descripcion)]
    mensaje = _llamar(_repo(eventos=eventos), FOLIO, telefono=TELEFONO)["mensaje"]
    assert "*" not in mensaje and "@" not in mensaje
    assert _texto(mensaje).endswith(f"dice: {se_oye}")
    if "terminado" in se_oye:
        assert f'<say-as interpret-as="digits">{se_oye[-5:-1]}</say-as>' in mensaje
