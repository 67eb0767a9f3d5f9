"""Reports are signed with the key read once from the organisation's file, RSA or EC."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pyhanko.sign.signers import pdf_cms
from weasyprint import HTML

from reviews.reports import certificates
from reviews.reports.signing import check_signature, sign_pdf


def organisation_file(tmp_path, key):
    path = tmp_path / "organisation.p12"
    path.write_bytes(certificates.make_self_signed_pkcs12("IPS-senteret", b"secret", key=key))
    return path


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(
            lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), id="rsa"
        ),
        pytest.param(lambda: ec.generate_private_key(ec.SECP256R1()), id="ec"),
    ],
)
def test_a_report_is_signed_with_the_key_parsed_once_and_verifies(tmp_path, monkeypatch, key):
    identity = certificates._load(organisation_file(tmp_path, key()), b"secret", development=False)

    def parsed_again(*args, **kwargs):
        raise AssertionError("the private key was parsed again for a signature")

    # pyHanko's own signer parses the key on every signature; ours must not.
    monkeypatch.setattr(pdf_cms.serialization, "load_der_private_key", parsed_again)
    signed = sign_pdf(
        HTML(string="<p>Rapport</p>").write_pdf(),
        identity=identity,
        reason="Modelltrorapport",
        location="Tromsø",
    )
    checked = check_signature(signed, trust_roots=[identity.trust_root])
    assert checked.intact and checked.whole_file and checked.trusted
