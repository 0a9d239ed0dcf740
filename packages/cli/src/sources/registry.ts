/**
 * The data sources the CLI offers a bot (for `chat`, `serve`-like hosts and tests): live providers
 * by source name, and canned results from a JSON file that stand in for (or replace) them.
 */
import type { DataSourceProvider } from '@samvad/runtime';
import { CliError } from '../cli/exit.js';
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

/** The environment variable that points `maharashtra_gr` at another listing page (a mirror, a proxy, a test server). */
export const GR_URL_VARIABLE = 'SAMVAD_GR_URL';

/**
 * The GR listing's address from `SAMVAD_GR_URL`, or undefined for the official one. An address
 * that is not an http(s) URL is refused at once (a usage error naming the variable), not at
 * the first citizen's request.
 */
export function grUrlFrom(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env[GR_URL_VARIABLE]?.trim();
  if (value === undefined || value === '') return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new CliError(`${GR_URL_VARIABLE} must be an http(s) address of the GR listing page, e.g. https://gr.maharashtra.gov.in/1145/Government-Resolutions; got "${value}"`);
  }
  return url.href;
}

/**
 * The live providers the CLI knows, by the name flows use (`source maharashtra_gr`).
 * `maharashtra_gr` reads the official listing, or the page `SAMVAD_GR_URL` names in `env`.
 */
export function liveProviders(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, DataSourceProvider> {
  const url = grUrlFrom(env);
  return {
    maharashtra_gr: lazyProvider(async () => (await import('@samvad/sources')).createMaharashtraGrSource(url === undefined ? {} : { url })),
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
