// Draws media/icon.png (the Marketplace wants a PNG of at least 128×128): two task lanes whose steps are
// joined in lockstep. Kept as code so the icon can be changed and rebuilt: `node media/icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 256;
const samples = 4; // per axis, for anti-aliased edges

const background = [31, 41, 55];
const lane = [148, 163, 184];
const step = [96, 165, 250];
const held = [251, 191, 36];

const laneX = [88, 168];
const stepY = [72, 128, 184];

/** Signed distance to a rounded rectangle centred at (cx, cy). */
function roundedRect(x, y, cx, cy, halfWidth, halfHeight, radius) {
  const dx = Math.abs(x - cx) - halfWidth + radius;
  const dy = Math.abs(y - cy) - halfHeight + radius;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
}

const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

/** The colour at a point, or undefined outside the icon; later shapes paint over earlier ones. */
function colourAt(x, y) {
  if (roundedRect(x, y, size / 2, size / 2, size / 2, size / 2, 48) > 0) return undefined;
  let colour = background;
  for (const cx of laneX) if (roundedRect(x, y, cx, size / 2, 5, 92, 5) <= 0) colour = lane;
  stepY.forEach((cy, index) => {
    const colourOfStep = index === 1 ? held : step; // one step highlighted: the moment the lanes meet
    if (roundedRect(x, y, size / 2, cy, (laneX[1] - laneX[0]) / 2, 6, 6) <= 0) colour = colourOfStep;
    for (const cx of laneX) if (circle(x, y, cx, cy, 18) <= 0) colour = colourOfStep;
  });
  return colour;
}

function render() {
  const pixels = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    pixels[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!colour) continue;
          colour.forEach((channel, index) => (sum[index] += channel));
          sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const offset = row + 1 + px * 4;
      for (let channel = 0; channel < 3; channel++) pixels[offset + channel] = covered ? Math.round(sum[channel] / covered) : 0;
      pixels[offset + 3] = Math.round(sum[3] / (samples * samples));
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace

writeFileSync(
  new URL('icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(render())),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
