/**
 * A streaming multipart/form-data reader for the fake's POST /assets: text fields are kept, file parts are only
 * counted, so an upload of any size costs the fake a few chunks of memory.
 */

export interface FormFile {
  /** The form field's name (the SDK's is "file"). */
  field: string;
  filename: string;
  contentType: string;
  bytes: number;
}

export interface FormData {
  /** Text fields by name (the first of each). */
  fields: Partial<Record<string, string>>;
  files: FormFile[];
}

/** Longer text fields are refused: they are names and URLs, and this keeps a bad client from filling the heap. */
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export class FormDataError extends Error {}

/** The boundary of a `multipart/form-data; boundary=...` Content-Type; undefined for any other type. */
export function formBoundary(contentType: string | undefined): string | undefined {
  const pattern = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^;\s]+))/i;
  const [, quoted, bare] = (pattern.exec(contentType ?? '') ?? []) as (string | undefined)[];
  return quoted ?? bare;
}

function parameter(header: string, name: string): string | undefined {
  const pattern = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i');
  const [, quoted, bare] = (pattern.exec(header) ?? []) as (string | undefined)[];
  return quoted === undefined ? bare : quoted.replace(/\\(.)/g, '$1');
}

interface Part {
  name: string;
  file?: FormFile;
  text: Buffer[];
  textBytes: number;
}

function startPart(rawHeaders: string): Part {
  const headers = new Map<string, string>();
  for (const line of rawHeaders.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = parameter(disposition, 'name');
  if (!/^form-data\s*(;|$)/i.test(disposition) || name === undefined) {
    throw new FormDataError('a part without a form-data Content-Disposition and name');
  }
  const filename = parameter(disposition, 'filename');
  const contentType = headers.get('content-type') ?? 'text/plain';
  return {
    name,
    text: [],
    textBytes: 0,
    ...(filename !== undefined && { file: { field: name, filename, contentType, bytes: 0 } }),
  };
}

function addToPart(part: Part, data: Buffer): void {
  if (data.length === 0) return;
  if (part.file) {
    part.file.bytes += data.length;
    return;
  }
  part.textBytes += data.length;
  if (part.textBytes > MAX_FIELD_BYTES)
    throw new FormDataError(`the field ${part.name} is over ${MAX_FIELD_BYTES} bytes`);
  part.text.push(Buffer.from(data)); // a copy: `data` is a view of the chunk being read
}

/**
 * Reads the whole body. Throws FormDataError when it is not multipart/form-data with this boundary (a missing
 * closing delimiter included); a stream error (the client went away) is rethrown as is.
 */
export async function readFormData(body: AsyncIterable<Buffer>, boundary: string): Promise<FormData> {
  // A CRLF ahead of the body makes the first delimiter look like every other one.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const form: FormData = { fields: {}, files: [] };
  let pending: Buffer = CRLF;
  let state: 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let part: Part | undefined;

  const finishPart = (current: Part): void => {
    if (current.file) form.files.push(current.file);
    else form.fields[current.name] ??= Buffer.concat(current.text).toString('utf8');
  };

  for await (const chunk of body) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let progressed = true; progressed;) {
      progressed = false;
      if (state === 'preamble' || state === 'body') {
        const at = pending.indexOf(delimiter);
        // Without a delimiter, all but a possible start of one is part data (or preamble, dropped).
        const usable = at >= 0 ? at : Math.max(0, pending.length - delimiter.length + 1);
        if (part) addToPart(part, pending.subarray(0, usable));
        pending = pending.subarray(at >= 0 ? at + delimiter.length : usable);
        if (at >= 0) {
          if (part) finishPart(part);
          part = undefined;
          state = 'afterDelimiter';
          progressed = true;
        }
      } else if (state === 'afterDelimiter' && pending.length >= 2) {
        const next = pending.subarray(0, 2).toString('latin1');
        if (next === '--') state = 'done';
        else if (next === '\r\n') state = 'headers';
        else throw new FormDataError('a delimiter followed by neither CRLF nor --');
        pending = pending.subarray(2);
        progressed = state === 'headers';
      } else if (state === 'headers') {
        const end = pending.indexOf(HEADER_END);
        if (end < 0 && pending.length > MAX_HEADER_BYTES) throw new FormDataError('part headers too long');
        if (end >= 0) {
          part = startPart(pending.subarray(0, end).toString('utf8'));
          pending = pending.subarray(end + HEADER_END.length);
          state = 'body';
          progressed = true;
        }
      }
    }
    if (state === 'done') pending = Buffer.alloc(0); // the epilogue is ignored
  }
  if (state !== 'done') throw new FormDataError('the body ends before the closing delimiter');
  return form;
}
