export type { AreaInput } from './areas';
export { areaId, areasFromStations, areasOfSample, groupStationsByDoors, PERSONS_PER_DOOR, saveAreas } from './areas';
export type { LinkOptions, LinkSummary } from './link';
export { DEFAULT_MAX_KM, linkAddresses, refreshAreaIds } from './link';
export type { AreaAddress, AreaListing } from './list';
export { areaAddresses, listAreas, readAreasCsv } from './list';
export { NearestIndex } from './nearest';
export type { StationImportSummary, StationRow } from './stations';
export { importStations, saveStations, stationPlaces } from './stations';
