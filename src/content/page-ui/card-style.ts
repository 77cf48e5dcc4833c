/** The right-click card's stylesheet (inside the closed shadow root, so page styles never reach it). */
export const CARD_CSS = `
.ll-card { position: absolute; top: 0; left: 0; width: min(340px, calc(100vw - 16px)); max-height: calc(100vh - 16px);
  overflow: auto; pointer-events: auto; padding: 10px 12px 12px; border-radius: 10px;
  font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; background: #fff; border: 1px solid #c9ced6;
  box-shadow: 0 6px 24px rgba(0,0,0,.25); text-align: start; overflow-wrap: anywhere; }
.ll-card header { display: flex; justify-content: space-between; align-items: center; margin-bottom: 6px; }
.ll-card p { margin: 3px 0; }
.ll-close { font: inherit; font-size: 18px; line-height: 1; border: 0; background: transparent; color: inherit;
  cursor: pointer; padding: 2px 6px; border-radius: 4px; }
.ll-close:focus-visible, .ll-card a:focus-visible, .ll-card summary:focus-visible { outline: 2px solid #1d5fbf; outline-offset: 2px; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; }
.chip.unlicensed { background: #c62828; } .chip.licensed { background: #2e7d32; }
.chip.free, .chip.free-credit { background: #1d5fbf; } .chip.unknown { background: #8a4e00; }
.model-group + .model-group { margin-top: 8px; padding-top: 8px; border-top: 1px solid #c9ced6; }
h2.model-title { font-size: 15px; margin: 0 0 2px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; }
details.summary > summary { cursor: pointer; } details.summary > p { font-style: italic; }
.creator, .terms, .summary, .source, .hint, .links, .muted, .more { color: #4a525c; font-size: 13px; }
.error { color: #b71c1c; }
a { color: #1d5fbf; }
dl { margin: 4px 0 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; font-size: 12px; }
dt { font-weight: 600; } dd { margin: 0; }
@media (prefers-color-scheme: dark) {
  .ll-card { color: #e8eaed; background: #1f2125; border-color: #3c4048; }
  .creator, .terms, .summary, .source, .hint, .links, .muted, .more { color: #b4bcc6; }
  .model-group + .model-group { border-top-color: #3c4048; }
  a { color: #8ab4f8; } .error { color: #ff8a80; }
}
`;
