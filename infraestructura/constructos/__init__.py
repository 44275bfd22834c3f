"""Un constructo por asunto: datos, funciones, api, agentes, notificaciones, sitio y monitoreo."""
