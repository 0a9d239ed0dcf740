/**
 * How the simulator shows a `call` the bot made: a system line naming the endpoint, one line per
 * field sent, and what came back (the answer's fields, or why the call failed). Shared by the
 * plain transcript and the Ink UI.
 */
import type { ChatCall } from '../chat/engine.js';

/** The lines describing one call (no prefix): `call grievances`, `  field: value`, `  → answer …`. */
export function describeCall(call: ChatCall): string[] {
  const fields = Object.entries(call.request.fields).map(([field, value]) => `  ${field}: ${oneLine(value)}`);
  return [`call ${call.request.endpoint}`, ...fields, `  → ${outcome(call)}`];
}

function outcome(call: ChatCall): string {
  const result = call.result;
  if (result === undefined) return `no answer within ${call.request.timeoutMs} ms`;
  if (!result.ok) return `failed (${result.reason})${result.detail === undefined ? '' : `: ${result.detail}`}`;
  const entries = Object.entries(result.answer);
  if (entries.length === 0) return 'answered {}';
  return `answered ${entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? oneLine(value) : JSON.stringify(value)}`).join(', ')}`;
}

/** A value on one line: line breaks shown as `⏎`. */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ⏎ ');
}
