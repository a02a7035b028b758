// HS256 JWTs as Centrifugo reads them, signed with node:crypto (no npm JWT package).

import { createHmac } from 'node:crypto';

const b64url = (input) => Buffer.from(input).toString('base64url');

/** Signs any claims object with HS256. */
export function signHs256(secret, claims) {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Connection token: { sub, exp, iat, channels?, info? }.
 * expSeconds: lifetime from now in seconds (negative = already expired; null = no exp claim). Default 3600.
 */
export function connectionToken(secret, sub, { expSeconds = 3600, channels, info } = {}) {
  const claims = { sub, iat: nowSeconds() };
  if (expSeconds !== null) claims.exp = nowSeconds() + expSeconds;
  if (channels !== undefined) claims.channels = channels;
  if (info !== undefined) claims.info = info;
  return signHs256(secret, claims);
}

/** Subscription token: { sub, channel, exp, iat }. Same expSeconds rules as connectionToken. */
export function subscriptionToken(secret, sub, channel, { expSeconds = 3600 } = {}) {
  const claims = { sub, channel, iat: nowSeconds() };
  if (expSeconds !== null) claims.exp = nowSeconds() + expSeconds;
  return signHs256(secret, claims);
}

/** Decodes (without verifying) the claims of a token, for assertions and messages. */
export function decodeClaims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
