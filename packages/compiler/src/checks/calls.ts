import { diagnostic } from '@samvad/dsl';
import type { CallDecl, EndpointDecl, Ident, Span } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { listed, MAX_LISTED } from '../listing.js';
import { closestWithinBudget } from './suggest.js';
import { otherUses, undeclaredUses } from './uses.js';

/** What an environment variable's name looks like (POSIX: upper case, digits, underscores; no leading digit). */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * An endpoint declaration: `url: env NAME` and `secret: env NAME` are required (FLOW4007), each
 * NAME looks like an environment variable (FLOW7009), `sends:` and `answers:` name each field once
 * (FLOW7010), `timeout:` is longer than zero (FLOW7007).
 */
export function checkEndpoints(ctx: CheckContext): void {
  for (const endpoint of ctx.program.endpoints.values()) {
    const name = endpoint.id.name;
    const upper = name.toUpperCase();
    if (endpoint.urlEnv === undefined) missingSetting(ctx, endpoint, 'url', `url: env ${upper}_URL`, 'the address the call is posted to');
    if (endpoint.secretEnv === undefined) missingSetting(ctx, endpoint, 'secret', `secret: env ${upper}_SECRET`, 'the key its requests are signed with (HMAC-SHA256)');
    for (const env of [endpoint.urlEnv, endpoint.secretEnv]) if (env !== undefined) checkEnvName(ctx, env);
    repeated(ctx, endpoint, endpoint.sends, 'sends');
    repeated(ctx, endpoint, endpoint.answers, 'answers');
    const timeout = endpoint.timeout;
    if (timeout !== undefined && timeout.ms < 1) {
      ctx.report(
        diagnostic({
          code: 'FLOW7007',
          severity: 'error',
          message: `a timeout of ${timeout.raw} never lets endpoint \`${name}\` answer`,
          span: timeout.span,
          primaryLabel: 'timeouts must be longer than zero',
          help: 'the default is 10 seconds per attempt; leave `timeout:` out, or write e.g. `timeout: 10s`',
        }),
      );
    }
  }
}

function missingSetting(ctx: CheckContext, endpoint: EndpointDecl, clause: 'url' | 'secret', line: string, what: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW4007',
      severity: 'error',
      message: `endpoint \`${endpoint.id.name}\` has no \`${clause}:\``,
      span: endpoint.id.span,
      primaryLabel: `\`${clause}:\` is required here`,
      notes: [`\`${clause}: env NAME\` names the environment variable that holds ${what}; it is never written in the flow`],
      help: `add:\n  ${line}`,
    }),
  );
}

function checkEnvName(ctx: CheckContext, env: Ident): void {
  if (ENV_NAME.test(env.name)) return;
  const fixed = env.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
  ctx.report(
    diagnostic({
      code: 'FLOW7009',
      severity: 'error',
      message: `\`${env.name}\` is not an environment variable name`,
      span: env.span,
      primaryLabel: 'expected capital letters, digits and `_`',
      notes: ['the server reads this variable at start-up; names like `GRIEVANCE_URL` work in every shell and service manager'],
      help: `use \`${fixed}\``,
      fix: { span: env.span, replacement: fixed, description: `use \`${fixed}\`` },
    }),
  );
}

function repeated(ctx: CheckContext, endpoint: EndpointDecl, fields: readonly Ident[], clause: 'sends' | 'answers'): void {
  const seen = new Map<string, Ident>();
  for (const field of fields) {
    const first = seen.get(field.name);
    if (first === undefined) {
      seen.set(field.name, field);
      continue;
    }
    ctx.report(
      diagnostic({
        code: 'FLOW7010',
        severity: 'error',
        message: `\`${clause}:\` of endpoint \`${endpoint.id.name}\` lists \`${field.name}\` twice`,
        span: field.span,
        primaryLabel: 'listed again here',
        labels: [{ span: first.span, message: 'first listed here' }],
        help: 'list each field once',
      }),
    );
  }
}

