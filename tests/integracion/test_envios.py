"""La marca de envío contra DynamoDB (moto): reservar, tomar una reserva caducada, nunca una vigente, confirmar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from funciones.notificaciones.logica import entregar
from funciones.notificaciones.plantillas import ContextoEnvio
from funciones.nucleo.adaptadores.dynamodb import EnviosDynamo
from funciones.nucleo.dominio.caso import Evento
from funciones.nucleo.dominio.errores import EnvioEnCurso
from infraestructura.local import recursos
from tests.unidad.fakes import CorreoFalso, SmsFalso

T0 = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
RESERVA_S = 120
FOLIO = "1234567890"
PK = f"CASO#{FOLIO}"


def _envios(aws) -> EnviosDynamo:
    return EnviosDynamo(recursos.TABLA, aws.dynamodb)


def _marca(aws, evento_id: str = "ev1") -> dict | None:
    r = aws.dynamodb.get_item(
        TableName=recursos.TABLA, Key={"pk": {"S": f"CASO#{FOLIO}"}, "sk": {"S": f"ENVIO#{evento_id}"}}
    )
    return r.get("Item")


def _entrega(evento_id: str = "ev1") -> Evento:
    return Evento(
        folio=FOLIO,
        fecha=T0,
        tipo="notificacion_enviada",
        descripcion="Te enviamos el folio.",
        datos={"evento_origen": evento_id},
    )


def test_una_reserva_vigente_no_se_toma_hasta_que_caduca(aws):
    envios = _envios(aws)
    primera = envios.reservar(PK, "ev1", T0, RESERVA_S)
    # 8 bytes aleatorios en hexadecimal.
    assert len(primera) == 16 and int(primera, 16) >= 0 and _marca(aws)["reserva"]["S"] == primera
    assert _marca(aws)["vence_reserva"]["S"] == (T0 + timedelta(seconds=RESERVA_S)).isoformat()
    # Otra ejecución, mientras la reserva sigue vigente (hasta el último instante): EnvioEnCurso, la marca intacta.
    for despues in (0, 1, RESERVA_S - 1, RESERVA_S):
        with pytest.raises(EnvioEnCurso) as e:
            envios.reservar(PK, "ev1", T0 + timedelta(seconds=despues), RESERVA_S)
        assert e.value.args == ("ev1",)
        assert _marca(aws)["reserva"]["S"] == primera
    # Caducada sin confirmarse (la otra ejecución murió): se toma con una reserva nueva.
    segunda = envios.reservar(PK, "ev1", T0 + timedelta(seconds=RESERVA_S + 1), RESERVA_S)
    assert segunda and segunda != primera and _marca(aws)["reserva"]["S"] == segunda
    # La reserva es por evento: otro evento del mismo caso se reserva aparte.
    assert envios.reservar(PK, "ev2", T0, RESERVA_S)


def test_enviado_no_se_vuelve_a_reservar_nunca(aws):
    envios = _envios(aws)
    reserva = envios.reservar(PK, "ev1", T0, RESERVA_S)
    envios.confirmar(PK, "ev1", reserva, _entrega())
    marca = _marca(aws)
    assert marca["estado"]["S"] == "enviado" and "vence_reserva" not in marca
    assert marca["entrega"]["M"]["tipo"]["S"] == "notificacion_enviada"
    # La entrega dentro de la marca no repite su llave (pk, sk): la marca ya la tiene.
    assert "pk" not in marca["entrega"]["M"] and "sk" not in marca["entrega"]["M"]
    for despues in (timedelta(0), timedelta(days=400)):
        assert envios.reservar(PK, "ev1", T0 + despues, RESERVA_S) is None
    assert _marca(aws) == marca


def test_solo_quien_tiene_la_reserva_confirma_o_libera(aws):
    envios = _envios(aws)
    vieja = envios.reservar(PK, "ev1", T0, RESERVA_S)
    nueva = envios.reservar(PK, "ev1", T0 + timedelta(seconds=RESERVA_S + 1), RESERVA_S)
    # La ejecución que perdió su reserva no la libera ni la confirma.
    envios.liberar(PK, "ev1", vieja)
    assert _marca(aws)["reserva"]["S"] == nueva
    with pytest.raises(ClientError):
        envios.confirmar(PK, "ev1", vieja, _entrega())
    assert _marca(aws)["estado"]["S"] == "reservado"
    # Quien la tiene la libera (p. ej. SES falló) y el reintento reserva de nuevo sin esperar.
    envios.liberar(PK, "ev1", nueva)
    assert _marca(aws) is None
    assert envios.reservar(PK, "ev1", T0 + timedelta(seconds=RESERVA_S + 2), RESERVA_S)


def test_enviado_no_se_libera(aws):
    envios = _envios(aws)
    reserva = envios.reservar(PK, "ev1", T0, RESERVA_S)
    envios.confirmar(PK, "ev1", reserva, _entrega())
    envios.liberar(PK, "ev1", reserva)
    assert _marca(aws)["estado"]["S"] == "enviado"


def test_entregar_con_una_reserva_vigente_de_otra_ejecucion_no_envia(aws):
    envios = _envios(aws)
    evento = Evento(
        folio=FOLIO,
        fecha=T0,
        tipo="caso_registrado",
        descripcion="Registramos tu caso.",
        notificar={"medio": "sms", "plantilla": "folio", "destino": "+525512345678", "datos": {"folio": FOLIO}},
    )
    otra = envios.reservar(PK, evento.id, T0, RESERVA_S)
    sms = SmsFalso()
    ctx = ContextoEnvio(url_sitio="https://atencion.bluepoint.mx", ahora=T0 + timedelta(seconds=5))
    with pytest.raises(EnvioEnCurso):
        entregar(evento, envios, CorreoFalso(), sms, ctx, RESERVA_S)
    assert sms.enviados == [] and _marca(aws, evento.id)["reserva"]["S"] == otra


class Limitado:
    """Un cliente de DynamoDB que responde que está limitado (throttling) a todo."""

    def _error(self, operacion: str, **_: object):
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "lento"}}, operacion)

    def put_item(self, **kw):
        self._error("PutItem")

    def update_item(self, **kw):
        self._error("UpdateItem")

    def delete_item(self, **kw):
        self._error("DeleteItem")


def test_la_limitacion_de_dynamodb_es_servicio_no_disponible():
    from funciones.nucleo.dominio.errores import ServicioNoDisponible

    envios = EnviosDynamo(recursos.TABLA, Limitado())
    with pytest.raises(ServicioNoDisponible):
        envios.reservar(PK, "ev1", T0, RESERVA_S)
    with pytest.raises(ServicioNoDisponible):
        envios.confirmar(PK, "ev1", "r", _entrega())
    with pytest.raises(ServicioNoDisponible):
        envios.liberar(PK, "ev1", "r")
