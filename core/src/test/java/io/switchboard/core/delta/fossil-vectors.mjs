// Makes core/src/test/resources/fossil-vectors.json: (source, target) pairs and the delta the npm `fossil-delta`
// reference encoder makes for each. Deterministic (seeded PRNG). Not run by the build; to regenerate:
//   mkdir /tmp/fv && cp fossil-vectors.mjs /tmp/fv && cd /tmp/fv && npm install fossil-delta@2.0.0 \
//     && node fossil-vectors.mjs fossil-vectors.json
import { createDelta, applyDelta } from 'fossil-delta';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let seed = 0x5eed1234;
function rnd() { // mulberry32
  seed = (seed + 0x6D2B79F5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n);
const enc = new TextEncoder();
const u8 = (s) => enc.encode(s);
const randomBytes = (n) => { const a = new Uint8Array(n); for (let i = 0; i < n; i++) a[i] = int(256); return a; };
// "random-ish" binary: runs of random bytes mixed with repeated structures, like real payloads
function randomish(n) {
  const a = new Uint8Array(n); let i = 0;
  while (i < n) {
    const kind = int(3), len = 1 + int(200);
    for (let j = 0; j < len && i < n; j++, i++) a[i] = kind === 0 ? int(256) : kind === 1 ? (j * 7) & 0xff : 0x20 + int(95);
  }
  return a;
}
const randomAscii = (n) => { let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(0x20 + int(95)); return s; };
const concat = (...parts) => { const n = parts.reduce((s, p) => s + p.length, 0); const o = new Uint8Array(n); let k = 0; for (const p of parts) { o.set(p, k); k += p.length; } return o; };
function flip(a, positions) { const b = Uint8Array.from(a); for (const p of positions) b[p] ^= 0x5a; return b; }

function jsonDoc(items, version) {
  const list = [];
  for (let i = 0; i < items; i++) list.push({ id: i, name: `user-${i}`, score: (i * 37) % 101, online: i % 3 === 0, tags: ['a', 'b', `t${i % 7}`] });
  return { channel: 'news:sport', version, updated: '2024-05-01T12:00:00Z', items: list };
}

const vectors = [];
const add = (name, source, target) => vectors.push({ name, source: Uint8Array.from(source), target: Uint8Array.from(target) });

add('both empty', [], []);
add('empty source', [], u8('{"hello":"world"}'));
add('empty target', u8('{"hello":"world","n":12345678901234}'), []);
add('identical tiny', u8('abc'), u8('abc'));
add('source of exactly 16 bytes', u8('0123456789abcdef'), u8('0123456789abcdef!'));
add('source of 17 bytes', u8('0123456789abcdefg'), u8('0123456789abcdefg and more'));
add('source of 31 bytes', u8('The quick brown fox jumps over.'), u8('The quick brown fox jumps over the lazy dog.'));
const doc = JSON.stringify(jsonDoc(40, 1));
add('identical json', u8(doc), u8(doc));
{
  const d = jsonDoc(40, 1); d.items[17].score = 99; d.version = 2;
  add('json with one changed value', u8(doc), u8(JSON.stringify(d)));
}
{
  const d = jsonDoc(40, 1); d.items[5].email = 'five@example.com';
  add('json with an added field', u8(doc), u8(JSON.stringify(d)));
}
{
  const d = jsonDoc(40, 1); delete d.updated; d.items.splice(10, 3);
  add('json with removed fields and items', u8(doc), u8(JSON.stringify(d)));
}
{
  const d = jsonDoc(40, 1); d.items.push({ id: 40, name: 'user-40', score: 1, online: true, tags: [] });
  add('json array with an appended item', u8(doc), u8(JSON.stringify(d)));
}
{
  const d = jsonDoc(40, 1); d.items.reverse();
  add('json with items reversed', u8(doc), u8(JSON.stringify(d)));
}
add('centrifugo-like publication counter', u8('{"input":"1730","ts":1714564800123,"user":"42"}'), u8('{"input":"1731","ts":1714564800987,"user":"42"}'));
{
  const s = 'line of text number ' ; let t = ''; for (let i = 0; i < 200; i++) t += s + i + '\n';
  add('appended text', u8(t), u8(t + 'one more line at the end\nand another\n'));
  add('prepended text', u8(t), u8('a header line\n' + t));
}
add('totally different ascii', u8(randomAscii(3000)), u8(randomAscii(2500)));
add('totally different binary', randomBytes(4000), randomBytes(4100));
add('utf-8 text with small edits', u8('Привет, мир! Ünïcödé ✓ 日本語のテキスト '.repeat(30)), u8('Привет, мир! Ünïcödé ✓ 日本語のテキスト '.repeat(14) + 'Здравствуй ✗ ' + 'Привет, мир! Ünïcödé ✓ 日本語のテキスト '.repeat(16)));
{
  const hi = new Uint8Array(3000).fill(0xff); const t = Uint8Array.from(hi); t[1500] = 0x80; t[2999] = 0xfe;
  add('high bytes', hi, t);
}
{
  const big = randomish(100 * 1024);
  const flipped = flip(big, [10, 4096, 50000, 50001, 99999]);
  const edited = concat(flipped.subarray(0, 30000), u8('INSERTED BLOCK OF BYTES'), flipped.subarray(30000, 70000), flipped.subarray(70500));
  add('100 KB binary with flips, an insertion and a deletion', big, edited);
  add('target much shorter than source', big.subarray(0, 20000), big.subarray(5003, 5803));
}
{
  const s = randomish(5000);
  add('target repeats the source', s, concat(s, s, s.subarray(100, 900)));
  add('target much longer than source', s.subarray(0, 1000), concat(...Array.from({ length: 40 }, (_, i) => concat(s.subarray(0, 1000).subarray(i * 7, 600 + i * 9), u8(`#${i}#`)))));
  add('match at the very start of the source', s.subarray(0, 400), concat(flip(s.subarray(0, 400), [200])));
}
add('runs of one letter', u8('a'.repeat(1000)), u8('a'.repeat(1001)));
{
  const block = u8('0123456789ABCDEF'); const parts = []; for (let i = 0; i < 700; i++) parts.push(block);
  const s = concat(...parts, u8('tail-of-source-xyz'));
  const t = concat(s.subarray(0, 5000), u8('-x-'), s.subarray(5000));
  add('more than 250 colliding blocks', s, t);
}
{
  const lines = []; for (let i = 0; i < 150; i++) lines.push(`${i}: ${randomAscii(10 + int(40))}`);
  const shuffled = lines.slice(); for (let i = shuffled.length - 1; i > 0; i--) { const j = int(i + 1); [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]; }
  add('shuffled lines', u8(lines.join('\n')), u8(shuffled.join('\n')));
}
{
  const s = randomish(20000); const t = Uint8Array.from(s); for (let i = 0; i < 60; i++) t[int(t.length)] = int(256);
  add('20 KB binary with 60 scattered byte changes', s, t);
}

const hex = (a) => Buffer.from(a).toString('hex');
const eq = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
const lines = [];
for (const v of vectors) {
  const delta = createDelta(v.source, v.target);
  const back = applyDelta(v.source, delta);
  if (!eq(back, v.target)) throw new Error('reference round trip failed: ' + v.name);
  lines.push(`    {"name": ${JSON.stringify(v.name)}, "source": "${hex(v.source)}", "target": "${hex(v.target)}", "delta": "${hex(delta)}"}`);
  console.log(v.name.padEnd(58), 'src', String(v.source.length).padStart(6), 'tgt', String(v.target.length).padStart(6), 'delta', String(delta.length).padStart(6));
}
const pkg = createRequire(import.meta.url)('fossil-delta/package.json');
const out = `{\n  "generator": "npm fossil-delta ${pkg.version} createDelta",\n  "vectors": [\n${lines.join(',\n')}\n  ]\n}\n`;
writeFileSync(process.argv[2] || 'fossil-vectors.json', out);
console.log(vectors.length, 'vectors written');
