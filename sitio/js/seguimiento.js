/*
 * Blue Point · Consulta del estado de una solicitud (seguimiento.html).
 * Depende de js/comun.js (BP).
 */
(function () {
  "use strict";

  var BP = window.BP;
  var el = BP.el;
  var $ = function (id) { return document.getElementById(id); };

  var PASOS = [
    { clave: "registrado", nombre: "Registrado" },
    { clave: "en_proceso", nombre: "En proceso" },
    { clave: "escalado", nombre: "Escalado", opcional: true },
    { clave: "resuelto", nombre: "Resuelto" },
    { clave: "cerrado", nombre: "Cerrado" }
  ];
  // Un caso reabierto vuelve a estar en atención: se marca "En proceso" en la línea de pasos.
  var ALIAS_ESTADO = { reabierto: "en_proceso" };
  var MENSAJE_REVISA = "Revisa los datos marcados.";
  var MENSAJE_GENERICO = "No pudimos consultar tu solicitud por un problema de conexión o del servidor.";

  var form, resultado, boton, estadoConsulta, errores;
  var consultando = false;
  var tituloOriginal = document.title;

  function factor() {
    var r = form.querySelector('input[name="factor"]:checked');
    return r ? r.value : "contrato";
  }

  function valor(id) {
    return $(id).value.trim();
  }

  /* ---------- Segundo factor ---------- */

  function actualizarFactor() {
    var elegido = factor();
    ["contrato", "correo", "telefono"].forEach(function (clave) {
      $("grupo-" + clave).hidden = clave !== elegido;
      if (clave !== elegido) errores.limpiarCampo(clave);
    });
  }

  /* ---------- Validación ---------- */

  function validar() {
    var lista = [];
    var folio = valor("folio");
    if (!folio) lista.push({ campo: "folio", mensaje: "Escribe tu folio." });
    else if (!/^[\d\s-]+$/.test(folio) || BP.soloDigitos(folio).length !== 10) {
      lista.push({ campo: "folio", mensaje: "El folio tiene 10 dígitos, por ejemplo 123 456 7890." });
    }

    if (factor() === "telefono") {
      var telefono = BP.soloDigitos(valor("telefono")).replace(/^52(?=\d{10}$)/, "");
      if (!telefono) lista.push({ campo: "telefono", mensaje: "Escribe el teléfono que registraste en tu solicitud." });
      else if (telefono.length !== 10) {
        lista.push({ campo: "telefono", mensaje: "Escribe un teléfono de 10 dígitos, por ejemplo 767 672 0827." });
      }
    } else if (factor() === "correo") {
      var correo = valor("correo");
      if (!correo) lista.push({ campo: "correo", mensaje: "Escribe el correo que registraste en tu solicitud." });
      else if (!BP.correoValido(correo)) {
        lista.push({ campo: "correo", mensaje: "Escribe un correo válido, por ejemplo nombre@dominio.mx." });
      }
    } else {
      var contrato = BP.normalizarContrato(valor("contrato"));
      if (!contrato) lista.push({ campo: "contrato", mensaje: "Escribe tu número de contrato." });
      else if (!/^\d{6,12}$/.test(contrato)) {
        lista.push({ campo: "contrato", mensaje: "El número de contrato tiene de 6 a 12 dígitos, sin letras." });
      }
    }
    return lista;
  }

  function revalidarMarcados() {
    var actuales = {};
    validar().forEach(function (e) { actuales[e.campo] = e.mensaje; });
    ["folio", "contrato", "correo", "telefono"].forEach(function (campo) {
      if (!errores.tieneError(campo)) return;
      if (actuales[campo]) errores.marcarCampo(campo, actuales[campo]);
      else errores.limpiarCampo(campo);
    });
  }

  function cuerpoConsulta() {
    // El folio va tal como se escribió: el servidor lo normaliza y valida el dígito verificador.
    var cuerpo = { folio: valor("folio") };
    if (factor() === "correo") cuerpo.correo = valor("correo");
    else if (factor() === "telefono") cuerpo.telefono = valor("telefono");
    else cuerpo.contrato = BP.normalizarContrato(valor("contrato"));
    return cuerpo;
  }

  /* ---------- Envío ---------- */

  function ponerConsultando(activo) {
    consultando = activo;
    boton.disabled = activo;
    boton.classList.toggle("boton--cargando", activo);
    boton.querySelector(".boton__texto").textContent = activo ? "Consultando…" : "Consultar";
    form.setAttribute("aria-busy", activo ? "true" : "false");
    estadoConsulta.textContent = activo ? "Consultando tu solicitud; espera un momento, por favor." : "";
  }

  function alEnviar(evento) {
    evento.preventDefault();
    if (consultando) return;

    var lista = validar();
    if (lista.length) {
      ocultarResultado();
      errores.mostrar(MENSAJE_REVISA, lista);
      return;
    }
    errores.limpiar();
    ponerConsultando(true);

    BP.pedir("/api/consultas", { metodo: "POST", cuerpo: cuerpoConsulta() }).then(function (datos) {
      ponerConsultando(false);
      mostrarResultado(datos);
    }, function (error) {
      ponerConsultando(false);
      ocultarResultado();
      if (error.tipo === "cliente" && error.intentosRestantes === 0) {
        // Sin intentos con este folio (el último fallo o el bloqueo): el mensaje dice cuánto esperar y los
        // teléfonos van como enlaces. Con intentos, el mensaje ya dice cuántos quedan.
        errores.mostrar(error.mensaje, [], BP.parrafoAyudaTelefonica("Si necesitas tu información ahora, llámanos al "));
        return;
      }
      errores.mostrarErrorApi(error, MENSAJE_GENERICO);
    });
  }

  /* ---------- Resultado ---------- */

  function texto(v) {
    return typeof v === "string" && v.trim() ? v.trim() : "";
  }

  function ocultarResultado() {
    BP.vaciar(resultado);
    resultado.hidden = true;
    document.title = tituloOriginal;
  }

  function indicePaso(datos) {
    var candidatos = [datos.estado, datos.estado_nombre];
    for (var i = 0; i < candidatos.length; i++) {
      var clave = BP.normalizarClave(candidatos[i]);
      clave = ALIAS_ESTADO[clave] || clave;
      for (var j = 0; j < PASOS.length; j++) if (PASOS[j].clave === clave) return j;
    }
    return -1;
  }

  function pasosEstado(actual) {
    var lista = el("ol", { clase: "pasos-estado", "aria-label": "Avance de tu solicitud" });
    PASOS.forEach(function (paso, i) {
      var clase = "paso-estado";
      var marca = String(i + 1);
      var nota = "";
      var leido;
      if (i < actual && paso.opcional) {
        clase += " paso-estado--opcional";
        leido = "solo si fue necesario";
        nota = "si aplica";
      } else if (i < actual) {
        clase += " paso-estado--hecho";
        marca = "✓";
        leido = "completado";
      } else if (i === actual) {
        clase += " paso-estado--actual";
        leido = "estado actual";
      } else {
        leido = paso.opcional ? "solo si es necesario" : "pendiente";
        if (paso.opcional) nota = "si aplica";
      }
      var li = el("li", { clase: clase, "aria-current": i === actual ? "step" : null }, [
        el("span", { clase: "paso-estado__marca", "aria-hidden": "true" }, [marca]),
        el("span", { clase: "paso-estado__nombre" }, [paso.nombre]),
        nota ? el("span", { clase: "paso-estado__nota", "aria-hidden": "true" }, ["(" + nota + ")"]) : null,
        el("span", { clase: "sr-only" }, [": " + leido])
      ]);
      lista.appendChild(li);
    });
    return lista;
  }

  function ordenarHistorial(historial) {
    var conIndice = historial.filter(function (h) { return h && typeof h === "object"; })
      .map(function (h, i) { return { h: h, i: i, t: Date.parse(h.fecha) }; });
    var todasConFecha = conIndice.every(function (x) { return !isNaN(x.t); });
    if (!todasConFecha) return conIndice.map(function (x) { return x.h; });
    conIndice.sort(function (a, b) { return (b.t - a.t) || (b.i - a.i); });
    return conIndice.map(function (x) { return x.h; });
  }

  function mostrarResultado(d, opciones) {
    var trasMensaje = Boolean(opciones && opciones.trasMensaje);
    BP.vaciar(resultado);
    var folioLegible = texto(d.folio_legible) || BP.formatearFolio(d.folio);
    var estadoNombre = texto(d.estado_nombre) || texto(d.estado) || "Sin estado";
    var claveEstado = BP.normalizarClave(d.estado);
    var actual = indicePaso(d);

    var tarjeta = el("div", { clase: "tarjeta consulta" });

    var titulo = el("h2", { id: "titulo-resultado", tabindex: "-1" }, [
      "Solicitud ", el("span", { clase: "consulta__folio" }, [folioLegible])
    ]);
    var insignia = el("p", { clase: "insignia insignia--" + claveEstado }, [
      el("span", { clase: "sr-only" }, ["Estado: "]), estadoNombre
    ]);
    tarjeta.appendChild(el("div", { clase: "consulta__encabezado" }, [titulo, insignia]));

    var tipo = texto(d.tipo_nombre);
    var categoria = texto(d.categoria_nombre);
    if (tipo || categoria) {
      tarjeta.appendChild(el("p", { clase: "consulta__tipo" }, [[tipo, categoria].filter(Boolean).join(" · ")]));
    }

    if (actual >= 0) tarjeta.appendChild(pasosEstado(actual));

    if (d.vencido === true) {
      var aviso = el("div", { clase: "aviso aviso--advertencia aviso-vencido" }, [
        el("p", { clase: "aviso__titulo" }, ["El plazo comprometido ya venció."])
      ]);
      var p = el("p", {}, ["Lamentamos la demora; seguimos atendiendo tu solicitud. Si necesitas ayuda inmediata, llámanos al "]);
      p.appendChild(BP.telefonosEnTexto());
      p.appendChild(document.createTextNode("."));
      aviso.appendChild(p);
      tarjeta.appendChild(aviso);
    }

    var datos = el("dl", { clase: "datos-caso" });
    function fila(etiqueta, valorTexto) {
      if (!valorTexto) return;
      datos.appendChild(el("div", { clase: "datos-caso__fila" }, [
        el("dt", {}, [etiqueta]), el("dd", {}, [valorTexto])
      ]));
    }
    fila("Registrada el", texto(d.fecha_registro_texto));
    fila("Fecha máxima de resolución", texto(d.fecha_compromiso_texto));
    fila("Plazo legal máximo", texto(d.fecha_limite_legal_texto));
    if (datos.childNodes.length) tarjeta.appendChild(datos);

    tarjeta.appendChild(el("h3", { clase: "subtitulo-resultado", id: "titulo-historial" }, ["Historial"]));
    var historial = ordenarHistorial(Array.isArray(d.historial) ? d.historial : []);
    if (historial.length) {
      var lista = el("ol", { clase: "historial", "aria-labelledby": "titulo-historial" });
      historial.forEach(function (h) {
        var fecha = texto(h.fecha_texto);
        var item = el("li");
        if (fecha) {
          item.appendChild(typeof h.fecha === "string" && /^\d{4}-\d{2}-\d{2}/.test(h.fecha)
            ? el("time", { clase: "historial__fecha", datetime: BP.fechaHtml(h.fecha) }, [fecha])
            : el("span", { clase: "historial__fecha" }, [fecha]));
        }
        item.appendChild(el("p", { clase: "historial__texto" }, [texto(h.descripcion)]));
        lista.appendChild(item);
      });
      tarjeta.appendChild(lista);
      tarjeta.appendChild(el("p", { clase: "campo__ayuda" }, ["Lo más reciente aparece primero."]));
    } else {
      tarjeta.appendChild(el("p", { clase: "historial-vacio" }, ["Todavía no hay movimientos registrados."]));
    }

    resultado.appendChild(tarjeta);
    resultado.appendChild(BP.conversacion.seccion(d, mostrarResultado));
    resultado.hidden = false;
    document.title = "Folio " + folioLegible + ": " + estadoNombre + " · Blue Point";
    if (trasMensaje) {
      // Tras enviar un mensaje: el foco y el aviso van a la conversación, no al principio del resultado.
      var estadoMensaje = $("estado-mensaje");
      if (estadoMensaje) {
        estadoMensaje.textContent = "Enviamos tu mensaje. Lo verás en la lista de mensajes.";
        estadoMensaje.focus({ preventScroll: true });
      }
      var conversacion = $("titulo-conversacion");
      if (conversacion) conversacion.scrollIntoView({ block: "start" });
      return;
    }
    titulo.focus({ preventScroll: true });
    resultado.scrollIntoView({ block: "start" });
  }

  /* ---------- Inicio ---------- */

  function iniciar() {
    form = $("form-consulta");
    resultado = $("resultado-consulta");
    boton = $("boton-consultar");
    estadoConsulta = $("estado-consulta");

    function campo(clave) {
      return { control: $(clave), grupo: $("grupo-" + clave), error: $("error-" + clave) };
    }
    errores = BP.crearGestorErrores({
      resumen: $("resumen-errores"),
      campos: { folio: campo("folio"), contrato: campo("contrato"), correo: campo("correo"), telefono: campo("telefono") }
    });

    var folio = BP.parametro("folio");
    if (folio) {
      folio = folio.trim().slice(0, 40);
      $("folio").value = BP.soloDigitos(folio).length === 10 && /^[\d\s-]+$/.test(folio)
        ? BP.formatearFolio(folio) : folio;
    }

    form.addEventListener("submit", alEnviar);
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "factor") actualizarFactor();
      revalidarMarcados();
    });
    form.addEventListener("input", revalidarMarcados);
    actualizarFactor();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
