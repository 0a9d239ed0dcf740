import { diagnostic } from '@samvad/dsl';
import type { BotDecl, Diagnostic, EndpointDecl, FlowFile, NodeDecl, SourceDecl, Span } from '@samvad/dsl';
import { NodeNumbering } from './numbering.js';

/** The declarations of a whole bot after name resolution: one table per namespace. */
export interface Program {
  readonly root: string;
  readonly bot?: BotDecl;
  /** Declared language codes, first = default (empty without a bot header). */
  readonly languages: readonly string[];
  /** Node declarations by id; the first definition wins (the others are FLOW2002). */
  readonly nodes: ReadonlyMap<string, NodeDecl>;
  /** The same nodes, numbered in the order of `nodes`. */
  readonly numbering: NodeNumbering;
  readonly sources: ReadonlyMap<string, SourceDecl>;
  /** `endpoint` declarations by id; the first definition wins (the others are FLOW2011). */
  readonly endpoints: ReadonlyMap<string, EndpointDecl>;
}

/**
 * Builds the name tables of a bot from its parsed files, reporting duplicate node ids
 * (FLOW2002), duplicate sources (FLOW2006), duplicate endpoints or an endpoint named like a source
 * (FLOW2011: chat's canned answers share one file), a missing (FLOW2003) or second (FLOW2005) bot header.
 */
export function resolveProgram(root: string, files: readonly FlowFile[], report: (d: Diagnostic) => void): Program {
  let bot: BotDecl | undefined;
  const nodes = new Map<string, NodeDecl>();
  const numbering = new NodeNumbering();
  const sources = new Map<string, SourceDecl>();
  const endpoints = new Map<string, EndpointDecl>();
  for (const file of files) {
    for (const decl of file.decls) {
      switch (decl.kind) {
        case 'bot':
          if (bot === undefined && file.file === root) bot = decl;
          else report(secondBot(decl, bot));
          break;
        case 'source': {
          const first = sources.get(decl.id.name);
          if (first === undefined) sources.set(decl.id.name, decl);
          else report(duplicate('FLOW2006', 'data source', decl.id.name, decl.id.span, first.id.span));
          break;
        }
        case 'endpoint': {
          const first = endpoints.get(decl.id.name);
          if (first === undefined) endpoints.set(decl.id.name, decl);
          else report(duplicate('FLOW2011', 'endpoint', decl.id.name, decl.id.span, first.id.span));
          break;
        }
        case 'include':
          break;
        case 'menu':
        case 'page':
        case 'input':
        case 'branch':
        case 'goto':
        case 'end':
        case 'call': {
          const first = nodes.get(decl.id.name);
          if (first === undefined) {
            nodes.set(decl.id.name, decl);
            numbering.add(decl.id.name, decl);
          } else {
            report(duplicate('FLOW2002', 'node', decl.id.name, decl.id.span, first.id.span));
          }
          break;
        }
        default: {
          const never: never = decl;
          throw new Error(`unexpected declaration ${String(never)}`);
        }
      }
    }
  }
  if (bot === undefined) report(missingBot(root));
  const languages = bot?.languages.map((l) => l.code.name) ?? [];
  for (const [name, endpoint] of endpoints) {
    const source = sources.get(name);
    if (source !== undefined) report(sourceClash(endpoint, source));
  }
  return { root, bot, languages, nodes, numbering, sources, endpoints };
}

function sourceClash(endpoint: EndpointDecl, source: SourceDecl): Diagnostic {
  const name = endpoint.id.name;
  return diagnostic({
    code: 'FLOW2011',
    severity: 'error',
    message: `endpoint \`${name}\` has the name of a data source`,
    span: endpoint.id.span,
    primaryLabel: `\`${name}\` is also a \`source\``,
    labels: [{ span: source.id.span, message: `data source \`${name}\` defined here` }],
    notes: ['canned answers for `samvad chat` and tests are looked up by this name, for sources and endpoints alike'],
    help: `rename the endpoint (e.g. \`${name}_api\`)`,
  });
}

function duplicate(code: 'FLOW2002' | 'FLOW2006' | 'FLOW2011', what: string, name: string, span: Span, first: Span): Diagnostic {
  return diagnostic({
    code,
    severity: 'error',
    message: `${what} \`${name}\` is defined twice`,
    span,
    primaryLabel: `second definition of \`${name}\``,
    labels: [{ span: first, message: `\`${name}\` first defined here` }],
    help: `rename one of them (ids must be unique across all files of the bot)`,
  });
}

function secondBot(decl: BotDecl, first: BotDecl | undefined): Diagnostic {
  return diagnostic({
    code: 'FLOW2005',
    severity: 'error',
    message:
      first === undefined
        ? `the \`bot\` header must be in the root file, not in an included file`
        : `a bot has one \`bot\` header; \`${decl.id.name}\` is a second one`,
    span: decl.id.span,
    primaryLabel: 'second bot header',
    labels: first === undefined ? [] : [{ span: first.id.span, message: 'the bot is declared here' }],
    help: 'keep one `bot` block, in the file you compile',
  });
}

function missingBot(root: string): Diagnostic {
  return diagnostic({
    code: 'FLOW2003',
    severity: 'error',
    message: 'the root file has no `bot` header',
    span: { file: root, offset: 0, length: 0 },
    primaryLabel: 'expected a `bot` block in this file',
    help: 'start the file with a header such as:\n  bot my_bot\n    languages: mr "मराठी", en "English"\n    start: home',
  });
}
