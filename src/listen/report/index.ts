export type { Breakdown, Report } from './aggregate';
export { MIN_CELL, ReportBuilder } from './aggregate';
export { formatReport } from './format';
export { reportHtml } from './html';
export type { ReportFilter } from './filter';
export { filterCells } from './filter';
export { reportFromStore } from './build';
