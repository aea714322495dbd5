import { describe, expect, it } from 'vitest';
import { planOf } from './normalise-row';

describe('planOf', () => {
  it('maps columns by own keys only: columns named like Object.prototype members are ignored, not crashed on', () => {
    const header = ['email', 'constructor', 'toString', 'hasOwnProperty', 'first_name'];
    const plan = planOf({ columns: { email: 'email', first_name: 'given' }, country: 'FR', tagSeparator: '|' } as never, header, true);
    expect(plan.emails).toEqual([0]);
    expect(plan.single).toEqual({ given: 4 });
    expect([plan.fields, plan.consents, plan.phones]).toEqual([[], [], []]);
  });
});
