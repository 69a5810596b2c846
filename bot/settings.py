"""One settings object, from the environment (SCAMCHECK_*, TELEGRAM_*) or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.seed import shipped_knowledge_dir

PACKAGE_KNOWLEDGE = shipped_knowledge_dir()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCAMCHECK_", env_file=".env", extra="ignore")

    db_path: Path = Field(default=Path("scamcheck.db"), description="SQLite file; ':memory:' ok")
    knowledge_dir: Path = PACKAGE_KNOWLEDGE
    default_region: str = "HK"
    default_lang: str = "en"
    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "SCAMCHECK_TELEGRAM_BOT_TOKEN"),
    )
    telegram_api_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_API_URL", "SCAMCHECK_TELEGRAM_API_URL"),
        description="Base URL of a self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot",
    )
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    admins: list[int] = Field(
        default_factory=list, description="Telegram user ids of first admins"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    # HTTP API rate limits (token buckets; 0 turns one off). A batch costs one per item.
    api_rate_per_minute: int = Field(default=300, ge=0, description="per client IP")
    api_key_rate_per_minute: int = Field(default=6000, ge=0, description="per API token")
    api_burst: int = Field(default=30, ge=1, description="requests a client may send at once")
    api_trust_forwarded_for: bool = Field(
        default=False, description="behind a reverse proxy: the client is X-Forwarded-For's last"
    )
    web_workers: int = Field(
        default=1, ge=1, le=64, description="HTTP service processes sharing the port"
    )
    # Slow clients (bot.web.connections): a request's headers must arrive within
    # header_timeout of the connection (or the previous answer), its body within body_timeout.
    header_timeout: float = Field(default=15.0, gt=0, description="seconds for request headers")
    body_timeout: float = Field(default=30.0, gt=0, description="seconds for a request body")
    connections_per_client: int = Field(
        default=64, ge=1, description="open connections one client address may hold"
    )
    user_rate_per_minute: int = 20
    # Public blocklists (bot/feeds.py) synced by `scamcheck serve` itself. Off by default: a
    # fresh install works offline, and a deployment chooses when to reach the upstream lists.
    feeds_sync_hours: float = Field(
        default=0.0, ge=0, description="serve: sync the public blocklists every N hours (0: off)"
    )
    feed_urls: dict[str, str] = Field(
        default={}, description='another URL per feed, e.g. {"polkadot": "https://mirror/all.json"}'
    )
    # What a user sends with /report (a note, their Telegram id) is kept for the review only
    # (bot/store/retention.py): erased this many days after the report is decided, and an
    # undecided report is closed and erased after report_undecided_days.
    report_retention_days: int = Field(
        default=90, ge=1, le=3650, description="erase a decided report's note and reporter id"
    )
    report_undecided_days: int = Field(
        default=180, ge=1, le=3650, description="close and erase a report left undecided"
    )
    retention_purge_hours: float = Field(
        default=6.0, gt=0, description="serve and bot: purge reports past retention this often"
    )
