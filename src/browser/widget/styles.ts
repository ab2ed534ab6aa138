/**
 * The widget's CSS, scoped by its Shadow DOM root. It belongs to the page it
 * sits on: the font family, size and text colour are the host page's, there
 * is no background unless the site sets one, and lines and panels are mixed
 * from the text colour, so they suit any page. The theme (light, dark, auto)
 * sets the accent and the colours of states and fields. Sites tune it with
 * custom properties on the container or any ancestor:
 *
 *   --ordskifte-accent        buttons, links, focus ring
 *   --ordskifte-accent-text   text on accent buttons
 *   --ordskifte-radius        corner radius (default 6px)
 *   --ordskifte-space         spacing unit (default 8px)
 *   --ordskifte-background    the widget's own background (default none)
 *   --ordskifte-font          font family (default: the page's)
 */
export const widgetCss = `
:host{display:block;font-family:var(--ordskifte-font,inherit);font-style:normal;font-weight:400;
line-height:1.5;text-align:start;text-transform:none;letter-spacing:normal;white-space:normal;
--s:var(--ordskifte-space,8px);--r:var(--ordskifte-radius,6px);--line:color-mix(in srgb,currentColor 22%,transparent);
--panel:color-mix(in srgb,currentColor 6%,transparent);--muted:color-mix(in srgb,currentColor 82%,transparent)}
.w{--accent:var(--ordskifte-accent,#0b57d0);--on:var(--ordskifte-accent-text,#fff);--warn-bg:#fff4d6;--warn:#5c4300;
--err-bg:#fde7e7;--err:#8c1d18;--ok-bg:#e5f5ea;--ok:#14532d;--mark:#ffe58a;color-scheme:light;
background:var(--ordskifte-background,transparent)}
.w.dark{--accent:var(--ordskifte-accent,#8ab4f8);--on:var(--ordskifte-accent-text,#0b1b33);--warn-bg:#3b3110;--warn:#f5d889;
--err-bg:#3d1614;--err:#f7b4ae;--ok-bg:#11301d;--ok:#9fe0b4;--mark:#6b5200;color-scheme:dark}
@media (prefers-color-scheme:dark){.w.auto{--accent:var(--ordskifte-accent,#8ab4f8);--on:var(--ordskifte-accent-text,#0b1b33);
--warn-bg:#3b3110;--warn:#f5d889;--err-bg:#3d1614;--err:#f7b4ae;--ok-bg:#11301d;--ok:#9fe0b4;--mark:#6b5200;color-scheme:dark}}
*{box-sizing:border-box}[hidden]{display:none!important}
h2{font-size:1.25em;margin:0 0 var(--s);display:flex;flex-wrap:wrap;gap:var(--s);align-items:center}
h3{font-size:1em;margin:0 0 var(--s)}
ol{list-style:none;margin:0;padding:0}
.bar{display:flex;flex-wrap:wrap;gap:var(--s);align-items:center;justify-content:space-between;margin:0 0 var(--s)}
.c{padding:calc(var(--s)*1.5) 0;border-top:1px solid var(--line)}
.c.hl{outline:3px solid var(--accent);outline-offset:4px;border-radius:2px}
.replies{margin:var(--s) 0 0 calc(var(--s)*2);border-left:3px solid var(--line);padding-left:calc(var(--s)*1.5)}
.replies .c{border-top:0;padding:var(--s) 0}
.meta{display:flex;flex-wrap:wrap;gap:2px calc(var(--s)*1.25);align-items:baseline;font-size:.875em}
a{color:var(--accent)}.meta a,.meta .ed{color:var(--muted)}
.author{font-weight:600}
.body{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.gone{font-style:italic;color:var(--muted)}
.badge{font-size:.8em;padding:1px 8px;border-radius:99px;background:var(--panel);color:currentColor}
.pending{background:var(--warn-bg);color:var(--warn)}.badge.rejected{background:var(--err-bg);color:var(--err)}
.acts{display:flex;flex-wrap:wrap;gap:0 4px;margin-left:-8px}
button,select{font:inherit;cursor:pointer;border-radius:var(--r);min-height:44px}
.link{background:none;border:0;padding:0 8px;min-width:44px;color:var(--accent);font-size:.9em;text-decoration:underline;text-underline-offset:3px}
.link[aria-pressed=true]{font-weight:700;text-decoration:none}
.link[aria-expanded]{text-decoration:none}.link[aria-expanded]::before{content:'▸ '}.link[aria-expanded=true]::before{content:'▾ '}
.btn{background:var(--accent);color:var(--on);border:1px solid var(--accent);padding:0 calc(var(--s)*2);font-weight:600}
a.btn{display:inline-flex;align-items:center;min-height:44px;text-decoration:none;border-radius:var(--r)}
.btn.sec{background:transparent;color:var(--accent)}
.btn:disabled{opacity:.6;cursor:default}
.new{display:block;width:100%;margin:0 0 var(--s)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form,fieldset,.panel{display:grid;gap:var(--s);margin:0 0 calc(var(--s)*1.5);padding:calc(var(--s)*1.5);border:1px solid var(--line);border-radius:var(--r);background:var(--panel)}
fieldset{padding:var(--s)}legend{font-weight:600;padding:0 4px}
label{display:grid;gap:2px;font-size:.9em;font-weight:600}
input,textarea,select{font:inherit;font-size:max(16px,1em);font-weight:400;color:CanvasText;background:Canvas;border:1px solid var(--line);border-radius:var(--r);padding:8px 10px;width:100%;min-height:44px}
select{width:auto}
textarea{min-height:6em;resize:vertical}
.radio{display:flex;gap:8px;align-items:center;font-weight:400;min-height:44px}.radio input{width:auto;min-height:0}.radio [type=checkbox]{width:1.25em;height:1.25em;flex:none}
.row{display:flex;gap:var(--s);align-items:center;flex-wrap:wrap}
.count{font-size:.85em;color:var(--muted);font-weight:400}.count.over{color:var(--err);font-weight:600}
.msg:empty{display:none}.msg{margin:0;padding:var(--s) calc(var(--s)*1.5);border-radius:var(--r);background:var(--ok-bg);color:var(--ok)}
.msg.err{background:var(--err-bg);color:var(--err)}.msg.warn{background:var(--warn-bg);color:var(--warn)}
.note{font-size:.9em;color:var(--muted);margin:0 0 var(--s)}
.nudge{background:var(--warn-bg);color:var(--warn);border-radius:var(--r);padding:var(--s) calc(var(--s)*1.5)}
.nudge ul{margin:4px 0;padding-left:1.2em}
mark{background:var(--mark);color:inherit;border-radius:2px}
.picks{margin:0 0 calc(var(--s)*2);padding:var(--s) calc(var(--s)*1.5);border-left:4px solid var(--accent);background:var(--panel);border-radius:var(--r)}
.picks .c:first-child{border-top:0}
.bell{position:relative}
.dot{display:inline-block;min-width:1.5em;padding:0 5px;margin-left:4px;border-radius:99px;background:var(--err);color:#fff;font-size:.75em;font-weight:700;text-align:center}
.alerts li{padding:var(--s) 0;border-top:1px solid var(--line)}.alerts li.unread{font-weight:600}
.alerts p{margin:2px 0;font-weight:400}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
