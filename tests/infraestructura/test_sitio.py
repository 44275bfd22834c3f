"""CloudFront pone en cada respuesta las cabeceras de seguridad propias (CSP estricta incluida), no las de la
política administrada SECURITY_HEADERS, que no trae CSP; y son las mismas que ponen las funciones y `make run`."""

from __future__ import annotations

from funciones.nucleo.frontera.cabeceras import CABECERAS_PAGINA, HSTS_SEGUNDOS, POLITICA_CONTENIDO, politica_contenido

# Id de la política administrada «Managed-SecurityHeadersPolicy» de CloudFront.
ADMINISTRADA = "67f7725c-6f97-4210-82d7-5512b31e9d03"


def _politicas(sintesis) -> dict[str, dict]:
    return {
        nombre: r["Properties"]["ResponseHeadersPolicyConfig"]
        for nombre, r in sintesis.recursos.items()
        if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    }


def test_la_politica_de_cabeceras_es_la_estricta(sintesis):
    (config,) = _politicas(sintesis).values()
    seguridad = config["SecurityHeadersConfig"]
    csp = seguridad["ContentSecurityPolicy"]
    # La misma que la de las funciones y `make run`, más el bucket de adjuntos en connect-src (el navegador sube
    # ahí con el POST prefirmado; en local sube al mismo origen).
    [bucket] = [k for k, r in sintesis.recursos.items() if r["Type"] == "AWS::S3::Bucket" and k.startswith("Adjuntos")]
    antes, despues = politica_contenido(("https://MARCA",)).split("MARCA")
    assert csp == {
        "ContentSecurityPolicy": {"Fn::Join": ["", [antes, {"Fn::GetAtt": [bucket, "RegionalDomainName"]}, despues]]},
        "Override": True,
    }
    assert politica_contenido() == POLITICA_CONTENIDO
    assert "unsafe-inline" not in POLITICA_CONTENIDO and "frame-ancestors 'none'" in POLITICA_CONTENIDO
    assert seguridad["ContentTypeOptions"] == {"Override": True}
    assert seguridad["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert seguridad["ReferrerPolicy"] == {"ReferrerPolicy": CABECERAS_PAGINA["Referrer-Policy"], "Override": True}
    hsts = seguridad["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] == HSTS_SEGUNDOS >= 365 * 24 * 3600
    assert hsts["IncludeSubdomains"] is True and hsts["Override"] is True
    propias = {c["Header"]: c for c in config["CustomHeadersConfig"]["Items"]}
    assert propias == {
        "Permissions-Policy": {
            "Header": "Permissions-Policy",
            "Value": CABECERAS_PAGINA["Permissions-Policy"],
            "Override": True,
        }
    }


def test_cada_comportamiento_de_la_distribucion_usa_esa_politica(sintesis):
    (nombre,) = _politicas(sintesis)
    (distribucion,) = [r for r in sintesis.recursos.values() if r["Type"] == "AWS::CloudFront::Distribution"]
    config = distribucion["Properties"]["DistributionConfig"]
    comportamientos = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]
    assert len(comportamientos) >= 4  # el sitio, el catálogo, el OpenAPI y /api/*
    for c in comportamientos:
        assert c.get("ResponseHeadersPolicyId") == {"Ref": nombre}, c.get("PathPattern", "predeterminado")
    assert ADMINISTRADA not in str(distribucion)
