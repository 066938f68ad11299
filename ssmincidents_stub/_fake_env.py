"""[is] The fake AWS settings as environment variables: it imports nothing, not even botocore.

So the plugin can put them in place before pytest imports the first conftest.py without
importing botocore first (a conftest.py may need to act before botocore loads: point
``HOME`` elsewhere, say, which botocore reads when imported).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

__all__ = ["DEFAULT_REGION", "FAKE_CREDENTIALS", "fake_environment", "replace_variables", "swap_variables"]

# The region of a client made with none, and of the ARNs the builders and the fake make
# unless a test names another (the ini option ``ssm_incidents_region`` does).
DEFAULT_REGION = "us-east-1"

# The strings AWS documentation uses for examples; they authenticate nothing.
FAKE_CREDENTIALS = {
    "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aws_session_token": "ssmincidents-stub-fake-session-token",
}


def fake_environment(region: str) -> dict[str, str]:
    """``AWS_*`` variables that make any AWS SDK use fake credentials and ``region``, and no files.

    Instance metadata is switched off too, so no SDK ever probes the network for credentials.
    """
    return {
        "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
        "AWS_SESSION_TOKEN": FAKE_CREDENTIALS["aws_session_token"],
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def swap_variables(values: Mapping[str, str]) -> dict[str, str]:
    """Take every ``AWS_*`` variable out of the environment and put ``values`` in; return what was taken out."""
    taken = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    for name in taken:
        del os.environ[name]
    os.environ.update(values)
    return taken


def replace_variables(values: Mapping[str, str]) -> Callable[[], None]:
    """Replace every ``AWS_*`` variable with ``values``; return what puts the ones found back (once)."""
    saved = swap_variables(values)
    restored = False

    def restore() -> None:
        nonlocal restored
        if not restored:
            restored = True
            swap_variables(saved)

    return restore
