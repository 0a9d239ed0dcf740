/**
 * The data sources the CLI offers a bot (for `chat`, `serve`-like hosts and tests): live providers
 * by source name, and canned results from a JSON file that stand in for (or replace) them.
 */
import type { DataSourceProvider } from '@samvad/runtime';
import { cannedProvider } from './canned.js';
import type { CannedData } from './canned.js';

/** `live`: real providers, canned results only for sources without one; `canned`: canned results only. */
export type SourceMode = 'live' | 'canned';

/** Every source mode, for `--sources` choices. */
export const SOURCE_MODES: readonly SourceMode[] = ['live', 'canned'];

/**
 * A provider whose module is loaded on its first call (so that commands which never call a live
 * source do not load its HTML parser); the provider it creates is kept, with its cache.
 */
function lazyProvider(create: () => Promise<DataSourceProvider>): DataSourceProvider {
  let provider: Promise<DataSourceProvider> | undefined;
  return async (params, signal) => {
    provider ??= create();
    return (await provider)(params, signal);
  };
}

/** The live providers the CLI knows, by the name flows use (`source maharashtra_gr`). */
export function liveProviders(): Record<string, DataSourceProvider> {
  return {
    maharashtra_gr: lazyProvider(async () => (await import('@samvad/sources')).createMaharashtraGrSource()),
  };
}

/**
 * The providers for a run. Canned results win in `canned` mode; in `live` mode a live provider
 * wins and canned results fill in for sources that have none. A source with neither is absent
 * (the runtime then takes the flow's fallback).
 */
export function sourceProviders(
  mode: SourceMode,
  canned: CannedData,
  live: Readonly<Record<string, DataSourceProvider>> = mode === 'live' ? liveProviders() : {},
): Record<string, DataSourceProvider> {
  const providers: Record<string, DataSourceProvider> = {};
  for (const [source, result] of Object.entries(canned)) providers[source] = cannedProvider(result);
  if (mode === 'live') Object.assign(providers, live);
  return providers;
}
