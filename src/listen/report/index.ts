export type { Breakdown, Report } from './aggregate';
export { MIN_CELL, ReportBuilder } from './aggregate';
export { formatReport } from './format';
export { reportHtml } from './html';
