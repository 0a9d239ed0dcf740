import type { CstNode } from 'chevrotain';
import type { CallDecl, CallReceive, CallSend, EndpointDecl, Ident } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import {
  clauseComments, collectStrays, commentsAt, ident, nodeSpan, nodes, offsets, blockSpan, optIdent, token, tokenSpan, tokens, type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { duration, stringLit, stringValue } from './visit-text.js';

/** `endpoint <id>`: where calls go, with its address and secret named by environment variables. */
export function visitEndpoint(ctx: VisitContext, node: CstNode): EndpointDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'endpoint');
  const id = ident(ctx, token(node, 'id'), span);
  const owner = `endpoint \`${id.name}\``;
  const sub = (key: string, clause: string) => once(ctx, nodes(node, key), (n, i) => blockSpan(ctx, node, `Kw_${key}`, n, i), clause, owner);
  const url = sub('url', 'url:');
  const secret = sub('secret', 'secret:');
  const timeout = once(ctx, tokens(node, 'timeout'), (t) => tokenSpan(ctx, t), 'timeout:', owner);
  const sends = sub('sends', 'sends:');
  const answers = sub('answers', 'answers:');
  const endpoint: EndpointDecl = {
    kind: 'endpoint',
    id,
    urlEnv: url ? envName(ctx, url, 'url', id.name) : undefined,
    secretEnv: secret ? envName(ctx, secret, 'secret', id.name) : undefined,
    timeout: duration(ctx, timeout),
    sends: sends ? nameList(ctx, sends) : [],
    answers: answers ? nameList(ctx, answers) : [],
    span,
    comments,
  };
  for (const clause of ['url', 'secret', 'timeout', 'sends', 'answers']) clauseComments(ctx, endpoint, clause, offsets(node, `Kw_${clause}`));
  return endpoint;
}

/** `call <id>`: its endpoint, the fields it sends, the answer fields it keeps and its two ways on. */
export function visitCall(ctx: VisitContext, node: CstNode): CallDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'call');
  const id = ident(ctx, token(node, 'id'), span);
  const owner = `call \`${id.name}\``;
  const tok = (key: string, clause: string) => once(ctx, tokens(node, key), (t) => tokenSpan(ctx, t), clause, owner);
  const sub = (key: string, clause: string) => once(ctx, nodes(node, key), (n, i) => blockSpan(ctx, node, `Kw_${key}`, n, i), clause, owner);
  const send = sub('send', 'send:');
  const receive = sub('receive', 'receive:');
  const call: CallDecl = {
    kind: 'call',
    id,
    endpoint: optIdent(ctx, tok('endpoint', 'endpoint:')),
    send: send ? nodes(send, 'callSend').flatMap((n) => visitSend(ctx, n)) : [],
    receive: receive ? nodes(receive, 'callReceive').flatMap((n) => visitReceive(ctx, n)) : [],
    then: optIdent(ctx, tok('then', 'then')),
    fallback: optIdent(ctx, tok('fallback', 'fallback')),
    span,
    comments,
  };
  for (const clause of ['endpoint', 'send', 'receive', 'then', 'fallback']) clauseComments(ctx, call, clause, offsets(node, `Kw_${clause}`));
  return call;
}

function visitSend(ctx: VisitContext, node: CstNode): CallSend[] {
  const field = token(node, 'field');
  const value = token(node, 'value');
  if (!field || !value) return [];
  const at = tokenSpan(ctx, field);
  return [{ field: { name: field.image, span: at }, value: stringLit(ctx, value), comments: commentsAt(ctx, at.offset) }];
}

function visitReceive(ctx: VisitContext, node: CstNode): CallReceive[] {
  const quoted = token(node, 'quotedPath');
  const path = token(node, 'path') ?? quoted;
  const variable = token(node, 'variable');
  if (!path || !variable) return [];
  const at = tokenSpan(ctx, path);
  const value = quoted ? stringValue(quoted) : path.image;
  if (quoted) {
    ctx.diagnostics.push(
      diagnostic({
        code: DslCode.UnexpectedToken,
        severity: 'error',
        message: `an answer field under \`receive:\` is a name, not a text: write \`${value} -> ${variable.image}\``,
        span: at,
        primaryLabel: 'remove the quotes',
        help: `write \`${value} -> ${variable.image}\` (a dotted path like \`data.ref\` reads a field inside a field)`,
        ...(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(value)
          ? { fix: { span: at, replacement: value, description: 'remove the quotes' } }
          : {}),
      }),
    );
  }
  return [{ path: { value, span: at }, variable: { name: variable.image, span: tokenSpan(ctx, variable) }, comments: commentsAt(ctx, at.offset) }];
}

function nameList(ctx: VisitContext, node: CstNode): Ident[] {
  return tokens(node, 'name').map((t) => ({ name: t.image, span: tokenSpan(ctx, t) }));
}

/** The variable named by `env NAME`; anything else is FLOW1108 (and no name). */
function envName(ctx: VisitContext, node: CstNode, clause: 'url' | 'secret', endpoint: string): Ident | undefined {
  const name = token(node, 'name');
  if (name) return { name: name.image, span: tokenSpan(ctx, name) };
  const env = token(node, 'env');
  if (env) {
    ctx.diagnostics.push(
      diagnostic({
        code: DslCode.UnexpectedToken,
        severity: 'error',
        message: `expected the environment variable's name after \`${clause}: env\``,
        span: { file: ctx.file, offset: env.startOffset + env.image.length, length: 0 },
        primaryLabel: 'the name is missing here',
        help: `write \`${clause}: env ${endpoint.toUpperCase() || 'SERVICE'}_${clause.toUpperCase()}\` (capitals, digits and \`_\`)`,
      }),
    );
    return undefined;
  }
  const bare = token(node, 'bare');
  if (!bare) return undefined; // nothing after `url:`: the parser reported it
  const what = clause === 'url' ? 'address' : 'secret key';
  const example = `${endpoint.toUpperCase() || 'SERVICE'}_${clause.toUpperCase()}`;
  const quoted = bare.image.startsWith('"');
  ctx.diagnostics.push(
    diagnostic({
      code: DslCode.NotFromEnvironment,
      severity: 'error',
      message: quoted
        ? `an endpoint's ${what} may not be written in the flow: name the environment variable that holds it, \`${clause}: env <NAME>\``
        : `\`${clause}:\` needs \`env\` before the environment variable's name: \`${clause}: env ${bare.image}\``,
      span: tokenSpan(ctx, bare),
      primaryLabel: quoted ? `the ${what} itself may not be written in a flow` : 'expected `env` before the variable name',
      notes: [`the bot reads the ${what} from the variable when it starts, so the flow file holds no address or key`],
      help: quoted
        ? `write \`${clause}: env ${example}\` and set ${example} when you run the bot`
        : `write \`${clause}: env ${bare.image}\``,
      ...(quoted
        ? {}
        : { fix: { span: tokenSpan(ctx, bare), replacement: `env ${bare.image}`, description: `read the ${what} from the environment` } }),
    }),
  );
  return undefined;
}

