/*
 * Blue Point · Consola de agentes — la conversación en la pantalla de un caso:
 * responder al cliente (con respuestas predefinidas del catálogo; se entrega por correo o SMS) y los archivos del
 * caso con su revisión antivirus (sólo se abren los limpios, con un enlace de 5 minutos).
 * Depende de /js/comun.js (BP), /consola/consola.js (Consola) y /consola/consola-casos.js (Consola.casos).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var C = window.Consola;
  var K = C.casos;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var gestorM;
  var predefinidas = []; // [{clave, nombre, texto}] del catálogo
  var ORIGEN = { cliente: "el cliente" };

  function enmascarar(correo) {
    var partes = String(correo).split("@");
    return partes.length === 2 ? partes[0].charAt(0) + "***@" + partes[1] : correo;
  }

  /* ---------- Responder al cliente ---------- */

  // La ventana de atención de WhatsApp: 24 h desde el último mensaje del cliente por WhatsApp (la decide el servidor
  // al enviar; aquí sólo se avisa al asesor qué va a pasar).
  var VENTANA_MS = 24 * 3600 * 1000;

  function ultimoWhatsapp(historial) {
    var ultimo = 0;
    (Array.isArray(historial) ? historial : []).forEach(function (e) {
      var d = e && e.datos && typeof e.datos === "object" ? e.datos : {};
      if (e && e.tipo === "mensaje_cliente" && e.autor === "cliente" && d.canal === "whatsapp") {
        var t = Date.parse(e.fecha);
        if (t > ultimo) ultimo = t;
      }
    });
    return ultimo;
  }

  function medioTexto(c, historial) {
    if (c.medio_notificacion === "whatsapp" && c.telefono) {
      var ultimo = ultimoWhatsapp(historial);
      if (ultimo && Date.now() < ultimo + VENTANA_MS) {
        return "Se envía por WhatsApp al " + C.telefonoLegible(c.telefono) + " como mensaje libre: el cliente escribió " +
          "por WhatsApp en las últimas 24 horas.";
      }
      return "Se envía por WhatsApp al " + C.telefonoLegible(c.telefono) + " en la plantilla que invita a responder " +
        "(el cliente no ha escrito por WhatsApp en las últimas 24 horas); lleva hasta 600 caracteres del mensaje y el " +
        "enlace al caso.";
    }
    if (c.correo) return "Se envía por correo a " + enmascarar(c.correo) + " y queda en el historial público del caso.";
    if (c.telefono) {
      return "El caso sólo tiene teléfono: se envía un SMS con el enlace al caso (" + C.telefonoLegible(c.telefono) +
        "); el cliente lo lee con su folio y su teléfono.";
    }
    return "El caso no tiene correo ni teléfono: no hay por dónde enviar un mensaje.";
  }

  function llenarPredefinidas() {
    var select = $("mensaje-predefinida");
    while (select.options.length > 1) select.remove(1);
    predefinidas.forEach(function (r) { select.appendChild(el("option", { value: r.clave }, [r.nombre])); });
  }

  function alElegir() {
    var clave = $("mensaje-predefinida").value;
    var r = predefinidas.filter(function (x) { return x.clave === clave; })[0];
    if (r) $("mensaje-texto").value = r.texto;
  }

  function alEnviar(ev) {
    ev.preventDefault();
    var form = ev.currentTarget, boton = $("boton-mensaje");
    if (boton.disabled) return;
    var texto = $("mensaje-texto").value.trim();
    var lista = [];
    if (!texto) lista.push({ campo: "texto", mensaje: "Escribe el mensaje para el cliente." });
    else if (BP.longitud(texto) < 2) lista.push({ campo: "texto", mensaje: "Escribe al menos 2 caracteres." });
    else if (BP.longitud(texto) > 2000) lista.push({ campo: "texto", mensaje: "El mensaje puede tener hasta 2,000 caracteres." });
    else if (C.problemaTexto(texto)) lista.push({ campo: "texto", mensaje: C.problemaTexto(texto) });
    if (lista.length) { gestorM.mostrar("Revisa los datos marcados.", lista); return; }
    gestorM.limpiar();
    var c = (K.datos() || {}).caso || {};
    C.ocupado(boton, true, "Enviando…");
    C.api("/api/casos/" + K.folio() + "/interacciones", { metodo: "POST", cuerpo: { tipo: "mensaje", texto: texto } })
      .then(function () {
        C.ocupado(boton, false);
        form.reset();
        return K.trasAccion(c.correo
          ? "Mensaje enviado al cliente por correo. La prueba de entrega aparecerá en el historial."
          : "Mensaje enviado al cliente por SMS, con el enlace a su caso.");
      })
      .catch(function (error) {
        C.ocupado(boton, false);
        if (error && error.status === 409) K.recargar();
        C.mostrarErrorEn(gestorM, error, "No se pudo enviar el mensaje.");
      });
  }

  /* ---------- Archivos del caso ---------- */

  function pintarAdjuntos(r) {
    var ul = $("lista-adjuntos");
    BP.vaciar(ul);
    $("errores-adjuntos").hidden = true;
    var adjuntos = Array.isArray(r.adjuntos) ? r.adjuntos.filter(function (a) {
      return a && a.estado !== "pendiente" && a.estado !== "rechazado";
    }) : [];
    if (!adjuntos.length) {
      ul.appendChild(el("li", { clase: "historial-vacio" }, ["El caso no tiene archivos."]));
      return;
    }
    adjuntos.forEach(function (a) {
      var nombre = C.texto(a.nombre);
      var li = el("li", { clase: "adjunto adjunto--" + C.texto(a.estado).replace(/[^a-z_]/g, ""), "data-adjunto": a.id }, [
        el("span", { clase: "adjunto__nombre" }, [nombre]),
        el("span", { clase: "adjunto__estado" }, [C.texto(a.estado_nombre)]),
        el("span", { clase: "adjunto__origen" }, ["Subido por " + (ORIGEN[a.origen] || C.texto(a.origen))])
      ]);
      if (a.descargable) {
        var boton = el("button", { type: "button", clase: "boton boton--secundario boton--chico" }, [
          el("span", { clase: "girador", "aria-hidden": "true" }),
          el("span", { clase: "boton__texto" }, ["Obtener enlace de «" + nombre + "»"])
        ]);
        boton.addEventListener("click", function () { obtenerEnlace(a, li, boton); });
        li.appendChild(boton);
      }
      ul.appendChild(li);
    });
  }

  function obtenerEnlace(a, li, boton) {
    C.ocupado(boton, true, "Pidiendo…");
    C.api("/api/casos/" + K.folio() + "/adjuntos/" + encodeURIComponent(a.id), {}).then(function (d) {
      C.ocupado(boton, false);
      var viejo = li.querySelector(".adjunto__enlace");
      if (viejo) viejo.remove();
      var url = C.texto(d.url);
      if (!/^https?:\/\//.test(url)) throw new BP.ErrorApi("servidor", 200, null);
      var enlace = el("a", { clase: "adjunto__enlace", href: url, target: "_blank", rel: "noopener noreferrer" },
        ["Abrir «" + C.texto(d.nombre) + "» (el enlace vale 5 minutos)"]);
      li.appendChild(enlace);
      enlace.focus();
    }).catch(function (error) {
      C.ocupado(boton, false);
      var caja = $("errores-adjuntos");
      caja.textContent = C.mensajeError(error, "No se pudo obtener el enlace del archivo.");
      caja.hidden = false;
      caja.focus();
    });
  }

  /* ---------- Adjuntos del agente (en una nota, llamada o acción) ---------- */

  var MAX_ARCHIVOS = 5, MAX_BYTES = 10 * 1024 * 1024;
  var TIPOS = { "image/jpeg": true, "image/png": true, "image/heic": true, "application/pdf": true };
  var POR_EXTENSION = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", heic: "image/heic", pdf: "application/pdf" };

  function tipoDe(archivo) {
    var t = (archivo.type || "").toLowerCase();
    if (TIPOS[t]) return t;
    if (t === "image/heif") return "image/heic";
    return t ? null : POR_EXTENSION[(archivo.name.split(".").pop() || "").toLowerCase()] || null;
  }

  function validar(archivos) {
    var lista = [];
    if (archivos.length > MAX_ARCHIVOS) lista.push("Puedes adjuntar hasta " + MAX_ARCHIVOS + " archivos.");
    archivos.forEach(function (a) {
      if (!tipoDe(a)) lista.push("«" + a.name + "» no es una foto JPEG, PNG o HEIC ni un PDF.");
      else if (a.size > MAX_BYTES) lista.push("«" + a.name + "» pesa más de 10 MB.");
      else if (a.size === 0) lista.push("«" + a.name + "» está vacío.");
    });
    return lista;
  }

  /** Sube cada archivo con su POST prefirmado; devuelve sus ids en orden. */
  function subir(folio, archivos) {
    var ids = [];
    return archivos.reduce(function (cadena, archivo) {
      return cadena.then(function () {
        var pedido = { nombre: archivo.name, tipo_contenido: tipoDe(archivo), tamano: archivo.size };
        return C.api("/api/casos/" + folio + "/adjuntos/agente", { metodo: "POST", cuerpo: pedido }).then(function (creado) {
          var datos = new FormData();
          Object.keys(creado.subida.campos).forEach(function (k) { datos.append(k, creado.subida.campos[k]); });
          datos.append("file", archivo);
          return fetch(creado.subida.url, { method: "POST", body: datos, credentials: "omit" }).then(function (r) {
            if (!r.ok) throw new BP.ErrorApi("red", r.status, null);
            ids.push(creado.id);
          }, function () { throw new BP.ErrorApi("red", 0, null); });
        });
      });
    }, Promise.resolve()).then(function () { return ids; });
  }

  C.adjuntos = { validar: validar, subir: subir };

  /* ---------- Pintar según el caso ---------- */

  /** Por dónde le llega la resolución (como dominio/whatsapp.contacto: la queja con correo concluye por correo). */
  function resolucionTexto(c) {
    if (c.medio_notificacion === "whatsapp" && c.telefono && !(c.tipo === "queja" && c.correo)) {
      return "Se le envía por WhatsApp con dos botones para confirmar si quedó resuelto: «Sí, quedó resuelto» y " +
        "«No, sigue el problema».";
    }
    if (!c.correo && c.telefono) return "Se le envía por SMS con un enlace para confirmar si quedó resuelto.";
    return "Se le envía por correo con dos enlaces para confirmar si quedó resuelto.";
  }

  function pintar(r) {
    var c = r && r.caso ? r.caso : {};
    $("accion-mensaje").hidden = c.estado === "cerrado" || !(c.correo || c.telefono);
    $("mensaje-medio").textContent = medioTexto(c, r && r.historial);
    $("resolucion-resumen-ayuda").textContent = resolucionTexto(c);
    pintarAdjuntos(r || {});
  }

  function limpiar() {
    $("form-mensaje").reset();
    if (gestorM) gestorM.limpiar();
    BP.vaciar($("lista-adjuntos"));
  }

  function iniciar() {
    gestorM = BP.crearGestorErrores({
      resumen: $("errores-mensaje"),
      campos: { texto: { control: $("mensaje-texto"), grupo: $("grupo-m-texto"), error: $("error-m-texto") } }
    });
    $("form-mensaje").addEventListener("submit", alEnviar);
    $("mensaje-predefinida").addEventListener("change", alElegir);
  }

  function alEntrar() {
    C.catalogo().then(function (c) {
      predefinidas = (Array.isArray(c.respuestas_predefinidas) ? c.respuestas_predefinidas : []).filter(function (r) {
        return r && C.texto(r.clave) && C.texto(r.nombre) && C.texto(r.texto);
      });
      llenarPredefinidas();
    }, function () { /* sin catálogo se escribe el mensaje a mano */ });
  }

  K.extender({ pintar: pintar, limpiar: limpiar });
  C.registrar({ iniciar: iniciar, alEntrar: alEntrar });
})();
