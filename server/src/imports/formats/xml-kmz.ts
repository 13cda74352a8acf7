// TEMPORARY: a minimal zip reader (yauzl) for KMZ and for sniffing zip contents, with the same
// signatures as zip.ts (`listZip`, `readZipEntry`). zip.ts owns zip safety (bombs, slips, symlinks);
// once it is on main, sniff.ts and xml.ts import from './zip.js' and this file goes. Until then it
// refuses what it must: entries over the byte cap or the compression ratio, and more bytes than declared.
import yauzl from 'yauzl';
import { FormatProblem, type FormatLimits } from './types.js';

function open(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(new FormatProblem('invalid', `The ZIP archive cannot be read: ${err?.message ?? 'unknown error'}.`));
      else resolve(zip);
    });
  });
}

async function entries(path: string, visit: (zip: yauzl.ZipFile, e: yauzl.Entry) => Promise<boolean>): Promise<void> {
  const zip = await open(path);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(new FormatProblem('invalid', `The ZIP archive cannot be read: ${err.message}.`)));
      zip.on('end', () => resolve());
      zip.on('entry', (e: yauzl.Entry) => {
        visit(zip, e).then((more) => (more ? zip.readEntry() : resolve()), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** The names of the files in the archive (folders left out). */
export async function listZip(path: string, _limits: FormatLimits): Promise<string[]> {
  const names: string[] = [];
  await entries(path, async (_zip, e) => {
    if (!e.fileName.endsWith('/')) names.push(e.fileName);
    return names.length < 100_000;
  });
  return names;
}

/** One entry's bytes, refused over `maxBytes` or over the compression ratio, and never more than it declares. */
export async function readZipEntry(path: string, name: string, maxBytes: number, limits: FormatLimits): Promise<Buffer> {
  let out: Buffer | null = null;
  await entries(path, async (zip, e) => {
    if (e.fileName !== name) return true;
    if (e.uncompressedSize > maxBytes) {
      throw new FormatProblem('too-large', `${name} holds ${e.uncompressedSize.toLocaleString('en')} bytes; at most ${maxBytes.toLocaleString('en')} are read.`, `entry ${name}`);
    }
    if (e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > limits.maxZipRatio) {
      throw new FormatProblem('invalid', `${name} is compressed ${Math.round(e.uncompressedSize / e.compressedSize)} times; more than ${limits.maxZipRatio} is refused as a zip bomb.`, `entry ${name}`);
    }
    out = await new Promise<Buffer>((resolve, reject) => {
      zip.openReadStream(e, (err, stream) => {
        if (err || !stream) { reject(new FormatProblem('invalid', `${name} cannot be read from the archive: ${err?.message ?? 'unknown error'}.`, `entry ${name}`)); return; }
        const parts: Buffer[] = [];
        let n = 0;
        stream.on('data', (b: Buffer) => {
          n += b.length;
          // yauzl checks the declared size too; this is the belt to its braces
          if (n > maxBytes) { stream.destroy(); reject(new FormatProblem('too-large', `${name} is larger than ${maxBytes.toLocaleString('en')} bytes.`, `entry ${name}`)); return; }
          parts.push(b);
        });
        stream.on('error', (e2: Error) => reject(new FormatProblem('invalid', `${name} cannot be read from the archive: ${e2.message}.`, `entry ${name}`)));
        stream.on('end', () => resolve(Buffer.concat(parts)));
      });
    });
    return false;
  });
  if (!out) throw new FormatProblem('invalid', `The archive holds no ${name}.`, `entry ${name}`);
  return out;
}