/** FLOW7008: each call names a declared endpoint; a name is reported once, at its first use, with "did you mean". */
export function checkEndpointNames(ctx: CheckContext): void {
  const endpoints: Ident[] = [];
  for (const node of ctx.program.nodes.values()) if (node.kind === 'call' && node.endpoint !== undefined) endpoints.push(node.endpoint);
  for (const [name, uses] of undeclaredUses(endpoints, (n) => ctx.program.endpoints.has(n))) {
    const guess = closestWithinBudget(ctx, name, ctx.program.endpoints.keys());
    const defined = guess === undefined ? undefined : ctx.program.endpoints.get(guess);
    const first = uses[0] as Ident;
    const others = otherUses(name, uses);
    ctx.report(
      diagnostic({
        code: 'FLOW7008',
        severity: 'error',
        message: `endpoint \`${name}\` is not declared${others.counted}`,
        span: first.span,
        primaryLabel: 'no `endpoint` block has this name',
        labels: others.labels,
        notes: others.notes,
        ...(guess !== undefined && defined !== undefined
          ? {
              help: `did you mean \`${guess}\` (declared at ${ctx.locator.describe(defined.id.span)})?`,
              fix: { span: first.span, replacement: guess, description: `use \`${guess}\`` },
            }
          : { help: `declare it:\nendpoint ${name}\n  url: env ${name.toUpperCase()}_URL\n  secret: env ${name.toUpperCase()}_SECRET\n  sends: field_one, field_two\n  answers: reference` }),
      }),
    );
  }
}

/**
 * FLOW4010: an endpoint no call names. `samvad serve` refuses to start until the environment
 * variables of every endpoint in the graph are set, so an unused one costs the operator a secret.
 * A misspelt `endpoint:` (FLOW7008) counts as a call of the endpoint its "did you mean" names;
 * one with nothing close may have meant any endpoint, and then none is reported.
 */
export function checkUnusedEndpoints(ctx: CheckContext): void {
  const endpoints = ctx.program.endpoints;
  if (endpoints.size === 0) return;
  const called = new Set<string>();
  for (const node of ctx.program.nodes.values()) {
    if (node.kind !== 'call' || node.endpoint === undefined) continue;
    const name = node.endpoint.name;
    const meant = endpoints.has(name) ? name : closestWithinBudget(ctx, name, endpoints.keys());
    if (meant === undefined) return;
    called.add(meant);
  }
  for (const endpoint of endpoints.values()) {
    if (called.has(endpoint.id.name)) continue;
    ctx.report(
      diagnostic({
        code: 'FLOW4010',
        severity: 'warning',
        message: `endpoint \`${endpoint.id.name}\` is never called`,
        span: endpoint.id.span,
        primaryLabel: 'no `call` names this endpoint',
        notes: ['`samvad serve` still needs its environment variables set before it starts'],
        help: `call it from a node (\`endpoint: ${endpoint.id.name}\` in a \`call\`), or delete it`,
      }),
    );
  }
}

/** FLOW4007 (no `endpoint:`, no `then`), FLOW4009 (no `fallback`). */
export function checkCallShape(call: CallDecl, ctx: CheckContext): void {
  if (call.endpoint === undefined) {
    ctx.report(
      diagnostic({
        code: 'FLOW4007',
        severity: 'error',
        message: `call \`${call.id.name}\` has no \`endpoint:\``,
        span: call.id.span,
        primaryLabel: '`endpoint:` is required here',
        help: `add:\n  endpoint: ${[...ctx.program.endpoints.keys()][0] ?? '<name of an endpoint block>'}`,
      }),
    );
  }
  if (call.then === undefined) {
    ctx.report(
      diagnostic({
        code: 'FLOW4007',
        severity: 'error',
        message: `call \`${call.id.name}\` does not say where to go when it succeeds`,
        span: call.id.span,
        primaryLabel: 'no `then -> <node>`',
        help: 'add a line naming the node that thanks the citizen (it may show the answer, e.g. `{ref}`):\n  then -> submitted',
      }),
    );
  }
  if (call.fallback === undefined) {
    ctx.report(
      diagnostic({
        code: 'FLOW4009',
        severity: 'error',
        message: `call \`${call.id.name}\` has no \`fallback\``,
        span: call.id.span,
        primaryLabel: 'what happens when the endpoint fails or does not answer?',
        notes: ['a call fails when the endpoint is down, answers with an error or times out on every attempt'],
        help: 'add a line naming a node that tells the citizen the request could not be sent:\n  fallback -> submit_failed',
      }),
    );
  }
}

/**
 * FLOW7010: a call sends every field its endpoint `sends`, once, and no other (did you mean by edit
 * distance); a variable is received once. FLOW7011: a `receive` path starts with a field the
 * endpoint `answers`. An undeclared endpoint is FLOW7008's; nothing is compared then.
 */
