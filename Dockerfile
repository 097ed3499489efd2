# The practice text bot: python -m bot serve on port 8080.
# Secrets (TWILIO_*, TELEGRAM_*) come from the environment at run time, never the image.
# BASE_IMAGE: where Docker Hub can't be reached, .ci/container builds a stand-in with
# Python 3.11 in /usr/local from Debian's own packages (debootstrap).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BOT_SERVER_HOST=0.0.0.0 \
    BOT_STORAGE_DATABASE=/data/bot.db

RUN useradd --create-home --uid 10001 bot && mkdir /data && chown bot:bot /data
WORKDIR /app
COPY pyproject.toml README.md config.example.yaml requirements-runtime.lock ./
COPY bot ./bot
COPY flows ./flows
COPY directory ./directory
# Pinned, hashed dependencies from the lock file (bash .ci/lock), then the bot itself.
RUN pip install --require-hashes -r requirements-runtime.lock && pip install --no-deps .

# Everything the bot writes (database, backups) goes to /data, so the root filesystem
# can be read-only: docker run --read-only --tmpfs /tmp -v bot-data:/data ...
ENV BOT_BACKUP_FOLDER=/data/backups
USER bot
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request; port = os.environ.get('BOT_SERVER_PORT', '8080'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"]
CMD ["python", "-m", "bot", "serve"]
