/*
 * Blue Point · Formulario para abrir una solicitud (index.html).
 * Depende de js/comun.js (BP). Las reglas replican las del servidor solo para
 * ayudar al cliente; el servidor es la autoridad.
 */
(function () {
  "use strict";

  var BP = window.BP;
  var el = BP.el;

  var MIN_NOMBRE = 3, MAX_NOMBRE = 120;
  var MIN_DESCRIPCION = 10, MAX_DESCRIPCION = 2000;
  var MENSAJE_REVISA = "Revisa los datos marcados.";
  var MENSAJE_GENERICO = "No pudimos enviar tu solicitud por un problema de conexión o del servidor. Tus datos siguen en el formulario.";

  var AYUDA_MEDIO = {
    correo: "Te enviamos el folio a tu correo.",
    sms: "Te enviamos el folio por mensaje a tu celular.",
    impreso: "Verás tu comprobante en pantalla para imprimirlo o guardarlo.",
    whatsapp: "Te enviamos el folio y los avisos de tu solicitud por WhatsApp a tu celular."
  };

  // En el sitio, el documento; incrustado en otra página, la raíz de sombra del formulario (BP.raiz).
  var $ = function (id) { return BP.raiz.getElementById(id); };

  var form, bloqueFormulario, resultado, estadoCatalogo, botonEnviar, estadoEnvio;
  var selectCategoria, detalleCategoria, descripcion, contador, contadorLector;
  var tiposPorClave = {};
  var claveIdempotencia = null;
  var enviando = false;
  var errores = null;
  var tituloOriginal = document.title;
  var temporizadorContador = null;

  /* ---------- Utilidades de lectura ---------- */

  function idSeguro(clave) {
    return String(clave).replace(/[^A-Za-z0-9_-]/g, "_");
  }

  function radioMarcado(nombre) {
    var r = form.querySelector('input[name="' + nombre + '"]:checked');
    return r ? r.value : "";
  }

  function primerRadio(nombre) {
    return form.querySelector('input[name="' + nombre + '"]:checked') ||
      form.querySelector('input[name="' + nombre + '"]');
  }

  function tipoActual() {
    return tiposPorClave[radioMarcado("tipo")] || null;
  }

  function valor(id) {
    return $(id).value.trim();
  }

  var normalizarContrato = BP.normalizarContrato;
  var correoValido = BP.correoValido;

  /** Quita espacios, guiones, puntos y paréntesis, y la lada de país +52 (o el antiguo +52 1). */
  function normalizarTelefono(texto) {
    var t = texto.replace(/[\s\-().]+/g, "");
    var m = /^\+52(1?\d{10})$/.exec(t) || /^52(\d{10})$/.exec(t);
    if (m) t = m[1].length === 11 ? m[1].slice(1) : m[1];
    return t;
  }

  var MENSAJE_MARCADO = "No incluyas etiquetas HTML ni código; escribe solo texto.";
  var MENSAJE_CONTROL = "Contiene caracteres no permitidos.";

  function problemaTexto(texto) {
    if (BP.contieneControl(texto)) return MENSAJE_CONTROL;
    if (BP.contieneHtml(texto)) return MENSAJE_MARCADO;
    return "";
  }

  /* ---------- Validación (espejo de las reglas del servidor) ---------- */

  function validar() {
    var lista = [];
    var tipo = tipoActual();
    var medio = radioMarcado("medio_notificacion");

    if (!tipo) lista.push({ campo: "tipo", mensaje: "Elige el tipo de solicitud." });

    if (!selectCategoria.value) {
      lista.push({
        campo: "categoria",
        mensaje: tipo ? "Elige la categoría que mejor describa tu solicitud."
          : "Elige primero el tipo de solicitud y después la categoría."
      });
    }

    var desc = valor("descripcion");
    var nDesc = BP.longitud(desc);
    if (!nDesc) lista.push({ campo: "descripcion", mensaje: "Describe tu solicitud." });
    else if (nDesc < MIN_DESCRIPCION) {
      lista.push({ campo: "descripcion", mensaje: "Describe tu solicitud con al menos 10 caracteres." });
    } else if (nDesc > MAX_DESCRIPCION) {
      lista.push({
        campo: "descripcion",
        mensaje: "La descripción puede tener hasta 2,000 caracteres; la tuya tiene " + BP.formatearNumero(nDesc) + "."
      });
    } else if (problemaTexto(desc)) {
      lista.push({ campo: "descripcion", mensaje: problemaTexto(desc) });
    }

    var nombre = valor("nombre");
    var nNombre = BP.longitud(nombre);
    if (!nNombre) lista.push({ campo: "nombre", mensaje: "Escribe tu nombre completo." });
    else if (nNombre < MIN_NOMBRE) lista.push({ campo: "nombre", mensaje: "Tu nombre debe tener al menos 3 caracteres." });
    else if (nNombre > MAX_NOMBRE) lista.push({ campo: "nombre", mensaje: "Tu nombre puede tener hasta 120 caracteres." });
    else if (problemaTexto(nombre)) lista.push({ campo: "nombre", mensaje: problemaTexto(nombre) });

    var contrato = normalizarContrato(valor("contrato"));
    if (contrato && !/^\d{6,12}$/.test(contrato)) {
      lista.push({ campo: "contrato", mensaje: "El número de contrato tiene de 6 a 12 dígitos, sin letras." });
    } else if (!contrato && tipo && tipo.requiere_contrato !== false) {
      lista.push({
        campo: "contrato",
        mensaje: "Escribe tu número de contrato; es obligatorio para " + (tipo.nombre || "este tipo de solicitud").toLowerCase() + "."
      });
    }

    if (!medio) lista.push({ campo: "medio_notificacion", mensaje: "Elige cómo quieres recibir tu folio." });

    if (!$("aviso_privacidad").checked) {
      lista.push({ campo: "aviso_privacidad", mensaje: "Lee y acepta el aviso de privacidad para continuar." });
    }

    var correo = valor("correo");
    var telefono = normalizarTelefono(valor("telefono"));
    if (correo && !correoValido(correo)) {
      lista.push({ campo: "correo", mensaje: "Escribe un correo válido, por ejemplo nombre@dominio.mx." });
    } else if (!correo && medio === "correo") {
      lista.push({ campo: "correo", mensaje: "Escribe tu correo para enviarte el folio." });
    } else if (!correo && !telefono && medio !== "sms") {
      lista.push({ campo: "correo", mensaje: "Escribe un correo o un teléfono para poder contactarte." });
    }

    if (telefono && !/^[1-9]\d{9}$/.test(telefono)) {
      lista.push({ campo: "telefono", mensaje: "Escribe un teléfono de 10 dígitos, por ejemplo 722 123 4567." });
    } else if (!telefono && medio === "sms") {
      lista.push({ campo: "telefono", mensaje: "Escribe tu número de celular para enviarte el folio por SMS." });
    } else if (!telefono && medio === "whatsapp") {
      lista.push({ campo: "telefono", mensaje: "Escribe el celular con WhatsApp donde quieres recibir el folio." });
    }

    if (medio === "whatsapp" && !$("consentimiento_whatsapp").checked) {
      lista.push({
        campo: "consentimiento_whatsapp",
        mensaje: "Marca la casilla para aceptar que te escribamos por WhatsApp, o elige otro medio."
      });
    }

    return lista;
  }

  /** Al corregir un campo marcado, actualiza o quita su mensaje (no agrega errores nuevos). */
  function revalidarMarcados() {
    var actuales = {};
    validar().forEach(function (e) { actuales[e.campo] = e.mensaje; });
    ["tipo", "categoria", "descripcion", "nombre", "contrato", "medio_notificacion", "correo", "telefono",
      "consentimiento_whatsapp", "aviso_privacidad"]
      .forEach(function (campo) {
        if (!errores.tieneError(campo)) return;
        if (actuales[campo]) errores.marcarCampo(campo, actuales[campo]);
        else errores.limpiarCampo(campo);
      });
  }

  function cuerpoSolicitud() {
    var cuerpo = {
      tipo: radioMarcado("tipo"),
      categoria: selectCategoria.value,
      nombre: valor("nombre"),
      descripcion: valor("descripcion"),
      medio_notificacion: radioMarcado("medio_notificacion"),
      aviso_privacidad: versionAviso
    };
    var trampa = $("sitio_web");
    if (trampa && trampa.value) cuerpo.sitio_web = trampa.value;
    var contrato = normalizarContrato(valor("contrato"));
    var correo = valor("correo");
    var telefono = normalizarTelefono(valor("telefono"));
    if (contrato) cuerpo.contrato = contrato;
    if (correo) cuerpo.correo = correo;
    if (telefono) cuerpo.telefono = telefono;
    // La versión del texto que se mostró junto a la casilla; el servidor guarda versión, texto y fecha.
    if (cuerpo.medio_notificacion === "whatsapp" && $("consentimiento_whatsapp").checked) {
      cuerpo.consentimiento_whatsapp = versionConsentimiento;
    }
    return cuerpo;
  }

  /* ---------- Construcción desde el catálogo ---------- */

  function opcionRadio(nombre, clave, etiqueta, ayuda, extraClase) {
    var id = nombre + "-" + idSeguro(clave);
    var input = el("input", { type: "radio", name: nombre, id: id, value: clave, clase: "opcion__control" });
    var hijos = [input, el("label", { "for": id, clase: "opcion__etiqueta" }, [etiqueta])];
    if (ayuda) {
      input.setAttribute("aria-describedby", id + "-ayuda");
      hijos.push(el("p", { clase: "opcion__ayuda", id: id + "-ayuda" }, [ayuda]));
    }
    return el("div", { clase: "opcion" + (extraClase ? " " + extraClase : "") }, hijos);
  }

  // Versión del aviso de privacidad que se acepta (la del catálogo).
  var versionAviso = "";
  // Versión del texto de consentimiento de WhatsApp (la del catálogo, que también da el texto).
  var versionConsentimiento = "";

  function construir(catalogo) {
    if (catalogo.aviso_privacidad) {
      versionAviso = catalogo.aviso_privacidad.version;
      $("aviso-resumen").textContent = catalogo.aviso_privacidad.resumen;
    }
    if (catalogo.consentimiento_whatsapp) {
      versionConsentimiento = catalogo.consentimiento_whatsapp.version;
      $("consentimiento-texto").textContent = catalogo.consentimiento_whatsapp.texto;
    }
    var contTipos = $("opciones-tipo");
    var contMedios = $("opciones-medio");
    BP.vaciar(contTipos);
    BP.vaciar(contMedios);
    tiposPorClave = {};

    catalogo.tipos.forEach(function (tipo) {
      if (!tipo || typeof tipo.clave !== "string") return;
      tiposPorClave[tipo.clave] = tipo;
      var ayuda = typeof tipo.descripcion === "string" ? tipo.descripcion : "";
      if (tipo.requiere_contrato === false) {
        ayuda = ayuda ? ayuda + " No necesitas número de contrato." : "No necesitas número de contrato.";
      }
      contTipos.appendChild(opcionRadio("tipo", tipo.clave, tipo.nombre || tipo.clave, ayuda, "opcion--tarjeta"));
    });

    var medios = Array.isArray(catalogo.medios_notificacion) ? catalogo.medios_notificacion : [];
    medios.forEach(function (medio) {
      if (!medio || typeof medio.clave !== "string") return;
      contMedios.appendChild(opcionRadio("medio_notificacion", medio.clave, medio.nombre || medio.clave,
        AYUDA_MEDIO[medio.clave] || ""));
    });

    actualizarCategorias();
    actualizarRequeridos();
  }

  function actualizarCategorias() {
    var tipo = tipoActual();
    var anterior = selectCategoria.value;
    BP.vaciar(selectCategoria);
    if (!tipo) {
      selectCategoria.appendChild(el("option", { value: "" }, ["Primero elige el tipo de solicitud"]));
    } else {
      selectCategoria.appendChild(el("option", { value: "" }, ["Elige una categoría"]));
      (tipo.categorias || []).forEach(function (cat) {
        if (!cat || typeof cat.clave !== "string") return;
        selectCategoria.appendChild(el("option", { value: cat.clave }, [cat.nombre || cat.clave]));
      });
      if (anterior && selectCategoria.querySelector('option[value="' + CSS.escape(anterior) + '"]')) {
        selectCategoria.value = anterior;
      }
    }
    actualizarDetalleCategoria();
  }

  function categoriaActual() {
    var tipo = tipoActual();
    if (!tipo || !selectCategoria.value) return null;
    return (tipo.categorias || []).filter(function (c) { return c && c.clave === selectCategoria.value; })[0] || null;
  }

  function actualizarDetalleCategoria() {
    BP.vaciar(detalleCategoria);
    var cat = categoriaActual();
    if (!cat) {
      detalleCategoria.hidden = true;
      return;
    }
    if (cat.descripcion) detalleCategoria.appendChild(el("p", { clase: "detalle-categoria__texto" }, [cat.descripcion]));
    if (cat.plazo_interno_texto || cat.plazo_legal_texto) {
      var plazo = el("p", { clase: "detalle-categoria__plazo" });
      if (cat.plazo_interno_texto) {
        plazo.appendChild(el("strong", {}, ["Tiempo máximo de respuesta: "]));
        plazo.appendChild(document.createTextNode(cat.plazo_interno_texto + "."));
      }
      if (cat.plazo_legal_texto) {
        if (cat.plazo_interno_texto) plazo.appendChild(document.createTextNode(" "));
        plazo.appendChild(el("span", { clase: "detalle-categoria__legal" }, ["Plazo legal: " + cat.plazo_legal_texto + "."]));
      }
      detalleCategoria.appendChild(plazo);
    }
    detalleCategoria.hidden = false;
  }

  function ponerIndicador(idIndicador, control, obligatorio, texto) {
    $(idIndicador).textContent = texto || (obligatorio ? "(obligatorio)" : "(opcional)");
    control.setAttribute("aria-required", obligatorio ? "true" : "false");
  }

  function actualizarRequeridos() {
    var tipo = tipoActual();
    if (!tipo) ponerIndicador("contrato-indicador", $("contrato"), true, "(obligatorio, excepto para dudas)");
    else ponerIndicador("contrato-indicador", $("contrato"), tipo.requiere_contrato !== false);

    var medio = radioMarcado("medio_notificacion");
    ponerIndicador("correo-indicador", $("correo"), medio === "correo");
    ponerIndicador("telefono-indicador", $("telefono"), medio === "sms" || medio === "whatsapp");
    // La casilla de WhatsApp sólo aparece (y sólo cuenta) al elegir WhatsApp.
    $("grupo-consentimiento_whatsapp").hidden = medio !== "whatsapp";
  }

  /* ---------- Contador de caracteres ---------- */

  function textoContador() {
    var n = BP.longitud(descripcion.value);
    var resta = MAX_DESCRIPCION - n;
    if (resta >= 0) {
      return { texto: resta === 1 ? "Te queda 1 carácter." : "Te quedan " + BP.formatearNumero(resta) + " caracteres.", excedido: false };
    }
    var sobra = -resta;
    return { texto: sobra === 1 ? "Te sobra 1 carácter." : "Te sobran " + BP.formatearNumero(sobra) + " caracteres.", excedido: true };
  }

  function actualizarContador(inmediato) {
    var c = textoContador();
    contador.textContent = c.texto;
    contador.classList.toggle("contador--excedido", c.excedido);
    clearTimeout(temporizadorContador);
    // El lector de pantalla recibe el conteo cuando la persona deja de escribir.
    if (inmediato) contadorLector.textContent = c.texto;
    else temporizadorContador = setTimeout(function () { contadorLector.textContent = c.texto; }, 1200);
  }

  /* ---------- Envío ---------- */

  function ponerEnviando(activo) {
    enviando = activo;
    botonEnviar.disabled = activo;
    botonEnviar.classList.toggle("boton--cargando", activo);
    botonEnviar.querySelector(".boton__texto").textContent = activo ? "Enviando…" : "Enviar solicitud";
    form.setAttribute("aria-busy", activo ? "true" : "false");
    estadoEnvio.textContent = activo ? "Enviando tu solicitud; espera un momento, por favor." : "";
  }

  function alEnviar(evento) {
    evento.preventDefault();
    if (enviando) return;

    var lista = validar();
    if (lista.length) {
      errores.mostrar(MENSAJE_REVISA, lista);
      return;
    }
    errores.limpiar();

    var cuerpo = cuerpoSolicitud();
    ponerEnviando(true);
    BP.pedir("/api/casos", {
      metodo: "POST",
      cuerpo: cuerpo,
      encabezados: { "Idempotency-Key": claveIdempotencia }
    }).then(function (respuesta) {
      // Éxito: la siguiente solicitud debe llevar una clave nueva.
      claveIdempotencia = BP.nuevoUuid();
      ponerEnviando(false);
      mostrarResultado(respuesta, cuerpo);
    }, function (error) {
      // Un 400 significa que no se creó nada: los datos corregidos van con clave nueva.
      // Ante red caída o 5xx se conserva la clave para que un reintento no duplique el caso.
      if (error && error.tipo === "cliente" && (error.status === 400 || error.status === 422)) {
        claveIdempotencia = BP.nuevoUuid();
      }
      ponerEnviando(false);
      errores.mostrarErrorApi(error, MENSAJE_GENERICO);
    });
  }

  /* ---------- Resultado ---------- */

  function texto(v) {
    return typeof v === "string" && v.trim() ? v.trim() : "";
  }

  function mostrarResultado(r, enviado) {
    var folio = BP.soloDigitos(r.folio) || BP.soloDigitos(r.folio_legible);
    var folioLegible = texto(r.folio_legible) || BP.formatearFolio(folio);
    var medio = texto(r.medio_notificacion) || enviado.medio_notificacion;

    BP.vaciar(resultado);

    var titulo = el("h2", { id: "titulo-resultado", clase: "resultado__titulo", tabindex: "-1" }, ["Registramos tu solicitud"]);
    resultado.appendChild(el("div", { clase: "resultado__encabezado" }, [
      iconoExito(), titulo
    ]));

    var tipoTexto = texto(r.tipo_nombre) || (tiposPorClave[enviado.tipo] && tiposPorClave[enviado.tipo].nombre) || "";
    var categoriaTexto = texto(r.categoria_nombre);

    var tarjetaFolio = el("div", { clase: "folio" }, [
      el("p", { clase: "folio__etiqueta", id: "folio-etiqueta" }, ["Tu folio"]),
      el("p", { clase: "folio__numero" }, [folioLegible]),
      el("p", { clase: "folio__nota" }, ["Guárdalo: lo necesitas para dar seguimiento a tu solicitud."])
    ]);
    if (navigator.clipboard && window.isSecureContext) {
      var copiar = el("button", { type: "button", clase: "boton boton--secundario boton--chico" }, ["Copiar folio"]);
      copiar.addEventListener("click", function () {
        navigator.clipboard.writeText(folioLegible).then(function () {
          copiar.textContent = "Folio copiado";
          BP.anunciar("Folio copiado.");
        }, function () {
          BP.anunciar("No se pudo copiar; anota el folio " + folioLegible + ".");
        });
      });
      tarjetaFolio.appendChild(copiar);
    }
    resultado.appendChild(tarjetaFolio);

    var datos = el("dl", { clase: "datos-caso" });
    function fila(etiqueta, valorNodo) {
      datos.appendChild(el("div", { clase: "datos-caso__fila" }, [el("dt", {}, [etiqueta]), el("dd", {}, [valorNodo])]));
    }
    if (tipoTexto) fila("Tipo de solicitud", tipoTexto + (categoriaTexto ? " · " + categoriaTexto : ""));
    if (datos.childNodes.length) resultado.appendChild(datos);

    var compromiso = texto(r.fecha_compromiso_texto);
    if (compromiso) {
      resultado.appendChild(el("p", { clase: "resultado__plazo" }, [
        "Resolveremos tu solicitud a más tardar el ",
        el("strong", {}, [fechaConTime(compromiso, r.fecha_compromiso)]),
        "."
      ]));
    }
    var legal = texto(r.fecha_limite_legal_texto);
    if (legal) {
      resultado.appendChild(el("p", { clase: "resultado__legal" }, [
        "El plazo legal máximo para resolverla vence el ",
        fechaConTime(legal, r.fecha_limite_legal),
        "."
      ]));
    }

    resultado.appendChild(avisoMedio(medio, enviado, texto(r.mensaje)));

    var acciones = el("div", { clase: "resultado__acciones" });
    var url = BP.rutaSegura(r.comprobante_url);
    if (url) {
      acciones.appendChild(el("a", {
        clase: "boton boton--primario boton--grande",
        href: BP.urlSitio(url),
        target: "_blank",
        rel: "noopener"
      }, [
        medio === "impreso" ? "Imprimir mi comprobante" : "Ver mi comprobante",
        el("span", { clase: "sr-only" }, [" (se abre en una pestaña nueva)"]),
        iconoPestana()
      ]));
    }
    if (folio) {
      acciones.appendChild(el("a", {
        clase: "boton boton--secundario",
        href: BP.urlSitio("/seguimiento.html?folio=" + encodeURIComponent(folio))
      }, ["Consultar el estado de mi solicitud"]));
    }
    var otra = el("button", { type: "button", clase: "boton boton--terciario" }, ["Abrir otra solicitud"]);
    otra.addEventListener("click", reiniciar);
    acciones.appendChild(otra);
    resultado.appendChild(acciones);

    bloqueFormulario.hidden = true;
    resultado.hidden = false;
    if (!BP.incrustado) document.title = "Solicitud registrada, folio " + folioLegible + " · Blue Point";
    titulo.focus({ preventScroll: true });
    resultado.scrollIntoView({ block: "start" });
  }

  function fechaConTime(textoFecha, iso) {
    if (typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso)) {
      return el("time", { datetime: BP.fechaHtml(iso) }, [textoFecha]);
    }
    return document.createTextNode(textoFecha);
  }

  var MENSAJE_MEDIO = {
    correo: "Te enviaremos tu folio por correo electrónico.",
    sms: "Te enviaremos tu folio por mensaje SMS.",
    whatsapp: "Te enviaremos tu folio por WhatsApp.",
    impreso: "Imprime o guarda tu comprobante: ahí vienen tu folio y la fecha máxima de resolución."
  };

  /** Cómo le llega el folio: el mensaje del servidor y, si aplica, a qué correo o celular. */
  function avisoMedio(medio, enviado, mensajeServidor) {
    var caja = el("div", { clase: "aviso aviso--info resultado__medio" });
    caja.appendChild(el("p", { clase: "resultado__medio-texto" }, [
      mensajeServidor || MENSAJE_MEDIO[medio] || MENSAJE_MEDIO.impreso
    ]));
    if (medio === "correo" && enviado.correo) {
      caja.appendChild(el("p", {}, [
        "Correo: ", el("strong", { clase: "texto-partible" }, [enviado.correo]),
        ". Si no lo ves en unos minutos, revisa tu carpeta de correo no deseado."
      ]));
    } else if ((medio === "sms" || medio === "whatsapp") && enviado.telefono) {
      caja.appendChild(el("p", {}, ["Celular: ", el("strong", {}, [BP.formatearTelefono(enviado.telefono)]), "."]));
    }
    return caja;
  }

  function iconoSvg(clase, d, tam) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", tam);
    svg.setAttribute("height", tam);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", clase);
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
  }

  function iconoExito() {
    return iconoSvg("resultado__icono", "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.2 14.2-4.1-4.1 1.4-1.4 2.7 2.7 5.6-5.6 1.4 1.4z", "40");
  }

  function iconoPestana() {
    return iconoSvg("icono icono--final", "M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14zM5 5h6v2H5v12h12v-6h2v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z", "18");
  }

  // Lo que se conserva al abrir otra solicitud: quién es y cómo contactarlo (no el tipo ni la descripción).
  var CONTACTO = ["nombre", "contrato", "correo", "telefono"];

  function reiniciar() {
    var conservados = CONTACTO.map(function (id) { return $(id).value; });
    var medio = radioMarcado("medio_notificacion");
    form.reset();
    CONTACTO.forEach(function (id, i) { $(id).value = conservados[i]; });
    if (medio) {
      var opcion = form.querySelector('input[name="medio_notificacion"][value="' + CSS.escape(medio) + '"]');
      if (opcion) opcion.checked = true;
    }
    errores.limpiar();
    actualizarCategorias();
    actualizarRequeridos();
    actualizarContador(true);
    if (!claveIdempotencia) claveIdempotencia = BP.nuevoUuid();
    BP.vaciar(resultado);
    resultado.hidden = true;
    bloqueFormulario.hidden = false;
    if (!BP.incrustado) document.title = tituloOriginal;
    var titulo = $("titulo-solicitud");
    titulo.focus({ preventScroll: true });
    titulo.scrollIntoView({ block: "start" });
  }

  /* ---------- Catálogo ---------- */

  function catalogoValido(c) {
    return c && Array.isArray(c.tipos) && c.tipos.length > 0 &&
      Array.isArray(c.medios_notificacion) && c.medios_notificacion.length > 0;
  }

  function cargarCatalogo() {
    BP.vaciar(estadoCatalogo);
    estadoCatalogo.className = "aviso aviso--info";
    estadoCatalogo.appendChild(el("span", { clase: "girador", "aria-hidden": "true" }));
    estadoCatalogo.appendChild(document.createTextNode("Cargando las opciones del formulario…"));
    estadoCatalogo.hidden = false;

    BP.pedir("/api/catalogo").then(function (catalogo) {
      if (!catalogoValido(catalogo)) throw new BP.ErrorApi("servidor", 200, null);
      BP.aplicarContacto(catalogo);
      construir(catalogo);
      estadoCatalogo.hidden = true;
      BP.vaciar(estadoCatalogo);
      form.hidden = false;
    }).catch(function () {
      form.hidden = true;
      mostrarFalloCatalogo();
    });
  }

  function mostrarFalloCatalogo() {
    BP.vaciar(estadoCatalogo);
    estadoCatalogo.className = "aviso aviso--error";
    estadoCatalogo.appendChild(el("p", { clase: "aviso__titulo" }, ["No pudimos cargar el formulario en este momento."]));
    var p = el("p", {}, ["Intenta de nuevo en unos minutos o registra tu solicitud por teléfono al "]);
    p.appendChild(BP.telefonosEnTexto());
    p.appendChild(document.createTextNode(". " + BP.horario + "."));
    estadoCatalogo.appendChild(p);
    var reintentar = el("button", { type: "button", clase: "boton boton--secundario" }, ["Intentar de nuevo"]);
    reintentar.addEventListener("click", function () {
      estadoCatalogo.focus();
      cargarCatalogo();
    });
    estadoCatalogo.appendChild(reintentar);
    estadoCatalogo.hidden = false;
  }

  /* ---------- Inicio ---------- */

  function iniciar() {
    $("sin-javascript").hidden = true;
    form = $("form-caso");
    bloqueFormulario = $("bloque-formulario");
    resultado = $("resultado");
    estadoCatalogo = $("estado-catalogo");
    botonEnviar = $("boton-enviar");
    estadoEnvio = $("estado-envio");
    selectCategoria = $("categoria");
    detalleCategoria = $("categoria-detalle");
    descripcion = $("descripcion");
    contador = $("descripcion-contador");
    contadorLector = $("descripcion-contador-lector");
    detalleCategoria.hidden = true;

    function campo(clave, control, grupo) {
      return { control: control, grupo: grupo || $("grupo-" + clave), error: $("error-" + clave) };
    }
    errores = BP.crearGestorErrores({
      resumen: $("resumen-errores"),
      campos: {
        tipo: campo("tipo", function () { return primerRadio("tipo"); }),
        categoria: campo("categoria", selectCategoria),
        descripcion: campo("descripcion", descripcion),
        nombre: campo("nombre", $("nombre")),
        contrato: campo("contrato", $("contrato")),
        medio_notificacion: campo("medio_notificacion", function () { return primerRadio("medio_notificacion"); }),
        correo: campo("correo", $("correo")),
        telefono: campo("telefono", $("telefono")),
        consentimiento_whatsapp: campo("consentimiento_whatsapp", $("consentimiento_whatsapp")),
        aviso_privacidad: campo("aviso_privacidad", $("aviso_privacidad"))
      }
    });

    claveIdempotencia = BP.nuevoUuid();

    form.addEventListener("submit", alEnviar);
    form.addEventListener("change", function (ev) {
      var nombre = ev.target.name;
      if (nombre === "tipo") {
        actualizarCategorias();
        actualizarRequeridos();
      } else if (nombre === "categoria") {
        actualizarDetalleCategoria();
      } else if (nombre === "medio_notificacion") {
        actualizarRequeridos();
      }
      revalidarMarcados();
    });
    form.addEventListener("input", function (ev) {
      if (ev.target === descripcion) actualizarContador(false);
      revalidarMarcados();
    });

    actualizarContador(true);
    cargarCatalogo();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
