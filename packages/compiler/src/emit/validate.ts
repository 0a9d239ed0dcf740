import { diagnostic } from '@samvad/dsl';
import type { Diagnostic } from '@samvad/dsl';
import { validateGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';

/**
 * Validates a lowered graph against the runtime's JSON Schema. A failure is a compiler bug, so it
 * becomes FLOW9001 (internal error) at the root file instead of a crash.
 */
export function validateEmitted(graph: Graph, root: string): Diagnostic | undefined {
  const result = validateGraph(graph);
  if (result.ok) return undefined;
  return diagnostic({
    code: 'FLOW9001',
    severity: 'error',
    message: 'internal error: the compiled graph does not match the runtime graph schema',
    span: { file: root, offset: 0, length: 0 },
    notes: result.errors.map((e) => `schema: ${e}`),
    help: 'this is a bug in the samvad compiler; please report it with this flow',
  });
}
