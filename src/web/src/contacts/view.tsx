import type { Me } from '../api';
import { TopBar } from '../top-bar';
import { ImportWizard } from './import';
import { People } from './people';
import { Profile } from './profile';
import { atLeast } from '../api';
import { Review } from './review';
import { Requests, Retention } from './rights';
import { Segments } from './segments';
import type { Tab } from './url-state';
import { usePlace } from './url-state';

const LABELS: Record<Tab, string> = { people: 'People', import: 'Import', segments: 'Segments', review: 'Review', requests: 'Rights requests', retention: 'Retention' };

/** /contacts: people and their consent history, imports, segments, the duplicates review queue, rights requests and retention. */
export function ContactsView({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [place, setPlace] = usePlace();
  const tabs: Tab[] = ['people', ...(atLeast(me, 'organiser') ? (['segments', 'review'] as Tab[]) : []), ...(atLeast(me, 'admin') ? (['import', 'requests', 'retention'] as Tab[]) : [])];
  // Viewers and analysts read aggregates: people are for organisers (their area), admins, and canvassers (their lists, in the phone app).
  if (!atLeast(me, 'organiser'))
    return (
      <div className="dashboard">
        <TopBar me={me} onLogout={onLogout} view="contacts" />
        <p className="empty">Contacts are open to organisers and admins; {me.user} is {me.role}.</p>
      </div>
    );
  return (
    <div className="dashboard">
      <TopBar me={me} onLogout={onLogout} view="contacts" />
      <nav className="filter-bar tabs" aria-label="contacts sections">
        {tabs.map((t) => (
          <button key={t} className={`chip${place.tab === t && !place.person ? ' on' : ''}`} aria-pressed={place.tab === t && !place.person} onClick={() => setPlace({ tab: t })}>
            {LABELS[t]}
          </button>
        ))}
      </nav>
      <main className="contacts">
        {place.person ? (
          <Profile me={me} id={place.person} onBack={() => setPlace({ tab: 'people', q: place.q })} />
        ) : place.tab === 'people' ? (
          <People q={place.q ?? ''} onSearch={(q) => setPlace({ tab: 'people', q })} onOpen={(id) => setPlace({ tab: 'people', q: place.q, person: String(id) })} />
        ) : place.tab === 'import' ? (
          <ImportWizard me={me} />
        ) : place.tab === 'segments' ? (
          <Segments me={me} />
        ) : place.tab === 'review' ? (
          <Review me={me} />
        ) : place.tab === 'requests' ? (
          <Requests me={me} />
        ) : (
          <Retention />
        )}
      </main>
      <footer>Every search and profile read is written to the audit log (counts and ids only). Contacts are shown only within your scope: your areas as an organiser, your lists as a canvasser.</footer>
    </div>
  );
}
