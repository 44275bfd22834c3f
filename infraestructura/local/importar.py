"""Carga el padrón de clientes desde un CSV: `make importar ARCHIVO=clientes.csv`.

Valida cada fila; las malas se reportan por número de línea (el encabezado es la línea 1) y no se cargan, las
buenas sí. Nunca imprime domicilio, últimos 4, correo ni teléfono: los mensajes solo nombran el campo.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import TypeAdapter, ValidationError

from esquemas.clientes import COLUMNAS, FilaCliente
from esquemas.comunes import Contrato
from funciones.nucleo.dominio.clientes import Cliente, crear_cliente

USO = (
    "Uso: make importar ARCHIVO=clientes.csv\n"
    "     (o .venv/bin/python -m infraestructura.local.importar ARCHIVO)\n"
    "Toma del entorno TABLA, PIMIENTA (hex) o PIMIENTA_SECRETO, y las credenciales de AWS (o AWS_ENDPOINT_URL).\n"
    f"El CSV va en UTF-8 con el encabezado: {','.join(COLUMNAS)}"
)
_CONTRATO = TypeAdapter(Contrato)


class ArchivoInvalido(Exception):
    """El archivo no se puede leer o su encabezado no es el esperado: no se carga nada."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


@dataclass
class Informe:
    cargados: int = 0
    # (línea del archivo con el encabezado como línea 1, campo, mensaje)
    errores: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def filas_con_errores(self) -> int:
        return len({linea for linea, _, _ in self.errores})


class GuardaClientes(Protocol):
    def guardar_lote(self, clientes: list[Cliente], llave_busqueda: bytes | None = None) -> int: ...


def _texto(ruta: Path) -> str:
    try:
        datos = ruta.read_bytes()
    except FileNotFoundError as e:
        raise ArchivoInvalido(f"No existe el archivo {ruta}.") from e
    except OSError as e:
        raise ArchivoInvalido(f"No se pudo leer el archivo {ruta}: {e.strerror or e}.") from e
    try:
        return datos.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        linea = datos[: e.start].count(b"\n") + 1
        raise ArchivoInvalido(
            f"El archivo no está en UTF-8 (línea {linea}). Guárdalo como «CSV UTF-8» e inténtalo de nuevo."
        ) from e


def _revisar_encabezado(encabezado: list[str]) -> list[str]:
    nombres = [c.strip().lower() for c in encabezado]
    if sorted(nombres) == sorted(COLUMNAS):
        return nombres
    faltan = [c for c in COLUMNAS if c not in nombres]
    sobran = sorted({c for c in nombres if c not in COLUMNAS or nombres.count(c) > 1})
    mensaje = f"La línea 1 debe ser el encabezado con exactamente las columnas {','.join(COLUMNAS)}."
    if faltan:
        mensaje += f" Faltan: {', '.join(faltan)}."
    if sobran:
        mensaje += f" Sobran o se repiten: {', '.join(sobran)}."
    raise ArchivoInvalido(mensaje)


def _fila(
    datos: dict[str, str], vistos: dict[str, int], linea: int
) -> tuple[FilaCliente | None, list[tuple[str, str]]]:
    """La fila validada, o None con sus errores (campo, mensaje)."""
    # Importación diferida: la traducción de errores de pydantic vive junto al resolver HTTP.
    from funciones.nucleo.frontera.http import traducir_validacion

    errores: list[tuple[str, str]] = []
    fila: FilaCliente | None = None
    try:
        fila = FilaCliente.model_validate(datos)
    except ValidationError as e:
        errores = [(c.campo, c.mensaje) for c in traducir_validacion(e).campos]
    try:
        contrato = _CONTRATO.validate_python(datos["contrato"])
    except ValidationError:
        return None, errores
    # La segunda aparición de un contrato es la fila mala, aunque la primera también tenga errores.
    if contrato in vistos:
        errores.append(("contrato", f"El contrato {contrato} ya aparece en la línea {vistos[contrato]}."))
    else:
        vistos[contrato] = linea
    return (None if errores else fila), errores


