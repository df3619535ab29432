import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSType from 'exceljs';

/**
 * ExcelJS 4.4's streaming reader decodes every inflated chunk of XML on its own, so a Chinese character whose UTF-8
 * bytes straddle two chunks becomes "���" (about 1 row in 6,000 of a seller export). Its stream iterator (shared
 * strings, styles) is swapped before ExcelJS loads, and the worksheet reader decodes with a StringDecoder per
 * stream. Import ExcelJS from here only.
 */
const require = createRequire(import.meta.url);

async function* utf8(chunks: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let decoded = false;
  for await (const chunk of chunks) {
    if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
      decoded = true;
      const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (text) yield text;
    } else yield chunk;
  }
  if (decoded) {
    const rest = decoder.end();
    if (rest) yield rest;
  }
}

const iteratePath = require.resolve('exceljs/lib/utils/iterate-stream.js');
const iterateStream = require(iteratePath) as ((stream: unknown) => AsyncIterable<unknown>) & { kesuUtf8?: boolean };
if (!iterateStream.kesuUtf8) {
  const cached = require.cache[iteratePath];
  if (cached) cached.exports = Object.assign((stream: unknown) => utf8(iterateStream(stream)), { kesuUtf8: true });
}
const WorksheetReader = require('exceljs/lib/stream/xlsx/worksheet-reader.js') as {
  prototype: { parse(): AsyncGenerator<unknown>; iterator: AsyncIterable<unknown>; kesuUtf8?: boolean };
};
if (!WorksheetReader.prototype.kesuUtf8) {
  const parse = WorksheetReader.prototype.parse;
  WorksheetReader.prototype.parse = function parseUtf8() {
    this.iterator = utf8(this.iterator);
    return parse.call(this);
  };
  WorksheetReader.prototype.kesuUtf8 = true;
}

export const ExcelJS = require('exceljs') as typeof ExcelJSType;
