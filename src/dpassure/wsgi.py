"""WSGI entry point for gunicorn: ``dpassure.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpassure.settings")
application = get_wsgi_application()
