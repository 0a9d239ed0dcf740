/**
 * Trace fixtures: a small hand-written graph and a scripted conversation, each citizen message
 * followed by exactly what the bot must say (see `test/traces/*.json`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph, GraphLanguage, GraphNode } from '../../src/graph/types.js';
import type { DataResult, Inbound } from '../../src/engine/types.js';
import { makeGraph } from './graph.js';

/** One scripted message: what the citizen sends and what must come back. */
export interface TraceStep {
  /** Typed text. */
  readonly user?: string;
  /** A tapped button / list row id. */
  readonly tap?: string;
  /** Media the bot cannot read. */
  readonly media?: string;
  /** The result for the data request the previous step made. */
  readonly data?: DataResult;
  /** Milliseconds since the previous message (default 1,000). */
  readonly after?: number;
  /** The bot's reply as transcript lines. */
  readonly bot: readonly string[];
  /** Expected `matchedBy`, when the trace cares. */
  readonly matchedBy?: string;
  /** Expected data request (source and params), when the step must ask for data. */
  readonly request?: { readonly source: string; readonly params: Record<string, string> };
  /** Expected session fields after the step. */
  readonly session?: Record<string, unknown>;
}

export interface Trace {
  readonly name: string;
  readonly description: string;
  readonly graph: Graph;
  readonly steps: readonly TraceStep[];
}

interface TraceFile {
  readonly description: string;
  readonly languages?: readonly GraphLanguage[];
  readonly settings?: Graph['settings'];
  readonly start?: string;
  readonly nodes: Record<string, GraphNode>;
  readonly steps: readonly TraceStep[];
}

/** Every trace in a folder, sorted by name. */
export function loadTraces(dir: string): Trace[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as TraceFile;
      const overrides: Partial<Graph> = {
        ...(file.languages === undefined ? {} : { languages: file.languages }),
        ...(file.settings === undefined ? {} : { settings: file.settings }),
        ...(file.start === undefined ? {} : { start: file.start }),
      };
      return { name: f.replace(/\.json$/, ''), description: file.description, graph: makeGraph(file.nodes, overrides), steps: file.steps };
    });
}

/** The inbound message a step sends (`requestId` is the id of the pending data request). */
export function inboundOf(step: TraceStep, requestId: string | undefined): Inbound {
  if (step.user !== undefined) return { kind: 'text', text: step.user };
  if (step.tap !== undefined) return { kind: 'reply', id: step.tap };
  if (step.media !== undefined) return { kind: 'unsupported', what: step.media };
  if (step.data !== undefined) return { kind: 'data', requestId: requestId ?? 'none', result: step.data };
  throw new Error('a trace step needs user, tap, media or data');
}
