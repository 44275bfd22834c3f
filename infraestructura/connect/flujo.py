"""El flujo de contacto de Amazon Connect (Flow language), generado de un solo lugar.

`python -m infraestructura.connect.flujo` reescribe `flujo.json` (una prueba exige que esté al día). Los ARN van como
`${FuncionIvr}`, `${Cola}` y `${Horario}`: la pila los sustituye con Fn::Sub al desplegar. Los textos del horario
salen del mismo calendario de negocio que los plazos (funciones/nucleo/dominio/calendario.py).

La función `ivr` responde un mapa plano (`resultado`, `mensaje` en SSML, y `folio`, `intentos_restantes` cuando
aplica); el flujo se ramifica sólo por `resultado` y reproduce `mensaje` tal cual.
"""

from __future__ import annotations

import json
import sys
from datetime import time
from pathlib import Path
from typing import Any

from funciones.nucleo.dominio import calendario

ARCHIVO = Path(__file__).with_name("flujo.json")
VERSION_FLUJO = "2019-10-30"
# Voz neural de Amazon Polly para español de México.
VOZ = "Mia"
MOTOR_VOZ = "Neural"
# Lo que espera Connect a la función (máximo 8 s) y al primer dígito.
ESPERA_FUNCION_S = "8"
ESPERA_DIGITOS_S = "8"
DIGITOS_FOLIO = 10
DIGITOS_CONTRATO = 12
TECLA_FIN = "#"
# Lo que responde la función (el contrato con la sesión ivr, notas/comun.md) y lo que hace el flujo con cada uno.
RESULTADOS = (
    "encontrado",
    "folio_invalido",
    "pide_contrato",
    "contrato_incorrecto",
    "bloqueado",
    "fuera_de_servicio",
)
# Atributos de contacto: el folio que se marcó (para la segunda consulta, con el contrato) y el folio confirmado,
# que la consola lee al llegar la llamada al asesor (screen pop).
ATRIBUTO_MARCADO = "folio_marcado"
ATRIBUTO_FOLIO = "folio"
SUSTITUCIONES = ("FuncionIvr", "Cola", "Horario")

