export type { ResultCode } from './results';
export { isResultCode, RESULT_CODES } from './results';
export type { Script, ScriptConsent, ScriptQuestion } from './script';
export { parseScript, pathOf } from './script';
export type { Campaign, CampaignStore, CreateCampaign } from './store';
export { bumpedVersion, campaignsById, createCampaign, getCampaign, listCampaigns, requireCampaign, updateScript } from './store';
