"""La verificación de identidad es de quien la hizo, y cada agente tiene un presupuesto de fallos."""

from __future__ import annotations

ASESOR = ("asesor.demo", "asesores")
OTRO_ASESOR = ("ana.lopez", "asesores")
SUPERVISOR = ("supervisor.demo", "supervisores")
MARIA = {
    "contrato": "10002000",
    "nombre": "maría fernanda gómez ruiz",
    "pregunta": "domicilio",
    "respuesta": "Avenida Insurgentes Sur #1234, colonia Del Valle, Ciudad de México",
}
CASO = {
    "tipo": "queja",
    "categoria": "interrupcion",
    "descripcion": "Sin servicio desde el lunes en la tarde.",
    "medio_notificacion": "correo",
    "canal": "telefono",
}


def verificar(aws, agente=ASESOR, **cambios):
    return aws.api("POST", "/api/verificaciones", {**MARIA, **cambios}, agente=agente)


def abrir(aws, verificacion_id, agente=ASESOR):
    return aws.api("POST", "/api/casos/asistidos", {**CASO, "verificacion_id": verificacion_id}, agente=agente)


def _casos(aws) -> int:
    return sum(1 for i in aws.items() if i["sk"]["S"] == "CASO")


def test_la_verificacion_queda_ligada_a_quien_verifico(llamada):
    aws = llamada
    _, v, _ = verificar(aws)
    (item,) = [i for i in aws.items() if i["pk"]["S"] == f"VERIF#{v['verificacion_id']}"]
    assert item["agente"]["S"] == "asesor.demo"
    # Un supervisor (u otro asesor) no puede usar la verificación de un asesor.
    for otro in (SUPERVISOR, OTRO_ASESOR):
        estado, r, _ = abrir(aws, v["verificacion_id"], agente=otro)
        assert estado == 403 and r["error"]["codigo"] == "verificacion_de_otro_agente", r
        assert "otro agente" in r["error"]["mensaje"]
    assert _casos(aws) == 0
    # Sigue sin usar: quien verificó abre el caso.
    estado, caso, _ = abrir(aws, v["verificacion_id"])
    assert estado == 201 and _casos(aws) == 1
    (registro,) = [i for i in aws.items() if i["sk"]["S"] == "CASO"]
    assert registro["verificacion_id"]["S"] == v["verificacion_id"]


def _presupuesto() -> tuple[int, int, int]:
    from funciones.nucleo.dominio.catalogo import catalogo

    lim = catalogo()["limites"]
    return lim["fallos_verificacion_por_agente"], lim["ventana_fallos_agente_min"], lim["bloqueo_agente_min"]


def fallar(aws, n: int, agente=ASESOR, desde: int = 0) -> None:
    """n verificaciones fallidas, cada una contra un contrato distinto (ninguno llega a su propio bloqueo)."""
    for i in range(desde, desde + n):
        estado, r, _ = verificar(aws, agente=agente, contrato=f"9900{i:04d}", respuesta="Otra calle 1")
        assert estado == 200 and r["verificado"] is False, r


def _alertas(aws) -> list[dict]:
    from infraestructura.local.buzones import mensajes

    return [m for m in mensajes() if m["tipo"] == "alerta"]


def test_presupuesto_de_fallos_por_agente_bloquea_y_avisa_a_supervisores(llamada):
    from funciones.nucleo.dominio import reloj

    aws = llamada
    maximo, ventana, bloqueo = _presupuesto()
    fallar(aws, maximo)
    # Agotado: ni con los datos correctos, y el mensaje dice por qué y hasta cuándo.
    estado, r, _ = verificar(aws)
    assert estado == 423 and r["error"]["codigo"] == "agente_bloqueado", r
    assert "supervisores" in r["error"]["mensaje"] and "hasta las" in r["error"]["mensaje"]
    # El contrato no quedó bloqueado: otro agente sí verifica.
    estado, r, _ = verificar(aws, agente=OTRO_ASESOR)
    assert estado == 200 and r["verificado"] is True
    # Una alerta a supervisores por la bandeja de salida (SNS), una sola vez.
    aws.drenar()
    aws.drenar()
    (alerta,) = _alertas(aws)
    assert "asesor.demo" in alerta["mensaje"] and f"{maximo} verificaciones" in alerta["mensaje"]
    assert "supervisores" in alerta["atributos"]["departamento"]["Value"]
    # Sin datos de clientes en la alerta.
    assert "9900" not in alerta["mensaje"] and "10002000" not in alerta["mensaje"]
    # La entrega queda en la marca de envío de la partición del agente.
    (marca,) = [i for i in aws.items() if i["pk"]["S"] == "AGENTE#asesor.demo" and i["sk"]["S"].startswith("ENVIO#")]
    assert marca["estado"]["S"] == "enviado"
    # Pasado el bloqueo vuelve a verificar.
    reloj.avanzar((bloqueo + 1) / 60)
    try:
        estado, r, _ = verificar(aws)
    finally:
        reloj.avanzar(-(bloqueo + 1) / 60)
    assert estado == 200 and r["verificado"] is True


