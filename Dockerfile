# The portal's image: one image for the web server, the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# Translations and static files are built into the image; the key below is for the build only.
RUN DEBUG=true python manage.py compilemessages --ignore=.venv --ignore=var -v0 \
    && SECRET_KEY=image-build-only python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/var/media /app/var/mail \
    && chown -R portal /app/var
USER portal

EXPOSE 8000
# Workers, recycling, timeouts: gunicorn.conf.py (measured in docs/performance.md). WEB_CONCURRENCY
# overrides the number of workers (default: two per core).
CMD ["gunicorn", "portal.wsgi:application"]
