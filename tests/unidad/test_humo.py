"""`make humo`: la prueba de alarma y las esperas, sobre dobles (sin red)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from infraestructura import humo

TEMA = "arn:aws:sns:us-east-1:123456789012:operacion"
_reloj = itertools.count()


class CloudWatchDoble:
    """Como CloudWatch: un cambio de estado ejecuta las acciones de ese estado y deja su historia."""

    def __init__(self, estado: str = "OK", acciones: tuple[str, ...] = (TEMA,), falla: str | None = None) -> None:
        self.estado, self.acciones, self.falla = estado, list(acciones), falla
        self.historia: list[dict[str, Any]] = []
        self.cambios: list[str] = []

    def describe_alarms(self, AlarmNames: list[str]) -> dict[str, Any]:
        return {
            "MetricAlarms": [
                {
                    "AlarmName": AlarmNames[0],
                    "StateValue": self.estado,
                    "AlarmActions": self.acciones,
                    "OKActions": self.acciones,
                }
            ]
        }

    def set_alarm_state(self, AlarmName: str, StateValue: str, StateReason: str) -> None:
        self.cambios.append(StateValue)
        if StateValue == self.estado:
            return
        self.estado = StateValue
        for arn in self.acciones:
            resumen = (
                f"Failed to execute action {arn}. Received error: {self.falla}"
                if self.falla
                else f"Successfully executed action {arn}"
            )
            momento = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=next(_reloj))
            self.historia.append({"Timestamp": momento, "HistoryItemType": "Action", "HistorySummary": resumen})

    def describe_alarm_history(self, **_: Any) -> dict[str, Any]:
        return {"AlarmHistoryItems": list(self.historia)}


def destino(cw: CloudWatchDoble) -> humo.DestinoAlarma:
    return humo.DestinoAlarma(cw, "Errores5xxApi", "doble")


def test_la_alarma_pasa_a_alarm_ejecuta_su_accion_y_vuelve_a_ok():
    cw = CloudWatchDoble()
    cw.historia.append({"Timestamp": datetime(2025, 1, 1, tzinfo=UTC), "HistorySummary": "Successfully executed x"})
    assert humo.probar_alarma(destino(cw), espera_s=1, intervalo_s=0.01) == "Errores5xxApi"
    assert cw.cambios == ["ALARM", "OK"] and cw.estado == "OK"


def test_una_accion_que_falla_se_informa_y_la_alarma_vuelve_a_ok():
    # Justo el defecto 1 del issue: el tema no deja publicar a CloudWatch.
    cw = CloudWatchDoble(falla="not authorized to perform: SNS:Publish")
    with pytest.raises(humo.FalloHumo) as error:
        humo.probar_alarma(destino(cw), espera_s=1, intervalo_s=0.01)
    assert "acción de ALARM" in str(error.value) and "SNS:Publish" in str(error.value) and TEMA in str(error.value)
    assert cw.cambios == ["ALARM", "OK"] and cw.estado == "OK"


def test_sin_historia_de_la_accion_se_agota_la_espera():
    cw = CloudWatchDoble()
    cw.describe_alarm_history = lambda **_: {"AlarmHistoryItems": []}
    with pytest.raises(humo.FalloHumo, match="no registró la acción de ALARM"):
        humo.probar_alarma(destino(cw), espera_s=0.05, intervalo_s=0.01)
    assert cw.estado == "OK"


def test_una_alarma_ya_en_alarm_no_se_toca():
    cw = CloudWatchDoble(estado="ALARM")
    with pytest.raises(humo.FalloHumo, match="incidente real"):
        humo.probar_alarma(destino(cw), espera_s=1, intervalo_s=0.01)
    assert cw.cambios == []


def test_una_alarma_sin_accion_de_sns_falla_sin_tocarla():
    cw = CloudWatchDoble(acciones=())
    with pytest.raises(humo.FalloHumo, match="acción de SNS"):
        humo.probar_alarma(destino(cw), espera_s=1, intervalo_s=0.01)
    assert cw.cambios == []


class CloudFormationDoble:
    def __init__(self, salidas: dict[str, str]) -> None:
        self.salidas = salidas

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        return {"Stacks": [{"Outputs": [{"OutputKey": k, "OutputValue": v} for k, v in self.salidas.items()]}]}


class SesionDoble:
    region_name = "us-east-1"

    def __init__(self, salidas: dict[str, str]) -> None:
        self.cloudformation = CloudFormationDoble(salidas)
        self.cloudwatch = CloudWatchDoble()

    def client(self, servicio: str) -> Any:
        return getattr(self, servicio)


SALIDAS = {"UrlSitio": "https://d1.cloudfront.net", "UrlApi": "https://x.execute-api.us-east-1.amazonaws.com/v1/"}


def test_en_aws_la_alarma_sale_de_la_pila_de_esa_url():
    sesion = SesionDoble({**SALIDAS, "AlarmaPrueba": "BluePointAtencion-Errores5xxApi-ABC"})
    assert humo.destino_aws("https://d1.cloudfront.net/", "BluePointAtencion", sesion).alarma.endswith("-ABC")
    assert humo.destino_aws("https://x.execute-api.us-east-1.amazonaws.com/v1", "BluePointAtencion", sesion)


def test_en_aws_una_url_de_otra_pila_o_sin_la_salida_falla():
    sesion = SesionDoble({**SALIDAS, "AlarmaPrueba": "a"})
    with pytest.raises(humo.FalloHumo, match="no es la UrlSitio ni la UrlApi"):
        humo.destino_aws("https://otra.cloudfront.net", "BluePointAtencion", sesion)
    with pytest.raises(humo.FalloHumo, match="AlarmaPrueba"):
        humo.destino_aws("https://d1.cloudfront.net", "BluePointAtencion", SesionDoble(SALIDAS))


class HttpDoble:
    """Responde a POST /api/consultas con el historial que se le dé."""

    def __init__(self, historiales: list[list[dict[str, str]]]) -> None:
        self.historiales = historiales

    def pedir(self, metodo: str, camino: str, cuerpo: Any = None, cabeceras: Any = None) -> humo.RespuestaHttp:
        historial = self.historiales.pop(0) if len(self.historiales) > 1 else self.historiales[0]
        return humo.RespuestaHttp(200, {"folio": cuerpo["folio"], "estado": "registrado", "historial": historial})


CASO = {"folio": "1234567890", "estado": "registrado", "fecha_registro": "2026-01-05T15:00:00.000001Z"}
REGISTRO = {"fecha": "2026-01-05T15:00:00.000001Z", "descripcion": "Registramos tu duda."}
ENVIO = {"fecha": "2026-01-05T15:00:00.2Z", "descripcion": "Te enviamos el folio."}


def test_el_envio_del_folio_es_una_entrada_posterior_al_registro():
    http = HttpDoble([[REGISTRO], [REGISTRO], [ENVIO, REGISTRO]])
    assert humo.esperar_envio_folio(http, CASO, espera_s=1, intervalo_s=0.01) == 2


def test_sin_envio_del_folio_se_agota_la_espera():
    with pytest.raises(humo.FalloHumo, match="no sumó el envío del folio"):
        humo.esperar_envio_folio(HttpDoble([[REGISTRO]]), CASO, espera_s=0.05, intervalo_s=0.01)


def test_un_error_de_la_api_dice_codigo_y_campos_sin_el_cuerpo():
    respuesta = humo.RespuestaHttp(
        400,
        {"error": {"codigo": "datos_invalidos", "mensaje": "Revisa.", "campos": [{"campo": "correo", "mensaje": "x"}]}},
    )
    with pytest.raises(humo.FalloHumo) as error:
        humo._esperado(respuesta, 201, "POST /api/casos")
    assert (
        str(error.value) == "POST /api/casos respondió 400, se esperaba 201: datos_invalidos · Revisa. (campos: correo)"
    )


def test_el_alta_de_prueba_usa_el_simulador_y_un_tipo_sin_contrato():
    catalogo = {
        "aviso_privacidad": {"version": "2026-11"},
        "tipos": [
            {"clave": "queja", "requiere_contrato": True, "categorias": [{"clave": "servicio"}]},
            {"clave": "duda", "requiere_contrato": False, "categorias": [{"clave": "paquetes"}, {"clave": "otra"}]},
        ],
    }
    cuerpo = humo.solicitud_alta(catalogo)
    assert (cuerpo["tipo"], cuerpo["categoria"], cuerpo["correo"]) == ("duda", "paquetes", humo.CORREO_SIMULADOR)
    assert cuerpo["medio_notificacion"] == "correo" and cuerpo["aviso_privacidad"] == "2026-11"
