/*
 * Blue Point · La conversación de un caso en la página de seguimiento: los mensajes públicos y un formulario
 * para escribir y adjuntar (fotos JPEG, PNG o HEIC y PDF; hasta 5 de 10 MB).
 * Cada archivo: POST /api/casos/{folio}/adjuntos con el `acceso` de la consulta → POST prefirmado al almacén →
 * POST /api/casos/{folio}/comentarios con los ids. Depende de js/comun.js (BP).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var el = BP.el;
  var MAX_ARCHIVOS = 5;
  var MAX_BYTES = 10 * 1024 * 1024;
  var MAX_TEXTO = 4000;
  var TIPOS = { "image/jpeg": true, "image/png": true, "image/heic": true, "application/pdf": true };
  var POR_EXTENSION = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", heic: "image/heic", pdf: "application/pdf" };

  function texto(v) {
    return typeof v === "string" ? v.trim() : "";
  }

  /** El tipo que se declara: el del navegador, o por la extensión (algunos no reconocen HEIC). */
  function tipoDe(archivo) {
    var t = (archivo.type || "").toLowerCase();
    if (TIPOS[t]) return t;
    if (t === "image/heif") return "image/heic";
    var ext = (archivo.name.split(".").pop() || "").toLowerCase();
    return t ? null : POR_EXTENSION[ext] || null;
  }

  function validar(textoMensaje, archivos) {
    var lista = [];
    if (!textoMensaje) lista.push("Escribe tu mensaje.");
    else if (textoMensaje.length > MAX_TEXTO) lista.push("Tu mensaje tiene más de " + MAX_TEXTO + " caracteres.");
    if (archivos.length > MAX_ARCHIVOS) lista.push("Puedes adjuntar hasta " + MAX_ARCHIVOS + " archivos por mensaje.");
    archivos.forEach(function (a) {
      if (!tipoDe(a)) lista.push("«" + a.name + "» no es una foto JPEG, PNG o HEIC ni un PDF.");
      else if (a.size > MAX_BYTES) lista.push("«" + a.name + "» pesa más de 10 MB.");
      else if (a.size === 0) lista.push("«" + a.name + "» está vacío.");
    });
    return lista;
  }

  /** Sube un archivo: pide el POST prefirmado y lo envía; devuelve el id del adjunto. */
  function subir(folio, acceso, archivo) {
    var pedido = { acceso: acceso, nombre: archivo.name, tipo_contenido: tipoDe(archivo), tamano: archivo.size };
    return BP.pedir("/api/casos/" + encodeURIComponent(folio) + "/adjuntos", { metodo: "POST", cuerpo: pedido })
      .then(function (creado) {
        var datos = new FormData();
        Object.keys(creado.subida.campos).forEach(function (k) { datos.append(k, creado.subida.campos[k]); });
        datos.append("file", archivo);
        return fetch(creado.subida.url, { method: "POST", body: datos, credentials: "omit" }).then(function (r) {
          if (!r.ok) throw new BP.ErrorApi("red", r.status, null);
          return creado.id;
        }, function () { throw new BP.ErrorApi("red", 0, null); });
      });
  }

  function mensajeDeError(error) {
    if (error && error.tipo === "cliente") {
      var partes = [error.mensaje].concat((error.campos || []).map(function (c) { return c.mensaje; }));
      return partes.filter(Boolean).join(" ");
    }
    if (error && error.tipo === "red") {
      return "No pudimos enviar tu mensaje o un archivo por un problema de conexión. Revisa tu red e intenta de nuevo.";
    }
    return "No pudimos enviar tu mensaje por un problema del servidor. Intenta de nuevo en unos minutos.";
  }

  function lista(d) {
    var mensajes = Array.isArray(d.conversacion) ? d.conversacion : [];
    if (!mensajes.length) {
      return el("p", { clase: "historial-vacio" }, ["Todavía no hay mensajes. Si quieres agregar algo a tu solicitud, escríbenos aquí."]);
    }
    var ol = el("ol", { clase: "conversacion", "aria-labelledby": "titulo-conversacion" });
    mensajes.forEach(function (m) {
      var delCliente = m.autor === "cliente";
      var li = el("li", { clase: "mensaje " + (delCliente ? "mensaje--cliente" : "mensaje--asesor") }, [
        el("p", { clase: "mensaje__autor" }, [delCliente ? "Tú" : "Blue Point"]),
        typeof m.fecha === "string"
          ? el("time", { clase: "mensaje__fecha", datetime: BP.fechaHtml(m.fecha) }, [texto(m.fecha_texto)])
          : null,
        el("p", { clase: "mensaje__texto" }, [texto(m.texto)])
      ]);
      var adjuntos = Array.isArray(m.adjuntos) ? m.adjuntos : [];
      if (adjuntos.length) {
        li.appendChild(el("ul", { clase: "mensaje__adjuntos", "aria-label": "Archivos que enviaste" },
          adjuntos.map(function (a) { return el("li", {}, ["📎 " + texto(a.nombre)]); })));
      }
      ol.appendChild(li);
    });
    return ol;
  }

  function formulario(d, rehacer) {
    var folio = d.folio;
    var acceso = d.acceso;
    var form = el("form", { clase: "formulario formulario--mensaje", id: "form-mensaje", novalidate: true,
      "aria-labelledby": "titulo-escribir" });
    var errorMensaje = el("div", { clase: "aviso aviso--error", id: "error-mensaje", role: "alert", tabindex: "-1", hidden: true });
    var area = el("textarea", { id: "mensaje-texto", name: "texto", rows: "4", maxlength: String(MAX_TEXTO),
      "aria-describedby": "mensaje-ayuda", "aria-required": "true" });
    var archivos = el("input", { id: "mensaje-archivos", name: "archivos", type: "file", multiple: true,
      accept: "image/jpeg,image/png,image/heic,.heic,application/pdf", "aria-describedby": "archivos-ayuda" });
    var boton = el("button", { type: "submit", clase: "boton boton--primario", id: "boton-mensaje" }, [
      el("span", { clase: "girador", "aria-hidden": "true" }), el("span", { clase: "boton__texto" }, ["Enviar mensaje"])
    ]);
    var estado = el("p", { clase: "estado-envio", id: "estado-mensaje", role: "status", tabindex: "-1" });
    var enviando = false;

    form.appendChild(el("h4", { id: "titulo-escribir" }, ["Escríbenos"]));
    form.appendChild(errorMensaje);
    form.appendChild(el("div", { clase: "campo" }, [
      el("label", { clase: "campo__etiqueta", for: "mensaje-texto" }, ["Tu mensaje ", el("span", { clase: "indicador" }, ["(obligatorio)"])]),
      el("p", { clase: "campo__ayuda", id: "mensaje-ayuda" }, ["Lo leerá el asesor que atiende tu solicitud y te contestaremos por el medio que elegiste."]),
      area
    ]));
    form.appendChild(el("div", { clase: "campo" }, [
      el("label", { clase: "campo__etiqueta", for: "mensaje-archivos" }, ["Adjuntar fotos o documentos ", el("span", { clase: "indicador" }, ["(opcional)"])]),
      el("p", { clase: "campo__ayuda", id: "archivos-ayuda" }, ["Hasta 5 archivos: fotos JPEG, PNG o HEIC o documentos PDF, de hasta 10 MB cada uno. Los revisamos con un antivirus."]),
      archivos
    ]));
    form.appendChild(el("div", { clase: "formulario__envio" }, [boton, estado]));

    function ponerEnviando(activo, aviso) {
      enviando = activo;
      boton.disabled = activo;
      boton.classList.toggle("boton--cargando", activo);
      form.setAttribute("aria-busy", activo ? "true" : "false");
      estado.textContent = aviso || "";
    }

    function mostrarError(textoError) {
      errorMensaje.textContent = textoError;
      errorMensaje.hidden = false;
      errorMensaje.focus();
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (enviando) return;
      errorMensaje.hidden = true;
      var lista = Array.prototype.slice.call(archivos.files || []);
      var problemas = validar(area.value.trim(), lista);
      if (problemas.length) {
        mostrarError(problemas.join(" "));
        return;
      }
      ponerEnviando(true, lista.length ? "Subiendo tus archivos…" : "Enviando tu mensaje…");
      var ids = [];
      var cadena = Promise.resolve();
      lista.forEach(function (archivo, i) {
        cadena = cadena.then(function () {
          estado.textContent = "Subiendo «" + archivo.name + "» (" + (i + 1) + " de " + lista.length + ")…";
          return subir(folio, acceso, archivo).then(function (id) { ids.push(id); });
        });
      });
      cadena.then(function () {
        estado.textContent = "Enviando tu mensaje…";
        return BP.pedir("/api/casos/" + encodeURIComponent(folio) + "/comentarios", {
          metodo: "POST", cuerpo: { acceso: acceso, texto: area.value.trim(), adjuntos: ids }
        });
      }).then(function (datos) {
        ponerEnviando(false);
        rehacer(datos, { trasMensaje: true });
      }, function (error) {
        ponerEnviando(false);
        mostrarError(mensajeDeError(error));
      });
    });
    return form;
  }

  function seccion(d, rehacer) {
    var cont = el("section", { clase: "tarjeta consulta conversacion-caso", "aria-labelledby": "titulo-conversacion" }, [
      el("h3", { clase: "subtitulo-resultado", id: "titulo-conversacion" }, ["Mensajes"]),
      lista(d)
    ]);
    if (d.admite_mensajes && texto(d.acceso)) {
      cont.appendChild(formulario(d, rehacer));
    } else if (!d.admite_mensajes) {
      cont.appendChild(el("p", { clase: "campo__ayuda" }, [
        "Esta solicitud está cerrada y ya no admite mensajes. Si el problema sigue, abre una solicitud nueva o llámanos."
      ]));
    }
    return cont;
  }

  BP.conversacion = { seccion: seccion, tipoDe: tipoDe, validar: validar };
})();
