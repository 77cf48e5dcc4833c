/**
 * The colour fit of the aligned comparison (aligned.ts) made again away from more cells than the changed ones: the
 * rectangle a partial or redraw match left out, whose cells that kept about the work's luminance still carry the
 * patch's own colours and levels (hints.ts). Pure.
 */
import { fit, nearChanged, type Aligned } from './aligned.js';

/**
 * The colour fit of the whole frame (compareAligned's last step) again, away from `away` and the cells next to it
 * (`s`: the work's cells): the gain and the mean shift.
 */
export function colourFitAway(q: Float32Array, s: Float32Array, away: Uint8Array): Pick<Aligned, 'gain' | 'shift'> | null {
  const use = new Uint8Array(q.length);
  for (let i = 0; i < use.length; i++) use[i] = nearChanged(away, i) ? 0 : 1;
  if (!use.some((v) => v)) return null;
  const f = fit(q, s, use);
  let mean = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) if (use[i]) [mean, n] = [mean + s[i]!, n + 1];
  return { gain: f.gain, shift: (f.gain - 1) * (mean / n) + f.offset };
}

