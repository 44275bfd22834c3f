/*
 * Blue Point · Consola de agentes — derechos ARCO para supervisores (/consola/arco.html, issue 16).
 * Acceso: POST /api/arco/accesos → resumen, «Descargar JSON» y «Versión imprimible» (ventana nueva).
 * Cancelación: pide confirmación y después POST /api/arco/cancelaciones → resumen de lo anonimizado.
 * En la consola (/consola/index.html) sólo muestra a supervisores el enlace «Derechos ARCO».
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
  var CLAVE_SESION = "bp.consola.sesion";
  var NOMBRES_ROL = { asesores: "Asesor", supervisores: "Supervisor", departamentos: "Departamento" };
  var sesion = null;
  var gestor = null;
  var ultima = null;

  function leerSesion() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(CLAVE_SESION) || "null");
      return s && typeof s.token === "string" && s.token && Date.parse(s.expira) > Date.now() ? s : null;
    } catch (e) { return null; }
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
    if (error && error.status === 401) { window.location.replace("/consola/"); return; }
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

  function iniciar() {
    sesion = leerSesion();
    if (!sesion) { window.location.replace("/consola/"); return; }
    $("agente-nombre").textContent = sesion.nombre || sesion.usuario || "";
    $("agente-usuario").textContent = sesion.usuario || "";
    $("agente-rol").textContent = NOMBRES_ROL[sesion.rol] || sesion.rol || "";
    $("barra-agente").hidden = false;
    $("boton-salir").addEventListener("click", function () {
      try { window.sessionStorage.removeItem(CLAVE_SESION); } catch (e) { /* nada */ }
      window.location.replace("/consola/");
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
