/**
 * A minimal command line over `runChat` for the spawn test (the CLI's `samvad chat` is the real one):
 * `tsx chat-entry.ts <source> [--script <file>|-] [--json] [--lang <code>]`.
 */
import { runChat } from '../../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const source = args[0];
if (source === undefined) {
  process.stderr.write('usage: chat-entry <source> [--script <file>|-] [--json] [--lang <code>]\n');
  process.exit(2);
}
const script = flag('--script');
const lang = flag('--lang');
const code = await runChat({
  source,
  providers: {},
  json: args.includes('--json'),
  ...(script === undefined ? {} : { script }),
  ...(lang === undefined ? {} : { lang }),
});
process.exitCode = code;
