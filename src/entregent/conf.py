"""The settings registry: every environment variable entregent reads, declared once.

Only this module reads the environment. Each setting has a name, a type, a default and a
help text; `entregent config show` prints the effective values (secrets masked) and a test
checks that `docs/configuration.md` documents each one. Parsers fail loudly on bad values
instead of guessing.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs

PREFIX = "ENTREGENT_"


class ConfigError(ValueError):
    """A setting has a value entregent cannot use."""


def parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def parse_int(name: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def parse_port(name: str, raw: str) -> int:
    port = parse_int(name, raw)
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} must be a port between 1 and 65535, not {port}")
    return port


def parse_str(name: str, raw: str) -> str:
    return raw.strip()


def parse_list(name: str, raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_url(name: str, raw: str) -> str:
    url = raw.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must start with http:// or https://, not {raw!r}")
    return url


@dataclass(frozen=True)
class Setting:
    name: str
    parser: Callable[[str, str], Any]
    default: Callable[[], Any]
    help: str
    secret: bool = False
    prefixed: bool = True

    @property
    def env_name(self) -> str:
        return f"{PREFIX}{self.name}" if self.prefixed else self.name


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("entregent", appauthor=False))


REGISTRY: tuple[Setting, ...] = (
    Setting(
        "DATA_DIR",
        lambda _n, raw: Path(raw).expanduser(),
        _default_data_dir,
        "Folder holding the SQLite database, the secret key and uploaded photos.",
    ),
    Setting(
        "DEBUG",
        parse_bool,
        lambda: False,
        "Django debug mode. Never turn it on for a server others can reach.",
    ),
    Setting(
        "SECRET_KEY",
        parse_str,
        lambda: "",
        "Signing key. When unset, one is generated once and kept in the data folder.",
        secret=True,
    ),
    Setting(
        "SECRET_KEY_FILE",
        lambda _n, raw: Path(raw).expanduser(),
        lambda: None,
        "A file holding the signing key (for Docker or systemd secrets).",
    ),
    Setting("HOST", parse_str, lambda: "127.0.0.1", "Address the server listens on."),
    Setting("PORT", parse_port, lambda: 8000, "Port the server listens on."),
    Setting(
        "ALLOWED_HOSTS",
        parse_list,
        lambda: ["127.0.0.1", "localhost", "[::1]"],
        "Comma-separated host names the server answers to.",
    ),
    Setting(
        "CSRF_TRUSTED_ORIGINS",
        parse_list,
        lambda: [],
        "Comma-separated origins (https://crm.example.org) trusted for forms behind a proxy.",
    ),
    Setting("WORKERS", parse_int, lambda: 2, "Number of gunicorn worker processes."),
    Setting(
        "TIME_ZONE",
        parse_str,
        lambda: "Europe/Paris",
        "Default time zone for new accounts; each user can choose their own.",
    ),
    Setting(
        "LANGUAGE",
        parse_str,
        lambda: "en",
        "Default language (en or fr) when the browser states no preference.",
    ),
    Setting(
        "SQLITE_BUSY_TIMEOUT",
        parse_int,
        lambda: 20,
        "Seconds a SQLite write waits for another writer before giving up.",
    ),
    Setting(
        "BASE_URL",
        parse_url,
        lambda: "",
        "Address people open the app at (https://crm.example.org), used for links in e-mails. "
        "When unset: http://HOST:PORT.",
    ),
    Setting(
        "EMAIL_HOST",
        parse_str,
        lambda: "",
        "SMTP server for the weekly digest. Nothing is ever sent while it is unset.",
    ),
    Setting("EMAIL_PORT", parse_port, lambda: 587, "SMTP server port."),
    Setting("EMAIL_HOST_USER", parse_str, lambda: "", "User name for the SMTP server."),
    Setting(
        "EMAIL_HOST_PASSWORD",
        parse_str,
        lambda: "",
        "Password for the SMTP server.",
        secret=True,
    ),
    Setting(
        "EMAIL_HOST_PASSWORD_FILE",
        lambda _n, raw: Path(raw).expanduser(),
        lambda: None,
        "A file holding the SMTP password (for Docker or systemd secrets).",
    ),
    Setting(
        "EMAIL_USE_TLS",
        parse_bool,
        lambda: True,
        "Upgrade the SMTP connection with STARTTLS (usually port 587).",
    ),
    Setting(
        "EMAIL_USE_SSL",
        parse_bool,
        lambda: False,
        "Connect to the SMTP server over TLS from the start (usually port 465).",
    ),
    Setting(
        "EMAIL_FROM",
        parse_str,
        lambda: "",
        "Sender address of the digest. When unset: EMAIL_HOST_USER if it is an address, "
        "otherwise entregent@localhost.",
    ),
    Setting(
        "EMAIL_TIMEOUT",
        parse_int,
        lambda: 10,
        "Seconds to wait for the SMTP server before giving up.",
    ),
    Setting(
        "DATABASE_URL",
        parse_str,
        lambda: "",
        "postgres://user:password@host:5432/name switches from SQLite to PostgreSQL.",
        secret=True,
        prefixed=False,
    ),
)

_BY_NAME = {setting.name: setting for setting in REGISTRY}


def value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The effective value of one setting: the environment's, parsed, or the default."""
    setting = _BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(setting.env_name)
    if raw is None or raw == "":
        return setting.default()
    return setting.parser(setting.env_name, raw)


