/**
 * The kinds of illegal content a notice (DSA Art. 16) can name, in the order
 * readers are offered them, with their names in the paper's three languages:
 * one list for the service (validation, mails, statements of reasons), the
 * widget's notice form and the workbench. No Node imports: the browser
 * bundles take it as it is.
 */
export const noticeCategoryNames = {
  hate: { nb: 'Hatefulle ytringer', nn: 'Hatefulle ytringar', en: 'Hate speech' },
  threat: { nb: 'Trusler', nn: 'Truslar', en: 'Threats' },
  privacy: { nb: 'Krenkelse av privatlivet', nn: 'Krenking av privatlivet', en: 'Violation of privacy' },
  defamation: { nb: 'Ærekrenkelser', nn: 'Ærekrenkingar', en: 'Defamation' },
  terrorism: { nb: 'Terrorrelatert innhold', nn: 'Terrorrelatert innhald', en: 'Terrorist content' },
  child_safety: {
    nb: 'Innhold som utnytter eller skader barn',
    nn: 'Innhald som utnyttar eller skader born',
    en: 'Content that exploits or harms children',
  },
  other_illegal: { nb: 'Annet ulovlig innhold', nn: 'Anna ulovleg innhald', en: 'Other illegal content' },
} as const;

export type NoticeCategory = keyof typeof noticeCategoryNames;
export const noticeCategories = Object.keys(noticeCategoryNames) as [NoticeCategory, ...NoticeCategory[]];

/** A category's name for readers and moderators; an unknown one (an old record) as it is. */
export const noticeCategoryName = (category: string, lang: 'nb' | 'nn' | 'en'): string =>
  (noticeCategoryNames as Record<string, Record<'nb' | 'nn' | 'en', string>>)[category]?.[lang] ?? category;
