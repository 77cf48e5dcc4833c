/**
 * A smooth wallpaper like corpus work w0016: a light grey vignette and a small green logo. A +20% brightness clips
 * the vignette to white, moves the hash by about 100 bits and leaves the detail key only the logo's few reliable bits.
 */
export const PLAIN_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><defs><radialGradient id="g" cx="0.5" cy="0.45" r="0.75"><stop offset="0" stop-color="#f6f6f6"/><stop offset="1" stop-color="#c8c8c8"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>' +
  '<g fill="none" stroke="#3aa84a" stroke-width="9"><circle cx="330" cy="190" r="30"/><circle cx="330" cy="190" r="52"/><circle cx="330" cy="190" r="74"/></g><polygon points="250,140 250,240 320,190" fill="#ffffff" stroke="#3aa84a" stroke-width="6"/></svg>';
