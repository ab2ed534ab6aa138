import { accountabilityCss } from './accountability.js';

/** The widget's CSS, scoped by its Shadow DOM root; follows the reader's colour scheme. */
export const widgetCss = `
:host{all:initial;display:block;contain:content;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
--fg:#1d1d1f;--muted:#5c5c66;--bg:#fff;--panel:#f4f4f6;--line:#d5d5db;--accent:#0b57d0;--accent-fg:#fff;
--warn-bg:#fff4d6;--warn:#6b4e00;--err-bg:#fde7e7;--err:#8c1d18;--ok-bg:#e5f5ea;--ok:#14532d;color:var(--fg)}
@media (prefers-color-scheme:dark){:host{--fg:#ececf1;--muted:#a8a8b3;--bg:#17171a;--panel:#232328;--line:#3a3a42;
--accent:#8ab4f8;--accent-fg:#0b1b33;--warn-bg:#3b3110;--warn:#f5d889;--err-bg:#3d1614;--err:#f7b4ae;--ok-bg:#11301d;--ok:#9fe0b4}}
*{box-sizing:border-box}[hidden]{display:none!important}
.w{background:var(--bg);color:var(--fg);padding:16px;border-radius:8px}
h2{font-size:1.25em;margin:0 0 12px}h3{font-size:1em;margin:0 0 8px}
ol{list-style:none;margin:0;padding:0}
.c{padding:12px 0;border-top:1px solid var(--line)}
.replies{margin:8px 0 0 20px;border-left:3px solid var(--line);padding-left:12px}
.replies .c{border-top:0;padding:8px 0}
.meta{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline;font-size:.875em;color:var(--muted)}
.author{font-weight:600;color:var(--fg)}
.body{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.badge{font-size:.75em;padding:1px 8px;border-radius:99px;background:var(--panel);color:var(--fg)}
.pending{background:var(--warn-bg);color:var(--warn)}.badge.rejected{background:var(--err-bg);color:var(--err)}
.mine{opacity:.9}
.acts{display:flex;gap:12px}
button{font:inherit;cursor:pointer;border-radius:6px}
.link{background:none;border:0;padding:2px 0;color:var(--accent);text-decoration:underline;font-size:.875em}
.btn{background:var(--accent);color:var(--accent-fg);border:1px solid var(--accent);padding:6px 16px;font-weight:600}
.btn.sec{background:transparent;color:var(--accent)}
.btn:disabled{opacity:.6;cursor:default}
.new{display:block;width:100%;margin:0 0 8px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form,fieldset{display:grid;gap:8px;margin:0 0 12px;padding:12px;border:1px solid var(--line);border-radius:8px;background:var(--panel)}
fieldset{padding:8px}legend{font-weight:600;padding:0 4px}
label{display:grid;gap:2px;font-size:.875em;font-weight:600}
input,textarea,select{font:inherit;font-weight:400;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px 8px;width:100%}
textarea{min-height:6em;resize:vertical}
.radio{display:flex;gap:6px;align-items:center;font-weight:400}.radio input{width:auto}
.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.count{font-size:.8em;color:var(--muted)}.count.over{color:var(--err);font-weight:600}
.msg:empty{display:none}.msg{margin:0;padding:8px 12px;border-radius:6px;background:var(--ok-bg);color:var(--ok)}
.msg.err{background:var(--err-bg);color:var(--err)}.msg.warn{background:var(--warn-bg);color:var(--warn)}
.note{font-size:.875em;color:var(--muted);margin:0 0 8px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
${accountabilityCss}
`;
