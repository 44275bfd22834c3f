"""WhatsApp entrante sobre dobles en memoria (sin red): el sobre de AWS, los números mexicanos, el caso que recibe el
mensaje, los botones, los archivos, la plantilla sin caso y los reintentos que no duplican."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funciones.alta.logica import registrar_caso
from funciones.nucleo.dominio import busqueda
from funciones.nucleo.dominio.whatsapp_entrante import (
    EntradaInvalida,
    MedioNoDisponible,
    caso_para_mensaje,
    leer_evento,
    respuesta_rapida,
)
from funciones.whatsapp_entrante.handler import atender
from funciones.whatsapp_entrante.logica import GRACIAS, Puertos, procesar
from infraestructura.local.whatsapp_entrante import ARN_NUMERO, entrada_mensaje, evento, sobre_aws
from tests.unidad.fakes import EnviosFalsos, RepositorioFalso
from tests.unidad.test_adjuntos import JPEG, PDF, AlmacenFalso
from tests.unidad.test_correo_entrante import AdjuntosFalsos
from tests.unidad.test_logica import AHORA, SOLICITUD

PIMIENTA = b"pimienta-de-prueba-de-16-bytes!!"
LLAVE = busqueda.llave_busqueda(PIMIENTA)
TELEFONO = "7771234567"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


class IndiceFalso:
    """Como IndiceDynamo sobre los items BUSCA# que escribió el alta (RepositorioFalso.indices)."""

    def __init__(self, repo: RepositorioFalso) -> None:
        self.repo = repo
        self.consultas: list[str] = []

    def referencias(self, clave, limite):
        self.consultas.append(clave)
        folios = [f for f, claves in self.repo.indices.items() if clave in claves]
        folios.sort(key=lambda f: self.repo.casos[f].fecha_registro, reverse=True)
        return folios[:limite], []

    def leer(self, folios, contratos):
        return {f: self.repo.casos[f] for f in folios if f in self.repo.casos}, {}


class SalidaFalsa:
    def __init__(self, falla: bool = False) -> None:
        self.plantillas: list[tuple[str, str, dict]] = []
        self.textos: list[tuple[str, str]] = []
        self.falla = falla

    def enviar_plantilla(self, destino, nombre, parametros, botones=None):
        if self.falla:
            raise ConnectionError("socialmessaging no disponible")
        self.plantillas.append((destino, nombre, parametros))
        return f"envio-{len(self.plantillas)}"

    def enviar_texto(self, destino, texto):
        if self.falla:
            raise ConnectionError("socialmessaging no disponible")
        self.textos.append((destino, texto))
        return f"texto-{len(self.textos)}"


class MediosFalsos:
    """Como get_whatsapp_message_media: deja los bytes del medio en `prefijo + id` del almacén."""

    def __init__(self, almacen: AlmacenFalso, medios: dict[str, bytes] | None = None) -> None:
        self.almacen = almacen
        self.medios = dict(medios or {})
        self.pedidos: list[tuple[str, str, str]] = []

    def descargar(self, id_medio, prefijo, numero):
        self.pedidos.append((id_medio, prefijo, numero))
        if id_medio not in self.medios:
            raise MedioNoDisponible(id_medio)
        self.almacen.guardar(prefijo + id_medio, self.medios[id_medio], "application/octet-stream")
        return prefijo + id_medio


