/**
 * On-screen `<img>` elements still loading: their URL is known only once they load, so the scanner holds the
 * off-screen images until they have (issue 18: on a 2-core machine under load, a CSS background far below the fold
 * was fetched first while the srcset and <picture> images on screen were still loading). Each holds for at most
 * HOLD_MS (a server that never finishes).
 */
const HOLD_MS = 10_000;
const RECHECK_MS = 250;

export interface LoadingHold {
  /** An element reported on screen: it holds while it is an `<img>` still loading. */
  seen(el: Element): void;
  /** Its load event: the walk that finds it is already scheduled (walker.idle is false), so it lets go. */
  loaded(el: Element): void;
  /** Still holding; meanwhile `recheck` runs every RECHECK_MS (a broken image fires no event the walker hears). */
  readonly holding: boolean;
  clear(): void;
}

export function loadingHold(recheck: () => void): LoadingHold {
  const since = new Map<HTMLImageElement, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    seen(el) {
      if (el instanceof HTMLImageElement && !el.complete && !since.has(el)) since.set(el, performance.now());
    },
    loaded(el) {
      since.delete(el as HTMLImageElement);
    },
    get holding() {
      const now = performance.now();
      for (const [img, t] of since) {
        if ((img.complete && !img.naturalWidth) || !img.isConnected || now - t > HOLD_MS) since.delete(img);
      }
      if (since.size && !timer) {
        timer = setTimeout(() => {
          timer = undefined;
          recheck();
        }, RECHECK_MS);
      }
      return since.size > 0;
    },
    clear() {
      since.clear();
    },
  };
}
