// A local video to upload: checked once before anything is sent, and read in ranges that notice
// when the file changes under the upload.
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { TwelveLabsError } from '../api/errors';
import { UPLOAD_MAX_BYTES } from './limits';

export interface LocalVideo {
  path: string;
  filename: string;
  size: number;
  mtimeMs: number;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  wmv: 'video/x-ms-wmv',
  flv: 'video/x-flv',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  '3gp': 'video/3gpp',
  ogv: 'video/ogg',
  m2ts: 'video/mp2t',
};

/**
 * Each read from disk, and so each piece handed down the upload’s streams and to the socket. At the
 * default 64 KiB, those few layers of streams cost more CPU than the bytes themselves (bench (f)).
 */
const READ_PIECE_BYTES = 256 * 1024;

function refused(message: string): TwelveLabsError {
  return new TwelveLabsError({ kind: 'invalidInput', message });
}

/** Stats the file and refuses, with a message that says why, what cannot be uploaded. */
export async function openLocalVideo(filePath: string): Promise<LocalVideo> {
  const filename = path.basename(filePath);
  let stats: fs.Stats;
  try {
    stats = await fs.promises.stat(filePath);
  } catch {
    throw refused(l10n.t('“{0}” could not be read: it may have been moved or deleted.', filename));
  }
  if (!stats.isFile()) {
    throw refused(l10n.t('“{0}” is a folder or a device, not a video file.', filename));
  }
  if (stats.size === 0) {
    throw refused(l10n.t('“{0}” is empty (0 bytes).', filename));
  }
  if (stats.size > UPLOAD_MAX_BYTES) {
    throw refused(l10n.t('“{0}” is larger than the 10 GB TwelveLabs accepts.', filename));
  }
  const extension = path.extname(filename).slice(1).toLowerCase();
  return {
    path: filePath,
    filename,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
  };
}

export function fileChanged(video: LocalVideo): TwelveLabsError {
  return new TwelveLabsError({
    kind: 'fileChanged',
    message: l10n.t(
      '“{0}” changed, moved or was deleted while it was being uploaded, so the upload stopped. Add it again to upload it as it is now.',
      video.filename,
    ),
  });
}

/** Fails with `fileChanged` unless the file is as it was checked: the same size and modification time. */
async function checkUnchanged(video: LocalVideo): Promise<void> {
  const stats = await fs.promises.stat(video.path).catch(() => undefined);
  if (stats?.size !== video.size || stats.mtimeMs !== video.mtimeMs) {
    throw fileChanged(video);
  }
}

/**
 * The bytes [start, end) of the file, streamed; nothing is opened until the first read. The range's
 * last piece is held back until the file is found unchanged, so a receiver never gets a whole range
 * of a file that changed: the stream fails with a `fileChanged` error instead. `onPiece` hears the
 * size of each piece as it is handed on: counting here, not in another stream around this one,
 * saves that stream's CPU for every piece (bench (f)).
 */
export function readRange(video: LocalVideo, start: number, end: number, onPiece?: (bytes: number) => void): Readable {
  async function* checked(): AsyncGenerator<Buffer> {
    let read = 0;
    let held: Buffer | undefined;
    try {
      for await (const piece of fs.createReadStream(video.path, {
        start,
        end: end - 1,
        highWaterMark: READ_PIECE_BYTES,
      })) {
        read += (piece as Buffer).length;
        if (held !== undefined) {
          onPiece?.(held.length);
          yield held;
        }
        held = piece as Buffer;
      }
    } catch {
      throw fileChanged(video);
    }
    if (read !== end - start) {
      throw fileChanged(video);
    }
    await checkUnchanged(video);
    if (held !== undefined) {
      onPiece?.(held.length);
      yield held;
    }
  }
  return Readable.from(checked(), { objectMode: false });
}

/**
 * Hands the bytes [start, end) of the file to `send`, a piece at a time, read into the same two
 * Buffers over and over: `send` resolves once its piece has gone out, and that Buffer is read into
 * again while the other one goes. A read stream makes a new Buffer for every piece instead, and with
 * several chunks in flight that memory made V8 collect its heap every 50 ms (bench (f)). The last
 * piece is sent only once the file is found unchanged; otherwise this fails with `fileChanged`, and
 * a rejection from `send` ends it with that rejection.
 */
export async function sendRange(
  video: LocalVideo,
  start: number,
  end: number,
  send: (piece: Buffer) => Promise<void>,
): Promise<void> {
  const file = await fs.promises.open(video.path, 'r').catch(() => {
    throw fileChanged(video);
  });
  const pieceBytes = Math.min(READ_PIECE_BYTES, end - start);
  const buffers = [Buffer.allocUnsafe(pieceBytes), Buffer.allocUnsafe(pieceBytes)];
  const going = [Promise.resolve(), Promise.resolve()];
  try {
    for (let at = start, turn = 0; at < end; turn = 1 - turn) {
      await going[turn];
      const { bytesRead } = await file
        .read(buffers[turn], 0, Math.min(pieceBytes, end - at), at)
        .catch(() => ({ bytesRead: 0 }));
      if (bytesRead === 0) {
        throw fileChanged(video);
      }
      at += bytesRead;
      if (at === end) {
        await checkUnchanged(video);
      }
      going[turn] = send(buffers[turn].subarray(0, bytesRead));
      // Awaited at its turn; meanwhile a read that fails must not leave its rejection unhandled.
      going[turn].catch(() => undefined);
    }
    await Promise.all(going);
  } finally {
    await file.close();
  }
}
