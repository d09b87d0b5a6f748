"""The current two-factor code of a TOTP secret, for the demo accounts.

    .venv/bin/python -m cop_portal.totp SECRET

prints the six-digit code an authenticator app would show now (RFC 6238:
HMAC-SHA1, 30-second steps, the settings allauth.mfa uses here). Any
authenticator app given the same secret shows the same code. Standard
library only, so it runs without Django.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time

PERIOD = 30
DIGITS = 6


def totp_code(secret: str, at: float | None = None) -> str:
    """The code of `secret` (base32) at time `at` (default: now)."""
    key = base64.b32decode(secret.replace(" ", "").upper(), casefold=True)
    counter = int((time.time() if at is None else at) // PERIOD)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m cop_portal.totp SECRET", file=sys.stderr)
        return 2
    try:
        code = totp_code(argv[0])
    except ValueError:
        print("That is not a base32 TOTP secret.", file=sys.stderr)
        return 2
    seconds_left = PERIOD - int(time.time()) % PERIOD
    print(code)
    print(f"(valid for another {seconds_left} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
