/**
 * The calls benchmark's verdict on one run, from what each side recorded (pure: no IO). It holds
 * when the receiver registered exactly one submission per citizen under distinct Idempotency-Keys,
 * every call in serve's store is done `ok` after exactly `1 + failFirst` attempts (as many as the
 * relay saw), every citizen got exactly one reply with a reference — the one the receiver issued
 * for that citizen's submission — and every reply serve stored was sent once (the fake Graph API
 * accepted exactly as many, and each citizen got the same number).
 */
import type { ReplyCounts } from './load.js';
import type { CallRow } from './calls-rows.js';
import type { CallTimes } from './calls-relay.js';

/** What the reference receiver lists at `GET /submissions`. */
export interface Submission {
  readonly key: string;
  readonly reference: string;
  readonly citizen: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A send the fake Graph API accepted (its `GET /_sent`). */
export interface Sent {
  readonly body: Readonly<Record<string, unknown>>;
  /** When the fake accepted it (ms since the epoch; same machine clock as the bench). */
  readonly at: number;
}

export interface CallsEvidence {
  readonly citizens: readonly string[];
  /** The problem text each citizen typed (what its submission must carry). */
  readonly problemOf: ReadonlyMap<string, string>;
  /** When the bench posted each citizen's confirm (ms since the epoch). */
  readonly confirmAt: ReadonlyMap<string, number>;
  readonly submissions: readonly Submission[];
  readonly calls: readonly CallRow[];
  readonly relayAttempts: ReadonlyMap<string, number>;
  /** Per Idempotency-Key: the first attempt's arrival at the relay and the last answer's departure. */
  readonly relayTimes: ReadonlyMap<string, CallTimes>;
  readonly sends: readonly Sent[];
  /** Replies every citizen must have received in all (the walk's and the call's). */
  readonly repliesPerCitizen: number;
  readonly store: ReplyCounts;
  /** Sends the fake accepted for this setup (its `/_count`), and whether it stayed put after the drain. */
  readonly fakeAccepted: number;
  readonly fakeSettled: boolean;
  readonly failFirst: number;
}

export interface CallsVerdict {
  /** One line per failed check; empty when the run is right. */
  readonly problems: readonly string[];
  /** Per citizen: confirm posted → its reference reply accepted by the fake (ms). */
  readonly latenciesMs: readonly number[];
  /** The same latency in two of its parts: confirm posted → the call's first attempt reached the relay … */
  readonly toFirstAttemptMs: readonly number[];
  /** … and the receiver's last answer → the reference reply accepted by the fake. */
  readonly answerToReplyMs: readonly number[];
  /** When the last reference reply was accepted (ms since the epoch), if any. */
  readonly lastReferenceAt: number | undefined;
  readonly attemptsMean: number;
  readonly attemptsMax: number;
}

const REFERENCE = /JAL-\d{4}-\d{6}/g;

/** Up to three examples of a failing check, so that the message stays one line. */
const some = (items: readonly string[]) => `${items.slice(0, 3).join(', ')}${items.length > 3 ? ` … (${items.length} in all)` : ''}`;

/** Judges one run (see the file comment). */
export function judgeCalls(e: CallsEvidence): CallsVerdict {
  const problems: string[] = [];
  const n = e.citizens.length;
  const citizenSet = new Set(e.citizens);

  // The receiver: N submissions, N distinct keys, one per citizen, each with that citizen's problem.
  const keys = new Set(e.submissions.map((s) => s.key));
  if (e.submissions.length !== n || keys.size !== n) {
    problems.push(`the receiver registered ${e.submissions.length} submissions under ${keys.size} distinct Idempotency-Keys; expected ${n} and ${n}`);
  }
  const referenceOf = new Map<string, string>();
  const doubled: string[] = [];
  const wrongFields: string[] = [];
  for (const s of e.submissions) {
    if (!citizenSet.has(s.citizen)) doubled.push(`${s.citizen} (not a bench citizen)`);
    else if (referenceOf.has(s.citizen)) doubled.push(s.citizen);
    referenceOf.set(s.citizen, s.reference);
    if (s.fields.problem !== e.problemOf.get(s.citizen)) wrongFields.push(`${s.citizen}: "${s.fields.problem ?? ''}"`);
  }
  if (doubled.length > 0) problems.push(`the receiver registered more than one submission (or a stranger's) for ${some(doubled)}`);
  if (wrongFields.length > 0) problems.push(`submissions carry another citizen's problem: ${some(wrongFields)}`);
  const missing = e.citizens.filter((c) => !referenceOf.has(c));
  if (missing.length > 0) problems.push(`no submission registered for ${some(missing)}`);

  // serve's calls table: N calls, all done ok, each after 1 + failFirst attempts, as the relay saw.
  const wanted = 1 + e.failFirst;
  const notDone = e.calls.filter((c) => c.state !== 'done' || c.outcome !== 'ok');
  if (e.calls.length !== n) problems.push(`the calls table holds ${e.calls.length} calls; expected ${n}`);
  if (notDone.length > 0) problems.push(`calls not done ok: ${some(notDone.map((c) => `${c.key} ${c.state}/${c.outcome ?? '-'}`))}`);
  const offAttempts = e.calls.filter((c) => c.attempts !== wanted || e.relayAttempts.get(c.key) !== c.attempts);
  if (offAttempts.length > 0) {
    problems.push(`calls not made in exactly ${wanted} attempt(s) (serve's count / the relay's): ${some(offAttempts.map((c) => `${c.key} ${c.attempts}/${e.relayAttempts.get(c.key) ?? 0}`))}`);
  }
  const strangers = e.calls.filter((c) => !keys.has(c.key));
  if (strangers.length > 0) problems.push(`calls whose key the receiver never registered: ${some(strangers.map((c) => c.key))}`);
  const answerMismatch = e.calls.filter((c) => c.answer === null || !c.answer.includes(referenceOf.get(c.citizen) ?? '\u0000'));
  if (answerMismatch.length > 0) problems.push(`calls whose stored answer is not the reference issued for their citizen: ${some(answerMismatch.map((c) => c.key))}`);

  // What the citizens got: each exactly one reference, its own, and the same number of replies.
  const byCitizen = new Map<string, Sent[]>();
  for (const s of e.sends) {
    const to = String(s.body.to);
    byCitizen.set(to, [...(byCitizen.get(to) ?? []), s]);
  }
  const latenciesMs: number[] = [];
  const toFirstAttemptMs: number[] = [];
  const answerToReplyMs: number[] = [];
  const keyOf = new Map(e.calls.map((c) => [c.citizen, c.key]));
  let lastReferenceAt: number | undefined;
  const wrongReference: string[] = [];
  const wrongCount: string[] = [];
  for (const citizen of e.citizens) {
    const mine = byCitizen.get(citizen) ?? [];
    if (mine.length !== e.repliesPerCitizen) wrongCount.push(`${citizen} got ${mine.length}`);
    const withReference = mine.flatMap((s) => [...JSON.stringify(s.body).matchAll(REFERENCE)].map((m) => ({ reference: m[0], at: s.at })));
    const own = referenceOf.get(citizen);
    const only = withReference[0];
    if (withReference.length !== 1 || only === undefined || only.reference !== own) {
      wrongReference.push(`${citizen} got [${withReference.map((r) => r.reference).join(' ')}], registered ${own ?? 'nothing'}`);
      continue;
    }
    const at = only.at;
    lastReferenceAt = Math.max(lastReferenceAt ?? at, at);
    const confirmedAt = e.confirmAt.get(citizen) ?? at;
    latenciesMs.push(at - confirmedAt);
    const times = e.relayTimes.get(keyOf.get(citizen) ?? '');
    if (times !== undefined) {
      toFirstAttemptMs.push(times.firstAt - confirmedAt);
      answerToReplyMs.push(at - times.answeredAt);
    }
  }
  if (wrongReference.length > 0) problems.push(`citizens without exactly one reply carrying their own reference: ${some(wrongReference)}`);
  if (wrongCount.length > 0) problems.push(`citizens without exactly ${e.repliesPerCitizen} replies: ${some(wrongCount)}`);
  const strangersSent = [...byCitizen.keys()].filter((to) => !citizenSet.has(to));
  if (strangersSent.length > 0) problems.push(`replies to numbers that are not bench citizens: ${some(strangersSent)}`);

  // The store against the fake: every message processed without error, every reply sent, once.
  const s = e.store;
  if (s.unprocessed !== 0 || s.turnErrors !== 0) problems.push(`messages unprocessed: ${s.unprocessed}, turns failed: ${s.turnErrors}`);
  if (s.repliesNotSent !== 0) problems.push(`${s.repliesNotSent} replies in the outbox not sent`);
  if (e.fakeAccepted !== s.replies || e.sends.length !== s.replies) {
    problems.push(`the outbox holds ${s.replies} replies but the fake Graph API accepted ${e.fakeAccepted} (${e.sends.length} recorded): replies lost or doubled`);
  }
  if (!e.fakeSettled) problems.push('the fake Graph API kept receiving sends after everything had drained (a reply doubled late)');

  const attempts = e.calls.map((c) => c.attempts);
  return {
    problems,
    latenciesMs,
    toFirstAttemptMs,
    answerToReplyMs,
    lastReferenceAt,
    attemptsMean: attempts.length === 0 ? 0 : attempts.reduce((a, b) => a + b, 0) / attempts.length,
    attemptsMax: attempts.length === 0 ? 0 : Math.max(...attempts),
  };
}
