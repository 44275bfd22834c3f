/*
 * Blue Point · Atención al Cliente — utilidades compartidas.
 *
 * Sin dependencias. Expone el espacio de nombres global `BP`.
 * Regla de la casa: todo texto que venga del servidor o del cliente se inserta
 * con textContent (nunca innerHTML), porque puede contener "<".
 */
(function () {
  "use strict";

  var TELEFONOS_PREDETERMINADOS = ["7676720827", "7775000232"];
  var HORARIO_PREDETERMINADO = "Lunes a sábado de 8:30 a 18:30 (hora del centro de México)";
  var LIMITE_MS = 20000;

  var estado = {
    telefonos: TELEFONOS_PREDETERMINADOS.slice(),
    horario: HORARIO_PREDETERMINADO
  };

  /*
   * Formulario incrustado en otro sitio (sitio/incrustar/formulario.js): la API y las páginas están en otro
   * origen y el formulario vive en una raíz de sombra. En el sitio propio: mismo origen y `document`.
   */
  var INCRUSTADO = window.BP_INCRUSTADO || null;
  var BASE = INCRUSTADO && typeof INCRUSTADO.api === "string" ? INCRUSTADO.api.replace(/\/+$/, "") : "";
  var RAIZ = (INCRUSTADO && INCRUSTADO.raiz) || document;

  /** La dirección de una ruta del sitio o de la API ("/api/…"): relativa en el sitio, absoluta si va incrustado. */
  function urlSitio(ruta) {
    return BASE + ruta;
  }

  /* ---------- Formato ---------- */

  function soloDigitos(texto) {
    return String(texto == null ? "" : texto).replace(/\D+/g, "");
  }

  /** "7676720827" → "767 672 0827" */
  function formatearTelefono(numero) {
    var d = soloDigitos(numero);
    if (d.length !== 10) return String(numero == null ? "" : numero);
    return d.slice(0, 3) + " " + d.slice(3, 6) + " " + d.slice(6);
  }

  /** "1234567890" → "123 456 7890" (mismo agrupamiento que el folio legible). */
  function formatearFolio(folio) {
    return formatearTelefono(folio);
  }

  var formatoNumero = (typeof Intl !== "undefined" && Intl.NumberFormat)
    ? new Intl.NumberFormat("es-MX")
    : { format: function (n) { return String(n); } };

  function formatearNumero(n) {
    return formatoNumero.format(n);
  }

  /** Longitud en caracteres (puntos de código), como la cuenta el servidor. */
  function longitud(texto) {
    return Array.from(String(texto == null ? "" : texto)).length;
  }

  /*
   * Lo mismo que rechaza el servidor (esquemas/comunes.py, la misma lista de elementos): cierres y comentarios
   * ("</p", "<!--"), elementos de HTML/SVG/MathML ("<b", "<img"), cualquier etiqueta con manejador de eventos
   * ("<x onclick="), entidades ("&amp;") o "javascript:". "<menos de 10 megas" y "< 10 Mbps" sí se permiten.
   */
  var ELEMENTOS = "a|abbr|address|animate|applet|area|article|aside|audio|b|base|basefont|bdi|bdo|bgsound|big|blink|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|dir|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|foreignobject|form|frame|frameset|g|h[1-6]|head|header|hgroup|hr|html|i|iframe|image|img|input|ins|isindex|kbd|keygen|label|layer|legend|li|link|listing|main|map|mark|marquee|math|menu|meta|meter|multicol|nav|nobr|noembed|noframes|noscript|object|ol|optgroup|option|output|p|param|path|picture|plaintext|portal|pre|progress|q|rp|rt|ruby|s|samp|script|search|section|select|set|slot|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|use|var|video|wbr|xmp|xss";
  var MARCADO = new RegExp(
    "<\\s*[!/?]|<\\s*(?:" + ELEMENTOS + ")(?![\\p{L}\\p{N}_-])|<\\s*[a-z][\\p{L}\\p{N}_:.-]*[^<>]*?" +
    "(?<![\\p{L}\\p{N}_])on[a-z]+\\s*=|&#?[\\p{L}\\p{N}_]+;|javascript:", "iu");

  function contieneHtml(texto) {
    return MARCADO.test(String(texto == null ? "" : texto));
  }

  /** Caracteres de control que el servidor no admite (tabulador y saltos de línea sí). */
  function contieneControl(texto) {
    return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(String(texto == null ? "" : texto));
  }

  /** Correo con forma razonable (el servidor decide en definitiva). */
  function correoValido(correo) {
    var c = String(correo == null ? "" : correo);
    return c.length <= 254 &&
      /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/.test(c);
  }

  /** Número de contrato sin separadores: "1234-5678" → "12345678" (como el servidor). */
  function normalizarContrato(texto) {
    return String(texto == null ? "" : texto).replace(/[\s\-.()]+/g, "");
  }

  /** Minúsculas, sin acentos y con guion bajo: "En proceso" → "en_proceso". */
  function normalizarClave(texto) {
    return String(texto == null ? "" : texto)
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .trim().toLowerCase().replace(/[\s-]+/g, "_");
  }

  /* ---------- DOM seguro ---------- */

  /**
   * Crea un elemento. `atributos` admite: clase, texto (textContent), hidden,
   * y cualquier atributo normal (se asigna con setAttribute).
   * `hijos`: nodos o cadenas (las cadenas se vuelven nodos de texto).
   */
  function el(etiqueta, atributos, hijos) {
    var nodo = document.createElement(etiqueta);
    var a = atributos || {};
    Object.keys(a).forEach(function (clave) {
      var valor = a[clave];
      if (valor == null || valor === false) return;
      if (clave === "clase") nodo.className = valor;
      else if (clave === "texto") nodo.textContent = String(valor);
      else if (clave === "hidden") nodo.hidden = true;
      else nodo.setAttribute(clave, valor === true ? "" : String(valor));
    });
    (hijos || []).forEach(function (hijo) {
      if (hijo == null || hijo === false) return;
      nodo.appendChild(typeof hijo === "string" ? document.createTextNode(hijo) : hijo);
    });
    return nodo;
  }

  function vaciar(nodo) {
    while (nodo.firstChild) nodo.removeChild(nodo.firstChild);
  }

  /** Enlace tel: con el número agrupado. */
  function enlaceTelefono(numero, clase) {
    var d = soloDigitos(numero);
    return el("a", { clase: clase || "enlace-telefono", href: "tel:+52" + d }, [formatearTelefono(d)]);
  }

  /** Fragmento "767 672 0827 o 777 500 0232" con enlaces tel:. */
  function telefonosEnTexto(numeros) {
    var lista = numeros || estado.telefonos;
    var frag = document.createDocumentFragment();
    lista.forEach(function (n, i) {
      if (i > 0) frag.appendChild(document.createTextNode(i === lista.length - 1 ? " o " : ", "));
      frag.appendChild(enlaceTelefono(n));
    });
    return frag;
  }

  /** Solo rutas del mismo origen ("/api/…"); evita javascript: u otros hosts. */
  function rutaSegura(url) {
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/" || url.charAt(1) === "\\") {
      return null;
    }
    return url;
  }

  /* ---------- Datos de contacto (catálogo) ---------- */

  /** Actualiza teléfonos y horario visibles con lo que diga el catálogo. */
  function aplicarContacto(catalogo) {
    if (!catalogo) return;
    if (Array.isArray(catalogo.telefonos)) {
      var validos = catalogo.telefonos.map(soloDigitos).filter(function (d) { return d.length === 10; });
      if (validos.length) estado.telefonos = validos;
    }
    if (catalogo.horario && typeof catalogo.horario.texto === "string" && catalogo.horario.texto.trim()) {
      estado.horario = catalogo.horario.texto.trim();
    }
    pintarContacto();
  }

  function pintarContacto() {
    document.querySelectorAll("[data-telefonos]").forEach(function (contenedor) {
      var claseEnlace = contenedor.getAttribute("data-telefonos") || "enlace-telefono";
      vaciar(contenedor);
      estado.telefonos.forEach(function (n) {
        var item = el("li", {}, [enlaceTelefono(n, claseEnlace)]);
        contenedor.appendChild(item);
      });
    });
    document.querySelectorAll("[data-horario]").forEach(function (nodo) {
      nodo.textContent = estado.horario;
    });
  }

  /* ---------- Peticiones ---------- */

  function ErrorApi(tipo, status, datos) {
    this.name = "ErrorApi";
    this.tipo = tipo; // "red" | "servidor" | "cliente"
    this.status = status;
    var e = datos && datos.error ? datos.error : {};
    this.codigo = typeof e.codigo === "string" ? e.codigo : "";
    this.mensaje = typeof e.mensaje === "string" && e.mensaje.trim() ? e.mensaje.trim() : "";
    this.campos = Array.isArray(e.campos) ? e.campos.filter(function (c) {
      return c && typeof c.mensaje === "string" && c.mensaje.trim();
    }).map(function (c) {
      return { campo: typeof c.campo === "string" ? c.campo : "", mensaje: c.mensaje.trim() };
    }) : [];
    // Seguimiento: intentos fallidos que le quedan al folio (404 y 429); null si la respuesta no lo dice.
    this.intentosRestantes = typeof e.intentos_restantes === "number" ? e.intentos_restantes : null;
    this.message = this.mensaje || tipo;
  }
  ErrorApi.prototype = Object.create(Error.prototype);

  /*
   * Lo que responde la pasarela (HTTP API, CloudFront o el WAF) y no la API: su cuerpo viene en inglés, en HTML o
   * vacío. Para estos estados la página muestra siempre su propio mensaje, sea cual sea el cuerpo; si el cuerpo
   * trae el error del contrato (en español), se usa ese, que es más preciso.
   */
  var MENSAJES_PASARELA = {
    401: "Tu sesión no es válida o ya venció. Inicia sesión de nuevo.",
    403: "No se pudo atender tu solicitud desde aquí. Si crees que es un error, llámanos.",
    429: "Hay demasiadas solicitudes en este momento. Espera unos minutos e intenta de nuevo.",
    503: "El servicio no está disponible en este momento. Intenta de nuevo en unos minutos."
  };

  function mensajePasarela(status) {
    return MENSAJES_PASARELA[status] || "";
  }

  /** El ErrorApi de una respuesta que no es 2xx (status y su JSON, o null si no era JSON). */
  function errorDeRespuesta(status, datos) {
    var delContrato = datos && typeof datos === "object" && datos.error && typeof datos.error.mensaje === "string" &&
      datos.error.mensaje.trim();
    if (!delContrato && MENSAJES_PASARELA[status]) {
      datos = { error: { codigo: "pasarela", mensaje: MENSAJES_PASARELA[status], campos: [] } };
      return new ErrorApi(status >= 500 ? "servidor" : "cliente", status, datos);
    }
    if (status >= 500 || !datos || !datos.error) return new ErrorApi("servidor", status, datos);
    return new ErrorApi("cliente", status, datos);
  }

  /**
   * Llama a la API del mismo origen. Devuelve el JSON de una respuesta 2xx.
   * Lanza ErrorApi: tipo "red" (sin respuesta o tiempo agotado), "servidor"
   * (5xx o respuesta ilegible) o "cliente" (4xx con {"error": …}).
   */
  function pedir(ruta, opciones) {
    var o = opciones || {};
    var encabezados = { "Accept": "application/json" };
    if (o.cuerpo !== undefined) encabezados["Content-Type"] = "application/json";
    Object.keys(o.encabezados || {}).forEach(function (k) { encabezados[k] = o.encabezados[k]; });

    var control = typeof AbortController !== "undefined" ? new AbortController() : null;
    var temporizador = control ? setTimeout(function () { control.abort(); }, o.limiteMs || LIMITE_MS) : null;

    return fetch(urlSitio(ruta), {
      method: o.metodo || "GET",
      headers: encabezados,
      body: o.cuerpo !== undefined ? JSON.stringify(o.cuerpo) : undefined,
      // Incrustado (otro origen): sin cookies ni credenciales; el CORS de la API sólo admite los orígenes dados.
      credentials: BASE ? "omit" : "same-origin",
      cache: "no-store",
      signal: control ? control.signal : undefined
    }).then(function (respuesta) {
      return respuesta.text().then(function (texto) {
        if (temporizador) clearTimeout(temporizador);
        var datos = null;
        try { datos = texto ? JSON.parse(texto) : null; } catch (e) { datos = null; }
        if (respuesta.ok) {
          if (datos === null || typeof datos !== "object") throw new ErrorApi("servidor", respuesta.status, null);
          return datos;
        }
        throw errorDeRespuesta(respuesta.status, datos);
      });
    }, function () {
      if (temporizador) clearTimeout(temporizador);
      throw new ErrorApi("red", 0, null);
    });
  }

  /** Identificador para Idempotency-Key. */
  function nuevoUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.from(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* ---------- Errores en formularios ---------- */

  /**
   * Gestor de errores de un formulario (patrón "resumen de errores").
   * config.resumen: contenedor con role="alert" y tabindex="-1".
   * config.campos: { clave: { control: Element | () => Element, grupo: Element, error: Element } }
   *   - control: lo que recibe el foco (en radios: la opción marcada o la primera).
   *   - grupo: contenedor al que se le pone la clase de error (y aria-describedby si es fieldset).
   *   - error: <p> donde se escribe el mensaje del campo.
   */
  function crearGestorErrores(config) {
    var resumen = config.resumen;
    var campos = config.campos;
    var tituloOriginal = document.title;

    function control(clave) {
      var c = campos[clave];
      if (!c) return null;
      return typeof c.control === "function" ? c.control() : c.control;
    }

    function controlesDe(clave) {
      var c = campos[clave];
      if (!c) return [];
      if (c.grupo && c.grupo.tagName === "FIELDSET") {
        return Array.prototype.slice.call(c.grupo.querySelectorAll("input"));
      }
      var ctl = control(clave);
      return ctl ? [ctl] : [];
    }

    function describir(nodo, id, agregar) {
      var ids = (nodo.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      ids = ids.filter(function (x) { return x !== id; });
      if (agregar) ids.push(id);
      if (ids.length) nodo.setAttribute("aria-describedby", ids.join(" "));
      else nodo.removeAttribute("aria-describedby");
    }

    function limpiarCampo(clave) {
      var c = campos[clave];
      if (!c) return;
      c.error.hidden = true;
      vaciar(c.error);
      if (c.grupo) c.grupo.classList.remove("campo--error");
      controlesDe(clave).forEach(function (ctl) { ctl.removeAttribute("aria-invalid"); });
      var destino = c.grupo && c.grupo.tagName === "FIELDSET" ? c.grupo : control(clave);
      if (destino && c.error.id) describir(destino, c.error.id, false);
    }

    function marcarCampo(clave, mensaje) {
      var c = campos[clave];
      if (!c) return false;
      vaciar(c.error);
      c.error.appendChild(el("span", { clase: "sr-only", texto: "Error: " }));
      c.error.appendChild(document.createTextNode(mensaje));
      c.error.hidden = false;
      if (c.grupo) c.grupo.classList.add("campo--error");
      controlesDe(clave).forEach(function (ctl) { ctl.setAttribute("aria-invalid", "true"); });
      var destino = c.grupo && c.grupo.tagName === "FIELDSET" ? c.grupo : control(clave);
      if (destino && c.error.id) describir(destino, c.error.id, true);
      return true;
    }

    function limpiar() {
      Object.keys(campos).forEach(limpiarCampo);
      resumen.hidden = true;
      vaciar(resumen);
      if (!INCRUSTADO) document.title = tituloOriginal;
    }

    function enfocarCampo(clave) {
      var ctl = control(clave);
      if (!ctl) return;
      var c = campos[clave];
      var visible = (c.grupo && c.grupo.querySelector("legend, label")) || ctl;
      ctl.focus({ preventScroll: true });
      visible.scrollIntoView({ block: "center" });
    }

    /** El nodo de un campo en la página (su grupo o su control); null si no se conoce. */
    function nodoDe(clave) {
      var c = clave && campos[clave];
      return c ? c.grupo || control(clave) : null;
    }

    /** Los errores en el orden de sus campos en la página (los que no tienen campo, al final). */
    function ordenarComoElDocumento(errores) {
      return errores.map(function (err, i) { return { err: err, i: i, nodo: nodoDe(err.campo) }; })
        .sort(function (a, b) {
          if (a.nodo && b.nodo && a.nodo !== b.nodo) {
            return a.nodo.compareDocumentPosition(b.nodo) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
          }
          if (!a.nodo !== !b.nodo) return a.nodo ? -1 : 1;
          return a.i - b.i;
        })
        .map(function (x) { return x.err; });
    }

    /**
     * Muestra un resumen.
     * mensaje: título; errores: [{campo, mensaje}]; extra: nodo opcional (p. ej. teléfonos).
     */
    function mostrar(mensaje, errores, extra) {
      limpiar();
      var lista = el("ul", { clase: "resumen-errores__lista" });
      var vistos = {};
      ordenarComoElDocumento(errores || []).forEach(function (err) {
        var clave = err.campo;
        var conocido = clave && campos[clave] && control(clave);
        if (conocido && !vistos[clave]) {
          vistos[clave] = true;
          marcarCampo(clave, err.mensaje);
          var idDestino = control(clave).id;
          var enlace = el("a", { href: "#" + idDestino, "data-campo": clave }, [err.mensaje]);
          enlace.addEventListener("click", function (ev) {
            ev.preventDefault();
            enfocarCampo(clave);
          });
          lista.appendChild(el("li", {}, [enlace]));
        } else if (!conocido) {
          lista.appendChild(el("li", {}, [err.mensaje]));
        }
      });
      resumen.appendChild(el("h2", { clase: "resumen-errores__titulo", id: resumen.id + "-titulo" }, [mensaje]));
      if (lista.childNodes.length) resumen.appendChild(lista);
      if (extra) resumen.appendChild(extra);
      resumen.hidden = false;
      // Incrustado, el título es de la página de la empresa: no se toca.
      if (!INCRUSTADO) document.title = "Error: " + tituloOriginal;
      resumen.focus();
      return lista.childNodes.length;
    }

    /** Muestra el ErrorApi que corresponda (o el genérico de red/servidor). */
    function mostrarErrorApi(error, mensajeGenerico) {
      if (error && error.status === 503 && error.mensaje) {
        return mostrar(error.mensaje, [], parrafoAyudaTelefonica("Si es urgente, llámanos al "));
      }
      if (error && error.tipo === "cliente") {
        var titulo = error.mensaje || "Revisa los datos marcados.";
        return mostrar(titulo, error.campos);
      }
      return mostrar(mensajeGenerico || "No pudimos completar tu solicitud.", [], parrafoAyudaTelefonica());
    }

    return {
      mostrar: mostrar,
      mostrarErrorApi: mostrarErrorApi,
      limpiar: limpiar,
      limpiarCampo: limpiarCampo,
      marcarCampo: marcarCampo,
      tieneError: function (clave) { return !!(campos[clave] && !campos[clave].error.hidden); }
    };
  }

  /** "Intenta de nuevo en unos minutos o llámanos al … (horario)." */
  function parrafoAyudaTelefonica(inicio) {
    var p = el("p", { clase: "resumen-errores__ayuda" });
    p.appendChild(document.createTextNode(inicio || "Intenta de nuevo en unos minutos o llámanos al "));
    p.appendChild(telefonosEnTexto());
    p.appendChild(document.createTextNode(". " + estado.horario + "."));
    return p;
  }

  /* ---------- Anuncios para lectores de pantalla ---------- */

  var temporizadorAnuncio = null;
  function anunciar(texto) {
    var region = RAIZ.getElementById("anuncios");
    if (!region) return;
    clearTimeout(temporizadorAnuncio);
    region.textContent = "";
    temporizadorAnuncio = setTimeout(function () { region.textContent = texto; }, 60);
  }

  /**
   * Fecha ISO para el atributo datetime de <time>: HTML admite hasta tres decimales en los segundos y la API
   * manda microsegundos (seis).
   */
  function fechaHtml(iso) {
    return String(iso).replace(/(\.\d{3})\d+/, "$1");
  }

  /** Lee un parámetro de la URL. */
  function parametro(nombre) {
    try { return new URLSearchParams(window.location.search).get(nombre); } catch (e) { return null; }
  }

  window.BP = {
    fechaHtml: fechaHtml,
    TELEFONOS: TELEFONOS_PREDETERMINADOS,
    get telefonos() { return estado.telefonos.slice(); },
    get horario() { return estado.horario; },
    soloDigitos: soloDigitos,
    formatearTelefono: formatearTelefono,
    formatearFolio: formatearFolio,
    formatearNumero: formatearNumero,
    longitud: longitud,
    contieneHtml: contieneHtml,
    contieneControl: contieneControl,
    correoValido: correoValido,
    normalizarContrato: normalizarContrato,
    normalizarClave: normalizarClave,
    el: el,
    vaciar: vaciar,
    enlaceTelefono: enlaceTelefono,
    telefonosEnTexto: telefonosEnTexto,
    parrafoAyudaTelefonica: parrafoAyudaTelefonica,
    rutaSegura: rutaSegura,
    aplicarContacto: aplicarContacto,
    pedir: pedir,
    urlSitio: urlSitio,
    raiz: RAIZ,
    incrustado: !!INCRUSTADO,
    ErrorApi: ErrorApi,
    errorDeRespuesta: errorDeRespuesta,
    mensajePasarela: mensajePasarela,
    nuevoUuid: nuevoUuid,
    crearGestorErrores: crearGestorErrores,
    anunciar: anunciar,
    parametro: parametro
  };

  /* Año en el pie de página. */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-anio]").forEach(function (n) {
      n.textContent = String(new Date().getFullYear());
    });
  });
})();
