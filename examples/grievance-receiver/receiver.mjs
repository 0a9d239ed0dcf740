// A reference receiver for `examples/grievance.flow`'s `call submit`: what a department's system
// must do with a submission from `samvad serve` (docs/receiver.md). Node.js ≥ 20, no dependencies:
//   GRIEVANCE_SECRET=… node examples/grievance-receiver/receiver.mjs
// It keeps submissions in memory; a real system stores them (and the Idempotency-Key) in its
// database, in the same transaction. Settings (environment):
//   GRIEVANCE_SECRET  the shared HMAC-SHA256 key (required; serve signs with the same value)
//   HOST, PORT        where to listen (default 127.0.0.1:8787; PORT=0 picks a free port)
//   FAIL_FIRST=N      for tests: answer the first N signed requests with 500, recording nothing
//   HOLD_MS=ms        for tests: record a submission, then wait this long before answering
//   HOLD_FIRST=N      hold only the first N answers (default: every answer while HOLD_MS is set)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.GRIEVANCE_SECRET ?? '';
if (secret === '') {
  console.error('GRIEVANCE_SECRET is not set: it must be the secret samvad signs submissions with');
  process.exit(2);
}
const MAX_BODY = 64 * 1024;
const TEXT_FIELDS = ['department', 'problem', 'photo', 'latitude', 'longitude'];
let failLeft = Number(process.env.FAIL_FIRST ?? 0);
const holdMs = Number(process.env.HOLD_MS ?? 0);
let holdLeft = process.env.HOLD_FIRST === undefined ? Infinity : Number(process.env.HOLD_FIRST);

/** Idempotency-Key → { body, status, answer }: a repeated key gets the first answer again. */
const byKey = new Map();
/** Every grievance accepted, in order (`GET /submissions` lists them, for tests and demos). */
const submissions = [];

/** True when `header` is `sha256=<hex>` of the HMAC-SHA256 of the raw body. */
function signatureValid(header, raw) {
  const match = /^sha256=([0-9a-f]{64})$/.exec(header ?? '');
  if (match === null) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected); // constant time, equal lengths
}

/** What is wrong with a parsed submission, or undefined. */
function problemWith(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  for (const key of ['bot', 'node', 'citizen', 'call']) {
    if (typeof body[key] !== 'string' || body[key] === '') return `"${key}" must be a non-empty string`;
  }
  const fields = body.fields;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return '"fields" must be an object';
  for (const name of TEXT_FIELDS) {
    if (typeof fields[name] !== 'string') return `fields.${name} must be a string (empty when not given)`;
  }
  if (fields.department.trim() === '') return 'fields.department is empty';
  if (fields.problem.trim() === '') return 'fields.problem is empty';
  if (fields.problem.length > 4096) return 'fields.problem is longer than 4096 characters';
  if ((fields.latitude === '') !== (fields.longitude === '')) return 'fields.latitude and fields.longitude come together';
  if (fields.latitude !== '' && !(Math.abs(Number(fields.latitude)) <= 90 && Math.abs(Number(fields.longitude)) <= 180)) {
    return 'fields.latitude/longitude are not a place';
  }
  return undefined;
}

function send(res, status, answer) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
}

/** The answer to one POST (status and JSON), recording the grievance when it is new. */
function handle(req, raw) {
  if (!signatureValid(req.headers['x-samvad-signature'], raw)) {
    return { status: 401, answer: { error: 'missing or wrong X-Samvad-Signature' } };
  }
  const key = req.headers['idempotency-key'] ?? '';
  if (key === '' || key.length > 200) return { status: 400, answer: { error: 'missing Idempotency-Key' } };
  const seen = byKey.get(key);
  if (seen !== undefined) {
    if (!seen.body.equals(raw)) return { status: 422, answer: { error: 'this Idempotency-Key was used with another body' } };
    return { status: seen.status, answer: seen.answer, repeated: true };
  }
  if (failLeft > 0) {
    failLeft -= 1;
    return { status: 500, answer: { error: 'failing on purpose (FAIL_FIRST)' } };
  }
  let body;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { status: 400, answer: { error: 'the body is not JSON' } };
  }
  const problem = problemWith(body);
  if (problem !== undefined) return { status: 400, answer: { error: problem } };
  const reference = `JAL-${new Date().getFullYear()}-${String(submissions.length + 1).padStart(6, '0')}`;
  const answer = { reference, status: 'registered' };
  byKey.set(key, { body: raw, status: 200, answer });
  submissions.push({ key, reference, citizen: body.citizen, bot: body.bot, node: body.node, call: body.call, fields: body.fields });
  console.log(`registered ${reference} (Idempotency-Key ${key})`);
  return { status: 200, answer };
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/submissions') return send(res, 200, submissions);
  if (req.method !== 'POST') return send(res, 405, { error: 'POST a submission' });
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return send(res, 415, { error: 'Content-Type must be application/json' });
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      send(res, 413, { error: `the body is over ${MAX_BODY} bytes` });
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    const { status, answer, repeated } = handle(req, Buffer.concat(chunks));
    const hold = status === 200 && !repeated && holdMs > 0 && holdLeft > 0;
    if (hold) holdLeft -= 1;
    setTimeout(() => send(res, status, answer), hold ? holdMs : 0);
  });
});

server.listen(Number(process.env.PORT ?? 8787), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`grievance receiver listening on http://${address}:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