class Mundo:
    def __init__(self, medios: dict[str, bytes] | None = None, falla_salida: bool = False) -> None:
        self.repo = RepositorioFalso()
        self.almacen = AlmacenFalso()
        self.adjuntos = AdjuntosFalsos(self.repo)
        self.marcas = EnviosFalsos()
        self.salida = SalidaFalsa(falla_salida)
        self.medios = MediosFalsos(self.almacen, medios)
        self.indice = IndiceFalso(self.repo)
        self.estados: list = []
        self.puertos = Puertos(
            casos=self.repo,
            indice=self.indice,
            llave_busqueda=LLAVE,
            marcas=self.marcas,
            almacen=self.almacen,
            adjuntos=self.adjuntos,  # type: ignore[arg-type]  # el doble sólo implementa anexar_mensaje
            salida=self.salida,
            medios=self.medios,
            url_sitio="https://atencion.bluepoint.mx",
        )

    def caso(self, telefono: str = TELEFONO, **cambios):
        """Un caso del alta, con sus items del índice de búsqueda (la llave de la prueba)."""
        solicitud = SOLICITUD.model_copy(update={"telefono": telefono})
        caso = registrar_caso(solicitud, self.repo, AHORA, busqueda=LLAVE).caso
        assert caso is not None
        if cambios:
            self.repo.casos[caso.folio] = replace(caso, **cambios)
        return self.repo.casos[caso.folio]

    def recibir(self, mensaje: dict, de: str = "5217771234567"):
        """El mensaje de Meta por el camino entero: sobre de AWS → SNS → handler → lógica."""
        entrada = entrada_mensaje(de, mensaje)
        return self.entregar(evento(entrada))

    def entregar(self, ev: dict):
        return atender(ev, lambda: self.puertos, lambda: lambda e, ids: self.estados.append(e))["resultados"]


def _texto(cuerpo: str) -> dict:
    return {"type": "text", "text": {"body": cuerpo}}


def _procesar(mundo: Mundo, mensaje: dict, de: str = "5217771234567", ahora=AHORA):
    (leido,) = leer_evento(json.dumps(sobre_aws(entrada_mensaje(de, mensaje)))).mensajes
    return procesar(leido, mundo.puertos, ahora), leido


# ---------------------------------------------------------------- el sobre de AWS


def test_el_sobre_de_aws_separa_mensajes_estados_y_el_numero_que_los_recibio():
    entrada = entrada_mensaje("5217771234567", _texto("Sigo sin internet"))
    entrada["changes"][0]["value"]["statuses"] = [
        {"id": "wamid.SALIDA", "status": "delivered", "timestamp": "1764600000", "recipient_id": "5217771234567"}
    ]
    leido = leer_evento(json.dumps(sobre_aws(entrada)))
    (mensaje,) = leido.mensajes
    assert mensaje.texto == "Sigo sin internet" and mensaje.telefono == TELEFONO and mensaje.tipo == "text"
    assert mensaje.numero_negocio == ARN_NUMERO and mensaje.destino == "+5217771234567"
    assert leido.estados == entrada["changes"][0]["value"]["statuses"]
    assert leido.ids_telefono == [ARN_NUMERO] and leido.id_evento


@pytest.mark.parametrize(
    ("de", "telefono"),
    [("5217771234567", TELEFONO), ("527771234567", TELEFONO), ("7771234567", TELEFONO), ("14155550123", None)],
)
def test_los_numeros_mexicanos_se_normalizan_a_10_digitos(de, telefono):
    (m,) = leer_evento(json.dumps(sobre_aws(entrada_mensaje(de, _texto("hola"))))).mensajes
    assert m.telefono == telefono


@pytest.mark.parametrize(
    ("mensaje_sns", "motivo"),
    [
        ("{roto", "sobre_json_invalido"),
        ("[1, 2]", "sobre_no_es_objeto"),
        (None, "sobre_ausente"),
        (json.dumps({"context": {}}), "entrada_ausente"),
        (json.dumps({"whatsAppWebhookEntry": "{no es json"}), "entrada_json_invalido"),
        (json.dumps({"whatsAppWebhookEntry": json.dumps({"id": "1"})}), "entrada_sin_cambios"),
        (json.dumps({"whatsAppWebhookEntry": json.dumps({"id": "1", "changes": []})}), "entrada_sin_cambios"),
        ("[" * 100_000, "sobre_json_invalido"),
    ],
)
def test_un_sobre_malo_es_entrada_invalida_con_su_motivo(mensaje_sns, motivo):
    with pytest.raises(EntradaInvalida) as e:
        leer_evento(mensaje_sns)
    assert e.value.motivo == motivo


def test_mensajes_incompletos_o_cambios_ajenos_se_descartan_sin_tirar_el_resto():
    entrada = entrada_mensaje("5217771234567", _texto("bueno"))
    valor = entrada["changes"][0]["value"]
    valor["messages"] += [{"from": "521777"}, {"id": "wamid.x", "type": "text"}, "no soy objeto", {"id": 5}]
    entrada["changes"].append({"field": "account_update", "value": {"x": 1}})
    entrada["changes"].append("basura")
    leido = leer_evento(json.dumps(sobre_aws(entrada)))
    assert [m.texto for m in leido.mensajes] == ["bueno"]
    motivos = [m for _, m in leido.descartados]
    assert motivos.count("mensaje_sin_id") == 3 and "mensaje_sin_remitente" in motivos
    assert "cambio_account_update" in motivos and "cambio_sin_campo" in motivos


