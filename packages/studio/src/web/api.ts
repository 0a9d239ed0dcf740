/// <reference lib="dom" />
/** The page's calls to the studio's server (see `shared/api.ts`); a failed call throws its message. */
import type { ApiError } from '../shared/api.js';

/** GETs or POSTs JSON; throws an `Error` with the server's message on a failure. */
export async function call<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await res.json()) as T | ApiError;
  if (!res.ok) throw new Error(typeof data === 'object' && data !== null && 'error' in data ? data.error : `${path}: HTTP ${res.status}`);
  return data as T;
}

/** A tiny element builder: `el('div', { class: 'x' }, child, 'text')`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
