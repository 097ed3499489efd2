# The practice text bot: python -m bot serve on port 8080.
# Secrets (TWILIO_*, TELEGRAM_*) come from the environment at run time, never the image.
FROM python:3.11-slim

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

USER bot
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["python", "-m", "bot", "serve"]
