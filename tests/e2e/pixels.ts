// How many distinct colours an image has, decoded by the browser itself (no PNG library needed).
import type { Page } from 'playwright-core';

export async function distinctColours(page: Page, png: Buffer, box?: { x: number; y: number; width: number; height: number }): Promise<number> {
  return page.evaluate(async ({ b64, box }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const b = box ?? { x: 0, y: 0, width: img.width, height: img.height };
    const c = document.createElement('canvas');
    c.width = b.width;
    c.height = b.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, -b.x, -b.y);
    const data = g.getImageData(0, 0, b.width, b.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  }, { b64: png.toString('base64'), box });
}
