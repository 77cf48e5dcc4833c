/**
 * Images the demo servers make at start for hostile and edge cases, so no odd binary is committed:
 * an EXIF-rotated copy (pixels stored turned, orientation tag turning them back), a decompression bomb (a valid
 * PNG header declaring 30000x30000 pixels with a few kB of data), a tiny icon, a small inline data: URL, a
 * partly redrawn copy of a demo work, a recoloured one and one with a logo added in a corner.
 */
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface TestImages {
  /** chelsea.jpg stored rotated 90 degrees clockwise with EXIF orientation 8, so it displays upright. */
  exifRotated: Buffer;
  /** 30000x30000 RGB PNG header, then the first rows only: a few kB on the wire, 2.7 GB if fully decoded. */
  bomb: Buffer;
  /** An 8x8 PNG: an icon, never reported. */
  tiny: Buffer;
  /** A 240 px copy of a demo image as a data: URL (name -> URL). */
  dataUrls: Record<string, string>;
  /** astronaut.jpg with its bottom-right quarter redrawn (a flat-shaded patch): a partly redrawn copy. */
  redrawn: Buffer;
  /** chelsea.jpg with its saturation halved: the same picture, its colours changed. */
  recoloured: Buffer;
  /** astronaut.jpg with an opaque "STOCK" badge in its top-left corner: a mark added (the matcher's 'marked'). */
  marked: Buffer;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function pngBomb(side = 30_000, rows = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const idat = deflateSync(Buffer.alloc(rows * (1 + side * 3)), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

let made: Promise<TestImages> | undefined;

export function testImages(demoDir: string): Promise<TestImages> {
  made ??= (async () => {
    const chelsea = await readFile(`${demoDir}images/chelsea.jpg`);
    // rotate(90) turns the pixels clockwise; orientation 8 tells viewers to turn them 90 degrees back.
    const turned = await sharp(chelsea).rotate(90).jpeg({ quality: 92 }).toBuffer();
    const exifRotated = await sharp(turned).withMetadata({ orientation: 8 }).jpeg({ quality: 92 }).toBuffer();
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const dataUrls: Record<string, string> = {};
    for (const name of ['starry-night', 'coffee']) {
      const small = await sharp(await readFile(`${demoDir}images/${name}.jpg`)).resize(240).jpeg({ quality: 85 }).toBuffer();
      dataUrls[name] = `data:image/jpeg;base64,${small.toString('base64')}`;
    }
    const astronaut = sharp(await readFile(`${demoDir}images/astronaut.jpg`));
    const { width, height } = await astronaut.metadata();
    const [w, h] = [Math.round(width! / 2), Math.round(height! / 2)];
    const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="rgb(200,180,40)"/><circle cx="${w / 2}" cy="${h / 3}" r="${h / 3}" fill="rgb(20,90,200)"/></svg>`;
    const redrawn = await astronaut.composite([{ input: Buffer.from(patch), left: w, top: h }]).jpeg({ quality: 85 }).toBuffer();
    const recoloured = await sharp(chelsea).modulate({ saturation: 0.5 }).jpeg({ quality: 85 }).toBuffer();
    // A quarter of the width, 15% of the height, 3% in from the corner: tests/unit/hints-marks.test.ts's badge.
    const [bw, bh, m] = [Math.round(width! / 4), Math.round(height! * 0.15), Math.round(width! * 0.03)];
    const badge = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="${m}" y="${m}" width="${bw}" height="${bh}" rx="${m}" fill="#c0162c"/><text x="${m + bw / 2}" y="${m + bh * 0.68}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${Math.round(bh / 2)}" fill="white">STOCK</text></svg>`;
    const marked = await sharp(await readFile(`${demoDir}images/astronaut.jpg`)).composite([{ input: Buffer.from(badge) }]).jpeg({ quality: 85 }).toBuffer();
    return { exifRotated, bomb: pngBomb(), tiny, dataUrls, redrawn, recoloured, marked };
  })();
  return made;
}