def test_las_respuestas_rapidas_son_las_de_wa_salida_y_nada_mas():
    assert respuesta_rapida("resuelto:1234567890:2") == (True, "1234567890", 2)
    assert respuesta_rapida("sigue:1234567890:0") == (False, "1234567890", 0)
    assert respuesta_rapida("resuelto") == (True, None, None)
    for ajena in ("resuelto:123:1", "cerrar:1234567890:1", "resuelto:1234567890:x", "RESUELTO", ""):
        assert respuesta_rapida(ajena) is None


def test_el_caso_de_un_mensaje_es_el_abierto_mas_nuevo_y_si_no_el_resuelto():
    mundo = Mundo()
    viejo = mundo.caso()
    nuevo = mundo.caso()
    mundo.repo.casos[nuevo.folio] = replace(nuevo, fecha_registro=nuevo.fecha_registro + timedelta(days=1))
    casos = list(mundo.repo.casos.values())
    assert caso_para_mensaje(casos, TELEFONO).folio == nuevo.folio
    mundo.repo.casos[nuevo.folio] = replace(mundo.repo.casos[nuevo.folio], estado="cerrado")
    assert caso_para_mensaje(list(mundo.repo.casos.values()), TELEFONO).folio == viejo.folio
    mundo.repo.casos[viejo.folio] = replace(viejo, estado="resuelto")
    assert caso_para_mensaje(list(mundo.repo.casos.values()), TELEFONO).folio == viejo.folio
    mundo.repo.casos[viejo.folio] = replace(viejo, estado="cerrado")
    assert caso_para_mensaje(list(mundo.repo.casos.values()), TELEFONO) is None
    # El item del índice ya no corresponde: el caso cambió de teléfono.
    mundo.repo.casos[viejo.folio] = replace(viejo, telefono="5550001111")
    assert caso_para_mensaje(list(mundo.repo.casos.values()), TELEFONO) is None


# ---------------------------------------------------------------- el mensaje cae en su caso


def test_un_texto_cae_en_el_caso_abierto_como_mensaje_publico_del_cliente_y_avisa_a_la_cola():
    mundo = Mundo()
    caso = mundo.caso()
    r, leido = _procesar(mundo, _texto("Sigo sin internet desde ayer"))
    assert r.accion == "anexado" and r.folio == caso.folio
    mensaje, alerta = mundo.repo.eventos[caso.folio][1:]
    assert mensaje.tipo == "mensaje_cliente" and mensaje.publico and mensaje.autor == "cliente"
    assert mensaje.descripcion == "Sigo sin internet desde ayer" and mensaje.fecha == AHORA
    assert mensaje.datos["canal"] == "whatsapp" and mensaje.datos["id_whatsapp"] == leido.id
    assert alerta.tipo == "alerta_respuesta_cliente" and "por WhatsApp" in alerta.datos["motivo"]
    assert "Sin asesor asignado" in alerta.datos["motivo"] and "internet" not in alerta.datos["motivo"]
    # La búsqueda fue por el término del teléfono en el índice (una Query), no un recorrido.
    assert mundo.indice.consultas == [busqueda.clave_termino(LLAVE, "telefono", TELEFONO)]
    assert not mundo.salida.plantillas and not mundo.salida.textos


def test_el_aviso_va_al_asesor_asignado_y_un_caso_resuelto_se_reabre():
    mundo = Mundo()
    caso = mundo.caso(estado="resuelto", asignado="asesor.demo", ronda=1)
    r, _ = _procesar(mundo, _texto("Volvió a fallar"))
    assert r.accion == "reabierto" and mundo.repo.casos[caso.folio].estado == "reabierto"
    tipos = [e.tipo for e in mundo.repo.eventos[caso.folio][1:]]
    assert tipos == ["mensaje_cliente", "caso_reabierto", "alerta_respuesta_cliente"]
    alerta = mundo.repo.eventos[caso.folio][-1]
    assert alerta.notificar["datos"]["asignado"] == "asesor.demo" and "se reabrió" in alerta.datos["motivo"]


