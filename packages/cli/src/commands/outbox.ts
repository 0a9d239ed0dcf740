/**
 * `samvad outbox list|retry`: what `samvad serve` has still to send, what it gave up and why, and
 * a way to send given-up replies again. Reads the database `serve` writes (`--db`, else
 * `SAMVAD_DB`, else ./samvad.db): a SQLite file, whose running server picks reopened rows up within
 * 5 s, or a `postgres://…` URL, whose running processes are notified and send them at once.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { style } from '../cli/style.js';

/** The outbox functions of @samvad/whatsapp, loaded with the command (better-sqlite3 is a native module). */
type OutboxModule = typeof import('@samvad/whatsapp/outbox');
type Db = import('@samvad/whatsapp').Db;
type OutboxEntry = import('@samvad/whatsapp/outbox').OutboxEntry;
type PgPool = import('@samvad/whatsapp').PgPool;

const STATES = ['pending', 'sending', 'sent', 'failed', 'window_closed', 'open', 'unsent', 'all'] as const;
type Filter = (typeof STATES)[number];

interface ListOptions {
  readonly state: string;
  readonly db?: string;
  readonly limit: string;
  readonly format: string;
}

interface RetryOptions {
  readonly allFailed?: boolean;
  readonly db?: string;
  readonly format: string;
}

/** Registers `samvad outbox list` and `samvad outbox retry`. */
export function registerOutbox(program: Command, env: CommandEnv): void {
  const outbox = program
    .command('outbox')
    .description("list the replies `serve` has not sent (or gave up), and send failed ones again")
    .addHelpText(
      'after',
      `
Examples:
  samvad outbox list                      replies not sent yet, or given up (newest 50)
  samvad outbox list --state failed --db /var/lib/samvad/samvad.db
  samvad outbox retry 1042 1043           send these again
  samvad outbox retry --all-failed        send every failed reply again
  samvad outbox list --db postgres://samvad@db.internal/samvad   (or SAMVAD_DB, as for serve)

States: pending (not tried yet), sending (failed at least once, will be retried), sent,
failed (a permanent error, e.g. a bad parameter or token), window_closed (the citizen's 24-hour
window closed first: only a template message could reach them now).`,
    );

  outbox
    .command('list')
    .description('list outbox rows, newest last; phone numbers masked')
    .option('--state <state>', `which rows: ${STATES.join(', ')}`, 'unsent')
    .option('--db <path>', 'the serve database: a SQLite file or a postgres:// URL (default: $SAMVAD_DB, else ./samvad.db)')
    .option('--limit <n>', 'show at most this many (the newest)', '50')
    .option('--format <format>', 'table or json', 'table')
    .action(
      action(env, async (opts: ListOptions) => {
        const { ctx } = env;
        const filter = STATES.find((s) => s === opts.state);
        if (filter === undefined) throw new CliError(`--state must be one of ${STATES.join(', ')}; got "${opts.state}"`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a positive whole number, got "${opts.limit}"`);
        const format = formatOf(opts.format);
        const mod = await import('@samvad/whatsapp/outbox');
        const where = dbPath(mod, ctx.cwd, ctx.env, opts.db);
        const listing =
          where.kind === 'postgres'
            ? await withPg(mod, where.url, (pool) => mod.listPgOutbox(pool, filter satisfies Filter, limit))
            : withDb(mod, where.path, false, (db) => mod.listOutbox(db, filter satisfies Filter, limit));
        if (format === 'json') {
          ctx.stdout.write(JSON.stringify(listing, null, 2) + '\n');
          return ExitCode.ok;
        }
        const s = style(ctx.color);
        if (listing.rows.length === 0) ctx.stdout.write(`no ${filter === 'all' ? '' : `${filter} `}rows\n`);
        else ctx.stdout.write(table(listing.rows, Date.now()) + '\n');
        if (listing.matching > listing.rows.length) ctx.stdout.write(s.dim(`(${listing.matching - listing.rows.length} older not shown; --limit)\n`));
        const counts = Object.entries(listing.counts).map(([state, n]) => `${n} ${state}`);
        ctx.stdout.write(s.dim(`outbox: ${counts.join(', ')}\n`));
        return ExitCode.ok;
      }),
    );

  outbox
    .command('retry')
    .description('send given-up rows (failed, window_closed) again: set them back to pending')
    .argument('[ids...]', 'outbox row ids (see `samvad outbox list`)')
    .option('--all-failed', 'every failed row')
    .option('--db <path>', 'the serve database: a SQLite file or a postgres:// URL (default: $SAMVAD_DB, else ./samvad.db)')
    .option('--format <format>', 'table or json', 'table')
    .action(
      action(env, async (ids: string[], opts: RetryOptions) => {
        const { ctx } = env;
        const format = formatOf(opts.format);
        if ((ids.length > 0) === (opts.allFailed === true)) throw new CliError('give row ids or --all-failed (one of the two)');
        const numbers = ids.map((id) => {
          const n = Number(id);
          if (!Number.isInteger(n) || n < 1) throw new CliError(`an outbox row id is a positive whole number, got "${id}"`);
          return n;
        });
        const mod = await import('@samvad/whatsapp/outbox');
        const target = opts.allFailed === true ? 'all-failed' : numbers;
        const where = dbPath(mod, ctx.cwd, ctx.env, opts.db);
        const result =
          where.kind === 'postgres'
            ? await withPg(mod, where.url, (pool) => mod.retryPgOutbox(pool, target, Date.now(), mod.CUSTOMER_SERVICE_WINDOW_MS))
            : withDb(mod, where.path, true, (db) => mod.retryOutbox(db, target, Date.now(), mod.CUSTOMER_SERVICE_WINDOW_MS));
        if (format === 'json') {
          ctx.stdout.write(JSON.stringify(result, null, 2) + '\n');
        } else {
          const s = style(ctx.color);
          if (result.reopened.length === 0) ctx.stdout.write('nothing to retry\n');
          else ctx.stdout.write(`${s.green('✓')} ${result.reopened.length} row(s) set back to pending: ${result.reopened.join(', ')}\n`);
          for (const { id, reason } of result.skipped) ctx.stdout.write(`${s.yellow('!')} ${id}: not retried, ${reason}\n`);
          if (result.windowClosed.length > 0) {
            ctx.stdout.write(
              `${s.yellow('!')} ${result.windowClosed.join(', ')}: the citizen's 24-hour window has closed; the server will end them as window_closed unsent\n`,
            );
          }
          if (result.reopened.length > 0) {
            const when = where.kind === 'postgres' ? 'at once' : 'within 5 s';
            ctx.stdout.write(s.dim(`a running \`samvad serve\` sends them ${when}; otherwise at its next start\n`));
          }
        }
        return result.skipped.length > 0 ? ExitCode.failed : ExitCode.ok;
      }),
    );
}

