import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The cheap phone the issue was tried on. */
export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

/**
 * A fresh browser context the size of a 360x740 phone. Not `isMobile`: a mobile Chromium zooms out
 * to fit a page that is too wide, which would hide the very overflow these checks look for.
 */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { ...PHONE_VIEWPORT }, deviceScaleFactor: 2 });
}

// measureOverflow runs in the page. The project compiles without the DOM library (a Node
// program), so the browser globals it uses are declared for this module only.
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const Node: any;
type Element = any;

interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  widest: { selector: string; right: number; width: number; text: string }[];
}

/** Measured in the page: how wide the document is and which elements reach past the right edge. */
function measureOverflow(): Overflow {
  const doc = document.scrollingElement ?? document.documentElement;
  const innerWidth = window.innerWidth;
  const describe = (el: Element): string => {
    const parts: string[] = [];
    let node: Element | null = el;
    while (node && node !== document.body && parts.length < 4) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += `#${node.id}`;
      const classes = [...node.classList].slice(0, 2);
      if (classes.length > 0) part += `.${classes.join('.')}`;
      parts.unshift(part);
      node = node.parentElement;
    }
    return parts.join(' > ');
  };
  // What sticks out inside a box that scrolls or clips on its own (a wide table in .scroll) moves no page.
  const insideScroller = (el: Element): boolean => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders: { el: Element; right: number; width: number }[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    let right = box.right;
    // A word too long for its box spills out as text, not as a wider element: measure the text too.
    for (const child of el.childNodes) {
      if (child.nodeType !== Node.TEXT_NODE || !child.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      right = Math.max(right, range.getBoundingClientRect().right);
    }
    if (right > innerWidth + 0.5 && !insideScroller(el))
      offenders.push({ el, right, width: box.width });
  }
  // The innermost offenders are the ones to fix: drop those that merely contain another offender.
  const innermost = offenders.filter(
    (o) => !offenders.some((p) => p.el !== o.el && o.el.contains(p.el)),
  );
  innermost.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: doc.scrollWidth,
    innerWidth,
    widest: innermost.slice(0, 3).map((o) => ({
      selector: describe(o.el),
      right: Math.round(o.right),
      width: Math.round(o.width),
      text: (o.el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
    })),
  };
}

/**
 * Fails when the page scrolls sideways (document wider than the window), naming the widest elements that stick out,
 * so the failure says what to fix. Use with a phoneContext page.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport?.width !== PHONE_VIEWPORT.width) {
    throw new Error(
      `expectNoSidewaysScroll needs a ${PHONE_VIEWPORT.width}px wide page (phoneContext), not ${viewport?.width}px`,
    );
  }
  const result = await page.evaluate(measureOverflow);
  if (result.scrollWidth <= result.innerWidth) return;
  const lines = result.widest.map(
    (w) => `  ${w.selector} (right edge ${w.right}px, width ${w.width}px) "${w.text}"`,
  );
  throw new Error(
    `${page.url()} scrolls sideways: document is ${result.scrollWidth}px wide in a ${result.innerWidth}px window.\n` +
      `Widest elements past the right edge:\n${lines.join('\n') || '  (none found; check pseudo-elements or margins)'}`,
  );
}

/** Fails with every axe violation (rule id, impact, selectors) when the page has any. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map(
    (v) =>
      `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}`).join('\n')}`,
  );
  throw new Error(
    `${page.url()} has ${results.violations.length} axe violation(s):\n${lines.join('\n')}`,
  );
}
