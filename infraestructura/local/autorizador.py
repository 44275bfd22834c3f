"""Autorizador local, como el de Cognito en API Gateway: valida el token de identidad contra el JWKS de moto."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet


class Autorizador:
    def __init__(self, endpoint: str, pool: str, cliente: str, region: str = "us-east-1") -> None:
        self.url_jwks = f"{endpoint}/{pool}/.well-known/jwks.json"
        self.emisor = f"https://cognito-idp.{region}.amazonaws.com/{pool}"
        self.cliente = cliente
        self._llaves: KeySet | None = None

    def _jwks(self) -> KeySet:
        if self._llaves is None:
            with urllib.request.urlopen(self.url_jwks, timeout=5) as r:  # noqa: S310 -- moto local
                self._llaves = KeySet.import_key_set(json.loads(r.read()))
        return self._llaves

    def claims(self, autorizacion: str | None) -> dict[str, str] | None:
        """Los claims como los entrega API Gateway (texto), o None si el token no sirve."""
        if not autorizacion:
            return None
        token = autorizacion.removeprefix("Bearer ").strip()
        try:
            decodificado = jwt.decode(token, self._jwks(), algorithms=["RS256"])
            jwt.JWTClaimsRegistry(
                now=int(time.time()),
                iss={"essential": True, "value": self.emisor},
                aud={"essential": True, "value": self.cliente},
                exp={"essential": True},
                token_use={"essential": True, "value": "id"},
            ).validate(decodificado.claims)
        except (JoseError, ValueError):
            return None
        return {k: _texto(v) for k, v in decodificado.claims.items()}


def _texto(valor: Any) -> str:
    return ",".join(map(str, valor)) if isinstance(valor, list) else str(valor)
