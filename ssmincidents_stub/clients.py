"""ssm-incidents clients that never read the user's AWS configuration or credentials.

One botocore session serves the whole process, so the model and endpoint rules
load once. Its configuration chain has no environment variables and no config
files in it: ``AWS_PROFILE``, ``~/.aws/config``, ``~/.aws/credentials`` and every
other ``AWS_*`` setting are invisible to it. Credentials are fixed fake strings.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import botocore.session
from botocore.client import BaseClient
from botocore.config import Config

from ssmincidents_stub import model

__all__ = ["DEFAULT_REGION", "FAKE_CREDENTIALS", "is_incidents_client", "new_client"]

DEFAULT_REGION = "us-east-1"

# The strings AWS documentation uses for examples; they authenticate nothing.
FAKE_CREDENTIALS = {
    "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aws_session_token": "ssmincidents-stub-fake-session-token",
}

# Settings whose built-in default would point at the user's files or endpoints.
_SAFE_DEFAULTS: dict[str, Any] = {
    "config_file": os.devnull,
    "credentials_file": os.devnull,
    "profile": None,
    "ignore_configured_endpoint_urls": True,
}


@functools.cache
def _session() -> botocore.session.Session:
    # Every session variable keeps its default but loses its env var and config key.
    session_vars = {
        name: (None, None, _SAFE_DEFAULTS.get(name, default), convert)
        for name, (_, _, default, convert) in botocore.session.Session.SESSION_VARIABLES.items()
    }
    return botocore.session.Session(session_vars=session_vars)


def new_client(region: str = DEFAULT_REGION, config: Config | None = None) -> BaseClient:
    """A fresh ssm-incidents client with fake credentials, from the shared session."""
    if not isinstance(region, str) or not region:
        raise ValueError(f"region={region!r} is not an AWS region name, e.g. 'us-east-1'")
    return _session().create_client(
        model.SERVICE_NAME,
        region_name=region,
        config=config,
        aws_access_key_id=FAKE_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=FAKE_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=FAKE_CREDENTIALS["aws_session_token"],
    )


def is_incidents_client(client: object) -> bool:
    """Whether ``client`` is a botocore client of the ssm-incidents service."""
    meta = getattr(client, "meta", None)
    service_model = getattr(meta, "service_model", None)
    return isinstance(client, BaseClient) and (getattr(service_model, "service_name", None) == model.SERVICE_NAME)
