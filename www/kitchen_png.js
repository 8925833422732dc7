// The kitchen view as a second slide, for src/components/export_buttons.rs (loaded on demand
// by src/components/kitchen_png.js): every mode's
// picture, as the page shows it at the replay's moment, on one 1920×1080 PNG. The pictures
// are SVG with their colours as attributes, so each draws as a data: image under the page's
// Content Security Policy (img-src 'self' data:) without tainting the canvas.
const W = 1920;
const H = 1080;
const MARGIN = 48;
const TITLE_H = 90;
const HEAD_H = 40;

/** Resolves with the PNG blob, or null when the kitchen view is not shown. */
export async function kitchen_png(title) {
  const blocks = [...document.querySelectorAll('.stage[data-view="kitchen"] .kitchen-mode')];
  if (!blocks.length) return null;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#1d1d1f';
  ctx.font = 'bold 40px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(`${title} — the kitchen`, MARGIN, MARGIN - 8);
  const cols = Math.min(3, blocks.length);
  const rows = Math.ceil(blocks.length / cols);
  const cellW = (W - 2 * MARGIN) / cols;
  const cellH = (H - 2 * MARGIN - TITLE_H) / rows;
  for (const [i, block] of blocks.entries()) {
    const svg = block.querySelector('svg.kitchen-picture');
    if (!svg) continue;
    const x = MARGIN + (i % cols) * cellW;
    const y = MARGIN + TITLE_H + Math.floor(i / cols) * cellH;
    ctx.fillStyle = '#1d1d1f';
    ctx.font = 'bold 24px system-ui, sans-serif';
    ctx.fillText(block.querySelector('h3')?.textContent ?? '', x, y);
    const copy = svg.cloneNode(true);
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('width', '640');
    copy.setAttribute('height', '360');
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
    await img.decode();
    // 16:9, as large as the cell allows under its heading.
    const scale = Math.min((cellW - 16) / 640, (cellH - HEAD_H - 8) / 360);
    ctx.drawImage(img, x, y + HEAD_H, 640 * scale, 360 * scale);
  }
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