function formatOf(format: string): 'table' | 'json' {
  if (format === 'table' || format === 'json') return format;
  throw new CliError(`--format must be table or json, got "${format}"`);
}

/** `--db`, else `SAMVAD_DB` (as `serve` reads it), else ./samvad.db — a file resolved against `cwd`, or a PostgreSQL URL. */
function dbPath(
  mod: OutboxModule,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  flag: string | undefined,
): { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string } {
  const fromEnv = env['SAMVAD_DB']?.trim();
  const raw = flag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : './samvad.db');
  return mod.isPostgresUrl(raw) ? { kind: 'postgres', url: raw.trim() } : { kind: 'sqlite', path: resolve(cwd, raw) };
}

/** Connects to PostgreSQL, runs `use`, disconnects; every failure is a clear message that never shows the password. */
async function withPg<T>(mod: OutboxModule, url: string, use: (pool: PgPool) => Promise<T>): Promise<T> {
  let pool: PgPool;
  try {
    pool = mod.openPgOutbox(url);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  try {
    return await use(pool);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const hint = /relation "outbox" does not exist/.test(detail) ? ' (not a samvad database yet: run `samvad db migrate` or start `samvad serve` on it)' : '';
    throw new CliError(`${mod.redactUrl(url)}: ${detail}${hint}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** Opens the database, runs `use`, closes it; every failure is a clear message. */
function withDb<T>(mod: OutboxModule, path: string, writable: boolean, use: (db: Db) => T): T {
  let db: Db | undefined;
  try {
    db = mod.openOutboxFile(path, writable);
  } catch (error) {
    throw new CliError(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (db === undefined) throw new CliError(`no database at ${path} (pass --db, or set SAMVAD_DB as for serve)`);
  try {
    return use(db);
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}

/** Rows as an aligned table. */
function table(rows: readonly OutboxEntry[], now: number): string {
  const numbers = rows.some((r) => r.numberId !== undefined); // PostgreSQL: many numbers in one database
  const header = ['ID', ...(numbers ? ['NUMBER'] : []), 'STATE', 'TO', 'TRIES', 'MADE', 'ERROR'];
  const lines = rows.map((r) => [
    String(r.id),
    ...(numbers ? [r.numberId ?? ''] : []),
    r.state,
    r.to,
    String(r.attempts),
    ago(now - r.createdAt),
    r.error === null ? '' : `${r.errorCode !== null && !r.error.startsWith('(#') ? `(#${r.errorCode}) ` : ''}${oneLine(r.error)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 172_800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
