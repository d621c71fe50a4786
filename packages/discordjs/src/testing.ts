// `@maidkit/discordjs/testing`: the local Discord stand-in (needs the `ws` package).
export * from './testing/index.js';
