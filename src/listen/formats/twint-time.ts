import { RecordError } from '../../core/errors';
import { parseIsoTime } from '../../core/iso-time';
import { parseTime } from '../text';
import { snowflakeTime } from './tweet-ids';
import { describeValue, requireTime } from './types';

/**
 * twint's times: epoch milliseconds (before 2020), or the scraping machine's local time with the
 * name of its zone then ("2019-06-01 12:34:56 CEST", as Python's %Z writes it: "UTC", "+03" where
 * the zone has no abbreviation). Its `timezone` column is the machine's offset on the day it
 * scraped, not on the tweet's day (a winter tweet scraped in summer is an hour off): it is read last.
 */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\s*(\S.*))?$/;

/**
 * Zone abbreviations, in minutes east of UTC, for tweets older than their ids' times (before
 * November 2010). Those that name several offsets commonly (IST: India, Ireland or Israel; CST:
 * Central or China; AST) are left out.
 */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/** Minutes east of UTC of a zone as twint writes it: "+0200", "+02", "-05:30", "UTC+1", or a name above; null when unknown. */
export function zoneOffset(zone: string): number | null {
  const z = zone.trim();
  const numeric = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return minutes > 14 * 60 ? null : (numeric[1] === '-' ? -1 : 1) * minutes;
  }
  return ZONES[z.toUpperCase()] ?? null;
}

/** The local date and time at `offset` minutes east of UTC, as epoch milliseconds; NaN when the calendar lacks it. */
function atOffset(date: string, time: string, offset: number): number {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return parseIsoTime(`${date}T${time}${zone}`) ?? NaN;
}

/**
 * The time of a tweet from twint's `value` (created_at, retweet_date). A local time whose zone is
 * not known, or not written, takes the time the tweet's id holds (every id since November 2010
 * holds it, to the millisecond), then the `timezone` column; else the record is bad.
 */
export function twintTime(value: string | number, timezone: string | number | null | undefined, id: string, field: string): number {
  const local = typeof value === 'string' ? LOCAL_TIME.exec(value.trim()) : null;
  // Epoch milliseconds, a Twitter date, an ISO time with its zone.
  if (!local) return requireTime(parseTime(value), value, field);
  const [, date, time, zone] = local as unknown as [string, string, string, string | undefined];
  // A tweet's id from November 2010 on holds its time, to the millisecond: it wins over a zone's
  // name, which tzdata gives several places (PST: the Pacific and Manila; CDT: Chicago and Havana).
  const fromId = snowflakeTime(id);
  if (fromId !== null) return requireTime(fromId, value, field);
  const offset = zone === undefined ? null : zoneOffset(zone);
  if (offset !== null) return requireTime(atOffset(date, time, offset), value, field);
  const machine = timezone === null || timezone === undefined ? null : zoneOffset(String(timezone));
  if (machine !== null) return requireTime(atOffset(date, time, machine), value, field);
  const named = zone === undefined ? 'no zone' : /^[\w+\-:. ]{1,40}$/.test(zone) ? `the zone ${JSON.stringify(zone)}` : describeValue(zone);
  throw new RecordError(`${field}: expected a time with its zone (UTC, CEST, +0200, …) or a tweet id from November 2010 on, found a local time with ${named}`);
}
