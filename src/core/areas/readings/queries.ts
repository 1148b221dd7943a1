// Meters and readings as other areas read them: a meter and its line settings, and which
// readings count (trusted) for bills and reports.
import { and, eq, isNull, or } from 'drizzle-orm';
import { AppError, type LineSettings } from '../../../contract';
import type { QueryContext } from '../../context';
import { devices, type meterLinks, meterReadings, readingReviews } from '../../db/schema';

type LinkRow = typeof meterLinks.$inferSelect;

/** docs/domain.md §9.2 and §9.3: the line each protocol starts on when nothing else is said. */
const PROTOCOL_LINES: Record<LinkRow['protocol'], LineSettings> = {
  'modbus-rtu': { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  'iec62056-21': { baud: 300, dataBits: 7, parity: 'even', stopBits: 1 },
  dlt645: { baud: 2400, dataBits: 8, parity: 'even', stopBits: 1 },
};

export function loadMeter(ctx: QueryContext, deviceId: string, field = 'deviceId') {
  const device = ctx.db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), isNull(devices.deletedAt)))
    .get();
  if (!device) {
    throw new AppError('VALIDATION', 'That device does not exist (or was deleted).', {
      issues: [{ field, message: 'does not exist' }],
    });
  }
  if (device.kind !== 'meter') {
    throw new AppError(
      'VALIDATION',
      `${device.serial} is not a meter; only meters have readings.`,
      {
        issues: [{ field, message: 'is not a meter' }],
      },
    );
  }
  return device;
}

export function effectiveLine(ctx: QueryContext, link: LinkRow): LineSettings {
  const base = { ...PROTOCOL_LINES[link.protocol] };
  if (link.protocol === 'modbus-rtu' && link.profileId) {
    const profile = ctx.meterProfiles().profiles.find((p) => p.id === link.profileId);
    if (profile) {
      base.baud = profile.defaults.baud;
      base.dataBits = profile.defaults.dataBits;
      base.parity = profile.defaults.parity;
      base.stopBits = profile.defaults.stopBits;
    }
  }
  return {
    baud: link.baud ?? base.baud,
    dataBits: (link.dataBits ?? base.dataBits) === 7 ? 7 : 8,
    parity: link.parity ?? base.parity,
    stopBits: (link.stopBits ?? base.stopBits) === 2 ? 2 : 1,
  };
}

/**
 * Trusted readings count for consumption and billing: never rejected, and either not flagged or
 * flagged and accepted. Needs `reading_reviews` left-joined. The one place this rule is written.
 */
export const trusted = and(
  or(isNull(readingReviews.decision), eq(readingReviews.decision, 'accepted')),
  or(isNull(meterReadings.flag), eq(readingReviews.decision, 'accepted')),
);
