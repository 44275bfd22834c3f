/*
 * Blue Point · Consola de agentes — correos apartados para revisión (supervisores, issue 15).
 * Las respuestas por correo que no se anexaron (dirección falsa, otro remitente, spam, virus, DMARC fallido…):
 * GET /api/correos-apartados. La API sólo los lista; desde aquí se abre el caso al que iban y se copia la llave
 * del correo guardado (para leerlo en el archivo de correos recibidos).
 * Ruta en el hash: "#/correos-apartados". Depende de comun.js y consola.js.
 * Todo lo que viene del servidor se inserta con textContent (BP.el).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var RUTA = "#/correos-apartados";
  var activo = false;
  var peticion = 0;

  function esSupervisor() {
    var s = C.sesion();
    return !!s && s.rol === "supervisores";
  }

  function ocultarOtras() {
    ["vista-cola", "vista-caso"].forEach(function (id) { $(id).hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-vista-extra]"), function (n) {
      n.hidden = n.id !== "vista-apartados";
    });
  }

  function error(texto) {
    var caja = $("errores-apartados");
    caja.textContent = texto || "";
    caja.hidden = !texto;
    if (texto) caja.focus();
  }

  function fila(c) {
    var folio = BP.soloDigitos(c.folio);
    var destino = folio.length === 10
      ? el("a", { href: "#/casos/" + folio, clase: "fila-caso__folio" }, [BP.formatearFolio(folio)])
      : el("span", {}, ["Sin folio auténtico"]);
    var llave = C.texto(c.objeto);
    var copiar = el("button", {
      type: "button", clase: "boton boton--terciario boton--chico",
      "aria-label": "Copiar la llave del correo recibido el " + C.texto(c.fecha_texto)
    }, ["Copiar llave"]);
    copiar.addEventListener("click", function () {
      C.copiar(llave).then(function () { BP.anunciar("Llave copiada: " + llave); })
        .catch(function () { BP.anunciar("No se pudo copiar; selecciona la llave y cópiala a mano."); });
    });
    return el("tr", { "data-id": C.texto(c.id_ses) }, [
      el("td", {}, [C.fecha(c.fecha_texto, c.fecha)]),
      el("td", {}, [C.texto(c.motivo_texto) || C.texto(c.motivo)]),
      el("td", { clase: "tabla-apartados__remitente" }, [C.texto(c.remitente) || "—"]),
      el("td", {}, [destino]),
      el("td", {}, [el("code", { clase: "tabla-apartados__llave" }, [llave || "—"]), " ", llave ? copiar : null])
    ]);
  }

  function cargar() {
    if (!activo) return;
    ocultarOtras();
    $("vista-apartados").hidden = false;
    var cuerpo = $("apartados-cuerpo");
    BP.vaciar(cuerpo);
    $("tabla-apartados").hidden = true;
    error("");
    $("titulo-apartados").focus({ preventScroll: true });
    if (!esSupervisor()) {
      $("estado-apartados").textContent = "";
      $("boton-actualizar-apartados").hidden = true;
      error("Sólo los supervisores revisan los correos apartados.");
      return;
    }
    $("boton-actualizar-apartados").hidden = false;
    var n = ++peticion;
    $("estado-apartados").textContent = "Cargando los correos apartados…";
    C.api("/api/correos-apartados").then(function (r) {
      if (n !== peticion) return;
      var lista = Array.isArray(r && r.correos) ? r.correos : [];
      lista.forEach(function (c) { cuerpo.appendChild(fila(c)); });
      $("tabla-apartados").hidden = !lista.length;
      var texto = !lista.length ? "No hay correos apartados."
        : (lista.length === 1 ? "1 correo apartado" : lista.length + " correos apartados") +
          (lista.length >= (C.numero(r.mostrados_max) || Infinity) ? " (sólo los " + r.mostrados_max + " más recientes)." : ".");
      $("estado-apartados").textContent = texto;
      BP.anunciar(texto);
    }).catch(function (e) {
      if (n !== peticion) return;
      $("estado-apartados").textContent = "";
      if (!e || e.sesionVencida) return;
      error("No se pudieron cargar los correos apartados. " + C.mensajeError(e, ""));
    });
  }

  function alCambiarHash() {
    if (window.location.hash === RUTA) cargar();
    else $("vista-apartados").hidden = true;
  }

  function iniciar() {
    window.addEventListener("hashchange", alCambiarHash);
    $("boton-actualizar-apartados").addEventListener("click", cargar);
  }

  function alEntrar(s) {
    activo = true;
    $("enlace-apartados").hidden = !s || s.rol !== "supervisores";
    if (window.location.hash === RUTA) cargar();
  }

  function alSalir() {
    activo = false;
    peticion++;
    $("enlace-apartados").hidden = true;
    $("vista-apartados").hidden = true;
    BP.vaciar($("apartados-cuerpo"));
  }

  C.registrar({ iniciar: iniciar, alEntrar: alEntrar, alSalir: alSalir });
})();
