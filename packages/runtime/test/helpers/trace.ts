/**
 * Trace fixtures: a small hand-written graph and a scripted conversation, each citizen message
 * followed by exactly what the bot must say (see `test/traces/*.json`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph, GraphEndpoint, GraphLanguage, GraphNode } from '../../src/graph/types.js';
import type { CallResult, DataResult, Inbound } from '../../src/engine/types.js';
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
  /** A photo, document, video, location or contact the citizen sends. */
  readonly attach?: Extract<Inbound, { kind: 'media' | 'location' | 'contact' }>;
  /** The result of the call the session waits for (or of the call `callId` names). */
  readonly callResult?: CallResult;
  /** The request id `callResult` answers, when not the pending call's (a stale result). */
  readonly callId?: string;
  /** Milliseconds since the previous message (default 1,000). */
  readonly after?: number;
  /** The bot's reply as transcript lines. */
  readonly bot: readonly string[];
  /** Expected `matchedBy`, when the trace cares. */
  readonly matchedBy?: string;
  /** Expected data request (source and params), when the step must ask for data. */
  readonly request?: { readonly source: string; readonly params: Record<string, string> };
  /** Expected call (everything but its id), when the step must make one; `null`: no call. */
  readonly call?: { readonly endpoint: string; readonly node: string; readonly fields: Record<string, string>; readonly timeoutMs: number } | null;
  /** Expected `StepEvent.outcome`, when the trace cares. */
  readonly outcome?: string;
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
  readonly endpoints?: Record<string, GraphEndpoint>;
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
        ...(file.endpoints === undefined ? {} : { endpoints: file.endpoints }),
      };
      return { name: f.replace(/\.json$/, ''), description: file.description, graph: makeGraph(file.nodes, overrides), steps: file.steps };
    });
}

/**
 * The inbound message a step sends (`requestId`: the id of the pending data request; `callId`:
 * of the pending call).
 */
export function inboundOf(step: TraceStep, requestId: string | undefined, callId?: string): Inbound {
  if (step.user !== undefined) return { kind: 'text', text: step.user };
  if (step.tap !== undefined) return { kind: 'reply', id: step.tap };
  if (step.media !== undefined) return { kind: 'unsupported', what: step.media };
  if (step.data !== undefined) return { kind: 'data', requestId: requestId ?? 'none', result: step.data };
  if (step.attach !== undefined) return step.attach;
  if (step.callResult !== undefined) return { kind: 'call', requestId: step.callId ?? callId ?? 'none', result: step.callResult };
  throw new Error('a trace step needs user, tap, media, data, attach or callResult');
}

/** A step's message in a failure note: what the citizen sent, in short. */
export function describeStep(step: TraceStep): string {
  if (step.attach !== undefined) return step.attach.kind === 'media' ? `${step.attach.mediaType} sent` : `${step.attach.kind} sent`;
  if (step.callResult !== undefined) return `call result ${step.callResult.ok ? 'ok' : step.callResult.reason}${step.callId === undefined ? '' : ` for ${step.callId}`}`;
  return step.user ?? step.tap ?? step.media ?? 'data';
}
