"""WSGI entry point (waitress in `imon serve`, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrationsmonitor.web.settings")
application = get_wsgi_application()
