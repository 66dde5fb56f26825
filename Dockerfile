# The application image: gunicorn serving config.wsgi with the production settings.
# Several instances of it run behind a front cache; see README, "Deployment past one machine".
#   docker build -t kapcsolodasok .
#   docker run --rm --env-file .env kapcsolodasok python manage.py migrate --no-input
#   docker run -d --env-file .env -p 8000:8000 kapcsolodasok
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/static_collected \
    WEB_CONCURRENCY=2

# msgfmt compiles the interface translations while the image is built.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Translations, static files (hashed names, compressed, served by WhiteNoise) and the
# deployment check, all at build time. The key exists only for these commands: the
# production settings refuse to load without one; nothing is signed with it.
RUN export SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
        ALLOWED_HOSTS=build.invalid \
    && python manage.py compilemessages --ignore=.venv -v0 \
    && python manage.py collectstatic --no-input -v0 \
    && python manage.py check --deploy --fail-level WARNING \
    && mkdir -p /app/var/media \
    && chown -R app:app /app/var

USER app
EXPOSE 8000

# /health/ answers without the HTTPS redirect; its Host must be in ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; host = os.environ['ALLOWED_HOSTS'].split(',')[0].strip(); u.urlopen(u.Request('http://127.0.0.1:8000/health/', headers={'Host': host}), timeout=4)"]

# WEB_CONCURRENCY sets the number of workers (two for two cores); logs go to stdout.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--max-requests", "2000", "--max-requests-jitter", "200", "--timeout", "30", "--graceful-timeout", "30"]
