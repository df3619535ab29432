import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../domain/errors.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = (reason: string) => new AppError('IMPORT_FILE_UNREADABLE', { reason });

/**
 * Checks that an XLSX file's zip is whole before ExcelJS streams it: a workbook with a damaged deflate stream
 * makes ExcelJS's streaming reader wait forever (found by fuzzing: the upload never got an answer). Every entry
 * is inflated once here — native zlib, well under a second for the 50 MB limit — with its size capped, so a
 * zip bomb is refused too.
 */
export function checkZip(bytes: Buffer, maxInflatedBytes: number): void {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length || bytes.readUInt32LE(eocd) !== EOCD) throw unreadable('zip truncated');
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw unreadable('zip directory damaged');
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) throw unreadable('zip entry damaged');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) throw unreadable('zip truncated');
    total += size;
    if (total > maxInflatedBytes) throw unreadable('zip inflates too large');
    if (method === 0) continue;
    if (method !== 8) throw unreadable('zip compression not supported');
    let out: Buffer;
    try {
      out = inflateRawSync(bytes.subarray(start, start + compressed), { maxOutputLength: Math.max(size, 1) });
    } catch {
      throw unreadable('zip entry damaged');
    }
    if (out.length !== size) throw unreadable('zip entry damaged');
  }
}
