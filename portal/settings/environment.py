"""Where the settings come from: the environment, filled in by a developer's `.env`, with strict booleans."""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's .env (see .env.example) fills in what the environment does not set. The test suite
# and its subprocesses ignore it, so that a local .env cannot change what the tests see.
_reads_dotenv = os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings") == "portal.settings"
if _reads_dotenv and not os.environ.get("PORTAL_NO_DOTENV") and (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean from the environment, strictly: a typo must not silently mean False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")
    return raw in _TRUE
