export type { AddressFormat, Layout } from './columns';
export { ADDRESS_FORMATS, detectFormat, layoutOf } from './columns';
export type { AddressRow, BadAddressLine, ParsedAddress } from './parse';
export { houseNumber, parseAddress } from './parse';
export type { AddressSource, ReadAddressOptions } from './read';
export { readAddresses, readAllAddresses } from './read';
export type { AddressImportCounts, AddressImportOptions, AddressImportSummary } from './import';
export { importAddresses } from './import';
