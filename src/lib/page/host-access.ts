/**
 * Host access: whether the extension may read images on every http(s) site. Firefox (MV3) treats
 * host_permissions as optional and leaves them to the user; Chrome lets the user limit site access ("on click",
 * "on specific sites"). Without it the page scan cannot run, but the right-click check still works through
 * `activeTab` for the clicked page. Pure: the permissions API is passed in, so Node tests drive it with a fake.
 */

/** Exactly the manifest's host_permissions: asking for more would fail, asking for less would not scan. */
export const HOST_ORIGINS = ['http://*/*', 'https://*/*'];

export type AccessState = 'granted' | 'missing';

/** The part of `browser.permissions` used here. */
export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
}

/** 'missing' also when the browser cannot answer (an API error must not claim access the page scan lacks). */
export async function hostAccessWith(api: PermissionsLike): Promise<AccessState> {
  try {
    return (await api.contains({ origins: HOST_ORIGINS })) ? 'granted' : 'missing';
  } catch {
    return 'missing';
  }
}

/**
 * Asks for host access. Must run inside a click handler, before any other await: both browsers refuse a request
 * that has lost its user gesture. A refusal or an error is 'missing', with the browser's reason when there is one.
 */
export async function requestHostAccessWith(api: PermissionsLike): Promise<{ state: AccessState; error?: string }> {
  try {
    return { state: (await api.request({ origins: HOST_ORIGINS })) ? 'granted' : 'missing' };
  } catch (e) {
    return { state: 'missing', error: e instanceof Error ? e.message : String(e) };
  }
}

/** Locale keys of the text for a state (same keys in the popup notice and on the welcome page). */
export function accessText(state: AccessState): { status: string; button?: string } {
  return state === 'granted' ? { status: 'accessGranted' } : { status: 'accessMissing', button: 'accessGrant' };
}
