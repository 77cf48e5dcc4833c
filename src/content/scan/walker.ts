/**
 * The scanner's DOM walk: what a MutationObserver (or an image load) saw change is collected, batched, and walked
 * (shadow roots included) in time slices of at most `sliceMs`, so the page never gets a long task; every element
 * walked goes to discovery (discover.ts), which reports each image URL it shows to `found`.
 */
import { elementsUnder, imagesOf, type Found } from './discover.js';
import { layerHost } from '../page-ui/layer.js';
import { nextTask, type TaskHandle } from './next-task.js';

const MUTATION_OPTIONS: MutationObserverInit = {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['src', 'srcset', 'style', 'class', 'poster', 'href', 'xlink:href', 'hidden'],
};

export interface WalkerHooks {
  found: (f: Found) => void;
  /** An `<img>` still loading (found again once it has loaded). */
  loading: (img: HTMLImageElement) => void;
  /** The walk ran out of work: off-screen images may go now. */
  idle: () => void;
  /** The DOM changed (marks may need placing again, flagged images may have gone). */
  mutated: () => void;
  /** An element loaded (an `<img>` given another src shows the new one, currentSrc, only now). */
  loaded: (el: Element) => void;
  sliceMs: number;
}

export interface Walker {
  /** Watches the document and walks it all. */
  start(): void;
  /** Nothing left to walk. */
  readonly idle: boolean;
  /** Stops observing and walking; `start` begins again from scratch. */
  stop(): void;
}

export function pageWalker(hooks: WalkerHooks): Walker {
  const dirty = new Set<Node>();
  let observedRoots = new WeakSet<Node>();
  let walk: { root: Node; it: Iterator<Element> } | undefined;
  let timer: TaskHandle | undefined;
  let stopped = false;
  const skip = (el: Element) => el === layerHost();

  const mutations = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target !== layerHost()) dirty.add(r.target);
      } else {
        for (const n of Array.from(r.addedNodes)) if (n.nodeType === Node.ELEMENT_NODE && n !== layerHost()) dirty.add(n);
      }
    }
    schedule();
    hooks.mutated();
  });

  function onLoad(e: Event): void {
    if (!(e.target instanceof Element)) return;
    dirty.add(e.target);
    schedule();
    hooks.loaded(e.target);
  }

  /** Watches a document or shadow root: mutations and image loads (load events do not leave a shadow root). */
  function observeRoot(root: Document | ShadowRoot): void {
    if (observedRoots.has(root)) return;
    observedRoots.add(root);
    mutations.observe(root instanceof Document ? root.documentElement : root, MUTATION_OPTIONS);
    root.addEventListener('load', onLoad, true);
  }

  function schedule(): void {
    if (stopped || timer !== undefined) return;
    timer = nextTask(run);
  }

  function run(): void {
    timer = undefined;
    if (stopped) return;
    const end = performance.now() + hooks.sliceMs;
    while (performance.now() < end) {
      if (!walk) {
        const next = dirty.values().next();
        if (next.done) return hooks.idle();
        dirty.delete(next.value);
        if (!next.value.isConnected) continue;
        walk = { root: next.value, it: elementsUnder(next.value, skip, observeRoot) };
      }
      const step = walk.it.next();
      if (step.done) walk = undefined;
      else imagesOf(step.value, hooks.found, false, hooks.loading);
    }
    schedule();
  }

  return {
    start() {
      stopped = false;
      if (!document.documentElement) return;
      observeRoot(document);
      dirty.add(document);
      schedule();
    },
    get idle() {
      return !walk && !dirty.size;
    },
    stop() {
      stopped = true;
      mutations.disconnect();
      dirty.clear();
      walk = undefined;
      // Observed again on the next start (a MutationObserver forgets its targets when disconnected).
      observedRoots = new WeakSet();
    },
  };
}
