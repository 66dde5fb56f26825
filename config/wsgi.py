"""WSGI entry point; production deployments set DJANGO_SETTINGS_MODULE explicitly.

Page-cache hits are answered in front of Django's handler (``config.page_cache_wsgi``).
"""

import os

from django.core.wsgi import get_wsgi_application

from config.page_cache_wsgi import PageCacheApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = PageCacheApplication(get_wsgi_application())