_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_HORAS = ("doce", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once")


def hora_hablada(t: time) -> str:
    """08:30 → "ocho y media de la mañana"; 18:30 → "seis y media de la tarde" (como se dice por teléfono)."""
    if t.minute == 0:
        minutos = ""
    elif t.minute == 15:
        minutos = " y cuarto"
    elif t.minute == 30:
        minutos = " y media"
    else:
        minutos = f" y {t.minute}"
    parte = "de la mañana" if t.hour < 12 else "de la tarde" if t.hour < 20 else "de la noche"
    return f"{_HORAS[t.hour % 12]}{minutos} {parte}"


def dias_hablados() -> str:
    """Los días de atención del calendario: "de lunes a sábado" si son seguidos; si no, uno por uno."""
    dias = sorted(calendario.DIAS_ATENCION)
    if dias == list(range(dias[0], dias[-1] + 1)) and len(dias) > 2:
        return f"de {_DIAS[dias[0]]} a {_DIAS[dias[-1]]}"
    nombres = [_DIAS[d] for d in dias]
    return "los " + (", ".join(nombres[:-1]) + " y " + nombres[-1] if len(nombres) > 1 else nombres[0])


def horario_hablado() -> str:
    return (
        f"{dias_hablados()}, de {hora_hablada(calendario.APERTURA)} a {hora_hablada(calendario.CIERRE)}, "
        "hora del centro de México"
    )


def _ssml(texto: str) -> str:
    return f"<speak>{texto}</speak>"


def _errores(destino: str, *tipos: str) -> list[dict[str, str]]:
    return [{"NextAction": destino, "ErrorType": tipo} for tipo in (*tipos, "NoMatchingError")]


def _condicion(valor: str, destino: str) -> dict[str, Any]:
    return {"NextAction": destino, "Condition": {"Operator": "Equals", "Operands": [valor]}}


def _mensaje(ident: str, ssml: str, siguiente: str) -> dict[str, Any]:
    """Reproduce SSML (fijo, o `$.External.mensaje`, el de la función)."""
    return {
        "Identifier": ident,
        "Type": "MessageParticipant",
        "Parameters": {"SSML": ssml},
        "Transitions": {"NextAction": siguiente, "Errors": _errores(siguiente)},
    }


def _menu(ident: str, ssml: str, opciones: dict[str, str], sin_opcion: str, invalida: str) -> dict[str, Any]:
    """Un dígito del teclado: cada opción a su destino; sin respuesta o tecla sin opción, a los suyos."""
    return {
        "Identifier": ident,
        "Type": "GetParticipantInput",
        "Parameters": {"SSML": ssml, "StoreInput": "False", "InputTimeLimitSeconds": ESPERA_DIGITOS_S},
        "Transitions": {
            "NextAction": invalida,
            "Conditions": [_condicion(tecla, destino) for tecla, destino in opciones.items()],
            "Errors": [
                {"NextAction": sin_opcion, "ErrorType": "InputTimeLimitExceeded"},
                {"NextAction": invalida, "ErrorType": "NoMatchingCondition"},
                {"NextAction": sin_opcion, "ErrorType": "NoMatchingError"},
            ],
        },
    }


def _digitos(ident: str, ssml: str, maximo: int, siguiente: str, error: str) -> dict[str, Any]:
    """Varios dígitos, guardados en `$.StoredCustomerInput` (sin respuesta, Connect guarda «Timeout»)."""
    return {
        "Identifier": ident,
        "Type": "GetParticipantInput",
        "Parameters": {
            "SSML": ssml,
            "StoreInput": "True",
            "InputTimeLimitSeconds": ESPERA_DIGITOS_S,
            "InputValidation": {"CustomValidation": {"MaximumLength": str(maximo)}},
            "DTMFConfiguration": {"InputTerminationSequence": TECLA_FIN, "DisableCancelKey": "False"},
        },
        "Transitions": {"NextAction": siguiente, "Errors": _errores(error)},
    }


def _si_calla(ident: str, silencio: str, siguiente: str) -> dict[str, Any]:
    """Tras pedir dígitos: si no marcó nada (Connect guarda «Timeout»), fuera del ciclo; si marcó, sigue."""
    return {
        "Identifier": ident,
        "Type": "Compare",
        "Parameters": {"ComparisonValue": "$.StoredCustomerInput"},
        "Transitions": {
            "NextAction": siguiente,
            "Conditions": [_condicion("Timeout", silencio)],
            "Errors": [{"NextAction": siguiente, "ErrorType": "NoMatchingCondition"}],
        },
    }


def _consulta(ident: str, parametros: dict[str, str], siguiente: str, error: str) -> dict[str, Any]:
    return {
        "Identifier": ident,
        "Type": "InvokeLambdaFunction",
        "Parameters": {
            "LambdaFunctionARN": "${FuncionIvr}",
            "InvocationTimeLimitSeconds": ESPERA_FUNCION_S,
            "InvocationType": "SYNCHRONOUS",
            "LambdaInvocationAttributes": parametros,
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        },
        "Transitions": {"NextAction": siguiente, "Errors": _errores(error)},
    }


def _atributos(ident: str, atributos: dict[str, str], siguiente: str, error: str) -> dict[str, Any]:
    return {
        "Identifier": ident,
        "Type": "UpdateContactAttributes",
        "Parameters": {"Attributes": atributos, "TargetContact": "Current"},
        "Transitions": {"NextAction": siguiente, "Errors": _errores(error)},
    }


def flujo() -> dict[str, Any]:
    """El flujo completo: saludo con el horario, menú, consulta de folio con la función ivr y paso a un asesor."""
    horario = horario_hablado()
    mensaje_funcion = "$.External.mensaje"
    acciones: list[dict[str, Any]] = [
        {
            "Identifier": "Voz",
            "Type": "UpdateContactTextToSpeechVoice",
            "Parameters": {"TextToSpeechVoice": VOZ, "TextToSpeechEngine": MOTOR_VOZ},
            "Transitions": {"NextAction": "Saludo", "Errors": _errores("Saludo")},
        },
        _mensaje(
            "Saludo",
            _ssml(
                "Gracias por llamar a Blue Point, atención a clientes. "
                f"Nuestros asesores le atienden {horario}. "
                "La consulta de folios por teléfono está disponible a cualquier hora."
            ),
            "Menu principal",
        ),
        _menu(
            "Menu principal",
            _ssml("Para consultar el avance de un folio, marque 1. Para hablar con un asesor, marque 2."),
            {"1": "Pedir folio", "2": "Horario de asesores"},
            sin_opcion="Sin respuesta",
            invalida="Opcion invalida",
        ),
        _mensaje("Opcion invalida", _ssml("La opción que marcó no existe."), "Menu principal"),
        _mensaje("Sin respuesta", _ssml("No recibimos ninguna opción."), "Despedida"),
        _digitos(
            "Pedir folio",
            _ssml(
                f"Marque los {DIGITOS_FOLIO} dígitos de su folio y, al terminar, la tecla de gato. "
                "Viene en el correo, en el mensaje o en el comprobante de su solicitud."
            ),
            DIGITOS_FOLIO,
            "Marco el folio",
            error="Falla de consulta",
        ),
        _si_calla("Marco el folio", "Sin digitos", "Guardar folio marcado"),
        _mensaje("Sin digitos", _ssml("No recibimos ningún número."), "Menu final"),
        _atributos(
            "Guardar folio marcado",
            {ATRIBUTO_MARCADO: "$.StoredCustomerInput"},
            "Consultar folio",
            error="Falla de consulta",
        ),
        _consulta("Consultar folio", {"folio": f"$.Attributes.{ATRIBUTO_MARCADO}"}, "Resultado", "Falla de consulta"),
        {
            "Identifier": "Resultado",
            "Type": "Compare",
            "Parameters": {"ComparisonValue": "$.External.resultado"},
            "Transitions": {
                "NextAction": "Falla de consulta",
                "Conditions": [
                    _condicion("encontrado", "Anotar folio"),
                    _condicion("folio_invalido", "Folio invalido"),
                    _condicion("pide_contrato", "Pide contrato"),
                    _condicion("contrato_incorrecto", "Contrato incorrecto"),
                    _condicion("bloqueado", "Bloqueado"),
                    _condicion("fuera_de_servicio", "Fuera de servicio"),
                ],
                "Errors": [{"NextAction": "Falla de consulta", "ErrorType": "NoMatchingCondition"}],
            },
        },
        # El folio confirmado queda en el contacto: si luego pide un asesor, la consola abre ese caso.
        _atributos("Anotar folio", {ATRIBUTO_FOLIO: "$.External.folio"}, "Estado del caso", error="Estado del caso"),
        _mensaje("Estado del caso", mensaje_funcion, "Menu final"),
        _mensaje("Folio invalido", mensaje_funcion, "Menu final"),
        _mensaje("Pide contrato", mensaje_funcion, "Pedir contrato"),
        _digitos(
            "Pedir contrato",
            _ssml("Marque su número de contrato y, al terminar, la tecla de gato."),
            DIGITOS_CONTRATO,
            "Marco el contrato",
            error="Falla de consulta",
        ),
        # Sin esto, quien calla repetiría «contrato incorrecto» sin fin si la función no cuenta el silencio.
        _si_calla("Marco el contrato", "Sin digitos", "Consultar contrato"),
        _consulta(
            "Consultar contrato",
            {"folio": f"$.Attributes.{ATRIBUTO_MARCADO}", "contrato": "$.StoredCustomerInput"},
            "Resultado",
            "Falla de consulta",
        ),
        # Cada contrato equivocado vuelve a pedirlo; la función cuenta los intentos y responde «bloqueado».
        _mensaje("Contrato incorrecto", mensaje_funcion, "Pedir contrato"),
        _mensaje("Bloqueado", mensaje_funcion, "Menu final"),
        _mensaje("Fuera de servicio", mensaje_funcion, "Horario de asesores"),
        _mensaje(
            "Falla de consulta",
            _ssml("Por ahora no podemos consultar su folio. Le pedimos una disculpa."),
            "Horario de asesores",
        ),
        _menu(
            "Menu final",
            _ssml(
                "Para consultar un folio, marque 1. Para hablar con un asesor, marque 2. Si ya terminó, puede colgar."
            ),
            {"1": "Pedir folio", "2": "Horario de asesores"},
            sin_opcion="Despedida",
            invalida="Despedida",
        ),
        {
            "Identifier": "Horario de asesores",
            "Type": "CheckHoursOfOperation",
            "Parameters": {"HoursOfOperationId": "${Horario}"},
            "Transitions": {
                "NextAction": "Fuera de horario",
                "Conditions": [_condicion("True", "Cola de asesores"), _condicion("False", "Fuera de horario")],
                "Errors": [{"NextAction": "Fuera de horario", "ErrorType": "NoMatchingError"}],
            },
        },
        _mensaje(
            "Fuera de horario",
            _ssml(
                f"En este momento no hay asesores. Le atendemos {horario}. "
                "Si tiene un folio, puede consultar su avance ahora mismo."
            ),
            "Menu final",
        ),
        {
            "Identifier": "Cola de asesores",
            "Type": "UpdateContactTargetQueue",
            "Parameters": {"QueueId": "${Cola}"},
            "Transitions": {"NextAction": "Aviso de transferencia", "Errors": _errores("Falla de transferencia")},
        },
        _mensaje("Aviso de transferencia", _ssml("En un momento le atiende un asesor."), "Transferir"),
        {
            "Identifier": "Transferir",
            "Type": "TransferContactToQueue",
            "Parameters": {},
            "Transitions": {"Errors": _errores("Falla de transferencia", "QueueAtCapacity")},
        },
        _mensaje(
            "Falla de transferencia",
            _ssml("Todos nuestros asesores están ocupados. Por favor llame de nuevo en unos minutos."),
            "Despedida",
        ),
        _mensaje("Despedida", _ssml("Gracias por llamar a Blue Point. Hasta luego."), "Colgar"),
        {"Identifier": "Colgar", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ]
    return {"Version": VERSION_FLUJO, "StartAction": "Voz", "Actions": acciones}


def texto() -> str:
    return json.dumps(flujo(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    ARCHIVO.write_text(texto(), encoding="utf-8")
    sys.stdout.write(f"Escribí {ARCHIVO.name} ({len(flujo()['Actions'])} acciones)\n")