def test_el_mismo_mensaje_entregado_dos_veces_se_anexa_una_vez():
    mundo = Mundo()
    caso = mundo.caso()
    ev = evento(entrada_mensaje("5217771234567", _texto("Hola")))
    primero = mundo.entregar(ev)
    segundo = mundo.entregar(ev)
    assert primero[0]["accion"] == "anexado" and segundo[0]["accion"] == "repetido"
    assert [e.tipo for e in mundo.repo.eventos[caso.folio]].count("mensaje_cliente") == 1


def test_si_la_marca_se_perdio_el_historial_igual_evita_el_duplicado():
    mundo = Mundo()
    caso = mundo.caso()
    ev = evento(entrada_mensaje("5217771234567", _texto("Hola")))
    mundo.entregar(ev)
    mundo.marcas.marcas.clear()  # la reserva venció sin confirmarse (la función murió después de escribir)
    assert mundo.entregar(ev)[0]["accion"] == "repetido"
    assert [e.tipo for e in mundo.repo.eventos[caso.folio]].count("mensaje_cliente") == 1


def test_una_falla_al_escribir_libera_la_marca_y_el_reintento_anexa():
    mundo = Mundo()
    caso = mundo.caso()
    ev = evento(entrada_mensaje("5217771234567", _texto("Hola")))
    mundo.adjuntos.falla = True
    with pytest.raises(ConnectionError):
        mundo.entregar(ev)
    assert not mundo.marcas.marcas
    mundo.adjuntos.falla = False
    assert mundo.entregar(ev)[0]["accion"] == "anexado"
    assert [e.tipo for e in mundo.repo.eventos[caso.folio]].count("mensaje_cliente") == 1


def test_el_maximo_diario_de_mensajes_no_anexa_y_le_dice_al_cliente_como_seguir():
    from funciones.nucleo.dominio.conversacion import limite_diario

    mundo = Mundo()
    caso = mundo.caso()
    limite = limite_diario(caso, "mensajes", AHORA)
    mundo.adjuntos.cuentas[(limite.clave, limite.dia)] = limite.maximo
    r, _ = _procesar(mundo, _texto("uno más"))
    assert r.accion == "limite_diario"
    assert [e.tipo for e in mundo.repo.eventos[caso.folio]].count("mensaje_cliente") == 0
    assert mundo.salida.textos == [("+5217771234567", limite.mensaje)]


# ---------------------------------------------------------------- botones de respuesta rápida


def _boton(carga: str, texto: str = "Sí, quedó resuelto") -> dict:
    return {"type": "button", "button": {"payload": carga, "text": texto}}


def test_si_quedo_resuelto_cierra_el_caso_como_el_enlace_y_pide_la_encuesta():
    mundo = Mundo()
    caso = mundo.caso(estado="resuelto", ronda=2)
    r, _ = _procesar(mundo, _boton(f"resuelto:{caso.folio}:2"))
    assert r.accion == "confirmado" and mundo.repo.casos[caso.folio].estado == "cerrado"
    cierre = mundo.repo.eventos[caso.folio][-1]
    assert cierre.tipo == "caso_cerrado" and cierre.autor == "cliente"
    assert cierre.datos == {"resuelto": True, "ronda": 2, "via": "whatsapp"}
    assert cierre.notificar["plantilla"] == "encuesta"
    assert mundo.salida.textos == [("+5217771234567", GRACIAS)]


def test_no_sigue_el_problema_reabre_y_sin_folio_vale_para_el_resuelto_del_numero():
    mundo = Mundo()
    caso = mundo.caso(estado="resuelto", ronda=1)
    r, _ = _procesar(
        mundo,
        {
            "type": "interactive",
            "interactive": {"type": "button_reply", "button_reply": {"id": "sigue", "title": "No, sigue el problema"}},
        },
    )
    assert r.accion == "reabierto" and mundo.repo.casos[caso.folio].estado == "reabierto"
    assert mundo.repo.eventos[caso.folio][-1].datos["via"] == "whatsapp"


