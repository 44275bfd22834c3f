#!/usr/bin/env bash
# Instala SpamAssassin de Debian (la prueba de correo pasa cada plantilla por él, sólo con reglas locales).
set -euo pipefail
if command -v spamassassin >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Instalando SpamAssassin de Debian para la prueba de correo…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends spamassassin >/dev/null
command -v spamassassin
