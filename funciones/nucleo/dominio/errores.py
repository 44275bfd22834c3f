"""Errores del dominio; un solo módulo (nucleo/frontera/http.py) los traduce a HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ErrorCampo:
    campo: str
    mensaje: str


@dataclass
class ErrorDominio(Exception):
    mensaje: str
    campos: list[ErrorCampo] = field(default_factory=list)
    codigo: str = "error"

    def __str__(self) -> str:
        return self.codigo


class DatosInvalidos(ErrorDominio):
    def __init__(
        self,
        mensaje: str = "Revisa los datos marcados.",
        campos: list[ErrorCampo] | None = None,
        codigo: str = "datos_invalidos",
    ) -> None:
        super().__init__(mensaje, campos or [], codigo)


class NoEncontrado(ErrorDominio):
    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje, [], "no_encontrado")


class Conflicto(ErrorDominio):
    def __init__(self, mensaje: str, codigo: str = "conflicto") -> None:
        super().__init__(mensaje, [], codigo)


class EnlaceVencido(ErrorDominio):
    def __init__(self, mensaje: str, codigo: str = "enlace_vencido") -> None:
        super().__init__(mensaje, [], codigo)


class Bloqueado(ErrorDominio):
    def __init__(self, mensaje: str, codigo: str = "verificacion_bloqueada") -> None:
        super().__init__(mensaje, [], codigo)


class Prohibido(ErrorDominio):
    """El agente puede usar la ruta, pero no sobre esto (403): p. ej. la verificación que hizo otro agente."""

    def __init__(self, mensaje: str, codigo: str) -> None:
        super().__init__(mensaje, [], codigo)


class VerificacionAjena(Prohibido):
    def __init__(self) -> None:
        super().__init__(
            "Esta verificación la hizo otro agente. Verifica tú al cliente para abrir el caso.",
            "verificacion_de_otro_agente",
        )


class ClaveEnUso(Conflicto):
    def __init__(self) -> None:
        super().__init__(
            "Tu solicitud anterior con esta misma clave aún se está procesando. Intenta en unos segundos.",
            "idempotencia_en_curso",
        )


class VerificacionNoVigente(Conflicto):
    def __init__(self) -> None:
        super().__init__(
            "Esa verificación ya se usó o venció. Verifica de nuevo al cliente.", "verificacion_no_vigente"
        )


class ClaveConOtrosDatos(ErrorDominio):
    def __init__(self) -> None:
        super().__init__(
            "Esta clave de idempotencia ya se usó con otros datos. Genera una nueva para una solicitud distinta.",
            [ErrorCampo("Idempotency-Key", "Ya se usó con otros datos.")],
            "idempotencia",
        )


class LimiteExcedido(ErrorDominio):
    def __init__(self, mensaje: str, campo: str = "") -> None:
        super().__init__(mensaje, [ErrorCampo(campo, mensaje)] if campo else [], "limite_excedido")


class ConsultaSinCoincidencia(NoEncontrado):
    """Seguimiento: folio y dato no coinciden (o el folio no existe: misma respuesta), con los intentos que quedan."""

    def __init__(self, mensaje: str, intentos_restantes: int, espera_s: int = 0) -> None:
        super().__init__(mensaje)
        self.intentos_restantes = intentos_restantes
        # Sin intentos restantes, cuánto falta para que se libere uno (el IVR lo dice; la página lo lee del mensaje).
        self.espera_s = espera_s


class ConsultasAgotadas(LimiteExcedido):
    """Seguimiento: el folio agotó sus intentos fallidos en la ventana; `reintentar_en_s` va en Retry-After."""

    def __init__(self, mensaje: str, reintentar_en_s: int) -> None:
        super().__init__(mensaje)
        self.intentos_restantes = 0
        self.reintentar_en_s = reintentar_en_s


class ServicioNoDisponible(ErrorDominio):
    """Falla pasajera de AWS (limitación, conflicto de transacción): el cliente puede reintentar."""

    def __init__(
        self,
        mensaje: str = "Estamos atendiendo muchas solicitudes. Intenta de nuevo en unos segundos.",
        reintentar_en_s: int = 2,
    ) -> None:
        super().__init__(mensaje, [], "servicio_no_disponible")
        self.reintentar_en_s = reintentar_en_s


class ClaveRepetida(Exception):
    """La clave de idempotencia ya tenía registro (la escritura condicional lo detectó)."""


class FolioDuplicado(Exception):
    """El folio aleatorio ya existía (la escritura condicional lo detectó)."""


class IntentosAgotados(Exception):
    """La reserva condicional de un intento de consulta no pasó: ya hay el máximo de fallos en la ventana."""

    def __init__(self, fallos: list[int]) -> None:
        super().__init__("intentos agotados")
        self.fallos = fallos


class EnvioEnCurso(Exception):
    """Otra ejecución tiene reservado este envío: se reintenta cuando caduque la reserva."""
