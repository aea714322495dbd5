import { useEffect, useState } from 'react';
import type { Me } from '../api';
import { post, withQuery } from '../api';
import { TopBar } from '../top-bar';
import { useApi } from '../use-api';
import { Priority } from './priority';
import { Projection } from './projection';
import { Results } from './results';
import { Transfers } from './transfers';
import type { ElectionSummary, PriorityAnswer, ProjectionAnswer, TransfersAnswer } from './types';
import type { ElectionChoice } from './url-state';
import { useChoice } from './url-state';
import { Select } from '../select';

const METHODS = ['lp', 'goodman', 'md-bayes'] as const;

/** /elections: results and turnout per unit, vote transfers between two rounds, projection, priority areas. */
export function ElectionsView({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [choice, setChoice] = useChoice();
  const list = useApi<{ elections: ElectionSummary[] }>('/api/elections', {}, 0);
  const elections = list.data?.elections ?? [];
  const election = elections.find((e) => e.id === choice.election) ?? elections[0];
  const rounds = election?.rounds.map((r) => String(r.round)) ?? [];
  const from = choice.from ?? rounds[0];
  const to = choice.to ?? rounds[1];
  const round = choice.round ?? from;
  const set = (patch: Partial<ElectionChoice>) => setChoice({ ...choice, election: election?.id, ...patch });
  const pair = election?.rounds.filter((r) => String(r.round) === from || String(r.round) === to) ?? [];
  const districts = [...new Set(pair.flatMap((r) => r.districts))].sort(new Intl.Collator('en', { numeric: true }).compare);
  const parties = pair.some((r) => r.parties);
  // A district or pooling the pair cannot take (another election or rounds chosen since) is dropped, not sent.
  const district = choice.district && districts.includes(choice.district) ? choice.district : undefined;
  const by = choice.by === 'party' && parties ? 'party' : undefined;
  // The campaign's choices name options of one line-up: another district or pooling starts them afresh.
  const narrow = (patch: Partial<ElectionChoice>) => set({ ...patch, side: undefined, gain: undefined });
  return (
    <div className="dashboard">
      <TopBar me={me} onLogout={onLogout} view="elections" />
      {list.error && <p className="error" role="alert">{list.error}</p>}
      {list.data && elections.length === 0 && <p className="empty">No election results yet: import them with `hustings elections import FILE --election ID --round N`.</p>}
      {election && (
        <>
          <div className="filter-bar" data-testid="election-choice">
            <Select label="election" value={election.id} options={elections.map((e) => [e.id, e.name])} onChange={(v) => setChoice({ election: v })} />
            <Select label="round" value={round ?? ''} options={rounds.map((r) => [r, r])} onChange={(v) => set({ round: v })} />
            <Select label="transfers from" value={from ?? ''} options={rounds.map((r) => [r, r])} onChange={(v) => set({ from: v })} />
            <Select label="to" value={to ?? ''} options={rounds.map((r) => [r, r])} onChange={(v) => set({ to: v })} />
            <Select label="method" value={choice.method ?? 'lp'} options={METHODS.map((m) => [m, m])} onChange={(v) => set({ method: v })} />
            {districts.length > 1 && <Select label="in district" value={district ?? ''} options={[['', 'all (pooled)'], ...districts.map((d) => [d, d] as const)]} onChange={(v) => narrow({ district: v || undefined })} />}
            {parties && <Select label="by" value={by ?? ''} options={[['', 'candidate'], ['party', 'party']]} onChange={(v) => narrow({ by: v || undefined })} />}
          </div>
          <main className="grid">
            {round && <Results election={election.id} round={round} />}
            {from && to && from !== to && <Analysis election={election.id} choice={{ ...choice, from, to, method: choice.method ?? 'lp', district, by }} onPick={set} />}
          </main>
        </>
      )}
      <footer>Results by polling station; transfers are estimates (ecological inference) with their 95 % intervals. hustings is free software (AGPL).</footer>
    </div>
  );
}

function Analysis({ election, choice, onPick }: { election: string; choice: ElectionChoice; onPick: (p: Partial<ElectionChoice>) => void }) {
  const base = `/api/elections/${encodeURIComponent(election)}`;
  const params = { from: choice.from, to: choice.to, method: choice.method, district: choice.district, by: choice.by };
  const transfers = useApi<TransfersAnswer>(`${base}/transfers`, params, 0);
  const projection = useApi<ProjectionAnswer>(`${base}/projection`, params, 0);
  const t = transfers.data;
  const gain = choice.gain ?? t?.cols.find((c) => /abst/i.test(c)) ?? t?.cols[t.cols.length - 1];
  const side = choice.side ?? (t && gain ? biggestSource(t, gain) : undefined);
  const priorityParams = { ...params, rows: side, col: gain };
  const priority = useApi<PriorityAnswer>(t && side && gain ? `${base}/priority` : null, priorityParams, 0);
  const csv = `${base}/priority?${new URLSearchParams({ ...(priorityParams as Record<string, string>), format: 'csv' })}`;
  return (
    <>
      {transfers.error && <p className="error panel full" role="alert">{transfers.error}</p>}
      {transfers.key !== JSON.stringify(params) && !transfers.error && <EstimateProgress base={base} params={params} />}
      {t?.notes.map((n) => (
        <p key={n} className="warning panel full" role="note" data-testid="pooling-note">
          {n}
        </p>
      ))}
      {t && <Transfers answer={t} />}
      {projection.data && <Projection answer={projection.data} />}
      {t && (
        <section className="panel" data-testid="priority-choice">
          <h2>Campaign</h2>
          <Select label="our first-round option" value={side ?? ''} options={t.rows.map((r) => [r, r])} onChange={(v) => onPick({ side: v })} />
          <Select label="win back from" value={gain ?? ''} options={t.cols.map((c) => [c, c])} onChange={(v) => onPick({ gain: v })} />
        </section>
      )}
      {priority.error && <p className="error" role="alert">{priority.error}</p>}
      {priority.data && <Priority answer={priority.data} csvHref={csv} />}
    </>
  );
}

/** By default, the choice whose voters went most to `gain`: where there is most to win back. */
function biggestSource(t: TransfersAnswer, gain: string): string | undefined {
  const c = t.cols.indexOf(gain);
  const choices = t.rows.map((r, i) => [r, t.votes[i]?.[c] ?? 0] as const).filter(([r]) => !/^(abst|blank|blanc|null|nul|new|exited)/i.test(r));
  return choices.sort((a, b) => b[1] - a[1])[0]?.[0];
}

interface Progress {
  state: 'running' | 'done' | 'none';
  elapsedSeconds?: number;
  sweeps?: number | null;
  total?: number | null;
  etaSeconds?: number | null;
}

/** While transfers are estimated (md-bayes takes minutes on a large table): how far it has got, asked every second. */
function EstimateProgress({ base, params }: { base: string; params: Record<string, string | undefined> }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const p = useApi<Progress>(`${base}/transfers/progress`, params, tick).data;
  const [cancelling, setCancelling] = useState<string | null>(null);
  const share = p?.state === 'running' && p.sweeps && p.total ? Math.round((100 * p.sweeps) / p.total) : null;
  // The estimate is shared by everyone asking for the same rounds and method; whoever waits may stop it.
  const cancel = () => {
    setCancelling('cancelling…');
    post(withQuery(`${base}/transfers/cancel`, params), {}).catch((e: Error) => setCancelling(e.message));
  };
  return (
    <p className="empty panel full" role="status" data-testid="estimate-progress">
      Estimating the transfers ({params.method})
      {p?.state === 'running' ? `: ${share !== null ? `${share} % of ${p.total!.toLocaleString('en')} sweeps, ` : ''}${p.elapsedSeconds ?? 0} s${p.etaSeconds != null ? `, about ${p.etaSeconds} s left` : ''}` : '…'}
      {share !== null && <progress max={100} value={share} aria-label="estimate progress" />}
      {p?.state === 'running' && (
        <button type="button" onClick={cancel} disabled={cancelling === 'cancelling…'}>
          Cancel
        </button>
      )}
      {cancelling && <span> {cancelling}</span>}
    </p>
  );
}