// HTTP API requests signed by hand (Pusher's and Broadcastt's auth_signature), for what the `pusher` library
// will not send: old timestamps, spoiled signatures, bodies other than the signed one, Broadcastt's paths.

import { createHash, createHmac } from 'node:crypto';
import { APP } from './harness.mjs';

/**
 * `method path` on baseUrl, signed over METHOD\nPATH\nsorted query. `body` is sent as given, `signedBody` is
 * what body_md5 covers (default the body); `timestamp` in Unix seconds; `spoil` flips the signature's last digit.
 * Resolves with {status, text}.
 */
export async function signedFetch(baseUrl, method, path, {
  body, signedBody = body, timestamp = Math.floor(Date.now() / 1000), spoil = false, params = {}, app = APP,
} = {}) {
  const query = { auth_key: app.key, auth_timestamp: String(timestamp), auth_version: '1.0', ...params };
  if (signedBody !== undefined) query.body_md5 = createHash('md5').update(signedBody).digest('hex');
  const qs = Object.keys(query).sort().map((k) => `${k}=${query[k]}`).join('&');
  let signature = createHmac('sha256', app.secret).update(`${method}\n${path}\n${qs}`).digest('hex');
  if (spoil) signature = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
  const res = await fetch(`${baseUrl}${path}?${qs}&auth_signature=${signature}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}
