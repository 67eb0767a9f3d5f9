"""The certificate that signs reports: the organisation's, or a development one.

Production names a PKCS#12 file and its passphrase in the environment. The
embedded default makes a self-signed certificate under DATA_DIR the first
time a report is signed and logs loudly that it did: such a report verifies
in this installation but proves nothing to anyone else.
"""

import functools
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.sign import signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

logger = logging.getLogger(__name__)


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature, twice a
    report (once to size the signature, once for real), and parsing an RSA key checks
    it at length: that was most of the time signing took. This one signs with the key
    parsed once, when the certificate file was read; a key other than RSA or EC is
    left to pyHanko's own way."""

    def __init__(self, *, key: PrivateKeyTypes | None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        key = self.key
        if isinstance(key, rsa.RSAPrivateKey) and algorithm == "rsassa_pkcs1v15":
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if isinstance(key, rsa.RSAPrivateKey) and algorithm == "rsassa_pss":
            padding, hash_algorithm = process_pss_params(mechanism["parameters"])
            return key.sign(data, padding, hash_algorithm)
        if isinstance(key, ec.EllipticCurvePrivateKey) and algorithm == "ecdsa":
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return bytes(super().sign_raw(data, digest_algorithm))


@dataclass(frozen=True)
class SigningIdentity:
    signer: signers.SimpleSigner
    certificate: x509.Certificate
    subject: str
    development: bool
    # The CA certificates the PKCS#12 file carries, issuer first (asn1crypto).
    chain: tuple[asn1_x509.Certificate, ...] = field(default=())

    @property
    def trust_root(self) -> asn1_x509.Certificate:
        """The certificate as pyHanko's validator wants it (asn1crypto)."""
        return self.signer.signing_cert

    @property
    def trust_roots(self) -> list[asn1_x509.Certificate]:
        """What the signature is validated up to: the self-signed certificates among the
        signing certificate and its chain, and the roots configured in SIGNING_TRUST_ROOTS."""
        own = [c for c in (self.signer.signing_cert, *self.chain) if is_self_signed(c)]
        return own + configured_trust_roots()

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.signer.signing_cert)

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()


def is_self_signed(certificate: asn1_x509.Certificate) -> bool:
    """A root (asn1crypto certificate): it names itself as its issuer."""
    return bool(certificate.issuer == certificate.subject)


def certificate_fingerprint(certificate: asn1_x509.Certificate | x509.Certificate) -> str:
    """SHA-256 of a certificate's DER bytes (asn1crypto or cryptography certificate)."""
    der = (
        certificate.dump()
        if hasattr(certificate, "dump")
        else certificate.public_bytes(serialization.Encoding.DER)
    )
    return hashlib.sha256(der).hexdigest()


def configured_trust_roots() -> list[asn1_x509.Certificate]:
    """The CA roots named in SIGNING_TRUST_ROOTS (a PEM bundle), as asn1crypto certificates."""
    if not settings.SIGNING_TRUST_ROOTS:
        return []
    return list(_read_pem_bundle(settings.SIGNING_TRUST_ROOTS))


@functools.cache
def _read_pem_bundle(path: str) -> tuple[asn1_x509.Certificate, ...]:
    from asn1crypto import pem

    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"Cannot read SIGNING_TRUST_ROOTS {path}: {error}") from None
    return tuple(
        asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, True)
    )


def load_identity() -> SigningIdentity:
    if settings.SIGNING_PKCS12_PATH:
        path = Path(settings.SIGNING_PKCS12_PATH)
        passphrase = settings.SIGNING_PKCS12_PASSPHRASE.encode()
        development = False
    else:
        path, passphrase = development_certificate()
        development = True
    try:
        changed = path.stat().st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(f"Cannot read the signing certificate {path}: {error}") from None
    # Reading a PKCS#12 file runs its key derivation: slow on purpose, so a
    # worker reads it once, and again only when the file is replaced.
    return _cached_load(path, passphrase, development, changed)


@functools.lru_cache(maxsize=4)
def _cached_load(
    path: Path, passphrase: bytes, development: bool, _changed: int
) -> SigningIdentity:
    return _load(path, passphrase, development=development)


def _load(path: Path, passphrase: bytes, *, development: bool) -> SigningIdentity:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"Cannot read the signing certificate {path}: {error}") from None
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        raise ImproperlyConfigured(
            f"{path} is not a PKCS#12 file, or SIGNING_PKCS12_PASSPHRASE is wrong."
        ) from None
    if certificate is None:
        raise ImproperlyConfigured(f"{path} holds no certificate.")
    signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
        str(path), passphrase=passphrase or None
    )  # pyHanko leaves this classmethod unannotated
    if signer is None:
        raise ImproperlyConfigured(f"pyHanko could not load the signing key from {path}.")
    signer = KeptKeySigner(
        key=key,
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
        signature_mechanism=signer.signature_mechanism,
    )
    chain = tuple(signer.cert_registry) if signer.cert_registry else ()
    return SigningIdentity(
        signer=signer,
        certificate=certificate,
        subject=certificate.subject.rfc4514_string(),
        development=development,
        chain=tuple(cert for cert in chain if cert != signer.signing_cert),
    )


def development_certificate() -> tuple[Path, bytes]:
    """The self-signed development certificate, made on first use."""
    folder = Path(settings.DATA_DIR) / "signing"
    path = folder / "development-signing.p12"
    passphrase_file = folder / "development-signing.passphrase"
    if path.exists() and passphrase_file.exists():
        return path, passphrase_file.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    passphrase = secrets.token_urlsafe(24).encode()
    path.write_bytes(make_self_signed_pkcs12(settings.SIGNING_ORGANISATION, passphrase))
    passphrase_file.write_bytes(passphrase)
    for file in (path, passphrase_file):
        file.chmod(0o600)
    logger.warning(
        "No SIGNING_PKCS12_PATH is set: made a self-signed DEVELOPMENT certificate at %s. "
        "Reports signed with it are not evidence outside this installation.",
        path,
    )
    return path, passphrase


def make_self_signed_pkcs12(
    organisation: str,
    passphrase: bytes,
    *,
    days: int = 3650,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None,
) -> bytes:
    """A self-signed certificate and key for document signing, as PKCS#12: for a new
    RSA key, or for the key given."""
    if key is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} development report signing"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=b"ipsfidelity-signing",
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
