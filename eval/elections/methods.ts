import { goodman } from '../../src/elections/transfers/goodman';
import { lp } from '../../src/elections/transfers/lp';
import { mdBayes, type MdBayesOptions } from '../../src/elections/transfers/md-bayes/index';
import type { TransferInput, TransferResult } from '../../src/elections/transfers/types';

export interface Method {
  readonly name: string;
  run(input: TransferInput): Promise<TransferResult>;
}

/** The estimators the harness compares; md-bayes with the given sampler options. */
export function methods(md: MdBayesOptions): Method[] {
  return [
    { name: 'goodman', run: async (input) => goodman(input) },
    { name: 'lp', run: async (input) => lp(input) },
    { name: 'md-bayes', run: (input) => mdBayes(input, md) },
  ];
}
