/** Pure (the background imports it): one image's verdict, the one path the extension, the CLI and the library share; the Checker (the library's face). */
export * from './image-verdict.js';
export * from './checker.js';
