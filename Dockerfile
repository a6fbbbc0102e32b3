# The K-City FAQ Telegram bot in a small image. Walkthrough: deploy/README.md.
#
#   docker build -t kscity-faq-bot .
#   docker run -d --name kscity-faq-bot --restart unless-stopped \
#       --env-file /etc/kscity-faq-bot/env -v kscity-faq-bot-data:/data kscity-faq-bot
#
# The store (SQLite) lives in the /data volume; the token comes from --env-file, never the image.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATA_DIR=/data

# A dedicated user without a login or home; it owns only the data folder.
RUN groupadd --system --gid 10001 bot \
 && useradd --system --uid 10001 --gid bot --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bot \
 && mkdir /data && chown bot:bot /data && chmod 700 /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY faq ./faq
RUN pip install --no-cache-dir . && rm -rf build ./*.egg-info

USER bot
VOLUME ["/data"]
# Only used in webhook mode (BOT_WEBHOOK_URL); long polling needs no open port.
EXPOSE 8443
# Unhealthy when the bot's heartbeat (touched every 10 s while it polls) is over a minute old.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["python", "-m", "bot", "doctor", "--live"]
CMD ["python", "-m", "bot", "run"]
