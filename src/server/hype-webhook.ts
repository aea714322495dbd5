import type { Question } from '../listen/questions';
import type { AnyHypeAlert, ReportCache } from '../listen/report/cache';

/** How long after a change of the rollups the alerts are checked (a burst of batches is one check). */
const SETTLE_MS = 1000;

/** What the alert is about: its topic, hashtag or phrase. */
const subject = (a: AnyHypeAlert): string => (a.kind === 'topic' ? a.topic : a.term);
const keyOf = (a: AnyHypeAlert): string => `${a.kind}\u0000${subject(a)}\u0000${a.start}`;

/**
 * Sends each new hype alert of a question to a webhook, once: a POST of `{question, alert}` as
 * JSON. Alerts that exist when it starts are history, not news, and are not sent. An alert whose
 * POST fails is tried again at the next check. Alerts (of topics, hashtags and phrases) carry
 * their kind, what they are about and counts only.
 */
export class HypeWebhook {
  private readonly sent = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly reports: ReportCache,
    private readonly question: Question,
    private readonly url: string,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  async start(): Promise<void> {
    for (const a of await this.reports.hype(this.question.id)) this.sent.add(keyOf(a));
    this.reports.on('updated', this.onUpdated);
  }

  stop(): void {
    this.reports.off('updated', this.onUpdated);
    if (this.timer) clearTimeout(this.timer);
  }

  /** Sends the alerts not sent yet; resolves to how many were sent. */
  check(): Promise<number> {
    this.checking = this.checking.then(() => this.sendNew());
    return this.checking;
  }

  private readonly onUpdated = (question: string): void => {
    if (question !== this.question.id || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, SETTLE_MS);
  };


  private async sendNew(): Promise<number> {
    let sent = 0;
    for (const alert of (await this.reports.hype(this.question.id)).filter((a) => !this.sent.has(keyOf(a)))) {
      try {
        const r = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: this.question.id, alert }), signal: AbortSignal.timeout(10_000) });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        this.sent.add(keyOf(alert));
        sent++;
      } catch (error) {
        this.log(`hype webhook: sending the ${alert.kind} ${JSON.stringify(subject(alert))} alert failed (${(error as Error).message}); it is tried again at the next change`);
      }
    }
    return sent;
  }
}
