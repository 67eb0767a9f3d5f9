# syntax=docker/dockerfile:1
#
# Production image for ipsfidelity. The same image runs every app process
# (see docker-compose.yml):
#   web     gunicorn (the default command below)
#   worker  celery -A ipsfidelity worker
#   beat    celery -A ipsfidelity beat
#   migrate python manage.py migrate --noinput
# All configuration comes from the environment (ipsfidelity/settings.py).

FROM python:3.11-slim-bookworm

# uv is pinned to the version the lock file is maintained with.
ARG UV_VERSION=0.13.9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# Run-time libraries for WeasyPrint (PDF reports): Pango, HarfBuzz subsetting
# and at least one font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install "uv==${UV_VERSION}"

WORKDIR /app

# Dependencies first, so this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev

COPY . .

# Where the app writes at run time. docker-compose.yml mounts named volumes on
# var/media (signed reports, shared by web and worker) and var/beat (Celery
# beat's schedule file); a new named volume takes its owner from these folders.
# Static files are collected outside DATA_DIR so that a volume never hides the
# files of a newer image.
ENV DATA_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/staticfiles \
    STATIC_MANIFEST=true

# Hashed static file names (served by WhiteNoise). The key exists for this
# step only; the running containers must be given SECRET_KEY.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home app \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R app:app /app/var
USER app

EXPOSE 8000

# The access log hides the tokens of invitation links and calendar feeds
# (ipsfidelity/access_log.py).
# gunicorn reads the number of worker processes from WEB_CONCURRENCY (one per
# core) and further options from GUNICORN_CMD_ARGS. Threaded workers: a request
# mostly waits for PostgreSQL, so threads serve others meanwhile (see
# docs/operations.md, Scaling).
ENV WEB_CONCURRENCY=2
CMD ["gunicorn", "ipsfidelity.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", \
     "--threads", "4", \
     "--access-logfile", "-", \
     "--logger-class", "ipsfidelity.access_log.RedactingLogger", \
     "--error-logfile", "-", \
     "--forwarded-allow-ips", "*", \
     "--timeout", "60", \
     "--graceful-timeout", "30"]
