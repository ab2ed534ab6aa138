/**
 * Statements of reasons stored before stop 33 quote the appeal button's label
 * in the site's language ("bruk «Klag på avgjørelsen» ved kommentaren"); the
 * widget may speak another, so a Nynorsk or English reader was sent to a
 * button that reads «Klag på avgjerda» or "Appeal the decision". The stored
 * statement stays as issued (it is the record); the widget shows its redress
 * text with the label of the button it actually draws. Statements issued
 * since say "the appeal button" (klageknappen) and quote no label.
 */
const STORED_LABELS = ['«Klag på avgjørelsen»', '«Klag på avgjerda»', '"Appeal the decision"'];

/** The stored redress text, its quoted appeal label (any of the three languages) now the widget's own. */
export function redressWithOwnLabel(text: string, label: string, statementLang: string): string {
  const quoted = statementLang === 'en' ? `"${label}"` : `«${label}»`;
  let shown = text;
  for (const stored of STORED_LABELS) shown = shown.split(stored).join(quoted);
  return shown;
}
