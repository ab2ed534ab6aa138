/**
 * After an action that removes or replaces the control that had keyboard
 * focus (a case decided and gone from the list, a workflow step that swaps
 * the buttons), the browser drops focus to the page itself and a keyboard
 * user starts again from the top. Once the outcome is drawn, this puts focus
 * on the first of `targets` still in the page, unless it already went
 * somewhere on purpose.
 */
export function keepFocus(targets: () => (Element | null | undefined)[]): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected && !(active as HTMLButtonElement).disabled)
      return;
    for (const el of targets()) {
      if (el instanceof HTMLElement && el.isConnected && !(el as HTMLButtonElement).disabled) {
        el.focus();
        return;
      }
    }
  });
}

/** The first control a keyboard user works in `el` with. */
export const firstControl = (el: Element | null | undefined): Element | null =>
  el?.querySelector('textarea, select, input, button:not([disabled])') ?? null;