export function checkCallFields(call: CallDecl, ctx: CheckContext): void {
  const endpoint = call.endpoint === undefined ? undefined : ctx.program.endpoints.get(call.endpoint.name);
  if (endpoint === undefined || call.endpoint === undefined) return;
  const sends = endpoint.sends.map((f) => f.name);
  const sent = new Map<string, Span>();
  const unknown: Ident[] = [];
  for (const { field } of call.send) {
    const first = sent.get(field.name);
    if (first !== undefined) {
      fieldProblem(ctx, `call \`${call.id.name}\` sends \`${field.name}\` twice`, field.span, 'sent again here', [{ span: first, message: 'first sent here' }], 'keep one of the two lines');
      continue;
    }
    sent.set(field.name, field.span);
    if (!sends.includes(field.name)) unknown.push(field);
  }
  const missing = sends.filter((f) => !sent.has(f));
  for (const field of unknown) {
    const guess = closestWithinBudget(ctx, field.name, missing);
    fieldProblem(
      ctx,
      `endpoint \`${endpoint.id.name}\` takes no field \`${field.name}\``,
      field.span,
      'not in the endpoint\'s `sends:`',
      [],
      guess !== undefined
        ? `did you mean \`${guess}\`?`
        : `the endpoint takes ${listed(sends.slice(0, MAX_LISTED).map((f) => `\`${f}\``), sends.length)}; remove this line or add \`${field.name}\` to \`sends:\` of \`${endpoint.id.name}\``,
      guess === undefined ? undefined : { span: field.span, replacement: guess, description: `use \`${guess}\`` },
    );
  }
  const guessed = new Set(unknown.map((f) => closestWithinBudget(ctx, f.name, missing)));
  const notSent = missing.filter((f) => !guessed.has(f));
  if (notSent.length > 0) {
    const names = listed(notSent.slice(0, MAX_LISTED).map((f) => `\`${f}\``), notSent.length);
    fieldProblem(
      ctx,
      `call \`${call.id.name}\` does not send ${names}, which endpoint \`${endpoint.id.name}\` takes`,
      call.endpoint.span,
      `\`${endpoint.id.name}\` takes ${notSent.length === 1 ? 'this field' : 'these fields'} too`,
      [{ span: endpoint.id.span, message: `\`sends:\` of \`${endpoint.id.name}\`` }],
      `add under \`send:\`:\n${notSent.slice(0, MAX_LISTED).map((f) => `    ${f}: "{${f}}"`).join('\n')}`,
    );
  }
  const received = new Map<string, Span>();
  for (const { path, variable } of call.receive) {
    const first = received.get(variable.name);
    if (first !== undefined) {
      fieldProblem(ctx, `call \`${call.id.name}\` receives \`${variable.name}\` twice`, variable.span, 'received again here', [{ span: first, message: 'first received here' }], 'give each answer field its own variable');
    } else {
      received.set(variable.name, variable.span);
    }
    const head = path.value.split('.')[0] ?? '';
    if (endpoint.answers.some((a) => a.name === head)) continue;
    const answers = endpoint.answers.map((a) => a.name);
    const guess = closestWithinBudget(ctx, head, answers);
    ctx.report(
      diagnostic({
        code: 'FLOW7011',
        severity: 'error',
        message: `endpoint \`${endpoint.id.name}\` does not answer \`${head}\``,
        span: path.span,
        primaryLabel: 'not in the endpoint\'s `answers:`',
        notes: ['`answers:` lists the fields of the JSON answer a flow may read; a dotted path (`data.ref`) starts with one of them'],
        help:
          guess !== undefined
            ? `did you mean \`${guess}\`?`
            : answers.length === 0
              ? `endpoint \`${endpoint.id.name}\` declares no \`answers:\`; add \`answers: ${head}\` to it`
              : `it answers ${listed(answers.slice(0, MAX_LISTED).map((a) => `\`${a}\``), answers.length)}; or add \`${head}\` to its \`answers:\``,
      }),
    );
  }
}

function fieldProblem(
  ctx: CheckContext,
  message: string,
  span: Span,
  label: string,
  labels: readonly { span: Span; message: string }[],
  help: string,
  fix?: { span: Span; replacement: string; description: string },
): void {
  ctx.report(diagnostic({ code: 'FLOW7010', severity: 'error', message, span, primaryLabel: label, labels: [...labels], help, ...(fix === undefined ? {} : { fix }) }));
}
