/** License verdicts: may this site use an image made with this model; matches by generation record; what the popup and card show of a report. */
export * from './verdict.js';
export * from './record-match.js';
export * from './report-view.js';
export * from './model-groups.js';
export * from './claims.js';
export * from './change-text.js';
