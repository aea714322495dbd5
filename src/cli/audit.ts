import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT } from '../core/errors';
import type { AuditHead, AuditRecord } from '../contacts/audit';
import { describeChain, MAX_LIST, parsePin, readAudit, sealAudit, SEALED_FROM_KEY, verifyAudit } from '../contacts/audit';
import type { AnyDb } from '../store';
import { getMeta } from '../store';
import { AUDIT_SEAL_NEEDED } from './contacts-needs';
import { cliActor, note, out, withApp } from './context';
import { n } from './format';
import { positiveInt } from './listen';

interface ListFlags {
  limit: number;
  subject?: string;
  action?: string;
  before?: number;
  json?: boolean;
}

function listLine(e: AuditRecord): string {
  return [e.seq, new Date(e.at).toISOString(), e.actor, e.action, e.subject ?? '-', JSON.stringify(e.detail)].join('\t');
}

function pinArg(text: string, earlier: AuditHead[]): AuditHead[] {
  const pin = parsePin(text);
  if (!pin) throw new InvalidArgumentError(`expected SEQ:HASH as \`audit verify\` prints it (a seq from 1 and at least 16 hex digits of the hash), found ${JSON.stringify(text.slice(0, 100))}`);
  return [...earlier, pin];
}

/** The seq up to which the log was sealed as found (a store from before heads were sealed), or null. */
async function sealedFromOf(db: AnyDb): Promise<number | null> {
  const text = await getMeta(db, SEALED_FROM_KEY);
  const seq = /^\{"seq":(\d{1,15})\}$/.exec(text ?? '')?.[1];
  return seq === undefined ? null : Number(seq);
}

/** `hustings audit verify|list`: the contacts module's append-only, hash-chained audit log. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit log of the contacts module: who did what to whom, hash-chained so that tampering shows');
  audit
    .command('verify')
    .description('check every entry against the hash chain and the recorded head; exits 1 at the first bad entry')
    .option('--pin <seq:hash>', 'an entry\'s seq and hash kept outside the store (the "pin" an earlier run printed): the chain must pass through it (repeatable)', pinArg, [])
    .option('--json', 'print the result as JSON: {ok, entries, head} or {ok, seq, problem, expected, found, entries}')
    .action(async (flags: { json?: boolean; pin: AuditHead[] }, command: Command) => {
      const progress = process.stderr.isTTY && !flags.json;
      const { result, sealedFrom } = await withApp(
        command,
        async (app) => ({
          result: await verifyAudit(app.store.db, { pins: flags.pin, onProgress: progress ? (done, total) => note(`  checked ${n(done)}${total === null ? '' : ` of ${n(total)}`}`) : undefined }),
          sealedFrom: await sealedFromOf(app.store.db),
        }),
        { existing: true },
      );
      out(flags.json ? JSON.stringify(result) : describeChain(result));
      if (result.ok && result.entries > 0 && !flags.json) {
        const before = sealedFrom === null ? '' : `; entries 1–${sealedFrom} were sealed as found by \`audit seal\`: a pin from before covers them`;
        out(`seal: valid under the key derived from the pseudonym key${before}`);
        out(`pin: ${result.entries}:${result.head} (keep it outside the store; \`audit verify --pin ${result.entries}:…\` then proves entries 1–${result.entries} were not rewritten)`);
      }
      if (!result.ok) process.exitCode = EXIT.failure;
    });
  audit
    .command('seal')
    .description('seal the log as it is found, once its head has no seal (a store from before seals), one that no longer matches, or none; appends never do this on their own')
    .option('--pin <seq:hash>', 'a pin kept from before: the chain must pass through it before it is sealed (repeatable)', pinArg, [])
    .option('--as-found', 'seal with no pin, every entry taken as it is (only for a log checked some other way)')
    .action(async (flags: { pin: AuditHead[]; asFound?: boolean }, command: Command) => {
      const r = await withApp(command, (app) => sealAudit(app.store.db, app.store.dialect, { actor: cliActor(), pins: flags.pin, asFound: flags.asFound === true }), { existing: AUDIT_SEAL_NEEDED });
      if (r.sealedFrom === null) out(`audit log already sealed (${r.entries} entries): nothing to do`);
      else {
        const was = { unsealed: 'had no seal', mismatch: 'had a seal that did not match', missing: 'was not recorded', sealed: '' }[r.previous];
        const taken = r.pinnedTo >= r.sealedFrom ? 'every entry up to it passed the pins' : r.pinnedTo === 0 ? `entries 1–${r.sealedFrom} were taken as found (no pin)` : `entries up to ${r.pinnedTo} passed the pins; entries ${r.pinnedTo + 1}–${r.sealedFrom} were taken as found`;
        out(`audit log sealed at seq ${r.sealedFrom} (its head ${was}): ${taken}; the act is entry ${r.entries}.`);
      }
    });
  audit
    .command('list')
    .description('list entries, newest first (tab-separated: seq, time, actor, action, subject, detail)')
    .option('--limit <n>', `at most this many (at most ${n(MAX_LIST)})`, positiveInt, 50)
    .option('--subject <id>', 'only entries about this subject, e.g. person:123')
    .option('--action <action>', 'only entries of this action, e.g. person.erase')
    .option('--before <seq>', 'only entries older than this seq (the next page: the last seq shown)', positiveInt)
    .option('--json', 'print one JSON array of entries')
    .action(async (flags: ListFlags, command: Command) => {
      const entries = await withApp(command, (app) => readAudit(app.store.db, flags), { existing: true });
      if (flags.json) out(JSON.stringify(entries));
      else {
        if (entries.length === 0) note('No audit entries match.');
        for (const e of entries) out(listLine(e));
      }
    });
}
