import type { Me } from '../api';
import { atLeast } from '../api';
import { TopBar } from '../top-bar';
import { useApi } from '../use-api';
import { Answers } from './answers';
import { Progress } from './progress';
import { Teams } from './teams';
import { Turfs } from './turfs';
import type { CampaignSummary } from './types';
import type { Tab } from './url-state';
import { TABS, usePlace } from './url-state';

const LABELS: Record<Tab, string> = { turfs: 'Turfs', teams: 'Teams', progress: 'Progress', answers: 'Answers' };
/** Turfs and teams are the organisers'; progress and answers are read from the analyst role up (the server's rules). */
const NEEDS: Record<Tab, 'analyst' | 'organiser'> = { turfs: 'organiser', teams: 'organiser', progress: 'analyst', answers: 'analyst' };

/** /field: door-to-door campaigns — turfs on the map (cut, move doors, merge, split), teams, progress and answers. */
export function FieldView({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [place, setPlace] = usePlace();
  const list = useApi<{ campaigns: CampaignSummary[] }>('/api/field/campaigns', {}, 0);
  const campaigns = list.data?.campaigns ?? [];
  const campaign = campaigns.find((c) => String(c.id) === place.campaign) ?? campaigns[0];
  const tabs = TABS.filter((t) => atLeast(me, NEEDS[t]));
  const tab = tabs.includes(place.tab) ? place.tab : tabs[0];
  if (!tab)
    return (
      <div className="dashboard">
        <TopBar me={me} onLogout={onLogout} view="field" />
        <p className="empty field-empty">Field campaigns are for analysts (progress and answers) and organisers (turfs and teams); {me.user} is {me.role}.</p>
      </div>
    );
  return (
    <div className="dashboard">
      <TopBar me={me} onLogout={onLogout} view="field" />
      {list.error && <p className="error" role="alert">{list.error}</p>}
      {list.data && campaigns.length === 0 && <p className="empty field-empty">No campaign yet: create one with `hustings field campaign create`.</p>}
      {campaign && (
        <>
          <div className="filter-bar" data-testid="field-choice">
            <label>
              campaign{' '}
              <select aria-label="campaign" value={campaign.id} onChange={(e) => setPlace({ tab: place.tab, campaign: e.target.value })}>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <span className="muted">purpose: {campaign.purpose}</span>
          </div>
          <nav className="filter-bar tabs" aria-label="field sections">
            {tabs.map((t) => (
              <button key={t} className={`chip${tab === t ? ' on' : ''}`} aria-pressed={tab === t} onClick={() => setPlace({ ...place, campaign: String(campaign.id), tab: t, turf: undefined })}>
                {LABELS[t]}
              </button>
            ))}
          </nav>
          <main className="field">
            {tab === 'turfs' ? (
              <Turfs campaign={campaign.id} area={place.area} turf={place.turf} onPlace={(p) => setPlace({ ...place, campaign: String(campaign.id), ...p })} />
            ) : tab === 'teams' ? (
              <Teams campaign={campaign.id} />
            ) : tab === 'progress' ? (
              <Progress campaign={campaign.id} />
            ) : (
              <Answers campaign={campaign.id} area={place.area} onArea={(area) => setPlace({ ...place, campaign: String(campaign.id), area })} />
            )}
          </main>
        </>
      )}
      <footer>Doors, turfs and answers per area; answers under 5 are not shown. Every edit of a turf bumps its version, so phones holding the old one fetch it again.</footer>
    </div>
  );
}
