"""A real, local PKI for the signing tests, served over HTTP on 127.0.0.1.

A root CA, an intermediate CA with an OCSP responder and CRLs, a time-stamping
authority and a document-signing certificate, made by certomancer (the test
PKI made for pyHanko) and served by its own WSGI app, the Animator, as a CA
and a TSA serve them: signing asks the TSA for real RFC 3161 timestamps and
fetches real OCSP responses and CRLs over HTTP. Nothing is mocked.
"""

import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import pem
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ARCH = "ipsfidelity-test"
KEYS = ("root", "interm", "interm-ocsp", "tsa", "signer", "signer2")
FOREVER = "2100-01-01T00:00:00+0000"


@dataclass
class LocalPKI:
    tsa_url: str
    root_pem: Path  # the root CA, for SIGNING_TRUST_ROOTS
    arch: object  # certomancer's PKIArchitecture

    def pkcs12(self, cert: str, path: Path, passphrase: bytes) -> Path:
        path.write_bytes(self.arch.package_pkcs12(cert, password=passphrase))
        return path

    @property
    def root(self):
        return self.arch.get_cert("root")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _config(prefix: str, signer_valid_to: datetime) -> dict:
    now = datetime.now(UTC)
    ca = lambda issuer, path_len=None: {  # noqa: E731 - a small table of CA certificates
        "issuer": issuer,
        "validity": {"valid-from": "2000-01-01T00:00:00+0000", "valid-to": FOREVER},
        "extensions": [
            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
            {
                "id": "key_usage",
                "critical": True,
                "smart-value": {
                    "schema": "key-usage",
                    "params": ["digital_signature", "key_cert_sign", "crl_sign"],
                },
            },
        ],
    }
    signer = {
        "issuer": "interm",
        "validity": {
            "valid-from": _iso(now - timedelta(days=1)),
            "valid-to": _iso(signer_valid_to),
        },
        "extensions": [
            {
                "id": "key_usage",
                "critical": True,
                "smart-value": {
                    "schema": "key-usage",
                    "params": ["digital_signature", "non_repudiation"],
                },
            },
            {
                "id": "authority_information_access",
                "smart-value": {
                    "schema": "aia-urls",
                    "params": {
                        "ocsp-responder-names": ["interm"],
                        "ca-issuer-links": [{"repo": "root", "cert-labels": ["interm"]}],
                    },
                },
            },
        ],
    }
    # Revocation is answered by OCSP, made at the moment it is asked: an answer
    # newer than the signature, as long-term validation wants.
    by_root_ocsp = {
        "id": "authority_information_access",
        "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": ["root"]}},
    }
    interm = ca("root")
    interm["extensions"].append(by_root_ocsp)
    return {
        "external-url-prefix": prefix,
        "keysets": {ARCH: {"keys": {name: {"path": f"{name}.key.pem"} for name in KEYS}}},
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "NO", "organization-name": "Test PKI"},
                "entities": {
                    "root": {"common-name": "Test Root CA"},
                    "interm": {"common-name": "Test Issuing CA"},
                    "interm-ocsp": {"common-name": "Test OCSP responder"},
                    "tsa": {"common-name": "Test Time Stamping Authority"},
                    "signer": {"common-name": "ipsfidelity report signing (test)"},
                    "signer2": {"common-name": "ipsfidelity report signing 2 (test)"},
                },
                # Serial numbers are unique per issuer; unique here too keeps
                # every OCSP answer easy to tell apart.
                "certs": {
                    "root": {**ca("root"), "serial": 1001},
                    "interm": {**interm, "serial": 1002},
                    "interm-ocsp": {
                        "serial": 1003,
                        "issuer": "interm",
                        "validity": {"valid-from": "2000-01-01T00:00:00+0000", "valid-to": FOREVER},
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {
                                    "schema": "key-usage",
                                    "params": ["digital_signature"],
                                },
                            },
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["ocsp_signing"],
                            },
                            {"id": "ocsp_no_check"},
                        ],
                    },
                    "tsa": {
                        "serial": 1004,
                        "issuer": "root",
                        "validity": {"valid-from": "2000-01-01T00:00:00+0000", "valid-to": FOREVER},
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {
                                    "schema": "key-usage",
                                    "params": ["digital_signature"],
                                },
                            },
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["time_stamping"],
                            },
                            by_root_ocsp,
                        ],
                    },
                    "signer": {**signer, "serial": 1005},
                    "signer2": {
                        **signer,
                        "serial": 1006,
                        "subject": "signer2",
                        "subject-key": "signer2",
                    },
                },
                "services": {
                    "ocsp": {
                        "root": {
                            "for-issuer": "root",
                            "responder-cert": "root",
                            "signing-key": "root",
                        },
                        "interm": {
                            "for-issuer": "interm",
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        },
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P90D",
                        },
                        "interm": {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P30D",
                        },
                    },
                    "cert-repo": {
                        "root": {"for-issuer": "root", "publish-issued-certs": True},
                        "interm": {"for-issuer": "interm", "publish-issued-certs": False},
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


@contextmanager
def running_pki(folder: Path, *, signer_valid_to: datetime | None = None):
    """Keys made now, the PKI described above, its services on a free local port."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel, CertomancerConfig
    from werkzeug.serving import make_server

    folder.mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (folder / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    port = _free_port()
    prefix = f"http://127.0.0.1:{port}"
    valid_to = signer_valid_to or datetime.now(UTC) + timedelta(days=3650)
    config = CertomancerConfig(_config(prefix, valid_to), key_search_dir=str(folder))
    animator = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    server = make_server("127.0.0.1", port, animator, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    arch = config.get_pki_arch(ArchLabel(ARCH))
    root_pem = folder / "root.pem"
    root_pem.write_bytes(pem.armor("CERTIFICATE", arch.get_cert("root").dump()))
    try:
        yield LocalPKI(tsa_url=f"{prefix}/{ARCH}/tsa/tsa", root_pem=root_pem, arch=arch)
    finally:
        server.shutdown()
        thread.join(timeout=5)
