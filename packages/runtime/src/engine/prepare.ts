/**
 * Preparing a graph for conversations: what the engine derives from a graph (today, the word
 * index that routes free text, 25–40 ms for Jalna Mitra) built now, when a server loads or
 * reloads the graph, so the first citizen's message does not pay for it.
 */
import type { Graph } from '../graph/types.js';
import { hasWordIndex, wordIndex } from '../match/word-index.js';

/**
 * Builds the graph's word index unless it is built already (it is cached for the graph object's
 * lifetime). Returns true when it was built by this call. Safe to call more than once.
 */
export function prepareGraph(graph: Graph): boolean {
  if (hasWordIndex(graph)) return false;
  wordIndex(graph);
  return true;
}
