// The suite's TypeScript loader: `node --import ./scripts/ts-loader.mjs`. See ts-loader-hooks.mjs.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-loader-hooks.mjs', import.meta.url);
