"""Deployment configuration (where the data lives), read from the environment or secrets.toml.

Organisation settings that users change (thresholds, handover date) live in the database instead:
see gfj_core.services.org_settings.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "gfj.db"
DEFAULT_BACKUP_DIR = PROJECT_ROOT / "data" / "backups"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
STREAMLIT_CONFIG_PATH = PROJECT_ROOT / ".streamlit" / "config.toml"


class _SecretsTomlSource(PydanticBaseSettingsSource):
    """Reads GFJ_* keys from .streamlit/secrets.toml so Streamlit Cloud style deployments work."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self._values: dict[str, Any] = {}
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            self._values = {
                k.removeprefix("GFJ_").lower(): v
                for k, v in data.items()
                if isinstance(k, str) and k.upper().startswith("GFJ_")
            }

    def get_field_value(self, field, field_name):  # pragma: no cover - unused by __call__
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._values)


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GFJ_", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    # The registry of organisations (gfj_core.tenancy); unset: `registry.db` beside a SQLite
    # database, the schema `gfj_registry` of a PostgreSQL one.
    registry_url: str | None = None
    # Seconds a writer waits for SQLite's lock before giving up.
    sqlite_busy_timeout: float = 15.0
    # The organisation's SMTP password (GFJ_SMTP_PASSWORD). A secret, so never in the database
    # with the rest of the email settings (OrgSettings.email): a backup must not carry it.
    smtp_password: SecretStr | None = None

    # Signed-in sessions (gfj_core.services.web_sessions). Deployment policy rather than an
    # organisation setting: the CEO may edit organisation settings, and must not be able to
    # weaken sign-in. GFJ_SESSION_IDLE_HOURS ends a session nobody has used for that long;
    # GFJ_SESSION_LIFETIME_DAYS ends every session that long after sign-in, however active.
    session_idle_hours: float = Field(12, gt=0, le=24 * 90)
    session_lifetime_days: float = Field(14, gt=0, le=365)
    # Where `gfj backup` (the nightly timer) writes its dated copies (deploy/gfj.env.example).
    backup_dir: Path = DEFAULT_BACKUP_DIR
    # "production" on the real server: `gfj doctor` then warns about a loaded demo.
    environment: str = "development"
    # The address people type, e.g. https://gfj.example.org (checked by `gfj doctor`).
    public_url: str | None = None

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        # Precedence: explicit arguments, then environment, then secrets.toml.
        return (init_settings, env_settings, _SecretsTomlSource(settings_cls, SECRETS_PATH))


@lru_cache
def get_settings() -> AppSettings:
    return AppSettings()