def validar(ruta: Path) -> tuple[list[FilaCliente], list[tuple[int, str, str]]]:
    """Las filas válidas y los errores de las demás; ArchivoInvalido si no se puede leer o el encabezado no sirve."""
    lector = csv.reader(io.StringIO(_texto(ruta), newline=""))
    validas: list[FilaCliente] = []
    errores: list[tuple[int, str, str]] = []
    vistos: dict[str, int] = {}
    try:
        encabezado = next(lector, None)
        if encabezado is None:
            raise ArchivoInvalido("El archivo está vacío: le falta el encabezado.")
        columnas = _revisar_encabezado(encabezado)
        while True:
            # Una fila con saltos de línea entre comillas ocupa varias líneas; se reporta la primera.
            linea = lector.line_num + 1
            valores = next(lector, None)
            if valores is None:
                break
            if not valores:
                continue
            if len(valores) != len(columnas):
                mensaje = f"Tiene {len(valores)} columnas y el encabezado {len(columnas)}; revisa comas y comillas."
                errores.append((linea, "fila", mensaje))
                continue
            fila, propios = _fila(dict(zip(columnas, valores, strict=True)), vistos, linea)
            if fila is not None:
                validas.append(fila)
            errores.extend((linea, campo, mensaje) for campo, mensaje in propios)
    except csv.Error as e:
        raise ArchivoInvalido(f"El CSV está mal formado cerca de la línea {lector.line_num}: {e}.") from e
    return validas, errores


def importar(ruta: Path, repo: GuardaClientes, pimienta: bytes) -> Informe:
    """Valida todo el archivo y carga solo las filas válidas (reemplaza al cliente si el contrato ya existía)."""
    validas, errores = validar(ruta)
    clientes = [
        crear_cliente(
            contrato=f.contrato,
            nombre=f.nombre,
            correo=f.correo,
            telefono=f.telefono,
            precio_mensual=f.precio_mensual,
            domicilio=f.domicilio,
            ultimos4=f.ultimos4,
            pimienta=pimienta,
        )
        for f in validas
    ]
    from funciones.nucleo.dominio.busqueda import llave_busqueda

    cargados = repo.guardar_lote(clientes, llave_busqueda(pimienta)) if clientes else 0
    return Informe(cargados=cargados, errores=errores)


def main(argv: list[str] | None = None) -> int:
    """0 si todo se cargó; 2 si hubo filas con errores (las válidas sí se cargaron); 1 si no se cargó nada."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["-h"], ["--help"]):
        print(USO)
        return 0
    if len(args) != 1 or not args[0].strip():
        print(USO, file=sys.stderr)
        return 1

    from botocore.exceptions import BotoCoreError, ClientError

    from funciones.nucleo.adaptadores.aws import cliente
    from funciones.nucleo.adaptadores.clientes_dynamo import RepositorioClientes
    from funciones.nucleo.adaptadores.config import ajustes
    from funciones.nucleo.adaptadores.secretos import pimienta
    from funciones.nucleo.dominio.errores import ServicioNoDisponible

    try:
        tabla = ajustes().tabla
    except ValidationError:
        print("Falta la variable de entorno TABLA (el nombre de la tabla de DynamoDB).", file=sys.stderr)
        return 1
    try:
        clave = pimienta()
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as e:
        print(f"No se pudo leer la pimienta del secreto {ajustes().pimienta_secreto}: {e}", file=sys.stderr)
        return 1
    try:
        informe = importar(Path(args[0]), RepositorioClientes(tabla, cliente("dynamodb")), clave)
    except ArchivoInvalido as e:
        print(e.mensaje, file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError, ServicioNoDisponible) as e:
        detalle = e.mensaje if isinstance(e, ServicioNoDisponible) else str(e)
        print(
            f"No se pudo escribir en la tabla {tabla} (puede haber quedado cargada solo una parte): {detalle}",
            file=sys.stderr,
        )
        return 1
    print(f"Cargados: {informe.cargados}. Filas con errores: {informe.filas_con_errores}")
    for linea, campo, mensaje in informe.errores:
        print(f"línea {linea}, {campo}: {mensaje}")
    return 2 if informe.errores else 0


if __name__ == "__main__":
    sys.exit(main())
