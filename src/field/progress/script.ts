import type { Script } from '../campaigns';

/**
 * The questions of a campaign script as the answer tables see them: each with the options a door's
 * answer is counted under — the script's options for `single` and `multiple`, one per whole value
 * from min to max for a `scale` (the script module caps a scale at 100 steps).
 */

export interface TableQuestion {
  readonly id: string;
  readonly kind: Script['questions'][number]['kind'];
  readonly text: string;
  readonly options: readonly { readonly id: string; readonly label: string }[];
}

export function tableQuestions(script: Script): TableQuestion[] {
  return script.questions.map((q) => {
    if (q.kind === 'single' || q.kind === 'multiple') return { id: q.id, kind: q.kind, text: q.text, options: q.options.map((o) => ({ id: o.id, label: o.label })) };
    if (q.kind === 'text') return { id: q.id, kind: q.kind, text: q.text, options: [] };
    const values = Array.from({ length: Math.max(0, q.max - q.min + 1) }, (_, i) => String(q.min + i));
    return { id: q.id, kind: q.kind, text: q.text, options: values.map((v) => ({ id: v, label: v })) };
  });
}
