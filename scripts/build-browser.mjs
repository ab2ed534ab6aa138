// Bundles the browser code (widget and dashboard) into public/build with esbuild.
// Filled in by the widget and dashboard; until then it only prepares the folder.
import { mkdirSync } from 'node:fs';

mkdirSync('public/build', { recursive: true });
