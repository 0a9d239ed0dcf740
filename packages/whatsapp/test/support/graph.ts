/** A small three-language bot for server tests, validated by the runtime like any loaded graph. */
import { defaultCommandWords, defaultMessages, validateGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';

const t = (mr: string, hi: string, en: string) => ({ mr, hi, en });

/**
 * home: info page, a language switch to Hindi and to English, and `latest` (rows from the data
 * source `gr`); info: a page with one link.
 */
export function testGraph(hash = `sha256:${'1'.repeat(64)}`, welcome = t('स्वागत', 'स्वागत है', 'Welcome')): Graph {
  const graph = {
    format: 2,
    hash,
    bot: 'server_test',
    languages: [
      { code: 'mr', name: 'मराठी' },
      { code: 'hi', name: 'हिंदी' },
      { code: 'en', name: 'English' },
    ],
    start: 'home',
    settings: { retries: 3, idleTimeoutMs: 30 * 60 * 1000 },
    commands: defaultCommandWords,
    messages: defaultMessages,
    sources: { gr: { timeoutMs: 5000 } },
    endpoints: {},
    nodes: {
      home: {
        kind: 'menu',
        text: welcome,
        options: [
          { id: 'info', number: 1, label: t('माहिती', 'जानकारी', 'Information'), words: [], target: 'info' },
          { id: 'to_hi', number: 2, label: t('हिंदी', 'हिंदी', 'हिंदी'), words: [], target: 'home', language: 'hi' },
          { id: 'to_en', number: 3, label: t('English', 'English', 'English'), words: [], target: 'home', language: 'en' },
          { id: 'latest', number: 4, label: t('नवे GR', 'नए GR', 'Latest GRs'), words: [], target: 'latest' },
        ],
      },
      latest: {
        kind: 'menu',
        parent: 'home',
        text: t('नवे शासन निर्णय', 'नए शासन निर्णय', 'Latest GRs'),
        options: [],
        dynamic: {
          source: 'gr',
          params: {},
          into: 'gr',
          title: { mr: '{gr.title}', hi: '{gr.title}', en: '{gr.title}' },
          target: 'info',
          timeoutMs: 5000,
          fallback: 'home',
        },
      },
      info: {
        kind: 'page',
        parent: 'home',
        blocks: [
          { kind: 'text', text: t('दाखला', 'प्रमाणपत्र', 'Certificate') },
          { kind: 'link', url: 'https://aaplesarkar.mahaonline.gov.in', label: t('अर्ज करा', 'आवेदन करें', 'Apply online') },
        ],
        then: { kind: 'home' },
      },
    },
    sourceMap: {},
  };
  const result = validateGraph(graph);
  if (!result.ok) throw new Error(`test graph is invalid: ${result.errors.join('; ')}`);
  return result.graph;
}
