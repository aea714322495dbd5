import { InputError } from '../../core/errors';
import type { Platform } from './hash';
import { audienceEmail, audiencePhone, sha256Hex } from './hash';
import type { ExportFormat, ExportRequest, ExportResult, ExportStore } from './write';
import { writeExport } from './write';

export interface AudienceRequest extends ExportRequest {
  /** Whose phone format to hash (default 'meta': digits without '+'). */
  readonly platform?: Platform | undefined;
}

/**
 * A custom-audience file for an ad platform: a header (`email_sha256` or `phone_sha256`) and
 * one SHA-256 hex per line of each normalised email or phone of the audience. Only for the
 * email and phone channels; the consent asked is the request's purpose on that channel.
 */
export async function exportAudience(store: ExportStore, req: AudienceRequest): Promise<ExportResult> {
  const channel = req.use.channel;
  if (channel !== 'email' && channel !== 'phone') throw new InputError(`audience file: expected the email or phone channel, found ${channel}`);
  const platform = req.platform ?? 'meta';
  const normalise = channel === 'email' ? audienceEmail : (v: string) => audiencePhone(v, platform);
  const format: ExportFormat = {
    kind: `audience-${channel}-${platform}`,
    header: `${channel}_sha256`,
    lines: (person) => person.points.map(normalise).flatMap((v) => (v ? [sha256Hex(v)] : [])),
  };
  return writeExport(store, req, format);
}
