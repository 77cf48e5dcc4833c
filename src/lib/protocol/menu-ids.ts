/** The context-menu item ids, shared by the background (menus.ts) and the automation that clicks them. */
export const MENU_CHECK = 'license-lens-check';
export const MENU_REGISTER = 'license-lens-register';
