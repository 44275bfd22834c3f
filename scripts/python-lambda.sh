#!/usr/bin/env bash
# Imprime la ruta de un CPython de la versión del runtime de Lambda ($1, 3.12 si no se da), sin que nadie
# exporte nada. Uso: bash scripts/python-lambda.sh 3.12
# Busca, en orden: $PYTHON_LAMBDA, las versiones de pyenv, `uv python find` (sin descargar), python3.12 y
# python3 del PATH. Si no hay ninguno, explica qué falta y termina con error.
set -uo pipefail

VERSION="${1:-3.12}"
UV="${UV:-.herramientas/bin/uv}"

# ¿Es un CPython $VERSION que arranca? (un shim de pyenv sin versión elegida no arranca)
sirve() {
    [ -n "$1" ] && "$1" -c "import sys; sys.exit(not (sys.implementation.name == 'cpython' and '%d.%d' % sys.version_info[:2] == '$VERSION'))" \
        >/dev/null 2>&1
}

candidatos() {
    [ -n "${PYTHON_LAMBDA:-}" ] && echo "$PYTHON_LAMBDA"
    local raiz="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then
        raiz="$(pyenv root 2>/dev/null || echo "$raiz")"
    fi
    # La más nueva primero: 3.12.10 antes que 3.12.9.
    local v
    for v in $(ls -d "$raiz"/versions/"$VERSION".* 2>/dev/null | sort -t. -k3,3nr); do
        echo "$v/bin/python$VERSION"
        if [ -x "$UV" ]; then
            PYENV_VERSION="$(basename "$v")" UV_PYTHON_DOWNLOADS=never "$UV" python find "$VERSION" 2>/dev/null
        fi
    done
    if [ -x "$UV" ]; then
        UV_PYTHON_DOWNLOADS=never "$UV" python find "$VERSION" 2>/dev/null
    fi
    command -v "python$VERSION" 2>/dev/null
    for v in /usr/local/bin/python$VERSION /usr/bin/python$VERSION; do echo "$v"; done
    command -v python3 2>/dev/null
}

while IFS= read -r candidato; do
    if [ -n "$candidato" ] && sirve "$candidato"; then
        echo "$candidato"
        exit 0
    fi
done < <(candidatos)

cat >&2 <<EOF
Falta Python $VERSION (CPython): es la versión del runtime de Lambda (python$VERSION) y las pruebas corren con ella.
No se encontró en pyenv (${PYENV_ROOT:-~/.pyenv}/versions/$VERSION.*), con \`uv python find $VERSION\` ni como
python$VERSION o python3 en el PATH. Instálalo con alguna de estas opciones y vuelve a correr make:
  - pyenv install $VERSION
  - apt-get install python$VERSION python$VERSION-venv   (Debian/Ubuntu con esa versión en sus repositorios)
  - uv python install $VERSION                           (si hay salida a internet)
O indica la ruta de un intérprete $VERSION: PYTHON_LAMBDA=/ruta/a/python$VERSION make ...
EOF
exit 1
