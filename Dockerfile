# scamcheck serve: the check API, the try-it page and, given TELEGRAM_BOT_TOKEN, the bot's webhook.
#   docker build -t scamcheck .
#   docker run -p 8080:8080 -v scamcheck-data:/data scamcheck
# Configuration is by environment (SCAMCHECK_*, TELEGRAM_*; see docs/http.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Text in screenshots: Debian's Tesseract with English, Traditional and Simplified Chinese
# (bot/media/ocr.py runs it as a separate process, killed after 20 s). Without it pictures are
# checked for QR codes only. The versions are Debian's: the base image's release pins them.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-tra tesseract-ocr-chi-sim \
    && rm -rf /var/lib/apt/lists/*

# The package and its dependencies, installed as the README installs them (pip install .),
# with the media extra (Pillow decodes pictures, zxing-cpp reads QR codes); the build copies
# the seed knowledge base into the package (setup.py). The folder stays in the image too,
# where SCAMCHECK_KNOWLEDGE_DIR points: loaded into a new database on first start.
# (DL3013: this is the project itself; its dependencies' bounds are in pyproject.toml.)
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot/ ./bot/
COPY knowledge/ ./knowledge/
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[media]"

# A user of its own; the database lives on a volume it owns.
RUN groupadd --system --gid 10001 scamcheck \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin scamcheck \
    && mkdir /data \
    && chown 10001:10001 /data
VOLUME ["/data"]

ENV SCAMCHECK_DB_PATH=/data/scamcheck.db \
    SCAMCHECK_KNOWLEDGE_DIR=/app/knowledge \
    SCAMCHECK_PORT=8080

USER 10001:10001
EXPOSE 8080

# No curl in the slim image: Python asks /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('SCAMCHECK_PORT', '8080') + '/healthz', timeout=4)"]

# Exec form: scamcheck is PID 1 and gets SIGTERM itself, for a graceful stop.
CMD ["scamcheck", "serve", "--host", "0.0.0.0"]
