// Proof Key for Code Exchange (RFC 7636): a random code verifier kept in the tab, and its S256 challenge sent with the
// authorization request, so a code intercepted on its way back is useless without the verifier. Also the random
// state and nonce. Web Crypto only (browsers and Node alike); no DOM.

/** RFC 7636 section 4.1: 43 to 128 characters of A-Z a-z 0-9 - . _ ~ */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** base64url without padding (RFC 4648 section 5), as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes as base64url: 32 bytes give 43 characters, 256 bits of entropy. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A new code verifier: 32 random bytes, base64url (43 characters, all in the RFC's unreserved set). */
export function newVerifier(): string {
  return randomToken(32);
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))). */
export async function challengeS256(verifier: string): Promise<string> {
  if (!VERIFIER_PATTERN.test(verifier)) throw new Error('a PKCE code verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
