/*
 * Blue Point · Consola de agentes — expediente PROFECO, duplicados y bloqueos de verificación (issue 16).
 *  - «Expediente PROFECO» en la pantalla del caso: lo trae con la sesión y lo abre en una ventana nueva,
 *    lista para imprimir (el documento trae su CSS de impresión: pie con folio y número de página).
 *  - «Marcar como duplicado»: cierra el caso y lo enlaza con el que sigue (POST /api/casos/{folio}/duplicado).
 *  - Un supervisor levanta el bloqueo de verificación de un contrato con motivo
 *    (DELETE /api/verificaciones/bloqueos/{contrato}); consola-llamada.js lo ofrece tras un 423.
 * Depende de /js/comun.js (BP), /consola/consola.js (Consola) y /consola/consola-casos.js (Consola.casos).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var K = C.casos;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };
  var gestorU;

  function g(sufijo, control) {
    return { control: control, grupo: $("grupo-" + sufijo), error: $("error-" + sufijo) };
  }

  /* ---------- Expediente ---------- */

  function avisoExpediente(clase, texto) {
    var caja = $("estado-expediente");
    BP.vaciar(caja);
    if (!texto) { caja.className = ""; return; }
    caja.className = "aviso " + clase;
    caja.appendChild(el("p", {}, [texto]));
  }

  function abrirExpediente() {
    var folio = K.folio(), sesion = C.sesion();
    if (!folio || !sesion) return;
    // La ventana se abre dentro del clic (si no, el navegador la bloquea) y se llena al llegar el documento.
    var ventana = window.open("", "_blank");
    if (!ventana) {
      avisoExpediente("aviso--error", "El navegador bloqueó la ventana nueva: permite las ventanas emergentes de la consola e intenta otra vez.");
      return;
    }
    avisoExpediente("aviso--info", "Preparando el expediente del caso " + BP.formatearFolio(folio) + "…");
    fetch("/api/casos/" + encodeURIComponent(folio) + "/expediente?formato=html", {
      headers: { Authorization: "Bearer " + sesion.token, Accept: "text/html" },
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (r) {
      return r.text().then(function (texto) {
        if (!r.ok) throw new BP.ErrorApi(r.status >= 500 ? "servidor" : "cliente", r.status, null);
        ventana.document.open();
        ventana.document.write(texto);
        ventana.document.close();
        avisoExpediente("aviso--exito", "El expediente se abrió en una ventana nueva. Usa «Imprimir expediente» para imprimirlo o guardarlo como PDF.");
      });
    }).catch(function (error) {
      ventana.close();
      if (error && error.status === 401) { C.api("/api/casos/" + folio).catch(function () {}); return; }
      avisoExpediente("aviso--error", "No se pudo abrir el expediente. " + C.mensajeError(error, ""));
    });
  }

  /* ---------- Duplicado ---------- */

  function pintar(r) {
    var c = r && r.caso ? r.caso : {};
    $("accion-duplicado").hidden = c.estado === "cerrado";
    var dl = $("caso-datos");
    function fila(t, nodo, id) {
      dl.appendChild(el("div", { clase: "datos-caso__fila" }, [el("dt", {}, [t]), el("dd", { id: id }, [nodo])]));
    }
    function enlace(folio) {
      return el("a", { href: "#/casos/" + BP.soloDigitos(folio) }, [BP.formatearFolio(folio)]);
    }
    if (C.texto(c.duplicado_de)) fila("Duplicado de", enlace(c.duplicado_de), "dato-duplicado-de");
    var lista = Array.isArray(c.duplicados) ? c.duplicados.filter(function (f) { return C.texto(f); }) : [];
    if (lista.length) {
      var span = el("span", {});
      lista.forEach(function (f, i) {
        if (i) span.appendChild(document.createTextNode(", "));
        span.appendChild(enlace(f));
      });
      fila("Duplicados cerrados", span, "dato-duplicados");
    }
  }

  function limpiar() {
    $("form-duplicado").reset();
    if (gestorU) gestorU.limpiar();
    avisoExpediente("", "");
  }

  function alDuplicado(ev) {
    ev.preventDefault();
    var boton = $("boton-duplicado");
    if (boton.disabled) return;
    var de = BP.soloDigitos($("duplicado-de").value);
    var motivo = $("duplicado-motivo").value.trim();
    var lista = [];
    if (!de) lista.push({ campo: "de", mensaje: "Escribe el folio del caso que sigue." });
    else if (de.length !== 10) lista.push({ campo: "de", mensaje: "El folio tiene 10 dígitos." });
    else if (de === K.folio()) lista.push({ campo: "de", mensaje: "Un caso no puede ser duplicado de sí mismo." });
    if (motivo && BP.longitud(motivo) > 1000) lista.push({ campo: "motivo", mensaje: "El motivo puede tener hasta 1,000 caracteres." });
    else if (motivo && C.problemaTexto(motivo)) lista.push({ campo: "motivo", mensaje: C.problemaTexto(motivo) });
    if (lista.length) { gestorU.mostrar("Revisa los datos marcados.", lista); return; }
    gestorU.limpiar();
    var cuerpo = { de: de };
    if (motivo) cuerpo.motivo = motivo;
    C.ocupado(boton, true, "Cerrando…");
    C.api("/api/casos/" + K.folio() + "/duplicado", { metodo: "POST", cuerpo: cuerpo }).then(function () {
      C.ocupado(boton, false);
      $("form-duplicado").reset();
      return K.trasAccion("El caso se cerró como duplicado del folio " + BP.formatearFolio(de) +
        ". Se avisa al cliente que su solicitud sigue con ese folio.");
    }).catch(function (error) {
      C.ocupado(boton, false);
      if (error && error.status === 409) K.recargar();
      C.mostrarErrorEn(gestorU, error, "No se pudo marcar como duplicado.");
    });
  }

  /* ---------- Bloqueo de verificación ---------- */

  var secuencia = 0;

  /** Tras un 423 del contrato: el supervisor lo levanta con motivo; los demás saben a quién pedirlo. */
  function ofrecerLevantarBloqueo(contrato, contenedor) {
    var caja = contenedor && contenedor.querySelector("#aviso-verificacion");
    if (!caja || !contrato) return;
    if (K.rol() !== "supervisores") {
      caja.appendChild(el("p", {}, ["Un supervisor puede levantar el bloqueo si el cliente ya acreditó su identidad."]));
      return;
    }
    var n = ++secuencia;
    var idMotivo = "levantar-motivo-" + n, idAyuda = idMotivo + "-ayuda", idError = idMotivo + "-error";
    var error = el("p", { clase: "campo__error", id: idError, hidden: "hidden" });
    var motivo = el("textarea", { id: idMotivo, name: "motivo", rows: "2", "aria-required": "true", "aria-describedby": idAyuda });
    var boton = el("button", { type: "submit", clase: "boton boton--secundario boton--chico", id: "boton-levantar-bloqueo" }, [
      el("span", { clase: "girador", "aria-hidden": "true" }), el("span", { clase: "boton__texto" }, ["Levantar bloqueo"])
    ]);
    var grupo = el("div", { clase: "campo" }, [
      el("label", { clase: "campo__etiqueta", for: idMotivo }, ["Motivo para levantar el bloqueo"]),
      el("p", { clase: "campo__ayuda", id: idAyuda }, ["Queda en el registro del cliente. De 10 a 500 caracteres; por ejemplo, cómo acreditó su identidad."]),
      error, motivo
    ]);
    var resultado = el("div", { role: "status", "aria-live": "polite", id: "resultado-levantar-bloqueo" });
    var form = el("form", { clase: "levantar-bloqueo", novalidate: "novalidate", id: "form-levantar-bloqueo" }, [grupo, boton]);
    caja.appendChild(form);
    caja.appendChild(resultado);

    function mostrarError(texto) {
      error.textContent = texto;
      error.hidden = !texto;
      grupo.classList.toggle("campo--error", !!texto);
      if (texto) motivo.setAttribute("aria-invalid", "true"); else motivo.removeAttribute("aria-invalid");
      if (texto) motivo.focus();
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (boton.disabled) return;
      var texto = motivo.value.trim();
      if (BP.longitud(texto) < 10) { mostrarError("Escribe el motivo: al menos 10 caracteres."); return; }
      if (BP.longitud(texto) > 500) { mostrarError("El motivo puede tener hasta 500 caracteres."); return; }
      if (C.problemaTexto(texto)) { mostrarError(C.problemaTexto(texto)); return; }
      mostrarError("");
      C.ocupado(boton, true, "Levantando…");
      C.api("/api/verificaciones/bloqueos/" + encodeURIComponent(contrato), { metodo: "DELETE", cuerpo: { motivo: texto } })
        .then(function (r) {
          C.ocupado(boton, false);
          form.remove();
          var restantes = C.numero(r && r.intentos_restantes);
          BP.vaciar(resultado);
          resultado.className = "aviso aviso--exito";
          resultado.appendChild(el("p", { clase: "aviso__titulo", tabindex: "-1", id: "titulo-bloqueo-levantado" }, [
            "Bloqueo levantado. El contrato puede verificarse de nuevo" +
              (restantes === null ? "." : ": quedan " + restantes + " intentos.")
          ]));
          $("titulo-bloqueo-levantado").focus();
        })
        .catch(function (e) {
          C.ocupado(boton, false);
          if (!e || e.sesionVencida) return;
          var campo = e.campos && e.campos.filter(function (c) { return c.campo === "motivo"; })[0];
          mostrarError(campo ? campo.mensaje : C.mensajeError(e, "No se pudo levantar el bloqueo."));
        });
    });
  }

  /* ---------- Inicio ---------- */

  function iniciar() {
    gestorU = BP.crearGestorErrores({
      resumen: $("errores-duplicado"),
      campos: { de: g("u-de", $("duplicado-de")), motivo: g("u-motivo", $("duplicado-motivo")) }
    });
    $("form-duplicado").addEventListener("submit", alDuplicado);
    $("boton-expediente").addEventListener("click", abrirExpediente);
  }

  C.ofrecerLevantarBloqueo = ofrecerLevantarBloqueo;
  K.extender({ pintar: pintar, limpiar: limpiar });
  C.registrar({ iniciar: iniciar });
})();