def test_los_fallos_fuera_de_la_ventana_no_cuentan(llamada):
    from funciones.nucleo.dominio import reloj

    aws = llamada
    maximo, ventana, _ = _presupuesto()
    fallar(aws, maximo - 1)
    reloj.avanzar((ventana + 1) / 60)
    try:
        fallar(aws, 1, desde=maximo)
        estado, r, _ = verificar(aws)
    finally:
        reloj.avanzar(-(ventana + 1) / 60)
    assert estado == 200 and r["verificado"] is True
    aws.drenar()
    assert _alertas(aws) == []


def test_el_presupuesto_es_por_agente(llamada):
    aws = llamada
    maximo, _, _ = _presupuesto()
    fallar(aws, maximo - 1)
    fallar(aws, maximo - 1, agente=OTRO_ASESOR, desde=100)
    assert verificar(aws)[0] == 200 and verificar(aws, agente=OTRO_ASESOR)[0] == 200


def test_fallos_simultaneos_del_mismo_agente_no_se_pierden(llamada):
    """Hilos contra moto: al borde del presupuesto, varios fallos a la vez bloquean una vez y avisan una vez."""
    import threading

    from esquemas.verificacion import SolicitudVerificacion
    from funciones.nucleo.adaptadores.secretos import pimienta
    from funciones.nucleo.dominio import reloj
    from funciones.nucleo.dominio.agentes import Agente
    from funciones.nucleo.dominio.errores import Bloqueado
    from funciones.verificacion.handler import repositorio
    from funciones.verificacion.logica import verificar as verificar_logica

    aws = llamada
    maximo, _, _ = _presupuesto()
    fallar(aws, maximo - 1)
    agente = Agente("asesor.demo", frozenset({"asesores"}))
    hilos, resultados = 4, []
    barrera = threading.Barrier(hilos)

    def intento(i: int) -> None:
        solicitud = SolicitudVerificacion(
            contrato=f"9800{i:04d}", nombre="Nadie", pregunta="ultimos4", respuesta="0000"
        )
        barrera.wait()
        try:
            resultados.append(verificar_logica(solicitud, repositorio(), pimienta(), agente, reloj.ahora()))
        except Bloqueado as e:
            resultados.append(e)

    trabajos = [threading.Thread(target=intento, args=(i,)) for i in range(hilos)]
    for t in trabajos:
        t.start()
    for t in trabajos:
        t.join()
    # Uno solo completa el presupuesto; los demás ven el bloqueo (ninguno se cuenta sin quedar escrito).
    assert sorted(type(r).__name__ for r in resultados) == ["Bloqueado"] * (hilos - 1) + ["ResultadoVerificacion"]
    del_agente = [i for i in aws.items() if i["pk"]["S"] == "AGENTE#asesor.demo"]
    (estado,) = [i for i in del_agente if i["sk"]["S"] == "BLOQUEO_VERIFICACION"]
    assert "bloqueado_hasta" in estado
    assert len([i for i in del_agente if i["sk"]["S"].startswith("EVENTO#")]) == 1
    fallidas = [
        i
        for i in aws.items()
        if i["sk"]["S"].startswith("EVENTO#")
        and i.get("tipo", {}).get("S") == "verificacion_fallida"
        and i["datos"]["M"]["agente"]["S"] == "asesor.demo"
    ]
    assert len(fallidas) == maximo


def test_un_exito_no_pasa_si_el_agente_quedo_bloqueado_despues_de_leer(llamada, monkeypatch):
    """La carrera lectura→escritura del éxito: la escritura revisa el bloqueo del agente con una condición."""
    from funciones.verificacion import handler

    aws = llamada
    maximo, _, _ = _presupuesto()
    repo = handler.repositorio()
    original = repo.leer
    vistas = []

    def leer_y_que_otro_falle(contrato, agente):
        leido = original(contrato, agente)
        if not vistas:
            # Entre esta lectura y la escritura, el mismo agente agota su presupuesto en otra llamada.
            vistas.append(1)
            monkeypatch.setattr(repo, "leer", original)
            fallar(aws, maximo)
        return leido

    monkeypatch.setattr(repo, "leer", leer_y_que_otro_falle)
    estado, r, _ = verificar(aws)
    assert estado == 423 and r["error"]["codigo"] == "agente_bloqueado"
    assert not any(i["pk"]["S"].startswith("VERIF#") for i in aws.items())