def test_un_boton_de_otra_ronda_o_ya_contestado_no_cambia_nada():
    mundo = Mundo()
    caso = mundo.caso(estado="resuelto", ronda=3)
    r, _ = _procesar(mundo, _boton(f"resuelto:{caso.folio}:2"))
    assert r.accion == "ignorado" and r.motivo == "respuesta_vencida"
    assert mundo.repo.casos[caso.folio].estado == "resuelto" and len(mundo.repo.eventos[caso.folio]) == 1
    _procesar(mundo, _boton(f"sigue:{caso.folio}:3"))
    r, _ = _procesar(mundo, _boton(f"resuelto:{caso.folio}:3"))
    assert r.motivo == "respuesta_vencida" and mundo.repo.casos[caso.folio].estado == "reabierto"


def test_un_boton_con_el_folio_de_otro_numero_no_toca_ese_caso():
    mundo = Mundo()
    ajeno = mundo.caso(telefono="5550001111", estado="resuelto", ronda=1)
    r, _ = _procesar(mundo, _boton(f"resuelto:{ajeno.folio}:1"))
    assert r.accion == "ignorado" and r.motivo == "respuesta_ajena"
    assert mundo.repo.casos[ajeno.folio].estado == "resuelto"


# ---------------------------------------------------------------- sin caso abierto, desconocidos, no soportados


def test_sin_caso_abierto_recibe_la_plantilla_una_vez_al_dia():
    mundo = Mundo()
    mundo.caso(estado="cerrado")
    r, _ = _procesar(mundo, _texto("Hola, ¿me ayudan?"))
    assert r.accion == "sin_caso" and r.motivo == "plantilla"
    ((destino, nombre, parametros),) = mundo.salida.plantillas
    assert destino == "+5217771234567" and nombre == "sin_caso_abierto"
    assert parametros["enlace"] == "https://atencion.bluepoint.mx/seguimiento.html"
    assert "767 672 0827" in parametros["telefonos"] and parametros["horario"][0].islower()
    r, _ = _procesar(mundo, _texto("¿Hola?"), ahora=AHORA + timedelta(hours=1))
    assert r.motivo == "ya_avisado_hoy" and len(mundo.salida.plantillas) == 1
    _procesar(mundo, _texto("Otra vez"), ahora=AHORA + timedelta(days=1))
    assert len(mundo.salida.plantillas) == 2


def test_si_la_plantilla_falla_no_queda_marcada_y_el_reintento_la_envia():
    mundo = Mundo(falla_salida=True)
    ev = evento(entrada_mensaje("5217771234567", _texto("Hola")))
    with pytest.raises(ConnectionError):
        mundo.entregar(ev)
    mundo.salida.falla = False
    assert mundo.entregar(ev)[0]["accion"] == "sin_caso" and len(mundo.salida.plantillas) == 1


def test_un_remitente_no_mexicano_se_ignora_sin_buscar_ni_contestar():
    mundo = Mundo()
    r = mundo.recibir(_texto("hello"), de="14155550123")
    assert r[0]["accion"] == "ignorado" and r[0]["motivo"] == "remitente_desconocido"
    assert not mundo.indice.consultas and not mundo.salida.plantillas and not mundo.marcas.marcas


@pytest.mark.parametrize(
    "mensaje",
    [
        {"type": "audio", "audio": {"id": "123", "mime_type": "audio/ogg"}},
        {"type": "sticker", "sticker": {"id": "9"}},
        {"type": "location", "location": {"latitude": 19.4, "longitude": -99.1}},
        {"type": "text", "text": {"body": "   "}},
        {"type": "image", "image": {"id": "no/valido", "mime_type": "image/jpeg"}},
        {"type": "unsupported", "errors": [{"code": 131051}]},
    ],
)
def test_tipos_no_soportados_no_tocan_el_caso_y_se_le_dice_al_cliente(mensaje):
    mundo = Mundo()
    caso = mundo.caso()
    r = mundo.recibir(mensaje)
    assert r[0]["accion"] == "no_soportado"
    assert len(mundo.repo.eventos[caso.folio]) == 1
    assert len(mundo.salida.textos) == 1 and "sólo recibimos" in mundo.salida.textos[0][1]


