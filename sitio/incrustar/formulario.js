/*
 * Blue Point · Formulario incrustable. La página de la empresa (otro origen) pone una sola etiqueta:
 *
 *   <div id="bluepoint-formulario"></div>
 *   <script src="https://atencion.bluepoint.mx/incrustar/formulario.js" defer></script>
 *
 * y aquí aparece el mismo formulario accesible del sitio (el mismo marcado, js/comun.js y js/formulario.js), en una
 * raíz de sombra: sus estilos e ids no chocan con los de la página. Publica a la API de este origen, que sólo
 * admite por CORS los orígenes del contexto `origenes_web` (docs/operacion.md). Sin scripts ni estilos en línea:
 * la CSP de la página anfitriona sólo necesita permitir este origen en script-src, style-src y connect-src.
 *
 * Atributos opcionales de la etiqueta: data-destino (id del contenedor; si no existe, se crea junto al script).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.BP_INCRUSTADO) return;
  var base = new URL(script.src, window.location.href).origin;

  // El mismo marcado que sitio/index.html (#bloque-formulario y #resultado, sin <noscript>): una prueba lo compara.
  var PLANTILLA = [
    "<div id=\"bloque-formulario\">",
    "  <h2 id=\"titulo-solicitud\" tabindex=\"-1\">Abre una solicitud</h2>",
    "  <p class=\"seccion__intro\">",
    "    Te tomará unos 3 minutos. Al enviarla recibirás tu folio y la fecha máxima en que la resolveremos.",
    "    No escribas contraseñas ni datos de tarjetas.",
    "  </p>",
    "",
    "  <!-- Oculto hasta que corre el script: sin JavaScript no hay nada que cargar (queda el aviso que sigue). -->",
    "  <div id=\"estado-catalogo\" class=\"aviso aviso--info\" role=\"status\" tabindex=\"-1\" hidden></div>",
    "",
    "  <!-- Visible hasta que el script arranca: sin JavaScript (apagado, bloqueado o sin cargar) se ve esto. -->",
    "  <div id=\"sin-javascript\" class=\"aviso aviso--advertencia\">",
    "    <p>Para enviar tu solicitud en línea necesitas activar JavaScript en tu navegador.",
    "      También puedes llamarnos al <a href=\"tel:+527676720827\">767 672 0827</a> o al",
    "      <a href=\"tel:+527775000232\">777 500 0232</a>, de lunes a sábado de 8:30 a 18:30 (hora del centro de México).</p>",
    "  </div>",
    "",
    "  <div id=\"resumen-errores\" class=\"resumen-errores\" role=\"alert\" tabindex=\"-1\" hidden></div>",
    "",
    "  <form id=\"form-caso\" class=\"formulario\" novalidate hidden aria-labelledby=\"titulo-solicitud\">",
    "    <div class=\"formulario__paso\">",
    "      <h3 class=\"formulario__titulo-paso\"><span class=\"numero-paso\" aria-hidden=\"true\">1</span> Tu solicitud</h3>",
    "",
    "      <fieldset class=\"campo\" id=\"grupo-tipo\">",
    "        <legend class=\"campo__etiqueta\">Tipo de solicitud <span class=\"indicador\">(obligatorio)</span></legend>",
    "        <p class=\"campo__error\" id=\"error-tipo\" hidden></p>",
    "        <div class=\"opciones opciones--tarjetas\" id=\"opciones-tipo\"></div>",
    "      </fieldset>",
    "",
    "      <div class=\"campo\" id=\"grupo-categoria\">",
    "        <label class=\"campo__etiqueta\" for=\"categoria\">Categoría <span class=\"indicador\">(obligatorio)</span></label>",
    "        <p class=\"campo__error\" id=\"error-categoria\" hidden></p>",
    "        <select id=\"categoria\" name=\"categoria\" aria-required=\"true\" aria-describedby=\"categoria-detalle\">",
    "          <option value=\"\">Primero elige el tipo de solicitud</option>",
    "        </select>",
    "        <div id=\"categoria-detalle\" class=\"detalle-categoria\" aria-live=\"polite\"></div>",
    "      </div>",
    "",
    "      <div class=\"campo\" id=\"grupo-descripcion\">",
    "        <label class=\"campo__etiqueta\" for=\"descripcion\">Describe tu solicitud <span class=\"indicador\">(obligatorio)</span></label>",
    "        <p class=\"campo__ayuda\" id=\"descripcion-ayuda\">Incluye fechas, montos o números de referencia si los tienes. De 10 a 2,000 caracteres.</p>",
    "        <p class=\"campo__error\" id=\"error-descripcion\" hidden></p>",
    "        <textarea id=\"descripcion\" name=\"descripcion\" rows=\"6\" aria-required=\"true\" aria-describedby=\"descripcion-ayuda descripcion-contador-lector\" spellcheck=\"true\"></textarea>",
    "        <p class=\"contador\" id=\"descripcion-contador\" aria-hidden=\"true\">Te quedan 2,000 caracteres.</p>",
    "        <p class=\"sr-only\" id=\"descripcion-contador-lector\" aria-live=\"polite\"></p>",
    "      </div>",
    "    </div>",
    "",
    "    <div class=\"formulario__paso\">",
    "      <h3 class=\"formulario__titulo-paso\"><span class=\"numero-paso\" aria-hidden=\"true\">2</span> Tus datos</h3>",
    "",
    "      <div class=\"campo\" id=\"grupo-nombre\">",
    "        <label class=\"campo__etiqueta\" for=\"nombre\">Nombre completo <span class=\"indicador\">(obligatorio)</span></label>",
    "        <p class=\"campo__error\" id=\"error-nombre\" hidden></p>",
    "        <input id=\"nombre\" name=\"nombre\" type=\"text\" autocomplete=\"name\" aria-required=\"true\" spellcheck=\"false\">",
    "      </div>",
    "",
    "      <div class=\"campo\" id=\"grupo-contrato\">",
    "        <label class=\"campo__etiqueta\" for=\"contrato\">Número de contrato <span class=\"indicador\" id=\"contrato-indicador\">(obligatorio)</span></label>",
    "        <p class=\"campo__ayuda\" id=\"contrato-ayuda\">De 6 a 12 dígitos. Viene en tu contrato y en tu estado de cuenta.</p>",
    "        <p class=\"campo__error\" id=\"error-contrato\" hidden></p>",
    "        <input id=\"contrato\" name=\"contrato\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" class=\"campo__control--corto\" aria-describedby=\"contrato-ayuda\" spellcheck=\"false\">",
    "      </div>",
    "    </div>",
    "",
    "    <div class=\"formulario__paso\">",
    "      <h3 class=\"formulario__titulo-paso\"><span class=\"numero-paso\" aria-hidden=\"true\">3</span> Tu folio y tus datos de contacto</h3>",
    "",
    "      <fieldset class=\"campo\" id=\"grupo-medio_notificacion\">",
    "        <legend class=\"campo__etiqueta\">¿Cómo quieres recibir tu folio? <span class=\"indicador\">(obligatorio)</span></legend>",
    "        <p class=\"campo__error\" id=\"error-medio_notificacion\" hidden></p>",
    "        <div class=\"opciones\" id=\"opciones-medio\"></div>",
    "      </fieldset>",
    "",
    "      <p class=\"campo__ayuda campo__ayuda--bloque\" id=\"contacto-ayuda\">Escribe al menos un correo o un teléfono para poder contactarte.</p>",
    "",
    "      <div class=\"campo\" id=\"grupo-correo\">",
    "        <label class=\"campo__etiqueta\" for=\"correo\">Correo electrónico <span class=\"indicador\" id=\"correo-indicador\">(opcional)</span></label>",
    "        <p class=\"campo__error\" id=\"error-correo\" hidden></p>",
    "        <input id=\"correo\" name=\"correo\" type=\"email\" autocomplete=\"email\" inputmode=\"email\" spellcheck=\"false\" aria-describedby=\"contacto-ayuda\">",
    "      </div>",
    "",
    "      <div class=\"campo\" id=\"grupo-telefono\">",
    "        <label class=\"campo__etiqueta\" for=\"telefono\">Teléfono <span class=\"indicador\" id=\"telefono-indicador\">(opcional)</span></label>",
    "        <p class=\"campo__ayuda\" id=\"telefono-ayuda\">10 dígitos, por ejemplo 722 123 4567. Para SMS o WhatsApp escribe tu celular.</p>",
    "        <p class=\"campo__error\" id=\"error-telefono\" hidden></p>",
    "        <input id=\"telefono\" name=\"telefono\" type=\"tel\" autocomplete=\"tel\" inputmode=\"tel\" class=\"campo__control--corto\" aria-describedby=\"telefono-ayuda contacto-ayuda\">",
    "      </div>",
    "",
    "      <div class=\"campo\" id=\"grupo-consentimiento_whatsapp\" hidden>",
    "        <p class=\"campo__error\" id=\"error-consentimiento_whatsapp\" hidden></p>",
    "        <label class=\"aviso-check\" for=\"consentimiento_whatsapp\">",
    "          <input id=\"consentimiento_whatsapp\" name=\"consentimiento_whatsapp\" type=\"checkbox\">",
    "          <span class=\"aviso-check__texto\" id=\"consentimiento-texto\">Acepto que Blue Point me escriba por WhatsApp sobre esta solicitud.</span>",
    "        </label>",
    "      </div>",
    "    </div>",
    "",
    "    <div class=\"campo\" id=\"grupo-aviso_privacidad\">",
    "      <p class=\"campo__error\" id=\"error-aviso_privacidad\" hidden></p>",
    "      <p class=\"campo__ayuda\" id=\"aviso-resumen\">Blue Point usa tus datos sólo para atender esta solicitud, avisarte de su avance y medir la calidad de la atención.</p>",
    "      <label class=\"aviso-check\" for=\"aviso_privacidad\">",
    "        <input id=\"aviso_privacidad\" name=\"aviso_privacidad\" type=\"checkbox\" aria-describedby=\"aviso-resumen\">",
    "        <span class=\"aviso-check__texto\">He leído y acepto el <a href=\"/privacidad.html\" target=\"_blank\" rel=\"noopener\">aviso de privacidad simplificado</a> (se abre en una pestaña nueva).</span>",
    "      </label>",
    "    </div>",
    "",
    "    <!-- Trampa para robots: oculta para las personas y para los lectores de pantalla. -->",
    "    <div class=\"trampa\" aria-hidden=\"true\">",
    "      <label for=\"sitio_web\">Sitio web</label>",
    "      <input id=\"sitio_web\" name=\"sitio_web\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\">",
    "    </div>",
    "",
    "    <div class=\"formulario__envio\">",
    "      <button type=\"submit\" class=\"boton boton--primario boton--grande\" id=\"boton-enviar\">",
    "        <span class=\"girador\" aria-hidden=\"true\"></span>",
    "        <span class=\"boton__texto\">Enviar solicitud</span>",
    "      </button>",
    "      <p id=\"estado-envio\" class=\"estado-envio\" role=\"status\"></p>",
    "    </div>",
    "  </form>",
    "</div>",
    "",
    "<div id=\"resultado\" class=\"resultado\" aria-live=\"polite\" hidden></div>"
  ].join("\n");

  var idDestino = script.getAttribute("data-destino") || "bluepoint-formulario";
  var destino = document.getElementById(idDestino);
  if (!destino) {
    destino = document.createElement("div");
    destino.id = idDestino;
    script.parentNode.insertBefore(destino, script);
  }
  destino.setAttribute("data-bluepoint", "formulario");
  var raiz = destino.attachShadow({ mode: "open" });

  ["/css/estilos.css", "/incrustar/formulario.css"].forEach(function (ruta) {
    var hoja = document.createElement("link");
    hoja.rel = "stylesheet";
    hoja.href = base + ruta;
    raiz.appendChild(hoja);
  });
  var contenedor = document.createElement("section");
  contenedor.className = "seccion";
  contenedor.setAttribute("aria-labelledby", "titulo-solicitud");
  // Marcado propio y fijo (nada del servidor ni del cliente), analizado con DOMParser y no asignado como HTML (la
  // regla de la casa); los textos de la API se ponen después con textContent (js/formulario.js).
  var analizado = new DOMParser().parseFromString(PLANTILLA, "text/html");
  while (analizado.body.firstChild) contenedor.appendChild(document.adoptNode(analizado.body.firstChild));
  // Si esto corre, hay JavaScript: el aviso de «activa JavaScript» no se muestra ni mientras carga el formulario.
  contenedor.querySelector("#sin-javascript").hidden = true;
  raiz.appendChild(contenedor);
  // Los enlaces del marcado (aviso de privacidad) son del sitio de Blue Point, no de la página anfitriona.
  Array.prototype.forEach.call(contenedor.querySelectorAll('a[href^="/"]'), function (a) {
    a.href = base + a.getAttribute("href");
  });
  var anuncios = document.createElement("div");
  anuncios.id = "anuncios";
  anuncios.className = "sr-only";
  anuncios.setAttribute("aria-live", "polite");
  raiz.appendChild(anuncios);

  window.BP_INCRUSTADO = { api: base, raiz: raiz };
  ["/js/comun.js", "/js/formulario.js"].forEach(function (ruta) {
    var s = document.createElement("script");
    s.src = base + ruta;
    s.async = false; // en orden: formulario.js usa BP de comun.js
    document.head.appendChild(s);
  });
})();
