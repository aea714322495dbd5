export type { TransferInput, TransferMethod, TransferResult } from './transfers/types';
export { TRANSFER_METHODS } from './transfers/types';
