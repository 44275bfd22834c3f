"""Carga del padrón de clientes desde CSV contra DynamoDB emulado (moto)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import boto3
import pytest

from funciones.nucleo.adaptadores import secretos
from funciones.nucleo.adaptadores.clientes_dynamo import RepositorioClientes
from funciones.nucleo.adaptadores.config import ajustes
from funciones.nucleo.dominio.clientes import respuesta_correcta
from infraestructura.local import recursos
from infraestructura.local.importar import ArchivoInvalido, importar, main

RAIZ = Path(__file__).resolve().parents[2]
DEMO = RAIZ / "datos" / "clientes_demo.csv"
CON_ERRORES = RAIZ / "tests" / "datos" / "clientes_con_errores.csv"
PIMIENTA = bytes.fromhex("5e" * 32)
ENCABEZADO = "contrato,nombre,correo,telefono,domicilio,ultimos4,precio_mensual"


@pytest.fixture
def repo(aws, monkeypatch):
    monkeypatch.setenv("PIMIENTA", PIMIENTA.hex())
    monkeypatch.delenv("PIMIENTA_SECRETO", raising=False)
    ajustes.cache_clear()
    secretos.pimienta.cache_clear()
    yield RepositorioClientes(recursos.TABLA, aws.dynamodb)
    secretos.pimienta.cache_clear()


def clientes_en_tabla(aws) -> list[dict]:
    return [i for i in aws.items() if i["pk"]["S"].startswith("CLIENTE#")]


def test_carga_el_csv_de_demostracion_sin_datos_en_claro(aws, repo):
    informe = importar(DEMO, repo, PIMIENTA)
    assert informe.errores == []
    filas = DEMO.read_text(encoding="utf-8").strip().splitlines()[1:]
    assert informe.cargados == len(filas) == 8

    items = clientes_en_tabla(aws)
    assert len(items) == 8
    # Los hashes son 64 dígitos hex (no caben datos en claro); se buscan los datos en todo lo demás
    # menos la fecha, cuyos microsegundos podrían formar cuatro dígitos cualesquiera.
    hashes = [i[k]["S"] for i in items for k in ("domicilio_hash", "ultimos4_hash")]
    # Las partes del domicilio (para verificarlo con tolerancia) también son sólo HMAC.
    hashes += [v["S"] for i in items for v in i["domicilio_partes"]["M"].values()]
    assert all(len(h) == 64 and set(h) <= set("0123456789abcdef") for h in hashes)
    assert all({"calle", "numero", "localidad"} <= set(i["domicilio_partes"]["M"]) for i in items)
    visibles = [
        {k: v for k, v in i.items() if not k.endswith("_hash") and k not in ("actualizado", "domicilio_partes")}
        for i in items
    ]
    crudo = json.dumps(visibles, ensure_ascii=False)
    for fila in csv.DictReader(DEMO.open(encoding="utf-8")):
        for claro in (fila["ultimos4"], fila["domicilio"], fila["domicilio"].split(",")[0]):
            assert claro not in crudo
    for claro in ("Insurgentes", "insurgentes", "4321", "Del Valle"):
        assert claro not in crudo
    item = next(i for i in items if i["pk"]["S"] == "CLIENTE#10002000")
    assert item["sk"] == {"S": "PERFIL"} and item["entidad"] == {"S": "cliente"}
    assert item["precio_mensual"] == {"N": "499.00"}
    assert set(item) == {
        "pk",
        "sk",
        "entidad",
        "contrato",
        "nombre",
        "correo",
        "telefono",
        "precio_mensual",
        "domicilio_hash",
        "ultimos4_hash",
        "domicilio_partes",
        "actualizado",
    }

    c = repo.obtener("10002000")
    assert c is not None
    assert c.nombre == "María Fernanda Gómez Ruiz"
    assert c.telefono == "+525512345678" and c.correo == "maria.gomez@example.com"
    assert c.precio_mensual == Decimal("499.00") and isinstance(c.precio_mensual, Decimal)
    assert respuesta_correcta(c, "ultimos4", "4321", PIMIENTA)
    variante = "avenida insurgentes sur #1234 colonia del valle, ciudad de mexico"
    assert respuesta_correcta(c, "domicilio", variante, PIMIENTA)
    assert not respuesta_correcta(c, "domicilio", "Av. Insurgentes Sur 1234", PIMIENTA)
    assert not respuesta_correcta(c, "ultimos4", "4321", bytes.fromhex("00" * 32))

    sin_correo = repo.obtener("10002005")
    assert sin_correo is not None and sin_correo.correo is None
    assert repo.obtener("99999999") is None


def test_volver_a_cargar_reemplaza_sin_duplicar(aws, repo):
    importar(DEMO, repo, PIMIENTA)
    assert importar(DEMO, repo, PIMIENTA).cargados == 8
    assert len(clientes_en_tabla(aws)) == 8


def test_las_filas_malas_se_reportan_por_linea_y_no_se_cargan(aws, repo):
    informe = importar(CON_ERRORES, repo, PIMIENTA)
    assert informe.cargados == 3
    assert [(linea, campo) for linea, campo, _ in informe.errores] == [
        (3, "correo"),
        (4, "ultimos4"),
        (5, "nombre"),
        (6, "precio_mensual"),
        (8, "contrato"),
        (9, "nombre"),
    ]
    assert informe.filas_con_errores == 6
    assert "línea 2" in informe.errores[4][2]
    assert sorted(i["pk"]["S"] for i in clientes_en_tabla(aws)) == [
        "CLIENTE#20003000",
        "CLIENTE#20003005",
        "CLIENTE#20003007",
    ]


def test_bom_filas_de_varias_lineas_y_lineas_vacias(aws, repo, tmp_path):
    archivo = tmp_path / "clientes.csv"
    archivo.write_bytes(
        (
            "\ufeff" + ENCABEZADO + "\r\n"
            '30004000,Rosa Elvira Pineda,rosa@example.com,,"Calle Sur 5,\r\nCol. Centro, CDMX",1234,399\r\n'
            "\r\n"
            "30004001,Ro,,,Calle Norte 9,12,399\r\n"
            "30004002,Raúl Ortega Luna,,7771112233,Calle Este 1,5678,399.5,extra\r\n"
        ).encode()
    )
    informe = importar(archivo, repo, PIMIENTA)
    assert informe.cargados == 1
    assert {(linea, campo) for linea, campo, _ in informe.errores} == {(5, "nombre"), (5, "ultimos4"), (6, "fila")}
    c = repo.obtener("30004000")
    assert c is not None and respuesta_correcta(c, "domicilio", "calle sur 5 centro cdmx", PIMIENTA)


@pytest.mark.parametrize(
    ("contenido", "fragmento"),
    [
        (b"", "está vacío"),
        (b"contrato,nombre,correo\n1,2,3\n", "Faltan: telefono, domicilio, ultimos4, precio_mensual"),
        ((ENCABEZADO + ",notas\n").encode(), "Sobran o se repiten: notas"),
        ((ENCABEZADO + "\n10002000,José Pérez,,5512345678,Calle 1 2,1234,1\n").encode("latin-1"), "UTF-8 (línea 2)"),
    ],
)
def test_archivo_o_encabezado_invalido_no_carga_nada(aws, repo, tmp_path, contenido, fragmento):
    archivo = tmp_path / "malo.csv"
    archivo.write_bytes(contenido)
    with pytest.raises(ArchivoInvalido) as e:
        importar(archivo, repo, PIMIENTA)
    assert fragmento in e.value.mensaje
    assert clientes_en_tabla(aws) == []


def test_reintenta_los_elementos_no_procesados(aws, repo):
    real = aws.dynamodb
    llamadas: list[int] = []

    class ClienteLento:
        def batch_write_item(self, RequestItems):
            pedidos = RequestItems[recursos.TABLA]
            llamadas.append(len(pedidos))
            # La primera vez DynamoDB solo acepta la mitad de cada lote.
            if len(llamadas) % 2 == 1 and len(pedidos) > 1:
                mitad = len(pedidos) // 2
                real.batch_write_item(RequestItems={recursos.TABLA: pedidos[:mitad]})
                return {"UnprocessedItems": {recursos.TABLA: pedidos[mitad:]}}
            return real.batch_write_item(RequestItems=RequestItems)

    lento = RepositorioClientes(recursos.TABLA, ClienteLento(), espera_base_s=0)
    from funciones.nucleo.dominio.clientes import crear_cliente

    clientes = [
        crear_cliente(
            contrato=str(40005000 + n),
            nombre=f"Cliente {n}",
            correo=None,
            telefono="+527771234567",
            precio_mensual=Decimal("399.00"),
            domicilio="Calle 1",
            ultimos4="0000",
            pimienta=PIMIENTA,
        )
        for n in range(30)
    ]
    assert lento.guardar_lote(clientes) == 30
    assert llamadas == [25, 13, 5, 3]
    assert len(clientes_en_tabla(aws)) == 30


def test_pimienta_desde_secrets_manager(aws, monkeypatch):
    valor = "c4" * 32
    boto3.client("secretsmanager").create_secret(Name="bluepoint/pimienta", SecretString=valor)
    monkeypatch.delenv("PIMIENTA", raising=False)
    monkeypatch.setenv("PIMIENTA_SECRETO", "bluepoint/pimienta")
    ajustes.cache_clear()
    secretos.pimienta.cache_clear()
    try:
        assert secretos.pimienta() == bytes.fromhex(valor)
    finally:
        secretos.pimienta.cache_clear()


def test_cli_con_filas_malas_sale_con_2_y_no_imprime_datos_personales(aws, repo, capsys):
    assert main([str(CON_ERRORES)]) == 2
    salida = capsys.readouterr().out.splitlines()
    assert salida[0] == "Cargados: 3. Filas con errores: 6"
    assert salida[1] == "línea 3, correo: Escribe un correo válido, por ejemplo nombre@dominio.mx."
    assert [linea.split(",")[0] for linea in salida[1:]] == [f"línea {n}" for n in (3, 4, 5, 6, 8, 9)]
    texto = "\n".join(salida)
    for dato in ("pedro@", "333", "Durango", "5522334455", "1111", "laura.mendez"):
        assert dato not in texto


def test_cli_demo_sale_con_0(aws, repo, capsys):
    assert main([str(DEMO)]) == 0
    assert capsys.readouterr().out.strip() == "Cargados: 8. Filas con errores: 0"


def test_cli_errores_de_archivo_salen_con_1(aws, repo, capsys, tmp_path):
    assert main([str(tmp_path / "no-existe.csv")]) == 1
    assert "No existe el archivo" in capsys.readouterr().err
    assert main([]) == 1
    assert main([""]) == 1
    assert "Uso: make importar" in capsys.readouterr().err
    assert clientes_en_tabla(aws) == []


def test_cli_sin_pimienta_sale_con_1(aws, repo, monkeypatch, capsys):
    monkeypatch.delenv("PIMIENTA")
    ajustes.cache_clear()
    secretos.pimienta.cache_clear()
    assert main([str(DEMO)]) == 1
    assert "PIMIENTA" in capsys.readouterr().err
    assert clientes_en_tabla(aws) == []
