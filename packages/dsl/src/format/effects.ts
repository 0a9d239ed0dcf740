import type { CallDecl, EndpointDecl } from '../ast.js';
import { literal } from './strings.js';
import type { Writer } from './writer.js';

/** `endpoint <id>` and its clauses, in the order `docs/language.md` shows them. */
export function formatEndpoint(out: Writer, endpoint: EndpointDecl): void {
  out.line(0, `endpoint ${endpoint.id.name}`);
  if (endpoint.urlEnv) out.line(2, `url: env ${endpoint.urlEnv.name}`);
  if (endpoint.secretEnv) out.line(2, `secret: env ${endpoint.secretEnv.name}`);
  if (endpoint.timeout) out.line(2, `timeout: ${endpoint.timeout.raw}`);
  if (endpoint.sends.length > 0) out.line(2, `sends: ${endpoint.sends.map((s) => s.name).join(', ')}`);
  if (endpoint.answers.length > 0) out.line(2, `answers: ${endpoint.answers.map((a) => a.name).join(', ')}`);
}

/** `call <id>`: endpoint, the `send:` lines, the `receive:` lines, then the two ways on. */
export function formatCall(out: Writer, call: CallDecl): void {
  out.line(0, `call ${call.id.name}`);
  if (call.endpoint) out.line(2, `endpoint: ${call.endpoint.name}`);
  if (call.send.length > 0) {
    out.line(2, 'send:');
    for (const send of call.send) {
      out.comments(4, send.comments);
      out.line(4, `${send.field.name}: ${literal(send.value.value, 4)}`);
    }
  }
  if (call.receive.length > 0) {
    out.line(2, 'receive:');
    for (const receive of call.receive) {
      out.comments(4, receive.comments);
      out.line(4, `${receive.path.value} -> ${receive.variable.name}`);
    }
  }
  if (call.then) out.line(2, `then -> ${call.then.name}`);
  if (call.fallback) out.line(2, `fallback -> ${call.fallback.name}`);
}
