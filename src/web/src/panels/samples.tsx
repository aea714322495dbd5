import { stanceColor } from '../colors';
import type { Report, SamplePost } from '../types';

/** The latest posts that pass the filters, pseudonymous, each with the cues that decided its stance. */
export function Samples({ posts, report }: { posts: SamplePost[]; report: Report }) {
  return (
    <section className="panel full" data-testid="samples">
      <h2>
        Latest posts <small>(authors and mentions are keyed pseudonyms)</small>
      </h2>
      {posts.length === 0 && <p className="empty">No post matches these filters.</p>}
      <ul className="posts">
        {posts.map((p) => (
          <li key={`${p.platform}:${p.createdAt}:${p.author}:${p.text.slice(0, 20)}`}>
            <div className="meta">
              <span className="badge" style={{ background: stanceColor(p.stance, report.sides) }}>
                {p.stance.replace('_', ' ')}
              </span>{' '}
              score {p.score.toFixed(2)} · confidence {p.confidence.toFixed(2)} · {p.platform} · {p.lang ?? '?'} · {p.country ?? 'no public location'} · {new Date(p.createdAt).toLocaleString()}
            </div>
            <p className="text">{p.text}</p>
            <div className="why">
              {p.cues.length === 0 ? (
                <span>no cue: the model decided{p.stance === 'neutral' ? ' (or abstained)' : ''}</span>
              ) : (
                p.cues.map((c, i) => (
                  <span key={i} className={`cue ${c.negated ? 'negated' : ''}`} title={`weight ${c.weight}${c.negated ? ', negated' : ''}`}>
                    {c.negated ? 'not ' : ''}
                    {c.cue} → {c.side}
                  </span>
                ))
              )}
              {p.topics.map((t) => (
                <span key={t} className="topic">
                  #{t}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
