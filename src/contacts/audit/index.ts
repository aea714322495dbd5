export type { AuditEntry, AuditFields, AuditHead, ChainFailure, ChainProblem, ChainResult, ChainState } from './chain';
export { CHAIN_START, checkEntry, checkHead, checkPin, describeChain, parsePin, entryHash, GENESIS, isFailure, verifyChain } from './chain';
export { assertNoPersonalData } from './guard';
export type { AuditInput, RecordedHead } from './log';
export { appendAudit, appendAuditMany, HEAD_KEY, openSealedLog, readHead, SEALED_FROM_KEY } from './log';
export { SEAL_PURPOSE, sealKeyOf, sealOf } from './seal';
export type { AuditQuery, AuditRecord, VerifyOptions } from './read';
export { MAX_LIST, readAudit, VERIFY_PAGE, verifyAudit } from './read';
