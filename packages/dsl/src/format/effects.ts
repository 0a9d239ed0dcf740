import type { CallDecl, EndpointDecl } from '../ast.js';
import { literal } from './strings.js';
import type { Writer } from './writer.js';

/** `endpoint <id>` and its clauses, in the order `docs/language.md` shows them. */
export function formatEndpoint(out: Writer, endpoint: EndpointDecl): void {
  const above = endpoint.clauseComments;
  out.line(0, `endpoint ${endpoint.id.name}`);
  if (endpoint.urlEnv) out.clause(2, above?.url, `url: env ${endpoint.urlEnv.name}`);
  if (endpoint.secretEnv) out.clause(2, above?.secret, `secret: env ${endpoint.secretEnv.name}`);
  if (endpoint.timeout) out.clause(2, above?.timeout, `timeout: ${endpoint.timeout.raw}`);
  if (endpoint.sends.length > 0) out.clause(2, above?.sends, `sends: ${endpoint.sends.map((s) => s.name).join(', ')}`);
  if (endpoint.answers.length > 0) out.clause(2, above?.answers, `answers: ${endpoint.answers.map((a) => a.name).join(', ')}`);
}

/** `call <id>`: endpoint, the `send:` lines, the `receive:` lines, then the two ways on. */
export function formatCall(out: Writer, call: CallDecl): void {
  const above = call.clauseComments;
  out.line(0, `call ${call.id.name}`);
  if (call.endpoint) out.clause(2, above?.endpoint, `endpoint: ${call.endpoint.name}`);
  // An empty `send:` or `receive:` is left out, unless comments were written above it.
  if (call.send.length > 0 || above?.send) {
    out.clause(2, above?.send, 'send:');
    for (const send of call.send) {
      out.comments(4, send.comments);
      out.line(4, `${send.field.name}: ${literal(send.value.value, 4)}`);
    }
  }
  if (call.receive.length > 0 || above?.receive) {
    out.clause(2, above?.receive, 'receive:');
    for (const receive of call.receive) {
      out.comments(4, receive.comments);
      out.line(4, `${receive.path.value} -> ${receive.variable.name}`);
    }
  }
  if (call.then) out.clause(2, above?.then, `then -> ${call.then.name}`);
  if (call.fallback) out.clause(2, above?.fallback, `fallback -> ${call.fallback.name}`);
}
