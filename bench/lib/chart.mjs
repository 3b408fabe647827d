// The chart: one SVG with a panel per benchmark (bars = medians, whiskers = min–max across rounds,
// dashed lines = floor and targets), rendered to PNG with headless Chromium through playwright-core.

const WIDTH = 1100;
const LABEL_WIDTH = 360;
const ROW_HEIGHT = 22;
const COLORS = { sdk: '#d9480f', floor: '#495057', baseline: '#868e96', peer: '#3b6ea8' };

const escapeXml = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char],
  );

const format = (value) =>
  value >= 100
    ? value.toFixed(0)
    : value >= 10
      ? value.toFixed(1)
      : value >= 1
        ? value.toFixed(2)
        : value.toFixed(2);

/**
 * @typedef {object} Panel
 * @property {string} title
 * @property {string} axis  e.g. "× floor (higher is better)"
 * @property {{ label: string, role: string, value: number, low?: number, high?: number, suffix?: string, missing?: string }[]} bars
 * @property {{ value: number, label: string }[]} [lines]
 */

/** @param {Panel} panel @param {number} top */
function renderPanel(panel, top) {
  const plotLeft = LABEL_WIDTH + 10;
  const plotWidth = WIDTH - plotLeft - 90;
  const measured = panel.bars.filter((bar) => Number.isFinite(bar.value));
  const maxValue = Math.max(
    ...measured.map((bar) => bar.high ?? bar.value),
    ...(panel.lines ?? []).map((line) => line.value),
    1e-9,
  );
  const scale = (value) => (value / (maxValue * 1.08)) * plotWidth;
  const parts = [];
  parts.push(`<text x="12" y="${top + 18}" class="title">${escapeXml(panel.title)}</text>`);
  parts.push(
    `<text x="${WIDTH - 12}" y="${top + 18}" class="axis" text-anchor="end">${escapeXml(panel.axis)}</text>`,
  );
  const rowsTop = top + 30;
  panel.bars.forEach((bar, index) => {
    const y = rowsTop + index * ROW_HEIGHT;
    const color = COLORS[bar.role] ?? COLORS.peer;
    const weight = bar.role === 'sdk' ? ' font-weight="700"' : '';
    parts.push(
      `<text x="${LABEL_WIDTH}" y="${y + 15}" text-anchor="end" class="label"${weight}>${escapeXml(bar.label)}</text>`,
    );
    if (!Number.isFinite(bar.value)) {
      parts.push(
        `<text x="${plotLeft + 4}" y="${y + 15}" class="missing">${escapeXml(bar.missing ?? 'not measured')}</text>`,
      );
      return;
    }
    const width = Math.max(1, scale(bar.value));
    parts.push(
      `<rect x="${plotLeft}" y="${y + 4}" width="${width.toFixed(1)}" height="14" fill="${color}" rx="2"/>`,
    );
    if (bar.low !== undefined && bar.high !== undefined && bar.high > bar.low) {
      const x1 = plotLeft + scale(bar.low);
      const x2 = plotLeft + scale(bar.high);
      parts.push(
        `<path d="M${x1.toFixed(1)} ${y + 11}H${x2.toFixed(1)}M${x1.toFixed(1)} ${y + 7}V${y + 15}M${x2.toFixed(1)} ${y + 7}V${y + 15}" class="whisker"/>`,
      );
    }
    const labelX = plotLeft + Math.max(width, bar.high !== undefined ? scale(bar.high) : 0) + 6;
    parts.push(
      `<text x="${labelX.toFixed(1)}" y="${y + 15}" class="value">${format(bar.value)}${escapeXml(bar.suffix ?? '')}</text>`,
    );
  });
  const rowsBottom = rowsTop + panel.bars.length * ROW_HEIGHT;
  const lines = panel.lines ?? [];
  lines.forEach((line, index) => {
    const x = plotLeft + scale(line.value);
    const labelY = rowsBottom + 14 + index * 12;
    parts.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${rowsTop}" y2="${labelY - 10}" class="ref"/>`,
    );
    parts.push(
      `<text x="${x.toFixed(1)}" y="${labelY}" text-anchor="middle" class="reflabel">${escapeXml(line.label)}</text>`,
    );
  });
  return { svg: parts.join('\n'), height: rowsBottom - top + 18 + Math.max(1, lines.length) * 12 };
}

/**
 * @param {Panel[]} panels
 * @param {string} subtitle  when, where
 * @param {string} note  how to read the chart
 */
export function renderChart(panels, subtitle, note) {
  let top = 70;
  const bodies = [];
  for (const panel of panels) {
    const { svg, height } = renderPanel(panel, top);
    bodies.push(svg);
    top += height + 8;
  }
  const legend = Object.entries({
    'this SDK': COLORS.sdk,
    floor: COLORS.floor,
    baseline: COLORS.baseline,
    peer: COLORS.peer,
  })
    .map(
      ([name, color], index) =>
        `<rect x="${WIDTH - 420 + index * 100}" y="14" width="12" height="12" fill="${color}"/><text x="${WIDTH - 404 + index * 100}" y="24" class="label">${name}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top + 10}" viewBox="0 0 ${WIDTH} ${top + 10}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
<style>
.title{font-size:15px;font-weight:700;fill:#212529}.axis{font-size:12px;fill:#495057}.label{font-size:12px;fill:#212529}
.value{font-size:11px;fill:#212529}.missing{font-size:11px;fill:#c92a2a;font-style:italic}.whisker{stroke:#212529;stroke-width:1;fill:none}
.ref{stroke:#212529;stroke-dasharray:4 3;stroke-width:1}.reflabel{font-size:10px;fill:#495057}.head{font-size:18px;font-weight:700}.sub{font-size:12px;fill:#495057}
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="24" class="head">momotalk-bot-sdk benchmarks</text>
<text x="12" y="42" class="sub">${escapeXml(subtitle)}</text>
<text x="12" y="58" class="sub">${escapeXml(note)}</text>
${legend}
${bodies.join('\n')}
</svg>
`;
}

/** Renders `svg` to a PNG file with headless Chromium. */
export async function svgToPng(svg, pngPath) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').first().screenshot({ path: pngPath });
  } finally {
    await browser.close();
  }
}
