# enforcement — production image: gunicorn (web), Celery worker and beat share it.
#
#   docker compose build && SECRET_KEY=… docker compose up -d
#
# Debian bookworm packages:
# - fonts-noto-cjk: without a CJK font WeasyPrint draws empty boxes for every Chinese
#   character in the documents (STACK.md).
# - libharfbuzz-subset0: without it WeasyPrint subsets fonts in Python, ~6 s per document
#   with Noto CJK instead of ~0.16 s.
# - pango, pangoft2, harfbuzz, fontconfig, glib: WeasyPrint's own libraries (loaded by cffi).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=enforcement.settings \
    DEBUG=0 \
    MEDIA_ROOT=/srv/media \
    STATIC_ROOT=/srv/static

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fonts-noto-cjk \
        libharfbuzz-subset0 \
        libharfbuzz0b \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libfontconfig1 \
        libglib2.0-0 \
        shared-mime-info \
        tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (from pyproject.toml), so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . \
    && rm -rf build *.egg-info \
    && chmod 0755 deploy/entrypoint.sh

# Run as an unprivileged user; only media, static and beat's schedule are writable.
RUN groupadd --system --gid 10001 enforcement \
    && useradd --system --uid 10001 --gid enforcement --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin enforcement \
    && mkdir -p /srv/media /srv/static /srv/beat \
    && chown -R enforcement:enforcement /srv/media /srv/static /srv/beat
USER enforcement:enforcement

EXPOSE 8000
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py", "enforcement.wsgi:application"]
