"""Shared set-up for the astroquery 0.4.6 conformance suite.

Import this module BEFORE ``astroquery.mast``. It

* refuses to run unless ``MAST_EMULATOR_URL`` names the emulator and astroquery's frozen MAST URLs
  (computed at import from ``[mast] server`` in ``$XDG_CONFIG_HOME/astropy/astroquery.cfg``) point
  at it, so no test can silently talk to the real MAST;
* blocks name resolution of any host other than the loopback, so a coordinate string that astropy
  would resolve through CDS Sesame fails loudly instead of leaving the machine;
* loads the recorded MAST responses (the ground truth for recorded cases) straight from the files,
  and the expectations the JUnit driver computed from the emulator's Java ``SyntheticSky``.
"""

import hashlib
import json
import os
import socket
import warnings

EMULATOR_URL = os.environ.get("MAST_EMULATOR_URL", "").rstrip("/")
if not EMULATOR_URL:
    raise RuntimeError(
        "MAST_EMULATOR_URL is not set: run this suite through AstroqueryConformanceTest "
        "(it starts the emulator and writes astroquery.cfg)")

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only_getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOOPBACK:
        raise OSError("conformance suite: network access to %r is blocked (emulator only)" % (name,))
    return _real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback_only_getaddrinfo

import astroquery.mast  # noqa: E402  (must come after the guard above)
from astroquery.mast.discovery_portal import PortalAPI  # noqa: E402

if PortalAPI.MAST_REQUEST_URL != EMULATOR_URL + "/api/v0/invoke":
    raise RuntimeError(
        "astroquery is not pointed at the emulator: PortalAPI.MAST_REQUEST_URL=%s, expected %s/api/v0/invoke "
        "(astroquery.cfg must exist before import)" % (PortalAPI.MAST_REQUEST_URL, EMULATOR_URL))

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED_DIR = os.environ.get("MAST_RECORDED_DIR") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "main", "resources", "org", "mastspark", "emulator", "recorded"))


def recorded(name):
    """The recorded MAST response ``name`` (a path relative to the recorded directory), parsed."""
    with open(os.path.join(RECORDED_DIR, name), encoding="utf-8") as f:
        return json.load(f)


def recorded_rows(name):
    return recorded(name)["data"]


def _load_expectations():
    path = os.environ.get("MAST_CONFORMANCE_EXPECTATIONS")
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


EXPECTATIONS = _load_expectations()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def column(table, name):
    """A table column as a plain Python list (masked cells -> None)."""
    col = table[name]
    mask = getattr(col, "mask", None)
    out = []
    for i, v in enumerate(col):
        if mask is not None and bool(mask[i]):
            out.append(None)
        else:
            out.append(v.item() if hasattr(v, "item") else v)
    return out


def quiet(fn, *args, **kwargs):
    """Calls fn, returning (result, list of warnings raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, list(caught)


def known_gap(test, exc, description):
    """Skips ``test`` because of a documented emulator discrepancy (reported to the emulator team).

    Only called for the exact failure signature of that discrepancy, so once the emulator is fixed the
    test runs its assertions for real, and any other failure still fails.
    """
    test.skipTest("KNOWN EMULATOR DISCREPANCY: %s [%s: %s]" % (description, type(exc).__name__, str(exc)[:200]))


def is_http_404(exc):
    response = getattr(exc, "response", None)
    return response is not None and response.status_code == 404
