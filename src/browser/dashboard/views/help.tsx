import { signal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { t } from '../state/session.js';

export const helpOpen = signal(false);

/** The keyboard help (?): a modal dialog that gives focus back where it was. */
export function Help() {
  const ref = useRef<HTMLDialogElement>(null);
  // A signal effect, run as the signal changes: a component effect runs a frame after its
  // render, and one rendered closed (Escape) could then shut the dialog a ? had opened since.
  useSignalEffect(() => {
    const open = helpOpen.value;
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  });
  const s = t.value;
  const keys: [string, string][] = [
    ['j / ↓', s.keyNext],
    ['k / ↑', s.keyPrevious],
    ['a', s.keyApprove],
    ['r', s.keyReject],
    ['f', s.keyFeature],
    ['x', s.keySelect],
    ['1–9', s.keyReason],
    ['u', s.keyUndo],
    ['?', s.keyHelp],
  ];
  return (
    <dialog
      ref={ref}
      class="help"
      aria-labelledby="help-title"
      // Escape cancels at once; the close event comes a task later, when a ? pressed in
      // between may have opened the dialog again: a late close event of an open dialog is
      // old news, not a reason to shut it (or the signal would say closed while it is open).
      onCancel={() => {
        helpOpen.value = false;
      }}
      onClose={() => {
        if (!ref.current?.open) helpOpen.value = false;
      }}
    >
      <h2 id="help-title">{s.helpTitle}</h2>
      <dl>
        {keys.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p>{s.helpUndo}</p>
      <form method="dialog">
        <button type="submit">{s.close}</button>
      </form>
    </dialog>
  );
}
