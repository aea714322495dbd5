/** The shapes the API answers with (see /api/openapi.json and the README's "The HTTP API"). */
export interface Breakdown {
  key: string;
  posts: number;
  shareOfActivity: number;
  decided: number;
  shareB: number | null;
  ci95B: [number, number] | null;
}

export interface Report {
  question: string;
  sides: [string, string];
  posts: number;
  decided: number;
  share: Record<string, number>;
  ci95: Record<string, [number, number]>;
  averageStrength: number;
  byCountry: Breakdown[];
  byTopic: { topic: string; posts: number; themeSentiment: number }[];
  byDay: Breakdown[];
  byLanguage: Breakdown[];
  byStance: Record<string, number>;
  minCell: number;
}

export interface Headline {
  question: string;
  posts: number;
  decided: number;
  share: Record<string, number>;
  ci95: Record<string, [number, number]>;
  version: number;
}

export interface SamplePost {
  platform: string;
  createdAt: string;
  author: string | null;
  text: string;
  lang: string | null;
  country: string | null;
  stance: string;
  score: number;
  confidence: number;
  sentiment: number | null;
  cues: { cue: string; side: string; weight: number; negated: boolean }[];
  topics: string[];
}

export interface HypeAlert {
  topic?: string;
  kind?: string;
  term?: string;
  start: string;
  peak: string;
  peakCount: number;
  baseline: number;
  z: number;
  magnitude: number;
}
