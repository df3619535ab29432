import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface MailSource {
  name: string;
  bytes: Buffer;
}

/**
 * The messages in a path: one .eml file, every .eml in a directory (sorted, not recursive), or an mbox file
 * (mboxrd: messages start at "From " lines; ">From " escapes are undone).
 */
export async function* readMailSources(path: string): AsyncGenerator<MailSource> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => /\.(eml|msg|txt)$/i.test(n)).sort();
    for (const n of names) yield { name: n, bytes: await readFile(join(path, n)) };
    return;
  }
  const bytes = await readFile(path);
  if (bytes.subarray(0, 5).toString('latin1') === 'From ') {
    let i = 0;
    for (const message of splitMbox(bytes)) yield { name: `${basename(path)}#${++i}`, bytes: message };
    return;
  }
  yield { name: basename(path), bytes };
}

export function splitMbox(mbox: Buffer): Buffer[] {
  const text = mbox.toString('latin1');
  const starts: number[] = [];
  const re = /(^|\n)From [^\n]*\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[1]!.length);
  return starts.map((start, k) => {
    const headerEnd = text.indexOf('\n', start) + 1;
    const end = k + 1 < starts.length ? starts[k + 1]! : text.length;
    const body = text
      .slice(headerEnd, end)
      .replace(/\r?\n$/, '\n')
      .replace(/^>(>*From )/gm, '$1');
    return Buffer.from(body, 'latin1');
  });
}
