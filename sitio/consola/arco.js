/*
 * Blue Point · Consola de agentes — derechos ARCO para supervisores (/consola/arco.html, issue 16).
 * Acceso: POST /api/arco/accesos → resumen, «Descargar JSON» y «Versión imprimible» (ventana nueva).
 * Cancelación: pide confirmación y después POST /api/arco/cancelaciones → resumen de lo anonimizado.
 * En la consola (/consola/index.html) sólo muestra a supervisores el enlace «Derechos ARCO».
 * Sesión: la de consola-sesion.js (como la consola): una pestaña nueva la pide a las abiertas; «Salir» cierra todas.
 * Todo lo que viene del servidor se inserta con textContent (BP.el / BP.vaciar).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var $ = function (id) { return document.getElementById(id); };

  if (!$("bloque-arco")) {
    var enlace = $("enlace-arco");
    if (enlace && window.Consola) {
      window.Consola.registrar({
        alEntrar: function (s) { enlace.hidden = !s || s.rol !== "supervisores"; },
        alSalir: function () { enlace.hidden = true; }
      });
    }
    return;
  }

  var el = BP.el;
  var S = window.SesionConsola;
  var NOMBRES_ROL = { asesores: "Asesor", supervisores: "Supervisor", departamentos: "Departamento" };
  var sesion = null;
  var canal = null;
  var temporizador = null;
  var gestor = null;
  var ultima = null;

  /** La sesión de esta pestaña, si no venció. */
  function leerSesion() {
    var s = S.leer();
    return s && S.msHastaVencer(s) > 0 ? s : null;
  }

  /** Sin sesión (o cerrada en otra pestaña): a la entrada de la consola. */
  function aLaEntrada() {
    sesion = null;
    S.borrar();
    clearTimeout(temporizador);
    window.location.replace("/consola/");
  }

  /** Lo que llega por el canal de la consola (consola-sesion.js contesta solo a quien pide la sesión). */
  function alMensajeCanal(m) {
    if (m.tipo === "salir") {
      if (sesion && (!m.usuario || m.usuario === sesion.usuario)) aLaEntrada();
    } else if (m.tipo === "actualizar") {
      if (sesion && S.valida(m.sesion) && m.sesion.usuario === sesion.usuario) {
        sesion = S.copia(m.sesion);
        S.guardar(sesion);
        programarVencimiento();
      }
    }
  }

  function programarVencimiento() {
    clearTimeout(temporizador);
    var ms = S.msHastaVencer(sesion);
    if (ms !== Infinity) temporizador = setTimeout(aLaEntrada, Math.max(0, Math.min(ms, 2147483000)));
  }

  function anunciar(texto) { $("anuncios").textContent = texto; }

  function ocupado(boton, activo, texto) {
    var etiqueta = boton.querySelector(".boton__texto");
    if (etiqueta && !boton.getAttribute("data-texto")) boton.setAttribute("data-texto", etiqueta.textContent);
    boton.disabled = activo;
    if (etiqueta) etiqueta.textContent = activo ? texto : boton.getAttribute("data-texto");
  }

  function clase() {
    var marcado = document.querySelector('input[name="clase"]:checked');
    return marcado ? marcado.value : "contrato";
  }

  function cuerpo() {
    var c = { motivo: $("motivo").value.trim() };
    c[clase()] = $("valor").value.trim();
    return c;
  }

  /** Revisión local (el servidor revisa igual): un error por campo. */
  function revisar() {
    var c = cuerpo(), lista = [];
    if (!c[clase()]) lista.push({ campo: "valor", mensaje: "Escribe el dato de la persona." });
    if (BP.longitud(c.motivo) < 10) lista.push({ campo: "motivo", mensaje: "Escribe el motivo (10 caracteres o más)." });
    if (lista.length) { gestor.mostrar("Revisa los datos marcados.", lista); return null; }
    gestor.limpiar();
    return c;
  }

  function pedir(ruta, datos, consulta) {
    return BP.pedir(ruta + (consulta || ""), {
      metodo: "POST", cuerpo: datos, encabezados: { Authorization: "Bearer " + sesion.token }
    });
  }

  function errorServidor(error) {
    if (error && error.status === 401) { aLaEntrada(); return; }
    if (error && error.status === 403) { sinPermiso(); return; }
    var campos = (error && error.campos) || [];
    // Los campos del dato (contrato, correo, teléfono) se marcan en la misma caja.
    campos = campos.map(function (c) {
      return { campo: c.campo === "motivo" ? "motivo" : "valor", mensaje: c.mensaje };
    });
    var texto = error && error.tipo === "red" ? "No hay conexión con el servidor. Intenta de nuevo." :
      (error && error.mensaje) || "El servidor no pudo completar la solicitud. Intenta de nuevo en unos momentos.";
    gestor.mostrar(texto, campos);
  }

  function mostrarResultado(titulo, filas, extra) {
    var caja = $("resultado-arco");
    BP.vaciar(caja);
    caja.className = "aviso aviso--exito";
    caja.appendChild(el("h2", { clase: "aviso__titulo", texto: titulo }));
    var dl = el("dl", { clase: "datos-caso" });
    filas.forEach(function (f) { dl.appendChild(el("div", { clase: "datos-caso__fila" }, [el("dt", {}, [f[0]]), el("dd", {}, [String(f[1])])])); });
    caja.appendChild(dl);
    if (extra) caja.appendChild(extra);
    caja.hidden = false;
    caja.focus();
    anunciar(titulo);
  }

  function descargar() {
    if (!ultima) return;
    var blob = new Blob([JSON.stringify(ultima, null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: "acceso-arco-" + ultima.generado.slice(0, 10) + ".json" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function imprimible(datos) {
    var ventana = window.open("", "_blank");
    if (!ventana) { gestor.mostrar("El navegador bloqueó la ventana nueva: permite las ventanas emergentes.", []); return; }
    fetch("/api/arco/accesos?formato=html", {
      method: "POST",
      headers: { Authorization: "Bearer " + sesion.token, "Content-Type": "application/json", Accept: "text/html" },
      body: JSON.stringify(datos), credentials: "same-origin", cache: "no-store"
    }).then(function (r) {
      return r.text().then(function (texto) {
        if (!r.ok) throw new BP.ErrorApi(r.status >= 500 ? "servidor" : "cliente", r.status, null);
        ventana.document.open();
        ventana.document.write(texto);
        ventana.document.close();
      });
    }).catch(function (error) { ventana.close(); errorServidor(error); });
  }

  function alAcceso(ev) {
    ev.preventDefault();
    var datos = revisar();
    if (!datos) return;
    $("confirmar-cancelacion").hidden = true;
    var boton = $("boton-acceso");
    ocupado(boton, true, "Buscando…");
    pedir("/api/arco/accesos", datos).then(function (r) {
      ocupado(boton, false);
      ultima = r;
      var acciones = el("p", { clase: "acciones" });
      var json = el("button", { type: "button", clase: "boton boton--secundario", texto: "Descargar JSON" });
      json.addEventListener("click", descargar);
      var imp = el("button", { type: "button", clase: "boton boton--secundario", texto: "Versión imprimible" });
      imp.addEventListener("click", function () { imprimible(datos); });
      acciones.appendChild(json);
      acciones.appendChild(imp);
      mostrarResultado("Exportación lista", [
        ["Dato", r.dato_nombre],
        ["Clientes del padrón", r.clientes.length],
        ["Solicitudes", r.casos.length],
        ["Movimientos en el registro del cliente", r.registro.length],
        ["Generada", r.generado_texto]
      ], acciones);
    }).catch(function (error) { ocupado(boton, false); errorServidor(error); });
  }

  function alPedirCancelacion() {
    if (!revisar()) return;
    $("texto-confirmar").textContent = "Vas a cancelar los datos de la persona con " +
      { contrato: "el contrato ", correo: "el correo ", telefono: "el teléfono " }[clase()] + $("valor").value.trim() + ".";
    var caja = $("confirmar-cancelacion");
    caja.hidden = false;
    $("boton-confirmar").focus();
  }

  function alConfirmar() {
    var datos = revisar();
    if (!datos) return;
    var boton = $("boton-confirmar");
    ocupado(boton, true, "Cancelando…");
    pedir("/api/arco/cancelaciones", datos).then(function (r) {
      ocupado(boton, false);
      $("confirmar-cancelacion").hidden = true;
      $("form-arco").reset();
      mostrarResultado("Datos cancelados", [
        ["Dato", r.dato_nombre],
        ["Solicitudes anonimizadas", r.casos.map(BP.formatearFolio).join(", ") || "Ninguna"],
        ["Movimientos anonimizados", r.eventos],
        ["Perfiles del padrón borrados", r.perfiles],
        ["Entradas del índice de búsqueda borradas", r.indices],
        ["Archivos adjuntos borrados", r.archivos],
        ["Correos recibidos borrados", r.correos_recibidos],
        ["Fecha", r.fecha_texto]
      ]);
    }).catch(function (error) {
      ocupado(boton, false);
      $("confirmar-cancelacion").hidden = true;
      errorServidor(error);
    });
  }

  function sinPermiso() {
    $("bloque-arco").hidden = true;
    $("aviso-acceso").hidden = false;
    $("aviso-acceso").focus();
  }

  /**
   * La sesión de la pestaña o, en una pestaña nueva (enlace abierto aparte), la de otra pestaña de la consola por el
   * mismo canal que usa la consola; sin ninguna, a la entrada.
   */
  function iniciar() {
    canal = S.conectar(function () { return sesion; }, alMensajeCanal);
    var propia = leerSesion();
    if (propia) { arrancar(propia); return; }
    canal.pedir().then(function (s) {
      if (!s) { aLaEntrada(); return; }
      S.guardar(s);
      arrancar(s);
    });
  }

  function arrancar(s) {
    sesion = s;
    programarVencimiento();
    $("agente-nombre").textContent = sesion.nombre || sesion.usuario || "";
    $("agente-usuario").textContent = sesion.usuario || "";
    $("agente-rol").textContent = NOMBRES_ROL[sesion.rol] || sesion.rol || "";
    $("barra-agente").hidden = false;
    $("boton-salir").addEventListener("click", function () {
      // Como en la consola: salir aquí cierra la sesión en todas las pestañas.
      canal.difundir({ tipo: "salir", usuario: sesion && sesion.usuario });
      aLaEntrada();
    });
    if (sesion.rol !== "supervisores") { sinPermiso(); return; }
    gestor = BP.crearGestorErrores({
      resumen: $("errores-arco"),
      campos: {
        valor: { control: $("valor"), grupo: $("grupo-valor"), error: $("error-valor") },
        motivo: { control: $("motivo"), grupo: $("grupo-motivo"), error: $("error-motivo") }
      }
    });
    $("bloque-arco").hidden = false;
    $("form-arco").addEventListener("submit", alAcceso);
    $("boton-cancelar").addEventListener("click", alPedirCancelacion);
    $("boton-confirmar").addEventListener("click", alConfirmar);
    $("boton-no").addEventListener("click", function () { $("confirmar-cancelacion").hidden = true; $("boton-cancelar").focus(); });
    $("titulo-arco").focus();
  }

  document.addEventListener("DOMContentLoaded", iniciar);
})();
