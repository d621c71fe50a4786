/**
 * Content-height detection for `MaidSDK.resize()` without a height (research §3 item 21): observe
 * `document.documentElement`, force `html, body { height: auto }` so `100vh`/`height: 100%` pages cannot
 * grow forever against their own frame, coalesce to one report per animation frame, ignore shrinks of
 * 4 px or less.
 */
export function measureContentHeight(doc: Document): number {
  const root = doc.documentElement;
  const rect = root.getBoundingClientRect().height;
  const body = doc.body;
  let bodyBottom = 0;
  if (body) {
    const style = doc.defaultView?.getComputedStyle(body);
    bodyBottom = body.getBoundingClientRect().bottom + (style ? parseFloat(style.marginBottom) || 0 : 0);
  }
  return Math.ceil(Math.max(rect, bodyBottom));
}

export interface AutoResizer {
  stop(): void;
  /** Report now (used by `resize()`); resolves to the measured height. */
  measure(): number;
}

export function startAutoResize(doc: Document, report: (height: number) => void): AutoResizer {
  const win = doc.defaultView;
  if (!doc.getElementById('maidkit-autosize')) {
    const style = doc.createElement('style');
    style.id = 'maidkit-autosize';
    style.textContent = 'html,body{height:auto!important;min-height:0!important}';
    (doc.head ?? doc.documentElement).appendChild(style);
  }
  let last = -1;
  let frame = 0;
  const check = (): void => {
    frame = 0;
    const h = measureContentHeight(doc);
    if (last === -1 || h > last || last - h > 4) {
      last = h;
      report(h);
    }
  };
  const schedule = (): void => {
    if (frame === 0 && win) frame = win.requestAnimationFrame(check);
  };
  const observer = win && 'ResizeObserver' in win ? new win.ResizeObserver(schedule) : null;
  observer?.observe(doc.documentElement);
  if (doc.body) observer?.observe(doc.body);
  return {
    stop() {
      observer?.disconnect();
      if (frame !== 0) win?.cancelAnimationFrame(frame);
    },
    measure() {
      last = measureContentHeight(doc);
      return last;
    },
  };
}