def test_una_reaccion_no_toca_el_caso_ni_se_contesta():
    mundo = Mundo()
    caso = mundo.caso()
    r = mundo.recibir({"type": "reaction", "reaction": {"message_id": "wamid.nuestro", "emoji": "👍"}})
    assert r[0]["accion"] == "ignorado" and r[0]["motivo"] == "reaction"
    assert len(mundo.repo.eventos[caso.folio]) == 1
    assert not mundo.salida.textos and not mundo.salida.plantillas


def test_el_mensaje_guarda_cuando_lo_escribio_el_cliente_segun_meta():
    mundo = Mundo()
    caso = mundo.caso()
    mundo.recibir({**_texto("sigue sin internet"), "timestamp": "1764000000"})
    (mensaje,) = [e for e in mundo.repo.eventos[caso.folio] if e.tipo == "mensaje_cliente"]
    assert mensaje.datos["escrito"] == "2025-11-24T16:00:00+00:00"


# ---------------------------------------------------------------- archivos


def test_una_foto_baja_al_bucket_se_revisa_por_sus_bytes_y_queda_en_revision_antivirus():
    mundo = Mundo(medios={"4490709327384033": JPEG})
    caso = mundo.caso()
    r, _ = _procesar(
        mundo, {"type": "image", "image": {"id": "4490709327384033", "mime_type": "image/jpeg", "caption": "El módem"}}
    )
    assert r.accion == "anexado"
    ((id_medio, prefijo, numero),) = mundo.medios.pedidos
    assert id_medio == "4490709327384033" and prefijo == f"subidas/{caso.folio}/wa-" and numero == ARN_NUMERO
    (adjunto,) = mundo.adjuntos.adjuntos
    assert adjunto.estado == "revisando" and adjunto.canal == "whatsapp" and adjunto.tipo_contenido == "image/jpeg"
    assert adjunto.llave in mundo.almacen.objetos and f"{prefijo}{id_medio}" not in mundo.almacen.objetos
    mensaje = mundo.repo.eventos[caso.folio][1]
    assert mensaje.descripcion == "El módem" and mensaje.datos["adjuntos"][0]["id"] == adjunto.id
    assert adjunto.mensaje == mensaje.id


def test_un_documento_que_no_es_pdf_por_sus_bytes_se_borra_y_se_anota_rechazado():
    mundo = Mundo(medios={"777": EXE})
    caso = mundo.caso()
    r, _ = _procesar(
        mundo, {"type": "document", "document": {"id": "777", "mime_type": "application/pdf", "filename": "recibo.pdf"}}
    )
    assert r.accion == "anexado" and not mundo.adjuntos.adjuntos
    assert mundo.almacen.borrados == [f"subidas/{caso.folio}/wa-777"] and not mundo.almacen.objetos
    mensaje = mundo.repo.eventos[caso.folio][1]
    assert mensaje.descripcion == "Nos enviaste un archivo por WhatsApp que no pudimos recibir."
    assert mensaje.datos["adjuntos_rechazados"][0]["nombre"] == "recibo.pdf"
    assert "recibo.pdf" in mundo.salida.textos[0][1]


def test_un_medio_vencido_en_meta_se_anota_sin_archivo():
    mundo = Mundo(medios={})
    caso = mundo.caso()
    _procesar(mundo, {"type": "document", "document": {"id": "888", "mime_type": "application/pdf"}})
    mensaje = mundo.repo.eventos[caso.folio][1]
    assert mensaje.datos["adjuntos_rechazados"][0]["motivo"] == "WhatsApp ya no tiene el archivo"


def test_si_el_mensaje_no_se_escribe_el_archivo_no_queda_huerfano():
    mundo = Mundo(medios={"555": PDF})
    mundo.caso()
    mundo.adjuntos.falla = True
    with pytest.raises(ConnectionError):
        _procesar(mundo, {"type": "document", "document": {"id": "555", "mime_type": "application/pdf"}})
    assert not mundo.almacen.objetos


# ---------------------------------------------------------------- el handler


