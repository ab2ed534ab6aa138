// Script start, for the site's own measurements (and bench:widget): see ordskifte:painted.
// A module of its own, imported first by main.ts, so the mark comes before any other
// module of the bundle runs (esbuild keeps the import order).
performance.mark('ordskifte:start');
