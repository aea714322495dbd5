/** Canvassers and teams: who canvasses, which team mirrors each district, who walks which turf. */
export { assignTeams } from './assign';
export type { Assignment, SaveAssignments } from './assignments';
export { activeAssignmentsOf, campaignAssignments, endAssignment, saveAssignments } from './assignments';
export type { Canvasser, CanvasserChange } from './canvassers';
export { checkAttributes, getCanvasser, listCanvassers, setCanvasser } from './canvassers';
export type { PlanTeams, TeamPlan } from './plan';
export { applyTeams, planTeams } from './plan';
export { assignmentEndedEntry, canvasserSetEntry, teamsAppliedEntry } from './audit';
export type { AreaPopulation, PopulationFile } from './population';
export { parsePopulationFile, populationFromPeople } from './population';
export type { AssignInput, AssignResult, CanvasserInput, DistrictInput, Team, TeamTurf } from './types';
export { TVD_GOAL } from './types';
