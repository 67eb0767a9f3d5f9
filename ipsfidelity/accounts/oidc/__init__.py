"""allauth's OpenID Connect provider, checked more strictly for organisation sign-in.

allauth 65 finds the endpoints from the issuer's discovery document, checks
state and uses PKCE. Two checks it leaves out are added here: a nonce is sent
with every sign-in and must come back in the id_token, and the id_token's
signature is always checked against the provider's published keys (allauth
trusts a token that came straight from the token endpoint over TLS, which
OpenID Connect allows, but a proxy or a misconfigured TLS terminator would
then be trusted too). The claims used for the decision are the verified
id_token's, never an unsigned userinfo answer.
"""
