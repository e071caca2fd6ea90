import { HistoryEntry } from './deletionRecord';

// Export Deletion History: the entries as JSON (for tools) or CSV (for spreadsheets).

/** The entry's fields in one fixed order, whatever order the entry's object has them in. */
function ordered(entry: HistoryEntry): HistoryEntry {
  const { id, time, operation, outcome, outcomeTime, error, kind, indexId, indexName, indexedAssetId } = entry;
  const { assetId, filename, durationSec, userMetadata, userMetadataUnknown, restored } = entry;
  return {
    id,
    time,
    operation: { id: operation.id, kind: operation.kind, label: operation.label, startedAt: operation.startedAt },
    outcome,
    outcomeTime,
    error,
    kind,
    indexId,
    indexName,
    indexedAssetId,
    assetId,
    filename,
    durationSec,
    userMetadata,
    userMetadataUnknown,
    restored: restored && { time: restored.time, indexedAssetId: restored.indexedAssetId },
  };
}

/** A pretty JSON array; absent fields are left out. */
export function historyAsJson(entries: readonly HistoryEntry[]): string {
  return JSON.stringify(entries.map(ordered), undefined, 2) + '\n';
}

const CSV_COLUMNS: readonly [string, (entry: HistoryEntry) => string | number | undefined][] = [
  ['time', (e) => e.time],
  ['operation', (e) => e.operation.label],
  ['operation_kind', (e) => e.operation.kind],
  ['outcome', (e) => e.outcome],
  ['error', (e) => e.error],
  ['index_id', (e) => e.indexId],
  ['index_name', (e) => e.indexName],
  ['indexed_asset_id', (e) => e.indexedAssetId],
  ['asset_id', (e) => e.assetId],
  ['filename', (e) => e.filename],
  ['duration_sec', (e) => e.durationSec],
  ['user_metadata', (e) => e.userMetadata && JSON.stringify(e.userMetadata)],
  ['restored_at', (e) => e.restored?.time],
  ['restored_as', (e) => e.restored?.indexedAssetId],
];

/** RFC 4180 quoting; a text a spreadsheet would run as a formula gets a leading ' to stay text. */
function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header and one row per entry, CRLF line ends. */
export function historyAsCsv(entries: readonly HistoryEntry[]): string {
  const rows = [CSV_COLUMNS.map(([name]) => name), ...entries.map((e) => CSV_COLUMNS.map(([, cell]) => cell(e)))];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