def test_el_handler_entrega_los_estados_a_wa_salida_y_descarta_lo_que_no_entiende():
    mundo = Mundo()
    entregados: list = []
    entrada = entrada_mensaje("5217771234567", _texto("hola"))
    entrada["changes"][0]["value"]["messages"] = []
    estado = {"id": "wamid.S", "status": "read", "timestamp": "1764600000", "recipient_id": "5217771234567"}
    entrada["changes"][0]["value"]["statuses"] = [estado]
    ev = evento(entrada)
    ev["Records"] += [
        {"EventSource": "aws:sns", "Sns": {"Message": "{roto"}},
        {"EventSource": "aws:sqs", "body": "x"},
        {"EventSource": "aws:sns", "Sns": "no soy un objeto"},
        {"EventSource": "aws:sns"},
        "no soy un registro",
    ]
    r = atender(ev, lambda: mundo.puertos, lambda: lambda e, ids: entregados.append((e, ids)))
    assert entregados == [([estado], [ARN_NUMERO])]
    assert r["resultados"] == [
        {"accion": "descartado", "motivo": "sobre_json_invalido"},
        {"accion": "descartado", "motivo": "sobre_ausente"},
        {"accion": "descartado", "motivo": "sobre_ausente"},
    ]


@pytest.mark.parametrize("evento_malo", [{}, {"Records": "x"}, {"Records": None}, {"Records": [None, 3]}, []])
def test_un_evento_que_no_es_de_sns_no_da_excepcion(evento_malo):
    mundo = Mundo()
    assert atender(evento_malo, lambda: mundo.puertos, lambda: None) == {"resultados": []}


def test_estados_y_mensajes_del_mismo_evento_se_atienden_los_dos():
    mundo = Mundo()
    caso = mundo.caso()
    entregados: list = []
    entrada = entrada_mensaje("5217771234567", _texto("hola"))
    entrada["changes"][0]["value"]["statuses"] = [{"id": "wamid.S", "status": "sent"}]
    r = atender(evento(entrada), lambda: mundo.puertos, lambda: lambda e, ids: entregados.append(e))
    assert r["resultados"][0]["accion"] == "anexado" and r["resultados"][0]["folio"] == caso.folio
    assert entregados == [[{"id": "wamid.S", "status": "sent"}]]


def test_sin_estados_no_se_carga_el_modulo_de_wa_salida():
    mundo = Mundo()
    mundo.caso()

    def no_cargar():
        raise AssertionError("no hacía falta")

    r = atender(evento(entrada_mensaje("5217771234567", _texto("hola"))), lambda: mundo.puertos, no_cargar)
    assert r["resultados"][0]["accion"] == "anexado"


def test_un_pdf_sin_leyenda_queda_con_su_nombre_y_el_historial_dice_que_llego():
    mundo = Mundo(medios={"555": PDF})
    caso = mundo.caso()
    documento = {"id": "555", "mime_type": "application/pdf", "filename": "recibo de luz.pdf"}
    r, _ = _procesar(mundo, {"type": "document", "document": documento})
    assert r.accion == "anexado"
    (adjunto,) = mundo.adjuntos.adjuntos
    assert adjunto.nombre == "recibo de luz.pdf" and adjunto.tipo_contenido == "application/pdf"
    assert mundo.repo.eventos[caso.folio][1].descripcion == "Nos enviaste un documento por WhatsApp."


class AdjuntosConCarrera(AdjuntosFalsos):
    """Otro mensaje del mismo cliente escribe el caso justo antes que éste, `carreras` veces."""

    def __init__(self, repo, carreras: int) -> None:
        super().__init__(repo)
        self.carreras = carreras
        self.intentos = 0

    def anexar_mensaje(self, caso, version_leida, eventos, adjuntos, limite=None) -> None:
        self.intentos += 1
        if self.carreras:
            self.carreras -= 1
            actual = self.repo.casos[caso.folio]
            self.repo.casos[caso.folio] = replace(actual, version=actual.version + 1)
        super().anexar_mensaje(caso, version_leida, eventos, adjuntos, limite)


