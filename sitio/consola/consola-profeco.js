/*
 * Blue Point · Consola de agentes — marca de proceso ante PROFECO en el detalle del caso (issue 16).
 * Supervisores: «Marcar proceso ante PROFECO…» (PUT /api/casos/{folio}/profeco {expediente, motivo}) y, si ya hay
 * uno abierto, «Cerrar el proceso ante PROFECO…» (DELETE con {motivo}); las dos piden confirmación antes de llamar
 * y el resultado se anuncia en el aviso de la acción (role="status"). Todos ven el dato en «Datos del caso».
 * Mientras el proceso está abierto, la cancelación ARCO de los datos de ese caso se rechaza.
 * Depende de /js/comun.js (BP), /consola/consola.js (Consola) y /consola/consola-casos.js (Consola.casos).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var K = C.casos;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };
  var gestor;
  var abierto = null; // la marca del caso a la vista ({expediente, desde_texto, por}) o null

  function g(sufijo, control) {
    return { control: control, grupo: $("grupo-" + sufijo), error: $("error-" + sufijo) };
  }

  function ocultarConfirmacion() {
    $("confirmar-profeco").hidden = true;
  }

  function pintar(r) {
    var c = r && r.caso ? r.caso : {};
    abierto = c.proceso_profeco && C.texto(c.proceso_profeco.expediente) ? c.proceso_profeco : null;
    if (abierto) {
      var dl = $("caso-datos");
      dl.appendChild(el("div", { clase: "datos-caso__fila" }, [
        el("dt", {}, ["Proceso ante PROFECO"]),
        el("dd", { id: "dato-profeco" }, [
          "Abierto, expediente " + abierto.expediente + ", desde el " + C.texto(abierto.desde_texto) +
            (C.texto(abierto.por) ? " (" + abierto.por + ")" : "")
        ])
      ]));
    }
    var puede = K.rol() === "supervisores";
    $("accion-profeco").hidden = !puede;
    if (!puede) return;
    ocultarConfirmacion();
    $("grupo-p-expediente").hidden = !!abierto;
    $("profeco-ayuda").textContent = abierto
      ? "El caso tiene abierto el proceso ante PROFECO con expediente " + abierto.expediente +
        ". Ciérralo cuando la conciliación termine; mientras siga abierto no se pueden cancelar sus datos (ARCO)."
      : "Si el cliente llevó este caso a PROFECO, márcalo con el número de expediente: mientras el proceso siga abierto no se pueden cancelar sus datos (ARCO).";
    var etiqueta = $("boton-profeco").querySelector(".boton__texto");
    var texto = abierto ? "Cerrar el proceso ante PROFECO…" : "Marcar proceso ante PROFECO…";
    etiqueta.textContent = texto;
    $("boton-profeco").setAttribute("data-texto", texto);
  }

  function limpiar() {
    $("form-profeco").reset();
    if (gestor) gestor.limpiar();
    ocultarConfirmacion();
    abierto = null;
  }

  /** Revisión local (el servidor revisa igual); null si hay errores. */
  function cuerpo() {
    var expediente = $("profeco-expediente").value.trim();
    var motivo = $("profeco-motivo").value.trim();
    var lista = [];
    if (!abierto) {
      if (BP.longitud(expediente) < 3) lista.push({ campo: "expediente", mensaje: "Escribe el número de expediente (3 caracteres o más)." });
      else if (C.problemaTexto(expediente)) lista.push({ campo: "expediente", mensaje: C.problemaTexto(expediente) });
    }
    if (BP.longitud(motivo) < 10) lista.push({ campo: "motivo", mensaje: "Escribe el motivo (10 caracteres o más)." });
    else if (BP.longitud(motivo) > 500) lista.push({ campo: "motivo", mensaje: "El motivo puede tener hasta 500 caracteres." });
    else if (C.problemaTexto(motivo)) lista.push({ campo: "motivo", mensaje: C.problemaTexto(motivo) });
    if (lista.length) { gestor.mostrar("Revisa los datos marcados.", lista); return null; }
    gestor.limpiar();
    return abierto ? { motivo: motivo } : { expediente: expediente, motivo: motivo };
  }

  function alPedir(ev) {
    ev.preventDefault();
    if (!cuerpo()) return;
    var folio = BP.formatearFolio(K.folio());
    $("titulo-confirmar-profeco").textContent = abierto
      ? "¿Cerrar el proceso ante PROFECO del caso " + folio + "?"
      : "¿Marcar el caso " + folio + " con un proceso ante PROFECO?";
    $("texto-confirmar-profeco").textContent = abierto
      ? "Se cierra el expediente " + abierto.expediente + ". Después ya se podrán cancelar los datos del caso si el titular lo pide."
      : "Expediente " + $("profeco-expediente").value.trim() + ". Mientras siga abierto, no se podrán cancelar los datos del caso (ARCO).";
    $("confirmar-profeco").hidden = false;
    $("boton-confirmar-profeco").focus();
  }

  function alConfirmar() {
    var datos = cuerpo();
    if (!datos) { ocultarConfirmacion(); return; }
    var boton = $("boton-confirmar-profeco");
    if (boton.disabled) return;
    var cerrar = !!abierto;
    C.ocupado(boton, true, cerrar ? "Cerrando…" : "Marcando…");
    C.api("/api/casos/" + K.folio() + "/profeco", { metodo: cerrar ? "DELETE" : "PUT", cuerpo: datos }).then(function (r) {
      C.ocupado(boton, false);
      ocultarConfirmacion();
      $("form-profeco").reset();
      return K.trasAccion(cerrar
        ? "Se cerró el proceso ante PROFECO del caso."
        : "El caso quedó marcado con el proceso ante PROFECO, expediente " + C.texto(r && r.expediente) + ".");
    }).catch(function (error) {
      C.ocupado(boton, false);
      ocultarConfirmacion();
      // Otro supervisor lo marcó o lo cerró en medio: se recarga para mostrar lo que hay.
      if (error && error.status === 409) K.recargar();
      C.mostrarErrorEn(gestor, error, "No se pudo cambiar el proceso ante PROFECO.");
    });
  }

  function iniciar() {
    gestor = BP.crearGestorErrores({
      resumen: $("errores-profeco"),
      campos: { expediente: g("p-expediente", $("profeco-expediente")), motivo: g("p-motivo", $("profeco-motivo")) }
    });
    $("form-profeco").addEventListener("submit", alPedir);
    $("boton-confirmar-profeco").addEventListener("click", alConfirmar);
    $("boton-no-profeco").addEventListener("click", function () {
      ocultarConfirmacion();
      $("boton-profeco").focus();
    });
  }

  K.extender({ pintar: pintar, limpiar: limpiar });
  C.registrar({ iniciar: iniciar });
})();
