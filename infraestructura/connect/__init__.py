"""Amazon Connect: el flujo de contacto del teléfono (Flow language) y lo que lo acompaña."""