def test_si_otro_mensaje_cambio_el_caso_se_relee_y_se_anexa_sin_esperar_a_lambda():
    mundo = Mundo(medios={"4490709327384033": JPEG})
    caso = mundo.caso()
    mundo.adjuntos = AdjuntosConCarrera(mundo.repo, carreras=2)
    mundo.puertos = replace(mundo.puertos, adjuntos=mundo.adjuntos)
    r, _ = _procesar(mundo, {"type": "image", "image": {"id": "4490709327384033", "mime_type": "image/jpeg"}})
    assert r.accion == "anexado" and mundo.adjuntos.intentos == 3
    assert [e.tipo for e in mundo.repo.eventos[caso.folio]].count("mensaje_cliente") == 1
    # La foto de los intentos fallidos se borró y se bajó otra vez: queda una, la del mensaje escrito.
    (adjunto,) = mundo.adjuntos.adjuntos
    assert list(mundo.almacen.objetos) == [adjunto.llave]


def test_si_el_caso_sigue_cambiando_el_error_sube_y_la_marca_se_libera():
    from funciones.nucleo.dominio.errores import Conflicto

    mundo = Mundo()
    mundo.caso()
    mundo.adjuntos = AdjuntosConCarrera(mundo.repo, carreras=5)
    mundo.puertos = replace(mundo.puertos, adjuntos=mundo.adjuntos)
    with pytest.raises(Conflicto):
        _procesar(mundo, _texto("hola"))
    assert mundo.adjuntos.intentos == 3 and not mundo.marcas.marcas


def test_un_boton_que_choca_con_otro_cambio_se_reintenta():
    mundo = Mundo()
    caso = mundo.caso(estado="resuelto", ronda=1)
    original = mundo.repo.actualizar
    carreras = [1]

    def actualizar_con_carrera(nuevo, version_leida, eventos):
        if carreras[0]:
            carreras[0] -= 1
            actual = mundo.repo.casos[nuevo.folio]
            mundo.repo.casos[nuevo.folio] = replace(actual, version=actual.version + 1)
        original(nuevo, version_leida, eventos)

    mundo.repo.actualizar = actualizar_con_carrera
    r, _ = _procesar(mundo, _boton(f"resuelto:{caso.folio}:1"))
    assert r.accion == "confirmado" and mundo.repo.casos[caso.folio].estado == "cerrado"


# ---------------------------------------------------------------- propiedad: nada de lo que llegue rompe la lectura


_HOJAS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
_JSON = st.recursive(
    _HOJAS, lambda hijos: st.lists(hijos, max_size=4) | st.dictionaries(st.text(max_size=12), hijos, max_size=4)
)
_CLAVES = st.sampled_from(
    [
        "id",
        "from",
        "type",
        "text",
        "body",
        "button",
        "payload",
        "interactive",
        "image",
        "document",
        "messages",
        "statuses",
        "changes",
        "value",
        "field",
        "metadata",
        "context",
    ]
)
# Estructuras con las claves de Meta y valores de cualquier tipo: llegan más hondo que un JSON al azar.
_META = st.recursive(
    _HOJAS, lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(_CLAVES, hijos, max_size=5), max_leaves=25
)


@settings(max_examples=300, deadline=None)
@given(entrada=_META | _JSON, contexto=_JSON)
def test_cualquier_entrada_da_mensajes_o_entrada_invalida_y_nunca_otra_excepcion(entrada, contexto):
    sobre = {"context": contexto, "whatsAppWebhookEntry": json.dumps(entrada), "messageId": "x"}
    try:
        leido = leer_evento(json.dumps(sobre))
    except EntradaInvalida as e:
        assert e.motivo
        return
    for m in leido.mensajes:
        assert m.id and m.de and (m.telefono is None or len(m.telefono) == 10)
        assert isinstance(m.soportado, bool) and m.destino.startswith("+")


def test_la_misma_entrega_a_la_vez_la_atiende_una_sola_ejecucion_sin_error():
    mundo = Mundo()
    caso = mundo.caso()
    (leido,) = leer_evento(json.dumps(sobre_aws(entrada_mensaje("5217771234567", _texto("Hola"))))).mensajes
    # La otra ejecución ya tiene la reserva (vigente): ésta no duplica ni falla.
    from funciones.nucleo.dominio.whatsapp_entrante import id_evento

    mundo.marcas.reservar(f"WHATSAPP#{leido.id}", id_evento(leido.id, "recibido"), AHORA, 120)
    r = procesar(leido, mundo.puertos, AHORA)
    assert (r.accion, r.motivo) == ("repetido", "en_curso")
    assert len(mundo.repo.eventos[caso.folio]) == 1
