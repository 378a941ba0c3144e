/**
 * The auditor's export: every event matching the filters as CSV (RFC 4180),
 * with the hash chain fields so the file can be re-verified offline. A UTF-8
 * byte-order mark makes spreadsheet programs read the Chinese correctly.
 */
import type { HubEvent } from '../../types.js';

export interface ExportedEvent extends HubEvent {
  hash: string;
  prevHash: string;
}

export const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'role',
  'dept',
  'type',
  'entityId',
  'prev',
  'data',
  'prevHash',
  'hash',
] as const;

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function eventsToCsv(events: ExportedEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      [
        e.seq,
        e.at,
        e.actor,
        e.actorInfo?.role ?? '',
        e.actorInfo?.dept ?? '',
        e.type,
        e.entityId,
        e.prev,
        e.data,
        e.prevHash,
        e.hash,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
