// What a clerk would see cut off on the page as it is now: column headers, badges and buttons
// whose text is wider than their box, a page that scrolls sideways, and translation keys shown
// as themselves. Used by the layout e2e spec and by `npm run layout-check`.
import type { Page } from '@playwright/test';

export interface LayoutProblem {
  kind: 'clipped header' | 'clipped badge' | 'clipped button' | 'sideways scroll' | 'raw key';
  text: string;
  detail: string;
}

export async function findLayoutProblems(page: Page): Promise<LayoutProblem[]> {
  // tsx (the layout-check tool) names functions with an `__name` helper the page does not have.
  await page.evaluate('window.__name = (f) => f');
  return page.evaluate(() => {
    const problems: {
      kind: 'clipped header' | 'clipped badge' | 'clipped button' | 'sideways scroll' | 'raw key';
      text: string;
      detail: string;
    }[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const flag = (
      kind: 'clipped header' | 'clipped badge' | 'clipped button',
      box: Element,
      inner: Element[],
    ) => {
      if (!visible(box)) return;
      const cut = [box, ...inner].find((el) => {
        // Inline boxes have no client width; one pixel of slack for sub-pixel rounding. Text
        // that spills out of a box it does not hide in overlaps its neighbour: just as bad.
        if (getComputedStyle(el).display === 'inline') return false;
        // Text only for screen readers (VisuallyHidden) is one pixel wide on purpose.
        if (el.clientWidth <= 1) return false;
        return el.scrollWidth > el.clientWidth + 1;
      });
      if (cut)
        problems.push({
          kind,
          text: (box.textContent ?? '').trim().slice(0, 60),
          detail: `${cut.scrollWidth}px of text in ${cut.clientWidth}px`,
        });
    };
    for (const th of document.querySelectorAll('th')) {
      flag('clipped header', th, [...th.querySelectorAll('*')]);
    }
    for (const badge of document.querySelectorAll('.mantine-Badge-root')) {
      flag('clipped badge', badge, [...badge.querySelectorAll('.mantine-Badge-label')]);
    }
    // A whole badge can also be hidden by its cell (a fixed-width column that hides overflow).
    for (const td of document.querySelectorAll('td')) {
      const badge = td.querySelector('.mantine-Badge-root');
      if (badge && visible(td) && td.scrollWidth > td.clientWidth + 1) {
        problems.push({
          kind: 'clipped badge',
          text: (badge.textContent ?? '').trim().slice(0, 60),
          detail: `cell holds ${td.scrollWidth}px in ${td.clientWidth}px`,
        });
      }
    }
    for (const button of document.querySelectorAll('button, a.mantine-Button-root')) {
      const label = button.querySelectorAll('.mantine-Button-label, .mantine-Button-inner');
      flag('clipped button', button, [...label]);
    }
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
      problems.push({
        kind: 'sideways scroll',
        text: location.pathname,
        detail: `page is ${root.scrollWidth}px wide in ${root.clientWidth}px`,
      });
    }
    // A key shown as itself: a dotted lower-camel path such as "customers.colName".
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      // Command names in the audit log are shown as they are, in a monospaced font.
      const parent = n.parentElement;
      if (parent && getComputedStyle(parent).fontFamily.includes('mono')) continue;
      if (/^[a-z][a-zA-Z]+(\.[a-zA-Z0-9_-]+)+$/.test(text) && !/\.(csv|pdf|png|json)$/.test(text)) {
        problems.push({ kind: 'raw key', text, detail: 'translation key shown as text' });
      }
    }
    return problems;
  });
}