def effective(environ: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(variable, shown value, help) for each setting, secrets masked."""
    rows = []
    for setting in REGISTRY:
        current = value(setting.name, environ)
        shown = "" if current is None else str(current)
        if setting.secret and shown:
            shown = "********"
        rows.append((setting.env_name, shown, setting.help))
    return rows


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    path: Path = value("DATA_DIR", environ)
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(environ: Mapping[str, str] | None = None) -> str:
    """The signing key from the environment, a file, or one generated once in the data dir."""
    key: str = value("SECRET_KEY", environ)
    if key:
        return key
    key_file: Path | None = value("SECRET_KEY_FILE", environ)
    if key_file is not None:
        try:
            return key_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"ENTREGENT_SECRET_KEY_FILE cannot be read: {exc}") from None
    stored = data_dir(environ) / "secret_key"
    if stored.exists():
        return stored.read_text(encoding="utf-8").strip()
    generated = secrets.token_urlsafe(50)
    stored.write_text(generated, encoding="utf-8")
    stored.chmod(0o600)
    return generated


def database_settings(url: str, sqlite_path: Path, busy_timeout: int) -> dict[str, Any]:
    """The DATABASES['default'] dict: PostgreSQL from a URL, otherwise tuned SQLite.

    SQLite runs in WAL mode with a busy timeout and IMMEDIATE transactions, so that a web
    request and a command-line write at the same moment both succeed instead of one failing
    with "database is locked".
    """
    if url:
        if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise ConfigError("DATABASE_URL must be a postgres:// URL (SQLite is the default)")
        parsed: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        parsed["CONN_HEALTH_CHECKS"] = True
        return parsed
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(sqlite_path),
        "OPTIONS": {
            "timeout": busy_timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                f"PRAGMA busy_timeout={busy_timeout * 1000};"
                "PRAGMA foreign_keys=ON;"
            ),
        },
    }


def secret_or_file(name: str, environ: Mapping[str, str] | None = None) -> str:
    """A secret from its variable, or else from the file its `*_FILE` variable names."""
    secret: str = value(name, environ)
    if secret:
        return secret
    secret_file: Path | None = value(f"{name}_FILE", environ)
    if secret_file is None:
        return ""
    try:
        return secret_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"{PREFIX}{name}_FILE cannot be read: {exc}") from None


def base_url(environ: Mapping[str, str] | None = None) -> str:
    """Where people open the app: BASE_URL, or the address the server listens on."""
    url: str = value("BASE_URL", environ)
    if url:
        return url
    host: str = value("HOST", environ)
    if host in {"", "0.0.0.0", "::"}:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{value('PORT', environ)}"


def email_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Django's EMAIL_* settings and DEFAULT_FROM_EMAIL.

    Without EMAIL_HOST, mail goes to a backend that refuses to send with a clear error:
    nothing leaves the machine unless the user configured a server.
    """
    host: str = value("EMAIL_HOST", environ)
    use_tls: bool = value("EMAIL_USE_TLS", environ)
    use_ssl: bool = value("EMAIL_USE_SSL", environ)
    if use_tls and use_ssl:
        raise ConfigError(
            f"{PREFIX}EMAIL_USE_TLS and {PREFIX}EMAIL_USE_SSL cannot both be true: "
            "turn one off (TLS for port 587, SSL for port 465)"
        )
    user: str = value("EMAIL_HOST_USER", environ)
    sender: str = value("EMAIL_FROM", environ) or (user if "@" in user else "entregent@localhost")
    backend = (
        "django.core.mail.backends.smtp.EmailBackend"
        if host
        else "entregent.services.mail.NotConfiguredBackend"
    )
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": host,
        "EMAIL_PORT": value("EMAIL_PORT", environ),
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": secret_or_file("EMAIL_HOST_PASSWORD", environ),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": value("EMAIL_TIMEOUT", environ),
        "DEFAULT_FROM_EMAIL": sender,
        "SERVER_EMAIL": sender,
    }
