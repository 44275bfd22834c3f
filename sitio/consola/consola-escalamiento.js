/*
 * Blue Point · Consola de agentes — escalamiento en la pantalla de un caso:
 * escalar (todos), desescalar (supervisores y el departamento del caso) y reasignar (supervisores).
 * Depende de /js/comun.js (BP), /consola/consola.js (Consola) y /consola/consola-casos.js (Consola.casos).
 * El servidor decide en definitiva: sus mensajes 4xx se muestran tal cual, en el resumen de cada formulario.
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var K = C.casos;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var NIVEL_MAXIMO = 3;
  var ABIERTOS = { registrado: true, en_proceso: true, escalado: true, reabierto: true };
  var gestorE, gestorD, gestorA;
  var departamentos = []; // [{clave, nombre}] del catálogo

  /* ---------- Utilidades ---------- */

  function g(sufijo, control) {
    return { control: control, grupo: $("grupo-" + sufijo), error: $("error-" + sufijo) };
  }

  function nombreDe(clave) {
    var d = departamentos.filter(function (x) { return x.clave === clave; })[0];
    return d ? d.nombre : (K.nombreDepartamento(clave) || clave);
  }

  /** Motivo obligatorio de 5 a 1,000 caracteres (como el servidor). */
  function errorMotivo(texto) {
    if (!texto) return "Escribe el motivo.";
    if (BP.longitud(texto) < 5) return "Escribe al menos 5 caracteres.";
    if (BP.longitud(texto) > 1000) return "El motivo puede tener hasta 1,000 caracteres.";
    return C.problemaTexto(texto);
  }

  /** Un 409 puede venir de un caso que cambió en otra consola: se recarga para mostrar su estado real. */
  function fallo(gestor, predeterminado) {
    return function (error) {
      if (error && error.status === 409) K.recargar();
      C.mostrarErrorEn(gestor, error, predeterminado);
    };
  }

  function llenarDepartamentos(select, primera) {
    var valor = select.value;
    BP.vaciar(select);
    select.appendChild(el("option", { value: "" }, [primera]));
    if (select.id === "escalar-destino") select.appendChild(el("option", { value: "supervisor" }, ["Supervisor"]));
    departamentos.forEach(function (d) {
      select.appendChild(el("option", { value: d.clave }, [d.nombre]));
    });
    select.value = valor;
    if (select.value !== valor) select.value = "";
  }

  /* ---------- Pintar según el caso y el rol ---------- */

  function pintar(r) {
    var c = r && r.caso ? r.caso : {};
    var rol = K.rol();
    var abierto = !!ABIERTOS[c.estado];
    var nivel = C.numero(c.nivel) || 1;

    $("accion-escalar").hidden = !abierto;
    $("escalar-nivel").textContent = nivel >= NIVEL_MAXIMO
      ? "El caso ya está en el nivel más alto (" + NIVEL_MAXIMO + " de " + NIVEL_MAXIMO + ")."
      : "Está en el nivel " + nivel + " de " + NIVEL_MAXIMO + "; al escalarlo pasa al nivel " + (nivel + 1) +
        " y se avisa a supervisores y al departamento.";

    var puedeDesescalar = c.estado === "escalado" && (rol === "supervisores" || rol === "departamentos");
    $("accion-desescalar").hidden = !puedeDesescalar;
    var destino = Math.max(1, nivel - 1);
    $("desescalar-nivel").textContent = "Regresa el caso al nivel " + destino + " y al estado «En proceso»" +
      (destino === 1 ? "; deja de estar asignado a un departamento." : ".");

    $("accion-reasignar").hidden = !(abierto && rol === "supervisores");
  }

  function limpiar() {
    [["form-escalar", gestorE], ["form-desescalar", gestorD], ["form-reasignar", gestorA]].forEach(function (par) {
      $(par[0]).reset();
      if (par[1]) par[1].limpiar();
    });
  }

  /* ---------- Escalar ---------- */

  function alEscalar(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-escalar");
    if (boton.disabled) return;
    var destino = $("escalar-destino").value;
    var motivo = $("escalar-motivo").value.trim();
    var lista = [];
    if (!destino) lista.push({ campo: "destino", mensaje: "Elige a quién se escala: supervisor o un departamento." });
    var em = errorMotivo(motivo);
    if (em) lista.push({ campo: "motivo", mensaje: em });
    if (lista.length) { gestorE.mostrar("Revisa los datos marcados.", lista); return; }
    gestorE.limpiar();
    C.ocupado(boton, true, "Escalando…");
    C.api("/api/casos/" + K.folio() + "/escalamientos", { metodo: "POST", cuerpo: { destino: destino, motivo: motivo } })
      .then(function (r) {
        C.ocupado(boton, false);
        form.reset();
        var caso = r && r.caso ? r.caso : {};
        var quien = destino === "supervisor" ? "supervisión" : (C.texto(caso.departamento_nombre) || nombreDe(destino));
        var nivel = C.numero(caso.nivel);
        return K.trasAccion("El caso se escaló a " + quien + (nivel ? ": ahora está en el nivel " + nivel + "." : "."));
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        fallo(gestorE, "No se pudo escalar el caso.")(error);
      });
  }

  /* ---------- Desescalar ---------- */

  function alDesescalar(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-desescalar");
    if (boton.disabled) return;
    var motivo = $("desescalar-motivo").value.trim();
    var em = errorMotivo(motivo);
    if (em) { gestorD.mostrar("Revisa los datos marcados.", [{ campo: "motivo", mensaje: em }]); return; }
    gestorD.limpiar();
    C.ocupado(boton, true, "Desescalando…");
    C.api("/api/casos/" + K.folio() + "/desescalamiento", { metodo: "POST", cuerpo: { motivo: motivo } })
      .then(function (r) {
        C.ocupado(boton, false);
        form.reset();
        var caso = r && r.caso ? r.caso : {};
        var nivel = C.numero(caso.nivel);
        return K.trasAccion("El caso regresó " + (nivel ? "al nivel " + nivel + " " : "") + "y quedó «" +
          C.nombreEstado(caso.estado || "en_proceso", caso.estado_nombre) + "».");
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        fallo(gestorD, "No se pudo desescalar el caso.")(error);
      });
  }

  /* ---------- Reasignar ---------- */

  function alReasignar(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-reasignar");
    if (boton.disabled) return;
    var asesor = $("reasignar-asesor").value.trim();
    var departamento = $("reasignar-departamento").value;
    var instrucciones = $("reasignar-instrucciones").value.trim();
    var lista = [];
    if (!asesor && !departamento && !instrucciones) {
      lista.push({ campo: "asesor", mensaje: "Indica un asesor, un departamento o instrucciones." });
    } else if (asesor && (BP.longitud(asesor) < 3 || BP.longitud(asesor) > 128 || /\s/.test(asesor))) {
      lista.push({ campo: "asesor", mensaje: "Escribe el usuario del asesor (de 3 a 128 caracteres, sin espacios)." });
    } else if (asesor && C.problemaTexto(asesor)) {
      lista.push({ campo: "asesor", mensaje: C.problemaTexto(asesor) });
    }
    if (instrucciones) {
      if (BP.longitud(instrucciones) < 2) lista.push({ campo: "instrucciones", mensaje: "Escribe al menos 2 caracteres." });
      else if (BP.longitud(instrucciones) > 2000) {
        lista.push({ campo: "instrucciones", mensaje: "Las instrucciones pueden tener hasta 2,000 caracteres." });
      } else if (C.problemaTexto(instrucciones)) lista.push({ campo: "instrucciones", mensaje: C.problemaTexto(instrucciones) });
    }
    if (lista.length) { gestorA.mostrar("Revisa los datos marcados.", lista); return; }
    gestorA.limpiar();
    var cuerpo = {};
    if (asesor) cuerpo.asesor = asesor;
    if (departamento) cuerpo.departamento = departamento;
    if (instrucciones) cuerpo.instrucciones = instrucciones;
    C.ocupado(boton, true, "Reasignando…");
    C.api("/api/casos/" + K.folio() + "/asignacion", { metodo: "POST", cuerpo: cuerpo })
      .then(function () {
        C.ocupado(boton, false);
        form.reset();
        var partes = [];
        if (asesor) partes.push("asignado a " + asesor);
        if (departamento) partes.push("departamento " + nombreDe(departamento));
        var mensaje = partes.length ? "Caso reasignado: " + partes.join("; ") + "." : "Se registraron las instrucciones.";
        if (partes.length && instrucciones) mensaje += " Las instrucciones quedaron en el historial.";
        return K.trasAccion(mensaje);
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        fallo(gestorA, "No se pudo reasignar el caso.")(error);
      });
  }

  /* ---------- Ciclo de vida ---------- */

  function iniciar() {
    gestorE = BP.crearGestorErrores({
      resumen: $("errores-escalar"),
      campos: { destino: g("e-destino", $("escalar-destino")), motivo: g("e-motivo", $("escalar-motivo")) }
    });
    gestorD = BP.crearGestorErrores({
      resumen: $("errores-desescalar"),
      campos: { motivo: g("d-motivo", $("desescalar-motivo")) }
    });
    gestorA = BP.crearGestorErrores({
      resumen: $("errores-reasignar"),
      campos: {
        asesor: g("a-asesor", $("reasignar-asesor")),
        departamento: g("a-departamento", $("reasignar-departamento")),
        instrucciones: g("a-instrucciones", $("reasignar-instrucciones"))
      }
    });
    $("form-escalar").addEventListener("submit", alEscalar);
    $("form-desescalar").addEventListener("submit", alDesescalar);
    $("form-reasignar").addEventListener("submit", alReasignar);
  }

  function alEntrar() {
    C.catalogo().then(function (c) {
      departamentos = (Array.isArray(c.departamentos) ? c.departamentos : []).filter(function (d) {
        return d && C.texto(d.clave) && C.texto(d.nombre);
      }).map(function (d) { return { clave: C.texto(d.clave), nombre: C.texto(d.nombre) }; });
      llenarDepartamentos($("escalar-destino"), "Elige a quién");
      llenarDepartamentos($("reasignar-departamento"), "Sin cambio");
    }, function () { /* sin catálogo se puede escalar a supervisión */ });
  }

  K.extender({ pintar: pintar, limpiar: limpiar });
  C.registrar({ iniciar: iniciar, alEntrar: alEntrar });
})();
